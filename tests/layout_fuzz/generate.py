"""Draws a coordinator workbook from independent traits, renders it, and computes its truth.

generate(seed_string, path, force) -> truth dict (JSON-ready): the figures SPEC.md defines, the
planted mistakes with their cells, and the traits the workbook was built from.

Every choice goes through Gen.pick(trait, options), which records the trait's value (for the
runner's coverage table and miss grouping) and honours --traits trait=value forcing.

Deliberately NOT generated, because SPEC.md is silent or ambiguous about the right figure:
- a session with nobody present (does it count in `sessions`?): every session has someone present;
- two attendance sheets in one workbook (do their sessions merge?): one attendance sheet at most;
- a contribution with neither a Type column nor Cash/In kind amount columns (cash or in kind?);
- funding figures of a workbook whose contributions carry a planted mistake (is the bad row left
  out, or the negative amount netted?): those figures are not compared, only the issue is; likewise
  the indicators of a survey with a planted out-of-range answer or duplicate response;
- funding with no attendance sheet: cost_per_* not compared; pupil_premium_pupils when no pupil
  premium column exists (0 or null?): not compared (the share is: null, no status is known);
- head-count sheets with a pupil-premium count (PP share of head counts is not defined);
- the 0–10 scale (is 0 point 1?); numeric questions that do not say their range (1–5 or 1–10?);
  a 5-point agreement question whose answers never use the middle label, or a 4-point one whose
  answers stay on one side of it (see survey());
- a timepoint column with two non-standard values whose later value appears first (SPEC reads the
  first seen as "before"; a generator writing "Week 6" first would be testing nonsense);
- before/after responses without any identity in a column or two-sheet survey (match by what?);
- two pupils with the same name at the same school and no ID (one pupil by SPEC's definition, but
  not what a coordinator means);
- a "Total" column or totals row inside a long attendance sheet; a sector only implied by a
  school's name (schools_by_sector is compared only when the workbook states every sector);
- numbers typed as text in survey answers, register marks outside the SPEC's lists without a
  legend ("x" and "/" always come with a legend row).
"""
import datetime as dt
import random

import model as M
from render import Sum, Table, render, write_openpyxl, write_xlsxwriter, a1

# ------------------------------------------------------------------------------------------------
# Vocabulary
# ------------------------------------------------------------------------------------------------
SCHOOLS = [("St Peter's School", "independent"), ("Minster Court School", "independent"),
           ("Hillbrook College", "independent"), ("The Grange School", "independent"),
           ("Ashcombe House School", "independent"), ("Kingsmead School", "independent"),
           ("Huntington School", "state"), ("Fulford Vale Academy", "state"),
           ("St Mary's CE Primary", "state"), ("Riverside Primary School", "state"),
           ("Northfield Academy", "state"), ("Oakwood High School", "state"),
           ("Castle Hill Community School", "state"), ("Southmead Park School", "state")]
FIRST = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Arthur", "Mia", "Leo", "Poppy",
         "Harry", "Evie", "Oscar", "Sophia", "Jack", "Lily", "Charlie", "Grace", "Theo", "Ruby", "Alfie",
         "Ella", "Finley", "Rosie", "Archie", "Imogen", "Joshua", "Hannah", "Amy", "Maisie", "Kian", "Zara",
         "Ethan", "Aisha", "Samuel", "Chloe", "Dylan", "Niamh", "Ibrahim", "Erin", "Tomasz", "Phoebe"]
LAST = ["Ashworth", "Barker", "Bhatti", "Calloway", "Dawson", "Ellison", "Fairbairn", "Gill", "Hartley",
        "Iqbal", "Jowett", "Kowalski", "Khan", "Metcalfe", "Nolan", "Okafor", "Pickering", "Quinn",
        "Rhodes", "Sutcliffe", "Thwaite", "Umar", "Varley", "Whitaker", "Yates", "Brennan", "Crowther"]
TEACHER_TITLES = ["Mr", "Mrs", "Ms", "Dr", "Miss"]
ACTIVITIES = ["Latin masterclass", "Philosophy masterclass", "Science workshop", "Maths challenge",
              "Debating club", "Creative writing day", "Robotics club", "Criminology masterclass"]
SUBJECTS = ["science", "maths", "Latin", "philosophy", "computing", "history"]
EXTERNAL = [("Rotary Club of Ashford", "charity"), ("Northgate Engineering Ltd", "business"),
            ("County Council Arts Fund", "council"), ("University of Eastbridge", "university")]

CONF5 = ["Not at all confident", "Not very confident", "Fairly confident", "Very confident",
         "Extremely confident"]
AGREE5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
AGREE4 = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
SCALES = {"confidence5": M.Scale("confidence5", 5, CONF5), "agree5": M.Scale("agree5", 5, AGREE5),
          "agree4": M.Scale("agree4", 4, AGREE4), "numeric5": M.Scale("numeric5", 5, None),
          "numeric10": M.Scale("numeric10", 10, None)}

# (scale, category, question) — every numeric question says its range in its own words
PUPIL_Q = [
    ("confidence5", 2, "How confident do you feel speaking in front of a group?"),
    ("confidence5", 2, "How confident are you that you could study {s} at A level?"),
    ("confidence5", 1, "How confident are you at solving problems in {s}?"),
    ("agree5", 2, "I enjoy learning {s}."),
    ("agree5", 2, "I feel I belong at university."),
    ("agree4", 2, "I would like to study {s} after school."),
    ("agree4", 2, "I feel comfortable asking questions in class."),
    ("numeric5", 1, "How much do you know about {s}? (1 = nothing, 5 = a lot)"),
    ("numeric5", 1, "Rate your understanding of {s} (1-5)"),
    ("numeric10", 2, "On a scale of 1 to 10, how much do you enjoy {s}?"),
]
TEACHER_Q = [
    ("confidence5", 4, "How confident do you feel teaching {s}?"),
    ("confidence5", 4, "How confident are you planning practical {s} lessons?"),
    ("agree5", 3, "My pupils speak up more in {s} lessons."),
    ("agree4", 4, "I have the subject knowledge I need to teach {s}."),
    ("numeric5", 4, "Rate your subject knowledge of {s} (1 = low, 5 = high)"),
    ("numeric10", 3, "On a scale of 1 to 10, how engaged are your pupils in {s}?"),
]
PAIRED_Q = [  # short bases for "X (before)" / "X (after)" columns
    ("confidence5", 2, "Confidence speaking in public"),
    ("confidence5", 2, "Confidence in {s}"),
    ("agree5", 2, "Enjoys {s}"),
    ("numeric5", 1, "Knowledge of {s}, 1-5"),
    ("numeric10", 2, "Interest in {s}, 1 to 10"),
]

TP_USUAL_HEADERS = ["Timepoint", "Stage", "Pre or post", "Pre/Post"]
TP_WORDS = [("Before", "After"), ("Pre", "Post"), ("Start", "End"), ("Baseline", "Follow-up")]
TP_QUESTION = [("Are you filling this in at the start or the end of the course?", ("Start", "End")),
               ("Is this before or after the workshop?", ("Before", "After")),
               ("When", ("Before", "After"))]
