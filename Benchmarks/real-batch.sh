#!/usr/bin/env bash
# The product's real path: the shipped cervical-dystonia rule base, its catalog and policy, on
# realistic states — the batch and one plan in process.
#
# Usage: Benchmarks/real-batch.sh [N] [SEED] [RUNS]   (default 1000000 states, seed 7, best of 3)
#
# Generates N seeded random valid states (Benchmarks/gen-states.py: every input field of the
# schema, missing answers, red flags at a clinical rate, triggers, standing facts), then runs
# `steady plan --batch` on them with --recommended-only and with every plan assembled and
# written (wall time of the whole command, output to a file; best of RUNS), and prints one JSON
# line per mode: states/s and peak memory (maximum resident set size, from GNU time). Last, the
# in-process latency of one plan on the shipped examples, with and without explanations
# (`steady bench latency`). Needs GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
seed=${2:-7}
runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 2; }

# Built as the command-line tool is shipped: the Swift runtime linked in statically.
swift build -c release --static-swift-stdlib --product steady --scratch-path .build-static >&2
steady="$(pwd)/.build-static/release/steady"

python3 Benchmarks/gen-states.py "$count" "$seed" > "$work/states.jsonl"
echo "generated $count states ($(du -m "$work/states.jsonl" | cut -f1) MB)" >&2

for mode in recommended plans; do
  extra=()
  [ "$mode" = recommended ] && extra=(--recommended-only)
  best=""
  peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$steady" plan --batch "$work/states.jsonl" --rules rules/cervical-dystonia \
      --catalog plans --format jsonl "${extra[@]}" > "$work/out.jsonl" 2> "$work/err" || {
        # Exit 1 means some lines were bad; the generator only writes valid states.
        cat "$work/err" >&2; exit 1; }
    read -r seconds kilobytes < "$work/time"
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then best=$seconds; fi
    [ "$kilobytes" -gt "$peak" ] && peak=$kilobytes
  done
  lines=$(wc -l < "$work/out.jsonl")
  [ "$lines" -eq "$count" ] || { echo "$mode: $lines output lines for $count states" >&2; exit 1; }
  awk -v mode="$mode" -v n="$count" -v s="$best" -v kb="$peak" -v out="$(du -m "$work/out.jsonl" | cut -f1)" 'BEGIN {
    printf "{\"rules\": \"shipped\", \"mode\": \"%s\", \"states\": %d, \"seconds\": %.2f, \"per_second\": %d, \"peak_rss_mb\": %.0f, \"output_mb\": %d}\n",
      mode, n, s, n / s, kb / 1024, out }'
done

"$steady" bench latency --rules rules/cervical-dystonia --catalog plans --iterations 2000 \
  $(for state in examples/*.yaml; do printf -- '--state %s ' "$state"; done)
