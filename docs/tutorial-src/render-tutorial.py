#!/usr/bin/env python3
"""Render docs/authoring-tutorial.md from its template by running every command it shows.

Usage (from the repository root, after `swift build`):
    python3 docs/tutorial-src/render-tutorial.py
Files in ```yaml file=PATH blocks are written into a scratch folder that also links rules/,
plans/, examples/ and docs/; each `$ steady ...` line in a ```console block is run there and
its output (stdout then stderr) and a non-zero exit status are written below it.
Tests/SteadyCLITests/TutorialTests.swift checks the rendered file the same way.
"""
import os, re, shlex, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
steady = os.path.join(root, ".build", "debug", "steady")
template = open(os.path.join(root, "docs/tutorial-src/authoring-tutorial.template.md")).read()
work = tempfile.mkdtemp(prefix="steady-tutorial-")
for name in ("rules", "plans", "examples", "docs"):
    os.symlink(os.path.join(root, name), os.path.join(work, name))

out, lines, i = [], template.split("\n"), 0
while i < len(lines):
    line = lines[i]
    match = re.match(r"^```yaml file=(\S+)$", line)
    if match:
        body = []
        out.append(line); i += 1
        while lines[i] != "```":
            body.append(lines[i]); out.append(lines[i]); i += 1
        path = os.path.join(work, match.group(1))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write("\n".join(body) + "\n")
        continue
    if line == "```console":
        out.append(line); i += 1
        while lines[i] != "```":
            command = lines[i]
            assert command.startswith("$ steady "), command
            out.append(command)
            args = shlex.split(command[2:])[1:]
            result = subprocess.run([steady] + args, cwd=work, capture_output=True, text=True)
            text = result.stdout + result.stderr
            out.extend(text.rstrip("\n").split("\n") if text else [])
            if result.returncode != 0:
                out.append(f"[exit {result.returncode}]")
            i += 1
        continue
    out.append(line); i += 1

open(os.path.join(root, "docs/authoring-tutorial.md"), "w").write("\n".join(out))
print("wrote docs/authoring-tutorial.md")
