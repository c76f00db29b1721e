#!/usr/bin/env python3
"""Generate a large, valid Steady rule set and catalog to measure load-and-check time.

Usage: Benchmarks/gen-rules.py --rules 10000 --out /tmp/steady-big
Writes OUT/rules.yaml (facts and RULES rules) and OUT/actions.yaml (25 actions). Deterministic
for a given --seed. Then time:  steady check OUT
"""
import argparse
import os
import random

TRIGGERS = ["stress_event", "poor_sleep", "fatigue", "screen_desk_work", "reading", "caffeine"]
CONTEXTS = ["desk_office", "remote", "manual", "not_working"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    actions = [f"action_{i:02d}" for i in range(25)]
    derived = [f"level{lvl}_{i}" for lvl in (1, 2, 3) for i in range(10)]

    lines = ["ruleset: generated", "version: 1.0.0", "facts:",
             "  stress: {type: integer, min: 0, max: 10}",
             "  pain: {type: integer, min: 0, max: 10}",
             "  sleep_hours: {type: number, min: 0, max: 24}",
             "  days_since_injection: {type: integer, min: 0, max: 400}",
             f"  work_context: {{type: enum, values: [{', '.join(CONTEXTS)}]}}",
             f"  triggers: {{type: set, values: [{', '.join(TRIGGERS)}]}}"]
    lines += [f"  {name}: {{type: bool, derived: true}}" for name in derived]
    lines.append("rules:")

    def attribute_test():
        kind = rng.randrange(6)
        if kind == 0:
            return f"stress >= {rng.randrange(1, 11)}"
        if kind == 1:
            return f"pain <= {rng.randrange(0, 10)}"
        if kind == 2:
            return f"sleep_hours < {rng.randrange(3, 9)}.5"
        if kind == 3:
            return f"days_since_injection in {rng.randrange(0, 60)}..{rng.randrange(60, 120)}"
        if kind == 4:
            return f"work_context == '{rng.choice(CONTEXTS)}'"
        return f"'{rng.choice(TRIGGERS)}' in triggers"

    for index in range(args.rules):
        level = index % 4
        tests = [attribute_test() for _ in range(rng.randrange(1, 4))]
        if level > 1:
            tests.append(rng.choice([d for d in derived if d.startswith(f"level{level - 1}_")]))
        when = " and ".join(tests)
        lines.append(f"  - id: rule-{index:05d}")
        lines.append(f"    title: \"Generated rule {index}\"")
        lines.append(f"    when: \"{when}\"")
        if level in (1, 2, 3) and rng.random() < 0.5:
            target = rng.choice([d for d in derived if d.startswith(f"level{level}_")])
            lines.append(f"    then: [{{derive: {target}}}]")
        else:
            lines.append(f"    then:\n      - recommend: {rng.choice(actions)}\n        priority: {rng.randrange(0, 101)}\n"
                         f"        reason: \"stress is {{stress}}/10\"")
        lines.append(f"    tags: [generated, level{level}]")
        lines.append("    rationale: >-\n      Generated to measure how long loading and checking takes.")
    with open(os.path.join(args.out, "rules.yaml"), "w") as handle:
        handle.write("\n".join(lines) + "\n")

    catalog = ["catalog: generated-actions", "version: 1.0.0", "actions:"]
    for action in actions:
        catalog += [f"  - id: {action}", f"    title: {action}", "    category: mind", "    minutes: 5", "    slot: any",
                    "    contraindications: [\"pain >= 9\"]"]
    with open(os.path.join(args.out, "actions.yaml"), "w") as handle:
        handle.write("\n".join(catalog) + "\n")


if __name__ == "__main__":
    main()
