#!/usr/bin/env bash
# Builds the asan-ubsan preset (AddressSanitizer + UndefinedBehaviorSanitizer) and runs the test
# suite under it, except the tests labelled "slow" (the 20-seed regression of every shipped
# scenario, which the dev build runs). Used by .ci/run; docs/reliability.md, "Sanitizers".
# usage: scripts/asan.sh [CTEST_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PHARMATWIN_ASAN_JOBS:-2}
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$jobs"
# A sanitizer report makes the test fail: ASan aborts on the first error, UBSan is built with
# -fno-sanitize-recover.
ctest --preset asan-ubsan -LE slow "$@"
