#!/usr/bin/env bash
# Runs the benchmark suite the README's table comes from: decoding per format
# with every peer baseline in the same run, and the end-to-end report, each
# -count times (default 10). Compares with the previous run's results using
# benchstat when there is one, then prints the table.
#
#   bash bench/run.sh            # COUNT=10 by default; BENCHTIME=1s
#
# Results stay in bench/out/ (not committed): latest.txt, previous.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${COUNT:-10}"
benchtime="${BENCHTIME:-1s}"
out=bench/out
mkdir -p "$out"

# encoding/json/v2 joins the Yandex baselines where the toolchain has the
# jsonv2 experiment (Go 1.25 and later).
if GOEXPERIMENT=jsonv2 go vet ./bench 2>/dev/null; then
  export GOEXPERIMENT=jsonv2
fi

new="$out/new.txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version | cut -d' ' -f3) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)${GOEXPERIMENT:+, GOEXPERIMENT=$GOEXPERIMENT}"
  go test -run '^$' -bench 'Decode|Report' -benchtime "$benchtime" -count "$count" ./bench
} | tee "$new"

if [ -f "$out/latest.txt" ]; then
  mv "$out/latest.txt" "$out/previous.txt"
fi
mv "$new" "$out/latest.txt"

if [ -f "$out/previous.txt" ]; then
  echo
  echo "== against the previous run (benchstat)"
  # benchstat, pinned, fetched through the Go module proxy on first use
  go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da "$out/previous.txt" "$out/latest.txt" || true
fi
echo
echo "== table ($(head -1 "$out/latest.txt" | cut -c3-))"
go run ./bench/benchtable "$out/latest.txt"
