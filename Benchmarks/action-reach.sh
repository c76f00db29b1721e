#!/usr/bin/env bash
# How often each catalog action reaches a plan, over random valid states of the shipped schema.
#
# Usage: Benchmarks/action-reach.sh [N=3000] [SEED=42]
# Generates N states (Benchmarks/gen-states.py), plans them all with
# `steady plan --batch --format jsonl`, and prints, for every action of plans/actions.yaml, in how
# many plans it appears (as a plan item or as the action of an alert), then the share of plans
# with at least one work, social, mind, body and medical item. An action that reaches no plan is
# listed at the end and makes the script exit with status 1.
# Uses .build/debug/steady (built if missing) or the binary named by $STEADY.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}
seed=${2:-42}
steady=${STEADY:-.build/debug/steady}
[ -x "$steady" ] || swift build --product steady >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 Benchmarks/gen-states.py "$n" "$seed" > "$work/states.jsonl"
"$steady" plan --batch "$work/states.jsonl" --format jsonl --rules rules/cervical-dystonia --catalog plans > "$work/plans.jsonl"

python3 - "$work/plans.jsonl" plans/actions.yaml <<'PY'
import json, re, sys
plans_file, catalog_file = sys.argv[1], sys.argv[2]
catalog, category = [], {}
current = None
for line in open(catalog_file):
    m = re.match(r"^  - id: (\S+)", line)
    if m:
        current = m.group(1)
        catalog.append(current)
    m = re.match(r"^    category: (\S+)", line)
    if m and current:
        category[current] = m.group(1)
reach = {a: 0 for a in catalog}
with_category = {c: 0 for c in ["work", "social", "mind", "body", "medical", "safety"]}
plans = errors = safety_cards = alerted = 0
for line in open(plans_file):
    row = json.loads(line)
    plan = row.get("plan")
    if plan is None:
        errors += 1
        continue
    plans += 1
    safety_cards += bool(plan.get("safety_card_only"))
    alerted += bool(plan.get("alerts"))
    seen = {item["action"] for item in plan.get("items", [])}
    seen |= {alert["action"] for alert in plan.get("alerts", []) if alert.get("action")}
    for action in seen:
        reach[action] = reach.get(action, 0) + 1
    for c in {item["category"] for item in plan.get("items", [])}:
        with_category[c] = with_category.get(c, 0) + 1
width = max(map(len, catalog))
print(f"{plans} plans ({errors} bad lines); {alerted} with an alert, {safety_cards} reduced to the safety card\n")
print(f"{'action':<{width}}  {'category':<8}  {'plans':>6}  {'share':>6}")
for action in sorted(catalog, key=lambda a: (-reach[a], a)):
    print(f"{action:<{width}}  {category.get(action, '?'):<8}  {reach[action]:>6}  {100 * reach[action] / max(plans, 1):5.1f}%")
print("\nplans with at least one item of each category:")
for c, count in with_category.items():
    print(f"  {c:<8} {count:>6}  {100 * count / max(plans, 1):5.1f}%")
never = [a for a in catalog if reach[a] == 0]
if never:
    print("\nactions that reach no plan: " + ", ".join(never))
    sys.exit(1)
print("\nevery catalog action reaches at least one plan")
PY
