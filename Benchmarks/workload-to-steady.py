#!/usr/bin/env python3
"""Translate an engine-neutral benchmark workload (shared/bench/gen_workload.py) into Steady inputs.

Usage: Benchmarks/workload-to-steady.py WORKLOAD.json OUTDIR
Writes OUTDIR/rules/workload.yaml (facts and rules), OUTDIR/plans/actions.yaml (the catalog) and
OUTDIR/states.jsonl (one patient state per line, in workload order).
"""
import json
import os
import sys


def quote(text):
    return "'" + str(text).replace("'", "''") + "'"


def test_expression(test):
    if "fact" in test:
        return test["fact"]
    attr, op, value = test["attr"], test["op"], test["value"]
    if op == "in":
        return f"{quote(value)} in {attr}"
    if op == "not_in":
        return f"{quote(value)} not in {attr}"
    if isinstance(value, str):
        return f"{attr} {op} {quote(value)}"
    return f"{attr} {op} {value}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as handle:
        spec = json.load(handle)
    out = sys.argv[2]
    os.makedirs(os.path.join(out, "rules"), exist_ok=True)
    os.makedirs(os.path.join(out, "plans"), exist_ok=True)

    lines = ["ruleset: workload", "version: 1.0.0", "facts:"]
    for name, attribute in sorted(spec["attributes"].items()):
        kind = attribute["type"]
        if kind in ("int", "float"):
            steady = "integer" if kind == "int" else "number"
            lines.append(f"  {name}: {{type: {steady}, min: {attribute['min']}, max: {attribute['max']}}}")
        else:
            values = ", ".join(quote(v) for v in attribute["values"])
            lines.append(f"  {name}: {{type: {'enum' if kind == 'enum' else 'set'}, values: [{values}]}}")
    for fact in spec["derived_facts"]:
        lines.append(f"  {fact['name']}: {{type: bool, derived: true}}")
    lines.append("rules:")
    for rule in spec["rules"]:
        when = " and ".join(test_expression(t) for t in rule["when"])
        then = rule["then"]
        effect = f"{{recommend: {then['recommend']}}}" if "recommend" in then else f"{{derive: {then['assert']}}}"
        lines.append(f"  - {{id: {rule['id']}, title: {rule['id']}, when: \"{when}\", then: [{effect}]}}")
    with open(os.path.join(out, "rules", "workload.yaml"), "w") as handle:
        handle.write("\n".join(lines) + "\n")

    catalog = ["catalog: workload-actions", "version: 1.0.0", "actions:"]
    for action in spec["actions"]:
        catalog.append(f"  - {{id: {action}, title: {action}, category: mind, minutes: 5, slot: any}}")
    with open(os.path.join(out, "plans", "actions.yaml"), "w") as handle:
        handle.write("\n".join(catalog) + "\n")

    with open(os.path.join(out, "states.jsonl"), "w") as handle:
        for patient in spec["patients"]:
            handle.write(json.dumps(patient, separators=(",", ":"), sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
