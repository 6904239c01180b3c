#!/usr/bin/env bash
# End-to-end `stridecue analyze` throughput on a simulated split-belt session written as a
# trial CSV: 2 plates × 6 channels at 1 kHz and 2 EMG channels at 2 kHz (docs/formats.md).
# Prints the median of N runs as × real time, on one core (the program is single-threaded),
# the peak RSS, and the reader alone (bench_trial_csv_read: the parsing share, ns per byte).
#   bench/analyze_file.sh [minutes=60] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-60}"
runs="${2:-5}"
bin=build/release/daemon/cli/stridecue
read_bench=build/release/bench/bench_trial_csv_read
[ -x "$bin" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" simulate --minutes "$minutes" --seed 2026 --out "$work/session.csv" >/dev/null
size_mb=$(du -m "$work/session.csv" | cut -f1)
size_bytes=$(stat -c %s "$work/session.csv")
cat "$work/session.csv" >/dev/null  # warm the page cache: measure parsing, not the disk

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  taskset -c 0 "$bin" analyze "$work/session.csv" --format json \
    --runner "$work/session.runner.toml" >/dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")  # ms
done
rss_kb=$( { /usr/bin/time -f '%M' taskset -c 0 "$bin" analyze "$work/session.csv" --format json \
  >/dev/null; } 2>&1 | tail -1)

printf '%s\n' "${times[@]}" | sort -g | awk -v m="$minutes" -v n="$runs" -v mb="$size_mb" -v bytes="$size_bytes" -v rss="$rss_kb" '
  { t[NR] = $1 / 1000 }
  END {
    med = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
    printf "analyze %d-min session (%d MB CSV): median %.2f s of %d runs (min %.2f, max %.2f)\n", m, mb, med, n, t[1], t[n]
    printf "= %.0fx real time, %.0f MB/s, %.2f ns per byte; peak RSS %.1f MB\n", m * 60 / med, mb / med, med * 1e9 / bytes, rss / 1024
  }'
if [ -x "$read_bench" ]; then taskset -c 0 "$read_bench" "$work/session.csv" "$runs"; fi
