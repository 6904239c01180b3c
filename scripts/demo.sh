#!/usr/bin/env bash
# Installs what is needed, builds, and runs the main job: a simulated runner on a split-belt
# treadmill through the engine, strides printed as they are found (README command one).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target stridecue
exec build/release/daemon/cli/stridecue run "$@"
