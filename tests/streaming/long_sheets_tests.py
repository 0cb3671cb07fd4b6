#!/usr/bin/env python3
"""Long sheets, streamed below their first rows: `impact analyse --json` against figures computed
here, from the rows this script writes, independently of the engine.

A sheet of more than 5,000 rows (check.cpp kHeadRows) is recognised from its first rows and its
other rows are read a chunk at a time (4,096 rows) and not kept. These workbooks put on the rows
far below the head what must still be seen: a misspelt school name first written at row 7,000+, a
pupil's only pupil premium "Y" in a late chunk, blank rows, and a totals row below which nothing
counts; and a title merged above the header (merged ranges of a long sheet are found without
reading its cells).

A survey sheet is read the same way, and its answers are scored once every row is in: these
put the middle label that makes an agreement question a 5-point one, every "after", a second
kind of timepoint word and answers off the scale only below the head.

    long_sheets_tests.py --impact BIN --work DIR attendance_long|attendance_totals|head_counts|
                         survey_scales|survey_timepoint_words
"""
import datetime
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Checks, Failure, run_main  # noqa: E402

import xlsxwriter  # Debian: python3-xlsxwriter (scripts/setup.sh)

SCHOOLS = [("Ashfield Primary School", "State"), ("Brookside Academy", "State"), ("Castle Hill College", "Independent")]
TYPO = "Brookside Acadmy"  # one edit from "Brookside Academy": the school-name-typo warning
ACTIVITIES = ["Maths masterclass", "Debating club", "Science workshop", "Coding club"]
EPOCH = datetime.date(1899, 12, 30)


def serial(d):
    return (d - EPOCH).days


def write_workbook(path, rows, title_merged=True, totals_at=None, blank_every=0):
    """rows: dicts (pupil id, name, school, activity, date, attended, pp, minutes). Returns the
    1-based sheet row of each data row written, and the totals row's."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Schools")
    ws.write_row(0, 0, ["School", "Sector"])
    for i, (name, sector) in enumerate(SCHOOLS):
        ws.write_row(i + 1, 0, [name, sector])
    ws = wb.add_worksheet("Attendance")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    r = 0
    if title_merged:
        ws.merge_range(0, 0, 0, 7, "Attendance 2025-26 (all programmes)")
        r = 2
    ws.write_row(r, 0, ["Pupil ID", "Pupil name", "School", "Activity", "Date", "Attended", "Pupil premium", "Minutes"])
    r += 1
    written, totals_row = [], None
    for i, row in enumerate(rows):
        if blank_every and i and i % blank_every == 0:
            r += 1  # a blank row
        if totals_at is not None and i == totals_at:
            totals_row = r + 1
            ws.write_row(r, 0, ["Total", "", "", "", "", len(rows)])
            r += 1
        ws.write_row(r, 0, [row["id"], row["name"], row["school"], row["activity"]])
        ws.write_number(r, 4, serial(row["date"]), date_fmt)
        ws.write_row(r, 5, ["Y" if row["attended"] else "N", row["pp"], row["minutes"]])
        written.append(r + 1)
        r += 1
    wb.close()
    return written, totals_row


def make_rows(n, seed):
    rnd = random.Random(seed)
    pupils = [("P%05d" % (i * 7 + 3), "Pupil %d" % i, SCHOOLS[i % 3][0], "Y" if i % 5 == 0 else "N") for i in range(900)]
    rows = []
    for i in range(n):
        pid, name, school, pp = pupils[rnd.randrange(len(pupils))]
        rows.append({"id": pid, "name": name, "school": school, "activity": ACTIVITIES[rnd.randrange(4)],
                     "date": datetime.date(2025, 9, 1) + datetime.timedelta(days=rnd.randrange(120)),
                     "attended": rnd.random() < 0.9, "pp": pp, "minutes": 60 + 15 * rnd.randrange(4)})
    return rows


def truth(rows):
    """SPEC's reach figures from the rows that count (present pupils)."""
    present = [r for r in rows if r["attended"]]
    pupils = {r["id"] for r in present}
    pp = {}
    for r in present:
        pp[r["id"]] = pp.get(r["id"], False) or r["pp"] == "Y"
    by_school = {}
    for r in present:
        by_school.setdefault(r["school"] if r["school"] != TYPO else "Brookside Academy", set()).add(r["id"])
    return {
        "pupils": len(pupils),
        "sessions": len({(r["activity"].lower(), r["date"]) for r in present}),
        "attendances": len(present),
        "pupil_premium_pupils": sum(pp.values()),
        "pupil_premium_share": sum(pp.values()) / len(pp),
        "mean_sessions_per_pupil": len(present) / len(pupils),
        "pupil_hours": sum(r["minutes"] for r in present) / 60.0,
        "schools": len(by_school),
        "by_school": {s: len(p) for s, p in by_school.items()},
    }


