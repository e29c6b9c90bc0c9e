#!/usr/bin/env bash
# Side-by-side benchmark of openinet and libcurl against nginx on loopback.
# Usage: bench/run.sh [BUILD_DIR]   (default: build; needs BUILD_DIR/libopeninet.a)
# Prints a Markdown report and writes it to bench/results/LATEST.md.
# Environment: OI_BENCH_ROUNDS (counted rounds, default 7, at least 5),
# OI_BENCH_GETS (GETs per run, default 10000), OI_BENCH_CPU (the CPU that
# nginx and the clients share, default the last one), OI_BENCH_OUT (report),
# OI_BENCH_REVISION (the library revision named in it; default: git describe).
# See bench/README.md for the method.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
rounds=${OI_BENCH_ROUNDS:-7}
gets=${OI_BENCH_GETS:-10000}
cpu=${OI_BENCH_CPU:-$(($(nproc) - 1))}
out=${OI_BENCH_OUT:-$root/bench/results/LATEST.md}
revision=${OI_BENCH_REVISION:-$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)}
small=1024
big=$((1024 * 1024 * 1024))

die() {
  echo "bench/run.sh: $*" >&2
  exit 1
}

[ "$rounds" -ge 5 ] || die "OI_BENCH_ROUNDS must be at least 5"
[ "$gets" -ge 2 ] || die "OI_BENCH_GETS must be at least 2"
[ -f "$build/libopeninet.a" ] || die "$build/libopeninet.a not found: build the library first"

work=$(mktemp -d)
chmod 755 "$work" # nginx's worker runs as an unprivileged user
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- clients -------------------------------------------------------------

build_clients() {
  local cflags="-O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra"
  local libs="-lpthread" requires=""
  if [ -f "$build/openinet.pc" ]; then # what a static link of the library needs
    libs=$(sed -n 's/^Libs.private: *//p' "$build/openinet.pc")
    requires=$(sed -n 's/^Requires.private: *//p' "$build/openinet.pc")
    [ -z "$requires" ] || libs="$(pkg-config --libs "$requires") $libs"
  fi
  mkdir -p "$work/bin"
  # shellcheck disable=SC2086 # word splitting of flag lists is wanted
  cc $cflags -I"$root/include" "$root/bench/bench.c" "$root/bench/client_openinet.c" \
    "$build/libopeninet.a" $libs -o "$work/bin/openinet" || die "cannot build the openinet client"
  # shellcheck disable=SC2086,SC2046
  cc $cflags "$root/bench/bench.c" "$root/bench/client_curl.c" \
    $(pkg-config --cflags --libs libcurl) -o "$work/bin/curl" || die "cannot build the libcurl client"
}

# --- nginx ---------------------------------------------------------------

make_docroot() {
  mkdir -p "$work/www" "$work/tmp"
  head -c "$small" /dev/urandom >"$work/www/1k.bin"
  truncate -s "$big" "$work/www/1g.bin" # sparse: no disk, served from the page cache
  chmod -R a+rX "$work/www"
}

# Start nginx on a free port, pinned to $cpu (its worker inherits the
# affinity).  nginx writes its pid file only after binding the port.
start_nginx() {
  local try
  for try in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$port|g" "$root/bench/nginx.conf.in" >"$work/nginx.conf"
    rm -f "$work/nginx.pid"
    taskset -c "$cpu" nginx -p "$work" -c "$work/nginx.conf" -e "$work/error.log" &
    nginx_pid=$!
    for _ in $(seq 50); do
      [ -s "$work/nginx.pid" ] && return 0
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  done
  cat "$work/error.log" >&2 || true
  die "nginx did not start (try $try)"
}

# --- runs ----------------------------------------------------------------

# variant -> "client-binary path count expect options"
declare -A spec=(
  [oi-reuse]="openinet /1k.bin $gets $small"
  [oi-fresh]="openinet /1k.bin $gets $small --fresh"
  [curl]="curl /1k.bin $gets $small"
  [oi-16k]="openinet /1g.bin 1 $big --buffer 16384"
  [oi-256k]="openinet /1g.bin 1 $big --buffer 262144"
  [curl-default]="curl /1g.bin 1 $big"
  [curl-256k]="curl /1g.bin 1 $big --buffer 262144"
)
get_variants="oi-reuse curl oi-fresh"
dl_variants="oi-16k curl-default oi-256k curl-256k"

# Command line of a variant: command_of VARIANT [COUNT [OPTION...]].
command_of() {
  local bin path count expect opts
  read -r bin path count expect opts <<<"${spec[$1]}"
  echo "$work/bin/$bin 127.0.0.1 $port $path ${2:-$count} $expect $opts ${*:3}"
}

