#!/usr/bin/env bash
# Integration tests of the openinet command-line tool against the test peers
# (tests/servers/README.md).  Usage: test_cli.sh BUILD_DIR
#
# Uses the peers whose OI_*_PORT variables are set; starts its own with
# tests/servers/peers.sh when none are.  Every command is bounded in time,
# and all traffic stays on 127.0.0.1 and ::1.
set -u

BUILD=$(cd "${1:?usage: test_cli.sh BUILD_DIR}" && pwd)
BIN=$BUILD/openinet
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PEERS_SH=$ROOT/tests/servers/peers.sh
PY=/usr/bin/python3
WORK=$(mktemp -d)
OWN_PEERS=""

# Without -x the tool honours the proxy variables, as curl does: the tests
# must not go through whatever proxy the calling environment names.
unset http_proxy https_proxy all_proxy no_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY NO_PROXY

cleanup() {
  if [ -n "$OWN_PEERS" ]; then
    "$PEERS_SH" stop "$OWN_PEERS" >/dev/null 2>&1
    rm -rf "$OWN_PEERS"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${OI_NGINX_PORT:-}" ] && [ -x "$PEERS_SH" ]; then
  OWN_PEERS=$("$PEERS_SH" mkdir)
  if "$PEERS_SH" start "$OWN_PEERS" >"$WORK/peers.log" 2>&1; then
    # shellcheck disable=SC1091
    source "$OWN_PEERS/env"
  else
    cat "$WORK/peers.log" >&2
  fi
fi

# shellcheck source=tests/cases.sh
source "$ROOT/tests/cases.sh"
CASES_DIR=$WORK

# needs VAR...: skip the test (exit 77 from its subshell) unless the peers
# it talks to are up.
needs() {
  local v
  for v in "$@"; do
    [ -n "${!v:-}" ] || { echo "no $v" && exit 77; }
  done
}

# cli ARGS...: the tool, bounded in time.
cli() {
  timeout 20 "$BIN" "$@"
}

# expect_exit CODE ARGS...: run the tool; fail unless it exits with CODE.
expect_exit() {
  local want=$1 rc=0
  shift
  cli "$@" || rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "openinet $*: exit $rc, expected $want" >&2
    return 1
  fi
}

# A loopback port nothing listens on: bind one, then close it.
closed_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

nginx() { echo "http://127.0.0.1:$OI_NGINX_PORT$1"; }
httpbin() { echo "http://127.0.0.1:$OI_HTTPBIN_PORT$1"; }
scripted() { echo "http://127.0.0.1:$OI_SCRIPTED_PORT$1"; }

# ---- without peers ----------------------------------------------------------

t_version() {
  cli --version >out
  grep -Eq '^openinet [0-9]+\.[0-9]+\.[0-9]+ libopeninet/[0-9]+\.[0-9]+\.[0-9]+' out
  grep -Eq ' OpenSSL/[0-9]+\.[0-9]+' out
  grep -Eq ' zlib/[0-9]+\.[0-9]+' out
  grep -Eq ' brotli/[0-9]+\.[0-9]+\.[0-9]+' out
  grep -Eq ' zstd/[0-9]+\.[0-9]+' out
  grep -Eq ' libpsl/[0-9]+\.[0-9]+' out
  cli -V | cmp - out
}

t_help_lists_options_and_exit_codes() {
  cli --help >out
  grep -q '^Usage: openinet \[options\] URL' out
  for opt in --output --remote-name --include --head --header --request --data \
    --data-binary --upload-file --user --silent --show-error --verbose --fail \
    --connect-timeout --max-time --user-agent --http1.0 --location --no-location --max-redirs \
    --cookie --cookie-jar --proxy --noproxy --proxy-user --compressed --insecure --cacert \
    --cert --key --help --version; do
    grep -q -- "$opt" out || { echo "help lacks $opt" >&2; return 1; }
  done
  grep -Eq '^  22  ' out
}

# docs/cli.md must list every exit code of --help, with the same meaning.
t_docs_match_help_exit_codes() {
  cli --help | sed -n 's/^  *\([0-9][0-9]*\)  \(.*\)$/| \1 | \2 |/p' >codes
  [ "$(wc -l <codes)" -ge 15 ]
  while IFS= read -r row; do
    grep -qF -- "$row" "$ROOT/docs/cli.md" || { echo "docs/cli.md lacks: $row" >&2; return 1; }
  done <codes
}

t_bad_usage_exits_2() {
  expect_exit 2 --no-such-option http://127.0.0.1/ 2>err
  grep -q '^openinet: --no-such-option: unknown option' err
  expect_exit 2 2>/dev/null
  expect_exit 2 -o 2>/dev/null
  expect_exit 2 --max-time=abc http://127.0.0.1/ 2>/dev/null
  expect_exit 2 --verbose=1 http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -H 'no colon' http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -H "$(printf 'X-A: 1\r\nX-B: 2')" http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -A "$(printf 'agent\r\nX-B: 2')" http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -I -d x http://127.0.0.1/ 2>/dev/null
  expect_exit 2 --max-redirs abc http://127.0.0.1/ 2>/dev/null
  expect_exit 2 --max-redirs -1 http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -b "$(printf 'a=1\r\nX-B: 2')" http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -b - http://127.0.0.1/ 2>/dev/null
  expect_exit 2 -c - http://127.0.0.1/ 2>/dev/null
}

# The proxy URL is checked when a request goes out: before any traffic.
t_invalid_proxy_exits_2() {
  expect_exit 2 -x ftp://127.0.0.1:1 http://127.0.0.1:1/ 2>err
  grep -q '^openinet: invalid proxy' err
}

# A cookie file that exists but cannot be read stops the run before any
# request; one that does not exist yet is an empty jar.
t_unreadable_cookie_file_exits_26() {
  expect_exit 26 -b "$PWD" http://127.0.0.1:1/ 2>err
  grep -q '^openinet: load cookies' err
}

t_malformed_url_exits_3() {
  expect_exit 3 'http://127.0.0.1:99999/' 2>err
  grep -q '^openinet: malformed URL' err
  expect_exit 3 'http:///path' 2>/dev/null
  expect_exit 3 'http://[::1/' 2>/dev/null
  expect_exit 3 'http://127.0.0.1/a b' 2>/dev/null
  expect_exit 3 'http://127.0.0.1/%zz' 2>/dev/null
  expect_exit 3 'http://127.0.0.1:8x/' 2>/dev/null
}

t_unsupported_scheme_exits_1() {
  expect_exit 1 gopher://127.0.0.1/ 2>err
  grep -q '^openinet: ' err
}

t_closed_port_exits_7() {
  local port
  port=$(closed_port)
  expect_exit 7 "http://127.0.0.1:$port/" 2>err
  grep -q "^openinet: .*127.0.0.1" err
}

t_missing_file_exits_37() {
  expect_exit 37 "file://$WORK/no-such-file" 2>err
  grep -q '^openinet: ' err
}

# Root reads any file, so as root the tool runs as nobody (setpriv); the
# folders on the way stay searchable, so only the file's mode refuses.
t_unreadable_file_exits_37() {
  local as=()
  echo secret >secret.txt
  chmod 000 secret.txt
  if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || { echo "no setpriv to drop root" && exit 77; }
    chmod a+x "$WORK" "$PWD"
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  local rc=0
  timeout 20 "${as[@]}" "$BIN" "file://$PWD/secret.txt" >got 2>err || rc=$?
  [ "$rc" -eq 37 ] || { echo "exit $rc, expected 37" && cat err && false; }
  grep -q '^openinet: .*[Pp]ermission denied' err
  [ ! -s got ]
}

t_file_url_downloads() {
  head -c 300000 /dev/urandom >data.bin
  cli -s "file://$PWD/data.bin" >got
  cmp got data.bin
}

t_silent_hides_errors_show_error_restores() {
  local port
  port=$(closed_port)
  expect_exit 7 -s "http://127.0.0.1:$port/" 2>err
  [ ! -s err ]
  expect_exit 7 -sS "http://127.0.0.1:$port/" 2>err
  grep -q '^openinet: ' err
}

t_unreadable_upload_exits_26() {
  expect_exit 26 -T "$WORK/no-such-file" http://127.0.0.1:1/ 2>/dev/null
  expect_exit 26 -d "@$WORK/no-such-file" http://127.0.0.1:1/ 2>/dev/null
}

t_bad_input_never_crashes() {
  local rc arg
  # None of these reaches a name server: they are malformed, or local.
  for arg in '' ':' '://' 'http://' 'http://@' 'http://[]/' 'http://:@:/' '[' \
    'http://a:b@' "$(printf 'http://x/\001')" "127.0.0.1:1/$(head -c 9000 /dev/zero | tr '\0' a)" \
    'http://127.0.0.1:1/%' 'http://[::1]x/' 'http://u%00@127.0.0.1:1/'; do
    rc=0
    cli -s -- "$arg" >/dev/null 2>&1 || rc=$?
    [ "$rc" -lt 128 ] || { echo "signal on '$arg': exit $rc" >&2; return 1; }
  done
}

# ---- nginx: downloads --------------------------------------------------------

t_downloads_are_byte_identical() {
  needs OI_NGINX_PORT
  local f
  for f in empty.bin 1k.bin 1m.bin 100m.bin index.html; do
    cli -s "$(nginx /$f)" >got
    cmp got "$OI_DOCROOT/$f"
  done
}

t_output_file() {
  needs OI_NGINX_PORT
  cli -s -o got "$(nginx /1m.bin)" >stdout
  cmp got "$OI_DOCROOT/1m.bin"
  [ ! -s stdout ]
}

t_remote_name() {
  needs OI_NGINX_PORT
  cli -s -O "$(nginx '/1k.bin?x=1')"
  cmp 1k.bin "$OI_DOCROOT/1k.bin"
  expect_exit 23 -s -O "$(nginx /)"
}

t_outputs_pair_with_urls_in_order() {
  needs OI_NGINX_PORT
  cli -s -o first "$(nginx /1k.bin)" "$(nginx /index.html)" -o second "$(nginx /empty.bin)" >rest
  cmp first "$OI_DOCROOT/1k.bin"
  cmp second "$OI_DOCROOT/index.html"
  cmp rest "$OI_DOCROOT/empty.bin"
}

t_options_after_urls_and_long_equals() {
  needs OI_NGINX_PORT
  cli "$(nginx /1k.bin)" --silent --output=got
  cmp got "$OI_DOCROOT/1k.bin"
  cli -so got2 -- "$(nginx /index.html)"
  cmp got2 "$OI_DOCROOT/index.html"
}

t_url_without_scheme_is_http() {
  needs OI_NGINX_PORT
  cli -s "127.0.0.1:$OI_NGINX_PORT/1k.bin" >got
  cmp got "$OI_DOCROOT/1k.bin"
}

t_ipv6_literal() {
  needs OI_NGINX_PORT OI_NGINX_IPV6
  cli -s "http://[::1]:$OI_NGINX_PORT/1k.bin" >got
  cmp got "$OI_DOCROOT/1k.bin"
}

t_include_writes_head_then_body() {
  needs OI_NGINX_PORT
  cli -s -i "$(nginx /index.html)" >got
  head -n 1 got | grep -q $'^HTTP/1.1 200 OK\r$'
  grep -q $'^Content-Length: '"$(wc -c <"$OI_DOCROOT/index.html")"$'\r$' got
  sed '1,/^\r$/d' got | cmp - "$OI_DOCROOT/index.html"
}

t_head_writes_head_only() {
  needs OI_NGINX_PORT
  cli -s -I "$(nginx /1m.bin)" >got
  head -n 1 got | grep -q $'^HTTP/1.1 200 OK\r$'
  grep -q $'^Content-Length: 1048576\r$' got
  [ "$(tail -c 4 got | od -An -c | tr -d ' ')" = '\r\n\r\n' ]
  [ "$(wc -c <got)" -lt 1000 ]
}

t_http10() {
  needs OI_NGINX_PORT
  cli -v --http1.0 "$(nginx /1k.bin)" >got 2>err
  cmp got "$OI_DOCROOT/1k.bin"
  grep -q '^> GET /1k.bin HTTP/1.0' err
}

t_write_error_exits_23() {
  needs OI_NGINX_PORT
  [ -w /dev/full ] || { echo "no /dev/full" && exit 77; }
  expect_exit 23 "$(nginx /1m.bin)" >/dev/full 2>err
  grep -q '^openinet: write to standard output' err
  expect_exit 23 -o "$WORK/no/such/dir/file" "$(nginx /1k.bin)" 2>/dev/null
}

t_closed_pipe_is_write_error() {
  needs OI_NGINX_PORT
  local rc
  rc=$( (timeout 20 "$BIN" -s "$(nginx /100m.bin)"; echo $? >rc) | head -c 10 >/dev/null; cat rc)
  [ "$rc" -eq 23 ]
}

# A 1 GiB body through the 256 KiB buffer: peak memory stays small.
t_one_gib_in_little_memory() {
  needs OI_SCRIPTED_PORT
  [ -x /usr/bin/time ] || { echo "no /usr/bin/time" && exit 77; }
  timeout 60 /usr/bin/time -f '%M' -o rss "$BIN" -s "$(scripted '/big-body?n=1073741824')" |
    wc -c >size
  [ "$(cat size)" -eq 1073741824 ]
  echo "peak RSS $(cat rss) KiB"
  # AddressSanitizer's shadow memory would count against the tool.
  grep -qa __asan_init "$BIN" || [ "$(cat rss)" -lt 8192 ]
}

t_progress_bar_on_a_terminal() {
  needs OI_NGINX_PORT
  command -v script >/dev/null || { echo "no script(1)" && exit 77; }
  # script gives the tool a terminal for stderr; the body goes to a file.
  script -qec "timeout 20 '$BIN' -o got '$(nginx /100m.bin)'" /dev/null >tty.out
  cmp got "$OI_DOCROOT/100m.bin"
  grep -q '100%' tty.out
  grep -q 'iB/s' tty.out
  # Nothing of the bar when -s, nor when stderr is not a terminal.
  script -qec "timeout 20 '$BIN' -s -o got '$(nginx /1m.bin)'" /dev/null >tty.out
  [ ! -s tty.out ]
  cli -o got "$(nginx /1m.bin)" 2>err
  [ ! -s err ]
}

# ---- scripted server ---------------------------------------------------------

t_urls_share_a_connection() {
  needs OI_SCRIPTED_PORT
  cli -s "$(scripted /conn-id)" "$(scripted /conn-id)" >got
  grep -Eq '^conn=([0-9]+) req=1conn=\1 req=2$' got
}

t_failed_url_does_not_stop_the_next() {
  needs OI_NGINX_PORT
  local port
  port=$(closed_port)
  expect_exit 7 -s "$(nginx /1k.bin)" "http://127.0.0.1:$port/" "$(nginx /index.html)" >got
  cat "$OI_DOCROOT/1k.bin" "$OI_DOCROOT/index.html" | cmp - got
  # The exit code is the last failure's, not the first's.
  expect_exit 3 -s "http://127.0.0.1:$port/" "http://127.0.0.1:0x/" "$(nginx /1k.bin)" >/dev/null
  expect_exit 7 -s "http://127.0.0.1:0x/" "http://127.0.0.1:$port/" "$(nginx /1k.bin)" >/dev/null
}

t_max_time_exits_28_in_time() {
  needs OI_SCRIPTED_PORT
  local start end
  start=$(date +%s%N)
  expect_exit 28 -m 1 "$(scripted /silent)" 2>err
  end=$(date +%s%N)
  grep -q '^openinet: ' err
  [ $(((end - start) / 1000000)) -lt 4000 ]
  expect_exit 28 -s --max-time=0.3 "$(scripted '/drip?ms=100&n=50')" >/dev/null
}

# A listener whose backlog is full: the kernel drops further SYNs, so a
# connect neither succeeds nor fails until our timeout ends it.
t_connect_timeout_exits_28() {
  needs OI_NGINX_PORT
  "$PY" -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
held = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False); c.connect_ex(s.getsockname()); held.append(c)
print(s.getsockname()[1], flush=True)
time.sleep(30)' >port &
  helper_pid=$! # global: the trap runs when this subshell ends
  trap 'kill "$helper_pid" 2>/dev/null' EXIT
  local start end
  for _ in $(seq 50); do [ -s port ] && break; sleep 0.1; done
  start=$(date +%s%N)
  expect_exit 28 --connect-timeout 0.5 "http://127.0.0.1:$(cat port)/" 2>err
  end=$(date +%s%N)
  [ $(((end - start) / 1000000)) -lt 4000 ]
}