def analyse(path):
    p = subprocess.run([ARGS.impact, "analyse", "--json", path], capture_output=True, text=True, timeout=300)
    if p.returncode not in (0, 1):
        raise Failure("impact analyse exited %d: %s" % (p.returncode, p.stderr))
    return json.loads(p.stdout)


def compare(c, rows, data, sheet_rows):
    want = truth(rows)
    reach = data["reach"]
    for key in ("pupils", "sessions", "attendances", "pupil_premium_pupils", "schools"):
        c.check(reach[key] == want[key], "%s: impact %s, computed %s" % (key, reach[key], want[key]))
    for key in ("pupil_premium_share", "mean_sessions_per_pupil", "pupil_hours"):
        c.close(reach[key], want[key], key, 1e-9)
    got = {s["school"]: s["pupils"] for s in reach["by_school"]}
    c.check(got == want["by_school"], "pupils by school: impact %s, computed %s" % (got, want["by_school"]))
    sheet = next(s for s in data["sheets"] if s["name"] == "Attendance")
    c.check(sheet["kind"] == "attendance-long", "kind %s" % sheet["kind"])
    c.check(sheet["header_row"] == 3, "header row %s (a merged title above it)" % sheet["header_row"])
    c.check(sheet["rows"] == sheet_rows, "rows read: %s, written %s" % (sheet["rows"], sheet_rows))


def issues(data, rule):
    return [i for i in data["issues"] if i["rule"] == rule]


def test_attendance_long():
    c = Checks()
    rows = make_rows(13000, 1)
    rows[7321]["school"] = TYPO  # first written far below the head
    rows[7321]["attended"] = True
    rows[11000]["pp"] = "Y"      # a pupil's only Y, in a late chunk
    path = os.path.join(ARGS.work, "long.xlsx")
    written, _ = write_workbook(path, rows, blank_every=997)
    data = analyse(path)
    compare(c, rows, data, len(rows))
    typo = issues(data, "school-name-typo")
    c.check(len(typo) == 1 and typo[0]["cell"] == "C%d" % written[7321],
            "school-name-typo at C%d, got %s" % (written[7321], [(i["cell"], i["message"]) for i in typo]))
    c.done()


def test_attendance_totals():
    c = Checks()
    rows = make_rows(12000, 2)
    path = os.path.join(ARGS.work, "totals.xlsx")
    written, totals_row = write_workbook(path, rows, totals_at=9500)
    data = analyse(path)
    compare(c, rows[:9500], data, 9500)
    found = issues(data, "totals-row-skipped")
    c.check(len(found) == 1 and found[0]["row"] == totals_row,
            "totals-row-skipped at row %s, got %s" % (totals_row, [i["row"] for i in found]))
    c.done()


def test_head_counts():
    c = Checks()
    rnd = random.Random(3)
    path = os.path.join(ARGS.work, "counts.xlsx")
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Head counts")
    ws.write_row(0, 0, ["School", "Activity", "Date", "Number attending", "Pupil premium count"])
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    total = pp = 0
    sessions = set()
    for i in range(9000):
        school, activity = SCHOOLS[rnd.randrange(3)][0], ACTIVITIES[rnd.randrange(4)]
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rnd.randrange(700))
        n, k = rnd.randrange(0, 30), 0
        k = rnd.randrange(0, n + 1) if n else 0
        ws.write_row(i + 1, 0, [school, activity])
        ws.write_number(i + 1, 2, serial(day), date_fmt)
        ws.write_row(i + 1, 3, [n, k])
        if n > 0:
            total += n
            pp += k
            sessions.add((activity.lower(), day))
    wb.close()
    data = analyse(path)
    reach = data["reach"]
    c.check(reach["attendances"] == total, "attendances: impact %s, computed %s" % (reach["attendances"], total))
    c.check(reach["sessions"] == len(sessions), "sessions: impact %s, computed %s" % (reach["sessions"], len(sessions)))
    c.close(reach["pupil_premium_attendance_share"], pp / total, "pupil premium share of attendances", 1e-9)
    c.check(reach["pupils"] is None, "pupils of head counts: %s (not named: null)" % reach["pupils"])
    c.done()