# Run a variant pinned to $cpu; print its result line after checking that
# every byte arrived (the client checks each response too).
run_variant() {
  local line count bytes
  # shellcheck disable=SC2046
  line=$(timeout 120 taskset -c "$cpu" $(command_of "$@")) || die "$1 failed"
  count=$(sed -n 's/.*count=\([0-9]*\).*/\1/p' <<<"$line")
  bytes=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$line")
  local expect
  read -r _ _ _ expect _ <<<"${spec[$1]}"
  [ "$bytes" = $((count * expect)) ] || die "$1: $bytes bytes received, expected $((count * expect))"
  echo "$line"
}

check_connections() {
  local v
  for v in oi-reuse oi-fresh curl; do
    run_variant "$v" 200 --count-conns >/dev/null || die "$v did not keep one connection"
  done
}

measure() {
  local r v line
  for v in $get_variants $dl_variants; do run_variant "$v" >/dev/null; done # warm-up
  for r in $(seq "$rounds"); do
    for v in $get_variants $dl_variants; do
      line=$(run_variant "$v")
      echo "round=$r variant=$v $line" >>"$work/runs"
    done
    echo "round $r of $rounds done" >&2
  done
}

# Instructions per GET: a callgrind run of N GETs minus one of N/2.
instructions() {
  local v=$1 n
  for n in "$gets" $((gets / 2)); do
    # shellcheck disable=SC2046
    timeout 900 taskset -c "$cpu" valgrind --tool=callgrind --callgrind-out-file="$work/cg.$v.$n" \
      $(command_of "$v" "$n") >/dev/null 2>"$work/cg.$v.$n.log" || die "callgrind of $v failed"
  done
  local a b
  a=$(sed -n 's/^totals: *//p' "$work/cg.$v.$gets")
  b=$(sed -n 's/^totals: *//p' "$work/cg.$v.$((gets / 2))")
  echo "variant=$v instr=$(((a - b) / (gets - gets / 2)))" >>"$work/counts"
}

# System calls per GET, the same way with strace -c (when installed).
syscalls() {
  local v=$1 n a b
  command -v strace >/dev/null || return 0
  for n in "$gets" $((gets / 2)); do
    # shellcheck disable=SC2046
    timeout 300 taskset -c "$cpu" strace -f -c -o "$work/st.$v.$n" $(command_of "$v" "$n") \
      >/dev/null || die "strace of $v failed"
  done
  a=$(awk '$NF == "total" { print $4 }' "$work/st.$v.$gets")
  b=$(awk '$NF == "total" { print $4 }' "$work/st.$v.$((gets / 2))")
  echo "variant=$v syscalls=$(awk -v a="$a" -v b="$b" -v n=$((gets - gets / 2)) \
    'BEGIN { printf "%.1f", (a - b) / n }')" >>"$work/counts"
}

# --- report --------------------------------------------------------------

# One line per run and metric: "variant round metric value".
metrics() {
  awk '{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    wall = v["wall_ns"] / 1e9; cpu = v["user_ns"] + v["sys_ns"]
    if (v["count"] > 1) {
      print v["variant"], v["round"], "rps", v["count"] / wall
      print v["variant"], v["round"], "cpu", cpu / 1e3 / v["count"]
      print v["variant"], v["round"], "sys", v["sys_ns"] / 1e3 / v["count"]
    } else {
      print v["variant"], v["round"], "rate", v["bytes"] / wall / 1e6
      print v["variant"], v["round"], "cpu", cpu / 1e6 * 1073741824 / v["bytes"]
      print v["variant"], v["round"], "sys", v["sys_ns"] / 1e6 * 1073741824 / v["bytes"]
    }
  }' "$work/runs" >"$work/metrics"
}

# Read numbers on stdin; print "median min max".
median() {
  sort -g | awk '{ a[NR] = $1 }
    END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, a[1], a[NR] }'
}

values() { awk -v v="$1" -v m="$2" '$1 == v && $3 == m { print $4 }' "$work/metrics"; }

# Per-round ratio variant/reference of a metric: "median min max".
ratios() {
  awk -v v="$1" -v ref="$2" -v m="$3" '$3 == m && $1 == ref { r[$2] = $4 }
    $3 == m && $1 == v { x[$2] = $4 } END { for (k in x) print x[k] / r[k] }' "$work/metrics" |
    median
}

# "FORMAT" "median min max" -> "median (min-max)"
fmt() {
  local f=$1 m lo hi
  read -r m lo hi
  # shellcheck disable=SC2059
  printf "$f ($f-$f)" "$m" "$lo" "$hi"
}

count_of() { sed -n "s/^variant=$1 $2=//p" "$work/counts"; }

# The libcurl download variant with the best median of a metric.
best_curl() {
  local metric=$1 order=$2 v
  for v in curl-default curl-256k; do echo "$v $(values "$v" "$metric" | median)"; done |
    sort -k2,2g"$order" | head -1 | cut -d' ' -f1
}

