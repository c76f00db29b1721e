#!/usr/bin/env python3
"""Validates every FHIR resource Steady writes with fhir.resources (PyPI), its R4B models.

Usage: python3 Tests/FHIR/validate_fhir.py [path/to/steady]

Checks the committed goldens (each example's CarePlan Bundle and the PlanDefinition export in
Tests/SteadyCLITests/Golden), and what the binary writes now: each example's plan with
--format fhir, its state as Observations (steady export observations), and the plan made back
from those Observations (steady plan --fhir), which must equal the plan made from the YAML.
Exits 1 on the first file that does not validate, naming the field.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

from fhir.resources.R4B.bundle import Bundle

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
steady = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/steady"))
os.chdir(root)
failures = []


def validate(name, text):
    try:
        bundle = Bundle.model_validate(json.loads(text))
    except Exception as error:  # pydantic's ValidationError names the field
        failures.append(f"{name}: {error}")
        print(f"FAIL  {name}\n{error}")
        return None
    print(f"ok    {name} ({len(bundle.entry or [])} resources)")
    return bundle


def run(*args):
    result = subprocess.run([steady, *args], capture_output=True, text=True)
    if result.returncode != 0:
        failures.append(f"steady {' '.join(args)}: {result.stderr}")
    return result.stdout


goldens = sorted(glob.glob("Tests/SteadyCLITests/Golden/*.careplan.json")) + ["Tests/SteadyCLITests/Golden/plandefinition.json"]
for path in goldens:
    bundle = validate(path, open(path).read())
    if bundle and path.endswith("careplan.json"):
        care_plan = bundle.entry[0].resource
        if (care_plan.status, care_plan.intent) != ("draft", "proposal"):
            failures.append(f"{path}: the CarePlan is not a draft proposal")

rules = ["--rules", "rules/cervical-dystonia"]
with tempfile.TemporaryDirectory() as work:
    for example in sorted(glob.glob("examples/*.yaml")):
        name = os.path.basename(example)[:-5]
        observations = run("export", "observations", "--state", example, "--patient", "p1", *rules)
        validate(f"{name} as Observations", observations)
        bundle = os.path.join(work, name + ".json")
        with open(bundle, "w") as out:
            out.write(observations)
        from_fhir = run("plan", "--fhir", bundle, *rules, "--format", "fhir")
        validate(f"{name} planned from Observations", from_fhir)
        if run("plan", "--fhir", bundle, *rules, "--format", "json") != run("plan", "--state", example, *rules, "--format", "json"):
            failures.append(f"{name}: the plan from its Observations differs from the plan from the YAML state")

print(f"{len(failures)} failed" if failures else "every FHIR resource validates (fhir.resources R4B)")
sys.exit(1 if failures else 0)
