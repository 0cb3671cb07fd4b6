#!/usr/bin/env python3
"""Compares what two builds of `impact` say about the same workbooks: `check --json` (sheets'
kinds, header rows and row counts, and every issue) and `analyse --json` (every figure), so that a
change to the recogniser shows exactly which stored workbooks it changes and how.

Usage: compare_outputs.py OLD_IMPACT NEW_IMPACT DIR_OR_FILE... [--columns]
  --columns   also compare each sheet's column roles (header -> role)

Prints one block per workbook whose outputs differ, then a count; exits 1 if any differ.
"""
import json
import os
import subprocess
import sys


def workbooks(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for f in sorted(files):
                    if f.lower().endswith((".xlsx", ".xlsm")) and not f.startswith("~$"):
                        yield os.path.join(root, f)
        else:
            yield p


def run(impact, command, path):
    proc = subprocess.run([impact, command, "--json", path], capture_output=True, timeout=300)
    try:
        return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        return proc.returncode, None


def comparable(check, analyse, columns):
    if check is None:
        return {"analyse": analyse}
    sheets = []
    for s in check.get("sheets", []):
        entry = {k: s.get(k) for k in ("name", "kind", "header_row", "rows")}
        if columns:
            entry["columns"] = [(c.get("header"), c.get("role", c.get("field"))) for c in s.get("columns", [])]
        sheets.append(entry)
    issues = [(i["severity"], i["rule"], i.get("sheet"), i.get("cell"), i.get("message")) for i in check.get("issues", [])]
    out = {"sheets": sheets, "issues": issues}
    if analyse is not None:
        out["figures"] = {k: v for k, v in analyse.items() if k not in ("workbook", "sheets", "issues", "counts")}
    return out


def diff(a, b, path=""):
    if type(a) is not type(b):
        return [f"{path}: {a!r} -> {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                continue  # a field added by the new build
            out += diff(a.get(k), b.get(k), f"{path}.{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b) or any(isinstance(x, tuple) for x in a):
            sa, sb = [x for x in a if x not in b], [x for x in b if x not in a]
            if not sa and not sb and len(a) == len(b):
                return []
            return [f"{path}: only old: {x!r}" for x in sa] + [f"{path}: only new: {x!r}" for x in sb]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} -> {b!r}"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    columns = "--columns" in sys.argv
    old, new, paths = args[0], args[1], args[2:]
    changed = total = 0
    for wb in workbooks(paths):
        total += 1
        results = []
        for impact in (old, new):
            rc_c, check = run(impact, "check", wb)
            rc_a, analyse = run(impact, "analyse", wb)
            results.append((rc_c, rc_a, comparable(check, analyse, columns)))
        lines = []
        if results[0][:2] != results[1][:2]:
            lines.append(f"exit codes {results[0][:2]} -> {results[1][:2]}")
        lines += diff(json.loads(json.dumps(results[0][2])), json.loads(json.dumps(results[1][2])))
        if lines:
            changed += 1
            print(f"== {wb}")
            for line in lines[:40]:
                print("   " + line)
            if len(lines) > 40:
                print(f"   ... {len(lines) - 40} more")
    print(f"{changed} of {total} workbooks differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
