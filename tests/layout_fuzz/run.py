#!/usr/bin/python3
"""Layout fuzz: generated coordinator workbooks against `impact analyse --json`.

Usage: run.py IMPACT --seed S --count N [--keep DIR] [--traits T=V,...] [--json-summary FILE]
              [--jobs J] [--libreoffice SHARE] [--keep-all DIR] [--quiet] [--snapshot-engine]

Each workbook is composed from independent traits drawn by a seeded RNG (generate.py); its truth is
computed from the generated data by model.py following SPEC.md, never from the engine. For every
workbook the runner compares every truth figure (reach, funding, per indicator, found by its label
in categories[].indicators[]) with rel_tol 1e-6 (abs_tol 1e-6, for figures the engine rounds to six
decimals), and the issues: a clean workbook must give no error-severity issue; a planted mistake
must give an error at its cell (sheet and A1 cell; a duplicate response: either copy's row) with a
plausible rule, and nothing else may be an error.

--traits forces trait values (e.g. attendance.form=register,producer=xlsxwriter); --libreoffice
SHARE re-saves that share of the workbooks through `soffice --headless --convert-to xlsx` (if soffice
did not re-save them, they are reported as not tested and the run fails: re-saves are asked for only
where soffice is installed, so one that cannot be made is a fault, not a reason to skip). Exit 0: no
miss; 1: misses, or re-saves asked for and not made; 2: usage or the engine cannot be run.
"""
import argparse
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

REACH = ["pupils", "schools", "sessions", "attendances", "pupil_premium_pupils", "pupil_premium_share"]
FUNDING = ["cash_total", "in_kind_total", "total", "cost_per_pupil", "cost_per_attendance"]
INDICATOR = ["n_before", "n_after", "n_matched", "mean_before", "mean_after", "mean_change", "top2_before",
             "top2_after", "top2_change_pp", "bottom_before", "bottom_after", "improved_with_headroom",
             "match_rate", "mean_change_ci95", "effect_size"]
REL, ABS = 1e-6, 1e-6


def same(e, a):
    if e is None or a is None:
        return e is None and a is None
    if isinstance(e, list):
        return isinstance(a, list) and len(e) == len(a) and all(same(x, y) for x, y in zip(e, a))
    if isinstance(a, (bool, str, dict, list)):
        return False
    return math.isclose(float(e), float(a), rel_tol=REL, abs_tol=ABS)


def label_key(s):
    s = " ".join(str(s).split()).casefold()
    return re.sub(r"\s*(\((before|after|pre|post)\)|-\s*(before|after))$", "", s)