TP_OTHER = [("Week", ("Week 1", "Week 6")), ("Survey", ("Autumn 2024", "Summer 2025")),
            ("Term", ("Term 1", "Term 3"))]
TWO_SHEETS = [("Survey – before", "Survey – after"), ("Survey - Before", "Survey - After"),
              ("Pre survey", "Post survey"), ("Start survey", "End survey")]

PP_YES_NO = [("Y", "N"), ("Yes", "No"), ("✓", "N"), (1, 0), ("PP", "No"), ("yes", "no")]
MARKS = {"tick-x": ("✓", "x", "✓ = present, x = absent"), "Y-N": ("Y", "N", None),
         "1-0": (1, 0, None), "P-A": ("P", "A", None), "slash-N": ("/", "N", "/ = present, N = absent"),
         "tick-N": ("✓", "N", None), "y-n": ("y", "n", None)}


class Gen:
    def __init__(self, rng, force):
        self.rng = rng
        self.force = force or {}
        self.traits = {}

    def pick(self, trait, options, weights=None):
        if trait in self.force:
            want = self.force[trait]
            match = [o for o in options if str(o) == want]
            v = match[0] if match else self.rng.choices(options, weights)[0]
        else:
            v = self.rng.choices(options, weights)[0]
        self.traits.setdefault(trait, set()).add(str(v))
        return v

    def chance(self, trait, p):
        return self.pick(trait, [True, False], [p, 1 - p])

    def once(self, trait, p):
        """A per-workbook yes/no, drawn the first time it is asked."""
        if trait not in self.traits:
            self.chance(trait, p)
        return "True" in self.traits[trait]


def spell_variant(rng, s):
    """Case and stray spaces, as typed by different people."""
    k = rng.randrange(5)
    if k == 0:
        return s
    if k == 1:
        return " " + s.lower() + " "
    if k == 2:
        return s.upper()
    if k == 3:
        return s + "  "
    return s.lower()


def uk(d):
    return d.strftime("%d/%m/%Y")


def school_days(rng, n, start=dt.date(2024, 9, 9), end=dt.date(2025, 6, 27)):
    days = set()
    span = (end - start).days
    while len(days) < n:
        d = start + dt.timedelta(days=rng.randrange(span))
        if d.weekday() < 5:
            days.add(d)
    return sorted(days)


# ------------------------------------------------------------------------------------------------
# Layout noise, per sheet
# ------------------------------------------------------------------------------------------------
def layout(g, t, kind, title, sums_ok=False):
    n_title = g.pick("layout.title_rows", [0, 1, 2], [5, 3, 2])
    if n_title == 1:
        t.title = [title]
    elif n_title == 2:
        t.title = [title, f"Updated {uk(dt.date(2025, 4, 1) + dt.timedelta(days=g.rng.randrange(60)))}"]
    if n_title and g.rng.random() < 0.5:
        t.title.append(None)                          # a blank row under the title
    t.spacer_cols = g.pick("layout.spacer_cols", [0, 1, 2], [6, 3, 1])
    t.blank_after_header = g.chance("layout.blank_after_header", 0.15)
    t.blank_mid = g.chance("layout.blank_row_mid", 0.2)
    t.shuffle = g.chance("layout.shuffled_columns", 0.4)
    return t


def add_band(g, t, cols, text):
    if cols and g.chance("layout.merged_band", 0.3):
        t.band = (text, cols)
        t.band_vertical = g.chance("layout.merged_header_down", 0.5)
        # the band's columns stay next to each other whatever the shuffle (a merge over columns
        # that shuffling separated would cover other columns' headers)
        if not any(set(cols) <= set(b) for b in t.blocks):
            assert not any(set(cols) & set(b) for b in t.blocks)
            t.blocks.append(sorted(cols))