AGREEMENT5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def write_survey(path, rows):
    """rows: dicts (id, school, timepoint, agree (a label), confidence (a number or text)).
    Returns the 1-based sheet row of each row written."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Pupil survey")
    ws.write_row(0, 0, ["Pupil ID", "Timepoint", "School", "I enjoy science lessons", "How confident are you in maths?"])
    for i, row in enumerate(rows):
        ws.write_row(i + 1, 0, [row["id"], row["timepoint"], row["school"], row["agree"], row["confidence"]])
    wb.close()
    return [i + 2 for i in range(len(rows))]


def survey_rows(pupils, seed, before_word, after_word, middle_at):
    """Every pupil before (the first rows), then after; the agreement answers show only the four
    outer labels until row `middle_at`, where the middle label first appears."""
    rnd = random.Random(seed)
    rows = []
    for t, word in ((0, before_word), (1, after_word)):
        for p in range(pupils):
            rows.append({"id": "S%05d" % p, "school": SCHOOLS[p % 3][0], "timepoint": word, "t": t,
                         "agree": AGREEMENT5[rnd.choice([0, 1, 3, 4]) if t == 0 else rnd.choice([1, 3, 4, 4])],
                         "confidence": rnd.randint(1, 3) + 2 * t})
    rows[middle_at]["agree"] = AGREEMENT5[2]
    return rows


def question_truth(rows, field, point):
    """n, means and matched pairs of a question, from its valid answers (point() is None if off the scale)."""
    by = [{}, {}]
    for r in rows:
        v = point(r[field])
        if v is not None:
            by[r["t"]].setdefault(r["id"], []).append(v)
    values = [[v for vs in by[t].values() for v in vs] for t in (0, 1)]
    pairs = [by[1][k][0] - by[0][k][0] for k in by[0] if k in by[1]]
    return {"n_before": len(values[0]), "n_after": len(values[1]), "n_matched": len(pairs),
            "mean_before": sum(values[0]) / len(values[0]), "mean_after": sum(values[1]) / len(values[1]),
            "mean_change": sum(pairs) / len(pairs)}


def compare_question(c, data, label, want, scale):
    found = [i for cat in data["categories"] for i in cat["indicators"] if i["label"] == label]
    if len(found) != 1:
        c.check(False, "question %r: found %d times" % (label, len(found)))
        return
    got = found[0]
    c.check(got["scale"] == scale, "%r: scale %s, expected %s" % (label, got["scale"], scale))
    for key in ("n_before", "n_after", "n_matched"):
        c.check(got[key] == want[key], "%r %s: impact %s, computed %s" % (label, key, got[key], want[key]))
    for key in ("mean_before", "mean_after", "mean_change"):
        c.close(got[key], want[key], "%r %s" % (label, key), 1e-9)


def agreement_point(label):
    return AGREEMENT5.index(label) + 1 if label in AGREEMENT5 else None


def confidence_point(v):
    return v if isinstance(v, int) and 1 <= v <= 5 else None


def test_survey_scales():
    c = Checks()
    rows = survey_rows(6500, 4, "Before", "After", middle_at=9100)
    rows[11200]["agree"] = "Maybe"  # not on the scale, far below the head
    rows[10400]["confidence"] = 8    # off the 1-5 scale the other answers show
    del rows[6500 + 42]              # one pupil with no after-response
    path = os.path.join(ARGS.work, "survey.xlsx")
    written = write_survey(path, rows)
    data = analyse(path)
    sheet = next(s for s in data["sheets"] if s["name"] == "Pupil survey")
    c.check(sheet["kind"] == "survey" and sheet["rows"] == len(rows), "survey sheet: %s, %s rows" % (sheet["kind"], sheet["rows"]))
    # Its columns were told by its first 5,000 rows (every "After" lies below them): each reason says so.
    reasons = [col["reason"] for col in sheet["columns"]]
    c.check(reasons and all(r.endswith("(sampled from the first 5000 rows)") for r in reasons), "column reasons: %s" % reasons)
    # With the middle label shown (once, at row 9,102) the question is on the 5-point scale: Agree is 4.
    compare_question(c, data, "I enjoy science lessons", question_truth(rows, "agree", agreement_point), "agreement5")
    compare_question(c, data, "How confident are you in maths?", question_truth(rows, "confidence", confidence_point), "numeric1_5")
    off = sorted((i["cell"], i["message"]) for i in issues(data, "scale-out-of-range"))
    want = sorted([("D%d" % written[11199], None), ("E%d" % written[10399], None)])
    c.check([o[0] for o in off] == [w[0] for w in want], "scale-out-of-range at %s, expected %s" % (off, [w[0] for w in want]))
    unmatched = issues(data, "survey-unmatched-before")
    c.check(len(unmatched) == 1 and unmatched[0]["cell"] == "A%d" % written[42],
            "survey-unmatched-before at A%d, got %s" % (written[42], [i["cell"] for i in unmatched]))
    c.done()


def test_survey_timepoint_words():
    c = Checks()
    rows = survey_rows(5200, 5, "Autumn 2025", "Summer 2026", middle_at=10)
    path = os.path.join(ARGS.work, "terms.xlsx")
    write_survey(path, rows)
    data = analyse(path)
    # "Summer 2026" first appears at row 5,202, below the head: the column's words are told
    # from every row, and the earlier term is before.
    order = issues(data, "timepoint-order-assumed")
    c.check(len(order) == 1 and '"autumn 2025" was read as before and "summer 2026" as after' in order[0]["message"],
            "timepoint-order-assumed: %s" % [i["message"] for i in order])
    compare_question(c, data, "I enjoy science lessons", question_truth(rows, "agree", agreement_point), "agreement5")
    c.done()


if __name__ == "__main__":
    sys.exit(run_main(globals()))
