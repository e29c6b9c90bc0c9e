#!/usr/bin/env bash
# Keep the README's tables true to the code: the error codes come from
# include/openinet/errors.def, the options from include/openinet/options.def.
# Usage: scripts/docs.sh --check | --write
set -euo pipefail
cd "$(dirname "$0")/.."

errors_table() {
  echo "| code | value | WinInet | meaning |"
  echo "|---|---|---|---|"
  sed -n 's/^OI_ERROR(\([A-Z_]*\), \(-\?[0-9]*\), \([0-9]*\), "\(.*\)")$/| `OI_\1` | \2 | \3 | \4 |/p' \
    include/openinet/errors.def
}

options_table() {
  echo "| option | type | default | meaning |"
  echo "|---|---|---|---|"
  sed -n 's/^OI_OPTION(\([A-Z_]*\), [0-9]*, \([A-Z]*\), \([0-9]*\), "\(.*\)")$/| `OI_OPT_\1` | \2 | \3 | \4 |/p' \
    include/openinet/options.def
}

# Print README.md with the block between the markers of $1 replaced by $2's output.
replace_block() {
  awk -v begin="<!-- $1:begin -->" -v end="<!-- $1:end -->" -v cmd="$2" '
    $0 == begin { print; while ((cmd | getline line) > 0) print line; close(cmd); skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }'
}

generate() {
  replace_block errors "bash $0 --errors" < README.md | replace_block options "bash $0 --options"
}

case "${1:-}" in
  --errors) errors_table ;;
  --options) options_table ;;
  --write) generate > README.md.new && mv README.md.new README.md ;;
  --check)
    if ! diff -u README.md <(generate) >&2; then
      echo "README.md tables differ from the code: run scripts/docs.sh --write" >&2
      exit 1
    fi ;;
  *) echo "usage: $0 --check | --write" >&2; exit 2 ;;
esac
