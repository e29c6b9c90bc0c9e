#!/usr/bin/env bash
# The WinInet examples (examples/wininet/) built as a Windows program is
# ported: no source change, only -I<include>/openinet and -lopeninet-wininet
# (with -L and an rpath to find the library in the build folder), warnings
# as errors; then run against nginx and httpbin, checking what they print.
# Usage: test_examples.sh BUILD_DIR   (peers' variables from tests/run.sh)
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${OI_NGINX_PORT:?run through tests/run.sh}" "${OI_HTTPBIN_PORT:?run through tests/run.sh}"
: "${OI_DOCROOT:?run through tests/run.sh}"
nginx="http://127.0.0.1:$OI_NGINX_PORT"
httpbin="http://127.0.0.1:$OI_HTTPBIN_PORT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cases.sh
source "$src/tests/cases.sh"
CASES_DIR=$tmp/cases

# A library built with sanitizers needs their runtime in the program too.
sanitize=()
if grep -q '^OI_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  sanitize=("-fsanitize=address,undefined")
fi

build_example() { # NAME
  "${CC:-cc}" -std=c11 -Wall -Wextra -Werror "${sanitize[@]}" -I"$src/include/openinet" \
    "$src/examples/wininet/$1.c" -L"$build" -lopeninet-wininet -Wl,-rpath,"$build" \
    -o "$tmp/$1"
}

# A port nobody listens on.
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

http_get_prints_the_page() {
  timeout 20 "$tmp/http_get" 127.0.0.1 "$OI_NGINX_PORT" /index.html >"$tmp/page"
  cmp "$tmp/page" "$OI_DOCROOT/index.html"
}

http_get_fails_on_404() {
  ! timeout 20 "$tmp/http_get" 127.0.0.1 "$OI_NGINX_PORT" /no-such-file 2>"$tmp/err" >/dev/null &&
    grep -q "HTTP status 404" "$tmp/err"
}

http_post_sends_form_and_headers() {
  timeout 20 "$tmp/http_post" 127.0.0.1 "$OI_HTTPBIN_PORT" /post "name=value&n=42" >"$tmp/post"
  head -1 "$tmp/post" | grep -qx "status 200" &&
    grep -Eq '"name": ?"value"' "$tmp/post" && grep -Eq '"n": ?"42"' "$tmp/post" &&
    grep -Eq '"X-Example": ?"wininet"' "$tmp/post" &&
    grep -Eq '"Content-Type": ?"application/x-www-form-urlencoded"' "$tmp/post" &&
    grep -Eq '"User-Agent": ?"WinInet example"' "$tmp/post"
}

open_url_reads_a_megabyte() {
  timeout 20 "$tmp/open_url" "$nginx/1m.bin" >"$tmp/1m"
  cmp "$tmp/1m" "$OI_DOCROOT/1m.bin"
}

open_url_reports_a_refused_connection() {
  local port
  port=$(free_port)
  ! timeout 20 "$tmp/open_url" "http://127.0.0.1:$port/" 2>"$tmp/err" >/dev/null &&
    grep -q "InternetOpenUrl failed: error 12029" "$tmp/err"
}

# Runs the checks that follow FILE; shows FILE when one fails.
all_or_show() { # FILE COMMAND...
  local file=$1
  shift
  "$@" || { cat "$file"; return 1; }
}

download_checks() {
  grep -qx "resolving 127.0.0.1" "$tmp/dl.err" &&
    grep -qx "connected to 127.0.0.1" "$tmp/dl.err" &&
    grep -q "^request sent: [1-9][0-9]* bytes" "$tmp/dl.err" &&
    [ "$(grep -cx '[0-9]*%' "$tmp/dl.err")" = 4 ] && grep -qx "100%" "$tmp/dl.err" &&
    grep -qx "handle closing" "$tmp/dl.err"
}

download_writes_the_file_with_progress() {
  timeout 20 "$tmp/download" "$nginx/1m.bin" "$tmp/dl" >"$tmp/dl.out" 2>"$tmp/dl.err"
  cmp "$tmp/dl" "$OI_DOCROOT/1m.bin" &&
    grep -qx "downloaded 1048576 bytes to $tmp/dl" "$tmp/dl.out" &&
    all_or_show "$tmp/dl.err" download_checks
}

query_info_checks() {
  grep -qx "status code: 200" "$tmp/qi" && grep -qx "status text: OK" "$tmp/qi" &&
    grep -qx "version: HTTP/1.1" "$tmp/qi" &&
    grep -qx "content type: application/json" "$tmp/qi" &&
    grep -Eqx "date: [0-9]{4}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT" "$tmp/qi" &&
    grep -qx "raw: HTTP/1.1 200 OK" "$tmp/qi" && grep -qx "raw: X-Rep: one" "$tmp/qi" &&
    grep -qx "X-Rep\[0\]: one" "$tmp/qi" && grep -qx "X-Rep\[1\]: two" "$tmp/qi" &&
    ! grep -q "X-Rep\[2\]" "$tmp/qi"
}

query_info_dumps_the_response() {
  timeout 20 "$tmp/query_info" "$httpbin/response-headers?X-Rep=one&X-Rep=two" X-Rep >"$tmp/qi"
  all_or_show "$tmp/qi" query_info_checks
}

nginx_length_checks() {
  grep -qx "content length: 1024" "$tmp/qi" && grep -q "^server: nginx" "$tmp/qi"
}

query_info_reads_nginx_lengths() {
  timeout 20 "$tmp/query_info" "$nginx/1k.bin" >"$tmp/qi"
  all_or_show "$tmp/qi" nginx_length_checks
}

async_checks() {
  grep -Eqx "1048576 bytes, [0-9]+ completions" "$tmp/async.err" &&
    [ "$(sed -n 's/.*, \([0-9]*\) completions/\1/p' "$tmp/async.err")" -ge 2 ]
}

async_download_completes_on_callbacks() {
  timeout 30 "$tmp/async_download" "$nginx/1m.bin" >"$tmp/async" 2>"$tmp/async.err"
  cmp "$tmp/async" "$OI_DOCROOT/1m.bin" && all_or_show "$tmp/async.err" async_checks
}

async_download_reports_a_refused_connection() {
  local port
  port=$(free_port)
  ! timeout 20 "$tmp/async_download" "http://127.0.0.1:$port/" 2>"$tmp/err" >/dev/null &&
    grep -q "InternetOpenUrl failed: error 12029" "$tmp/err"
}

examples=(http_get http_post open_url download query_info async_download)
for name in "${examples[@]}"; do
  check "$name builds with only -I and -l" build_example "$name"
done
check_each http_get_prints_the_page \
  http_get_fails_on_404 \
  http_post_sends_form_and_headers \
  open_url_reads_a_megabyte \
  open_url_reports_a_refused_connection \
  download_writes_the_file_with_progress \
  query_info_dumps_the_response \
  query_info_reads_nginx_lengths \
  async_download_completes_on_callbacks \
  async_download_reports_a_refused_connection

check_summary
