#!/usr/bin/env bash
# Whole-process comparison of `bucketlogs report` with GoAccess on the same
# generated S3 access log, plus 1 worker against 2. Prints wall time, peak
# memory (max RSS) and the ratios.
#
#   bash bench/goaccess.sh [LINES]      (default 1000000)
#
# Five rounds, each running bucketlogs with 2 workers, with 1, with 2 doing
# only what GoAccess does too (bucketlogs-b: --audit=false
# --count-duplicates=false, no audit views and no duplicate count), and
# GoAccess: the machine's speed drifts, and every ratio is taken over the
# same minutes. The figures are medians of wall time and the largest peak
# memory.
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

# measure NAME RUNS CMD...: runs CMD RUNS times (the machine is shared and
# noisy) and prints the median wall time and the largest peak memory.
measure() {
  local name=$1 runs=$2; shift 2
  : > "$out/$name.times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/$name.stderr"
    cat "$out/time.txt" >> "$out/$name.times"
  done
  sort -n "$out/$name.times" | awk -v name="$name" '
    { wall[NR] = $1; if ($2 > rss) rss = $2 }
    END { m = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2; print name, m, rss }'
}

{
  for i in 1 2 3 4 5; do # each round runs every setting, so that drift hits all alike
    measure bucketlogs-2-$i 1 "$out/bucketlogs" report --output json --quiet --workers 2 "$corpus"
    measure bucketlogs-1-$i 1 "$out/bucketlogs" report --output json --quiet --workers 1 "$corpus"
    measure bucketlogs-b-$i 1 "$out/bucketlogs" report --output json --quiet --workers 2 --audit=false --count-duplicates=false "$corpus"
    measure goaccess-$i 1 goaccess --log-format=AWSS3 --no-global-config -o "$out/goaccess-report.json" "$corpus"
  done
} > "$out/results.txt"

awk -v size="$size" -v lines="$lines" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j] < a[j-1]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { k = $1; r = k; sub(/-[0-9]+$/, "", k); sub(/.*-/, "", r); n[k]++; w[k, n[k]] = $2; round[k, r] = $2; if ($3 > rss[k]) rss[k] = $3 }
  function ratio(k,   i, a) { for (i = 1; i <= 5; i++) a[i] = round["goaccess", i] / round[k, i]; return median(a, 5) }
  END {
    for (k in n) { delete a; for (i = 1; i <= n[k]; i++) a[i] = w[k, i]; wall[k] = median(a, n[k]) }
    printf "input: %d lines, %.0f MB of s3 access lines\n\n", lines, size / 1e6
    printf "%-14s %9s %10s %12s\n", "run", "wall (s)", "MB/s", "max RSS (MiB)"
    for (k in wall) printf "%-14s %9.2f %10.0f %12.1f\n", k, wall[k], size / 1e6 / wall[k], rss[k] / 1024
    printf "\nbucketlogs (2 workers) vs goaccess: %.1fx faster (median of the rounds: %.1fx), %.2fx the peak memory\n", wall["goaccess"] / wall["bucketlogs-2"], ratio("bucketlogs-2"), rss["bucketlogs-2"] / rss["goaccess"]
    printf "bucketlogs without audit views and duplicate count (2 workers) vs goaccess: %.1fx faster (median of the rounds: %.1fx), %.2fx the peak memory\n", wall["goaccess"] / wall["bucketlogs-b"], ratio("bucketlogs-b"), rss["bucketlogs-b"] / rss["goaccess"]
    printf "2 workers vs 1: %.2fx faster\n", wall["bucketlogs-1"] / wall["bucketlogs-2"]
  }' "$out/results.txt"
