#!/usr/bin/env bash
# Two builds of `stridecue analyze` back to back on the same simulated session, alternating
# old, new, old, new … so that both meet the same load on a shared machine. Prints each one's
# median wall and CPU time (user + sys), its peak RSS, and new ÷ old; and checks that both
# write the same JSON (byte for byte).
#   bench/analyze_side_by_side.sh OLD_BIN NEW_BIN [minutes=60] [runs=7]
#   CPUS=0 bench/analyze_side_by_side.sh ...   # both pinned to one CPU (taskset -c 0)
set -euo pipefail
old="$1"
new="$2"
minutes="${3:-60}"
runs="${4:-7}"
pin=()
if [ -n "${CPUS:-}" ]; then pin=(taskset -c "$CPUS"); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$new" simulate --minutes "$minutes" --seed 2026 --out "$work/session.csv" >/dev/null
cat "$work/session.csv" >/dev/null  # warm the page cache: measure parsing, not the disk
args=(analyze "$work/session.csv" --format json --runner "$work/session.runner.toml")

"${pin[@]}" "$old" "${args[@]}" >"$work/old.json"
"${pin[@]}" "$new" "${args[@]}" >"$work/new.json"
if cmp -s "$work/old.json" "$work/new.json"; then
  echo "same JSON ($(stat -c %s "$work/new.json") bytes)"
else
  echo "the JSON differs" >&2
  exit 1
fi

for _ in $(seq "$runs"); do
  for which in old new; do
    bin=$old
    [ "$which" = new ] && bin=$new
    # wall s, CPU s (user + sys), peak RSS KB
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${pin[@]}" "$bin" "${args[@]}" >/dev/null
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time" >>"$work/$which"
  done
done

median() {  # median of column $2 of file $1
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for which in old new; do
  wall=$(median "$work/$which" 1)
  cpu=$(median "$work/$which" 2)
  rss=$(cut -d' ' -f3 "$work/$which" | sort -g | tail -1)
  walls=$(cut -d' ' -f1 "$work/$which" | tr '\n' ' ')
  awk -v w="$which" -v wall="$wall" -v cpu="$cpu" -v rss="$rss" -v m="$minutes" -v all="$walls" \
    'BEGIN { printf "%s: median %.2f s wall = %.0fx real time, CPU %.2f s, peak RSS %.1f MB (walls: %s)\n", w, wall, m * 60 / wall, cpu, rss / 1024, all }'
done
awk -v o="$(median "$work/old" 1)" -v n="$(median "$work/new" 1)" \
  'BEGIN { printf "new is %.2fx as fast (wall, medians)\n", o / n }'
