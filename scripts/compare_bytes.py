#!/usr/bin/env python3
"""Byte-for-byte comparison of what two builds of `impact` write for the same workbooks: stdout,
stderr and exit code of `check --json`, `analyse --json`, `check`, `analyse` and `check --verbose`;
and of `report` the PDFs (--no-writeback --force) and the summary workbook (--summary), each part
of the .xlsx compared but docProps/core.xml (its time stamp). For a change meant to keep every
output the same (a refactor); scripts/compare_outputs.py compares the JSON by meaning instead.

Usage: compare_bytes.py OLD_IMPACT NEW_IMPACT DIR_OR_FILE...

Prints one line per difference, then a count; exits 1 if any differ.
"""
import os, subprocess, sys, tempfile, hashlib, glob
old, new = sys.argv[1], sys.argv[2]
paths = []
for d in sys.argv[3:]:
    if os.path.isdir(d):
        for root, _, files in os.walk(d):
            paths += [os.path.join(root, f) for f in sorted(files) if f.lower().endswith(('.xlsx', '.xlsm')) and not f.startswith('~$') and '.backup.' not in f]
    else: paths.append(d)
diffs = n = 0
for wb in paths:
    for args in (["check", "--json"], ["analyse", "--json"], ["check"], ["analyse"], ["check", "--verbose"]):
        outs = []
        for exe in (old, new):
            p = subprocess.run([exe] + args + [wb], capture_output=True, timeout=300)
            outs.append((p.returncode, p.stdout, p.stderr))
        n += 1
        if outs[0] != outs[1]:
            diffs += 1; print("DIFF", args, wb)
    # reports: summary workbook + PDFs, into temp dirs
    res = []
    for exe in (old, new):
        t = tempfile.mkdtemp()
        p = subprocess.run([exe, "report", wb, "--no-writeback", "--force", "--out", t + "/pdf"], capture_output=True, timeout=300)
        q = subprocess.run([exe, "report", wb, "--force", "--summary", t + "/summary.xlsx"], capture_output=True, timeout=300)
        files = {}
        for f in sorted(glob.glob(t + "/**", recursive=True)):
            if not os.path.isfile(f): continue
            if f.endswith('.xlsx'):
                import zipfile
                z = zipfile.ZipFile(f)
                for m in z.namelist():
                    if m != 'docProps/core.xml': files[os.path.relpath(f, t) + ':' + m] = hashlib.sha256(z.read(m)).hexdigest()
            else: files[os.path.relpath(f, t)] = hashlib.sha256(open(f, 'rb').read()).hexdigest()
        res.append((p.returncode, q.returncode, p.stdout, p.stderr.replace(t.encode(), b"T"), q.stderr.replace(t.encode(), b"T"), files))
        subprocess.run(["rm", "-rf", t])
    n += 1
    if res[0] != res[1]:
        diffs += 1; print("DIFF report", wb, res[0][0], res[1][0], len(res[0][-1]), len(res[1][-1]))
        for k in sorted(set(res[0][-1]) | set(res[1][-1])):
            if res[0][-1].get(k) != res[1][-1].get(k): print("   ", k)
print(f"{len(paths)} workbooks, {n} comparisons, {diffs} differ")
sys.exit(1 if diffs else 0)
