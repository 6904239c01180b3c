#!/usr/bin/env bash
# Issue 14's soak: two stridecued at real-time pace at once (bench_daemon_latency: simulator,
# store on, one WebSocket client), one of them under bench/hostile_soak.py's hostile requests
# in a loop on loopback, the other quiet; both runs' figures side by side. Same machine, same
# time, so "within 2x of a quiet run" compares like with like.
#   bench/hostile_soak.sh [--seconds 1800] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=1800
out="build/release/bench/hostile_soak"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bench=build/release/bench/bench_daemon_latency
mkdir -p "$out"
rm -f "$out/port"
"$bench" --seconds "$seconds" --label quiet >"$out/quiet.txt" 2>&1 &
"$bench" --seconds "$seconds" --label hostile --port-file "$out/port" >"$out/hostile.txt" 2>&1 &
python3 bench/hostile_soak.py --port-file "$out/port" --seconds "$((seconds - 10))" \
  >"$out/driver.txt" 2>&1 || echo "hostile driver: exit $?" >>"$out/driver.txt"
wait
for f in quiet hostile driver; do
  echo "=== $f"
  cat "$out/$f.txt"
done