label() {
  case $1 in
  oi-reuse) echo "openinet, one request handle re-sent" ;;
  oi-fresh) echo "openinet, a fresh request handle per GET" ;;
  curl) echo "libcurl, one easy handle reused" ;;
  oi-16k) echo "openinet, 16 KiB read buffer" ;;
  oi-256k) echo "openinet, 256 KiB read buffer" ;;
  curl-default) echo "libcurl, default buffer (16 KiB)" ;;
  curl-256k) echo "libcurl, CURLOPT_BUFFERSIZE 256 KiB" ;;
  esac
}

report_get() {
  local v
  echo "## (a) $gets sequential keep-alive GETs of a 1 KiB file, HTTP/1.1, one connection"
  echo
  echo "| client | requests/s | CPU µs/request | of which system |" \
    "instructions/request | syscalls/request |"
  echo "|---|---|---|---|---|---|"
  for v in oi-reuse oi-fresh curl; do
    echo "| $(label $v) | $(values $v rps | median | fmt %.0f) | $(values $v cpu | median | fmt %.2f)" \
      "| $(values $v sys | median | fmt %.2f) | $(count_of $v instr) | $(count_of $v syscalls) |"
  done
  echo
  echo "Ratio openinet/libcurl, per round (median (min-max)); instructions from callgrind:"
  echo
  echo "| openinet variant | requests/s | CPU/request | instructions/request |"
  echo "|---|---|---|---|"
  for v in oi-reuse oi-fresh; do
    echo "| $(label $v) | $(ratios $v curl rps | fmt %.2f) | $(ratios $v curl cpu | fmt %.2f)" \
      "| $(awk -v a="$(count_of $v instr)" -v b="$(count_of curl instr)" \
        'BEGIN { printf "%.2f", a / b }') |"
  done
}

report_download() {
  local v best_rate best_cpu
  best_rate=$(best_curl rate r)
  best_cpu=$(best_curl cpu "")
  echo "## (b) 1 GiB download (sparse file), HTTP/1.1"
  echo
  echo "| client | MB/s (10^6 B) | client CPU ms/GiB | of which system |"
  echo "|---|---|---|---|"
  for v in $dl_variants; do
    echo "| $(label "$v") | $(values "$v" rate | median | fmt %.0f)" \
      "| $(values "$v" cpu | median | fmt %.1f) | $(values "$v" sys | median | fmt %.1f) |"
  done
  echo
  echo "Ratio openinet/libcurl against libcurl's best variant, per round (median (min-max)):"
  echo
  echo "| openinet variant | MB/s vs $(label "$best_rate") | CPU/GiB vs $(label "$best_cpu") |"
  echo "|---|---|---|"
  for v in oi-16k oi-256k; do
    echo "| $(label $v) | $(ratios $v "$best_rate" rate | fmt %.2f) |" \
      "$(ratios $v "$best_cpu" cpu | fmt %.2f) |"
  done
}

# Top functions by own instructions in the N-GET callgrind run.
report_profile() {
  local v
  echo "## Profile: top functions by instructions (callgrind, $gets GETs, whole run)"
  for v in oi-reuse curl; do
    echo
    echo "$(label $v):"
    echo
    echo '```'
    callgrind_annotate --threshold=100 "$work/cg.$v.$gets" 2>/dev/null |
      awk '/file:function/ { on = 1; next } on && /^ *[0-9]/ && n++ < 15' |
      sed -e 's|\[/[^]]*/\([^]/]*\)\]$|[\1]|' -e 's|)  [^ ]*/\([^/ ]*:\)|)  \1|' || true
    echo '```'
  done
}

report() {
  local model
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
  echo "# openinet benchmark: latest results"
  echo
  echo "Generated by \`bench/run.sh\` (\`make bench\`) on $(date -u '+%Y-%m-%d %H:%M UTC');"
  echo "do not edit by hand.  Method: bench/README.md."
  echo
  echo "- machine: $(nproc) CPUs, ${model:-unknown CPU}, $(uname -s) $(uname -r)"
  echo "- peers: $(nginx -v 2>&1 | sed 's/^nginx version: //') (1 worker, access log off," \
    "sendfile on), $("$work/bin/curl" --version), $("$work/bin/openinet" --version)" \
    "($revision)"
  echo "- pinning: nginx and every client run with \`taskset -c $cpu\` (same CPU)"
  echo "- $rounds counted rounds after one warm-up, clients alternating in each round;" \
    "figures are medians (min-max); ratios are taken per round, then the median"
  echo "- every run checks status 200 and the body size of every response"
  echo "- load average (1, 5, 15 min) before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  report_get
  echo
  report_download
  echo
  report_profile
}

main() {
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  build_clients
  make_docroot
  start_nginx
  echo "nginx on 127.0.0.1:$port, everything on CPU $cpu" >&2
  check_connections
  measure
  for v in oi-reuse oi-fresh curl; do
    instructions "$v"
    syscalls "$v"
  done
  metrics
  report >"$work/report.md"
  mkdir -p "$(dirname "$out")"
  cp "$work/report.md" "$out"
  cat "$out"
}

main
