#!/usr/bin/env bash
# The examples and the README's C example, built and run against nginx:
# documentation that does not run is documentation that lies.
# Usage: test_examples.sh BUILD_DIR   (peers' variables from tests/run.sh)
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${OI_NGINX_PORT:?run through tests/run.sh}" "${OI_DOCROOT:?run through tests/run.sh}"
base="http://127.0.0.1:$OI_NGINX_PORT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cases.sh
source "$src/tests/cases.sh"
CASES_DIR=$tmp/cases

seven_steps_fetches_the_file() {
  timeout 20 "$build/example_seven_steps" 127.0.0.1 "$OI_NGINX_PORT" /1k.bin \
    >"$tmp/1k" 2>"$tmp/events"
  cmp "$tmp/1k" "$OI_DOCROOT/1k.bin"
}

seven_steps_raises_the_events_in_order() {
  local want="HANDLE_CREATED HANDLE_CREATED RESOLVING_NAME NAME_RESOLVED CONNECTING_TO_SERVER"
  want="$want CONNECTED_TO_SERVER SENDING_REQUEST REQUEST_SENT RECEIVING_RESPONSE"
  want="$want RESPONSE_RECEIVED HANDLE_CLOSING HANDLE_CLOSING CLOSING_CONNECTION"
  want="$want CONNECTION_CLOSED HANDLE_CLOSING"
  local got
  got=$(sed -n 's/^\[[a-z]*\] \([A-Z_]*\).*/\1/p' "$tmp/events" | tr '\n' ' ')
  [ "$got" = "$want " ] || { echo "got:  $got"; echo "want: $want"; return 1; }
}

seven_steps_reports_a_refused_connection() {
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ! timeout 20 "$build/example_seven_steps" 127.0.0.1 "$port" / 2>"$tmp/err" >/dev/null &&
    grep -q "OI_E_CANNOT_CONNECT (WinInet 12029): connect to 127.0.0.1 port $port" "$tmp/err"
}

open_url_reads_http_and_file_alike() {
  timeout 20 "$build/example_open_url" "$base/1k.bin" "file://$OI_DOCROOT/1m.bin" >"$tmp/both"
  cat "$OI_DOCROOT/1k.bin" "$OI_DOCROOT/1m.bin" | cmp - "$tmp/both"
}

open_url_fails_on_missing_things() {
  ! timeout 20 "$build/example_open_url" "$base/no-such-file" 2>"$tmp/err" &&
    grep -q "404" "$tmp/err" &&
    ! timeout 20 "$build/example_open_url" "file://$OI_DOCROOT/no-such-file" 2>"$tmp/err" &&
    grep -q "No such file" "$tmp/err"
}

readme_example_compiles_and_runs() {
  sed -n '/^```c$/,/^```$/p' "$src/README.md" | sed '1d;$d' |
    sed "s/8080/$OI_NGINX_PORT/" >"$tmp/readme.c"
  local sanitize=""
  if grep -q '^OI_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
    sanitize="-fsanitize=address,undefined"
  fi
  cc -std=c11 -Wall -Wextra -Werror $sanitize -I"$src/include" "$tmp/readme.c" \
    -L"$build" -lopeninet -Wl,-rpath,"$build" -o "$tmp/readme"
  timeout 20 "$tmp/readme" >"$tmp/page"
  cmp "$tmp/page" "$OI_DOCROOT/index.html"
}

check_each seven_steps_fetches_the_file \
  seven_steps_raises_the_events_in_order \
  seven_steps_reports_a_refused_connection \
  open_url_reads_http_and_file_alike \
  open_url_fails_on_missing_things \
  readme_example_compiles_and_runs

check_summary
