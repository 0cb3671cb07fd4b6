"""The meaning of a generated workbook, and the figures SPEC.md defines for it ("truth").

Nothing here knows how the workbook is laid out or spelt: the generator (generate.py) first draws
this model, then renders it into sheets with whatever headers, spellings and noise its traits ask
for. The truth is computed from the model alone, following SPEC.md "What it computes", and never
from the engine (no engine code is imported and no engine output is read).
"""
import math
import statistics
from dataclasses import dataclass, field
from typing import Optional
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from student_t import t_quantile_975  # noqa: E402  (shared with the samples' truth, not the engine's)


def norm(s):
    """SPEC's comparison for pupils and schools: spaces trimmed, case ignored."""
    return " ".join(str(s).split()).casefold()


@dataclass
class School:
    name: str
    sector: str                 # state / independent


@dataclass
class Pupil:
    pid: str
    name: str
    school: School
    pp: Optional[bool]          # None: unknown (blank)
    year: int


@dataclass
class Session:
    activity: str
    date: object                # datetime.date


@dataclass
class Contribution:
    contributor: str
    sector: Optional[str]       # the contributor's sector, when the workbook says it somewhere
    kind: str                   # cash / in_kind
    amount: float
    date: object = None
    purpose: str = ""


@dataclass
class Scale:
    key: str                    # confidence5, agree5, agree4, numeric5, numeric10
    points: int
    labels: Optional[list]      # point k (1-based) is labels[k-1]; None for numeric


@dataclass
class Question:
    label: str                  # the indicator's label: the question as the coordinator wrote it
    scale: Scale
    category: int               # the category an indicators sheet would give it


@dataclass
class Response:
    who: Optional[str]          # identity (as the respondent is known; spelling varies when rendered)
    timepoint: str              # before / after
    answers: dict               # question label -> point (int)
    school: Optional[School] = None
    person: int = 0             # who this is in the generator (pairs rows of paired-column surveys)


@dataclass
class Survey:
    respondents: str            # pupil / teacher
    questions: list
    responses: list
    post_only: bool = False
    paired_by_row: bool = False  # "Q (before)" / "Q (after)" columns: a row is a matched pair


@dataclass
class Model:
    schools: list
    attendance_form: str = "none"            # long / register / counts / none
    pupils: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    present: list = field(default_factory=list)     # long/register: (pupil, session, True/False)
    counts: list = field(default_factory=list)      # counts: (school, session, n)
    pupil_key_by_id: bool = True                    # identity column of the attendance sheet
    pp_recorded: bool = False
    sector_known: set = field(default_factory=set)  # normalised school names whose sector the workbook gives
    contributions: Optional[list] = None
    surveys: list = field(default_factory=list)


def r(x):
    return None if x is None else float(x)


def reach_truth(m):
    """SPEC reach figures; fields the SPEC leaves open for this workbook are left out."""
    out = {}
    if m.attendance_form == "none":
        return None
    if m.attendance_form == "counts":
        attending = [(s, ses, n) for s, ses, n in m.counts if n > 0]
        out["pupils"] = None
        out["schools"] = len({norm(s.name) for s, _, _ in attending})
        out["sessions"] = len({(norm(ses.activity), ses.date) for _, ses, _ in attending})
        out["attendances"] = sum(n for _, _, n in attending)
        schools = {norm(s.name): s for s, _, _ in attending}
    else:
        def key(p):
            return ("id", norm(p.pid)) if m.pupil_key_by_id else ("name", norm(p.name), norm(p.school.name))
        keys = {}
        for p in m.pupils:
            k = key(p)
            assert k not in keys or keys[k] is p, f"two pupils share an identity: {k}"
            keys[k] = p
        hits = [(p, s) for p, s, pres in m.present if pres]
        pupils = {key(p): p for p, _ in hits}
        out["pupils"] = len(pupils)
        schools = {norm(p.school.name): p.school for p in pupils.values()}
        out["schools"] = len(schools)
        out["sessions"] = len({(norm(s.activity), s.date) for _, s in hits})
        out["attendances"] = len(hits)
        if m.pp_recorded:
            known = [p for p in pupils.values() if p.pp is not None]
            out["pupil_premium_pupils"] = sum(1 for p in known if p.pp)
            out["pupil_premium_share"] = (out["pupil_premium_pupils"] / len(known)) if known else None
        else:
            out["pupil_premium_share"] = None   # no pupil's status is known
    if all(k in m.sector_known for k in schools):
        by = {"state": 0, "independent": 0, "other": 0}
        for s in schools.values():
            by[s.sector] += 1
        out["schools_by_sector"] = by
    return out