t_broken_responses_map_to_exit_codes() {
  needs OI_SCRIPTED_PORT
  expect_exit 18 -s "$(scripted /truncated-length)" >got
  [ "$(wc -c <got)" -eq 10 ]
  expect_exit 18 -s "$(scripted /close-mid-chunk)" >/dev/null
  expect_exit 8 -s "$(scripted /garbage)" >/dev/null
  expect_exit 8 -s "$(scripted /oversize-headers)" >/dev/null
  expect_exit 8 -s "$(scripted /bad-chunk-size)" >/dev/null
  expect_exit 56 -s "$(scripted /reset-mid-body)" >/dev/null
  expect_exit 55 -s "$(scripted /reset)" >/dev/null
}

t_verbose_traces_events_in_order() {
  needs OI_SCRIPTED_PORT
  cli -v "$(scripted /ok)" >got 2>err
  [ "$(cat got)" = hello ]
  grep -Eq '^\* \[[0-9]+\.[0-9]{3} ms\] CONNECTED_TO_SERVER 127\.0\.0\.1$' err
  local last=0 n pattern
  for pattern in '] CONNECTING_TO_SERVER ' '] CONNECTED_TO_SERVER ' '] SENDING_REQUEST' \
    '] REQUEST_SENT ' '^> GET /ok HTTP/1.1' '^> Host: 127.0.0.1:' '] RECEIVING_RESPONSE' \
    '] RESPONSE_RECEIVED ' '^< HTTP/1.1 200' '^< Content-Length: 5' '] HANDLE_CLOSING request'; do
    n=$(grep -n -m1 -F -- "${pattern#^}" err | cut -d: -f1)
    [ -n "$n" ] || { echo "no '$pattern' in the trace" >&2; cat err >&2; return 1; }
    [ "$n" -gt "$last" ] || { echo "'$pattern' out of order" >&2; cat err >&2; return 1; }
    last=$n
  done
}

