#!/usr/bin/env bash
# Install the Debian packages a make target needs; silent when all are there.
# Usage: scripts/deps.sh GROUP...   (groups: build test bench)
set -euo pipefail

declare -A want=(
  [build]="cmake gcc make pkg-config libc6-dev libssl-dev zlib1g-dev libbrotli-dev libzstd-dev libpsl-dev"
  [test]="nginx-light gunicorn python3-httpbin python3 clang-format cppcheck shellcheck procps curl util-linux iproute2 tinyproxy dante-server openssl valgrind clang libclang-rt-14-dev"
  [bench]="nginx-light libcurl4-openssl-dev curl valgrind util-linux strace gnuplot-nox openssl"
)

missing=()
for group in "$@"; do
  [ -n "${want[$group]+x}" ] || { echo "deps.sh: unknown group '$group'" >&2; exit 2; }
  for pkg in ${want[$group]}; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
