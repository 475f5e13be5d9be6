#!/usr/bin/env bash
# Formats the C++ sources with the repository's .clang-format, or checks that they are formatted.
# usage: scripts/format.sh          # rewrite every tracked .cpp/.hpp/.h in place
#        scripts/format.sh --check  # list the files that differ and exit 1 if any (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
format=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$format" ]; then
  echo "format: clang-format not found (apt-get install clang-format-14)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [ "${1:-}" = "--check" ]; then
  differ=()
  for f in "${files[@]}"; do
    "$format" --dry-run --Werror "$f" >/dev/null 2>&1 || differ+=("$f")
  done
  if [ ${#differ[@]} -ne 0 ]; then
    printf 'format: %s is not formatted (bash scripts/format.sh fixes it)\n' "${differ[@]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files formatted" >&2
else
  "$format" -i "${files[@]}"
fi
