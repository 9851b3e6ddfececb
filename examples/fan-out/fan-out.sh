#!/usr/bin/env bash
# Fan a report out over many processes (here: local ones, with xargs) and
# merge the partial results: the answer is the report of one run over
# every input. Each job reads one shard of the inputs and writes a partial
# with 'bucketlogs report --partial'; 'bucketlogs merge' combines them.
#
#   examples/fan-out/fan-out.sh OUTDIR INPUT...
#
# INPUTs are paths or s3:// prefixes (one day's prefix each is a good
# shard). JOBS (default: the number of cores) is how many run at once;
# BUCKETLOGS is the command (default: bucketlogs on PATH). The merged
# report, as JSON, goes to standard output.
set -euo pipefail
out="$1"; shift
bucketlogs="${BUCKETLOGS:-bucketlogs}"
jobs="${JOBS:-$(nproc)}"
mkdir -p "$out"
# One job per input; job i writes $out/part-i.partial. With GNU parallel:
#   parallel -j "$jobs" "$bucketlogs" report --quiet --partial "$out/part-{#}.partial" {} ::: "$@"
i=0
for input in "$@"; do
  i=$((i + 1))
  printf '%s\0%s\0' "$out/part-$i.partial" "$input"
done | xargs -0 -n 2 -P "$jobs" sh -c '"$0" report --quiet --partial "$1" "$2" 2>>"$1.log" || [ $? -eq 1 ]' "$bucketlogs"
"$bucketlogs" merge --output json "$out"/part-*.partial
