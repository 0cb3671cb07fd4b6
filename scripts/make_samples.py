#!/usr/bin/python3
"""Generate the sample coordinator workbooks in samples/, with the figures a person can check by hand.

Usage: /usr/bin/python3 scripts/make_samples.py [--out DIR] [--no-libreoffice] [--verify]

Needs Debian's python3-openpyxl; science-cpd.xlsx is re-saved by LibreOffice (soffice, from
libreoffice-calc-nogui) so that one sample comes from a producer other than openpyxl.

Everything is deterministic: fixed random seeds, fixed document timestamps and fixed zip entry times
for the files openpyxl writes. LibreOffice stamps its own save time into science-cpd.xlsx; the script
rewrites only that timestamp (docProps/core.xml) and the zip entry times, keeping LibreOffice's
entries, order and content, so re-running gives the same bytes.

The figures in samples/expected.json and samples/README.md are computed here, from the very rows
written into the workbooks, following SPEC.md's definitions ("What it computes").
"""
import argparse
import copy
import datetime as dt
import io
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "pylib"))
from student_t import t_quantile_975  # noqa: E402  (the truth's own statistics, not the engine's)

ROOT = Path(__file__).resolve().parent.parent
FIXED_TIME = dt.datetime(2025, 4, 1, 9, 0, 0)
ZIP_TIME = (2025, 4, 1, 9, 0, 0)

CONF5 = ["Not at all confident", "Not very confident", "Fairly confident", "Very confident",
         "Extremely confident"]
AGREE5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]

CATEGORY_NAMES = {
    1: "Changes in understanding / improved knowledge (pupil)",
    2: "Changes in behaviour (pupil views)",
    3: "Changes in behaviour (teacher views)",
    4: "Changes in teacher skills",
    5: "Socially – the relationship between schools / building capacity",
    6: "Economic",
}

# ----------------------------------------------------------------------------------------------
# Styling helpers
# ----------------------------------------------------------------------------------------------
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
FORMS_FILL = PatternFill("solid", fgColor="217346")
FORMS_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="999999")
GBP = '"£"#,##0'
GBP2 = '"£"#,##0.00'
DATE_UK = "dd/mm/yyyy"
FORMS_DT = "m/d/yy h:mm:ss"
PCT = "0%"


# A private LibreOffice profile, so a running LibreOffice or another user's profile is not touched.
LO_PROFILE = "file://" + os.path.join(tempfile.gettempdir(), "impact-lo-profile-samples")

def set_widths(ws, widths):
    for i, w in enumerate(widths, start=1):
        if w:
            ws.column_dimensions[get_column_letter(i)].width = w


def write_header(ws, row, headers, fill=HEADER_FILL, font=BOLD, wrap=False):
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=c, value=h)
        cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.border = Border(bottom=THIN)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_rows(ws, first_row, rows, formats=None):
    """rows: list of lists; formats: {column index (0-based): number format} for non-text values."""
    formats = formats or {}
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            if v is None:
                continue
            cell = ws.cell(row=first_row + r, column=c + 1, value=v)
            fmt = formats.get(c)
            if fmt and not isinstance(v, str):
                cell.number_format = fmt


def a1(col0, row):
    """0-based column index, 1-based row -> 'B7'."""
    return f"{get_column_letter(col0 + 1)}{row}"


def fixed_properties(wb, creator):
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME


def save_deterministic(wb, path, cached=None):
    """Save with openpyxl, then rewrite the zip with fixed times, fixed core.xml dates and the cached
    values of formulas filled in (as Excel would have left them). cached: {(sheet title, 'D14'): number}."""
    buf = io.BytesIO()
    wb.save(buf)
    sheet_files = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    by_file = {}
    for (title, ref), value in (cached or {}).items():
        by_file.setdefault(sheet_files[title], {})[ref] = value
    normalise_zip(buf.getvalue(), path, by_file)


def normalise_zip(data, path, cached_by_file=None):
    cached_by_file = cached_by_file or {}
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + stamp + m.group(2), text)
                content = text.encode("utf-8")
            if info.filename in cached_by_file:
                text = content.decode("utf-8")
                for ref, value in cached_by_file[info.filename].items():
                    pat = re.compile(r'(<c r="%s"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(</v>)?' % ref)
                    text, n = pat.subn(lambda m: m.group(1) + m.group(2) + f"<v>{num(value)}</v>", text)
                    assert n == 1, (info.filename, ref)
                content = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)
    Path(path).write_bytes(out.getvalue())


def num(x):
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return repr(x)


# ----------------------------------------------------------------------------------------------
# Reference implementation of SPEC's definitions (used only on the rows written above)
# ----------------------------------------------------------------------------------------------
PRESENT = {"✓", "y", "yes", "1", "p", "present"}
ABSENT = {"n", "no", "0", "a", "absent"}


def norm(s):
    return str(s).strip().lower()


def mark(v):
    """True present, False absent, None not expected."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    s = norm(num(v) if isinstance(v, (int, float)) else v)
    if s in PRESENT:
        return True
    if s in ABSENT:
        return False
    raise ValueError(f"unexpected register mark {v!r}")


def amount(v):
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).replace("£", "").replace(",", "").strip()
    return float(s)


def yes_no(v):
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    s = norm(v)
    if s in ("y", "yes", "1", "true"):
        return True
    if s in ("n", "no", "0", "false"):
        return False
    raise ValueError(v)


def r6(x):
    return None if x is None else round(x, 6)


def indicator_stats(responses, points, lowest=1):
    """responses: [(identity or None, 'before'|'after', point)]; points: the scale's points, 1..K
    (or lowest..K). Returns SPEC's per-indicator fields."""
    top = lowest + points - 1
    before = [p for _, t, p in responses if t == "before"]
    after = [p for _, t, p in responses if t == "after"]
    for p in before + after:
        assert lowest <= p <= top, p
    bmap, amap = {}, {}
    for ident, t, p in responses:
        if ident is None:
            continue
        key = norm(ident)
        target = bmap if t == "before" else amap
        assert key not in target, f"duplicate response {ident} {t}"
        target[key] = p
    pairs = [(bmap[k], amap[k]) for k in bmap if k in amap]
    changes = [a - b for b, a in pairs]

    def share(vals, pred):
        return (sum(1 for v in vals if pred(v)) / len(vals)) if vals else None

    mean_b = statistics.fmean(before) if before else None
    mean_a = statistics.fmean(after) if after else None
    top2_b = share(before, lambda v: v >= top - 1)
    top2_a = share(after, lambda v: v >= top - 1)
    room = [(b, a) for b, a in pairs if b < top]
    out = {
        "n_before": len(before), "n_after": len(after), "n_matched": len(pairs),
        "mean_before": r6(mean_b), "mean_after": r6(mean_a),
        "mean_change": r6(statistics.fmean(changes)) if changes else None,
        "top2_before": r6(top2_b), "top2_after": r6(top2_a),
        "top2_change_pp": r6((top2_a - top2_b) * 100) if top2_a is not None and top2_b is not None else None,
        "bottom_before": r6(share(before, lambda v: v == lowest)),
        "bottom_after": r6(share(after, lambda v: v == lowest)),
        "improved_with_headroom": r6(sum(1 for b, a in room if a > b) / len(room)) if room else None,
        "match_rate": r6(len(pairs) / len(before)) if before else None,
        "mean_change_ci95": None, "effect_size": None,
    }
    if len(pairs) >= 10:
        m = statistics.fmean(changes)
        sd = statistics.stdev(changes)
        half = t_quantile_975(len(changes) - 1) * sd / math.sqrt(len(changes))
        out["mean_change_ci95"] = [r6(m - half), r6(m + half)]
        out["effect_size"] = r6(m / sd) if sd > 0 else None
    return out


# ----------------------------------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------------------------------
FIRST = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Arthur", "Mia", "Leo", "Poppy",
         "Harry", "Evie", "Oscar", "Sophia", "Jack", "Lily", "Charlie", "Grace", "Theo", "Ruby",
         "Alfie", "Ella", "Finley", "Rosie", "Archie", "Imogen", "Joshua", "Hannah", "Reuben",
         "Maisie", "Kian", "Zara", "Ethan", "Aisha", "Samuel", "Chloe", "Dylan", "Niamh", "Ibrahim",
         "Erin", "Tomasz", "Phoebe", "Lewis", "Scarlett", "Yusuf", "Matilda", "Callum", "Amira",
         "Owen", "Jessica", "Rory", "Layla", "Harvey", "Millie", "Kacper", "Eleanor", "Jamal",
         "Beatrice", "Connor", "Priya", "Elliot", "Hollie", "Ruben", "Martha", "Aarav"]
LAST = ["Ashworth", "Barker", "Bhatti", "Calloway", "Dawson", "Ellison", "Fairbairn", "Gill", "Hartley",
        "Iqbal", "Jowett", "Kowalski", "Lister", "Metcalfe", "Nolan", "Okafor", "Pickering", "Quinn",
        "Rhodes", "Sutcliffe", "Thwaite", "Umar", "Varley", "Whitaker", "Yates", "Ackroyd", "Brennan",
        "Crowther", "Dunn", "Emsley", "Foster", "Greenwood", "Holroyd", "Ingham", "Kaur", "Lambert",
        "Marsden", "Nowak", "Oldroyd", "Patel", "Raine", "Shaw", "Toft", "Walsh", "Wray", "Zielinski",
        "Atkinson", "Birch", "Cawood", "Dobson", "Hebden", "Mensah", "Precious", "Tindall"]


def name_pool(rng, n):
    seen, out = set(), []
    while len(out) < n:
        nm = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if nm not in seen:
            seen.add(nm)
            out.append(nm)
    return out


