#!/usr/bin/env bash
# Side-by-side benchmark of openinet and libcurl against nginx on loopback:
# every case of the performance issue, (a) to (f).
# Usage: bench/run.sh [BUILD_DIR]   (default: build; needs BUILD_DIR/libopeninet.a
# and the CLI BUILD_DIR/openinet)
# Prints a Markdown report, writes it to bench/results/LATEST.md and draws
# bench/results/throughput.png (gnuplot).
# Environment: OI_BENCH_ROUNDS (counted rounds, default 9, at least 5),
# OI_BENCH_DL_ROUNDS (counted rounds of the 1 GiB downloads, default 9),
# OI_BENCH_GETS (GETs per run in case (a), default 10000), OI_BENCH_CG_GETS
# (GETs of the callgrind and strace runs, default 4000), OI_BENCH_CLI_RUNS
# (one-shot CLI runs per client, default 200), OI_BENCH_CPU (the CPU that
# nginx and the sequential clients share, default the last one),
# OI_BENCH_OUT (report), OI_BENCH_PLOT (plot), OI_BENCH_REVISION (the
# library revision named in the report; default: git describe).
# See bench/README.md for the method.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
rounds=${OI_BENCH_ROUNDS:-9}
dl_rounds=${OI_BENCH_DL_ROUNDS:-9}
gets=${OI_BENCH_GETS:-10000}
cg_gets=${OI_BENCH_CG_GETS:-4000}
cli_runs=${OI_BENCH_CLI_RUNS:-200}
cpu=${OI_BENCH_CPU:-$(($(nproc) - 1))}
out=${OI_BENCH_OUT:-$root/bench/results/LATEST.md}
plot=${OI_BENCH_PLOT:-$(dirname "$out")/throughput.png}
revision=${OI_BENCH_REVISION:-$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)}
big=$((1024 * 1024 * 1024))
parallel=32           # (c): connections at once
par_gets=64000        # (c): GETs per run, spread over them
alloc_gets=500        # (e): memcheck runs of N and 2N GETs
rss_runs=5            # (e): 1 GiB CLI downloads per client and scheme
cli_cpu=$(((cpu + 1) % $(nproc))) # (c): the client's CPU, nginx keeps $cpu

die() {
  echo "bench/run.sh: $*" >&2
  exit 1
}

note() { echo "[${SECONDS}s] $*" >&2; } # progress on stderr

[ "$rounds" -ge 5 ] || die "OI_BENCH_ROUNDS must be at least 5"
[ "$dl_rounds" -ge 5 ] || die "OI_BENCH_DL_ROUNDS must be at least 5"
[ "$dl_rounds" -le "$rounds" ] || die "OI_BENCH_DL_ROUNDS must not exceed OI_BENCH_ROUNDS"
[ "$gets" -ge 2 ] || die "OI_BENCH_GETS must be at least 2"
[ "$cg_gets" -ge 2 ] || die "OI_BENCH_CG_GETS must be at least 2"
[ "$cli_runs" -ge 5 ] || die "OI_BENCH_CLI_RUNS must be at least 5"
[ -f "$build/libopeninet.a" ] || die "$build/libopeninet.a not found: build the library first"
[ -x "$build/openinet" ] || die "$build/openinet (the CLI) not found: build the library first"
for tool in nginx curl openssl valgrind taskset gnuplot cmp; do
  command -v "$tool" >/dev/null || die "$tool not found: scripts/deps.sh bench installs it"
done

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
    "$build/libopeninet.a" $libs -lpthread -o "$work/bin/openinet" || die "cannot build the openinet client"
  # shellcheck disable=SC2086,SC2046
  cc $cflags "$root/bench/bench.c" "$root/bench/client_curl.c" \
    $(pkg-config --cflags --libs libcurl) -o "$work/bin/curl" || die "cannot build the libcurl client"
  # shellcheck disable=SC2086
  cc $cflags "$root/bench/bench.c" "$root/bench/raw.c" -o "$work/bin/raw" ||
    die "cannot build the raw client"
  # shellcheck disable=SC2086
  cc $cflags "$root/bench/spawn.c" -o "$work/bin/spawn" || die "cannot build spawn"
}

# --- nginx ---------------------------------------------------------------

# Files of 1 KiB, 64 KiB and 1 MiB (random) and 1 GiB (sparse: zeros, no
# disk, served from the page cache); an EC P-256 certificate for 127.0.0.1.
make_docroot() {
  mkdir -p "$work/www" "$work/tmp"
  head -c 1024 /dev/urandom >"$work/www/1k.bin"
  head -c 65536 /dev/urandom >"$work/www/64k.bin"
  head -c 1048576 /dev/urandom >"$work/www/1m.bin"
  truncate -s "$big" "$work/www/1g.bin"
  chmod -R a+rX "$work/www"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>"$work/openssl.log" ||
    die "cannot make the certificate: $(cat "$work/openssl.log")"
  chmod a+r "$work/key.pem"
}