def funding_truth(m, reach):
    if m.contributions is None:
        return None
    cash = sum(c.amount for c in m.contributions if c.kind == "cash")
    kind = sum(c.amount for c in m.contributions if c.kind == "in_kind")
    total = cash + kind
    out = {"cash_total": cash, "in_kind_total": kind, "total": total}
    if reach is not None:
        pupils = reach.get("pupils")
        out["cost_per_pupil"] = (total / pupils) if pupils else None
        att = reach.get("attendances")
        out["cost_per_attendance"] = (total / att) if att else None
    if all(c.sector for c in m.contributions):
        by = {}
        for c in m.contributions:
            by[c.sector] = by.get(c.sector, 0.0) + c.amount
        out["by_sector"] = by
    return out


def indicator_truth(survey, q):
    """SPEC per-indicator figures for question q of survey. Points count from 1 at the most
    negative label; matching is by identity (trimmed, case ignored)."""
    top = q.scale.points
    def key(resp):
        if survey.paired_by_row:
            return ("row", resp.person)
        return None if resp.who is None else norm(resp.who)
    rows = [(key(resp), resp.timepoint, resp.answers[q.label]) for resp in survey.responses
            if resp.answers.get(q.label) is not None]
    before = [p for _, t, p in rows if t == "before"]
    after = [p for _, t, p in rows if t == "after"]
    bmap, amap = {}, {}
    for who, t, p in rows:
        if who is None:
            continue
        target = bmap if t == "before" else amap
        assert who not in target, f"duplicate response {who} {t}"
        target[who] = p
    pairs = [(bmap[k], amap[k]) for k in bmap if k in amap]
    changes = [a - b for b, a in pairs]

    def share(vals, pred):
        return (sum(1 for v in vals if pred(v)) / len(vals)) if vals else None

    top2_b = share(before, lambda v: v >= top - 1)
    top2_a = share(after, lambda v: v >= top - 1)
    room = [(b, a) for b, a in pairs if b < top]
    out = {
        "n_before": len(before), "n_after": len(after), "n_matched": len(pairs),
        "mean_before": statistics.fmean(before) if before else None,
        "mean_after": statistics.fmean(after) if after else None,
        "mean_change": statistics.fmean(changes) if changes else None,
        "top2_before": top2_b, "top2_after": top2_a,
        "top2_change_pp": (top2_a - top2_b) * 100 if top2_a is not None and top2_b is not None else None,
        "bottom_before": share(before, lambda v: v == 1),
        "bottom_after": share(after, lambda v: v == 1),
        "improved_with_headroom": (sum(1 for b, a in room if a > b) / len(room)) if room else None,
        "match_rate": (len(pairs) / len(before)) if before else None,
        "mean_change_ci95": None, "effect_size": None,
    }
    if len(pairs) >= 10:
        mc = statistics.fmean(changes)
        sd = statistics.stdev(changes)
        half = t_quantile_975(len(changes) - 1) * sd / math.sqrt(len(changes))
        out["mean_change_ci95"] = [mc - half, mc + half]
        out["effect_size"] = (mc / sd) if sd > 0 else None
    return out
