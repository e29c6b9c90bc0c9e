# Test cases for the shell test scripts, as check.h is for the C ones.
# A script sets CASES_DIR (a folder of its own, removed by the script), then
# runs `check NAME FUNCTION [ARG...]` for each case and ends with
# `check_summary`, whose status is the script's.
#
# shellcheck shell=bash

cases_passed=0 cases_failed=0 cases_skipped=0

# check NAME FUNCTION [ARG...]: run the function in a subshell with `set -e`,
# in a fresh folder, its output kept for the report when it fails; exit 77
# skips it (its last line says why).  The subshell stands alone: inside an
# `if` or before `||`, bash would ignore its `set -e`.
check() {
  local name=$1 dir="${CASES_DIR:?set CASES_DIR first}/${1// /_}" rc caller_flags=$-
  shift
  mkdir -p "$dir"
  set +e # a failing case must not end a calling script that runs with -e
  (
    set -eE
    trap 'echo "failed at line $LINENO: $BASH_COMMAND" >&2' ERR
    cd "$dir"
    "$@"
  ) >"$dir.log" 2>&1
  rc=$?
  [[ $caller_flags != *e* ]] || set -e
  case $rc in
    0) cases_passed=$((cases_passed + 1)) && echo "ok   $name" ;;
    77) cases_skipped=$((cases_skipped + 1)) && echo "skip $name: $(tail -n 1 "$dir.log")" ;;
    *)
      cases_failed=$((cases_failed + 1))
      echo "FAIL $name"
      tail -n 25 "$dir.log" | sed 's/^/     /'
      ;;
  esac
}

# check_each FUNCTION...: each function a case of its own name, in order.
check_each() {
  local f
  for f in "$@"; do check "$f" "$f"; done
}

# The counts; fails if a case failed.
check_summary() {
  [ "$cases_skipped" -eq 0 ] || echo "$cases_skipped skipped"
  echo "$cases_passed passed, $cases_failed failed"
  [ "$cases_failed" -eq 0 ]
}
