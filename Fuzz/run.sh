#!/usr/bin/env bash
# Builds a libFuzzer target (address sanitizer on) on its own scratch path and runs it.
#   Fuzz/run.sh TARGET SECONDS [JOBS]     TARGET: FuzzRuleFile, FuzzState, FuzzCSV, FuzzFHIR or FuzzExpression
# The corpus grows in Fuzz/corpus/TARGET (not committed); seeds come from the shipped rules,
# catalog, examples and the broken-input corpus. A crash leaves its input in Fuzz/crashes/:
# make it a regression test. Exit code: 0 when no crash, timeout (> 1 s) or out-of-memory (> 2 GB).
# FUZZ_CONFIG=release builds optimised (with the same sanitizers) on .build-fuzz-release: several
# times the executions per second, for long campaigns. FUZZ_TIMEOUT (seconds, default 1) is the
# wall-clock time after which an input counts as a hang; any input slower than 1 s is also kept,
# as Fuzz/crashes/TARGET-slow-unit-*, to be timed again on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target: FuzzRuleFile, FuzzState, FuzzCSV, FuzzFHIR or FuzzExpression}
seconds=${2:-60}
jobs=${3:-1}
config=${FUZZ_CONFIG:-debug}
scratch=.build-fuzz$([ "$config" = debug ] || echo "-$config")
STEADY_FUZZ=1 swift build -c "$config" --scratch-path "$scratch" --product "$target" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing 2>&1 | grep -v "ld.gold: warning" | tail -3
binary=$scratch/$config/$target
# Memory the process keeps until it exits (the loaded rule base, the Swift runtime's metadata)
# is not a leak worth failing on; use-after-free, overflows and crashes are.
export ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
corpus=Fuzz/corpus/$target
seeds=Fuzz/seeds/$target
mkdir -p "$corpus" "$seeds" Fuzz/crashes
case $target in
  FuzzRuleFile) cp rules/cervical-dystonia/*.yaml Tests/SteadyRulesTests/Corpus/*/*.yaml "$seeds"/ 2>/dev/null || true ;;
  FuzzState) cp examples/*.yaml "$seeds"/; python3 -c "
import json,sys
for i,l in enumerate(['{\"date\":\"2026-11-24\",\"a\":5,\"b\":3.5,\"flag\":true,\"tags\":[\"x\"],\"sleep\":{\"hours\":6,\"quality\":4}}','{\"date\":\"2026-11-24\",\"stress\":8,\"pain\":5,\"triggers\":[\"stress_event\"]}']):
    open('$seeds/line%d.json'%i,'w').write(l)" ;;
  FuzzCSV) printf 'patient,date,stress,pain,sleep.hours,triggers\np1,2026-11-24,8,5,6.5,stress_event;reading\n' > "$seeds/import.csv"
           printf '[{"patient":"p1","date":"2026-11-24","stress":8}]' > "$seeds/import.json" ;;
  # Every condition of the shipped rules and the rule-language tests, and every conformance
  # expression, one per file.
  FuzzExpression) { grep -rhoE "when: \"[^\"]+\"" rules Tests/SteadyRulesTests/Corpus 2>/dev/null | sed 's/^when: "//; s/"$//'
                    grep -hoE 'expr: "[^"]+"' Tests/Conformance/*.yaml | sed 's/^expr: "//; s/"$//'; } | sort -u \
                    | awk -v dir="$seeds" '{ f = sprintf("%s/when%04d.txt", dir, NR); printf "%s", $0 > f; close(f) }' ;;
  # Each example as the Observations steady export writes (with the debug binary, when built).
  FuzzFHIR) for state in examples/*.yaml; do
              [ -x .build/debug/steady ] && .build/debug/steady export observations --state "$state" --patient p1 --rules rules/cervical-dystonia \
                > "$seeds/$(basename "$state" .yaml).json" 2>/dev/null || true
            done ;;
esac
"$binary" "$corpus" "$seeds" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-1}" -report_slow_units=1 -rss_limit_mb=2048 -detect_leaks=0 -max_len=65536 \
  -artifact_prefix=Fuzz/crashes/"$target"- $([ "$jobs" -gt 1 ] && echo "-jobs=$jobs -workers=$jobs") -print_final_stats=1 2>&1 \
  | grep -E "^#[0-9]+.*(DONE|pulse)|stat::|ERROR|SUMMARY|Done" | tail -12
