#!/usr/bin/env python3
"""Compares what `impact dump --cells` reads in every corpus workbook with what LibreOffice reads.

The oracle is ../shared/corpus/oracle_cells/<file>.tsv (LibreOffice 7.4 through its UNO API: one
row per non-empty cell with the raw value and number-format category). Cells are compared one by
one: text exactly, numbers numerically, dates by their serial, booleans by value, errors by name.

Files that Impact must refuse are listed in unreadable.tsv with a phrase their one-line error must
contain. Every remaining difference must be explained in known_differences.tsv. The test fails if
conformance falls below the threshold, if a difference is unexplained, if an explanation no
longer matches anything, or if an unreadable file is read or refused with the wrong message.

Usage: conformance.py IMPACT CORPUS_DIR [--threshold 0.98] [--report FILE] [--verbose]
"""
import argparse
import csv
import fnmatch
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
csv.field_size_limit(1 << 30)

# LibreOffice's names for Excel's errors.
LO_ERRORS = {"Err:502": "#NUM!", "Err:504": "#VALUE!", "Err:522": "#NUM!", "Err:511": "#VALUE!", "Err:508": "#N/A"}


def load_tsv(path, skip_comments=True):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or (skip_comments and line.startswith("#")):
                continue
            rows.append(line.split("\t"))
    return rows


def read_oracle(path):
    """{(sheet_index, cell): row dict}, and the sheet names by index."""
    cells, sheets = {}, {}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        for row in reader:
            rec = dict(zip(header, row))
            sheets[int(rec["sheet_index"])] = rec["sheet_name"]
            if rec["cell"]:
                cells[(int(rec["sheet_index"]), rec["cell"])] = rec
    return cells, sheets


def run_impact(impact, path):
    proc = subprocess.run([impact, "dump", "--cells", path], capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def parse_dump(text):
    cells = {}
    lines = text.split("\n")
    for line in lines[1:]:
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) < 6:
            continue
        sheet, _name, cell, typ, value, serial = parts[0], parts[1], parts[2], parts[3], "\t".join(parts[4:-1]), parts[-1]
        cells[(int(sheet), cell)] = (typ, value, serial)
    return cells


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def compare_cell(oracle, ours):
    """None if the same, else a short reason."""
    if ours is None:
        return "missing"
    typ, value, serial = ours
    if oracle is None:
        return "extra"
    result, raw, category = oracle["result_type"], oracle["raw_value"], oracle["number_format_category"]
    if result == "TEXT":
        return None if typ in ("text", "error") and value == raw else "text"
    if result == "ERROR":
        return None if typ == "error" and value == LO_ERRORS.get(raw, raw) else "error"
    # NUMBER
    try:
        expected = float(raw)
    except ValueError:
        return "oracle-unparsable"
    if category == "LOGICAL":
        return None if typ == "boolean" and (value == "TRUE") == (expected != 0) else "boolean"
    if category in ("DATE", "TIME", "DATETIME"):
        if typ != "date":
            return "not-a-date"
        return None if close(float(serial), expected) else "date-value"
    if typ == "number":
        return None if close(float(value), expected) else "number"
    if typ == "date":
        return "date-not-number"
    if typ == "boolean":
        return None if (value == "TRUE") == (expected != 0) else "boolean"
    return "type"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("impact")
    ap.add_argument("corpus")
    ap.add_argument("--threshold", type=float, default=0.98)
    ap.add_argument("--report")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    manifest = load_tsv(os.path.join(args.corpus, "MANIFEST.tsv"))[1:]
    unreadable = {row[0]: row[1] for row in load_tsv(os.path.join(HERE, "unreadable.tsv"))}
    known = [row for row in load_tsv(os.path.join(HERE, "known_differences.tsv"))]
    known_used = [0] * len(known)

    total = matched = 0
    failures, report = [], []
    for row in manifest:
        name = row[0]
        path = os.path.join(args.corpus, name)
        rc, out, err = run_impact(args.impact, path)
        if name in unreadable:
            lines = [l for l in err.split("\n") if l]
            if rc != 2:
                failures.append(f"{name}: should be refused with exit 2, got {rc}")
            elif len(lines) != 1 or unreadable[name].lower() not in lines[0].lower():
                failures.append(f"{name}: error should say '{unreadable[name]}', got: {err.strip()}")
            report.append(f"{name}\trefused\t{lines[0] if lines else ''}")
            continue
        if rc != 0:
            failures.append(f"{name}: exit {rc}: {err.strip()}")
            continue
        oracle_path = os.path.join(args.corpus, "oracle_cells", name + ".tsv")
        if not os.path.exists(oracle_path):
            report.append(f"{name}\tno-oracle\t{len(parse_dump(out))} cells read")
            continue
        oracle, _sheets = read_oracle(oracle_path)
        ours = parse_dump(out)
        file_total = file_matched = 0
        for key in sorted(set(oracle) | set(ours)):
            file_total += 1
            reason = compare_cell(oracle.get(key), ours.get(key))
            if reason is None:
                file_matched += 1
                continue
            sheet, cell = key
            explained = False
            for i, k in enumerate(known):
                if k[0] == name and (k[1] == "*" or k[1] == str(sheet)) and fnmatch.fnmatchcase(cell, k[2]) \
                        and (k[3] == "*" or k[3] == reason):
                    known_used[i] += 1
                    explained = True
                    break
            if not explained:
                o = oracle.get(key)
                failures.append(f"{name} sheet {sheet} {cell}: {reason}: ours={ours.get(key)} "
                                f"libreoffice={(o['result_type'], o['raw_value'], o['number_format_category']) if o else None}")
        total += file_total
        matched += file_matched
        report.append(f"{name}\t{file_matched}/{file_total}")

    for i, k in enumerate(known):
        if known_used[i] == 0:
            failures.append(f"known_differences.tsv line for {k[0]} {k[2]} ({k[3]}) matches nothing any more: remove it")

    rate = matched / total if total else 0.0
    summary = f"conformance: {matched}/{total} cells = {rate * 100:.3f}% (threshold {args.threshold * 100:.1f}%)"
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write("\n".join(report + ["FAIL " + x for x in failures]) + "\n" + summary + "\n")
    if args.verbose:
        print("\n".join(report))
    print(summary)
    explained = sum(known_used)
    print(f"explained differences: {explained} cells in {sum(1 for u in known_used if u)} entries")
    if rate < args.threshold:
        failures.append(f"conformance {rate * 100:.3f}% is below {args.threshold * 100:.1f}%")
    for f in failures[:200]:
        print("FAIL", f)
    if len(failures) > 200:
        print(f"... and {len(failures) - 200} more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