# ------------------------------------------------------------------------------------------------
def gen_one(job):
    import generate
    i, seed, tmp, force, lo = job
    name = f"wb-{seed}-{i:05d}.xlsx"
    path = os.path.join(tmp, name)
    truth = generate.generate(f"{seed}-{i}", path, force)
    if lo:
        truth["traits"]["producer.libreoffice_resave"] = ["True"]
    with open(path + ".truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return i, name, truth


def compare(truth, got):
    """-> (figures compared, [(class, detail)])"""
    misses, n = [], 0
    for section, fields in (("reach", REACH), ("funding", FUNDING)):
        exp = truth.get(section)
        if exp is None:
            continue
        have = got.get(section)
        if not isinstance(have, dict):
            misses.append((f"{section}.missing", f"no '{section}' object"))
            continue
        for f in fields:
            if f not in exp:
                continue
            n += 1
            if not same(exp[f], have.get(f)):
                misses.append((f"{section}.{f}", f"expected {exp[f]!r}, got {have.get(f)!r}"))
        if section == "reach" and "schools_by_sector" in exp:
            n += 1
            hs = have.get("schools_by_sector") or {}
            if any(hs.get(k, 0) != v for k, v in exp["schools_by_sector"].items()) or \
                    any(v for k, v in hs.items() if k not in exp["schools_by_sector"]):
                misses.append(("reach.schools_by_sector", f"expected {exp['schools_by_sector']}, got {hs}"))
        if section == "funding" and "by_sector" in exp:
            n += 1
            hs = have.get("by_sector") or {}
            ok = all(same(v, hs.get(k, 0.0)) for k, v in exp["by_sector"].items()) and \
                all(not v for k, v in hs.items() if k not in exp["by_sector"])
            if not ok:
                misses.append(("funding.by_sector", f"expected {exp['by_sector']}, got {hs}"))
    reported = []
    for c in got.get("categories") or []:
        for ind in c.get("indicators") or []:
            reported.append((c.get("id"), ind))
    for label, e in (truth.get("indicators") or {}).items():
        hit = [(c, i) for c, i in reported if i.get("label") == label] or \
              [(c, i) for c, i in reported if label_key(i.get("label", "")) == label_key(label)]
        if not hit:
            n += 1
            misses.append(("indicator.missing", f"'{label}' not reported"))
            continue
        cat, ind = hit[0]
        if len(hit) > 1:
            n += 1
            misses.append(("indicator.reported-twice", f"'{label}' reported {len(hit)} times "
                                                       f"(sheets {[i.get('sheet') for _, i in hit]})"))
        if "category" in e:
            n += 1
            if cat != e["category"]:
                misses.append(("indicator.category", f"'{label}': category {cat}, expected {e['category']}"))
        for f in INDICATOR:
            n += 1
            if not same(e[f], ind.get(f)):
                misses.append((f"indicator.{f}", f"'{label}' [{e.get('scale')}, engine: {ind.get('scale')}]: "
                                                 f"expected {e[f]!r}, got {ind.get(f)!r}"))
    # issues
    errors = [i for i in got.get("issues") or [] if i.get("severity") == "error"]
    explained = set()
    for p in truth["planted"]:
        n += 1
        at = []
        for k, i in enumerate(errors):
            if i.get("sheet") != p["sheet"]:
                continue
            cell = str(i.get("cell") or "")
            row = re.sub(r"^[A-Z]+", "", cell)
            if (p["cells"] and cell in p["cells"]) or (p["rows"] and row.isdigit() and int(row) in p["rows"]):
                at.append(k)
        explained |= set(at)
        if not any(re.search(p["rule"], str(errors[k].get("rule", ""))) for k in at):
            where = p["cells"] or [f"row {r}" for r in p["rows"]]
            if at:
                misses.append((f"planted-wrong-rule:{p['class']}",
                               f"{p['sheet']}!{where}: rules {[errors[k].get('rule') for k in at]}"))
            else:
                misses.append((f"planted-missed:{p['class']}", f"no error at {p['sheet']}!{where}"))
    for k, i in enumerate(errors):
        if k not in explained:
            n += 1
            misses.append((f"false-error:{i.get('rule')}", f"{i.get('sheet')}!{i.get('cell')}: {i.get('message', '')[:120]}"))
    return n, misses


def run_one(job):
    i, name, truth, tmp, impact = job
    path = os.path.join(tmp, name)
    try:
        proc = subprocess.run([impact, "analyse", "--json", path], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return i, name, 1, [("engine.timeout", "analyse took over 120 s")], None
    if proc.returncode not in (0, 1):
        return i, name, 1, [(f"engine.exit-{proc.returncode}", proc.stderr.decode("utf-8", "replace")[-300:])], None
    try:
        got = json.loads(proc.stdout)
    except ValueError as e:
        return i, name, 1, [("engine.bad-json", str(e))], None
    n, misses = compare(truth, got)
    if misses:
        with open(path + ".engine.json", "w", encoding="utf-8") as f:
            f.write(proc.stdout.decode("utf-8", "replace"))
    return i, name, n, misses, None


# ------------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("impact")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--keep", help="copy every workbook with a miss (with its truth and the engine's JSON) here")
    ap.add_argument("--keep-all", help="keep every generated workbook here")
    ap.add_argument("--traits", default="", help="force trait values: name=value,name=value")
    ap.add_argument("--json-summary")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--libreoffice", type=float, default=0.0, help="share of workbooks re-saved by LibreOffice")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--snapshot-engine", action="store_true",
                    help="run a private copy of IMPACT, so that a rebuild during the run does not disturb it")
    a = ap.parse_args()
    if not os.access(a.impact, os.X_OK):
        print(f"layout_fuzz: the engine {a.impact} is missing or not executable", file=sys.stderr)
        return 2
    force = {}
    for kv in filter(None, a.traits.split(",")):
        k, _, v = kv.partition("=")
        force[k.strip()] = v.strip()
    t0 = time.time()
    tmp = a.keep_all or tempfile.mkdtemp(prefix="layout_fuzz-")
    os.makedirs(tmp, exist_ok=True)
    if a.snapshot_engine:
        snap = tempfile.mkdtemp(prefix="layout_fuzz-engine-")
        shutil.copy2(a.impact, os.path.join(snap, "impact"))
        a.impact = os.path.join(snap, "impact")
    lo_rng = random.Random(f"{a.seed}-libreoffice")
    jobs = [(i, a.seed, tmp, force, lo_rng.random() < a.libreoffice) for i in range(a.count)]
    with multiprocessing.Pool(a.jobs) as pool:
        made = sorted(pool.imap_unordered(gen_one, jobs, chunksize=4))
    t_gen = time.time() - t0
    # LibreOffice re-saves, one soffice for the batch
    not_tested = {}
    lo_paths = [os.path.join(tmp, name) for (i, name, truth), j in zip(made, jobs) if j[4]]
    if lo_paths:
        import render
        done, why = render.libreoffice_resave(lo_paths, os.path.join(tmp, "lo-out"),
                                              os.path.join(tmp, "lo-profile"))
        for p in lo_paths:
            if p not in done:
                not_tested[os.path.basename(p)] = why or "LibreOffice did not convert it"
        if not_tested:
            print(f"layout_fuzz: {len(not_tested)} LibreOffice re-saves NOT tested: "
                  f"{sorted(set(not_tested.values()))}", file=sys.stderr)
    t1 = time.time()
    run_jobs = [(i, name, truth, tmp, a.impact) for i, name, truth in made if name not in not_tested]
    truths = {name: truth for i, name, truth in made}
    with multiprocessing.Pool(a.jobs) as pool:
        results = sorted(pool.imap_unordered(run_one, run_jobs, chunksize=2))
    t_run = time.time() - t1
    # summary
    traits = Counter()
    trait_miss = Counter()
    by_class = defaultdict(list)
    compared = 0
    missed_wbs = []
    for i, name, n, misses, _ in results:
        compared += n
        tv = {f"{k}={v}" for k, vs in truths[name]["traits"].items() for v in vs}
        traits.update(tv)
        if misses:
            missed_wbs.append(name)
            trait_miss.update(tv)
            for cls in sorted({c for c, _ in misses}):
                by_class[cls].append((name, next(d for c, d in misses if c == cls)))
    if a.keep and missed_wbs:
        os.makedirs(a.keep, exist_ok=True)
        for name in missed_wbs:
            for ext in ("", ".truth.json", ".engine.json"):
                src = os.path.join(tmp, name + ext)
                if os.path.exists(src):
                    shutil.copy(src, os.path.join(a.keep, name + ext))
    where = a.keep or tmp
    n_fig_miss = sum(len(m) for _, _, _, m, _ in results)
    planted = sum(1 for t in truths.values() if not t["clean"])
    out = sys.stdout
    print(f"layout_fuzz seed {a.seed}: {len(made)} workbooks generated ({planted} with a planted mistake), "
          f"{len(results)} run through the engine; {compared} figures/issue checks compared, "
          f"{n_fig_miss} missed; {len(missed_wbs)} workbooks with a miss", file=out)
    print(f"  time: generate {t_gen:.1f}s, engine+compare {t_run:.1f}s, jobs {a.jobs}", file=out)
    if not_tested:
        print(f"  NOT TESTED (not a pass): {len(not_tested)} LibreOffice re-saves: {sorted(set(not_tested.values()))}",
              file=out)
    wb_traits = {name: {f"{k}={v}" for k, vs in truths[name]["traits"].items() for v in vs}
                 for _, name, _, _, _ in results}
    total = len(results)

    def lifts(names):
        """trait values over-represented among these workbooks: (value, count, lift)"""
        c = Counter(tv for nm in names for tv in wb_traits[nm])
        out_ = [(tv, k, (k / len(names)) / (traits[tv] / total)) for tv, k in c.items()]
        return sorted([x for x in out_ if x[2] >= 1.5 and x[1] >= 3], key=lambda x: (-x[2], -x[1]))[:4]
    if by_class:
        print("\nmisses by class (workbooks; examples; trait values over-represented among them, x lift):", file=out)
        for cls, items in sorted(by_class.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            ex = "; ".join(f"{os.path.join(where, nm)} [{d[:150]}]" for nm, d in items[:2])
            print(f"  {len(items):6d}  {cls:42s} {ex}", file=out)
            lf = lifts([nm for nm, _ in items])
            if lf:
                print(f"          {'':42s} traits: " + ", ".join(f"{tv} ({k}, x{l:.1f})" for tv, k, l in lf), file=out)
        worst = sorted(((trait_miss[tv] / traits[tv], tv) for tv in traits if traits[tv] >= 20), reverse=True)[:25]
        print("\ntrait values with the highest share of workbooks with a miss (at least 20 workbooks):", file=out)
        for share, tv in worst:
            print(f"  {share:6.1%}  {tv} ({traits[tv]})", file=out)
    if not a.quiet:
        print("\ntraits covered (value: workbooks, share with a miss):", file=out)
        for tv in sorted(traits):
            print(f"  {tv:70s} {traits[tv]:6d}  {trait_miss[tv] / traits[tv]:6.1%}", file=out)
    summary = {"seed": a.seed, "generated": len(made), "run": len(results), "planted": planted,
               "compared": compared, "missed_checks": n_fig_miss, "workbooks_with_miss": len(missed_wbs),
               "not_tested": not_tested,
               "misses_by_class": {c: {"workbooks": len(v), "examples": [os.path.join(where, nm) for nm, _ in v[:2]],
                                       "detail": [d for _, d in v[:2]],
                                       "traits_over_represented": [[tv, k, round(l, 2)] for tv, k, l in
                                                                   lifts([nm for nm, _ in v])]}
                                   for c, v in by_class.items()},
               "traits": {tv: {"workbooks": traits[tv], "with_miss": trait_miss[tv]} for tv in sorted(traits)},
               "seconds": {"generate": round(t_gen, 1), "engine": round(t_run, 1)}}
    if a.json_summary:
        with open(a.json_summary, "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
    if not a.keep_all:
        shutil.rmtree(tmp, ignore_errors=True)
    if a.snapshot_engine:
        shutil.rmtree(os.path.dirname(a.impact), ignore_errors=True)
    return 1 if missed_wbs or not_tested else 0


if __name__ == "__main__":
    sys.exit(main())
