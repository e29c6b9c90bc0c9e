#!/usr/bin/env bash
# Run every test of one or more build folders against the test peers.
# Usage: tests/run.sh BUILD_DIR...
#
# Starts the peers (tests/servers/README.md) once, exports their addresses
# (OI_NGINX_PORT, OI_DOCROOT, OI_HTTPBIN_PORT, OI_SCRIPTED_PORT), runs ctest
# in each build folder, prints one summary line per folder, and stops the
# peers on the way out, whatever happens.  Exits non-zero if any test failed.
#
# Time bounds: each test has its own ctest timeout (300 s unless the test
# says otherwise); a whole ctest run is stopped after OI_CTEST_LIMIT seconds
# (default 3600).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=$root/tests/servers/peers.sh
limit=${OI_CTEST_LIMIT:-3600}

[ $# -gt 0 ] || { echo "usage: tests/run.sh BUILD_DIR..." >&2; exit 2; }
builds=()
for b in "$@"; do
  [ -f "$b/CTestTestfile.cmake" ] || { echo "run.sh: $b is not a configured build folder" >&2; exit 2; }
  builds+=("$(cd "$b" && pwd)")
done

dir=""
ctest_pid=""
# shellcheck disable=SC2317  # called from the trap
cleanup() {
  if [ -n "$ctest_pid" ]; then "$peers" stop-group "$ctest_pid"; fi
  if [ -n "$dir" ]; then
    "$peers" stop "$dir" || true
    rm -rf "$dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dir=$("$peers" mkdir)
"$peers" start "$dir"
# shellcheck source=/dev/null
. "$dir/env"

summary=()
failed=0
for b in "${builds[@]}"; do
  echo "=== ctest in $b"
  log=$dir/ctest-$(basename "$b").log
  # In the background, in its own process group, so that the traps above
  # can stop it and every test it started.
  set -m
  ctest --test-dir "$b" --output-on-failure --no-tests=error -j 2 --timeout 300 \
    --output-log "$log" </dev/null &
  ctest_pid=$!
  set +m
  deadline=$((SECONDS + limit))
  while kill -0 "$ctest_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "run.sh: ctest in $b still running after ${limit} s; stopping it" >&2
    "$peers" stop-group "$ctest_pid"
  fi
  rc=0
  wait "$ctest_pid" || rc=$?
  ctest_pid=""
  line=$(grep -E 'tests passed|No tests were found' "$log" 2>/dev/null | tail -n 1 || true)
  if [ "$rc" -ne 0 ]; then
    failed=1
    summary+=("FAIL  $b: ${line:-ctest exited with status $rc}")
  else
    summary+=("ok    $b: ${line:-ctest passed}")
  fi
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  for f in "$dir"/*.log "$dir"/nginx/error.log; do
    [ -s "$f" ] || continue
    case $f in */ctest-*) continue ;; esac
    echo "--- last lines of $(basename "$f")"
    tail -n 15 "$f"
  done
fi
exit "$failed"
