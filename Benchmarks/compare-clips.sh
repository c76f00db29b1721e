#!/usr/bin/env bash
# Steady against CLIPS 6.30 on the same engine-neutral workload, side by side in one run.
#
# Usage: Benchmarks/compare-clips.sh BENCH_DIR   (or $STEADY_BENCH_DIR: the engine-neutral workload tools,
#        gen_workload.py, emit_clips.py, reference.py and run_clips_cli.py)
# For 50 rules x 10,000 patients and 1,000 rules x 2,000 patients: generate the workload,
# translate it (Benchmarks/workload-to-steady.py), run `steady plan --batch` on it (wall time of
# the whole command: YAML load and check, JSON parsing, evaluation on all cores, output; best of
# five), once with --recommended-only (the same work as the CLIPS runner: the recommended set)
# and once writing every assembled plan, compute the workload's checksum from the "recommended"
# lists, run the CLIPS runner and the oracle, and print each JSON line and the ratios. Needs the
# `clips` binary (apt-get install clips).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(cd "${1:-${STEADY_BENCH_DIR:?usage: $0 BENCH_DIR (the folder of gen_workload.py and reference.py), or set STEADY_BENCH_DIR}}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v clips >/dev/null || { echo "clips is not installed (apt-get install clips)" >&2; exit 2; }

# Built as a Linux command-line tool is shipped: with the Swift runtime linked in statically
# (it starts about 5 ms sooner than one that loads the runtime's shared libraries).
swift build -c release --static-swift-stdlib --product steady --scratch-path .build-static >&2
steady="$(pwd)/.build-static/release/steady"

for size in "50 10000" "1000 2000"; do
  set -- $size
  dir="$work/w$1"
  python3 "$bench/gen_workload.py" --rules "$1" --patients "$2" --seed 42 -o "$dir.json"
  python3 Benchmarks/workload-to-steady.py "$dir.json" "$dir"
  python3 - "$bench" "$steady" "$dir" "$1" "$2" <<'PY'
import json, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
from common import checksum
steady, folder, rules, patients = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
# The like-for-like run (recommended ids only, as the CLIPS runner collects), then the full
# product path (every plan assembled and written). Best of five each: the machine is shared.
for engine, extra in (("steady-batch", ["--recommended-only"]), ("steady-batch-plans", [])):
    best = None
    for _ in range(5):
        start = time.perf_counter()
        run = subprocess.run([steady, "plan", "--batch", f"{folder}/states.jsonl", "--rules", f"{folder}/rules",
                              "--catalog", f"{folder}/plans", "--format", "jsonl"] + extra, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    results = [row["recommended"] for row in sorted(rows, key=lambda row: row["line"])]
    print(json.dumps({"engine": engine, "rules": rules, "patients": patients, "total_seconds": round(best, 4),
                      "evals_per_second": round(patients / best, 1), "checksum": checksum(results)}))
PY
  # CLIPS gets the same best of five.
  for _ in 1 2 3 4 5; do python3 "$bench/run_clips_cli.py" "$dir.json"; done \
    | python3 -c 'import json, sys; print(max(sys.stdin, key=lambda line: json.loads(line)["evals_per_second"]), end="")'
  python3 "$bench/reference.py" "$dir.json"
done | tee "$work/lines.jsonl"
python3 - "$work/lines.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for rules in sorted({row["rules"] for row in rows}):
    by = {row["engine"]: row for row in rows if row["rules"] == rules}
    steady, plans, clips = by["steady-batch"], by["steady-batch-plans"], by["clips-6.30-cli"]
    same = "equal" if steady["checksum"] == plans["checksum"] == clips["checksum"] == by["reference-python"]["checksum"] else "DIFFERENT"
    print(f"{rules} rules x {steady['patients']} patients: steady {steady['evals_per_second']}/s (load included), "
          f"clips {clips['evals_per_second']}/s, ratio {steady['evals_per_second'] / clips['evals_per_second']:.2f}x; "
          f"with every plan assembled and written {plans['evals_per_second']}/s "
          f"({plans['evals_per_second'] / clips['evals_per_second']:.2f}x); checksums {same}")
PY