# ----------------------------------------------------------------------------------------------
# 1. York masterclasses (and the mistakes copy of it)
# ----------------------------------------------------------------------------------------------
YORK_SCHOOLS = [
    # name, sector, phase, pupil premium % (None = n/a), quota
    ("St Peter's School", "Independent", "Secondary", None, 20),
    ("Minster Court School", "Independent", "Secondary", None, 15),
    ("Huntington School", "State", "Secondary", 0.17, 20),
    ("Archbishop Holgate's School", "State", "Secondary", 0.24, 20),
    ("Fulford Vale Academy", "State", "Secondary", 0.31, 20),
    ("St Mary's CE Primary", "State", "Primary", 0.22, 10),
]
YORK_SESSIONS = [  # (date, masterclass, present mark, absent mark)
    (dt.date(2024, 10, 12), "Philosophy", "✓", "A"),
    (dt.date(2024, 10, 19), "Philosophy", "✓", "A"),
    (dt.date(2024, 11, 2), "Philosophy", "✓", "A"),
    (dt.date(2025, 1, 18), "Criminology", "Y", "N"),
    (dt.date(2025, 1, 25), "Criminology", "Y", "N"),
    (dt.date(2025, 2, 1), "Criminology", "Y", "N"),
    (dt.date(2025, 3, 8), "Year 6 maths", 1, 0),
    (dt.date(2025, 3, 15), "Year 6 maths", 1, 0),
    (dt.date(2025, 3, 22), "Year 6 maths", 1, 0),
]
MASTERCLASS_COLS = {"Philosophy": [0, 1, 2], "Criminology": [3, 4, 5], "Year 6 maths": [6, 7, 8]}
YQ1 = "How confident do you feel speaking up in a group discussion?"
YQ2 = "How confident are you that you could study this subject at A level or university?"
YQ3 = "How much do you know about the subject? (1 = nothing, 5 = a lot)"
YORK_TITLE = "York Independent State School Partnership — Masterclass register 2024-25"


def york_data(attrition=True):
    rng = random.Random(20241012)
    # pupils per school: (count, year groups, masterclasses)
    plan = {
        "St Peter's School": [(8, [10, 11], ["Philosophy"]), (4, [12], ["Philosophy", "Criminology"]),
                              (4, [6], ["Year 6 maths"])],
        "Minster Court School": [(6, [10, 11], ["Philosophy"]), (6, [12, 13], ["Criminology"])],
        "Huntington School": [(9, [10, 11], ["Philosophy"]), (7, [12, 13], ["Criminology"]),
                              (3, [12], ["Philosophy", "Criminology"])],
        "Archbishop Holgate's School": [(8, [9, 10, 11], ["Philosophy"]), (9, [12, 13], ["Criminology"])],
        "Fulford Vale Academy": [(6, [9, 10], ["Philosophy"]), (3, [12], ["Criminology"])],
        "St Mary's CE Primary": [(10, [6], ["Year 6 maths"])],
    }
    pp_rate = {"St Peter's School": 0.0, "Minster Court School": 0.0, "Huntington School": 0.25,
               "Archbishop Holgate's School": 0.3, "Fulford Vale Academy": 0.45, "St Mary's CE Primary": 0.3}
    total = sum(n for groups in plan.values() for n, _, _ in groups)
    names = name_pool(rng, total)
    pupils = []
    for school, groups in plan.items():
        for n, years, classes in groups:
            for _ in range(n):
                pupils.append({"school": school, "year": rng.choice(years), "classes": classes,
                               "name": names[len(pupils)],
                               "pp": "Y" if rng.random() < pp_rate[school] else "N"})
    pupils.sort(key=lambda p: (YORK_SCHOOLS.index(next(s for s in YORK_SCHOOLS if s[0] == p["school"])),
                               p["year"], p["name"].split()[-1], p["name"]))
    for i, p in enumerate(pupils, start=1):
        p["id"] = f"YK{i:03d}"
    # marks
    never = {"Fulford Vale Academy": 1, "Huntington School": 1}  # one pupil each who never came
    for p in pupils:
        marks = [None] * len(YORK_SESSIONS)
        stays_away = False
        if never.get(p["school"]) and p["classes"] == ["Philosophy" if p["school"] == "Fulford Vale Academy"
                                                       else "Criminology"]:
            stays_away = True
            never[p["school"]] -= 1
        for cls in p["classes"]:
            for col in MASTERCLASS_COLS[cls]:
                _, _, pres, absn = YORK_SESSIONS[col]
                present = (not stays_away) and rng.random() < 0.86
                marks[col] = pres if present else absn
        p["marks"] = marks
    # Substitute teacher on 19/10/2024 wrote P instead of the tick.
    for p in pupils:
        if p["marks"][1] == "✓" and rng.random() < 0.5:
            p["marks"][1] = "P"
    # survey: first masterclass only; before at its first session, after at its last.
    before_rows, after_rows = [], []
    comments_after = [
        ("I never thought I'd say anything in a room full of people I didn't know.", "Yes"),
        ("The debates were the best bit. Could we have more sessions?", "Yes"),
        ("It was good meeting people from other schools.", "Yes"),
        ("Saturday mornings are early but worth it", "No"),
        ("I want to do Philosophy at A level now.", "Yes"),
        ("The visit to the law courts made it real.", "Yes"),
        ("Maths was fun and the older pupils helped us", "Yes"),
        ("A bit too long without a break.", "No"),
    ]
    comments_before = [("I'm nervous about not knowing anyone.", "Yes"),
                       ("My brother did this last year and loved it", "No")]
    ci_a, ci_b = 0, 0
    for p in pupils:
        cols = MASTERCLASS_COLS[p["classes"][0]]
        first = mark(p["marks"][cols[0]])
        last = mark(p["marks"][cols[-1]])
        q1 = rng.choices([1, 2, 3, 4, 5], weights=[3, 8, 7, 3, 1])[0]
        q2 = rng.choices([1, 2, 3, 4, 5], weights=[2, 6, 8, 5, 1])[0]
        q3 = rng.choices([1, 2, 3, 4, 5], weights=[4, 9, 6, 2, 0.5])[0]
        does_before = first and rng.random() < (0.92 if attrition else 1.0)
        # absent at the last session: some fill the After form in online anyway
        does_after = (last or rng.random() < 0.6) and rng.random() < (0.95 if attrition else 1.0)
        if not attrition and does_before:
            does_after = True  # the mistakes copy starts from a fully matched survey
        if does_before:
            com, cons = (None, "No")
            if ci_b < len(comments_before) and rng.random() < 0.08:
                com, cons = comments_before[ci_b]
                ci_b += 1
            before_rows.append([p["id"], p["school"], "Before", CONF5[q1 - 1], CONF5[q2 - 1], q3, com, cons])
        if does_after:
            a1_ = min(5, q1 + rng.choices([0, 1, 2], weights=[4, 6, 2])[0])
            a2_ = min(5, max(1, q2 + rng.choices([-1, 0, 1, 2], weights=[1, 5, 5, 1])[0]))
            a3_ = min(5, q3 + rng.choices([0, 1, 2], weights=[2, 6, 3])[0])
            com, cons = (None, "No")
            if ci_a < len(comments_after) and rng.random() < 0.2:
                com, cons = comments_after[ci_a]
                ci_a += 1
            after_rows.append([p["id"], p["school"], "After", CONF5[a1_ - 1], CONF5[a2_ - 1], a3_, com, cons])
    survey_rows = before_rows + after_rows
    for r in survey_rows:  # consent column: "Yes"/"No" only asked when there's a comment in practice
        if r[6] is None:
            r[7] = None
    contributions = []
    cash_dates = [dt.date(2024, 9, 20), dt.date(2024, 9, 27), dt.date(2024, 10, 4), dt.date(2024, 10, 4),
                  "15/10/2024", dt.date(2024, 11, 8)]
    text_amount = {"Huntington School", "Fulford Vale Academy", "St Mary's CE Primary"}
    for (school, *_), when in zip(YORK_SCHOOLS, cash_dates):
        contributions.append([school, "Cash", "Annual partnership contribution 2024-25",
                              "£2,000" if school in text_amount else 2000, when])
    contributions += [
        ["St Peter's School", "In kind", "Venue – Philosophy and Year 6 maths masterclasses (6 Saturdays)",
         1800, dt.date(2025, 3, 22)],
        ["St Peter's School", "In kind", "Teaching time – Year 6 maths masterclass (9 hours)", 405,
         dt.date(2025, 3, 22)],
        ["Minster Court School", "In kind", "Venue and lunches – Criminology masterclass (3 Saturdays)",
         "£1,050.00", dt.date(2025, 2, 1)],
        ["Minster Court School", "In kind", "Teaching time – Criminology masterclass (9 hours)", 405,
         dt.date(2025, 2, 1)],
        ["Huntington School", "In kind", "Teaching time – Philosophy masterclass (9 hours)", 405,
         dt.date(2024, 11, 2)],
        ["Archbishop Holgate's School", "In kind", "Minibus and driver for Saturday sessions", 240,
         dt.date(2025, 2, 1)],
    ]
    return {"pupils": pupils, "survey": survey_rows, "contributions": contributions}


def york_messy_school(p, idx):
    """How the school was typed in the register: a couple of trailing spaces and odd capitals."""
    s = p["school"]
    if s == "Huntington School" and idx % 7 == 3:
        return s + " "
    if s == "Archbishop Holgate's School" and idx % 6 == 2:
        return "Archbishop Holgate's school"
    return s


def build_york(path, data, mistakes=False):
    wb = openpyxl.Workbook()
    fixed_properties(wb, "Helen Cartwright")
    cells = {}  # named cells for the README / mistakes list

    # Partnership
    ws = wb.active
    ws.title = "Partnership"
    settings = [
        ("Partnership name", "York Independent State School Partnership"),
        ("Academic year", "2024-25"),
        ("Report title", "Masterclass programme 2024-25: what it achieved"),
        ("Lead school", "St Peter's School"),
        ("Coordinator", "Helen Cartwright"),
        ("Next steps", "Fill every school's quota in 2025-26: Fulford Vale Academy filled 9 of its 20 places. "
                       "Add a Year 8 masterclass in the summer term, and ask the University of York to host "
                       "the final Criminology session."),
    ]
    for r, (k, v) in enumerate(settings, start=1):
        ws.cell(row=r, column=1, value=k).font = BOLD
        c = ws.cell(row=r, column=2, value=v)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    set_widths(ws, [20, 90])

    # Schools
    ws = wb.create_sheet("Schools")
    write_header(ws, 1, ["School", "Sector", "Phase", "Pupil premium %", "Quota (places)"])
    rows = [[n, s, ph, pp if pp is not None else "n/a", q] for n, s, ph, pp, q in YORK_SCHOOLS]
    write_rows(ws, 2, rows, {3: PCT})
    for r in range(2, 2 + len(rows)):
        ws.cell(row=r, column=4).alignment = Alignment(horizontal="right")
    ws.freeze_panes = "A2"
    set_widths(ws, [30, 13, 11, 17, 15])

    # Register
    ws = wb.create_sheet("Register")
    ncols = 5 + len(YORK_SESSIONS)
    ws.cell(row=1, column=1, value=YORK_TITLE).font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    headers = ["Pupil ID", "Pupil name", "School", "Year group", "Pupil premium"] + [d for d, *_ in YORK_SESSIONS]
    write_header(ws, 3, headers)
    for c in range(6, ncols + 1):
        ws.cell(row=3, column=c).number_format = DATE_UK
        ws.cell(row=3, column=c).alignment = Alignment(horizontal="center")
    reg_rows = []
    for i, p in enumerate(data["pupils"]):
        reg_rows.append([p["id"], p["name"], p.get("school_typed") or york_messy_school(p, i), p["year"],
                         p["pp"]] + p["marks"])
    write_rows(ws, 4, reg_rows)
    for r in range(4, 4 + len(reg_rows)):
        for c in range(4, ncols + 1):
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center")
    ws.freeze_panes = "F4"
    set_widths(ws, [10, 22, 30, 11, 14] + [11] * len(YORK_SESSIONS))
    cells["register_first_row"] = 4

    # Contributions
    ws = wb.create_sheet("Contributions")
    ws.cell(row=1, column=1, value="Contributions 2024-25 (cash and in kind)").font = TITLE
    write_header(ws, 2, ["School", "Cash or in kind", "Description", "Amount", "Date"])
    contrib = data["contributions"]
    write_rows(ws, 3, contrib, {3: GBP, 4: DATE_UK})
    last = 2 + len(contrib)
    total_row = last + 1
    ws.cell(row=total_row, column=1, value="Total").font = BOLD
    ws.cell(row=total_row, column=4, value=f"=SUM(D3:D{last})").font = BOLD
    ws.cell(row=total_row, column=4).number_format = GBP
    ws.cell(row=total_row, column=4).border = Border(top=THIN, bottom=Side(style="double"))
    for r in range(3, last + 1):
        ws.cell(row=r, column=4).alignment = Alignment(horizontal="right")
    # Excel's SUM ignores amounts typed as text: the sheet's own total is what Excel would show.
    excel_sum = sum(v for v in (row[3] for row in contrib) if isinstance(v, (int, float)))
    cached = {("Contributions", f"D{total_row}"): excel_sum}
    set_widths(ws, [30, 15, 62, 12, 12])
    cells["contrib_total_row"] = total_row
    cells["contrib_excel_sum"] = excel_sum

    # Funders
    ws = wb.create_sheet("Funders")
    write_header(ws, 1, ["Funder", "Email", "Contribution", "Personal note"])
    notes = {
        "St Peter's School": "Thank you for hosting six Saturday sessions and for the Year 6 maths masterclass.",
        "Minster Court School": "Thank you for the Criminology masterclass and for feeding everyone so well.",
        "Huntington School": "Thank you for lending us a philosophy teacher for three Saturdays.",
        "Archbishop Holgate's School": "Thank you for the minibus, which got our Saturday pupils there.",
        "Fulford Vale Academy": "Thank you for staying with the partnership in a tight year.",
        "St Mary's CE Primary": "Thank you for bringing your Year 6 to the maths masterclass.",
    }
    emails = {"St Peter's School": "bursar.stpeters@example.org",
              "Minster Court School": "head.minstercourt@example.org",
              "Huntington School": "head.huntington@example.org",
              "Archbishop Holgate's School": "business.manager.ahs@example.org",
              "Fulford Vale Academy": "principal.fulfordvale@example.org",
              "St Mary's CE Primary": "head.stmarys@example.org"}
    write_rows(ws, 2, [[s, emails[s], s, notes[s]] for s, *_ in YORK_SCHOOLS])
    ws.freeze_panes = "A2"
    set_widths(ws, [30, 36, 30, 80])

    # Pupil survey (long form)
    ws = wb.create_sheet("Pupil survey")
    write_header(ws, 1, ["Pupil ID", "School", "Before / after", YQ1, YQ2, YQ3,
                         "Anything else you want to tell us?", "Happy for us to quote you (no names)?"], wrap=True)
    ws.row_dimensions[1].height = 48
    write_rows(ws, 2, data["survey"])
    ws.freeze_panes = "D2"
    set_widths(ws, [10, 30, 10, 24, 24, 20, 50, 16])

    if mistakes:
        ws = wb.create_sheet("Indicators")
        write_header(ws, 1, ["Question", "Category", "Scale"])
        write_rows(ws, 2, [[YQ1, 2, "Confidence (5 point)"], [YQ2, "Wellbeing", "Confidence (5 point)"],
                           [YQ3, 1, "1-5"]])
        set_widths(ws, [80, 12, 22])

    save_deterministic(wb, path, cached)
    return cells


def york_figures(data):
    pupils = data["pupils"]
    attending = [p for p in pupils if any(mark(m) for m in p["marks"])]
    school_sector = {norm(n): s for n, s, *_ in YORK_SCHOOLS}
    sector_word = {"independent": "independent", "state": "state"}
    schools = sorted({norm(p["school"]) for p in attending})
    by_sector = {"state": 0, "independent": 0, "other": 0}
    for s in schools:
        by_sector[sector_word[norm(school_sector[s])]] += 1
    sessions = sum(1 for c in range(len(YORK_SESSIONS)) if any(mark(p["marks"][c]) for p in pupils))
    attendances = sum(1 for p in pupils for m in p["marks"] if mark(m))
    known = [p for p in attending if yes_no(p["pp"]) is not None]
    pp = sum(1 for p in known if yes_no(p["pp"]))
    by_school = []
    for n, s, _, _, quota in YORK_SCHOOLS:
        ps = [p for p in attending if norm(p["school"]) == norm(n)]
        by_school.append({"school": n, "sector": sector_word[norm(s)], "pupils": len(ps),
                          "attendances": sum(1 for p in ps for m in p["marks"] if mark(m)),
                          "quota": quota, "quota_fill": r6(len(ps) / quota)})
    cash = sum(amount(r[3]) for r in data["contributions"] if norm(r[1]) == "cash")
    kind = sum(amount(r[3]) for r in data["contributions"] if norm(r[1]) == "in kind")
    fund_sector = {"independent": 0.0, "state": 0.0}
    for r in data["contributions"]:
        fund_sector[sector_word[norm(school_sector[norm(r[0])])]] += amount(r[3])
    total = cash + kind
    reach = {"pupils": len(attending), "schools": len(schools), "schools_by_sector": by_sector,
             "sessions": sessions, "attendances": attendances, "pupil_premium_pupils": pp,
             "pupil_premium_share": r6(pp / len(known)),
             "mean_sessions_per_pupil": r6(attendances / len(attending)),
             "pupils_registered": len(pupils), "pupils_never_attended": len(pupils) - len(attending),
             "by_school": by_school}
    funding = {"cash_total": cash, "in_kind_total": kind, "total": total,
               "by_sector": {k: v for k, v in fund_sector.items()},
               "cost_per_pupil": r6(total / len(attending)), "cost_per_attendance": r6(total / attendances)}
    # survey
    resp = {YQ1: [], YQ2: [], YQ3: []}
    for r in data["survey"]:
        t = norm(r[2])
        resp[YQ1].append((r[0], t, CONF5.index(r[3]) + 1))
        resp[YQ2].append((r[0], t, CONF5.index(r[4]) + 1))
        resp[YQ3].append((r[0], t, int(r[5])))
    indicators = {
        YQ1: dict(indicator_stats(resp[YQ1], 5), sheet="Pupil survey", scale="confidence5",
                  respondents="pupil", intended_category=2),
        YQ2: dict(indicator_stats(resp[YQ2], 5), sheet="Pupil survey", scale="confidence5",
                  respondents="pupil", intended_category=2),
        YQ3: dict(indicator_stats(resp[YQ3], 5), sheet="Pupil survey", scale="numeric 1-5",
                  respondents="pupil", intended_category=1),
    }
    befores = {norm(r[0]): i for i, r in enumerate(data["survey"]) if norm(r[2]) == "before"}
    afters = {norm(r[0]) for r in data["survey"] if norm(r[2]) == "after"}
    unmatched = [(data["survey"][i][0], f"A{i + 2}") for k, i in befores.items() if k not in afters]
    return {"reach": reach, "funding": funding, "indicators": indicators, "unmatched_before": unmatched}


# ----------------------------------------------------------------------------------------------
# 2. Bristol events (head counts)
# ----------------------------------------------------------------------------------------------
BRISTOL_SCHOOLS = [
    ("Bristol Grammar School", "Independent", "11–18", "Mr D. Hollis"),
    ("Clifton Downs School", "Independent", "11–18", "Ms R. Achebe"),
    ("Westbury Park College", "Independent", "11–18", "Mrs K. Lund"),
    ("Cotham School", "Academy", "11–18", "Mr J. Osei"),
    ("Redland Green School", "Academy", "11–18", "Ms F. Carrow"),
    ("St Werburgh's Academy", "Academy", "11–16", "Mr P. Danso"),
    ("Hartcliffe Community School", "Maintained", "11–16", "Mrs L. Bright"),
    ("Southmead Park School", "Maintained", "11–16", "Miss A. Rahman"),
]
BQ = ["I enjoyed the event", "I learned something new",
      "I feel more confident speaking in front of other people",
      "I would recommend this event to a friend"]


def bristol_data():
    rng = random.Random(20190621)
    S = [s[0] for s in BRISTOL_SCHOOLS]
    indep = set(S[:3])
    pp_share = {"Cotham School": 0.25, "Redland Green School": 0.2, "St Werburgh's Academy": 0.45,
                "Hartcliffe Community School": 0.5, "Southmead Park School": 0.45}
    events = [  # date (or text), activity, schools, (min, max) attending, venue
        (dt.date(2024, 10, 3), "Student Board meeting", S, (2, 2), "Redland Green School"),
        (dt.date(2024, 10, 17), "Oracy Pioneers", [S[1], S[3], S[5], S[6]], (5, 7), "Clifton Downs School"),
        (dt.date(2024, 10, 24), "Oracy Pioneers", [S[1], S[3], S[5], S[6]], (4, 7), "Clifton Downs School"),
        (dt.date(2024, 11, 14), "Oracy Pioneers", [S[1], S[3], S[5], S[6]], (4, 7), "Clifton Downs School"),
        (dt.date(2024, 11, 28), "STEM day", S, (10, 24), "University of Bristol"),
        (dt.date(2024, 12, 5), "Student Board meeting", S, (1, 2), "Cotham School"),
        None,  # blank row between terms
        (dt.date(2025, 1, 23), "Careers event: creative industries", S[:7] + [S[7]], (8, 20), "Watershed"),
        (dt.date(2025, 2, 6), "Bristol Youth Talks heat", [S[0], S[3], S[4], S[7]], (3, 6),
         "Bristol Grammar School"),
        (dt.date(2025, 2, 13), "Bristol Youth Talks heat", [S[1], S[2], S[5], S[6]], (3, 6),
         "St Werburgh's Academy"),
        ("04/03/2025", "BEP Climate Challenge training day", [S[0], S[1], S[3], S[4], S[5], S[7]], (4, 8),
         "University of the West of England"),
        ("13/03/2025", "Bristol Youth Talks final", S, (1, 2), "Bristol Old Vic"),
        (dt.date(2025, 3, 27), "Student Board meeting", S, (1, 2), "Hartcliffe Community School"),
    ]
    rows = []
    for ev in events:
        if ev is None:
            rows.append(None)
            continue
        when, activity, schools, (lo, hi), venue = ev
        for j, s in enumerate(schools):
            n = rng.randint(lo, hi)
            if activity.startswith("Careers") and s == "Southmead Park School":
                n = 0  # coach cancelled: the school booked places but nobody came
            pp = 0 if s in indep else sum(1 for _ in range(n) if rng.random() < pp_share[s])
            # The final's sign-in sheet was typed up later, dates as text; first row kept as a date.
            d = when
            if isinstance(when, str) and j == 0:
                d = dt.datetime.strptime(when, "%d/%m/%Y").date()
            note = "Coach cancelled – no pupils" if n == 0 else None
            rows.append([d, activity, s, n, pp, venue, note])
    contributions = [
        ["Bristol Grammar School", "Independent", "Cash", "Annual contribution 2024-25", 5000],
        ["Clifton Downs School", "Independent", "Cash", "Annual contribution 2024-25", 5000],
        ["Westbury Park College", "Independent", "Cash", "Annual contribution 2024-25", 3000],
        ["Bristol City Council", "Local authority", "Cash", "Central coordinator (4 days a week), part-funding",
         15000],
        ["Bristol Grammar School", "Independent", "In kind", "Venue and technician – Youth Talks heat", 650],
        ["Clifton Downs School", "Independent", "In kind", "Oracy Pioneers: venue and staff time (3 sessions)", 1350],
        ["Westbury Park College", "Independent", "In kind", "Minibus for STEM day and Careers event", 320],
        ["Bristol City Council", "Local authority", "In kind", "Office space and IT for the coordinator", 1800],
        ["University of Bristol", "University", "In kind", "STEM day: labs, lecture theatre, researchers' time",
         2500],
        ["University of the West of England", "University", "In kind", "Climate Challenge training day venue",
         900],
    ]
    # Post-only feedback forms after four events.
    fb_events = [("STEM day", dt.datetime(2024, 11, 28, 15, 10), S),
                 ("Careers event: creative industries", dt.datetime(2025, 1, 23, 16, 5), S[:7]),
                 ("BEP Climate Challenge training day", dt.datetime(2025, 3, 4, 15, 40),
                  [S[0], S[1], S[3], S[4], S[5], S[7]]),
                 ("Bristol Youth Talks final", dt.datetime(2025, 3, 13, 20, 15), S)]
    comments = [("Seeing real labs made me want to do science at uni.", "Yes"),
                ("Loved meeting people from other schools", "Yes"),
                ("Too much standing around at the start", "No"),
                ("My pupils talked about it all week.", "Yes"),
                ("I didn't know there were jobs like that in Bristol", "Yes"),
                ("The speeches were amazing, I want to enter next year", "Yes"),
                ("Lunch could have been better", "No")]
    feedback = []
    ci = 0
    for activity, start, schools in fb_events:
        for k in range(rng.randint(15, 20)):
            s = rng.choice(schools)
            who = "Teacher" if k % 9 == 4 else "Pupil"
            ts = start + dt.timedelta(minutes=3 * k + rng.randint(0, 2))
            q = [rng.choices([1, 2, 3, 4, 5], weights=w)[0] for w in
                 ([0.3, 0.5, 2, 9, 11], [0.5, 1, 3, 10, 7], [1, 2, 6, 8, 4], [0.5, 1, 2.5, 9, 9])]
            com, cons = None, None
            if ci < len(comments) and rng.random() < 0.12:
                com, cons = comments[ci]
                ci += 1
            feedback.append([ts, activity, s, who] + [AGREE5[v - 1] for v in q] + [com, cons])
    return {"events": rows, "contributions": contributions, "feedback": feedback}


def build_bristol(path, data):
    wb = openpyxl.Workbook()
    fixed_properties(wb, "BEP coordinator")
    ws = wb.active
    ws.title = "Events log"
    ws.cell(row=1, column=1, value="Bristol Education Partnership – events log 2024-25").font = TITLE
    ws.cell(row=2, column=1, value="Head counts from link teachers' sign-in sheets. PP = pupil premium.").font = \
        Font(italic=True)
    write_header(ws, 4, ["Date", "Activity", "Setting", "No. attending", "Of whom PP", "Venue", "Comments"])
    out_rows = [r if r is not None else [None] * 7 for r in data["events"]]
    write_rows(ws, 5, out_rows, {0: DATE_UK})
    ws.freeze_panes = "A5"
    set_widths(ws, [12, 36, 30, 14, 12, 34, 30])

    ws = wb.create_sheet("Funding")
    write_header(ws, 1, ["Funder", "Sector", "Cash / in kind", "What for", "Value (£)"])
    write_rows(ws, 2, data["contributions"], {4: GBP})
    ws.freeze_panes = "A2"
    set_widths(ws, [34, 16, 14, 54, 12])

    ws = wb.create_sheet("Schools")
    write_header(ws, 1, ["Setting", "Sector", "Age range", "Link teacher"])
    write_rows(ws, 2, [list(s) for s in BRISTOL_SCHOOLS])
    set_widths(ws, [30, 14, 11, 18])

    ws = wb.create_sheet("Feedback")
    write_header(ws, 1, ["Timestamp", "Which event?", "Your school", "I am a…"] + BQ +
                 ["Any comments?", "Can we quote you?"], wrap=True)
    ws.row_dimensions[1].height = 45
    write_rows(ws, 2, data["feedback"], {0: "dd/mm/yyyy hh:mm"})
    ws.freeze_panes = "E2"
    set_widths(ws, [17, 32, 28, 10, 18, 18, 22, 22, 48, 12])

    ws = wb.create_sheet("Notes")
    notes = [
        "Notes – link teachers' meeting, 14 November 2024",
        "",
        "Southmead Park: coach problems again – look at sharing the Westbury Park minibus.",
        "Student Board want a Year 9 event in the summer term; Cotham and Redland Green offered to host.",
        "Climate Challenge: last year's was cancelled when only independent schools signed up. "
        "This year, two state schools must confirm before we book UWE.",
        "TeacherFest (June) not in the events log – it's for staff. Count teachers separately.",
        "Feedback forms: paper copies typed up by the coordinator; QR code next time.",
        "",
        "Actions",
        "1. AR to ask the council about next year's coordinator funding by 31 January.",
        "2. All link teachers to return head counts within a week of each event.",
    ]
    for i, t in enumerate(notes, start=1):
        if t:
            ws.cell(row=i, column=1, value=t)
    ws.cell(row=1, column=1).font = BOLD
    ws.cell(row=9, column=1).font = BOLD
    set_widths(ws, [110])

    save_deterministic(wb, path)


def bristol_figures(data):
    rows = [r for r in data["events"] if r is not None]

    def day(d):
        return d if isinstance(d, dt.date) else dt.datetime.strptime(d, "%d/%m/%Y").date()

    sector_of = {norm(n): s for n, s, *_ in BRISTOL_SCHOOLS}
    word = {"academy": "state", "maintained": "state", "independent": "independent"}
    attended = [r for r in rows if r[3] > 0]
    schools = sorted({norm(r[2]) for r in attended})
    by_sector = {"state": 0, "independent": 0, "other": 0}
    for s in schools:
        by_sector[word[norm(sector_of[s])]] += 1
    sessions = len({(norm(r[1]), day(r[0])) for r in attended})
    attendances = sum(r[3] for r in rows)
    pp = sum(r[4] for r in rows)
    by_school = []
    for n, s, *_ in BRISTOL_SCHOOLS:
        by_school.append({"school": n, "sector": word[norm(s)], "pupils": None,
                          "attendances": sum(r[3] for r in rows if norm(r[2]) == norm(n))})
    csec = {"independent": "independent", "local authority": "council", "university": "university"}
    cash = sum(float(r[4]) for r in data["contributions"] if norm(r[2]) == "cash")
    kind = sum(float(r[4]) for r in data["contributions"] if norm(r[2]) == "in kind")
    fs = {}
    for r in data["contributions"]:
        fs[csec[norm(r[1])]] = fs.get(csec[norm(r[1])], 0.0) + float(r[4])
    total = cash + kind
    reach = {"pupils": None, "schools": len(schools), "schools_by_sector": by_sector, "sessions": sessions,
             "attendances": attendances, "pupil_premium_pupils": None,
             "pupil_premium_share": None,
             "pupil_premium_attendances": pp, "pupil_premium_attendance_share": r6(pp / attendances),
             "activities": len({norm(r[1]) for r in attended}), "by_school": by_school}
    funding = {"cash_total": cash, "in_kind_total": kind, "total": total, "by_sector": fs,
               "cost_per_pupil": None, "cost_per_attendance": r6(total / attendances)}
    indicators = {}
    intended = {BQ[0]: 2, BQ[1]: 1, BQ[2]: 2, BQ[3]: 5}
    for qi, q in enumerate(BQ):
        allr = [(None, "after", AGREE5.index(r[4 + qi]) + 1) for r in data["feedback"]]
        st = indicator_stats(allr, 5)
        by_resp = {}
        for who in ("Pupil", "Teacher"):
            sub = [(None, "after", AGREE5.index(r[4 + qi]) + 1) for r in data["feedback"] if r[3] == who]
            s2 = indicator_stats(sub, 5)
            by_resp[who.lower()] = {k: s2[k] for k in ("n_after", "mean_after", "top2_after", "bottom_after")}
        indicators[q] = dict(st, sheet="Feedback", scale="agreement5", respondents="pupil and teacher (mixed)",
                             by_respondent_type=by_resp, intended_category=intended[q])
    return {"reach": reach, "funding": funding, "indicators": indicators}


# ----------------------------------------------------------------------------------------------
# 3. Primary science CPD (Microsoft Forms exports, re-saved by LibreOffice)
# ----------------------------------------------------------------------------------------------
SQ1 = "How confident do you feel teaching electricity?"
SQ2 = "How confident do you feel teaching forces and magnets?"
SQ3 = "How confident are you using coding robots (such as Lego Mindstorms) in science lessons?"
SQ4 = "On a scale of 1 to 10, how would you rate your own subject knowledge of the KS2 science curriculum?"
SQ5 = "My pupils are confident to ask questions and speak up in science lessons"
SQC = "Any other comments?"
QUIZ = "Electricity quiz"
SCIENCE_SCHOOLS = ["Holly Lane Primary", "Castle Fields Primary", "Much Marton CE Primary", "Mereside Junior School"]
TEACHERS = [("Jasmine Patel", 0), ("Sam Okafor", 0), ("Claire Hebden", 0), ("Tom Ridley", 0),
            ("Aisha Mensah", 1), ("Gareth Lloyd", 1), ("Nina Kowalski", 1), ("Rachel Ingham", 2),
            ("Ben Whitaker", 2), ("Lucy Marsden", 2), ("Owen Pryce", 3), ("Helen Dobson", 3),
            ("Ravi Sharma", 3), ("Kate Tindall", 3)]


def science_data():
    rng = random.Random(20161107)
    n = len(TEACHERS)
    # Q3 (Lego case, DfE report 4.5.2): 3 of 14 confident at the start (21%), none of the 14 lower
    # than fairly confident at the end and 10 of 14 very confident (71%); one in five "not at all".
    q3_before = [1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4]
    q3_after = [3, 3, 4, 3, 4, 4, 4, 4, 4, 3, 4, 4, 4, 4]
    order = list(range(n))
    rng.shuffle(order)
    teachers = []
    for k, idx in enumerate(order):
        name, school = TEACHERS[idx]
        b1 = rng.choices([1, 2, 3, 4], weights=[2, 5, 4, 1])[0]
        b2 = rng.choices([1, 2, 3, 4], weights=[1, 4, 5, 2])[0]
        b4 = rng.choices(range(3, 10), weights=[1, 2, 3, 3, 2, 2, 1])[0]
        b5 = rng.choices([1, 2, 3, 4, 5], weights=[1, 4, 5, 3, 1])[0]
        teachers.append({
            "name": name, "school": SCIENCE_SCHOOLS[school],
            "email": name.lower().replace(" ", ".") + "@example.org",
            "before": [b1, b2, q3_before[k], b4, b5],
            "after": [min(5, b1 + rng.choices([0, 1, 2], weights=[2, 6, 3])[0]),
                      min(5, b2 + rng.choices([0, 1, 2], weights=[4, 5, 1])[0]),
                      q3_after[k],
                      min(10, b4 + rng.choices([0, 1, 2], weights=[4, 4, 2])[0]),
                      min(5, b5 + rng.choices([-1, 0, 1, 2], weights=[1, 5, 6, 1])[0])],
        })
    before_comments = {2: "Electricity is the topic I avoid most – I never have enough kit that works.",
                       9: "Looking forward to it but worried about the coding part."}
    after_comments = {0: "The circuits session changed how I teach it. The children noticed!",
                      4: "I'd like a follow-up session on forces in the summer term.",
                      7: "Having the robots in school for half a term made all the difference.",
                      11: "Great to work with colleagues from the other schools."}

    def export(times_start, order_ids, comments, label):
        rows = []
        for rid, ti in enumerate(order_ids, start=1):
            t = teachers[ti]
            vals = t[label]
            start = times_start + dt.timedelta(hours=rid // 4 * 20, minutes=17 * rid + rng.randint(0, 9))
            done = start + dt.timedelta(minutes=rng.randint(3, 9), seconds=rng.randint(0, 59))
            email = t["email"]
            if label == "after" and t["name"] == "Sam Okafor":
                email = "Sam.Okafor@example.org"  # capitals from a different sign-in
            rows.append([rid, start, done, email, t["name"], None,
                         vals[0], vals[1], CONF5[vals[2] - 1], vals[3], AGREE5[vals[4] - 1],
                         comments.get(ti)])
        return rows

    before_order = list(range(n))             # completed in this order in September
    after_order = list(range(n))
    rng.shuffle(after_order)                  # a different order in December: IDs don't line up
    while any(a == b for a, b in zip(before_order, after_order)):
        rng.shuffle(after_order)              # no teacher keeps the same ID in both exports
    before = export(dt.datetime(2024, 9, 18, 15, 30), before_order, before_comments, "before")
    after = export(dt.datetime(2024, 12, 11, 15, 45), after_order, after_comments, "after")
    # quiz
    qrng = random.Random(5)
    names = name_pool(qrng, 48)
    quiz = []
    for i, nm in enumerate(names):
        school = SCIENCE_SCHOOLS[i % 4]
        b = qrng.randint(4, 13)
        a = min(20, b + qrng.choices([0, 2, 3, 4, 5, 6, 7], weights=[1, 2, 3, 4, 4, 3, 1])[0])
        quiz.append([nm, school, qrng.choice([5, 6]), QUIZ, b, a, 20])
    quiz.sort(key=lambda r: (SCIENCE_SCHOOLS.index(r[1]), r[0].split()[-1], r[0]))
    return {"teachers": teachers, "before": before, "after": after, "quiz": quiz}


FORMS_HEADERS = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
                 SQ1, SQ2, SQ3, SQ4, SQ5, SQC]


def build_science(path, data):
    wb = openpyxl.Workbook()
    fixed_properties(wb, "Joanna Pryor")
    ws = wb.active
    ws.title = "About"
    about = [("Partnership:", "Severn Valley Primary Science Partnership"),
             ("Year:", "2024-25"),
             ("Report title:", "Teaching primary science with confidence – CPD programme 2024"),
             ("Lead school:", "Wrekin View School"),
             ("Coordinator:", "Joanna Pryor"),
             ("Next steps:", "Keep the robot kits moving between schools (half a term each) and run a "
                             "forces and magnets twilight session in the summer term.")]
    for r, (k, v) in enumerate(about, start=1):
        ws.cell(row=r, column=1, value=k).font = BOLD
        ws.cell(row=r, column=2, value=v)
    set_widths(ws, [16, 90])

    for title, rows in (("Survey – before", data["before"]), ("Survey – after", data["after"])):
        ws = wb.create_sheet(title)
        write_header(ws, 1, FORMS_HEADERS, fill=FORMS_FILL, font=FORMS_FONT)
        write_rows(ws, 2, rows, {1: FORMS_DT, 2: FORMS_DT, 5: FORMS_DT})
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(FORMS_HEADERS))}{len(rows) + 1}"
        set_widths(ws, [6, 18, 18, 30, 18, 18, 22, 22, 24, 24, 24, 50])

    ws = wb.create_sheet("Indicators")
    write_header(ws, 1, ["Question", "Category", "Scale", "Who answers"])
    write_rows(ws, 2, [[SQ1, 4, "1-5", "Teachers"],
                       [SQ2, 4, "1-5", "Teachers"],
                       [SQ3, "Changes in teacher skills", "Confidence (5 point)", "Teachers"],
                       [SQ4, 4, "1-10", "Teachers"],
                       [SQ5, 3, "Agreement (5 point)", "Teachers"],
                       [QUIZ, 1, "Score out of 20", "Pupils"]])
    for r in range(2, 8):
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True)
    set_widths(ws, [70, 26, 22, 14])

    ws = wb.create_sheet("Pupil quiz")
    ws.cell(row=1, column=1, value="Electricity quiz – Year 5 and 6 pupils, start and end of the unit").font = TITLE
    write_header(ws, 2, ["Pupil", "School", "Year", "Assessment", "Score before", "Score after", "Max score"])
    write_rows(ws, 3, data["quiz"])
    ws.freeze_panes = "A3"
    set_widths(ws, [22, 26, 7, 18, 13, 12, 11])

    save_deterministic(wb, path)


def science_figures(data):
    ind = {}
    specs = [(SQ1, 6, 5, "numeric 1-5", 4), (SQ2, 7, 5, "numeric 1-5", 4), (SQ3, 8, 5, "confidence5", 4),
             (SQ4, 9, 10, "numeric 1-10", 4), (SQ5, 10, 5, "agreement5", 3)]
    for q, col, pts, scale, cat in specs:
        resp = []
        for label, rows in (("before", data["before"]), ("after", data["after"])):
            for r in rows:
                v = r[col]
                p = v if isinstance(v, int) else (CONF5 + AGREE5).index(v) % 5 + 1
                resp.append((r[3], label, p))  # matched by Email, never by ID
        st = indicator_stats(resp, pts)
        # what a wrong match by Forms ID would give, to show why it matters
        wrong = []
        for label, rows in (("before", data["before"]), ("after", data["after"])):
            for r in rows:
                v = r[col]
                p = v if isinstance(v, int) else (CONF5 + AGREE5).index(v) % 5 + 1
                wrong.append((str(r[0]), label, p))
        ws_ = indicator_stats(wrong, pts)
        ind[q] = dict(st, sheet="Survey – before / Survey – after", scale=scale, respondents="teacher",
                      category=cat, wrong_if_matched_by_forms_id={
                          "improved_with_headroom": ws_["improved_with_headroom"],
                          "effect_size": ws_["effect_size"]})
    quiz = data["quiz"]
    resp = [((r[0], r[1]), "before", r[4]) for r in quiz] + [((r[0], r[1]), "after", r[5]) for r in quiz]
    b = [r[4] for r in quiz]
    a = [r[5] for r in quiz]
    ch = [r[5] - r[4] for r in quiz]
    m = statistics.fmean(ch)
    sd = statistics.stdev(ch)
    half = t_quantile_975(len(ch) - 1) * sd / math.sqrt(len(ch))
    ind[QUIZ] = {"sheet": "Pupil quiz", "scale": "score out of 20", "respondents": "pupil", "category": 1,
                 "n_before": len(b), "n_after": len(a), "n_matched": len(ch),
                 "mean_before": r6(statistics.fmean(b)), "mean_after": r6(statistics.fmean(a)),
                 "mean_change": r6(m), "mean_share_of_max_before": r6(statistics.fmean(b) / 20),
                 "mean_share_of_max_after": r6(statistics.fmean(a) / 20),
                 "improved": r6(sum(1 for c in ch if c > 0) / len(ch)),
                 "match_rate": 1.0, "mean_change_ci95": [r6(m - half), r6(m + half)],
                 "effect_size": r6(m / sd)}
    assert len({(r[0], r[1]) for r in quiz}) == len(quiz)
    return {"indicators": ind}


def libreoffice_resave(src, dst):
    with tempfile.TemporaryDirectory() as out:
        cmd = ["soffice", "-env:UserInstallation=" + LO_PROFILE, "--headless",
               "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, str(src)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
        produced = Path(out) / Path(src).name
        data = produced.read_bytes()
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode("utf-8")
    assert "LibreOffice" in app, app
    normalise_zip_keep(data, dst)


def normalise_zip_keep(data, path):
    """Only LibreOffice's save time changes between runs: pin it and the zip entry times, keeping
    each entry's bytes, order and compression."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%S")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + stamp + "Z" + m.group(2), text)
                content = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            dst.writestr(zi, content)
    Path(path).write_bytes(out.getvalue())


# ----------------------------------------------------------------------------------------------
# 4. Mistakes (York layout with planted errors)
# ----------------------------------------------------------------------------------------------
def mistakes_data():
    data = york_data(attrition=False)
    data = copy.deepcopy(data)
    issues = []
    pupils = data["pupils"]
    survey = data["survey"]
    contrib = data["contributions"]

    def reg_row(pid):
        return 4 + next(i for i, p in enumerate(pupils) if p["id"] == pid)

    # school-name-typo in the register
    typo = next(p for p in pupils if p["school"] == "St Mary's CE Primary" and any(mark(m) for m in p["marks"]))
    typo["school_typed"] = "St Marys CE Primry"
    issues.append({"severity": "warning", "rule": "school-name-typo", "sheet": "Register",
                   "cell": f"C{reg_row(typo['id'])}", "value": "St Marys CE Primry",
                   "note": "Did you mean 'St Mary's CE Primary'? (an engine may also report school-unknown here)"})
    # pupil-premium-blank
    blank = next(p for p in pupils if p["school"] == "Fulford Vale Academy" and any(mark(m) for m in p["marks"]))
    blank["pp"] = None
    issues.append({"severity": "warning", "rule": "pupil-premium-blank", "sheet": "Register",
                   "cell": f"E{reg_row(blank['id'])}", "value": None, "note": f"pupil {blank['id']}"})
    # survey: remove one after-response -> survey-unmatched-before
    befores = [i for i, r in enumerate(survey) if r[2] == "Before"]
    victim = survey[befores[5]][0]
    survey[:] = [r for r in survey if not (r[0] == victim and r[2] == "After")]
    # duplicate-response: a pupil who filled in the Before form twice (different answers)
    dup_src = survey[befores[10]]
    dup = list(dup_src)
    dup[3] = CONF5[min(4, CONF5.index(dup[3]) + 1)]
    last_before = max(i for i, r in enumerate(survey) if r[2] == "Before")
    survey.insert(last_before + 1, dup)
    # scale-out-of-range: a 7 on the 1-5 question, in an After row
    afters = [i for i, r in enumerate(survey) if r[2] == "After"]
    oor = afters[3]
    survey[oor][5] = 7
    # cells (survey data starts at row 2)
    vrow = 2 + next(i for i, r in enumerate(survey) if r[0] == victim and r[2] == "Before")
    issues.append({"severity": "warning", "rule": "survey-unmatched-before", "sheet": "Pupil survey",
                   "cell": f"A{vrow}", "value": victim, "note": "Before response with no After response"})
    first_dup = 2 + survey.index(dup_src)
    issues.append({"severity": "error", "rule": "duplicate-response", "sheet": "Pupil survey",
                   "cell": f"A{2 + last_before + 1}", "value": dup[0],
                   "note": f"same pupil, Before, twice (first at A{first_dup})"})
    issues.append({"severity": "error", "rule": "scale-out-of-range", "sheet": "Pupil survey",
                   "cell": f"F{2 + oor}", "value": 7, "note": "7 on a 1-5 question"})
    # contributions: data starts at row 3; columns D amount, E date
    idx_neg = next(i for i, r in enumerate(contrib) if r[0] == "Archbishop Holgate's School" and r[1] == "In kind")
    contrib.insert(idx_neg + 1, ["Archbishop Holgate's School", "Cash",
                                 "Refund – cancelled March minibus", -500, dt.date(2025, 3, 14)])
    i_text = next(i for i, r in enumerate(contrib) if r[0] == "Fulford Vale Academy" and r[1] == "Cash")
    contrib[i_text][3] = "two thousand"
    i_date = next(i for i, r in enumerate(contrib) if r[0] == "Minster Court School" and r[1] == "In kind")
    contrib[i_date][4] = "31/02/2025"
    i_neg = next(i for i, r in enumerate(contrib) if r[3] == -500)
    issues.append({"severity": "error", "rule": "amount-negative", "sheet": "Contributions",
                   "cell": f"D{3 + i_neg}", "value": -500, "note": "negative amount"})
    issues.append({"severity": "error", "rule": "amount-not-number", "sheet": "Contributions",
                   "cell": f"D{3 + i_text}", "value": "two thousand", "note": "amount in words"})
    issues.append({"severity": "error", "rule": "date-invalid", "sheet": "Contributions",
                   "cell": f"E{3 + i_date}", "value": "31/02/2025", "note": "there is no 31 February"})
    issues.append({"severity": "error", "rule": "category-unknown", "sheet": "Indicators", "cell": "B3",
                   "value": "Wellbeing", "note": "not one of the six categories (1-6 or their names)"})
    order = {"Register": 0, "Pupil survey": 1, "Contributions": 2, "Indicators": 3}
    issues.sort(key=lambda x: (order[x["sheet"]], int(re.sub(r"\D", "", x["cell"])), x["cell"]))
    return data, issues


# ----------------------------------------------------------------------------------------------
# README
# ----------------------------------------------------------------------------------------------
def pct(x):
    return "—" if x is None else f"{x * 100:.1f}%"


def f2(x):
    return "—" if x is None else f"{x:.2f}"


def gbp(x):
    return "—" if x is None else f"£{x:,.2f}"


def indicator_table(inds, names):
    lines = ["| question | n_before | n_after | n_matched | match_rate | mean_before | mean_after | "
             "mean_change | top2_before | top2_after | bottom_before | bottom_after | improved_with_headroom |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for q in names:
        s = inds[q]
        lines.append(f"| {q} | {s['n_before']} | {s['n_after']} | {s['n_matched']} | {pct(s['match_rate'])} | "
                     f"{f2(s['mean_before'])} | {f2(s['mean_after'])} | {f2(s.get('mean_change'))} | "
                     f"{pct(s.get('top2_before'))} | {pct(s.get('top2_after'))} | {pct(s.get('bottom_before'))} | "
                     f"{pct(s.get('bottom_after'))} | {pct(s.get('improved_with_headroom'))} |")
    return "\n".join(lines)


def reach_lines(reach, funding):
    sec = reach["schools_by_sector"]
    out = [
        f"- pupils (distinct, ≥1 attendance): **{reach['pupils'] if reach['pupils'] is not None else 'null (head counts only)'}**",
        f"- schools: **{reach['schools']}** (state {sec['state']}, independent {sec['independent']}, other {sec['other']})",
        f"- sessions: **{reach['sessions']}**; attendances: **{reach['attendances']}**",
    ]
    if reach["pupil_premium_pupils"] is not None:
        out.append(f"- pupil premium pupils: **{reach['pupil_premium_pupils']}**, share "
                   f"**{pct(reach['pupil_premium_share'])}** ({reach['pupil_premium_share']})")
    else:
        out.append(f"- pupil premium: head counts only – {reach['pupil_premium_attendances']} of "
                   f"{reach['attendances']} attendances were by pupil premium pupils "
                   f"({pct(reach['pupil_premium_attendance_share'])}); `pupil_premium_pupils` and "
                   f"`pupil_premium_share` are null")
    bs = ", ".join(f"{k} {gbp(v)}" for k, v in funding["by_sector"].items())
    out += [
        f"- cash total **{gbp(funding['cash_total'])}**, in-kind total **{gbp(funding['in_kind_total'])}**, "
        f"total **{gbp(funding['total'])}** (by sector: {bs})",
        f"- cost per pupil **{gbp(funding['cost_per_pupil'])}**"
        f" ({funding['cost_per_pupil'] if funding['cost_per_pupil'] is not None else 'null'}); cost per attendance **{gbp(funding['cost_per_attendance'])}**"
        f" ({funding['cost_per_attendance']})",
    ]
    return "\n".join(out)


def write_readme(path, expected, york, bristol, science, mistakes_issues, york_cells, mk_cells):
    y, b, s = york, bristol, science
    yr = y["reach"]
    by_school = "\n".join(
        f"| {r['school']} | {r['sector']} | {r['pupils']} | {r['attendances']} | {r['quota']} | {pct(r['quota_fill'])} |"
        for r in yr["by_school"])
    b_by_school = "\n".join(f"| {r['school']} | {r['sector']} | {r['attendances']} |"
                            for r in b["reach"]["by_school"])
    unmatched = ", ".join(f"{pid} (`{cell}`)" for pid, cell in y["unmatched_before"])
    issue_rows = "\n".join(f"| {i + 1} | {x['sheet']} | `{x['cell']}` | `{x['rule']}` | {x['severity']} | "
                           f"{'(blank)' if x['value'] is None else x['value']} | {x['note']} |"
                           for i, x in enumerate(mistakes_issues))
    lego = s["indicators"][SQ3]
    text = f"""# Sample workbooks

Four workbooks a partnership coordinator could really have, each laid out the way a different
coordinator would lay it out. They are generated by `scripts/make_samples.py` (Debian's
`/usr/bin/python3` with `python3-openpyxl`; LibreOffice for `science-cpd.xlsx`):

    /usr/bin/python3 scripts/make_samples.py          # rewrites samples/*.xlsx, README.md, expected.json

The script is deterministic (fixed seeds, fixed document and zip timestamps), so re-running it gives
the same bytes. Pupils, teachers and some schools are fictional; every email address is at
example.org. All figures below are computed by the script from the very cells it writes, following
SPEC.md ("What it computes"); `expected.json` holds the same figures keyed by file, with SPEC's JSON
field names (floats rounded to 6 decimal places: compare with a tolerance of 1e-6).

| file | producer | coordinator's style | meant to be |
|---|---|---|---|
| `york-masterclasses.xlsx` | openpyxl | a register with a tick per Saturday session | clean (natural warnings only) |
| `bristol-events.xlsx` | openpyxl | an events log of head counts | clean (natural warnings only) |
| `science-cpd.xlsx` | **LibreOffice Calc 7.4** (`docProps/app.xml`) | two Microsoft Forms exports pasted in | clean (natural warnings only) |
| `mistakes.xlsx` | openpyxl | the York layout with {len(mistakes_issues)} planted mistakes | for `impact check` |

## 1. `york-masterclasses.xlsx` — York ISSP masterclass programme

Six schools (2 independent, 4 state including a primary that brings Year 6 to the maths masterclass),
three masterclasses of three Saturdays each, a flat £2,000 per school per year (seed 004).

| sheet | kind | layout |
|---|---|---|
| Partnership | partnership | key/value pairs in A:B, no header row (Partnership name, Academic year, Report title, Lead school, Coordinator, Next steps) |
| Schools | schools | header row 1: School, Sector (`Independent`/`State`), Phase, Pupil premium % (`n/a` for the independent schools), Quota (places) |
| Register | attendance-register | **title in A1 merged across A1:N1**, row 2 blank, header row 3: Pupil ID, Pupil name, School, Year group, Pupil premium (Y/N), then 9 session columns headed by **date cells** (dd/mm/yyyy); marks `✓`/`A` (Philosophy, with `P` from a substitute teacher on 19/10/2024), `Y`/`N` (Criminology), numbers `1`/`0` (Year 6 maths); blank = not in that masterclass. Some school names have a trailing space or odd capitals ("Huntington School␠", "Archbishop Holgate's school"). Frozen at F4. |
| Contributions | contributions | title row 1, header row 2: School, Cash or in kind, Description, Amount, Date; {sum(1 for r in york_contrib_rows() if isinstance(r[3], str))} amounts typed as text ("£2,000", "£1,050.00"), one date typed as text ("15/10/2024"); **totals row {york_cells['contrib_total_row']}** `=SUM(D3:D{york_cells['contrib_total_row'] - 1})` whose cached value is **{gbp(york_cells['contrib_excel_sum'])}**, as Excel shows it — Excel's SUM skips the amounts typed as text; the true total is {gbp(y['funding']['total'])}. No sector column: sectors come from the Schools sheet. |
| Funders | funders | Funder, Email, Contribution (the contributor's name in Contributions), Personal note |
| Pupil survey | survey | long form, header row 1 (wrapped): Pupil ID, School, Before / after (`Before`/`After`), two confidence questions as labels (Not at all … Extremely confident), one numeric 1–5 question, a comments column and a consent-to-quote column (Yes/No, filled where there is a comment). Matched by Pupil ID. |

There is **no indicators sheet**: the engine should suggest one (info `indicator-suggested`). Intended
categories: the two confidence questions → 2, "How much do you know…" → 1.

**Reach**

{reach_lines(yr, y['funding'])}
- {yr['pupils_registered']} pupils on the register; {yr['pupils_never_attended']} never came (every mark absent) and are not counted; mean sessions per pupil {f2(yr['mean_sessions_per_pupil'])}

| school | sector | pupils | attendances | quota | quota fill |
|---|---|---|---|---|---|
{by_school}

**Survey** (scale points 1–5; top2 = points 4–5; bottom = point 1)

{indicator_table(y['indicators'], [YQ1, YQ2, YQ3])}

Expected issues: no errors. Warnings: `survey-unmatched-before` for the {len(y['unmatched_before'])} pupils who
did the Before survey but not the After one — {unmatched} (natural attrition; the cell is the
Before row's Pupil ID); `category-no-evidence` for categories 3 and 4. Info: `header-row-found`
(Register row 3, Contributions row 2), `totals-row-skipped` (Contributions row
{york_cells['contrib_total_row']}), `value-read-as` (the text amounts and the text date),
`indicator-suggested` (three questions).

## 2. `bristol-events.xlsx` — Bristol Education Partnership events log

Eight secondary schools (3 independent, 3 academies, 2 maintained). State schools don't pay; the
independent schools, the council and two universities do (seed 004). Head counts only, so
`reach.pupils` is null.

| sheet | kind | layout |
|---|---|---|
| Events log | attendance-counts | title row 1, italic note row 2, row 3 blank, **header row 4**: Date, Activity, Setting, No. attending, Of whom PP, Venue, Comments; one row per session per school; **a blank row** between the autumn and spring terms; the Climate Challenge and Youth Talks final rows have dates **typed as text** ("04/03/2025" = 4 March, "13/03/2025") except each session's first row; one row with **0 attending** (Southmead Park, coach cancelled). Frozen at A5. |
| Funding | contributions | Funder, Sector (`Independent`, `Local authority`, `University`), Cash / in kind (`Cash`/`In kind`), What for, Value (£) — all numbers, no totals row |
| Schools | schools | Setting, Sector (`Independent`/`Academy`/`Maintained`; academy and maintained are state), Age range, Link teacher |
| Feedback | survey | post-only paper forms typed up: Timestamp, Which event?, Your school, I am a… (`Pupil`/`Teacher`), four agreement questions (Strongly disagree … Strongly agree), Any comments?, Can we quote you? |
| Notes | skipped | free text in column A (minutes of a link teachers' meeting) — info `sheet-skipped` |

**Reach**

{reach_lines(b['reach'], b['funding'])}
- activities: {b['reach']['activities']}; sessions are distinct activity-and-date pairs with someone attending (the Oracy Pioneers sessions on three dates are three sessions; a text date and a date cell for the same day are one session)

| school | sector | attendances |
|---|---|---|
{b_by_school}

**Survey** (post-only, so every response counts as "after"; no before, no matching; all respondent
types together — `expected.json` also gives pupils and teachers separately)

{indicator_table(b['indicators'], BQ)}

Expected issues: no errors. Warnings: `category-no-evidence` for categories 3 and 4 (and for any
category the engine's suggestions leave empty). Info: `header-row-found` (Events log row 4),
`value-read-as` (text dates), `indicator-suggested`, `sheet-skipped` (Notes). Evidence for categories
with survey questions is **weak** (post-only).

## 3. `science-cpd.xlsx` — primary science CPD partnership (written by LibreOffice)

An independent school runs CPD for 14 teachers from four primaries (in the spirit of the Lego
Mindstorm case, seed 000 §4.5.2). Generated with openpyxl, then re-saved with
`soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML"`; `docProps/app.xml` says
LibreOffice. No attendance or contributions, so there are no reach or funding figures.

| sheet | kind | layout |
|---|---|---|
| About | partnership | key/value pairs with colons ("Partnership:", "Year:", "Report title:", "Lead school:", "Coordinator:", "Next steps:") |
| Survey – before | survey (before) | Microsoft Forms export: ID, Start time, Completion time, Email, Name, Last modified time (empty), five questions as their full text, "Any other comments?"; times as date-time cells (m/d/yy h:mm:ss); autofilter (LibreOffice's headless save keeps it but drops the frozen row) |
| Survey – after | survey (after) | the same columns, December export. **The Forms IDs restart at 1 and are in a different order**: ID n is a different teacher in the two sheets; match by Email (one after-email differs only in capitals: `Sam.Okafor@example.org`). |
| Indicators | indicators | Question (the full question text), Category (numbers, and one by name: "Changes in teacher skills"), Scale ("1-5", "1-10", "Confidence (5 point)", "Agreement (5 point)", "Score out of 20"), Who answers |
| Pupil quiz | assessment | title row 1, header row 2: Pupil, School, Year, Assessment ("{QUIZ}"), Score before, Score after, Max score (20); 48 pupils |

Questions: two 1–5 ratings (numbers), one confidence question as labels, one 1–10 rating, one
agreement question as labels (category 3: teachers' view of their pupils).

**Survey** (matched by Email; 1–10: top2 = 9–10, bottom = 1)

{indicator_table(s['indicators'], [SQ1, SQ2, SQ3, SQ4, SQ5])}

The robots question reproduces the Lego Mindstorm figures: {pct(lego['top2_before'])} confident
(top two) at the start to {pct(lego['top2_after'])} very confident at the end, and "one in five" not
confident at all at the start ({pct(lego['bottom_before'])}) falling to {pct(lego['bottom_after'])}.
Matching by the Forms ID instead of the Email (wrong: the IDs restart in every export) leaves the
means alone but scrambles the pairs: on that question the share who improved among those with room
to improve would come out as {pct(lego['wrong_if_matched_by_forms_id']['improved_with_headroom'])} instead of
{pct(lego['improved_with_headroom'])}, and the effect size as {f2(lego['wrong_if_matched_by_forms_id']['effect_size'])} instead of
{f2(lego['effect_size'])}. Matching emails case-sensitively would lose Sam Okafor's pair (13 matched, not 14).

Effect (≥10 matched pairs, Student's t, standard deviation with n−1):

| question | mean_change | mean_change_ci95 | effect_size |
|---|---|---|---|
""" + "\n".join(f"| {q} | {f2(s['indicators'][q]['mean_change'])} | "
                f"[{f2(s['indicators'][q]['mean_change_ci95'][0])}, {f2(s['indicators'][q]['mean_change_ci95'][1])}] | "
                f"{f2(s['indicators'][q]['effect_size'])} |" for q in [SQ1, SQ2, SQ3, SQ4, SQ5, QUIZ]) + f"""

**Assessment** ({QUIZ}, 48 pupils, all with both scores): mean {f2(s['indicators'][QUIZ]['mean_before'])} → 
{f2(s['indicators'][QUIZ]['mean_after'])} out of 20 ({pct(s['indicators'][QUIZ]['mean_share_of_max_before'])} →
{pct(s['indicators'][QUIZ]['mean_share_of_max_after'])}), {pct(s['indicators'][QUIZ]['improved'])} improved.

Expected issues: no errors. Warnings: `category-no-evidence` for categories 2, 5 and 6. Info:
`header-row-found` (Pupil quiz row 2). Evidence: categories 1, 3 and 4 moderate (≥10 matched
before/after, no comparison group).

## 4. `mistakes.xlsx` — the York layout with planted mistakes

The York sheets built from a fully matched survey, plus an Indicators sheet (Question, Category,
Scale), with these mistakes planted. `impact check samples/mistakes.xlsx` should report each of them
at this cell (and exit 1):

| # | sheet | cell | rule | severity | value | note |
|---|---|---|---|---|---|---|
{issue_rows}

Besides these, expect the natural ones: warning `category-no-evidence` (categories 3 and 4), and
info `header-row-found`, `totals-row-skipped` (Contributions row {mk_cells['contrib_total_row']}),
`value-read-as` ("£2,000" etc.). An engine may also report `question-unplaced` for the question
whose category is "Wellbeing", and `school-unknown` beside the typo.

## Reading the figures

- **pupils** counts distinct pupil IDs with at least one present mark; **schools** counts their
  schools (names compared trimmed and case-insensitively); **sessions** are the register's session
  columns, or the distinct activity-and-date pairs of a log; **attendances** are present marks or the
  sum of head counts.
- **pupil premium share** = pupil premium pupils ÷ pupils (as counted above) whose status is known.
- **cost per pupil / per attendance** = (cash + in kind) ÷ pupils / attendances.
- Survey points count from 1 at the most negative label; `top2` = share in the top two points,
  `bottom` = share at point 1; `n_`, `mean_`, `top2_`, `bottom_` use every response at that time
  point; `mean_change`, `improved_with_headroom` (share improving among matched pairs not already at
  the top) use matched pairs; `match_rate` = matched pairs ÷ respondents before.
- Judgement calls that SPEC leaves open, made here: in a head-count log the pupil premium figure is a
  share of **attendances** (`pupil_premium_attendances`, `pupil_premium_attendance_share` in
  expected.json) and `pupil_premium_pupils`/`pupil_premium_share` are null; a post-only survey's
  responses are "after"; `effect_size` uses the sample standard deviation (n−1).
"""
    Path(path).write_text(text, encoding="utf-8")


_YORK_CONTRIB_CACHE = []


def york_contrib_rows():
    return _YORK_CONTRIB_CACHE


# ----------------------------------------------------------------------------------------------
def verify_open(paths):
    """Open each workbook with LibreOffice once (convert the first sheet to CSV)."""
    with tempfile.TemporaryDirectory() as out:
        for p in paths:
            subprocess.run(["soffice", "-env:UserInstallation=" + LO_PROFILE, "--headless",
                            "--convert-to", "csv", "--outdir", out, str(p)], check=True, capture_output=True,
                           timeout=180)
            csvp = Path(out) / (Path(p).stem + ".csv")
            assert csvp.exists() and csvp.stat().st_size > 0, p
            print(f"  opened in LibreOffice: {Path(p).name} ({csvp.stat().st_size} bytes of CSV)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "samples"))
    ap.add_argument("--verify", action="store_true", help="open every result with LibreOffice afterwards")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    yd = york_data()
    _YORK_CONTRIB_CACHE[:] = yd["contributions"]
    york_cells = build_york(out / "york-masterclasses.xlsx", yd)
    yf = york_figures(yd)

    bd = bristol_data()
    build_bristol(out / "bristol-events.xlsx", bd)
    bf = bristol_figures(bd)

    sd = science_data()
    sf = science_figures(sd)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "science-cpd.xlsx"
        build_science(raw, sd)
        libreoffice_resave(raw, out / "science-cpd.xlsx")

    md, issues = mistakes_data()
    mk_cells = build_york(out / "mistakes.xlsx", md, mistakes=True)

    def strip(ind):
        return {q: {k: v for k, v in s.items()} for q, s in ind.items()}

    expected = {
        "york-masterclasses.xlsx": {
            "reach": yf["reach"], "funding": yf["funding"], "indicators": strip(yf["indicators"]),
            "errors": [],
            "warnings": [{"rule": "survey-unmatched-before", "sheet": "Pupil survey", "cell": c, "pupil": pid}
                         for pid, c in yf["unmatched_before"]] +
                        [{"rule": "category-no-evidence", "category": c} for c in (3, 4)],
        },
        "bristol-events.xlsx": {
            "reach": bf["reach"], "funding": bf["funding"], "indicators": strip(bf["indicators"]),
            "errors": [],
            "warnings": [{"rule": "category-no-evidence", "category": c} for c in (3, 4)],
            "skipped_sheets": ["Notes"],
        },
        "science-cpd.xlsx": {
            "reach": None, "funding": None, "indicators": strip(sf["indicators"]),
            "errors": [],
            "warnings": [{"rule": "category-no-evidence", "category": c} for c in (2, 5, 6)],
            "evidence": {"1": "moderate", "2": "none", "3": "moderate", "4": "moderate", "5": "none", "6": "none"},
            "producer": "LibreOffice",
        },
        "mistakes.xlsx": {"issues": issues, "counts_planted": {
            "error": sum(1 for i in issues if i["severity"] == "error"),
            "warning": sum(1 for i in issues if i["severity"] == "warning")}},
    }
    (out / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_readme(out / "README.md", expected, yf, bf, sf, issues, york_cells, mk_cells)

    for name in ("york-masterclasses.xlsx", "bristol-events.xlsx", "science-cpd.xlsx", "mistakes.xlsx"):
        size = (out / name).stat().st_size
        assert size < 100_000, (name, size)
        print(f"{name}: {size} bytes")
    if args.verify:
        verify_open([out / n for n in ("york-masterclasses.xlsx", "bristol-events.xlsx", "science-cpd.xlsx",
                                       "mistakes.xlsx")])


if __name__ == "__main__":
    main()
