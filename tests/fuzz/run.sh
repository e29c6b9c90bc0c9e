#!/usr/bin/env bash
# Build the libFuzzer targets and run them (docs/fuzzing.md).
#
# Usage: tests/fuzz/run.sh [--check] [TARGET...]      (default: every fuzz_*.c)
#
#   (default)  fuzz each target for FUZZ_SECONDS (60) from its seed corpus;
#              new inputs go to BUILD/corpus/TARGET, never into the tree.
#   --check    what `make test` runs: replay each seed corpus input by input,
#              then fuzz each target for FUZZ_CHECK_RUNS inputs (10000) from a
#              fixed seed, at most FUZZ_CHECK_SECONDS (20) each.
#
# FUZZ_BUILD is the build folder (build-fuzz), FUZZ_JOBS how many targets run
# at once (2).  A finding (crash, sanitizer report, leak, timeout, failed
# property) stops that target, leaves the input in BUILD/artifacts/ and makes
# the script exit non-zero; the log of each run is BUILD/logs/TARGET.log.
# FUZZ_KEEP_GOING=1 (fuzzing only) runs each target in libFuzzer's fork mode,
# which goes on after a finding: for long runs while a known bug awaits its
# fix.  Every finding still lands in BUILD/artifacts/ and fails the script.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
check_seconds=${FUZZ_CHECK_SECONDS:-20}
jobs=${FUZZ_JOBS:-2}
keep_going=${FUZZ_KEEP_GOING:-0}
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
  local dict=()
  [ -f "$root/tests/fuzz/$t.dict" ] && dict=(-dict="$root/tests/fuzz/$t.dict")
  if [ "$check" = 1 ]; then
    # Replay: each seed once, as a regression test.
    "$exe" "${common[@]}" -artifact_prefix="$artifacts" "$seeds"/* >"$log" 2>&1 || return 1
    local scratch
    scratch=$(mktemp -d)
    # A fixed seed and count: make test runs the same inputs every time, so
    # it never fails by chance on a finding still awaiting its fix
    # (tests/fuzz/crashes/); open-ended search is make fuzz's job.
    "$exe" "${common[@]}" "${dict[@]}" -artifact_prefix="$artifacts" -seed=1 \
      -runs="${FUZZ_CHECK_RUNS:-10000}" -max_total_time="$check_seconds" \
      "$scratch" "$seeds" >>"$log" 2>&1 || { rm -rf "$scratch"; return 1; }
    rm -rf "$scratch"
  elif [ "$keep_going" = 1 ]; then
    mkdir -p "$build/corpus/$t"
    local before after
    before=$(find "$build/artifacts" -name "$t-*" | wc -l)
    (cd "$build/logs" && "$exe" "${common[@]}" "${dict[@]}" -artifact_prefix="$artifacts" \
      -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      "$build/corpus/$t" "$seeds" >"$log" 2>&1) || return 1
    after=$(find "$build/artifacts" -name "$t-*" | wc -l)
    [ "$after" = "$before" ] || return 1
  else
    mkdir -p "$build/corpus/$t"
    "$exe" "${common[@]}" "${dict[@]}" -artifact_prefix="$artifacts" \
      -max_total_time="$seconds" "$build/corpus/$t" "$seeds" >"$log" 2>&1 || return 1
  fi
}

# The executions and seconds of the last fuzzing run in a log (fork mode
# reports them on its progress lines: "#N: cov: ... time: Ss").
stats() {
  local execs secs
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$1" | tail -1 | grep -o '[0-9]*$')
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$1" | tail -1 | grep -o 'in [0-9]*' |
    grep -o '[0-9]*')
  if [ -z "$execs" ]; then
    execs=$(grep -o '^#[0-9]*: cov' "$1" | tail -1 | grep -o '[0-9]*')
    secs=$(grep -o 'time: [0-9]*s' "$1" | tail -1 | grep -o '[0-9]*')
  fi
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
    echo "fuzz $t: FINDING, $(stats "$build/logs/$t.log") (log: $build/logs/$t.log)"
    grep -E 'runtime error|ERROR|property failed|SUMMARY|Test unit written' "$build/logs/$t.log" |
      sed 's/^==[0-9]*== //' | sort | uniq -c | sort -rn | head -5 || true
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
