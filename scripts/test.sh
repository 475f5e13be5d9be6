#!/usr/bin/env bash
# Sets up, builds and runs every test. Used by README.md and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev
