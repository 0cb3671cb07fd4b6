#!/usr/bin/env python3
"""End-to-end tests of `impact init` (tests/init/CMakeLists.txt registers each as init.NAME).

    init_tests.py --impact BIN --source SRC --work DIR [--soffice PATH] TEST

Every test makes its workbook with the real `impact init` in its own folder under --work, then
reads it back with the real `impact check`/`analyse`/`report`, openpyxl, the raw sheet XML, and
LibreOffice. The words the drop-downs must offer are worked out here from templates/data (the
vocabulary `impact check` reads), and the figures `impact analyse` must give are computed here from
the rows in the filled workbook. Exit 0 pass, 1 fail, 77 skipped (a tool is missing).
"""
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Checks, Failure, Skip, run_main  # noqa: E402

EPOCH = 1700000000
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

# What each sheet of the template is meant to be, as `impact check --json` names its kind.
INTENDED_KINDS = {"Instructions": "skipped", "Partnership": "partnership", "Schools": "schools",
                  "Attendance": "attendance-long", "Contributions": "contributions", "Survey": "survey",
                  "Indicators": "indicators", "Funders": "funders"}

ARGS = None


# ---------------------------------------------------------------------------------------------
# Running things

def env():
    e = dict(os.environ)
    e["SOURCE_DATE_EPOCH"] = str(EPOCH)
    e.setdefault("LC_ALL", "C.UTF-8")
    return e


def impact(*argv, cwd=None):
    return subprocess.run([ARGS.impact, *argv], cwd=cwd, env=env(), capture_output=True, text=True, timeout=300)


def folder(name):
    d = os.path.join(ARGS.work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def init_workbook(name, *extra):
    d = folder(name)
    path = os.path.join(d, "partnership.xlsx")
    r = impact("init", path, *extra)
    if r.returncode != 0:
        raise Failure(f"impact init {path} {' '.join(extra)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return path


def check_json(path):
    r = impact("check", "--json", path)
    if r.returncode not in (0, 1):
        raise Failure(f"impact check exited {r.returncode}: {r.stderr}")
    return r.returncode, json.loads(r.stdout)


def template():
    with open(os.path.join(ARGS.source, "templates", "workbook", "coordinator.json"), encoding="utf-8") as f:
        return json.load(f)


def data(name):
    with open(os.path.join(ARGS.source, "templates", "data", name), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------------------------------
# The vocabulary's words, as the drop-downs must show them (docs/init.md "Drop-down lists")

def shown(group):
    word = next(w for w in group if len(w) > 1)
    return word[0].upper() + word[1:]


def vocabulary_lists():
    values, scales, cats = data("values.json"), data("scales.json"), data("categories.json")
    lists = {key: [shown(g) for g in values[key].values()]
             for key in ("sectors", "contribution_kinds", "timepoints", "respondent_types")}
    lists["yes_no"] = [shown(values["yes"]), shown(values["no"])]
    lists["categories"] = [c["name"] for c in cats["categories"]]
    lists["scale_names"] = [s["name"] for s in scales["scales"]] + [s["name"] for s in scales["numeric"]]
    for s in scales["scales"]:
        lists["scale:" + s["id"]] = [shown(p) for p in s["labels"]]
    return lists


def scale_points(scale_id):
    """label (folded) -> point, 1 at the most negative label (SPEC)."""
    for s in data("scales.json")["scales"]:
        if s["id"] == scale_id:
            return {w: i + 1 for i, point in enumerate(s["labels"]) for w in point}
    raise KeyError(scale_id)


# ---------------------------------------------------------------------------------------------
# Reading the package

def sheet_parts(path):
    """{sheet name: worksheet XML root}."""
    out = {}
    with zipfile.ZipFile(path) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        for s in wb.find("m:sheets", NS):
            target = targets[s.get(rid)].lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            out[s.get("name")] = ET.fromstring(z.read(target))
    return out


def col_letter(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def validations(root):
    """[(sqref, type, [list words] or (min, max))] of one worksheet."""
    out = []
    dvs = root.find("m:dataValidations", NS)
    for dv in (dvs if dvs is not None else []):
        f1 = dv.find("m:formula1", NS)
        f2 = dv.find("m:formula2", NS)
        kind = dv.get("type", "any")
        if kind == "list" and f1 is not None:
            text = f1.text or ""
            value = text[1:-1].split(",") if text.startswith('"') else text
        else:
            value = (f1.text if f1 is not None else None, f2.text if f2 is not None else None)
        out.append((dv.get("sqref"), kind, value))
    return out


def header_columns(ws):
    return {ws.cell(row=1, column=c).value: c for c in range(1, ws.max_column + 1)}


# ---------------------------------------------------------------------------------------------
# Filling in the workbook as a coordinator would: more rows below the examples, answers only
# from the drop-downs.

SCHOOLS = [("Eastfield Primary School", "State", "Primary", 0.42, 12),
           ("St Hilda's School", "Independent", "Secondary", None, 15),
           ("Westbrook Academy", "State", "Secondary", 0.27, 20)]
SESSIONS = [("Maths masterclass", datetime.date(2025, 10, 18), 2), ("Maths masterclass", datetime.date(2025, 11, 8), 2),
            ("Creative writing workshop", datetime.date(2025, 11, 15), 1.5),
            ("Creative writing workshop", datetime.date(2026, 1, 24), 1.5)]


def fill(path):
    import openpyxl
    rng = random.Random(6)
    lists = {}
    for sheet, root in sheet_parts(path).items():
        for sqref, kind, value in validations(root):
            if kind == "list":
                lists[(sheet, re.match(r"[A-Z]+", sqref).group(0))] = value
    wb = openpyxl.load_workbook(path)

    def choices(sheet, header):
        col = header_columns(wb[sheet])[header]
        return lists[(sheet, col_letter(col - 1))]

    def add(sheet, values):
        ws = wb[sheet]
        cols = header_columns(ws)
        row = ws.max_row + 1
        for header, v in values.items():
            ws.cell(row=row, column=cols[header], value=v)

    yes, no = choices("Attendance", "Attended")
    state, independent = choices("Schools", "Sector")[:2]
    for name, sector, phase, pp, quota in SCHOOLS:
        assert sector in choices("Schools", "Sector")
        add("Schools", {"School": name, "Sector": sector, "Phase": phase, "Pupil premium %": pp, "Quota": quota})
    schools = [s[0] for s in SCHOOLS] + ["Northgate Academy", "Riverside College"]
    pupils = []
    for i in range(1, 31):
        pupils.append({"id": f"FL{i:03d}", "name": f"Filled Pupil {i}", "school": schools[i % len(schools)],
                       "year": 7 + i % 4, "pp": yes if rng.random() < 0.3 else no})
    for activity, date, hours in SESSIONS:
        group = [p for p in pupils if int(p["id"][2:]) % 2 == (0 if "Maths" in activity else 1)]
        for n, p in enumerate(group):
            attended = yes if n == 0 or rng.random() < 0.85 else no
            add("Attendance", {"Pupil ID": p["id"], "Pupil name": p["name"], "School": p["school"], "Year group": p["year"],
                               "Pupil premium": p["pp"], "Activity": activity, "Date": date, "Hours": hours,
                               "Host school": "Riverside College", "Attended": attended})
    cash, in_kind = choices("Contributions", "Cash or in kind")
    charity = next(s for s in choices("Contributions", "Sector") if s.lower() == "charity")
    for who, sector, kind, amount, date, purpose in [
            ("St Hilda's School", independent, cash, 1800, datetime.date(2025, 9, 30), "Workshop tutors"),
            ("St Hilda's School", independent, in_kind, 450.5, datetime.date(2025, 11, 15), "Hall and lunch"),
            ("Westbrook Academy", state, in_kind, 275, datetime.date(2025, 11, 8), "Staff time"),
            ("The Riverside Foundation", charity, cash, 5000, datetime.date(2025, 9, 1), "Grant for the programme")]:
        add("Contributions", {"Contributor": who, "Sector": sector, "Cash or in kind": kind, "Amount (£)": amount,
                              "Date": date, "Purpose": purpose})
    add("Funders", {"Funder": "The Riverside Foundation", "Email": "grants@example.org", "Contact name": "Ms Grant",
                    "Contribution": "The Riverside Foundation", "Personal note": "Thank you for the grant."})
    survey = wb["Survey"]
    questions = [c["header"] for s in template()["sheets"] if s["name"] == "Survey" for c in s["columns"]
                 if c.get("field") == "question"]
    assert questions and all(q in header_columns(survey) for q in questions)
    before, after = choices("Survey", "Before / after")
    pupil = choices("Survey", "Respondent type")[0]
    for n, p in enumerate(pupils[:24]):
        for tp in (before, after):
            if tp == after and n % 6 == 5:
                continue  # attrition: no After answer
            row = {"Pupil ID": p["id"], "Respondent type": pupil, "School": p["school"], "Before / after": tp}
            for q in questions:
                labels = choices("Survey", q)
                lo = 0 if tp == before else 1
                row[q] = labels[min(len(labels) - 1, lo + rng.randrange(0, 4))]
            if tp == after and n % 4 == 0:
                row["Comments"] = "The sessions made me want to study this further."
                row["Consent to quote"] = yes
            add("Survey", row)
    wb.save(path)


def rows(ws):
    cols = header_columns(ws)
    for r in range(2, ws.max_row + 1):
        values = {h: ws.cell(row=r, column=c).value for h, c in cols.items()}
        if any(v not in (None, "") for v in values.values()):
            yield values


def expected_figures(path):
    """The figures SPEC defines, computed from the rows in the filled workbook."""
    import openpyxl
    wb = openpyxl.load_workbook(path, data_only=True)
    yes_words = [w.lower() for w in data("values.json")["yes"]]
    att = [r for r in rows(wb["Attendance"])]
    present = [r for r in att if str(r["Attended"]).lower() in yes_words]
    pupils = {r["Pupil ID"].strip().lower(): r for r in present}
    pp_known = {k: str(r["Pupil premium"]).lower() in yes_words for k, r in pupils.items() if r["Pupil premium"]}
    e = {"pupils": len(pupils), "schools": len({r["School"].strip().lower() for r in present}),
         "sessions": len({(r["Activity"], r["Date"]) for r in att}), "attendances": len(present),
         "pupil_premium_pupils": sum(pp_known.values())}
    e["pupil_premium_share"] = e["pupil_premium_pupils"] / len(pp_known)
    contributions = list(rows(wb["Contributions"]))
    e["cash_total"] = sum(r["Amount (£)"] for r in contributions if r["Cash or in kind"].lower() == "cash")
    e["in_kind_total"] = sum(r["Amount (£)"] for r in contributions if r["Cash or in kind"].lower() != "cash")
    e["total"] = e["cash_total"] + e["in_kind_total"]
    e["by_sector"] = {}
    for r in contributions:
        e["by_sector"][r["Sector"].lower()] = e["by_sector"].get(r["Sector"].lower(), 0) + r["Amount (£)"]
    e["cost_per_pupil"] = e["total"] / e["pupils"]
    e["cost_per_attendance"] = e["total"] / e["attendances"]
    # Indicators: each question's scale from the template, answers to points, matched by Pupil ID.
    scales = {c["header"]: c["list"][len("scale:"):] for s in template()["sheets"] if s["name"] == "Survey"
              for c in s["columns"] if c.get("field") == "question"}
    survey = list(rows(wb["Survey"]))
    e["indicators"] = {}
    for q, scale in scales.items():
        points = scale_points(scale)
        by_time = {"before": {}, "after": {}}
        for r in survey:
            if r[q]:
                by_time[r["Before / after"].lower()][r["Pupil ID"].lower()] = points[r[q].lower()]
        b, a = by_time["before"], by_time["after"]
        matched = [k for k in b if k in a]
        top = max(points.values())
        e["indicators"][q] = {
            "n_before": len(b), "n_after": len(a), "n_matched": len(matched),
            "mean_before": sum(b.values()) / len(b), "mean_after": sum(a.values()) / len(a),
            "mean_change": sum(a[k] - b[k] for k in matched) / len(matched),
            "top2_before": sum(1 for v in b.values() if v >= top - 1) / len(b),
            "top2_after": sum(1 for v in a.values() if v >= top - 1) / len(a)}
    return e


# ---------------------------------------------------------------------------------------------
# Tests

def test_check_clean():
    """As made, the workbook passes check with no errors, and every sheet and column is read as meant."""
    c = Checks()
    path = init_workbook("check_clean")
    code, result = check_json(path)
    c.check(code == 0, f"impact check exited {code}")
    c.check(result["counts"]["error"] == 0, f"errors: {[i for i in result['issues'] if i['severity'] == 'error']}")
    kinds = {s["name"]: s["kind"] for s in result["sheets"]}
    c.check(list(kinds) == list(INTENDED_KINDS), f"sheets in order {list(kinds)}")
    for sheet, kind in INTENDED_KINDS.items():
        c.check(kinds.get(sheet) == kind, f"sheet {sheet} read as {kinds.get(sheet)}, meant {kind}")
    fields = {s["name"]: dict((col["header"], col["field"]) for col in s.get("columns", [])) for s in result["sheets"]}
    for sheet in template()["sheets"]:
        if sheet["name"] == "Partnership":
            continue
        for col in sheet["columns"]:
            got = fields.get(sheet["name"], {}).get(col["header"])
            c.check(got == col["field"], f"{sheet['name']} column '{col['header']}' read as {got}, meant {col['field']}")
    # Impact's own workbook needs no corrections in an Impact Columns sheet: every role is a guess,
    # with its reason, with or without the example rows.
    blank = init_workbook("check_clean_blank", "--no-examples")
    for made, (_, res) in (("with examples", (code, result)), ("--no-examples", check_json(blank))):
        for s in res["sheets"]:
            for col in s.get("columns", []):
                c.check(col.get("source") == "guessed" and (col["role"] is None or col.get("reason")),
                        f"{made}: {s['name']} column {col.get('column')} '{col['header']}': {col.get('role')} "
                        f"({col.get('source')}, {col.get('reason')!r})")
    # The partnership settings are read as settings.
    a = impact("analyse", "--json", path)
    c.check(a.returncode == 0, f"impact analyse exited {a.returncode}: {a.stderr}")
    c.done()


def test_filled_analyse():
    """Filled in like a coordinator (more rows, drop-down words only): no errors, and analyse's figures
    equal the ones computed here from the rows."""
    c = Checks()
    path = init_workbook("filled")
    fill(path)
    code, result = check_json(path)
    c.check(code == 0 and result["counts"]["error"] == 0,
            f"check: exit {code}, errors {[i for i in result['issues'] if i['severity'] == 'error']}")
    c.check(not [i for i in result["issues"] if i["rule"] in ("scale-out-of-range", "sector-unknown", "category-unknown",
                                                                 "scale-unknown", "value-not-understood")],
            f"drop-down words not understood: {[i for i in result['issues'] if i['severity'] != 'info'][:5]}")
    r = impact("analyse", "--json", path)
    c.check(r.returncode == 0, f"impact analyse exited {r.returncode}: {r.stderr}")
    got = json.loads(r.stdout)
    e = expected_figures(path)
    reach, funding = got["reach"], got["funding"]
    for k in ("pupils", "schools", "sessions", "attendances", "pupil_premium_pupils"):
        c.check(reach.get(k) == e[k], f"reach.{k}: impact says {reach.get(k)}, expected {e[k]}")
    c.close(reach.get("pupil_premium_share"), e["pupil_premium_share"], "reach.pupil_premium_share")
    for k in ("cash_total", "in_kind_total", "total", "cost_per_pupil", "cost_per_attendance"):
        c.close(funding.get(k), e[k], f"funding.{k}")
    for sector, amount in e["by_sector"].items():
        c.close(funding["by_sector"].get(sector), amount, f"funding.by_sector.{sector}")
    indicators = {i["id"]: (cat["id"], i) for cat in got["categories"] for i in cat["indicators"]}
    categories = {row[0]: row[1] for s in template()["sheets"] if s["name"] == "Indicators" for row in s["examples"]}
    names = {cat["name"]: cat["id"] for cat in data("categories.json")["categories"]}
    for q, fig in e["indicators"].items():
        if not c.check(q in indicators, f"no indicator for '{q}' in {list(indicators)}"):
            continue
        cat, ind = indicators[q]
        c.check(cat == names[categories[q]], f"'{q}' in category {cat}, the Indicators sheet says {categories[q]}")
        for k in ("n_before", "n_after", "n_matched"):
            c.check(ind[k] == fig[k], f"'{q}' {k}: impact says {ind[k]}, expected {fig[k]}")
        for k in ("mean_before", "mean_after", "mean_change", "top2_before", "top2_after"):
            c.close(ind[k], fig[k], f"'{q}' {k}")
    c.done()


def test_validations():
    """Every promised drop-down is in the sheet XML, covers the column below the header, and lists
    exactly the vocabulary's words."""
    c = Checks()
    path = init_workbook("validations")
    parts = sheet_parts(path)
    vocab = vocabulary_lists()
    rows_covered = template().get("rows", 1000)
    promised = {"sectors", "contribution_kinds", "yes_no", "timepoints", "respondent_types", "categories"}
    seen = set()
    for sheet in template()["sheets"]:
        dvs = validations(parts[sheet["name"]])
        for i, col in enumerate(sheet["columns"]):
            if "list" not in col:
                continue
            letter = col_letter(i)
            want = f"{letter}2:{letter}{rows_covered + 1}"
            found = [d for d in dvs if d[0] == want and d[1] == "list"]
            if not c.check(len(found) == 1, f"{sheet['name']}!{letter} ({col['header']}): no list validation on {want}: {dvs}"):
                continue
            c.check(found[0][2] == vocab[col["list"]],
                    f"{sheet['name']}!{letter} lists {found[0][2]}, the vocabulary says {vocab[col['list']]}")
            seen.add(col["list"].split(":")[0])
    # School columns offer the Schools sheet's names, warning (not refusing) a name not there.
    for sheet in template()["sheets"]:
        root = parts[sheet["name"]]
        for i, col in enumerate(sheet["columns"]):
            if "choices_from" not in col:
                continue
            src = next(s for s in template()["sheets"] if s["name"] == col["choices_from"]["sheet"])
            src_letter = col_letter([x["header"] for x in src["columns"]].index(col["choices_from"]["column"]))
            letter = col_letter(i)
            want = f"'{src['name']}'!${src_letter}$2:${src_letter}${rows_covered + 1}"
            found = [dv for dv in root.find("m:dataValidations", NS) if dv.get("sqref") == f"{letter}2:{letter}{rows_covered + 1}"]
            c.check(len(found) == 1 and found[0].get("type") == "list" and found[0].find("m:formula1", NS).text == want
                    and found[0].get("errorStyle") == "warning",
                    f"{sheet['name']}!{letter} ({col['header']}): not a warning drop-down of {want}: {[d.attrib for d in found]}")
            seen.add("choices_from")
    c.check("choices_from" in seen, "no drop-down of the Schools sheet's names")
    for p in promised | {"scale"}:
        c.check(p in seen, f"no drop-down of {p} anywhere")
    # Each scale's list is that scale's labels, most negative first; the categories are the six.
    c.check(len(vocab["categories"]) == 6, "six categories")
    # Dates and amounts: a date rule on date columns, a number rule on amounts.
    att = validations(parts["Attendance"])
    c.check(any(d[1] == "date" and d[0].startswith("G2:") for d in att), f"no date rule on Attendance!G: {att}")
    con = validations(parts["Contributions"])
    c.check(any(d[1] == "decimal" and d[0].startswith("D2:") for d in con), f"no number rule on Contributions!D: {con}")
    c.done()


def test_layout():
    """Bold frozen headers, column widths, dd/mm/yyyy dates and £ amounts, the Instructions sheet first."""
    import openpyxl
    c = Checks()
    path = init_workbook("layout")
    parts = sheet_parts(path)
    wb = openpyxl.load_workbook(path)
    c.check(wb.sheetnames[0] == "Instructions", f"first sheet {wb.sheetnames[0]}")
    c.check(wb.active.title == "Instructions", f"active sheet {wb.active.title}")
    for sheet in template()["sheets"]:
        name = sheet["name"]
        pane = parts[name].find("m:sheetViews/m:sheetView/m:pane", NS)
        c.check(pane is not None and pane.get("ySplit") == "1" and pane.get("state") == "frozen",
                f"{name}: header row not frozen ({None if pane is None else pane.attrib})")
        ws = wb[name]
        for i, col in enumerate(sheet["columns"]):
            cell = ws.cell(row=1, column=i + 1)
            c.check(cell.value == col["header"], f"{name}!{cell.coordinate} is {cell.value!r}, meant {col['header']!r}")
            c.check(cell.font.bold, f"{name}!{cell.coordinate} header not bold")
            width = ws.column_dimensions[col_letter(i)].width
            c.check(abs(width - col.get("width", 12)) < 1, f"{name} column {col_letter(i)} width {width}, meant {col.get('width')}")
            fmt = ws.column_dimensions[col_letter(i)].number_format
            if col.get("format") == "date":
                c.check(fmt == "dd/mm/yyyy", f"{name} column {col['header']} format {fmt!r}")
                if sheet.get("examples"):
                    v = ws.cell(row=2, column=i + 1)
                    c.check(isinstance(v.value, datetime.datetime) and v.number_format == "dd/mm/yyyy",
                            f"{name}!{v.coordinate} is {v.value!r} ({v.number_format}), not a date")
            if col.get("format") == "money":
                c.check("£" in fmt, f"{name} column {col['header']} format {fmt!r} has no £")
    text = "\n".join(str(r[0].value or "") for r in wb["Instructions"].iter_rows())
    for s in template()["sheets"]:
        c.check(s["name"] in text, f"the Instructions sheet does not mention {s['name']}")
    c.check("impact check partnership.xlsx" in text, "the Instructions sheet does not say how to run impact check on this file")
    c.check("name" in text and "never" in text, "the Instructions sheet does not say pupil names never appear in reports")
    c.done()


def test_libreoffice():
    """LibreOffice opens the workbook: every sheet converts to CSV with the headers and examples."""
    soffice = ARGS.soffice or shutil.which("soffice")
    if not soffice:
        raise Skip("soffice is not installed")
    c = Checks()
    path = init_workbook("libreoffice")
    out = folder("libreoffice-csv")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", CSV_FILTER, "--outdir", out, path], capture_output=True, text=True, timeout=240)
    c.check(r.returncode == 0, f"soffice exit {r.returncode}: {r.stderr}")
    import csv

    def sheet_csv(name):
        p = os.path.join(out, f"partnership-{name}.csv")
        if not c.check(os.path.exists(p), f"LibreOffice made no {os.path.basename(p)}: {os.listdir(out)}"):
            return []
        with open(p, encoding="utf-8") as f:
            return list(csv.reader(f))

    for sheet in template()["sheets"]:
        got = sheet_csv(sheet["name"])
        if not got:
            continue
        c.check(got[0][:len(sheet["columns"])] == [col["header"] for col in sheet["columns"]],
                f"{sheet['name']} headers as LibreOffice reads them: {got[0]}")
        c.check(len(got) - 1 == len(sheet.get("examples", [])), f"{sheet['name']}: {len(got) - 1} rows below the header")
    att = sheet_csv("Attendance")
    if len(att) > 1:
        ex = template()["sheets"][2]["examples"][0]
        y, m, d = ex[6].split("-")
        c.check(att[1][6] == f"{d}/{m}/{y}", f"Attendance!G2 shows {att[1][6]!r}, expected {d}/{m}/{y}")
        c.check(att[1][0] == ex[0], f"Attendance!A2 {att[1][0]!r}")
    con = sheet_csv("Contributions")
    if len(con) > 1:
        c.check(con[1][3] == "£2,000.00", f"Contributions!D2 shows {con[1][3]!r}, expected £2,000.00")
    ins = sheet_csv("Instructions")
    c.check(ins and ins[0][0] == template()["instructions"]["title"], f"Instructions!A1 {ins[:1]}")
    c.done()


def test_refuse_overwrite():
    """An existing file is never overwritten without --force (exit 3, named, unchanged); --force
    replaces it; a lock file stops even --force; only .xlsx; no temporary file is left behind."""
    c = Checks()
    d = folder("overwrite")
    path = os.path.join(d, "mine.xlsx")
    with open(path, "wb") as f:
        f.write(b"the coordinator's own data")
    r = impact("init", path)
    c.check(r.returncode == 3, f"init on an existing file exited {r.returncode}")
    c.check(path in r.stderr and "--force" in r.stderr, f"message does not name the file and --force: {r.stderr!r}")
    c.check(open(path, "rb").read() == b"the coordinator's own data", "the existing file was changed")
    lock = os.path.join(d, "~$mine.xlsx")
    open(lock, "w").close()
    r = impact("init", path, "--force")
    c.check(r.returncode == 3 and "Excel" in r.stderr, f"--force with a lock file: exit {r.returncode} {r.stderr!r}")
    c.check(open(path, "rb").read() == b"the coordinator's own data", "the locked file was changed")
    os.remove(lock)
    r = impact("init", path, "--force")
    c.check(r.returncode == 0, f"--force exited {r.returncode}: {r.stderr}")
    c.check(zipfile.is_zipfile(path), "--force did not write a workbook")
    c.check("Replaced" in r.stdout and "impact check" in r.stdout and "impact run --setup" in r.stdout,
            f"output does not say what it made and the next step: {r.stdout!r}")
    for bad in ("new.xls", "new.csv", "new.xlsm", "new"):
        r = impact("init", os.path.join(d, bad))
        c.check(r.returncode == 2 and ".xlsx" in r.stderr, f"init {bad}: exit {r.returncode} {r.stderr!r}")
        c.check(not os.path.exists(os.path.join(d, bad)), f"init {bad} made a file")
    r = impact("init", os.path.join(d, "no-such-folder", "x.xlsx"))
    c.check(r.returncode == 3 and "no-such-folder" in r.stderr, f"missing folder: exit {r.returncode} {r.stderr!r}")
    left = sorted(os.listdir(d))
    c.check(left == ["mine.xlsx"], f"files left in the folder: {left}")
    r = impact("init", "--help")
    c.check(r.returncode == 0 and "--force" in r.stdout and "--no-examples" in r.stdout, f"--help: {r.stdout!r}")
    c.done()


def test_template_errors():
    """A broken workbook description is refused with its file name and what is wrong; nothing is made."""
    c = Checks()
    d = folder("template_errors")
    good = template()

    def attempt(name, text, line, *expect):
        t = os.path.join(d, name)
        with open(t, "w", encoding="utf-8") as f:
            f.write(text)
        out = os.path.join(d, name + ".xlsx")
        r = impact("init", out, "--template", t)
        c.check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2: {r.stderr!r}")
        c.check(f"{t}:{line}:" in r.stderr, f"{name}: message does not name {t} line {line}: {r.stderr!r}")
        for e in expect:
            c.check(e in r.stderr, f"{name}: message lacks {e!r}: {r.stderr!r}")
        c.check(not os.path.exists(out), f"{name}: a workbook was made anyway")

    def line_of(text, needle, after):
        at = text.index(needle, text.index(after))
        return text.count("\n", 0, at) + 1

    # A comma taken out at the end of one line: the error is found on the next.
    lines = json.dumps(good, indent=2, ensure_ascii=False).split("\n")
    n = next(i for i, l in enumerate(lines) if l.strip().startswith('"rows"'))
    lines[n] = lines[n].rstrip(",")
    attempt("bad-json.json", "\n".join(lines), n + 2, "not valid JSON")

    def broken(name, change, sheet, needle, *expect):
        bad = json.loads(json.dumps(good))
        change(bad)
        text = json.dumps(bad, indent=2, ensure_ascii=False)
        attempt(name, text, line_of(text, needle, f'"{sheet}"'), sheet, *expect)

    broken("bad-header.json", lambda b: b["sheets"][2]["columns"][0].update(header="Pupl IDD"),
           "Attendance", '"Pupl IDD"', "Pupl IDD", "pupil_id")
    broken("bad-example.json", lambda b: b["sheets"][1]["examples"][0].__setitem__(1, "Private-ish"),
           "Schools", '"Private-ish"', "Private-ish", "sectors")
    broken("bad-list.json", lambda b: b["sheets"][5]["columns"][1].update(list="impact_categories"),
           "Indicators", '"impact_categories"', "impact_categories")
    broken("bad-setting.json", lambda b: b["sheets"][0]["examples"][0].__setitem__(0, "Partnershp nam"),
           "Partnership", '"Partnershp nam"', "not a setting")
    r = impact("init", os.path.join(d, "x.xlsx"), "--template", os.path.join(d, "missing.json"))
    c.check(r.returncode == 2 and "missing.json" in r.stderr, f"missing template: exit {r.returncode} {r.stderr!r}")
    c.done()


def test_template_deep():
    """A workbook description nested 300,000 deep (the parser once recursed per level): exit 2 with
    the file and the line where the nesting passes the limit; nothing is made."""
    c = Checks()
    d = folder("template_deep")
    t = os.path.join(d, "deep.json")
    with open(t, "w", encoding="utf-8") as f:
        f.write('{\n  "rows": 10,\n  "sheets": ' + "[" * 300000)
    out = os.path.join(d, "deep.xlsx")
    r = impact("init", out, "--template", t)
    c.check(r.returncode == 2, f"exit {r.returncode}, expected 2: {r.stderr[-300:]!r}")
    c.check(f"{t}:3:" in r.stderr and "deep" in r.stderr, f"message does not name {t} line 3 and the nesting: {r.stderr[-300:]!r}")
    c.check(not os.path.exists(out), "a workbook was made anyway")
    c.done()


def test_reproducible():
    """With SOURCE_DATE_EPOCH set, two runs give byte-identical workbooks, created at that time."""
    c = Checks()
    a, b = init_workbook("reproducible_a"), init_workbook("reproducible_b")
    c.check(open(a, "rb").read() == open(b, "rb").read(), "two runs of impact init gave different bytes")
    with zipfile.ZipFile(a) as z:
        core = z.read("docProps/core.xml").decode()
    when = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    c.check(when in core, f"docProps/core.xml does not say created {when}: {core[-300:]}")
    c.done()


def test_no_examples():
    """--no-examples: headers and the Partnership sheet's setting names only, same drop-downs."""
    import openpyxl
    c = Checks()
    path = init_workbook("no_examples", "--no-examples")
    wb = openpyxl.load_workbook(path)
    for sheet in template()["sheets"]:
        ws = wb[sheet["name"]]
        fixed = [i for i, col in enumerate(sheet["columns"]) if col.get("fixed")]
        for r in range(2, ws.max_row + 1):
            for i in range(len(sheet["columns"])):
                v = ws.cell(row=r, column=i + 1).value
                c.check(v is None or i in fixed, f"{sheet['name']}!{col_letter(i)}{r} holds {v!r}")
    settings = [r[0].value for r in wb["Partnership"].iter_rows(min_row=2)]
    c.check(settings == [e[0] for e in template()["sheets"][0]["examples"]], f"Partnership setting names {settings}")
    c.check(len(validations(sheet_parts(path)["Survey"])) > 0, "no drop-downs without examples")
    c.done()


def test_report():
    """`impact report` on the filled workbook: exit 0, the governors' brief and a report per funder,
    and no pupil's name in any PDF."""
    c = Checks()
    path = init_workbook("report")
    fill(path)
    out = os.path.join(os.path.dirname(path), "reports")
    r = impact("report", path, "--out", out)
    c.check(r.returncode == 0, f"impact report exited {r.returncode}: {r.stderr}")
    pdfs = sorted(f for f in os.listdir(out) if f.endswith(".pdf")) if os.path.isdir(out) else []
    c.check(any("Governors" in f for f in pdfs), f"no governors' brief: {pdfs}")
    for funder in ("Riverside College", "The Riverside Foundation"):
        c.check(any(funder in f for f in pdfs), f"no report for {funder}: {pdfs}")
    if shutil.which("pdftotext"):
        for f in pdfs:
            text = subprocess.run(["pdftotext", os.path.join(out, f), "-"], capture_output=True, text=True).stdout
            c.check("Filled Pupil" not in text and "Example Pupil" not in text, f"{f} contains a pupil's name")
            c.check("Riverside Schools Partnership" in text, f"{f} does not carry the partnership's name")
    code, result = check_json(path)
    kinds = {s["name"]: s["kind"] for s in result["sheets"]}
    c.check(all(kinds.get(s) == k for s, k in INTENDED_KINDS.items()), f"after report, sheets read as {kinds}")
    c.done()


def add_arguments(p):
    p.add_argument("--source", required=True)
    p.add_argument("--soffice")


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments))