# Start nginx on free ports, pinned to $cpu (its worker inherits the
# affinity).  nginx writes its pid file only after binding the ports.
start_nginx() {
  local try
  for try in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    tls_port=$((port + 1))
    sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$port|g" -e "s|@TLSPORT@|$tls_port|g" \
      "$root/bench/nginx.conf.in" >"$work/nginx.conf"
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

# --- client runs ---------------------------------------------------------

# variant -> "client-binary scheme path count expect options"
declare -A spec=(
  [oi-reuse]="openinet http /1k.bin $gets 1024"
  [oi-fresh]="openinet http /1k.bin $gets 1024 --fresh"
  [curl]="curl http /1k.bin $gets 1024"
  [raw]="raw http /1k.bin $gets 1024"
  [oi-tls]="openinet https /1k.bin $gets 1024"
  [curl-tls]="curl https /1k.bin $gets 1024"
  [oi-64k]="openinet http /64k.bin 2000 65536"
  [curl-64k]="curl http /64k.bin 2000 65536"
  [raw-64k]="raw http /64k.bin 2000 65536"
  [oi-tls-64k]="openinet https /64k.bin 2000 65536"
  [curl-tls-64k]="curl https /64k.bin 2000 65536"
  [oi-1m]="openinet http /1m.bin 200 1048576"
  [curl-1m]="curl http /1m.bin 200 1048576"
  [raw-1m]="raw http /1m.bin 200 1048576"
  [oi-tls-1m]="openinet https /1m.bin 200 1048576"
  [curl-tls-1m]="curl https /1m.bin 200 1048576"
  [oi-16k]="openinet http /1g.bin 1 $big --buffer 16384"
  [curl-default]="curl http /1g.bin 1 $big"
  [oi-256k]="openinet http /1g.bin 1 $big --buffer 262144"
  [curl-256k]="curl http /1g.bin 1 $big --buffer 262144"
  [raw-16k]="raw http /1g.bin 1 $big --buffer 16384"
  [raw-256k]="raw http /1g.bin 1 $big --buffer 262144"
  [oi-tls-16k]="openinet https /1g.bin 1 $big --buffer 16384"
  [curl-tls-default]="curl https /1g.bin 1 $big"
  [oi-tls-256k]="openinet https /1g.bin 1 $big --buffer 262144"
  [curl-tls-256k]="curl https /1g.bin 1 $big --buffer 262144"
  [oi-par]="openinet http /1k.bin $par_gets 1024 --parallel $parallel"
  [curl-par]="curl http /1k.bin $par_gets 1024 --parallel $parallel"
)
get_variants="oi-reuse curl raw oi-fresh oi-tls curl-tls"
size_variants="oi-64k curl-64k raw-64k oi-tls-64k curl-tls-64k oi-1m curl-1m raw-1m oi-tls-1m curl-tls-1m"
dl_variants="oi-16k curl-default raw-16k oi-256k curl-256k raw-256k"
tls_dl_variants="oi-tls-16k curl-tls-default oi-tls-256k curl-tls-256k"
par_variants="oi-par curl-par"
cg_variants="oi-reuse oi-fresh curl raw oi-tls curl-tls" # callgrind and strace

# Command line of a variant: command_of VARIANT [COUNT [OPTION...]].
command_of() {
  local bin scheme path count expect opts p=$port tls=""
  read -r bin scheme path count expect opts <<<"${spec[$1]}"
  [ "$scheme" = http ] || p=$tls_port tls="--tls $work/cert.pem"
  echo "$work/bin/$bin 127.0.0.1 $p $path ${2:-$count} $expect $opts $tls ${*:3}"
}

cpu_of() { case $1 in *-par) echo "$cli_cpu" ;; *) echo "$cpu" ;; esac; }

# Run a variant pinned to its CPU; print its result line after checking
# that every byte arrived (the client checks each response too), and that
# none was other than zero when the client counted them.
run_variant() {
  local line count bytes expect nonzero
  # shellcheck disable=SC2046
  line=$(timeout 120 taskset -c "$(cpu_of "$1")" $(command_of "$@")) || die "$1 failed"
  count=$(sed -n 's/.*count=\([0-9]*\).*/\1/p' <<<"$line")
  bytes=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$line")
  nonzero=$(sed -n 's/.*nonzero=\([0-9]*\).*/\1/p' <<<"$line")
  read -r _ _ _ _ expect _ <<<"${spec[$1]}"
  [ "$bytes" = $((count * expect)) ] || die "$1: $bytes bytes received, expected $((count * expect))"
  [ "${nonzero:-0}" = 0 ] || die "$1: $nonzero bytes of the body were not zero"
  echo "$line"
}

# Every sequential client keeps one connection; the concurrent ones use at
# most $parallel (the driver checks both).
check_connections() {
  local v
  for v in $get_variants; do
    run_variant "$v" 200 --count-conns >/dev/null || die "$v did not keep one connection"
  done
  for v in $par_variants; do
    run_variant "$v" 3200 --count-conns >"$work/conns.$v" ||
      die "$v used more than $parallel connections"
  done
}

