#!/usr/bin/env bash
# Installs what is needed, builds, and runs the main job: a simulated runner on a split-belt
# treadmill through the engine, strides printed as they are found (README command one).
# Without arguments: one minute, the hips starting to tire at 30 s; any arguments replace that.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target stridecue
[ $# -gt 0 ] || set -- --seconds 60 --fatigue-onset-min 0.5 --fatigue-ramp-s 10
exec build/release/daemon/cli/stridecue run "$@"
