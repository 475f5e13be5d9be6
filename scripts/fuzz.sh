#!/usr/bin/env bash
# Builds every libFuzzer target (tests/fuzz) and runs each for a bounded time.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true

cmake --preset fuzz >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ninja -C build/fuzz -t targets all | sed -n 's/^\(fuzz_[a-z0-9_]*\): .*/\1/p' | sort -u)
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no targets" >&2
  exit 0
fi
cmake --build --preset fuzz --target "${targets[@]}"

status=0
for t in "${targets[@]}"; do
  seeds=$(cat "build/fuzz/$t.corpus" 2>/dev/null || true)
  work=$(mktemp -d)
  echo "fuzz: $t for ${seconds}s (seeds: ${seeds:-none})" >&2
  # Crashes are written to build/fuzz/artifacts/ so a failure can be replayed.
  mkdir -p build/fuzz/artifacts
  if ! build/fuzz/tests/fuzz/$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/"$t"- \
        "$work" ${seeds} > "build/fuzz/$t.log" 2>&1; then
    echo "fuzz: $t FAILED, see build/fuzz/$t.log" >&2
    tail -40 "build/fuzz/$t.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "build/fuzz/$t.log" | sed "s/^/fuzz: $t: /" >&2 || true
  fi
  rm -rf "$work"
done
exit $status