# One warm-up run of every variant (the downloads count their non-zero
# bytes there: the 1 GiB file is all zeros), then the counted rounds, in
# which the variants run one after the other, openinet and libcurl
# alternating; the 1 GiB downloads in the first $dl_rounds rounds only.
measure() {
  local r v line all
  for v in $get_variants $size_variants $par_variants; do run_variant "$v" >/dev/null; done
  for v in $dl_variants $tls_dl_variants; do run_variant "$v" 1 --check-zero >/dev/null; done
  note "warm-up and content checks done"
  for r in $(seq "$rounds"); do
    all="$get_variants $size_variants $par_variants"
    [ "$r" -gt "$dl_rounds" ] || all="$all $dl_variants $tls_dl_variants"
    for v in $all; do
      line=$(run_variant "$v")
      echo "round=$r variant=$v $line" >>"$work/runs"
    done
    note "round $r of $rounds done"
  done
}

# Instructions per GET: a callgrind run of N GETs minus one of N/2, the
# client pinned to nginx's CPU.  Only the GET loop is counted (the driver's
# run_sequential), so the profiles show it without program start-up; the
# subtraction removes the first GET's connect (and TLS handshake).
instructions() {
  local v=$1 n a b
  for n in "$cg_gets" $((cg_gets / 2)); do
    # shellcheck disable=SC2046
    timeout 900 taskset -c "$cpu" valgrind --tool=callgrind --callgrind-out-file="$work/cg.$v.$n" \
      --toggle-collect=run_sequential $(command_of "$v" "$n") >/dev/null 2>"$work/cg.$v.$n.log" || die "callgrind of $v failed"
  done
  a=$(sed -n 's/^totals: *//p' "$work/cg.$v.$cg_gets")
  b=$(sed -n 's/^totals: *//p' "$work/cg.$v.$((cg_gets / 2))")
  echo "variant=$v instr=$(((a - b) / (cg_gets - cg_gets / 2)))" >>"$work/counts"
}

# System calls per GET, the same way with strace -c (when installed).
syscalls() {
  local v=$1 n a b
  command -v strace >/dev/null || return 0
  for n in "$cg_gets" $((cg_gets / 2)); do
    # shellcheck disable=SC2046
    timeout 300 taskset -c "$cpu" strace -f -c -o "$work/st.$v.$n" $(command_of "$v" "$n") \
      >/dev/null || die "strace of $v failed"
  done
  a=$(awk '$NF == "total" { print $4 }' "$work/st.$v.$cg_gets")
  b=$(awk '$NF == "total" { print $4 }' "$work/st.$v.$((cg_gets / 2))")
  echo "variant=$v syscalls=$(awk -v a="$a" -v b="$b" -v n=$((cg_gets - cg_gets / 2)) \
    'BEGIN { printf "%.1f", (a - b) / n }')" >>"$work/counts"
}

# Allocations made inside OpenSSL's SSL_read and SSL_write (their inclusive
# counts in a memcheck xtree file), so that a TLS figure tells the client's
# own allocations from those of its TLS library.
openssl_allocs() {
  callgrind_annotate --inclusive=yes --show=totBk --threshold=100 "$1" 2>/dev/null |
    awk '$NF ~ /:SSL_(read|write)(_ex)?$/ { gsub(",", "", $1); s += $1 } END { print s + 0 }'
}

# Heap allocations per GET on a warm connection: memcheck's "total heap
# usage: X allocs, Y frees, Z bytes allocated" for 2N GETs minus N.
allocations() {
  local v=$1 n ssl=()
  for n in "$alloc_gets" $((2 * alloc_gets)); do
    # shellcheck disable=SC2046
    timeout 900 taskset -c "$cpu" valgrind --tool=memcheck --leak-check=no --xtree-memory=full \
      --xtree-memory-file="$work/xt.$v.$n" $(command_of "$v" "$n") >/dev/null 2>"$work/mc.$v.$n" ||
      die "memcheck of $v failed"
    ssl+=("$(openssl_allocs "$work/xt.$v.$n")")
  done
  awk -v v="$v" -v n="$alloc_gets" -v ssl="$((ssl[1] - ssl[0]))" '/total heap usage/ {
      gsub(",", ""); a[++k] = $5; b[k] = $9 }
    END { printf "variant=%s allocs=%.2f allocbytes=%.0f sslallocs=%.2f\n", v, (a[2] - a[1]) / n,
      (b[2] - b[1]) / n, ssl / n }' \
    "$work/mc.$v.$alloc_gets" "$work/mc.$v.$((2 * alloc_gets))" >>"$work/counts"
}

# Heap held per idle pooled connection: 33 connections minus 1, over 32.
idle_heap() {
  local bin=$1 scheme=$2 v="idle-$1-$2" n line heap=()
  for n in 1 33; do
    spec[$v]="$bin $scheme /1k.bin $n 1024 --idle"
    line=$(run_variant "$v") || die "$v with $n connections failed"
    heap+=("$(sed -n 's/.*heap=\([0-9]*\).*/\1/p' <<<"$line")")
  done
  echo "variant=$v heap=$(((heap[1] - heap[0]) / 32))" >>"$work/counts"
}

# --- CLI runs (d), (e) ---------------------------------------------------

cli_command() { # cli_command CLIENT SCHEME PATH [OPTION...]
  local url p=$port ca=()
  [ "$2" = http ] || p=$tls_port ca=(--cacert "$work/cert.pem")
  url="$2://127.0.0.1:$p$3"
  case $1 in
  openinet) echo "$build/openinet -s -S -f ${ca[*]} ${*:4} $url" ;;
  curl) echo "curl -s -S -f --http1.1 ${ca[*]} ${*:4} $url" ;;
  esac
}

