#!/usr/bin/env bash
# OI_E_NAME_NOT_RESOLVED end to end, without a lookup leaving the machine.
# Usage: test_name_not_resolved.sh BUILD_DIR
#
# The machine's resolver may name a server elsewhere, so the test runs in a
# mount and network namespace of its own (unshare, as root): loopback is its
# only interface, /etc/resolv.conf names 127.0.0.1, and there our
# nxdomain.py answers every query "no such name".  In it, the library's case
# of test_error_codes and the CLI (curl's exit code 6) must fail to resolve
# no-such-host.invalid.  Without root or namespaces it says SKIP.
set -u

BUILD=$(cd "${1:?usage: test_name_not_resolved.sh BUILD_DIR}" && pwd)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=/usr/bin/python3
HOST=no-such-host.invalid

# The part that runs inside the namespaces; pid is the name server's.
pid=""
inside() {
  local work=$1 fails=0 out rc
  ip link set lo up && mount --bind "$work/resolv.conf" /etc/resolv.conf || return 1
  "$PY" "$ROOT/tests/servers/nxdomain.py" 127.0.0.1 "$work/ready" &
  pid=$!
  trap 'kill "$pid" 2>/dev/null' EXIT
  trap 'exit 143' TERM
  for _ in $(seq 50); do [ -s "$work/ready" ] && break; sleep 0.1; done
  if ! [ -s "$work/ready" ]; then
    echo "FAIL: nxdomain.py did not start"
    return 1
  fi

  out=$(timeout 30 "$BUILD/tests/test_error_codes" --name-not-resolved 2>&1)
  rc=$?
  if [ "$rc" = 0 ] && ! grep -q SKIP <<<"$out"; then
    echo "ok - library: OI_E_NAME_NOT_RESOLVED"
  else
    echo "FAIL - library (exit $rc): $out"
    fails=$((fails + 1))
  fi

  out=$(timeout 30 "$BUILD/openinet" -sS "http://$HOST/" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" = 6 ] && grep -q "resolve $HOST: Name or service not known" <<<"$out"; then
    echo "ok - CLI: exit 6, $out"
  else
    echo "FAIL - CLI: exit $rc (want 6): $out"
    fails=$((fails + 1))
  fi
  return "$fails"
}

if [ "${2:-}" = "--inside" ]; then
  inside "$3"
  exit
fi

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || ! command -v ip >/dev/null ||
  ! unshare --mount --net true 2>/dev/null; then
  echo "SKIP: needs root, unshare and ip (a mount and network namespace of its own)"
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "nameserver 127.0.0.1" >"$WORK/resolv.conf"
timeout 90 unshare --mount --net bash "${BASH_SOURCE[0]}" "$BUILD" --inside "$WORK"