# ------------------------------------------------------------------------------------------------
# Drawing the model
# ------------------------------------------------------------------------------------------------
class Builder:
    def __init__(self, seed, force=None):
        self.rng = random.Random(seed)
        self.g = Gen(self.rng, force)
        self.tables = []
        self.planted = []          # {"class", "table", "row", "col", "rows": [...]} logical
        self.skip = {"funding": False, "surveys": set()}
        self.names_used = set()
        self.subject = self.rng.choice(SUBJECTS)

    def name(self):
        while True:
            nm = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if nm not in self.names_used:
                self.names_used.add(nm)
                return nm

    # -- the whole workbook ------------------------------------------------------------------
    def build(self):
        g, rng = self.g, self.rng
        schools = [M.School(n, s) for n, s in rng.sample(SCHOOLS, rng.randint(2, 6))]
        self.m = M.Model(schools=schools)
        self.m.attendance_form = g.pick("attendance.form", ["long", "register", "counts", "none"], [4, 4, 2, 1])
        has_contrib = g.chance("contributions.present", 0.7)
        n_surveys = g.pick("survey.count", [0, 1, 2], [2, 5, 3])
        if self.m.attendance_form == "none" and not has_contrib and n_surveys == 0:
            n_surveys = 1
        self.mistake = g.pick("planted", ["none", "amount-text", "amount-negative", "date-impossible",
                                          "scale-out-of-range", "duplicate-response"], [10, 1, 1, 1, 1, 1])
        if self.mistake in ("amount-text", "amount-negative", "date-impossible"):
            has_contrib = True
        if self.mistake in ("scale-out-of-range", "duplicate-response") and n_surveys == 0:
            n_surveys = 1
        # sectors: a schools sheet, else sector columns beside the school
        self.schools_sheet = g.chance("schools.sheet", 0.6)
        if self.schools_sheet:
            self.m.sector_known |= {M.norm(s.name) for s in schools}
        if self.m.attendance_form in ("long", "register"):
            self.make_pupils()
            self.attendance_long() if self.m.attendance_form == "long" else self.attendance_register()
        elif self.m.attendance_form == "counts":
            self.attendance_counts()
        if has_contrib:
            self.contributions()
        kinds = []
        if n_surveys >= 1:
            kinds.append("pupil")
        if n_surveys == 2:
            kinds.append("teacher")
        for i, who in enumerate(kinds):
            self.survey(who, planted=(i == 0 and self.mistake in ("scale-out-of-range", "duplicate-response")),
                        prefix=(who.capitalize() + " survey") if len(kinds) > 1 else "Survey")
        if self.schools_sheet:
            self.schools_table()
        if g.chance("settings.sheet", 0.3):
            self.settings_table()
        self.indicators_sheet = any(self.m.surveys) and g.chance("indicators.sheet", 0.25)
        if self.indicators_sheet:
            self.indicators_table()
        self.rng.shuffle(self.tables) if g.chance("layout.sheet_order_shuffled", 0.3) else None

    # -- pupils --------------------------------------------------------------------------------
    def make_pupils(self):
        g, rng, m = self.g, self.rng, self.m
        m.pupil_key_by_id = g.chance("attendance.identity_id", 0.5)
        id_style = g.pick("attendance.id_style", ["P0001", "number"]) if m.pupil_key_by_id else None
        m.pp_recorded = g.chance("attendance.pupil_premium", 0.6)
        blanks = m.pp_recorded and g.chance("attendance.pupil_premium_blanks", 0.3)
        n = rng.randint(6, 36)
        base = rng.randint(1, 900)
        for i in range(n):
            pid = f"P{base + i:04d}" if id_style == "P0001" else 20000 + base + i * 7 if id_style else None
            pp = (rng.random() < 0.3) if m.pp_recorded else None
            if blanks and rng.random() < 0.12:
                pp = None
            m.pupils.append(M.Pupil(pid, self.name(), rng.choice(m.schools), pp, rng.choice([5, 6, 9, 10, 12])))
        if len(m.schools) > 1 and g.chance("attendance.same_name_two_schools", 0.25):
            other = m.pupils[0]
            school = next(s for s in m.schools if s is not other.school)
            pid = f"P{base + n:04d}" if id_style == "P0001" else 20000 + base + n * 7 if id_style else None
            m.pupils.append(M.Pupil(pid, other.name, school, None if not m.pp_recorded else False, other.year))

    def pp_spelling(self):
        g = self.g
        header = g.pick("attendance.pp_header", ["Pupil premium", "PP", "PP (1 = yes)", "Pupil Premium?",
                                                  "Disadvantaged (PP)"])
        yn = (1, 0) if header == "PP (1 = yes)" else g.pick("attendance.pp_values", PP_YES_NO)
        return header, yn

    def school_cell(self, school):
        if self.g.once("value.school_spelling_varies", 0.3) and self.rng.random() < 0.3:
            return spell_variant(self.rng, school.name)
        return school.name

    def date_cell(self, d, text):
        return uk(d) if text else d

    # -- attendance: long ----------------------------------------------------------------------
    def attendance_long(self):
        g, rng, m = self.g, self.rng, self.m
        n_act = g.pick("attendance.activities", [1, 2], [3, 2])
        acts = rng.sample(ACTIVITIES, n_act)
        dates = school_days(rng, rng.randint(3, 7))
        sessions = []
        for a in acts:
            for d in sorted(rng.sample(dates, rng.randint(2, len(dates)))):
                sessions.append(M.Session(a, d))
        m.sessions = sessions
        act_col = n_act > 1 or g.chance("attendance.activity_column", 0.5)
        attended_col = g.chance("attendance.attended_column", 0.5)
        never = attended_col and g.chance("attendance.never_attended_pupil", 0.3)
        rows_model = []                         # (pupil, session, present)
        for i, p in enumerate(m.pupils):
            act = rng.choice(acts)
            mine = [s for s in sessions if s.activity == act] or sessions[:1]
            mine = rng.sample(mine, rng.randint(1, len(mine)))
            for s in mine:
                pres = (rng.random() < 0.8) if attended_col else True
                if never and i == 1:
                    pres = False
                rows_model.append((p, s, pres))
        for s in sessions:                      # every session has someone present
            if not any(pres and ss is s for _, ss, pres in rows_model):
                p = rng.choice(m.pupils[2:] if never else m.pupils)
                rows_model = [(pp, ss, pres) for pp, ss, pres in rows_model if not (pp is p and ss is s)]
                rows_model.append((p, s, True))
        for p in m.pupils:                      # every pupil but the planted never-attender came once
            if never and p is m.pupils[1]:
                continue
            if not any(pres and pp is p for pp, _, pres in rows_model):
                mine = [(pp, ss, pres) for pp, ss, pres in rows_model if pp is p]
                if mine:
                    rows_model.remove(mine[0])
                    rows_model.append((p, mine[0][1], True))
                else:
                    rows_model.append((p, sessions[0], True))
        if g.pick("attendance.row_order", ["by-date", "by-pupil"]) == "by-date":
            rows_model.sort(key=lambda x: (x[1].date, x[1].activity, m.pupils.index(x[0])))
        else:
            rows_model.sort(key=lambda x: (m.pupils.index(x[0]), x[1].date))
        m.present = rows_model
        # columns
        cols = []                               # (header, fn(pupil, session, present), fmt)
        name_h = g.pick("header.pupil", ["Pupil", "Student name", "Name", "Pupil name", "Full name"])
        if m.pupil_key_by_id:
            cols.append((g.pick("header.pupil_id", ["Pupil ID", "Student ID", "ID"]), lambda p, s, x: p.pid, None))
            if g.chance("attendance.name_beside_id", 0.7):
                cols.append((name_h, lambda p, s, x: p.name, None))
        else:
            cols.append((name_h, lambda p, s, x: spell_variant(rng, p.name) if rng.random() < 0.15 else p.name, None))
        cols.append((g.pick("header.school", ["School", "School name", "Setting", "Pupil's school"]),
                     lambda p, s, x: self.school_cell(p.school), None))
        text_dates = g.pick("value.dates", ["date", "text-uk", "mixed"])
        cols.append((g.pick("header.date", ["Date", "Session date", "Date of session"]),
                     lambda p, s, x: self.date_cell(s.date, text_dates == "text-uk" or
                                                    (text_dates == "mixed" and rng.random() < 0.5)), "date"))
        if g.chance("extra.day_column", 0.3):
            cols.append(("Day", lambda p, s, x: s.date.strftime("%a"), None))
        if act_col:
            cols.append((g.pick("header.activity", ["Activity", "Workshop", "Event", "Masterclass"]),
                         lambda p, s, x: s.activity, None))
        if attended_col:
            yes, no = g.pick("value.attended", [("Y", "N"), ("Yes", "No"), ("y", "n"), (1, 0), ("Present", "Absent")])
            cols.append((g.pick("header.attended", ["Attended", "Present?", "Attended (Y/N)"]),
                         lambda p, s, x: yes if x else no, None))
        if g.chance("attendance.year_column", 0.5):
            cols.append((g.pick("header.year", ["Year", "Year group", "Yr"]), lambda p, s, x: p.year, None))
        if m.pp_recorded:
            ph, (py, pn) = self.pp_spelling()
            cols.append((ph, lambda p, s, x: None if p.pp is None else (py if p.pp else pn), None))
        if not self.schools_sheet and g.chance("attendance.sector_column", 0.4):
            cols.append(("Sector", lambda p, s, x: p.school.sector.capitalize(), None))
            m.sector_known |= {M.norm(p.school.name) for p, _, _ in rows_model}  # the schools it shows
        self.extras(cols, lambda p, s, x: s.date)
        headers = [c[0] for c in cols]
        rows = [[fn(p, s, x) for _, fn, _ in cols] for p, s, x in rows_model]
        t = Table(g.pick("sheet.attendance_name", ["Attendance", "Sessions", "Who came", "Log"]), headers, rows,
                  fmts={i: c[2] for i, c in enumerate(cols) if c[2]})
        layout(g, t, "attendance", f"{self.subject.capitalize()} partnership – attendance 2024-25")
        self.tables.append(t)

    def extras(self, cols, date_of):
        g, rng, m = self.g, self.rng, self.m
        if g.chance("extra.hours_column", 0.25):
            cols.append(("Hours", lambda *a: rng.choice([1, 1.5, 2, 3]), None))
        if g.chance("extra.class_teacher_column", 0.25):
            teachers = [f"{rng.choice(TEACHER_TITLES)} {rng.choice(LAST)}" for _ in range(3)]
            cols.append(("Class teacher", lambda *a: rng.choice(teachers), None))
        if g.chance("extra.host_school_column", 0.25):
            hosts = m.schools[:2]
            cols.append(("Host school", lambda *a: rng.choice(hosts).name, None))
        if g.chance("extra.notes_column", 0.3):
            notes = ["", "", "", "late", "left early", "bring permission slip", "photo consent missing"]
            cols.append(("Notes", lambda *a: rng.choice(notes) or None, None))

    # -- attendance: register -------------------------------------------------------------------
    def attendance_register(self):
        g, rng, m = self.g, self.rng, self.m
        n = rng.randint(3, 9)
        act = rng.choice(ACTIVITIES)
        dates = school_days(rng, n)
        m.sessions = [M.Session(act, d) for d in dates]
        head = g.pick("register.session_headers", ["date", "text-date", "Session N", "Week N"])
        if head == "date":
            sess_h = list(dates)
        elif head == "text-date":
            sess_h = [uk(d) for d in dates]
        elif head == "Session N":
            sess_h = [f"Session {i + 1}" for i in range(n)]
        else:
            sess_h = [f"Week {i + 1}" for i in range(n)]
        marks_key = g.pick("register.marks", list(MARKS))
        pres_mark, abs_mark, legend = MARKS[marks_key]
        if legend is None and g.chance("register.legend_optional", 0.2):
            legend = f"{pres_mark} = present, {abs_mark} = absent"
        blanks = g.chance("register.not_expected_blanks", 0.4)
        never = g.chance("register.never_attended_pupil", 0.3)
        marks = {}
        for i, p in enumerate(m.pupils):
            row = []
            for j in range(n):
                if blanks and rng.random() < 0.25:
                    row.append(None)
                else:
                    row.append(rng.random() < 0.75 and not (never and i == 1))
            marks[i] = row
        for j in range(n):                      # every session column has someone present
            if not any(marks[i][j] for i in marks):
                i = rng.choice([k for k in marks if not (never and k == 1)])
                marks[i][j] = True
        for i in marks:                         # everyone but the never-attender came once
            if not (never and i == 1) and not any(marks[i]):
                marks[i][rng.randrange(n)] = True
        m.present = [(p, m.sessions[j], marks[i][j]) for i, p in enumerate(m.pupils) for j in range(n)
                     if marks[i][j] is not None]
        cols = []
        name_h = g.pick("header.pupil", ["Pupil", "Student name", "Name", "Pupil name", "Full name"])
        if m.pupil_key_by_id:
            cols.append((g.pick("header.pupil_id", ["Pupil ID", "Student ID", "ID"]), lambda i, p: p.pid))
            if g.chance("attendance.name_beside_id", 0.7):
                cols.append((name_h, lambda i, p: p.name))
        else:
            cols.append((name_h, lambda i, p: p.name))
        cols.append((g.pick("header.school", ["School", "School name", "Setting", "Pupil's school"]),
                     lambda i, p: self.school_cell(p.school)))
        if g.chance("attendance.year_column", 0.5):
            cols.append((g.pick("header.year", ["Year", "Year group", "Yr"]), lambda i, p: p.year))
        if m.pp_recorded:
            ph, (py, pn) = self.pp_spelling()
            cols.append((ph, lambda i, p: None if p.pp is None else (py if p.pp else pn)))
        if not self.schools_sheet and g.chance("attendance.sector_column", 0.4):
            cols.append(("Sector", lambda i, p: p.school.sector.capitalize()))
            m.sector_known |= {M.norm(p.school.name) for p in m.pupils}  # the schools it shows
        if g.chance("extra.class_teacher_column", 0.25):
            teachers = [f"{rng.choice(TEACHER_TITLES)} {rng.choice(LAST)}" for _ in range(3)]
            cols.append(("Class teacher", lambda i, p: rng.choice(teachers)))
        k = len(cols)
        headers = [c[0] for c in cols] + sess_h
        rows = []
        for i, p in enumerate(m.pupils):
            rows.append([fn(i, p) for _, fn in cols] +
                        [None if v is None else (pres_mark if v else abs_mark) for v in marks[i]])
        sess_cols = list(range(k, k + n))
        total_col = g.chance("register.total_column", 0.25)
        if total_col:
            headers.append(g.pick("header.register_total", ["Total", "Sessions attended"]))
            for i, row in enumerate(rows):
                row.append(sum(1 for v in marks[i] if v))
        t = Table(g.pick("sheet.register_name", ["Register", "Attendance", "Class list"]), headers, rows,
                  blocks=[sess_cols + ([k + n] if total_col else [])])
        t.legend = legend
        t.legend_below = legend is not None and g.chance("register.legend_below", 0.3)
        if g.chance("layout.totals_row", 0.3):
            tot = [None] * len(headers)
            tot[0] = g.pick("value.total_label", ["Total", "TOTAL", "Total present"])
            for j, c in enumerate(sess_cols):
                tot[c] = Sum(sum(1 for i in marks if marks[i][j]))
            t.total = tot
        layout(g, t, "register", f"{act} – register")
        add_band(g, t, sess_cols, "Sessions")
        self.tables.append(t)

    # -- attendance: head counts ----------------------------------------------------------------
    def attendance_counts(self):
        g, rng, m = self.g, self.rng, self.m
        n_act = g.pick("attendance.activities", [1, 2], [3, 2])
        acts = rng.sample(ACTIVITIES, n_act)
        dates = school_days(rng, rng.randint(3, 7))
        sessions = [M.Session(rng.choice(acts), d) for d in dates]
        if n_act == 2 and g.chance("counts.two_activities_same_day", 0.5):
            other = next(a for a in acts if a != sessions[0].activity)
            sessions.append(M.Session(other, sessions[0].date))
        m.sessions = sessions
        for s in sessions:
            for sc in rng.sample(m.schools, rng.randint(1, len(m.schools))):
                m.counts.append((sc, s, rng.randint(1, 30)))
        act_col = n_act > 1 or g.chance("attendance.activity_column", 0.5)
        text_dates = g.pick("value.dates", ["date", "text-uk", "mixed"])
        cols = [(g.pick("header.school", ["School", "School name", "Setting"]), lambda sc, s, k: self.school_cell(sc), None),
                (g.pick("header.date", ["Date", "Session date", "Date of session"]),
                 lambda sc, s, k: self.date_cell(s.date, text_dates == "text-uk" or
                                                 (text_dates == "mixed" and rng.random() < 0.5)), "date")]
        if act_col:
            cols.append((g.pick("header.activity", ["Activity", "Workshop", "Event"]), lambda sc, s, k: s.activity, None))
        cols.append((g.pick("header.count", ["Number attending", "No. of pupils", "Pupils attending", "Attendance"]),
                     lambda sc, s, k: k, None))
        if not self.schools_sheet and g.chance("attendance.sector_column", 0.4):
            cols.append(("Sector", lambda sc, s, k: sc.sector.capitalize(), None))
            m.sector_known |= {M.norm(sc.name) for sc, _, _ in m.counts}  # the schools it shows
        if g.chance("extra.day_column", 0.3):
            cols.append(("Day", lambda sc, s, k: s.date.strftime("%A"), None))
        if g.chance("extra.notes_column", 0.3):
            cols.append(("Notes", lambda *a: rng.choice([None, None, "coach late", "joint session"]), None))
        headers = [c[0] for c in cols]
        rows = [[fn(sc, s, k) for _, fn, _ in cols] for sc, s, k in m.counts]
        t = Table(g.pick("sheet.counts_name", ["Events", "Attendance", "Head counts"]), headers, rows,
                  fmts={i: c[2] for i, c in enumerate(cols) if c[2]})
        if g.chance("layout.totals_row", 0.3):
            tot = [None] * len(headers)
            tot[0] = g.pick("value.total_label", ["Total", "TOTAL", "Total present"])
            tot[headers.index(cols[3 if act_col else 2][0])] = Sum(sum(k for _, _, k in m.counts))
            t.total = tot
        layout(g, t, "counts", "Partnership events – head counts")
        self.tables.append(t)

    # -- contributions ----------------------------------------------------------------------------
    def contributions(self):
        g, rng, m = self.g, self.rng, self.m
        form = g.pick("contributions.form", ["type-column", "two-amount-columns"])
        sector_col = g.chance("contributions.sector_column", 0.4)
        givers = [(s.name, s.sector if (sector_col or M.norm(s.name) in m.sector_known) else None)
                  for s in rng.sample(m.schools, rng.randint(1, len(m.schools)))]
        if sector_col:
            m.sector_known |= {M.norm(n) for n, _ in givers}
        if sector_col and g.chance("contributions.external_contributor", 0.4):
            givers.append(rng.choice(EXTERNAL))
        money_text = g.pick("value.money", ["number", "text-£", "mixed"])
        date_col = g.chance("contributions.date_column", 0.5) or self.mistake == "date-impossible"
        text_dates = g.pick("value.contribution_dates", ["date", "text-uk"]) if date_col else None
        purpose_col = g.chance("contributions.purpose_column", 0.5)
        contribs = []
        for name, sector in givers:
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(["cash", "in_kind"])
                amt = rng.choice([500, 1000, 1500, 2000, 250, 3000]) if kind == "cash" else \
                    rng.choice([405, 1050.5, 240, 1800, 1250.5, 87.25, 600])
                contribs.append(M.Contribution(name, sector, kind, float(amt),
                                               school_days(rng, 1)[0], rng.choice(
                                                   ["Annual contribution", "Venue hire", "Teaching time",
                                                    "Minibus", "Lunches", "Science kit"])))
        m.contributions = contribs

        def money(v):
            if money_text == "text-£" or (money_text == "mixed" and rng.random() < 0.5):
                return f"£{v:,.2f}" if v != int(v) else f"£{int(v):,}"
            return v
        cols = [(g.pick("header.contributor", ["Contributor", "School", "Organisation", "From"]), "who")]
        if sector_col:
            cols.append((g.pick("header.sector", ["Sector", "Sector of contributor"]), "sector"))
        if form == "type-column":
            cols.append((g.pick("header.contribution_type", ["Type", "Cash or in kind", "Kind"]), "type"))
            cols.append((g.pick("header.amount", ["Amount", "Value (£)", "Contribution £", "Amount (£)"]), "amount"))
        else:
            cols.append(("Cash (£)", "cash"))
            cols.append(("In kind (£)", "kind"))
        if date_col:
            cols.append((g.pick("header.contribution_date", ["Date", "Date received"]), "date"))
        if purpose_col:
            cols.append((g.pick("header.purpose", ["Purpose", "Description", "What for"]), "purpose"))
        cash_word, kind_word = g.pick("value.contribution_type", [("Cash", "In kind"), ("cash", "in-kind"),
                                                                  ("Cash", "In-kind"), ("CASH", "In Kind")])
        rows = []
        for c in contribs:
            row = []
            for _, k in cols:
                row.append({"who": c.contributor if rng.random() < 0.8 else spell_variant(rng, c.contributor),
                            "sector": (c.sector or "").capitalize(),
                            "type": cash_word if c.kind == "cash" else kind_word,
                            "amount": money(c.amount),
                            "cash": money(c.amount) if c.kind == "cash" else None,
                            "kind": money(c.amount) if c.kind == "in_kind" else None,
                            "date": (uk(c.date) if text_dates == "text-uk" else c.date) if date_col else None,
                            "purpose": c.purpose}[k])
            rows.append(row)
        keys = [k for _, k in cols]
        amount_col = keys.index("amount" if "amount" in keys else "cash")
        if self.mistake == "amount-text":
            i = rng.randrange(len(rows))
            if form == "two-amount-columns" and contribs[i].kind != "cash":
                amount_col = keys.index("kind")
            rows[i][amount_col] = rng.choice(["two thousand", "five hundred pounds", "TBC"])
            self.plant("amount-text", None, i, amount_col)
        elif self.mistake == "amount-negative":
            i = rng.randrange(len(rows) + 1)
            row = list(rows[0]) if i == len(rows) else list(rows[i])
            neg = -500.0
            row[amount_col] = neg
            if "type" in keys:
                row[keys.index("type")] = cash_word
            if "kind" in keys:
                row[keys.index("kind")] = None
            if "purpose" in keys:
                row[keys.index("purpose")] = "Refund – cancelled minibus"
            rows.insert(i, row)
            self.plant("amount-negative", None, i, amount_col)
        elif self.mistake == "date-impossible":
            i = rng.randrange(len(rows))
            rows[i][keys.index("date")] = rng.choice(["31/02/2025", "30/02/2025", "31/04/2025", "31/06/2025"])
            self.plant("date-impossible", None, i, keys.index("date"))
        if self.mistake in ("amount-text", "amount-negative", "date-impossible"):
            self.skip["funding"] = True
        for p in self.planted:
            if p["table"] is None:
                p["table"] = "contributions"
        fmts = {}
        if money_text == "number":
            for k in ("amount", "cash", "kind"):
                if k in keys and g.rng.random() < 0.7:
                    fmts[keys.index(k)] = "gbp"
        if date_col:
            fmts[keys.index("date")] = "date"
        t = Table(g.pick("sheet.contributions_name", ["Contributions", "Funding", "Money", "Income"]),
                  [c[0] for c in cols], rows, fmts=fmts)
        for p in self.planted:
            if p["table"] == "contributions":
                p["table"] = t
        if g.chance("layout.totals_row", 0.3) and self.mistake == "none":
            tot = [None] * len(cols)
            tot[0] = g.pick("value.total_label", ["Total", "TOTAL", "Total present"]).replace(" present", "")
            for k in ("amount", "cash", "kind"):
                if k in keys:
                    want = {"amount": ("cash", "in_kind"), "cash": ("cash",), "kind": ("in_kind",)}[k]
                    tot[keys.index(k)] = Sum(sum(c.amount for c in contribs if c.kind in want))
            t.total = tot
        layout(g, t, "contributions", "Contributions 2024-25")
        add_band(g, t, [keys.index(k) for k in ("cash", "kind") if k in keys], "Value (£)")
        self.tables.append(t)

    # -- surveys -----------------------------------------------------------------------------------
    def survey(self, who, planted, prefix):
        g, rng, m = self.g, self.rng, self.m
        tr = "survey." if who == "pupil" else "teacher_survey."
        tp = g.pick(tr + "timepoint", ["column-usual", "column-question", "column-other-values",
                                       "two-sheets", "paired-columns", "post-only"], [3, 2, 2, 2, 2, 1])
        if planted and self.mistake == "duplicate-response" and tp == "paired-columns":
            tp = "column-usual"
        if who == "teacher":
            ident = g.pick(tr + "identity", ["teacher-column", "email", "ms-forms", "google-forms"])
        else:
            ident = g.pick(tr + "identity", ["pupil-id", "email", "name", "ms-forms", "google-forms"])
        if tp == "paired-columns" and ident in ("ms-forms", "google-forms"):
            ident = "name" if who == "pupil" else "teacher-column"
        if tp in ("paired-columns", "post-only") and not (planted and self.mistake == "duplicate-response"):
            if g.chance(tr + "anonymous", 0.4):
                ident = "none"
        g.traits[tr + "timepoint"] = {tp}             # as finally generated
        g.traits[tr + "identity"] = {ident}
        # questions
        pool = PAIRED_Q if tp == "paired-columns" and who == "pupil" else (PUPIL_Q if who == "pupil" else TEACHER_Q)
        nq = rng.randint(1, min(4, len(pool)))
        chosen = rng.sample(pool, nq)
        if planted and self.mistake == "scale-out-of-range" and not any(s == "numeric5" for s, _, _ in chosen):
            chosen[0] = next(q for q in pool if q[0] == "numeric5")
        # every agreement question of one form uses the same agreement scale (a form mixing the
        # 4- and 5-point ones leaves the scale of a question without a middle answer ambiguous)
        agree = rng.choice(["agree4", "agree5"])
        chosen = [(agree if sk in ("agree4", "agree5") else sk, cat, text) for sk, cat, text in chosen]
        questions = []
        for sk, cat, text in chosen:
            label = text.format(s=self.subject)
            questions.append(M.Question(label, SCALES[sk], cat))
            g.traits.setdefault("scale", set()).add(sk)
        # respondents: the identity each is known by in this survey
        self.google_id = g.pick("forms.google_identity", ["Email address", "Your name"]) \
            if ident == "google-forms" else None
        by_email = ident == "email" or self.google_id == "Email address"
        if who == "pupil" and m.pupils and ident != "email":
            if ident == "pupil-id":
                people = [(p.pid if m.pupil_key_by_id else f"S{100 + i}", p.school) for i, p in enumerate(m.pupils)]
            else:
                people = [(p.name, p.school) for p in m.pupils]
        else:
            k = rng.randint(5, 30) if who == "pupil" else rng.randint(4, 14)
            people = []
            for i in range(k):
                nm = self.name()
                if who == "teacher" and ident == "teacher-column" and rng.random() < 0.5:
                    nm = f"{rng.choice(TEACHER_TITLES)} {nm}"
                people.append((f"S{100 + i}" if ident == "pupil-id" else nm, rng.choice(m.schools)))
        if by_email:
            people = [(self.email(p), s) for p, s in people]
        uniq = {}
        for p, s in people:                     # one respondent per identity (homonyms drop out)
            uniq.setdefault(M.norm(p), (p, s))
        people = list(uniq.values())
        rng.shuffle(people)
        people = people[:rng.randint(min(4, len(people)), min(30, len(people)))]
        post_only = tp == "post-only"
        responses = []
        for person, (pid, school) in enumerate(people):
            base = {q.label: rng.randint(1, q.scale.points) for q in questions}
            does_before = not post_only and rng.random() < 0.9
            does_after = post_only or rng.random() < (0.85 if does_before else 1.0)
            if does_before:
                responses.append(M.Response(pid if ident != "none" else None, "before",
                                            {k: self.maybe_skip(v) for k, v in base.items()}, school, person))
            if does_after:
                aft = {q.label: max(1, min(q.scale.points, base[q.label] + rng.choice([-1, 0, 0, 1, 1, 2])))
                       for q in questions}
                responses.append(M.Response(pid if ident != "none" else None, "after",
                                            {k: self.maybe_skip(v) for k, v in aft.items()}, school, person))
        if not any(r.timepoint == "after" for r in responses):
            responses[-1].timepoint = "after"
        if not post_only and not any(r.timepoint == "before" for r in responses):
            responses[0].timepoint = "before"
        responses.sort(key=lambda r: 0 if r.timepoint == "before" else 1)
        if tp in ("column-usual", "column-question") and g.chance(tr + "rows_interleaved", 0.4):
            first = responses[0]
            rest = responses[1:]
            rng.shuffle(rest)
            responses = [first] + rest
        for q in questions:
            # a 5-point agreement question whose answers never use the middle label cannot be told
            # from the 4-point one (no middle): SPEC's "scale in use" is then ambiguous, so the
            # middle label is always used at least once
            if q.scale.key == "agree5" and not any(r.answers.get(q.label) == 3 for r in responses):
                rng.choice(responses).answers[q.label] = 3
            # likewise a 4-point one whose answers stay on one side of the (missing) middle:
            # "Agree"/"Strongly agree" alone fit both scales, so both sides are always used
            if q.scale.key == "agree4" and len(responses) >= 2:
                given = [r.answers.get(q.label) for r in responses]
                if not any(v is not None and v <= 2 for v in given):
                    responses[0].answers[q.label] = rng.choice([1, 2])
                if not any(v is not None and v >= 3 for v in (r.answers.get(q.label) for r in responses[1:])):
                    responses[-1].answers[q.label] = rng.choice([3, 4])
        survey = M.Survey(who, questions, responses, post_only, paired_by_row=(tp == "paired-columns"))
        m.surveys.append(survey)
        sidx = len(m.surveys) - 1
        # render
        self.render_survey(survey, sidx, tp, ident, prefix, tr, planted)

    def maybe_skip(self, v):
        return None if self.rng.random() < 0.03 else v

    def email(self, name):
        return name.replace(" ", ".").replace("'", "").lower() + "@example.org"

    def answer_cell(self, q, v):
        if v is None:
            return None
        return q.scale.labels[v - 1] if q.scale.labels else v

    def who_cell(self, ident, who, first_seen):
        """The respondent as typed this time: case and stray spaces vary between before and after."""
        if who is None:
            return None
        if isinstance(who, str) and first_seen and self.g.once("value.identity_spelling_varies", 0.5):
            if ident == "email":
                return who.upper() if self.rng.random() < 0.3 else who.capitalize()
            if self.rng.random() < 0.5:
                return spell_variant(self.rng, who)
        return who

    def render_survey(self, survey, sidx, tp, ident, prefix, tr, planted):
        g, rng = self.g, self.rng
        qs = survey.questions
        tpw = None
        if tp == "column-usual":
            tph = g.pick(tr + "timepoint_header", TP_USUAL_HEADERS)
            tpw = g.pick(tr + "timepoint_words", TP_WORDS)
            if g.chance("value.timepoint_case_varies", 0.3):
                tpw = (tpw[0].lower(), tpw[1].lower())
        elif tp == "column-question":
            tph, tpw = g.pick(tr + "timepoint_question", TP_QUESTION)
        elif tp == "column-other-values":
            tph, tpw = g.pick(tr + "timepoint_other", TP_OTHER)
        school_col = g.chance(tr + "school_column", 0.5) and survey.responses[0].school is not None
        comments = g.chance(tr + "comments_column", 0.4)
        seen = set()

        def who_typed(r):
            first = r.who in seen
            seen.add(r.who)
            return self.who_cell(ident, r.who, first)

        # header and row builders for each identity form
        forms = ident in ("ms-forms", "google-forms")
        id_header = {"pupil-id": g.pick("header.survey_pupil_id", ["Pupil ID", "Student ID"]) if ident == "pupil-id" else None,
                     "email": g.pick("header.survey_email", ["Email", "Email address", "E-mail"]) if ident == "email" else None,
                     "name": g.pick("header.survey_name", ["Name", "Your name", "Pupil name", "Full name"]) if ident == "name" else None,
                     "teacher-column": "Teacher" if ident == "teacher-column" else None}.get(ident)
        school_h = g.pick("header.survey_school", ["School", "Which school do you attend?", "School name"]) \
            if school_col else None
        if survey.respondents == "teacher" and school_h == "Which school do you attend?":
            school_h = "Which school do you work at?"

        def table_for(responses, name, with_tp, rid_start=1):
            headers, rows, fmts = [], [], {}
            if ident == "ms-forms":
                headers += ["ID", "Start time", "Completion time", "Email", "Name"]
                fmts.update({1: "datetime", 2: "datetime"})
                if g.chance("forms.ms_last_modified", 0.5):
                    headers.append("Last modified time")
                headers.append(g.pick("forms.name_question", ["Your name", "What is your name?"]))
            elif ident == "google-forms":
                headers.append("Timestamp")
                fmts[0] = "datetime"
                headers.append(self.google_id)
            elif id_header:
                headers.append(id_header)
            if school_col:
                headers.append(school_h)
            if with_tp:
                headers.append(tph)
            qcol = len(headers)
            headers += [q.label for q in qs]
            if comments:
                headers.append(g.pick("header.comments", ["Comments", "Any other comments?"]))
            t0 = dt.datetime(2024, 9, 16, 15, 30) + dt.timedelta(days=rng.randrange(20))
            for k, r in enumerate(responses):
                row = []
                stamp = t0 + dt.timedelta(minutes=13 * k + rng.randrange(10)) + \
                    (dt.timedelta(days=70) if r.timepoint == "after" else dt.timedelta())
                if ident == "ms-forms":
                    row += [rid_start + k, stamp, stamp + dt.timedelta(minutes=rng.randint(2, 9)), "anonymous", None]
                    if "Last modified time" in headers:
                        row.append(None)
                    row.append(who_typed(r))
                elif ident == "google-forms":
                    row += [stamp, who_typed(r)]
                elif id_header:
                    row.append(who_typed(r))
                if school_col:
                    row.append(self.school_cell(r.school))
                if with_tp:
                    row.append(tpw[0] if r.timepoint == "before" else tpw[1])
                row += [self.answer_cell(q, r.answers[q.label]) for q in qs]
                if comments:
                    row.append(rng.choice([None, None, None, "It was great", "More sessions please",
                                           "I liked meeting people from other schools"]))
                rows.append(row)
            t = Table(name, headers, rows, fmts=fmts)
            return t, qcol

        name_base = g.pick("sheet.survey_name", [prefix, prefix + " responses", "Form responses 1"]) \
            if not forms or ident == "google-forms" else prefix
        if name_base == "Form responses 1" and (len(self.m.surveys) > 1 or tp == "two-sheets"):
            name_base = prefix
        if tp == "two-sheets":
            names = g.pick(tr + "two_sheet_names", TWO_SHEETS)
            if prefix != "Survey":
                names = tuple(n.replace("Survey", prefix) if "Survey" in n else f"{prefix} {n.split()[0].lower()}"
                              for n in names)
            tabs = []
            for tpname, sheet in zip(("before", "after"), names):
                rs = [r for r in survey.responses if r.timepoint == tpname]
                t, qcol = table_for(rs, sheet, False)
                tabs.append((t, qcol, rs))
        elif tp == "paired-columns":
            tabs = [self.paired_table(survey, name_base, ident, id_header, school_col, school_h, who_typed)]
        else:
            t, qcol = table_for(survey.responses, name_base, tp != "post-only")
            tabs = [(t, qcol, survey.responses)]
        # planted mistakes
        if planted and self.mistake == "scale-out-of-range":
            t, qcol, rs = rng.choice(tabs)
            qi = next(i for i, q in enumerate(qs) if q.scale.key == "numeric5")
            col = qcol + qi if tp != "paired-columns" else t.qcols[qi][rng.randrange(2)]
            i = rng.randrange(len(t.rows))
            t.rows[i][col] = rng.choice([7, 6, 9])
            self.plant("scale-out-of-range", t, i, col)
            self.skip["surveys"].add(sidx)
        if planted and self.mistake == "duplicate-response":
            # the first copy answers every question (a row with no answer is arguably no response)
            cands = [(ti, i) for ti, (t, _, rs) in enumerate(tabs) for i, r in enumerate(rs)
                     if r.who is not None and all(v is not None for v in r.answers.values())]
            ti, i = rng.choice(cands)
            t, qcol, rs = tabs[ti]
            dup = list(t.rows[i])
            for j in range(qcol, qcol + len(qs)):
                q = qs[j - qcol]
                dup[j] = self.answer_cell(q, rng.randint(1, q.scale.points))
            if ident == "ms-forms":
                dup[0] = len(t.rows) + 1
            at = rng.randint(i + 1, len(t.rows))
            t.rows.insert(at, dup)
            if ident == "ms-forms":
                for k, row in enumerate(t.rows):
                    row[0] = k + 1
            self.plant("duplicate-response", t, at, None, also_row=i)
            self.skip["surveys"].add(sidx)
        for t, qcol, rs in tabs:
            layout(g, t, "survey", f"{prefix} – {self.subject}")
            if tp == "paired-columns":
                add_band(g, t, [c for pair in t.qcols for c in pair], "Ratings")
            self.tables.append(t)
        self.survey_tables = getattr(self, "survey_tables", {})
        self.survey_tables[sidx] = [t for t, _, _ in tabs]

    def paired_table(self, survey, name, ident, id_header, school_col, school_h, who_typed):
        g, rng = self.g, self.rng
        qs = survey.questions
        # one row per respondent: their before and after answers side by side
        people, by = [], {}
        for r in survey.responses:
            if r.person not in by:
                people.append(r.person)
            by.setdefault(r.person, {})[r.timepoint] = r
        headers = []
        if ident != "none" and id_header:
            headers.append(id_header)
        if school_col:
            headers.append(school_h)
        qcol = len(headers)
        layout_kind = g.pick("survey.paired_layout", ["side-by-side", "blocks"])
        suffix = g.pick("survey.paired_suffix", [(" (before)", " (after)"), (" (pre)", " (post)"),
                                                 (" - before", " - after"), (" (Before)", " (After)")])
        qcols = []
        if layout_kind == "side-by-side":
            for i, q in enumerate(qs):
                headers += [q.label + suffix[0], q.label + suffix[1]]
                qcols.append((qcol + 2 * i, qcol + 2 * i + 1))
        else:
            headers += [q.label + suffix[0] for q in qs] + [q.label + suffix[1] for q in qs]
            qcols = [(qcol + i, qcol + len(qs) + i) for i in range(len(qs))]
        rows = []
        for key in people:
            d = by[key]
            any_r = d.get("before") or d.get("after")
            row = []
            if ident != "none" and id_header:
                row.append(who_typed(any_r))
            if school_col:
                row.append(self.school_cell(any_r.school))
            row += [None] * (2 * len(qs))
            for i, q in enumerate(qs):
                for side, tpn in enumerate(("before", "after")):
                    rr = d.get(tpn)
                    row[qcols[i][side]] = self.answer_cell(q, rr.answers[q.label]) if rr else None
            rows.append(row)
        t = Table(name, headers, rows)
        t.qcols = qcols
        return t, qcol, survey.responses

    # -- other sheets ----------------------------------------------------------------------------
    def schools_table(self):
        g, rng, m = self.g, self.rng, self.m
        words = g.pick("value.sector_spelling", [("State", "Independent"), ("state", "independent"),
                                                 ("STATE", "INDEPENDENT"), ("State ", "Independent ")])
        rows = [[s.name, words[0] if s.sector == "state" else words[1]] for s in m.schools]
        if g.chance("schools.phase_column", 0.4):
            for row in rows:
                row.append("Primary" if "Primary" in row[0] else "Secondary")
            headers = [g.pick("header.school", ["School", "School name", "Setting"]), "Sector", "Phase"]
        else:
            headers = [g.pick("header.school", ["School", "School name", "Setting"]), "Sector"]
        t = Table(g.pick("sheet.schools_name", ["Schools", "Partner schools", "Settings list"]), headers, rows)
        layout(g, t, "schools", "Partner schools")
        self.tables.append(t)

    def settings_table(self):
        rows = [["Partnership name", f"{self.subject.capitalize()} Partnership"], ["Academic year", "2024-25"],
                ["Coordinator", f"{self.rng.choice(TEACHER_TITLES)} {self.rng.choice(LAST)}"]]
        t = Table(self.g.pick("sheet.settings_name", ["Partnership", "About", "Settings"]), ["Setting", "Value"], rows)
        self.tables.append(t)

    def indicators_table(self):
        rows = []
        for s in self.m.surveys:
            for q in s.questions:
                rows.append([q.label, q.category, "Pupils" if s.respondents == "pupil" else "Teachers"])
        t = Table("Indicators", ["Question", "Category", "Who answers"], rows)
        self.tables.append(t)

    def plant(self, cls, table_index, row, col, also_row=None):
        self.planted.append({"class": cls, "table": table_index, "row": row, "col": col, "also_row": also_row})