# The CLIs must deliver the files byte for byte before they are timed.
check_clis() {
  local c s
  for c in openinet curl; do
    for s in http https; do
      # shellcheck disable=SC2046,SC2091 # run the command it prints
      $(cli_command $c $s /1k.bin) | cmp -s - "$work/www/1k.bin" ||
        die "the $c CLI did not deliver 1k.bin over $s"
      # shellcheck disable=SC2046,SC2091
      $(cli_command $c $s /1g.bin) | cmp -s - "$work/www/1g.bin" ||
        die "the $c CLI did not deliver 1g.bin over $s"
    done
  done
}

# spawn_run VARIANT ROUND BYTES COMMAND...: one timed CLI run, pinned with nginx.
spawn_run() {
  local line
  line=$(timeout 120 taskset -c "$cpu" "$work/bin/spawn" "${@:4}") || die "$1 failed: ${*:4}"
  echo "round=$2 variant=$1 count=1 bytes=$3 $line" >>"$work/runs"
}

measure_clis() {
  local r c s
  for s in http https; do
    for c in openinet curl; do # warm-up
      # shellcheck disable=SC2046
      "$work/bin/spawn" $(cli_command $c $s /1k.bin) >/dev/null || die "the $c CLI failed"
    done
    for r in $(seq "$cli_runs"); do
      for c in openinet curl; do
        # shellcheck disable=SC2046
        spawn_run "cli-$c-$s" "$r" 1024 $(cli_command $c $s /1k.bin)
      done
    done
    for r in $(seq "$rss_runs"); do
      for c in openinet curl; do
        # shellcheck disable=SC2046
        spawn_run "rss-$c-$s" "$r" "$big" $(cli_command $c $s /1g.bin -o /dev/null)
      done
    done
    note "CLI runs over $s done"
  done
}

# --- report --------------------------------------------------------------

# One line per run and metric: "variant round metric value".
metrics() {
  awk '{
    delete v
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    wall = v["wall_ns"] / 1e9; cpu = v["user_ns"] + v["sys_ns"]; n = v["count"]; b = v["bytes"]
    print v["variant"], v["round"], "rps", n / wall
    print v["variant"], v["round"], "rate", b / wall / 1e6
    print v["variant"], v["round"], "cpu", cpu / 1e3 / n
    print v["variant"], v["round"], "sys", v["sys_ns"] / 1e3 / n
    print v["variant"], v["round"], "cpugib", cpu / 1e6 * 1073741824 / b
    print v["variant"], v["round"], "sysgib", v["sys_ns"] / 1e6 * 1073741824 / b
    print v["variant"], v["round"], "ms", wall * 1e3 / n
    if ("maxrss_kb" in v) print v["variant"], v["round"], "rss", v["maxrss_kb"] / 1024
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

cell() { values "$1" "$2" | median | fmt "$3"; } # cell VARIANT METRIC FORMAT
mid() { values "$1" "$2" | median | cut -d' ' -f1; }

# A count of a variant: count_of VARIANT NAME (lines "variant=V name=value...").
count_of() {
  awk -v v="variant=$1" -v k="$2=" '$1 == v {
    for (i = 2; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$work/counts"
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The variant among $3... with the best median of metric $1 (order $2: r
# for the largest, "" for the smallest).
best_of() {
  local metric=$1 order=$2 v
  for v in "${@:3}"; do echo "$v $(values "$v" "$metric" | median)"; done |
    sort -k2,2g"$order" | head -1 | cut -d' ' -f1
}

label() {
  case $1 in
  oi-reuse) echo "openinet, one request handle re-sent" ;;
  oi-fresh) echo "openinet, a fresh request handle per GET" ;;
  curl) echo "libcurl, one easy handle reused" ;;
  raw) echo "raw socket client (floor)" ;;
  oi-tls) echo "openinet, one request handle re-sent" ;;
  curl-tls) echo "libcurl, one easy handle reused" ;;
  oi-16k | oi-tls-16k) echo "openinet, 16 KiB read buffer" ;;
  oi-256k | oi-tls-256k) echo "openinet, 256 KiB read buffer" ;;
  curl-default | curl-tls-default) echo "libcurl, default buffer (16 KiB)" ;;
  curl-256k | curl-tls-256k) echo "libcurl, CURLOPT_BUFFERSIZE 256 KiB" ;;
  raw-16k) echo "raw socket client, 16 KiB reads (floor)" ;;
  raw-256k) echo "raw socket client, 256 KiB reads (floor)" ;;
  oi-par) echo "openinet, $parallel threads, one request handle each" ;;
  curl-par) echo "libcurl multi, $parallel easy handles" ;;
  esac
}

# The summary: every target of the issue, met or not.  target_row CASE
# WHAT OPENINET LIBCURL RATIO OP LIMIT
target_row() {
  local met
  met=$(awk -v r="$5" -v op="$6" -v l="$7" \
    'BEGIN { print ((op == "<=" && r <= l) || (op == ">=" && r >= l)) ? "met" : "**not met**" }')
  echo "| $1 | $2 | $3 | $4 | $5 | $6 $7 | $met |"
}

