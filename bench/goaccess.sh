#!/usr/bin/env bash
# Whole-process comparison of `bucketlogs report` with GoAccess on the same
# generated S3 access log, plus 1 worker against 2. Prints wall time, peak
# memory (max RSS) and the ratios.
#
#   bash bench/goaccess.sh [LINES]      (default 1000000)
#
# Needs goaccess and GNU time (apt-get install goaccess time); installs them
# when run as root and they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-1000000}"
out="${BENCH_OUT:-bench/out}"
mkdir -p "$out"

if ! command -v goaccess >/dev/null || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq goaccess time >/dev/null
  else
    echo "need goaccess and /usr/bin/time (apt-get install goaccess time)" >&2; exit 1
  fi
fi

corpus="$out/s3-$lines.log"
if [ ! -s "$corpus" ]; then
  go run ./bench/gencorpus -n "$lines" -format s3 > "$corpus"
fi
go build -o "$out/bucketlogs" ./cmd/bucketlogs
size=$(stat -c %s "$corpus")

# measure NAME CMD...: runs CMD 3 times, keeps the fastest wall time and its
# peak memory.
measure() {
  local name=$1; shift
  local best_wall="" best_rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/$name.stderr"
    read -r wall rss < "$out/time.txt"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then
      best_wall=$wall; best_rss=$rss
    fi
  done
  echo "$name $best_wall $best_rss"
}

{
  measure bucketlogs-2 "$out/bucketlogs" report --output json --quiet --workers 2 "$corpus"
  measure bucketlogs-1 "$out/bucketlogs" report --output json --quiet --workers 1 "$corpus"
  measure goaccess goaccess --log-format=AWSS3 --no-global-config -o "$out/goaccess-report.json" "$corpus"
} > "$out/results.txt"

awk -v size="$size" -v lines="$lines" '
  { wall[$1] = $2; rss[$1] = $3 }
  END {
    printf "input: %d lines, %.0f MB of s3 access lines\n\n", lines, size / 1e6
    printf "%-14s %9s %10s %12s\n", "run", "wall (s)", "MB/s", "max RSS (MiB)"
    for (k in wall) printf "%-14s %9.2f %10.0f %12.1f\n", k, wall[k], size / 1e6 / wall[k], rss[k] / 1024
    printf "\nbucketlogs (2 workers) vs goaccess: %.1fx faster, %.2fx the peak memory\n", wall["goaccess"] / wall["bucketlogs-2"], rss["bucketlogs-2"] / rss["goaccess"]
    printf "2 workers vs 1: %.2fx faster\n", wall["bucketlogs-1"] / wall["bucketlogs-2"]
  }' "$out/results.txt"
