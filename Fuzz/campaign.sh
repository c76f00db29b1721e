#!/usr/bin/env bash
# A long fuzzing campaign: every libFuzzer target in turn, optimised with the same sanitizers
# (FUZZ_CONFIG=release on .build-fuzz-release), at lower priority so the machine stays usable.
# A shared machine stretches wall-clock time, so an input counts as a hang only after
# FUZZ_TIMEOUT seconds (default 3 here); every input slower than 1 s is still kept
# (Fuzz/crashes/TARGET-slow-unit-*) and counted in the table, to be timed again on a quiet
# machine: `.build-fuzz-release/release/TARGET INPUT` prints "Executed INPUT in N ms".
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
  FUZZ_CONFIG=release FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-3} nice -n 5 Fuzz/run.sh "$target" "$seconds" > "$log" 2>&1 || failed=1
  grep -qE "ERROR|SUMMARY" "$log" && failed=1
  runs=$(grep -oE "stat::number_of_executed_units: [0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }')
  edges=$(grep -oE "cov: [0-9]+" "$log" | tail -1 | awk '{ print $2 }')
  files=$(find "Fuzz/corpus/$target" -type f | wc -l)
  slow=$(find Fuzz/crashes -name "$target-slow-unit-*" | wc -l)
  total=$((total + runs))
  rows+=("| \`$target\` | $runs | $((runs / seconds)) | ${edges:-?} | $files | $slow |")
done
echo "| target | executions | per second | edges covered | corpus inputs | inputs over 1 s |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo "| all | $total | | | | |"
[ "$failed" = 0 ] || echo "a target failed: see Fuzz/campaign/*.log and Fuzz/crashes/" >&2
exit "$failed"