report_targets() {
  local oi_rate oi_cpu curl_rate curl_cpu oi_tcpu curl_tcpu r h a b
  curl_rate=$(best_of rate r curl-default curl-256k)
  curl_cpu=$(best_of cpugib "" curl-default curl-256k)
  oi_rate=$(best_of rate r oi-16k oi-256k)
  oi_cpu=$(best_of cpugib "" oi-16k oi-256k)
  curl_tcpu=$(best_of cpugib "" curl-tls-default curl-tls-256k)
  oi_tcpu=$(best_of cpugib "" oi-tls-16k oi-tls-256k)
  echo "## Targets"
  echo
  echo "Ratios openinet/libcurl are medians of per-round ratios (instructions: exact counts);"
  echo "(b) compares each side's best buffer size for the figure."
  echo
  echo "| case | figure | openinet | libcurl | ratio | target | |"
  echo "|---|---|---|---|---|---|---|"
  a=$(count_of oi-reuse instr) b=$(count_of curl instr)
  target_row "(a) HTTP" "instructions/request" "$a" "$b" "$(div "$a" "$b")" "<=" 0.25
  r=$(ratios oi-reuse curl rps | cut -d' ' -f1)
  target_row "(a) HTTP" "requests/s, one core" "$(mid oi-reuse rps | xargs printf %.0f)" \
    "$(mid curl rps | xargs printf %.0f)" "$(printf %.2f "$r")" ">=" 1.5
  a=$(count_of oi-tls instr) b=$(count_of curl-tls instr)
  target_row "(a) HTTPS" "instructions/request" "$a" "$b" "$(div "$a" "$b")" "<=" 0.6
  r=$(ratios "$oi_rate" "$curl_rate" rate | cut -d' ' -f1)
  target_row "(b) HTTP 1 GiB" "MB/s" "$(mid "$oi_rate" rate | xargs printf %.0f)" \
    "$(mid "$curl_rate" rate | xargs printf %.0f)" "$(printf %.2f "$r")" ">=" 1.0
  r=$(ratios "$oi_cpu" "$curl_cpu" cpugib | cut -d' ' -f1)
  target_row "(b) HTTP 1 GiB" "client CPU ms/GiB" "$(mid "$oi_cpu" cpugib | xargs printf %.1f)" \
    "$(mid "$curl_cpu" cpugib | xargs printf %.1f)" "$(printf %.2f "$r")" "<=" 0.8
  r=$(ratios "$oi_tcpu" "$curl_tcpu" cpugib | cut -d' ' -f1)
  target_row "(b) HTTPS 1 GiB" "client CPU ms/GiB" "$(mid "$oi_tcpu" cpugib | xargs printf %.1f)" \
    "$(mid "$curl_tcpu" cpugib | xargs printf %.1f)" "$(printf %.2f "$r")" "<=" 1.0
  r=$(ratios oi-par curl-par rps | cut -d' ' -f1)
  target_row "(c) $parallel connections" "requests/s" "$(mid oi-par rps | xargs printf %.0f)" \
    "$(mid curl-par rps | xargs printf %.0f)" "$(printf %.2f "$r")" ">=" 1.3
  r=$(ratios cli-openinet-http cli-curl-http ms | cut -d' ' -f1)
  target_row "(d) CLI, 1 KiB once" "wall ms, start to exit" "$(mid cli-openinet-http ms | xargs printf %.2f)" \
    "$(mid cli-curl-http ms | xargs printf %.2f)" "$(printf %.2f "$r")" "<=" 0.5
  r=$(ratios rss-openinet-http rss-curl-http rss | cut -d' ' -f1)
  target_row "(e) CLI, 1 GiB" "peak RSS MiB" "$(mid rss-openinet-http rss | xargs printf %.1f)" \
    "$(mid rss-curl-http rss | xargs printf %.1f)" "$(printf %.2f "$r")" "<=" 0.5
  h=$(count_of idle-openinet-http heap)
  target_row "(e) idle pooled connection" "heap bytes held (plain)" "$h" \
    "$(count_of idle-curl-http heap)" "$h" "<=" 4096
  a=$(count_of oi-reuse allocs)
  target_row "(e) reused connection" "heap allocations/request, HTTP" "$a" "$(count_of curl allocs)" \
    "$a" "<=" 0
  a=$(count_of oi-tls allocs)
  target_row "(e) reused connection" "heap allocations/request, HTTPS" "$a" \
    "$(count_of curl-tls allocs)" "$a" "<=" 0
  echo
  echo "The last three rows hold openinet's own figure to the target, not a ratio; of the HTTPS"
  echo "allocations, $(count_of oi-tls sslallocs) per request are made inside OpenSSL's SSL_read and SSL_write (section (e))."
  echo
  echo "(f) The raw-socket floor: each client as a fraction of it (per-round ratios, client/floor;"
  echo "for requests/s and MB/s 1 is the floor's speed, for CPU and instructions 1 is its cost):"
  echo
  echo "| figure | openinet | libcurl |"
  echo "|---|---|---|"
  echo "| (a) HTTP requests/s | $(ratios oi-reuse raw rps | fmt %.2f) | $(ratios curl raw rps | fmt %.2f) |"
  echo "| (a) HTTP CPU/request | $(ratios oi-reuse raw cpu | fmt %.2f) | $(ratios curl raw cpu | fmt %.2f) |"
  echo "| (a) HTTP instructions/request | $(div "$(count_of oi-reuse instr)" "$(count_of raw instr)")" \
    "| $(div "$(count_of curl instr)" "$(count_of raw instr)") |"
  echo "| (b) HTTP 1 GiB MB/s, 256 KiB buffers | $(ratios oi-256k raw-256k rate | fmt %.2f)" \
    "| $(ratios curl-256k raw-256k rate | fmt %.2f) |"
  echo "| (b) HTTP 1 GiB CPU/GiB, 256 KiB buffers | $(ratios oi-256k raw-256k cpugib | fmt %.2f)" \
    "| $(ratios curl-256k raw-256k cpugib | fmt %.2f) |"
}

