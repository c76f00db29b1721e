#!/usr/bin/env bash
# Engine speed on the shared engine-neutral workload, checked against the oracle's checksum.
#
# Usage: Benchmarks/engine-bench.sh BENCH_DIR   (or $STEADY_BENCH_DIR: the engine-neutral workload tools,
#        gen_workload.py, emit_clips.py, reference.py and run_clips_cli.py)
# For each size (50 rules x 10,000 patients; 1,000 rules x 2,000 patients) it generates the
# workload, translates it (Benchmarks/workload-to-steady.py), runs `steady bench engine` on one
# core, and prints Steady's JSON line with its checksum next to the oracle's (reference.py) and,
# when the `clips` binary is installed, CLIPS 6.30's.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(cd "${1:-${STEADY_BENCH_DIR:?usage: $0 BENCH_DIR (the folder of gen_workload.py and reference.py), or set STEADY_BENCH_DIR}}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product steady >&2
steady=.build/release/steady

for size in "50 10000" "1000 2000"; do
  set -- $size
  rules=$1 patients=$2
  dir="$work/w$rules"
  python3 "$bench/gen_workload.py" --rules "$rules" --patients "$patients" --seed 42 -o "$dir.json"
  python3 Benchmarks/workload-to-steady.py "$dir.json" "$dir"
  line=$("$steady" bench engine --rules "$dir/rules" --rules "$dir/plans" --states "$dir/states.jsonl" --results "$dir/results.jsonl")
  checksum=$(python3 - "$bench" "$dir/results.jsonl" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
from common import checksum
rows = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
print(checksum([actions for _, actions in sorted(rows)]))
PY
)
  echo "${line%\}}, \"checksum\": \"$checksum\"}"
  python3 "$bench/reference.py" "$dir.json"
  if command -v clips >/dev/null 2>&1; then python3 "$bench/run_clips_cli.py" "$dir.json"; fi
done