# ---- nginx over TLS ---------------------------------------------------------

tls() { echo "https://127.0.0.1:${!1}$2"; }

t_https_downloads_with_the_test_ca() {
  needs OI_NGINX_TLS_PORT OI_TEST_CA
  cli -s --cacert "$OI_TEST_CA" "$(tls OI_NGINX_TLS_PORT /1m.bin)" >got
  cmp got "$OI_DOCROOT/1m.bin"
  cli -s --cacert="$OI_TEST_CA" -I "$(tls OI_NGINX_TLS_PORT /1k.bin)" >got
  head -n 1 got | grep -q ' 200 '
  cli -s --cacert "$OI_TEST_CA" -d 'x=1' -o /dev/null "$(tls OI_NGINX_TLS_PORT /upload)"
}

t_https_certificate_checks_exit_60() {
  needs OI_NGINX_TLS_UNKNOWNCA_PORT OI_NGINX_TLS_EXPIRED_PORT OI_NGINX_TLS_WRONGHOST_PORT
  local port
  for port in OI_NGINX_TLS_UNKNOWNCA_PORT OI_NGINX_TLS_EXPIRED_PORT OI_NGINX_TLS_WRONGHOST_PORT; do
    expect_exit 60 --cacert "$OI_TEST_CA" "$(tls $port /1k.bin)" >/dev/null 2>err
    grep -q '^openinet: ' err
    # -k forgives every certificate check, as with curl.
    cli -s -k "$(tls $port /1k.bin)" | cmp - "$OI_DOCROOT/1k.bin"
  done
  # Without --cacert the system store does not know the test CA.
  expect_exit 60 -s "$(tls OI_NGINX_TLS_PORT /1k.bin)" >/dev/null
}

