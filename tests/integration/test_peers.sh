#!/usr/bin/env bash
# Smoke test of the test peers themselves, with curl: if this fails, the
# other integration tests cannot be trusted.  Run by ctest through
# tests/run.sh, which exports the peers' addresses.
# Usage: test_peers.sh BUILD_DIR   (the build folder is not needed here)
set -euo pipefail

if [ -z "${OI_NGINX_PORT:-}" ] || [ -z "${OI_HTTPBIN_PORT:-}" ] ||
   [ -z "${OI_SCRIPTED_PORT:-}" ] || [ -z "${OI_DOCROOT:-}" ]; then
  echo "test_peers.sh: the OI_* peer variables are not set; run the tests with tests/run.sh"
  exit 77
fi
command -v curl >/dev/null || { echo "test_peers.sh: curl not found"; exit 77; }

v4=127.0.0.1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Loopback only, no proxy from the environment, bounded in time.
get() { curl --noproxy '*' --globoff --silent --show-error --max-time 10 "$@"; }

check() {  # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1))
    echo "ok    $1"
  else
    failed=$((failed + 1))
    echo "FAIL  $1: expected '$2', got '$3'"
  fi
}

# nginx: 1k.bin, same bytes as the docroot, over IPv4 and IPv6.
for host in "$v4" "[::1]"; do
  if [ "$host" = "[::1]" ] && [ "${OI_NGINX_IPV6:-1}" = 0 ]; then
    echo "skip  nginx over IPv6: no ::1 on this machine"
    continue
  fi
  out=$(get -o "$tmp/1k" -w '%{http_code} %{size_download}' "http://$host:$OI_NGINX_PORT/1k.bin" 2>&1 || true)
  check "nginx 1k.bin over $host: status and size" "200 1024" "$out"
  same=no
  cmp -s "$tmp/1k" "$OI_DOCROOT/1k.bin" && same=yes
  check "nginx 1k.bin over $host: same bytes as the docroot" yes "$same"
  rm -f "$tmp/1k"
done

# nginx: /upload takes a body and answers 204; /close closes.
out=$(get -o /dev/null -w '%{http_code}' --data-binary "@$OI_DOCROOT/1m.bin" \
        "http://$v4:$OI_NGINX_PORT/upload" 2>&1 || true)
check "nginx /upload of 1 MiB answers 204" 204 "$out"
out=$(get -o /dev/null -D - "http://$v4:$OI_NGINX_PORT/close" 2>&1 |
        tr -d '\r' | grep -i '^connection:' || true)
check "nginx /close answers Connection: close" "Connection: close" "$out"

# httpbin: /get answers JSON with the URL asked for.
out=$(get -w '\n%{http_code}' "http://$v4:$OI_HTTPBIN_PORT/get?peer=test" 2>&1 || true)
status=${out##*$'\n'}
check "httpbin /get status" 200 "$status"
url=no
case ${out//[[:space:]]/} in *'"url":"http://'"$v4:$OI_HTTPBIN_PORT"'/get?peer=test"'*) url=yes ;; esac
check "httpbin /get echoes the URL" yes "$url"

# Scripted server: /ok, then /conn-id twice on one keep-alive connection.
out=$(get "http://$v4:$OI_SCRIPTED_PORT/ok" 2>&1 || true)
check "scripted /ok body" hello "$out"
out=$(get -w ' connects=%{num_connects}\n' \
        "http://$v4:$OI_SCRIPTED_PORT/conn-id" "http://$v4:$OI_SCRIPTED_PORT/conn-id" 2>&1 || true)
first=$(sed -n 1p <<<"$out")
second=$(sed -n 2p <<<"$out")
n=${first#conn=}
n=${n%% *}
check "scripted /conn-id, first request on a connection" "conn=$n req=1 connects=1" "$first"
check "scripted /conn-id, second request on the same connection" "conn=$n req=2 connects=0" "$second"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