report_get() {
  local v
  echo "## (a) $gets sequential keep-alive GETs of a 1 KiB file, HTTP/1.1, one connection"
  echo
  echo "| client | requests/s | CPU µs/request | of which system | instructions/request" \
    "| syscalls/request | allocations/request |"
  echo "|---|---|---|---|---|---|---|"
  for v in $get_variants; do
    case $v in oi-reuse) echo "| **HTTP** ||||||" ;; oi-tls) echo "| **HTTPS** ||||||" ;; esac
    echo "| $(label "$v") | $(cell "$v" rps %.0f) | $(cell "$v" cpu %.2f) | $(cell "$v" sys %.2f)" \
      "| $(count_of "$v" instr) | $(count_of "$v" syscalls) | $(count_of "$v" allocs) |"
  done
  echo
  echo "Ratios, per round (median (min-max)); instructions from callgrind (exact):"
  echo
  echo "| variant | against | requests/s | CPU/request | instructions/request |"
  echo "|---|---|---|---|---|"
  for v in "oi-reuse curl" "oi-fresh curl" "oi-tls curl-tls" "oi-reuse raw" "oi-fresh raw" "curl raw"; do
    read -r a b <<<"$v"
    echo "| $(label "$a")$([ "$a" != oi-tls ] || echo ", HTTPS") | $(label "$b") |" \
      "$(ratios "$a" "$b" rps | fmt %.2f) | $(ratios "$a" "$b" cpu | fmt %.2f)" \
      "| $(div "$(count_of "$a" instr)" "$(count_of "$b" instr)") |"
  done
}

report_sizes() {
  local v s
  echo "## Throughput against body size: sequential GETs on one keep-alive connection"
  echo
  echo "MB/s (10^6 B) of body, and client CPU ms per GiB; default read buffers (16 KiB)."
  echo "1 KiB: case (a); 1 GiB: case (b); 64 KiB: 2000 GETs; 1 MiB: 200 GETs."
  echo
  echo "| client | 1 KiB | 64 KiB | 1 MiB | 1 GiB | CPU ms/GiB at 1 MiB |"
  echo "|---|---|---|---|---|---|"
  while read -r name a b c d; do
    echo "| ${name//_/ } | $(cell "$a" rate %.0f) | $(cell "$b" rate %.0f) | $(cell "$c" rate %.0f)" \
      "| $(cell "$d" rate %.0f) | $(cell "$c" cpugib %.0f) |"
  done <<<"$(plot_series)"
  echo
  echo "![throughput against body size]($(basename "$plot"))"
}

# name, then the variant for 1 KiB, 64 KiB, 1 MiB and 1 GiB.
plot_series() {
  echo "openinet_HTTP oi-reuse oi-64k oi-1m oi-16k"
  echo "libcurl_HTTP curl curl-64k curl-1m curl-default"
  echo "raw_socket_HTTP raw raw-64k raw-1m raw-16k"
  echo "openinet_HTTPS oi-tls oi-tls-64k oi-tls-1m oi-tls-16k"
  echo "libcurl_HTTPS curl-tls curl-tls-64k curl-tls-1m curl-tls-default"
}

report_download() {
  local v best_rate best_cpu title=$1 raw=$2
  shift 2
  echo "### $title"
  echo
  echo "| client | MB/s (10^6 B) | client CPU ms/GiB | of which system |"
  echo "|---|---|---|---|"
  for v in "$@"; do
    echo "| $(label "$v") | $(cell "$v" rate %.0f) | $(cell "$v" cpugib %.1f) | $(cell "$v" sysgib %.1f) |"
  done
  # shellcheck disable=SC2046
  best_rate=$(best_of rate r $(printf '%s\n' "$@" | grep curl))
  # shellcheck disable=SC2046
  best_cpu=$(best_of cpugib "" $(printf '%s\n' "$@" | grep curl))
  echo
  echo "Ratios, per round (median (min-max)):"
  echo
  echo "| variant | MB/s vs $(label "$best_rate") | CPU/GiB vs $(label "$best_cpu") |$([ -z "$raw" ] || echo " MB/s vs the floor | CPU/GiB vs the floor |")"
  echo "|---|---|---|$([ -z "$raw" ] || echo "---|---|")"
  for v in "$@"; do
    case $v in raw*) continue ;; esac
    echo "| $(label "$v") | $(ratios "$v" "$best_rate" rate | fmt %.2f) |" \
      "$(ratios "$v" "$best_cpu" cpugib | fmt %.2f) |$([ -z "$raw" ] || echo " $(ratios "$v" "$raw" rate | fmt %.2f) | $(ratios "$v" "$raw" cpugib | fmt %.2f) |")"
  done
}

