#!/usr/bin/env bash
# Alternated A/B runs: a revision against the working tree, in turn, so that
# the machine's drift (15% from run to run, more from hour to hour on a
# shared machine) falls on both alike. Two modes:
#
#   bash bench/ab.sh bench REV PKG REGEX    # go test -bench REGEX in PKG
#   bash bench/ab.sh run REV -- ARGS...     # whole process: bucketlogs ARGS
#
#   bash bench/ab.sh bench HEAD ./s3line '^BenchmarkParse$/(s3|oss)/s3line$'
#   bash bench/ab.sh run HEAD~3 -- report --workers 1 bench/out/s3-1000000.log
#
# ROUNDS (default 10) is how many times each side runs. bench mode prints
# benchstat's comparison of the two sides (pinned, fetched through the Go
# module proxy on first use) and how many rounds each benchmark was faster
# in; run mode prints the median wall and user time, the largest peak
# memory (GNU time) and how many rounds the working tree was faster in.
# REV is built in a temporary git worktree, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-10}"
mode="${1:-}"
rev="${2:-}"
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
case "$mode" in
-h | --help) usage; exit 0 ;;
esac
if [ -z "$rev" ] || { [ "$mode" != bench ] && [ "$mode" != run ]; }; then
  usage >&2
  exit 2
fi
shift 2

tmp="$(mktemp -d)"
trap 'git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach -q "$tmp/base" "$rev"

if [ "$mode" = bench ]; then
  pkg="${1:?PKG}"
  regex="${2:?REGEX}"
  (cd "$tmp/base" && go test -c -o "$tmp/base.test" "$pkg")
  go test -c -o "$tmp/new.test" "$pkg"
  for i in $(seq "$rounds"); do
    # Each binary runs in its package's directory, for testdata.
    (cd "$tmp/base/$pkg" && "$tmp/base.test" -test.run='^$' -test.bench="$regex" -test.count=1) | grep '^Benchmark' >>"$tmp/base.txt"
    (cd "$pkg" && "$tmp/new.test" -test.run='^$' -test.bench="$regex" -test.count=1) | grep '^Benchmark' >>"$tmp/new.txt"
  done
  go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da "$rev=$tmp/base.txt" "working-tree=$tmp/new.txt"
  echo
  echo "rounds the working tree was faster in (ns/op):"
  # Round r's line of a benchmark in one file against round r's in the other.
  awk 'FNR == NR { base[$1, ++nb[$1]] = $3; next }
    { k = ++nn[$1]; if (($1, k) in base) { seen[$1]++; if ($3 < base[$1, k]) won[$1]++ } }
    END { for (b in seen) printf "  %-60s %d of %d\n", b, won[b], seen[b] }' "$tmp/base.txt" "$tmp/new.txt" | sort
  exit 0
fi

[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "run: no bucketlogs arguments" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run: needs GNU time (apt-get install time)" >&2; exit 1; }
(cd "$tmp/base" && go build -o "$tmp/bl-base" ./cmd/bucketlogs)
go build -o "$tmp/bl-new" ./cmd/bucketlogs
for i in $(seq "$rounds"); do
  for v in base new; do
    /usr/bin/time -f "%e %U %M" -a -o "$tmp/$v.times" "$tmp/bl-$v" "$@" >/dev/null 2>&1
  done
done
paste "$tmp/base.times" "$tmp/new.times" | awk '{ if ($4 < $1) w++; if ($5 < $2) u++ }
  END { printf "working tree faster in wall: %d of %d rounds, in user time: %d of %d\n", w, NR, u, NR }'
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for v in base new; do
  printf '%-5s median wall %s s, user %s s, peak %s MiB\n' "$v" \
    "$(cut -d' ' -f1 "$tmp/$v.times" | median)" "$(cut -d' ' -f2 "$tmp/$v.times" | median)" \
    "$(awk '$3 > m { m = $3 } END { print int(m / 1024) }' "$tmp/$v.times")"
done
