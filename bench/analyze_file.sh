#!/usr/bin/env bash
# End-to-end `stridecue analyze` throughput on a simulated split-belt session written as a
# trial CSV: 2 plates × 6 channels at 1 kHz and 2 EMG channels at 2 kHz (docs/formats.md).
# Prints the median of N runs as × real time (wall clock) and the median CPU time (user + sys:
# with two CPUs the file is parsed on one while the engine runs on the other, so CPU time
# exceeds wall time), the peak RSS, and the reader alone (bench_trial_csv_read, on one core:
# the parsing share, ns per byte).
#   bench/analyze_file.sh [minutes=60] [runs=5]
#   CPUS=0 bench/analyze_file.sh ...   # pinned to one CPU (taskset -c 0): no read-ahead thread
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-60}"
runs="${2:-5}"
bin="${STRIDECUE_BIN:-build/release/daemon/cli/stridecue}"
read_bench=build/release/bench/bench_trial_csv_read
[ -x "$bin" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
pin=()
if [ -n "${CPUS:-}" ]; then pin=(taskset -c "$CPUS"); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" simulate --minutes "$minutes" --seed 2026 --out "$work/session.csv" >/dev/null
size_mb=$(du -m "$work/session.csv" | cut -f1)
size_bytes=$(stat -c %s "$work/session.csv")
cat "$work/session.csv" >/dev/null  # warm the page cache: measure parsing, not the disk

for _ in $(seq "$runs"); do
  # wall s, CPU s (user + sys), peak RSS KB
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${pin[@]}" "$bin" analyze "$work/session.csv" \
    --format json --runner "$work/session.runner.toml" >/dev/null
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time" >>"$work/runs"
done

# Medians of each column on its own (mawk has no sort of its own).
median() { cut -d' ' -f"$1" "$work/runs" | sort -g | awk '{ v[NR] = $1 } END {
  print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wall=$(median 1)
cpu=$(median 2)
fastest=$(cut -d' ' -f1 "$work/runs" | sort -g | head -1)
slowest=$(cut -d' ' -f1 "$work/runs" | sort -g | tail -1)
rss_kb=$(cut -d' ' -f3 "$work/runs" | sort -g | tail -1)
awk -v m="$minutes" -v n="$runs" -v mb="$size_mb" -v bytes="$size_bytes" -v cpus="${CPUS:-all}" \
  -v med="$wall" -v cpu="$cpu" -v lo="$fastest" -v hi="$slowest" -v rss="$rss_kb" 'BEGIN {
  printf "analyze %d-min session (%d MB CSV), CPUs %s: median %.2f s wall of %d runs (min %.2f, max %.2f), CPU %.2f s\n", m, mb, cpus, med, n, lo, hi, cpu
  printf "= %.0fx real time, %.0f MB/s, %.2f ns per byte; peak RSS %.1f MB\n", m * 60 / med, mb / med, med * 1e9 / bytes, rss / 1024
}'
if [ -x "$read_bench" ]; then taskset -c 0 "$read_bench" "$work/session.csv" "$runs"; fi
