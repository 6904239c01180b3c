#!/usr/bin/env bash
# Installs what is needed, builds, and runs the main job: the daemon in the foreground on a
# simulated runner on a split-belt treadmill, steps printed as they are found, heel strikes
# cued by sound, the control API on 127.0.0.1:7878 (README command one).
# Without arguments: one minute, the hips starting to tire at 30 s; any arguments replace that.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target stridecue
[ $# -gt 0 ] || set -- --seconds 60 --fatigue-onset-min 0.5 --fatigue-ramp-s 10
# No sound card (a server, CI): SDL writes the cue audio to a file instead (docs/audio.md).
if [ ! -d /dev/snd ] && [ -z "${SDL_AUDIODRIVER:-}" ]; then
  export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=build/demo-cues.raw
fi
exec build/release/daemon/cli/stridecue run "$@"
