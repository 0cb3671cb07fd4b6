#!/usr/bin/python3
"""Streaming analysis benchmark: `impact analyse --json` against `impact dump --cells` (the reader
alone) on the same large workbook, in the same run, interleaved. A benchmark, not a test.

    /usr/bin/python3 bench/bench_stream.py IMPACT MAKE_WORKBOOKS [DATA_DIR] [--runs 3]

Generates once (kept in DATA_DIR, default impact-bench-stream in the temporary folder) with
bench/make_workbooks: attendance_1m (1,000,000 attendance rows x 12 columns, long form) and
responses_100k (100,000 survey responses x 20 questions: pupil ID, Before/After, school). For each,
the best of --runs of each command: wall seconds, user+system CPU seconds and the child's peak RSS
(os.wait4), and the ratios analyse / dump that the targets are about (issue 14: analyse <= 1.5x
dump, peak < 64 MB).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

WORKBOOKS = [("attendance_1m", "attendance", 1000000), ("responses_100k", "responses", 100000)]


def run(cmd):
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("failed: %s" % " ".join(cmd))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("impact")
    ap.add_argument("make_workbooks")
    ap.add_argument("data", nargs="?", default=os.path.join(tempfile.gettempdir(), "impact-bench-stream"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.data, exist_ok=True)
    print("%-16s %-8s %8s %8s %8s   %s" % ("workbook", "command", "best_s", "cpu_s", "peak_MB", "runs_s"))
    for name, kind, rows in WORKBOOKS:
        path = os.path.join(a.data, name + ".xlsx")
        if not os.path.exists(path):
            subprocess.run([a.make_workbooks, kind, str(rows), path], check=True, stdout=subprocess.DEVNULL)
        results = {"dump": [], "analyse": []}
        for _ in range(a.runs):  # interleaved: both see the same load
            results["dump"].append(run([a.impact, "dump", path, "--cells"]))
            results["analyse"].append(run([a.impact, "analyse", path, "--json"]))
        best = {}
        for cmd, rs in results.items():
            best[cmd] = (min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs))
            print("%-16s %-8s %8.2f %8.2f %8.1f   %s" % (name, cmd, *best[cmd], " ".join("%.2f" % r[0] for r in rs)))
        print("%-16s analyse/dump: wall %.2fx, cpu %.2fx (target <= 1.5x); analyse peak %.1f MB (target < 64 MB)" %
              (name, best["analyse"][0] / best["dump"][0], best["analyse"][1] / best["dump"][1], best["analyse"][2]))


if __name__ == "__main__":
    main()
