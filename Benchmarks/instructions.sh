#!/usr/bin/env bash
# Work per state on the product's real path, counted rather than timed: instructions and reference
# counts (swift_retain calls) per shipped-base state, for recommended ids alone and for every plan
# written. Counts do not drift with a shared machine's load, so two builds compare exactly, where
# timings on a busy machine vary by a third; the counts say where time goes, timings say how much.
#
# Usage: Benchmarks/instructions.sh [N] [SEED]   (default 5000 states, seed 7)
#
# Runs the release build (runtime linked in statically, symbols stripped for valgrind's DWARF
# reader) under callgrind on one core, once on N seeded states and once on none, and reports the
# difference divided by N: start-up (argument parsing, loading and compiling the rules) is left
# out. Reference counts matter beyond their instructions: each is an atomic operation, and on two
# cores a count shared between them costs many times more. Needs valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5000}
seed=${2:-7}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --static-swift-stdlib --product steady --scratch-path .build-static >&2
strip -o "$work/steady" .build-static/release/steady
# The stripped binary's callgrind output names functions by address: swift_retain's, from the symbols.
retain=$(nm .build-static/release/steady | awk '$3 == "swift_retain" { print $1 }' | sed 's/^0*//')
python3 Benchmarks/gen-states.py "$count" "$seed" > "$work/states.jsonl"
: > "$work/empty.jsonl"

# Instructions and swift_retain calls of one run, from its callgrind output. Hashing seeded the
# same in every run: with a random seed, a dictionary's probes (and the references they count)
# vary from run to run, and so would the start-up that is subtracted.
measure() {
  SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$work/out" "$work/steady" plan --batch "$1" \
    --rules rules/cervical-dystonia --catalog plans --format jsonl --jobs 1 "${@:2}" > /dev/null 2> "$work/log"
  python3 - "$work/out" "$retain" <<'PY'
import re, sys
instructions = retains = 0
names, callee = {}, None
for line in open(sys.argv[1]):
    if line.startswith("summary:"):
        instructions = int(line.split()[1])
    # A function's name comes with the first line that gives its number: a call's (cfn=) or its
    # own costs' (fn=); a call names its callee by number after that.
    match = re.match(r"(c?)fn=\((\d+)\)(?: (.*))?", line)
    if match:
        if match.group(3):
            names[match.group(2)] = match.group(3)
        if match.group(1):
            callee = names.get(match.group(2), "")
    elif line.startswith("calls=") and callee.endswith("0x" + sys.argv[2].rjust(16, "0")):
        retains += int(line.split("=")[1].split()[0])
print(instructions, retains)
PY
}

for mode in recommended plans; do
  extra=(); [ "$mode" = recommended ] && extra=(--recommended-only)
  read -r all_instructions all_retains < <(measure "$work/states.jsonl" "${extra[@]}")
  read -r base_instructions base_retains < <(measure "$work/empty.jsonl" "${extra[@]}")
  python3 -c "import json, sys; n = $count; print(json.dumps({'mode': '$mode', 'states': n,
    'instructions_per_state': ($all_instructions - $base_instructions) // n,
    'retains_per_state': ($all_retains - $base_retains) // n, 'startup_instructions': $base_instructions}))"
done
