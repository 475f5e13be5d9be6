#!/usr/bin/env bash
# Sets up, builds and runs the main job on the default scenario, headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
./build/release/app/pharmatwin run scenarios/default.textproto --out out/default "$@"