t_https_client_certificate() {
  needs OI_NGINX_TLS_CLIENTCERT_PORT OI_CLIENT_CERT OI_CLIENT_KEY
  local url
  url=$(tls OI_NGINX_TLS_CLIENTCERT_PORT /1k.bin)
  cli -s -f --cacert "$OI_TEST_CA" -E "$OI_CLIENT_CERT" --key "$OI_CLIENT_KEY" "$url" >got
  cmp got "$OI_DOCROOT/1k.bin"
  expect_exit 22 -s -f --cacert "$OI_TEST_CA" "$url"
}

# ---- httpbin -----------------------------------------------------------------

# json FILE KEY...: the value at that path of httpbin's JSON answer, as JSON
# (strings in quotes, escapes kept).
json() {
  "$PY" -c '
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[k]
print(json.dumps(v))' "$@"
}

t_headers_reach_the_server() {
  needs OI_HTTPBIN_PORT
  cli -s -H 'X-One: alpha' -H 'X-Two: beta gamma' "$(httpbin /headers)" >got
  [ "$(json got headers X-One)" = '"alpha"' ]
  [ "$(json got headers X-Two)" = '"beta gamma"' ]
  [ "$(json got headers Accept)" = '"*/*"' ]
}

t_user_agent() {
  needs OI_HTTPBIN_PORT
  cli -s -A 'agent-a/1' "$(httpbin /headers)" >got
  [ "$(json got headers User-Agent)" = '"agent-a/1"' ]
  cli -s -H 'User-Agent: agent-h/2' "$(httpbin /headers)" >got
  [ "$(json got headers User-Agent)" = '"agent-h/2"' ]
  cli -s "$(httpbin /headers)" >got
  json got headers User-Agent | grep -q '^"openinet/'
}

t_post_form_data() {
  needs OI_HTTPBIN_PORT
  cli -s -d 'a=1' -d 'b=two' "$(httpbin /post)" >got
  [ "$(json got form)" = '{"a": "1", "b": "two"}' ]
  [ "$(json got headers Content-Type)" = '"application/x-www-form-urlencoded"' ]
}

t_data_from_file_strips_line_ends() {
  needs OI_HTTPBIN_PORT
  printf 'a=1\r\n&b=2\n' >form
  cli -s -d @form "$(httpbin /post)" >got
  [ "$(json got form)" = '{"a": "1", "b": "2"}' ]
  printf 'line1\nline2\n' >text
  cli -s -H 'Content-Type: text/plain' --data-binary @text "$(httpbin /post)" >got
  [ "$(json got data)" = '"line1\nline2\n"' ]
  [ "$(json got headers Content-Type)" = '"text/plain"' ]
  printf 'from stdin' | cli -s -H 'Content-Type: text/plain' --data-binary @- "$(httpbin /post)" >got
  [ "$(json got data)" = '"from stdin"' ]
}

t_method_override() {
  needs OI_HTTPBIN_PORT
  cli -s -X PUT -d 'k=v' "$(httpbin /put)" >got
  [ "$(json got form)" = '{"k": "v"}' ]
  cli -s -f -X DELETE "$(httpbin /delete)" >got
  json got url | grep -q /delete
  expect_exit 22 -s -f -X DELETE "$(httpbin /get)" >/dev/null
}