report_parallel() {
  local v
  echo "## (c) $par_gets GETs of 1 KiB over $parallel connections at once, one session"
  echo
  echo "| client | requests/s | client CPU µs/request | connections |"
  echo "|---|---|---|---|"
  for v in $par_variants; do
    echo "| $(label "$v") | $(cell "$v" rps %.0f) | $(cell "$v" cpu %.2f)" \
      "| $(sed -n 's/.*conns=\([0-9]*\).*/\1/p' "$work/conns.$v") |"
  done
  echo
  echo "Ratio openinet/libcurl per round: requests/s $(ratios oi-par curl-par rps | fmt %.2f)," \
    "CPU/request $(ratios oi-par curl-par cpu | fmt %.2f).  Client and server on two CPUs:"
  echo "the wall rate swings with anything else running on either; CPU per request holds."
}

report_cli() {
  local s c
  echo "## (d) The CLI fetching 1 KiB once, process start to exit; (e) the CLI downloading 1 GiB"
  echo
  echo "build/openinet against Debian's curl (\`-s -S -f\`, curl with \`--http1.1\`; https with"
  echo "\`--cacert\`), body to /dev/null; $cli_runs runs of each (1 KiB) and $rss_runs (1 GiB), alternating."
  echo
  echo "| client | 1 KiB: wall ms | 1 KiB: CPU ms | 1 GiB: wall s | 1 GiB: CPU ms | 1 GiB: peak RSS MiB |"
  echo "|---|---|---|---|---|---|"
  for s in http https; do
    echo "| **${s^^}** ||||||"
    for c in openinet curl; do
      echo "| $c CLI | $(cell cli-$c-$s ms %.2f) | $(awk -v m="$(mid cli-$c-$s cpu)" 'BEGIN { printf "%.2f", m / 1e3 }')" \
        "| $(values rss-$c-$s ms | awk '{ print $1 / 1e3 }' | median | fmt %.2f)" \
        "| $(awk -v m="$(mid rss-$c-$s cpu)" 'BEGIN { printf "%.0f", m / 1e3 }')" \
        "| $(cell rss-$c-$s rss %.1f) |"
    done
    echo "| ratio openinet/curl | $(ratios cli-openinet-$s cli-curl-$s ms | fmt %.2f)" \
      "| $(ratios cli-openinet-$s cli-curl-$s cpu | fmt %.2f)" \
      "| $(ratios rss-openinet-$s rss-curl-$s ms | fmt %.2f)" \
      "| $(ratios rss-openinet-$s rss-curl-$s cpu | fmt %.2f)" \
      "| $(ratios rss-openinet-$s rss-curl-$s rss | fmt %.2f) |"
  done
}

report_memory() {
  echo "## (e) Heap"
  echo
  echo "| figure | openinet | libcurl |"
  echo "|---|---|---|"
  echo "| heap bytes held per idle pooled connection, HTTP | $(count_of idle-openinet-http heap)" \
    "| $(count_of idle-curl-http heap) |"
  echo "| heap bytes held per idle pooled connection, HTTPS | $(count_of idle-openinet-https heap)" \
    "| $(count_of idle-curl-https heap) |"
  echo "| heap allocations per GET, reused connection, HTTP | $(count_of oi-reuse allocs)" \
    "| $(count_of curl allocs) |"
  echo "| heap bytes allocated per GET, HTTP | $(count_of oi-reuse allocbytes) | $(count_of curl allocbytes) |"
  echo "| heap allocations per GET, a fresh request handle each, HTTP | $(count_of oi-fresh allocs) | |"
  echo "| heap allocations per GET, reused connection, HTTPS | $(count_of oi-tls allocs)" \
    "| $(count_of curl-tls allocs) |"
  echo "| of which inside OpenSSL's SSL_read and SSL_write, HTTPS | $(count_of oi-tls sslallocs)" \
    "| $(count_of curl-tls sslallocs) |"
  echo
  echo "Idle heap: one session opens 33 connections at once (33 GETs in flight), reads them to"
  echo "the end and lets them go idle (request handles closed; libcurl: easy handles cleaned up,"
  echo "the connections in the multi handle's cache); glibc's mallinfo2 (all arenas and mmapped"
  echo "blocks) then, minus the same with 1 connection, over 32.  A second round must reuse them."
  echo "Allocations: valgrind memcheck's total for $((2 * alloc_gets)) GETs minus $alloc_gets, over $alloc_gets;"
  echo "those inside SSL_read and SSL_write from its call trees (--xtree-memory)."
}

