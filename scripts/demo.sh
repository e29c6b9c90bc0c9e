#!/usr/bin/env bash
# A short tour of the openinet command-line tool against a local nginx.
# Usage: scripts/demo.sh BUILD_DIR    (BUILD_DIR/openinet is the tool)
#
# Starts nginx on a free loopback port (tests/servers/peers.sh), runs three
# transfers and stops nginx on the way out, whatever happens.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=$root/tests/servers/peers.sh
limit=120   # seconds any one step may take

[ $# -eq 1 ] || { echo "usage: scripts/demo.sh BUILD_DIR" >&2; exit 2; }
cli=$(cd "$1" && pwd)/openinet
[ -x "$cli" ] || { echo "demo.sh: $cli not found; build first (make build)" >&2; exit 1; }

dir=""
cleanup() {
  if [ -n "$dir" ]; then
    "$peers" stop "$dir" || true
    rm -rf "$dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n=== %s\n' "$*"; }

# Run "$@" with a time limit, in the foreground so that Ctrl-C reaches it.
bounded() {
  if command -v timeout >/dev/null; then
    timeout --foreground "$limit" "$@"
  else
    "$@"
  fi
}

# The tool draws its progress bar only on a terminal: when stderr is not
# one (make in a pipe, CI), give it a pseudo-terminal with util-linux script.
with_terminal() {
  if [ -t 2 ]; then
    bounded "$@"
  elif script --version 2>/dev/null | grep -q util-linux; then
    bounded script -qec "$(printf '%q ' "$@")" /dev/null </dev/null
  else
    echo "(stderr is not a terminal: no progress bar)"
    bounded "$@"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

dir=$("$peers" mkdir)
"$peers" start "$dir" nginx
# shellcheck source=/dev/null
. "$dir/env"
base=http://127.0.0.1:$OI_NGINX_PORT

step "1/3  openinet -v $base/ : the status events (stderr), then the page (stdout)"
bounded "$cli" -v "$base/"

step "2/3  openinet -o FILE $base/100m.bin : 100 MiB to a file, with the progress bar"
out=$dir/100m.download
with_terminal "$cli" -o "$out" "$base/100m.bin"
want=$(sha256 "$OI_DOCROOT/100m.bin")
got=$(sha256 "$out")
echo "sha256 served:     $want"
echo "sha256 downloaded: $got"
if [ "$want" != "$got" ]; then
  echo "The download differs from the file nginx served."
  exit 1
fi
echo "The checksums match: the download is byte for byte the file nginx served."
rm -f "$out"

step "3/3  openinet file://$OI_DOCROOT/index.html : a local file, no server involved"
bounded "$cli" "file://$OI_DOCROOT/index.html"

step "Done; stopping nginx."