t_upload_file_is_put_with_length() {
  needs OI_HTTPBIN_PORT
  printf 'uploaded body %s' "$$" >up.txt
  cli -s -T up.txt "$(httpbin /put)" >got
  [ "$(json got data)" = "\"uploaded body $$\"" ]
  [ "$(json got headers Content-Length)" = "\"$(wc -c <up.txt)\"" ]
}

t_upload_large_file_and_stdin() {
  needs OI_NGINX_PORT
  cli -s -f -i -T "$OI_DOCROOT/100m.bin" "$(nginx /upload)" >got
  head -n 1 got | grep -q ' 204 '
  cli -s -f -v -T - "$(nginx /upload)" <"$OI_DOCROOT/1m.bin" 2>err >/dev/null
  grep -q '^> Transfer-Encoding: chunked' err
  grep -q '^< HTTP/1.1 204' err
}

t_basic_auth() {
  needs OI_HTTPBIN_PORT
  cli -s -f -u u:p "$(httpbin /basic-auth/u/p)" >got
  [ "$(json got authenticated)" = true ]
  cli -s -i "$(httpbin /basic-auth/u/p)" >got
  head -n 1 got | grep -q ' 401 '
  expect_exit 22 -s -f -u u:wrong "$(httpbin /basic-auth/u/p)"
  cli -s -f "http://u:p@127.0.0.1:$OI_HTTPBIN_PORT/basic-auth/u/p" >got
  [ "$(json got user)" = '"u"' ]
  # Digest, when the server asks for it, with the same -u.
  cli -s -f -u u:p "$(httpbin /digest-auth/auth/u/p)" >got
  [ "$(json got authenticated)" = true ]
}

t_fail_exits_22_without_body() {
  needs OI_HTTPBIN_PORT
  expect_exit 22 -f "$(httpbin /status/404)" >got 2>err
  [ ! -s got ]
  grep -q '^openinet: ' err
  expect_exit 22 -sf "$(httpbin /status/500)" >/dev/null
  # No output file either: it is created once a response is accepted.
  expect_exit 22 -sf -o out "$(httpbin /status/404)"
  [ ! -e out ]
  # Without -f an error status is a successful transfer.
  expect_exit 0 -s "$(httpbin /status/404)" >/dev/null
}

t_redirects_followed_by_default() {
  needs OI_HTTPBIN_PORT
  cli -s "$(httpbin /redirect/3)" >got
  [ "$(json got url)" = "\"$(httpbin /get)\"" ]
  cli -s -i "$(httpbin '/redirect-to?url=/get')" >got
  head -n 1 got | grep -q ' 200 '
}

t_no_location_stops_at_the_first_response() {
  needs OI_HTTPBIN_PORT
  cli -s -i --no-location "$(httpbin /redirect/3)" >got
  head -n 1 got | grep -q ' 302 '
  grep -q $'^Location: /relative-redirect/2\r$' got
  # The last of -L and --no-location wins.
  cli -s -i -L --no-location "$(httpbin /redirect/1)" | head -n 1 | grep -q ' 302 '
  cli -s --no-location -L "$(httpbin /redirect/1)" >got
  [ "$(json got url)" = "\"$(httpbin /get)\"" ]
}

t_max_redirs_exits_47_beyond() {
  needs OI_HTTPBIN_PORT
  expect_exit 47 --max-redirs 1 "$(httpbin /redirect/3)" >got 2>err
  [ ! -s got ]
  grep -q '^openinet: ' err
  expect_exit 47 -s --max-redirs=0 "$(httpbin /redirect/1)"
  cli -s --max-redirs 3 "$(httpbin /redirect/3)" >got
  [ "$(json got url)" = "\"$(httpbin /get)\"" ]
}

t_location_follows_redirects() {
  needs OI_HTTPBIN_PORT
  cli -s -L "$(httpbin /redirect/2)" >got
  [ "$(json got url)" = "\"$(httpbin /get)\"" ]
  # The trace shows each hop: the 302 head, the event, the next request.
  cli -L -v "$(httpbin /redirect/1)" 2>err >/dev/null
  grep -q '^< Location: /get' err
  grep -Eq '\] REDIRECT http://127\.0\.0\.1:[0-9]+/get$' err
  grep -q '^> GET /get HTTP/1.1' err
  expect_exit 47 -s -L "$(httpbin /redirect/20)"
}