# Top functions by own instructions in the callgrind runs.
report_profile() {
  local v
  echo "## Profile: top functions by instructions (callgrind, the loop of $cg_gets GETs)"
  for v in oi-reuse curl oi-tls; do
    echo
    echo "$(label $v)$([ "$v" != oi-tls ] || echo ", HTTPS"):"
    echo
    echo '```'
    callgrind_annotate --threshold=100 "$work/cg.$v.$cg_gets" 2>/dev/null |
      awk '/file:function/ { on = 1; next } on && /^ *[0-9]/ && n++ < 15' |
      sed -e 's|\[/[^]]*/\([^]/]*\)\]$|[\1]|' -e 's|)  [^ ]*/\([^/ ]*:\)|)  \1|' || true
    echo '```'
  done
}

draw_plot() {
  local name a b c d s i
  : >"$work/plot.dat"
  while read -r name a b c d; do
    echo "# $name" >>"$work/plot.dat"
    i=0
    for s in "1024 $a" "65536 $b" "1048576 $c" "$big $d"; do
      read -r size v <<<"$s"
      echo "$size $(values "$v" rate | median)" >>"$work/plot.dat"
      i=$((i + 1))
    done
    printf '\n\n' >>"$work/plot.dat"
  done <<<"$(plot_series)"
  gnuplot <<EOF || die "gnuplot failed"
set terminal pngcairo size 1000,640 font "sans,11"
set output "$work/throughput.png"
set title "Throughput against body size: sequential GETs, nginx on loopback, client and server on one core\n(median of $rounds rounds, bars min-max; 1 GiB: $dl_rounds rounds)"
set logscale xy
set xtics ("1 KiB" 1024, "64 KiB" 65536, "1 MiB" 1048576, "1 GiB" $big)
set xrange [600:$((big * 2))]
set ylabel "MB/s (10^6 bytes of body per second)"
set xlabel "body size (one keep-alive connection; 16 KiB read buffers)"
set grid ytics mytics xtics
set key bottom right box opaque
set yrange [5:*]
plot "$work/plot.dat" index 0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb "#1f77b4" title "openinet, HTTP", \
     "" index 1 using 1:2:3:4 with yerrorlines lw 2 pt 5 lc rgb "#d62728" title "libcurl, HTTP", \
     "" index 2 using 1:2:3:4 with yerrorlines lw 1.5 dt 3 pt 1 lc rgb "#7f7f7f" title "raw socket client (floor), HTTP", \
     "" index 3 using 1:2:3:4 with yerrorlines lw 2 dt 2 pt 6 lc rgb "#1f77b4" title "openinet, HTTPS", \
     "" index 4 using 1:2:3:4 with yerrorlines lw 2 dt 2 pt 4 lc rgb "#d62728" title "libcurl, HTTPS"
EOF
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
    "sendfile on; TLS: EC P-256 certificate, HTTP/1.1), $("$work/bin/curl" --version)," \
    "$(curl --version | head -1 | cut -d' ' -f1-2) CLI, $("$work/bin/openinet" --version) ($revision)"
  echo "- pinning: nginx's worker on CPU $cpu throughout; (a), (b), (d), (e) and the size runs:" \
    "the client on the same CPU $cpu (\`taskset\`); (c): the client on CPU $cli_cpu, so that each side has a core"
  echo "- $rounds counted rounds ($dl_rounds for the 1 GiB downloads) after one warm-up, clients" \
    "alternating in each round; figures are medians (min-max); ratios are taken per round, then the median"
  echo "- every run checks status 200 and the body size of every response; the warm-up download" \
    "of every 1 GiB variant also counts the body bytes that are not zero (0 of 1 GiB, HTTP and HTTPS)," \
    "and the CLIs' outputs are compared with the files byte for byte (1 KiB and 1 GiB, HTTP and HTTPS)"
  echo "- load average (1, 5, 15 min) before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  report_targets
  echo
  report_get
  echo
  report_sizes
  echo
  echo "## (b) 1 GiB download (sparse file), HTTP/1.1"
  echo
  echo "nginx is the bottleneck here (on the shared core), so MB/s hardly ranks the clients:"
  echo "client CPU per GiB does."
  echo
  # shellcheck disable=SC2086
  report_download "HTTP" raw-256k $dl_variants
  echo
  # shellcheck disable=SC2086
  report_download "HTTPS" "" $tls_dl_variants
  echo
  report_parallel
  echo
  report_cli
  echo
  report_memory
  echo
  report_profile
}

main() {
  local v
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  build_clients
  make_docroot
  start_nginx
  note "nginx on 127.0.0.1:$port (https: $tls_port), on CPU $cpu"
  check_connections
  measure
  check_clis
  note "CLI checks done"
  measure_clis
  for v in $cg_variants; do
    instructions "$v"
    syscalls "$v"
  done
  note "callgrind and strace done"
  for v in oi-reuse oi-fresh curl oi-tls curl-tls; do allocations "$v"; done
  note "memcheck done"
  for v in openinet curl; do
    idle_heap "$v" http
    idle_heap "$v" https
  done
  note "memcheck and heap done"
  metrics
  report >"$work/report.md"
  draw_plot
  mkdir -p "$(dirname "$out")" "$(dirname "$plot")"
  cp "$work/report.md" "$out"
  cp "$work/throughput.png" "$plot"
  cat "$out"
}

main
