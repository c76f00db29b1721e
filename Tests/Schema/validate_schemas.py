#!/usr/bin/env python3
"""The editor schemas (docs/schema/*.schema.json) against the files they describe, with Python's
jsonschema (draft 2020-12) as the validator nobody here wrote.

Every file Steady accepts must validate: the shipped rules, catalog and policy, the examples
and their history, the files the authoring tutorial writes, and the valid corpus files. Every
broken-corpus file whose error is structural (SR02xx: unknown key, missing key, wrong kind,
invalid value or identifier) must be rejected.

YAML is read as Steady reads it (YAML 1.2's core schema): dates stay text, and only
true/false are booleans, so `enabled: yes` is the text "yes" here as it is in Steady.

    python3 Tests/Schema/validate_schemas.py        (pip install jsonschema pyyaml)
"""
import json
import pathlib
import re
import sys

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = {kind: json.loads((ROOT / "docs/schema" / f"{kind}.schema.json").read_text())
           for kind in ("rules", "catalog", "policy", "state", "history")}


class CoreLoader(yaml.SafeLoader):
    """YAML 1.2 core schema: no timestamps, no yes/no/on/off booleans."""


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for first in "tTfF":
    CoreLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [first])


def kind_of(document):
    """Which schema a document is for, as Steady decides it from its top-level keys."""
    keys = document.keys() if isinstance(document, dict) else []
    if {"ruleset", "rules", "facts"} & set(keys):
        return "rules"
    if {"catalog", "actions"} & set(keys):
        return "catalog"
    if "policy" in keys:
        return "policy"
    return "rules"


def errors(path, kind=None):
    """The schema errors of one file (its kind found from its keys unless given)."""
    document = yaml.load(path.read_text(), Loader=CoreLoader)
    schema = SCHEMAS[kind or kind_of(document)]
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(document)]


def tutorial_files():
    """The files the authoring tutorial writes (```yaml file=PATH blocks), into a scratch folder
    removed when the script exits."""
    import atexit, shutil, tempfile
    folder = pathlib.Path(tempfile.mkdtemp(prefix="steady-schema-"))
    atexit.register(shutil.rmtree, folder, True)
    text = (ROOT / "docs/tutorial-src/authoring-tutorial.template.md").read_text()
    for match in re.finditer(r"^```yaml file=(\S+)\n(.*?)^```$", text, re.M | re.S):
        target = folder / match.group(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(match.group(2))
    return sorted(folder.rglob("*.yaml"))


def main():
    valid = [(p, None) for p in sorted((ROOT / "rules").rglob("*.yaml"))]
    valid += [(p, None) for p in sorted((ROOT / "plans").glob("*.yaml"))]
    valid += [(p, "state") for p in sorted((ROOT / "examples").glob("*.yaml"))]
    valid += [(p, "history") for p in sorted((ROOT / "examples/history").glob("*.yaml"))]
    corpus = ROOT / "Tests/SteadyRulesTests/Corpus"
    valid += [(p, None) for p in sorted((corpus / "lint").glob("*.yaml")) + sorted((corpus / "support").glob("*.yaml"))]
    for path in tutorial_files():
        document = yaml.load(path.read_text(), Loader=CoreLoader)
        state = isinstance(document, dict) and "date" in document
        valid.append((path, "history" if isinstance(document, list) else "state" if state else None))
    failures = []
    for path, kind in valid:
        for error in errors(path, kind):
            failures.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}: rejected a valid file: {error}")
    structural = 0
    for path in sorted((corpus / "broken").glob("*.yaml")):
        expected = re.match(r"# expect: (SR\d+)", path.read_text())
        if not expected or not expected.group(1).startswith("SR02") or expected.group(1) == "SR0207":
            continue
        structural += 1
        if not errors(path):
            failures.append(f"{path.relative_to(ROOT)}: accepted a file Steady rejects with {expected.group(1)}")
    print(f"{len(valid)} valid files validated, {structural} structurally broken files rejected")
    if failures:
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
