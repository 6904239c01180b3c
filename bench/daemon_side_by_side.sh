#!/usr/bin/env bash
# The live daemon's figures for issue 18, side by side in one run: this build and an older one
# (--old PATH to its stridecued), each at the default decision deadline and at 10 ms, on the
# plain disk and on a slow one (a blkio cgroup: 20 writes/s, 2 MB/s; needs root). All the runs
# go at once, so every build sees the same machine; each is bench_daemon_latency, whose output
# is kept in OUT/<label>.txt. --pairs runs one set-up at a time, its two builds at once (two
# daemons on the machine instead of six: each daemon keeps its engine and its producers on one
# core, so six at once put three on the same core).
#   bench/daemon_side_by_side.sh [--seconds 600] [--old /path/to/old/stridecued] [--out DIR]
#                                [--pairs] [--new /path/to/this/stridecued]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=600
old=""
out="build/release/bench/side_by_side"
pairs=0
new=build/release/daemon/cli/stridecued
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --old) old="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --pairs) pairs=1; shift ;;
    --new) new="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bench=build/release/bench/bench_daemon_latency
mkdir -p "$out"
run() {  # label daemon extra-args...
  local label="$1" daemon="$2"; shift 2
  "$bench" --seconds "$seconds" --daemon "$daemon" --label "$label" "$@" >"$out/$label.txt" 2>&1 &
}
setups=("deadline50" "deadline10 --deadline-ms 10" "slowdisk --slow-disk-iops 20")
for setup in "${setups[@]}"; do
  read -r -a args <<<"$setup"
  name="${args[0]}"
  run "new-$name" "$new" "${args[@]:1}"
  if [ -n "$old" ]; then run "old-$name" "$old" "${args[@]:1}"; fi
  if [ "$pairs" = 1 ]; then wait; fi
done
wait
for f in "$out"/*.txt; do
  echo "=== $(basename "$f" .txt)"
  cat "$f"
done
