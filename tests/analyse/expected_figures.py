#!/usr/bin/env python3
"""Compares `impact analyse --json` on every sample with the figures in samples/expected.json.

The expected figures are computed by scripts/make_samples.py from the same data it writes into the
workbooks, independently of the engine (a hand calculation a person can repeat with the sample's
README). Every SPEC field the expected file gives is compared: reach and funding totals, and per
indicator (matched by its question text) n_before/n_after/n_matched, means, top-two and bottom
shares, improvement with headroom, match rate, confidence interval and effect size.

Usage: expected_figures.py IMPACT SAMPLES_DIR
"""
import json
import math
import os
import subprocess
import sys

REACH = ["pupils", "schools", "sessions", "attendances", "pupil_premium_pupils", "pupil_premium_share",
         "mean_sessions_per_pupil"]
FUNDING = ["cash_total", "in_kind_total", "total", "cost_per_pupil", "cost_per_attendance"]
INDICATOR = ["n_before", "n_after", "n_matched", "mean_before", "mean_after", "mean_change", "top2_before",
             "top2_after", "top2_change_pp", "bottom_before", "bottom_after", "improved_with_headroom",
             "match_rate", "mean_change_ci95", "effect_size"]


def same(expected, actual):
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(same(v, actual.get(k)) for k, v in expected.items())
    return math.isclose(float(expected), float(actual), rel_tol=1e-5, abs_tol=2e-6)


def main():
    impact, samples = sys.argv[1], sys.argv[2]
    expected = json.load(open(os.path.join(samples, "expected.json"), encoding="utf-8"))
    failures, checked = [], 0
    for name, exp in expected.items():
        proc = subprocess.run([impact, "analyse", "--json", os.path.join(samples, name)], capture_output=True)
        if proc.returncode not in (0, 1):
            failures.append(f"{name}: exit {proc.returncode}: {proc.stderr.decode()}")
            continue
        got = json.loads(proc.stdout)
        for section, fields in (("reach", REACH), ("funding", FUNDING)):
            if exp.get(section) is None:
                continue
            for f in fields:
                if f not in exp[section]:
                    continue
                checked += 1
                if not same(exp[section][f], got[section].get(f)):
                    failures.append(f"{name}: {section}.{f}: expected {exp[section][f]}, got {got[section].get(f)}")
            if section == "reach" and "schools_by_sector" in exp["reach"]:
                checked += 1
                if not same(exp["reach"]["schools_by_sector"], got["reach"]["schools_by_sector"]):
                    failures.append(f"{name}: reach.schools_by_sector: expected {exp['reach']['schools_by_sector']}, "
                                    f"got {got['reach']['schools_by_sector']}")
        indicators = {i["label"]: (c["id"], i) for c in got["categories"] for i in c["indicators"]}
        for label, e in (exp.get("indicators") or {}).items():
            if label not in indicators:
                failures.append(f"{name}: indicator '{label}' not reported")
                continue
            cat, ind = indicators[label]
            want_cat = e.get("category", e.get("intended_category"))
            if "category" in e and want_cat != cat:
                failures.append(f"{name}: '{label}' in category {cat}, expected {want_cat}")
            for f in INDICATOR:
                if f not in e:
                    continue
                checked += 1
                if not same(e[f], ind.get(f)):
                    failures.append(f"{name}: '{label}'.{f}: expected {e[f]}, got {ind.get(f)}")
    for f in failures:
        print("FAIL", f)
    print(f"expected figures: {checked - len(failures)} of {checked} match")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