# ---- cookies -------------------------------------------------------------------

t_cookie_jar_round_trip() {
  needs OI_HTTPBIN_PORT
  # -b names a file that does not exist yet: an empty jar, as with curl.
  cli -s -b jar -c jar "$(httpbin '/cookies/set?k1=v1&k2=v2')" >got
  [ "$(json got cookies)" = '{"k1": "v1", "k2": "v2"}' ]
  head -n 1 jar | grep -q '^# Netscape HTTP Cookie File'
  grep -q $'^127\.0\.0\.1\t.*\tk1\tv1$' jar
  # A new run sends what the last one saved, and saves what changed.
  cli -s -b jar -c jar "$(httpbin '/cookies/delete?k1')" >got
  [ "$(json got cookies)" = '{"k2": "v2"}' ]
  cli -s -b jar "$(httpbin /cookies)" >got
  [ "$(json got cookies)" = '{"k2": "v2"}' ]
}

# -c saves the jar even when a URL of the run failed.
t_cookie_jar_saved_after_a_failure() {
  needs OI_HTTPBIN_PORT
  local port
  port=$(closed_port)
  expect_exit 7 -s -c jar "$(httpbin '/cookies/set?kept=yes')" "http://127.0.0.1:$port/" >/dev/null
  grep -q $'\tkept\tyes$' jar
  # A jar that cannot be written is a write error once the URLs are done.
  expect_exit 23 -c "$WORK/no/such/dir/jar" "$(httpbin '/cookies/set?k=v')" >got 2>err
  [ "$(json got cookies)" = '{"k": "v"}' ]
  grep -q '^openinet: save cookies' err
}

t_cookie_literal() {
  needs OI_HTTPBIN_PORT
  cli -s -b 'a=1' "$(httpbin /cookies)" >got
  [ "$(json got cookies)" = '{"a": "1"}' ]
  # Several -b and a -H Cookie make one header.
  cli -s -b 'a=1; b=2' -b 'c=3' -H 'Cookie: z=0' "$(httpbin /headers)" >got
  [ "$(json got headers Cookie)" = '"z=0; a=1; b=2; c=3"' ]
}

# ---- proxies -----------------------------------------------------------------

via_tinyproxy() { grep -qi $'^Via: .*tinyproxy' "$1"; }
# A function, not `! via_tinyproxy`: `set -e` ignores a command under `!`.
not_via_tinyproxy() { ! via_tinyproxy "$1"; }

t_http_proxy() {
  needs OI_TINYPROXY_PORT OI_NGINX_PORT
  cli -s -i -x "http://127.0.0.1:$OI_TINYPROXY_PORT" "$(nginx /1k.bin)" >got
  via_tinyproxy got
  sed '1,/^\r$/d' got | cmp - "$OI_DOCROOT/1k.bin"
  # No scheme means http://, as with curl.
  cli -s -i --proxy "127.0.0.1:$OI_TINYPROXY_PORT" "$(nginx /1k.bin)" >got
  via_tinyproxy got
}

t_https_through_http_proxy() {
  needs OI_TINYPROXY_PORT OI_TINYPROXY_AUTH_PORT OI_NGINX_TLS_PORT OI_TEST_CA
  local url
  url=$(tls OI_NGINX_TLS_PORT /1m.bin)
  cli -s -x "http://127.0.0.1:$OI_TINYPROXY_PORT" --cacert "$OI_TEST_CA" "$url" >got
  cmp got "$OI_DOCROOT/1m.bin"
  # The tunnel goes through the proxy: the one that wants credentials
  # refuses it without them.
  expect_exit 97 -x "http://127.0.0.1:$OI_TINYPROXY_AUTH_PORT" --cacert "$OI_TEST_CA" "$url" \
    >/dev/null 2>err
  grep -q '^openinet: .*407' err
  cli -s -x "http://127.0.0.1:$OI_TINYPROXY_AUTH_PORT" -U "$OI_PROXY_USER:$OI_PROXY_PASSWORD" \
    --cacert "$OI_TEST_CA" "$url" >got
  cmp got "$OI_DOCROOT/1m.bin"
}

t_proxy_user() {
  needs OI_TINYPROXY_AUTH_PORT OI_NGINX_PORT
  local proxy=127.0.0.1:$OI_TINYPROXY_AUTH_PORT
  cli -s -i -x "http://$proxy" "$(nginx /1k.bin)" >got
  head -n 1 got | grep -q ' 407 '
  # tinyproxy answers a wrong password with a 401 of its own.
  cli -s -i -x "http://$proxy" -U "$OI_PROXY_USER:wrong" "$(nginx /1k.bin)" >got
  head -n 1 got | grep -Eq ' 40[17] '
  cli -s -i -x "http://$proxy" --proxy-user "$OI_PROXY_USER:$OI_PROXY_PASSWORD" \
    "$(nginx /1k.bin)" >got
  head -n 1 got | grep -q ' 200 '
  via_tinyproxy got
  # Credentials in the proxy URL work too.
  cli -s -f -x "http://$OI_PROXY_USER:$OI_PROXY_PASSWORD@$proxy" "$(nginx /1k.bin)" |
    cmp - "$OI_DOCROOT/1k.bin"
}

