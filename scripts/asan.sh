#!/usr/bin/env bash
# Builds the asan-ubsan preset (AddressSanitizer + UndefinedBehaviorSanitizer) and runs, under
# it, the test binaries of the libraries that know nothing of SimGrid: serialization, scenarios,
# detection, adapters (the parsers, the engines and the protocol). The simulator's, the
# experiments' and the command's tests are not run here yet: SimGrid switches stacks between
# actors, which ASan needs to be told about, and they have not been checked under it.
# Used by .ci/run; docs/reliability.md, "Sanitizers".
# usage: scripts/asan.sh [GTEST_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PHARMATWIN_ASAN_JOBS:-2}
targets=(serialization_tests scenarios_tests detection_tests adapters_test)
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$jobs" --target "${targets[@]}"
# A sanitizer report makes the binary fail: ASan aborts on the first error, UBSan is built with
# -fno-sanitize-recover.
status=0
for t in "${targets[@]}"; do
  exe=$(find build/asan-ubsan/tests -type f -name "$t" -perm -u+x | head -n 1)
  if [ -z "$exe" ]; then echo "asan: $t was not built" >&2; exit 1; fi
  echo "asan: $exe" >&2
  "$exe" --gtest_brief=1 "$@" || status=1
done
exit "$status"
