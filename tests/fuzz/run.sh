#!/usr/bin/env bash
# Build the libFuzzer targets and run them (docs/fuzzing.md).
#
# Usage: tests/fuzz/run.sh [--check] [TARGET...]      (default: every fuzz_*.c)
#
#   (default)  fuzz each target for FUZZ_SECONDS (60) from its seed corpus;
#              new inputs go to BUILD/corpus/TARGET, never into the tree.
#   --check    what `make test` runs: replay each seed corpus input by input,
#              then fuzz each target for FUZZ_CHECK_SECONDS (4).
#
# FUZZ_BUILD is the build folder (build-fuzz), FUZZ_JOBS how many targets run
# at once (2).  A finding (crash, sanitizer report, leak, timeout, failed
# property) stops that target, leaves the input in BUILD/artifacts/ and makes
# the script exit non-zero; the log of each run is BUILD/logs/TARGET.log.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
check_seconds=${FUZZ_CHECK_SECONDS:-4}
jobs=${FUZZ_JOBS:-2}
check=0
if [ "${1:-}" = "--check" ]; then
  check=1
  shift
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/tests/fuzz/fuzz_*.c; do
    targets+=("$(basename "$src" .c)")
  done
fi

cmake -S "$root/tests/fuzz" -B "$build" -DCMAKE_C_COMPILER="${CC_FUZZ:-clang}" \
  -DCMAKE_BUILD_TYPE=None >/dev/null
cmake --build "$build" -j "$jobs" -- --no-print-directory >/dev/null
mkdir -p "$build/logs" "$build/artifacts"

# Bounds that make a slow or hungry input a finding, not a stall: a run of
# one input over 10 s, more than 2 GiB, an input over 64 KiB (the server
# stream of fuzz_client must fit a socket buffer).
common=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1)

# One target, its output in its log; the exit status says whether it found
# something.
run_one() {
  local t=$1 exe=$build/$1 seeds=$root/tests/fuzz/corpus/$1 log=$build/logs/$1.log
  local artifacts=$build/artifacts/$t-
  [ -x "$exe" ] || { echo "run.sh: no target $t" >&2; return 2; }
  if [ "$check" = 1 ]; then
    # Replay: each seed once, as a regression test.
    "$exe" "${common[@]}" -artifact_prefix="$artifacts" "$seeds"/* >"$log" 2>&1 || return 1
    local scratch
    scratch=$(mktemp -d)
    "$exe" "${common[@]}" -artifact_prefix="$artifacts" -max_total_time="$check_seconds" \
      "$scratch" "$seeds" >>"$log" 2>&1 || { rm -rf "$scratch"; return 1; }
    rm -rf "$scratch"
  else
    mkdir -p "$build/corpus/$t"
    "$exe" "${common[@]}" -artifact_prefix="$artifacts" -max_total_time="$seconds" \
      "$build/corpus/$t" "$seeds" >"$log" 2>&1 || return 1
  fi
}

# The executions and seconds of the last fuzzing run in a log.
stats() {
  local execs secs
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$1" | tail -1 | grep -o '[0-9]*$')
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$1" | tail -1 | grep -o 'in [0-9]*' |
    grep -o '[0-9]*')
  echo "${execs:-?} executions in ${secs:-?} s"
}

failed=0
pids=()
names=()
wait_some() { # wait for the oldest run, report it
  local pid=${pids[0]} t=${names[0]}
  pids=("${pids[@]:1}")
  names=("${names[@]:1}")
  if wait "$pid"; then
    echo "fuzz $t: ok, $(stats "$build/logs/$t.log")"
  else
    failed=1
    echo "fuzz $t: FINDING (log: $build/logs/$t.log)"
    grep -E 'ERROR|property failed|SUMMARY|Test unit written' "$build/logs/$t.log" | head -5 || true
  fi
}
for t in "${targets[@]}"; do
  [ ${#pids[@]} -lt "$jobs" ] || wait_some
  run_one "$t" &
  pids+=($!)
  names+=("$t")
done
while [ ${#pids[@]} -gt 0 ]; do wait_some; done
exit $failed