# ------------------------------------------------------------------------------------------------
RULES = {  # a plausible rule id for each planted class (regular expressions on the rule)
    "amount-text": r"amount|number|numeric|value",
    "amount-negative": r"negative|amount",
    "date-impossible": r"date",
    "scale-out-of-range": r"scale|range|value",
    "duplicate-response": r"duplicate",
}


def generate(seed, path, force=None, producer=None):
    b = Builder(seed, force)
    b.build()
    g = b.g
    prod = producer or g.pick("producer", ["openpyxl", "xlsxwriter"])
    if producer:
        g.traits.setdefault("producer", set()).add(producer)
    # sheet names must be unique (case-insensitive) and at most 31 characters
    seen = set()
    for t in b.tables:
        base = t.name[:31]
        name, k = base, 2
        while name.casefold() in seen:
            name = f"{base[:28]} {k}"
            k += 1
        t.name = name
        seen.add(name.casefold())
    grids = [render(t, b.rng) for t in b.tables]
    (write_openpyxl if prod == "openpyxl" else write_xlsxwriter)(grids, path)
    # truth
    m = b.m
    reach = M.reach_truth(m)
    funding = None if b.skip["funding"] else M.funding_truth(m, reach)
    indicators = {}
    for si, s in enumerate(m.surveys):
        if si in b.skip["surveys"]:
            continue
        for q in s.questions:
            fig = M.indicator_truth(s, q)
            if b.indicators_sheet:
                fig["category"] = q.category
            fig["sheets"] = [t.name for t in b.survey_tables[si]]
            fig["scale"] = q.scale.key
            indicators[q.label] = fig
    planted = []
    for p in b.planted:
        t = p["table"]
        if p["col"] is not None:
            cells = [a1(t.row_of[p["row"]], t.col_of[p["col"]])]
            rows = None
        else:
            # the planted row was inserted at p["row"]; the first copy is at also_row
            cells = None
            rows = [t.row_of[p["row"]], t.row_of[p["also_row"]]]
        planted.append({"class": p["class"], "sheet": t.name, "cells": cells, "rows": rows,
                        "rule": RULES[p["class"]]})
    return {"reach": reach, "funding": funding, "indicators": indicators, "planted": planted,
            "clean": not planted, "traits": {k: sorted(v) for k, v in g.traits.items()},
            "sheets": [t.name for t in b.tables]}