t_socks5h_proxy() {
  needs OI_SOCKS_PORT OI_SOCKS_AUTH_PORT OI_NGINX_PORT
  cli -s -x "socks5h://127.0.0.1:$OI_SOCKS_PORT" "$(nginx /1m.bin)" | cmp - "$OI_DOCROOT/1m.bin"
  # The name goes to the proxy, which resolves it.
  cli -s -x "socks5h://127.0.0.1:$OI_SOCKS_PORT" "http://localhost:$OI_NGINX_PORT/1k.bin" |
    cmp - "$OI_DOCROOT/1k.bin"
  expect_exit 97 -s -x "socks5h://127.0.0.1:$OI_SOCKS_AUTH_PORT" "$(nginx /1k.bin)"
  cli -s -x "socks5h://127.0.0.1:$OI_SOCKS_AUTH_PORT" -U "$OI_PROXY_USER:$OI_PROXY_PASSWORD" \
    "$(nginx /1k.bin)" | cmp - "$OI_DOCROOT/1k.bin"
}

t_noproxy_bypasses() {
  needs OI_TINYPROXY_PORT OI_NGINX_PORT
  local proxy=http://127.0.0.1:$OI_TINYPROXY_PORT
  cli -s -i -x "$proxy" --noproxy 127.0.0.1 "$(nginx /1k.bin)" >got
  not_via_tinyproxy got
  sed '1,/^\r$/d' got | cmp - "$OI_DOCROOT/1k.bin"
  cli -s -i -x "$proxy" --noproxy '*' "$(nginx /1k.bin)" >got
  not_via_tinyproxy got
  cli -s -i -x "$proxy" --noproxy 'other.example,10.0.0.0/8' "$(nginx /1k.bin)" >got
  via_tinyproxy got
}

# Without -x, the environment's variables, as curl reads them; -x '' and
# --noproxy override them.
t_proxy_from_the_environment() {
  needs OI_TINYPROXY_PORT OI_NGINX_PORT
  local proxy=http://127.0.0.1:$OI_TINYPROXY_PORT
  http_proxy=$proxy cli -s -i "$(nginx /1k.bin)" >got
  via_tinyproxy got
  http_proxy=$proxy cli -s -i -x '' "$(nginx /1k.bin)" >got
  not_via_tinyproxy got
  http_proxy=$proxy cli -s -i --noproxy '*' "$(nginx /1k.bin)" >got
  not_via_tinyproxy got
  http_proxy=$proxy no_proxy=127.0.0.1 cli -s -i "$(nginx /1k.bin)" >got
  not_via_tinyproxy got
  http_proxy=$proxy no_proxy=127.0.0.1 cli -s -i --noproxy '' "$(nginx /1k.bin)" >got
  via_tinyproxy got
}

# ---- content decoding --------------------------------------------------------

t_compressed_decodes() {
  needs OI_HTTPBIN_PORT
  cli -s --compressed "$(httpbin /gzip)" >got
  [ "$(json got gzipped)" = true ]
  json got headers Accept-Encoding | grep -q gzip
  cli -s --compressed "$(httpbin /brotli)" >got
  [ "$(json got brotli)" = true ]
  cli -s --compressed "$(httpbin /deflate)" >got
  [ "$(json got deflated)" = true ]
  # -i shows the head as received: the coding of the bytes on the wire.
  cli -s -i --compressed "$(httpbin /gzip)" | grep -q $'^Content-Encoding: gzip\r$'
}

t_without_compressed_bytes_are_raw() {
  needs OI_HTTPBIN_PORT
  cli -s "$(httpbin /gzip)" | head -c 2 | od -An -tx1 | grep -q '1f 8b'
  cli -s "$(httpbin /headers)" >got
  [ "$(json got headers Accept-Encoding 2>/dev/null || echo none)" = none ]
}

t_compressed_zstd() {
  needs OI_SCRIPTED_PORT
  cli -s --compressed "$(scripted /zstd)" >got
  [ "$(wc -c <got)" -eq 2048 ]
  [ "$(sort -u got)" = 'openinet decoded this zstd body' ]
}

for t in $(declare -F | sed -n 's/^declare -f t_//p'); do
  check "$t" "t_$t"
done

check_summary
