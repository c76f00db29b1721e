#!/usr/bin/env bash
# A long fuzzing campaign: every libFuzzer target in turn, optimised with the same sanitizers
# (FUZZ_CONFIG=release on .build-fuzz-release), at low priority so the machine stays usable.
#   Fuzz/campaign.sh [TARGET=SECONDS ...]
#   e.g. Fuzz/campaign.sh FuzzState=3600 FuzzExpression=1800 FuzzCSV=900 FuzzFHIR=900 FuzzRuleFile=600
# Without arguments each target runs for 600 s. Each target's libFuzzer output is kept in
# Fuzz/campaign/TARGET.log; at the end a Markdown table gives executions, executions per second,
# edges covered and corpus size per target, and the total. Exit code: 0 when no target found a
# crash, a timeout (> 1 s) or an out-of-memory (> 2 GB); 1 otherwise (the inputs are in Fuzz/crashes/).
set -uo pipefail
cd "$(dirname "$0")/.."
plan=("$@")
[ ${#plan[@]} -gt 0 ] || plan=(FuzzRuleFile=600 FuzzState=600 FuzzCSV=600 FuzzFHIR=600 FuzzExpression=600)
mkdir -p Fuzz/campaign
failed=0
rows=()
total=0
for entry in "${plan[@]}"; do
  target=${entry%%=*}
  seconds=${entry#*=}
  log=Fuzz/campaign/$target.log
  echo "== $target for $seconds s ($(date -u +%H:%M))" >&2
  FUZZ_CONFIG=release nice -n 19 Fuzz/run.sh "$target" "$seconds" > "$log" 2>&1 || failed=1
  grep -qE "ERROR|SUMMARY" "$log" && failed=1
  runs=$(grep -oE "stat::number_of_executed_units: [0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }')
  edges=$(grep -oE "cov: [0-9]+" "$log" | tail -1 | awk '{ print $2 }')
  files=$(find "Fuzz/corpus/$target" -type f | wc -l)
  total=$((total + runs))
  rows+=("| \`$target\` | $runs | $((runs / seconds)) | ${edges:-?} | $files |")
done
echo "| target | executions | per second | edges covered | corpus inputs |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo "| all | $total | | | |"
[ "$failed" = 0 ] || echo "a target failed: see Fuzz/campaign/*.log and Fuzz/crashes/" >&2
exit "$failed"
