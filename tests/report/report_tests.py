#!/usr/bin/env python3
"""End-to-end tests of `impact report` (tests/report/CMakeLists.txt registers each as report.NAME).

    report_tests.py --impact BIN --source SRC --samples DIR --work DIR [--corpus DIR] [--soffice PATH]
                    [--python PY] setup|list|TEST

`setup` (a CTest fixture) copies the clean samples twice (work/a, work/b) and the corpus files once
(work/corpus), runs `impact report` on every copy with a fixed SOURCE_DATE_EPOCH and records what the
tests compare against (`impact analyse --json`, `impact dump --cells` of the originals). Every other
test reads those results, or makes its own copies in a temporary folder. Nothing under samples/ or
the corpus is ever written. Exit 0 pass, 1 fail, 77 skipped (a tool or the corpus is missing).
"""
import atexit
import datetime
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Checks, Failure, Skip, run_main  # noqa: E402

EPOCH = 1700000000          # 2023-11-14 22:13:20 UTC
CLEAN = ["york-masterclasses", "bristol-events", "science-cpd"]
ALL = CLEAN + ["mistakes"]
CORPUS = ["calamine__date.xlsx", "libxlsxwriter__chartsheet01.xlsx", "calamine__vba.xlsm",
          "exceljs__test-issue-880.xlsx"]
IMPACT_SHEETS = ["Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding", "Impact Data Issues"]
# The parts `impact report` may rewrite (SPEC "What it writes" 1; engine/write/graft.h).
REWRITABLE = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml",
              "xl/styles.xml"}
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


# ---------------------------------------------------------------------------------------------
# Running things

ARGS = None


def env(epoch=EPOCH):
    e = dict(os.environ)
    e["SOURCE_DATE_EPOCH"] = str(epoch)
    e.setdefault("LC_ALL", "C.UTF-8")
    return e


def impact(*argv, cwd=None, epoch=EPOCH):
    return subprocess.run([ARGS.impact, *argv], cwd=cwd, env=env(epoch), capture_output=True, text=True)


def tool(*argv):
    if not shutil.which(argv[0]):
        raise Skip(argv[0] + " is not installed")
    return subprocess.run(list(argv), capture_output=True, text=True)


def pdftext(path):
    r = tool("pdftotext", "-enc", "UTF-8", path, "-")
    if r.returncode != 0:
        raise Failure(f"pdftotext failed on {path}: {r.stderr}")
    return r.stdout


def flat(text):
    """Text with every run of white space (line breaks from wrapping included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


VALUE = re.compile(r"^(?:£?[\d,]+(?:\.\d+)?%?|c|-)$")


def tiles(path):
    """The headline tiles of a PDF as [(value, label)]: pdftotext prints a row of tiles as its values,
    then its labels, each a paragraph of its own (or a value with its label under it)."""
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True).stdout
    blocks = [b.strip() for b in re.split(r"\n\s*\n", raw) if b.strip()]
    out, i = [], 0
    while i < len(blocks):
        lines = blocks[i].splitlines()
        if VALUE.match(lines[0].strip()) and len(lines) > 1:
            out.append((lines[0].strip(), flat(" ".join(lines[1:]))))
            i += 1
            continue
        k = 0
        while i + k < len(blocks) and VALUE.match(blocks[i + k]):
            k += 1
        if k and i + 2 * k <= len(blocks) and not any(VALUE.match(b) for b in blocks[i + k:i + 2 * k]):
            out += [(blocks[i + j], flat(blocks[i + k + j])) for j in range(k)]
            i += 2 * k
        else:
            i += max(k, 1)
    return out


def tile(path, label_start):
    found = [v for v, l in tiles(path) if l.startswith(label_start)]
    return found[0] if found else None


def thousands(n):
    return f"{int(math.floor(n + 0.5)):,}"


def percent(share):
    return f"{int(math.floor(share * 100 + 0.5))}%"


def soffice_csv(files, outdir):
    soffice = ARGS.soffice or shutil.which("soffice")
    if not soffice:
        raise Skip("soffice is not installed")
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", CSV_FILTER, "--outdir", outdir, *files],
                           capture_output=True, text=True, timeout=240)
    return r


# ---------------------------------------------------------------------------------------------
# Reading packages and dumps

def zip_parts(path):
    """{name: (raw compressed bytes, inflated bytes, compress_type)} read from each local header."""
    parts = {}
    with open(path, "rb") as f, zipfile.ZipFile(path) as z:
        for info in z.infolist():
            f.seek(info.header_offset)
            header = f.read(30)
            if header[:4] != b"PK\x03\x04":
                raise Failure(f"{path}: {info.filename}: no local header at {info.header_offset}")
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            f.seek(info.header_offset + 30 + name_len + extra_len)
            raw = f.read(info.compress_size)
            parts[info.filename] = (raw, z.read(info), info.compress_type)
    return parts


def sheet_names(path):
    with zipfile.ZipFile(path) as z:
        rels = z.read("_rels/.rels").decode("utf-8")
        m = re.search(r'<Relationship\b[^>]*Type="[^"]*/officeDocument"[^>]*>', rels)
        target = re.search(r'Target="([^"]+)"', m.group(0)).group(1).lstrip("/") if m else "xl/workbook.xml"
        xml = z.read(target).decode("utf-8")
    names = re.findall(r'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"', xml)
    unescape = lambda s: (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
                          .replace("&apos;", "'").replace("&amp;", "&"))
    return [unescape(n) for n in names]


def workbook_part(path):
    with zipfile.ZipFile(path) as z:
        rels = z.read("_rels/.rels").decode("utf-8")
    m = re.search(r'<Relationship\b[^>]*Type="[^"]*/officeDocument"[^>]*>', rels)
    return re.search(r'Target="([^"]+)"', m.group(0)).group(1).lstrip("/") if m else "xl/workbook.xml"


def cells(path):
    """`impact dump --cells`: [(sheet, column letters, row, type, value)]."""
    r = impact("dump", path, "--cells")
    if r.returncode != 0:
        raise Failure(f"impact dump --cells {path} failed: {r.stderr}")
    out = []
    for line in r.stdout.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 5:
            continue
        m = re.match(r"([A-Z]+)(\d+)$", f[2])
        out.append((f[1], m.group(1), int(m.group(2)), f[3], f[4]))
    return out


def column_values(dump, header_pattern):
    """Every text below a header cell matching `header_pattern` (case-insensitive), per sheet."""
    top = {}
    for s, c, r, t, v in dump:
        if t == "text" and re.fullmatch(header_pattern, v.strip(), re.I) and (s, c) not in top:
            top[(s, c)] = (r, v.strip().lower())
    values = []
    for (sheet, col), (row, header) in top.items():
        below = [(sheet, r, v.strip()) for s, c, r, t, v in dump if s == sheet and c == col and r > row and t == "text"]
        # A header is not repeated in its own column (that is a value, e.g. "Pupil" under "I am a...").
        if any(v.lower() == header for _, _, v in below):
            continue
        values += below
    return values


def sheet_rows(dump, sheet):
    rows = {}
    for s, c, r, t, v in dump:
        if s == sheet:
            rows.setdefault(r, {})[c] = v
    return rows


# ---------------------------------------------------------------------------------------------
# The shared run

def work(*parts):
    return os.path.join(ARGS.work, *parts)


def state():
    with open(work("state.json"), encoding="utf-8") as f:
        return json.load(f)


def reports_dir(run, sample):
    return work(run, f"{sample} - Impact reports")


def pdfs(run, sample):
    d = reports_dir(run, sample)
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".pdf")) if os.path.isdir(d) else []


def governors_pdf(run, sample):
    found = [p for p in pdfs(run, sample) if "Governors" in os.path.basename(p)]
    if len(found) != 1:
        raise Failure(f"{sample}: expected one governors' brief, found {found}")
    return found[0]


def funders(sample):
    """The funders a sample's reports are for, and the contributor each one's figures come from."""
    st = state()
    sheets = st["check"][sample]["sheets"]
    dump = [tuple(x) for x in st["dump"][sample]]
    funder_sheets = [s["name"] for s in sheets if s["kind"] == "funders"]
    pairs = []
    if funder_sheets:
        rows = sheet_rows(dump, funder_sheets[0])
        header_row = min(rows)
        header = {c: v.strip().lower() for c, v in rows[header_row].items()}
        name_col = next(c for c, v in header.items() if v.startswith("funder") or v == "name")
        link_col = next((c for c, v in header.items() if v.startswith("contribution")), None)
        for r in sorted(rows):
            if r > header_row and name_col in rows[r]:
                pairs.append((rows[r][name_col].strip(), rows[r].get(link_col, rows[r][name_col]).strip()))
    else:
        pairs = [(c["contributor"], c["contributor"]) for c in st["analyse"][sample]["funding"]["by_contributor"]]
    return pairs


def setup():
    shutil.rmtree(ARGS.work, ignore_errors=True)
    os.makedirs(ARGS.work)
    st = {"analyse": {}, "check": {}, "dump": {}, "runs": {}, "corpus": {}}
    for run in ("a", "b"):
        os.makedirs(work(run))
        for s in ALL:
            shutil.copyfile(os.path.join(ARGS.samples, s + ".xlsx"), work(run, s + ".xlsx"))
            r = impact("report", s + ".xlsx", cwd=work(run))
            st["runs"].setdefault(s, []).append({"rc": r.returncode, "stderr": r.stderr})
    for s in ALL:
        original = os.path.join(ARGS.samples, s + ".xlsx")
        st["analyse"][s] = json.loads(impact("analyse", original, "--json").stdout)
        st["check"][s] = json.loads(impact("check", original, "--json").stdout)
        st["dump"][s] = cells(original)
    st["version"] = impact("--version").stdout.split()[-1]
    if ARGS.corpus and os.path.isdir(ARGS.corpus):
        os.makedirs(work("corpus"))
        for name in CORPUS:
            src = os.path.join(ARGS.corpus, name)
            if not os.path.exists(src):
                continue
            shutil.copyfile(src, work("corpus", name))
            os.chmod(work("corpus", name), 0o644)
            r = impact("report", name, "--no-pdf", "--force", cwd=work("corpus"))
            st["corpus"][name] = {"rc": r.returncode, "stderr": r.stderr}
    with open(work("state.json"), "w", encoding="utf-8") as f:
        json.dump(st, f)
    bad = {s: runs for s, runs in st["runs"].items() if any(x["rc"] != (1 if s == "mistakes" else 0) for x in runs)}
    if bad:
        raise Failure("impact report did not exit as expected: " + json.dumps(bad, indent=1))


# ---------------------------------------------------------------------------------------------
# PDFs

def test_pdf_files():
    c = Checks()
    for s in CLEAN:
        names = [os.path.basename(p) for p in pdfs("a", s)]
        c.check(sum("Governors" in n for n in names) == 1, f"{s}: no single governors' brief among {names}")
        for funder, _ in funders(s):
            c.check(any(funder in n for n in names if "Governors" not in n), f"{s}: no report named for funder '{funder}' in {names}")
        c.check(len(names) == 1 + len(funders(s)), f"{s}: {len(names)} PDFs for {len(funders(s))} funders: {names}")
        for n in names:
            c.check(not re.search(r"\s\.pdf$", n), f"{s}: file name '{n}' has a space before .pdf")
    c.check(not os.path.exists(reports_dir("a", "mistakes")), "mistakes.xlsx (data errors, no --force) got PDF reports")
    c.done()


def pdfinfo(path):
    r = tool("pdfinfo", path)
    info = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


def test_pdf_info():
    c = Checks()
    version = state()["version"]
    for s in CLEAN:
        for p in pdfs("a", s):
            n = os.path.basename(p)
            info = pdfinfo(p)
            m = re.match(r"([\d.]+) x ([\d.]+) pts", info.get("Page size", ""))
            c.check(m and abs(float(m.group(1)) - 595.276) < 1 and abs(float(m.group(2)) - 841.89) < 1,
                    f"{n}: page size {info.get('Page size')} is not A4")
            for key in ("Title", "Author", "Subject"):
                c.check(info.get(key, "") != "", f"{n}: {key} is not set")
            c.check(not info.get("Title", "").rstrip().endswith(","), f"{n}: Title '{info.get('Title')}' ends in a comma")
            c.check(info.get("Creator") == f"Impact {version}", f"{n}: Creator is '{info.get('Creator')}'")
            if "Governors" in n:
                c.check(int(info.get("Pages", "0")) <= 2, f"{n}: {info.get('Pages')} pages (governors' brief: 2 at most)")
            # The document date is SOURCE_DATE_EPOCH (pdfinfo prints it in local time: compare as UTC).
            stamp = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc)
            raw = subprocess.run(["pdfinfo", "-isodates", p], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout
            c.check(stamp.strftime("%Y-%m-%dT%H:%M:%S") in raw, f"{n}: CreationDate is not SOURCE_DATE_EPOCH ({stamp.isoformat()})")
    c.done()


def test_pdf_fonts():
    c = Checks()
    for s in CLEAN:
        for p in pdfs("a", s):
            lines = tool("pdffonts", p).stdout.splitlines()[2:]
            c.check(lines, f"{os.path.basename(p)}: no fonts at all")
            for line in lines:
                # name type encoding emb sub uni id gen: emb is the 4th field from the end but 3.
                fields = line.split()
                c.check(fields[-5] == "yes", f"{os.path.basename(p)}: font not embedded: {line}")
    c.done()


def test_pdf_qpdf():
    c = Checks()
    for s in CLEAN:
        for p in pdfs("a", s):
            r = tool("qpdf", "--check", p)
            c.check(r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout,
                    f"{os.path.basename(p)}: qpdf --check: {r.stdout.strip()} {r.stderr.strip()}")
    c.done()


def test_pdf_text_clean():
    """Text extraction gives no warnings: the fonts' ToUnicode CMaps are valid."""
    c = Checks()
    for s in CLEAN:
        for p in pdfs("a", s):
            r = tool("pdftotext", p, "-")
            warnings = sorted(set(l for l in r.stderr.splitlines() if l.strip()))
            c.check(not warnings, f"{os.path.basename(p)}: pdftotext warns: {warnings}")
    c.done()


def near(text, value, words, window=220):
    """`value` as a whole token within `window` characters before `words` (tiles print values first)."""
    return re.search(r"(?<![\w£.,])" + re.escape(value) + r"(?![\w,]).{0,%d}" % window + re.escape(words), text) is not None


def check_headline(c, label, path, reach, funding):
    """The governors' brief's headline tiles against figures (from analyse --json or expected.json)."""
    if reach.get("pupils") is not None:
        c.check(tile(path, "pupils") == thousands(reach["pupils"]), f"{label}: pupils tile {tile(path, 'pupils')!r}, expected {reach['pupils']}")
    if not reach.get("attendances"):
        # No attendance records: the brief shows no reach tiles rather than zeros.
        c.check(tile(path, "schools") is None and tile(path, "sessions") is None, f"{label}: reach tiles shown without attendance data")
        return
    c.check(tile(path, "schools") == str(reach["schools"]), f"{label}: schools tile {tile(path, 'schools')!r}, expected {reach['schools']}")
    by = reach["schools_by_sector"]
    want = f"schools: {by.get('state', 0)} state, {by.get('independent', 0)} independent"
    c.check(any(l.startswith(want) for _, l in tiles(path)), f"{label}: no tile '{want}'")
    c.check(tile(path, "sessions") == str(reach["sessions"]), f"{label}: sessions tile {tile(path, 'sessions')!r}, expected {reach['sessions']}")
    share = reach.get("pupil_premium_share")
    if share is None:
        share = reach.get("pupil_premium_attendance_share")
    if share is not None:
        c.check(near(flat(pdftext(path)), percent(share), "pupil premium"), f"{label}: pupil premium share {percent(share)} not shown")
    if funding and funding.get("total"):
        c.check(tile(path, "given in cash and in kind") == f"£{thousands(funding['total'])}",
                f"{label}: total tile {tile(path, 'given in cash and in kind')!r}, expected £{thousands(funding['total'])}")


def test_pdf_headline_vs_analyse():
    c = Checks()
    st = state()
    for s in CLEAN:
        a = st["analyse"][s]
        check_headline(c, s, governors_pdf("a", s), a["reach"], a["funding"])
        for funder, link in funders(s):
            path = next(p for p in pdfs("a", s) if funder in os.path.basename(p) and "Governors" not in p)
            contrib = next((x for x in a["funding"]["by_contributor"] if x["contributor"].lower() == link.lower()), None)
            if not c.check(contrib is not None, f"{s}: no contributor '{link}' in analyse --json for funder '{funder}'"):
                continue
            given, total = contrib["total"], a["funding"]["total"]
            c.check(tile(path, "your contribution") == f"£{thousands(given)}",
                    f"{funder}: contribution tile {tile(path, 'your contribution')!r}, expected £{thousands(given)}")
            c.check(tile(path, "of everything") == percent(given / total),
                    f"{funder}: share tile {tile(path, 'of everything')!r}, expected {percent(given / total)}")
            c.check(tile(path, "raised in all") == f"£{thousands(total)}", f"{funder}: total tile {tile(path, 'raised in all')!r}")
            c.check(tile(path, "attendances") == thousands(a["reach"]["attendances"]),
                    f"{funder}: attendances tile {tile(path, 'attendances')!r}, expected {a['reach']['attendances']}")
    # The documented figures, stated outright (York: 81 pupils, £16,305).
    york = governors_pdf("a", "york-masterclasses")
    c.check(tile(york, "pupils") == "81" and tile(york, "given in cash") == "£16,305", "York brief lacks 81 pupils / £16,305")
    c.done()


def test_pdf_headline_vs_expected():
    """The governors' briefs against samples/expected.json (computed by scripts/make_samples.py)."""
    c = Checks()
    with open(os.path.join(ARGS.samples, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    for s in CLEAN:
        e = expected[s + ".xlsx"]
        if e.get("reach"):
            check_headline(c, s, governors_pdf("a", s), e["reach"], e.get("funding"))
    c.done()


def test_pdf_no_pupils_claimed_without_pupils():
    """Where `pupils` is null (head counts only, or no attendance at all) no PDF says "N pupils took part"."""
    c = Checks()
    for s in CLEAN:
        if state()["analyse"][s]["reach"]["pupils"] is not None:
            continue
        for p in pdfs("a", s):
            v = tile(p, "pupils took part")
            c.check(v is None, f"{os.path.basename(p)}: says '{v} pupils took part' but reach.pupils is null")
            m = re.search(r"£0 given in cash and in kind|came to £0", flat(pdftext(p)))
            c.check(not m or state()["analyse"][s]["funding"]["by_contributor"],
                    f"{os.path.basename(p)}: reports '{m.group(0) if m else ''}' for a workbook with no contributions sheet")
    c.done()


def test_pdf_categories():
    c = Checks()
    short = {1: "Knowledge", 2: "Pupil behaviour", 3: "Pupil behaviour", 4: "Teacher skills", 5: "Relationships", 6: "Economic"}
    for s in CLEAN:
        cats = state()["analyse"][s]["categories"]
        c.check(len(cats) == 6, f"{s}: {len(cats)} categories in analyse --json")
        gov = flat(pdftext(governors_pdf("a", s)))
        for cat in cats:
            c.check(cat["name"] in gov or f"{cat['id']}. {short[cat['id']]}" in gov,
                    f"{s}: governors' brief lacks category {cat['id']} ('{cat['name']}')")
            c.check(cat["evidence"] in gov, f"{s}: governors' brief lacks evidence '{cat['evidence']}'")
        for p in pdfs("a", s):
            if "Governors" in p:
                continue
            text = flat(pdftext(p))
            for cat in cats:
                c.check(f"{cat['id']}. {cat['name']}" in text, f"{os.path.basename(p)}: lacks category '{cat['name']}'")
    c.done()


def test_pdf_next_steps():
    c = Checks()
    for s in CLEAN:
        dump = [tuple(x) for x in state()["dump"][s]]
        keys = [(sh, r) for sh, col, r, t, v in dump if t == "text" and re.fullmatch(r"next steps:?", v.strip(), re.I)]
        gov = flat(pdftext(governors_pdf("a", s)))
        c.check("Next steps" in gov, f"{s}: no 'Next steps' section")
        for sheet, row in keys:
            value = next(v for sh, col, r, t, v in dump if sh == sheet and r == row and col == "B")
            c.check(flat(value) in gov, f"{s}: next steps from {sheet}!B{row} not in the brief: '{value}'")
        if not keys:
            c.check("has not written next steps" in gov, f"{s}: no next steps and no note saying so")
    c.done()


def test_pdf_method_caveat():
    c = Checks()
    seen = 0
    for s in CLEAN:
        for p in pdfs("a", s):
            if "Governors" in p:
                continue
            seen += 1
            text = flat(pdftext(p)).lower()
            c.check("without a comparison group" in text and "does not prove" in text and "caused" in text,
                    f"{os.path.basename(p)}: no caveat that before/after without a comparison group does not prove cause")
            c.check("small numbers" in text and "shown as c" in text, f"{os.path.basename(p)}: method lacks the suppression rule")
    c.check(seen > 0, "no funder reports at all")
    c.done()


# ---------------------------------------------------------------------------------------------
# Privacy

NAME_HEADERS = r"(pupil|student|learner|respondent|your|full|pupil's|teacher)?\s*(name|names)|pupil|student|learner|name"
EMAIL_HEADERS = r"e-?mail( address)?|your email"


def personal_names(sample):
    dump = [tuple(x) for x in state()["dump"][sample]]
    names = {v for _, _, v in column_values(dump, NAME_HEADERS) if len(v) >= 3 and not re.fullmatch(r"[\d\s./-]+", v)}
    emails = {v for _, _, v in column_values(dump, EMAIL_HEADERS) if "@" in v}
    return names, emails


def test_privacy_names():
    c = Checks()
    total = 0
    for s in CLEAN:
        names, emails = personal_names(s)
        total += len(names)
        for p in pdfs("a", s):
            text = flat(pdftext(p)).lower()
            for n in sorted(names | emails):
                c.check(flat(n).lower() not in text, f"{os.path.basename(p)}: contains the name '{n}'")
    c.check(total >= 100, f"only {total} names found in the samples' name columns: the test would prove little")
    c.done()


RECORD = "Impact reports record.json"  # beside the PDFs (engine/report/record.h)


def record(folder):
    with open(os.path.join(folder, RECORD), encoding="utf-8") as f:
        return {e["file"]: e for e in json.load(f)["reports"]}


def test_privacy_record():
    """The record beside the PDFs lists each one with its real SHA-256 (hashlib here) and a names
    check that passed; two runs write the same record."""
    c = Checks()
    for s in CLEAN:
        entries = record(reports_dir("a", s))
        names = sorted(os.path.basename(p) for p in pdfs("a", s))
        c.check(sorted(entries) == names, f"{s}: the record lists {sorted(entries)}, the folder holds {names}")
        for p in pdfs("a", s):
            e = entries.get(os.path.basename(p), {})
            with open(p, "rb") as f:
                c.check(e.get("sha256") == hashlib.sha256(f.read()).hexdigest(), f"{p}: recorded SHA-256 {e.get('sha256')}")
            c.check(e.get("names_check") == "passed" and e.get("pupil_names_found") == 0, f"{p}: names check {e}")
            c.check(e.get("audience") == ("governors" if "Governors" in p else "funder"), f"{p}: audience {e}")
        with open(os.path.join(reports_dir("a", s), RECORD), "rb") as fa, open(os.path.join(reports_dir("b", s), RECORD), "rb") as fb:
            c.check(fa.read() == fb.read(), f"{s}: the record differs between two runs")
    c.done()


def test_privacy_name_caught():
    """A pupil's name in the text a report draws (here from a template) is found when the report is
    made: the PDF is still written (exit 0), stderr warns without printing the name, and the record
    marks that PDF, so `impact send` will refuse it."""
    c = Checks()
    dump = [tuple(x) for x in state()["dump"]["york-masterclasses"]]
    name = sorted(v for _, _, v in column_values(dump, r"pupil name") if " " in v)[0]
    with tempfile.TemporaryDirectory() as d:
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), os.path.join(d, "y.xlsx"))
        with open(os.path.join(ARGS.source, "templates", "reports", "funder.json"), encoding="utf-8") as f:
            tpl = json.load(f)
        tpl["sections"].insert(0, {"type": "text", "heading": "Thanks", "text": f"Special thanks to {name} for the poster."})
        with open(os.path.join(d, "funder.json"), "w", encoding="utf-8") as f:
            json.dump(tpl, f)
        r = impact("report", "y.xlsx", "--no-writeback", "--out", "out", "--funder-template", "funder.json", cwd=d)
        c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
        c.check("contains the name of a pupil" in r.stderr and "impact send' will not email it" in r.stderr,
                f"no warning: {r.stderr}")
        c.check(name not in r.stderr, "the warning prints the child's name")
        entries = record(os.path.join(d, "out"))
        for n, e in entries.items():
            c.check(os.path.exists(os.path.join(d, "out", n)), f"{n}: recorded but not written")
            want = ("passed", 0) if e["audience"] == "governors" else ("failed", 1)
            c.check((e["names_check"], e["pupil_names_found"]) == want, f"{n}: {e}")
            c.check(n in r.stderr or e["audience"] == "governors", f"{n}: not named in the warnings")
    c.done()


def quotes(sample):
    """(comment, consented) from every survey sheet with a comments column."""
    dump = [tuple(x) for x in state()["dump"][sample]]
    out = []
    for sheet in sorted({x[0] for x in dump}):
        rows = sheet_rows(dump, sheet)
        for hr in sorted(rows)[:5]:
            header = rows[hr]
            ccol = next((c for c, v in header.items() if re.search(r"comment|anything else|tell us", v, re.I)), None)
            qcol = next((c for c, v in header.items() if re.search(r"quote", v, re.I)), None)
            if ccol:
                for r in sorted(rows):
                    if r > hr and rows[r].get(ccol, "").strip():
                        consent = (rows[r].get(qcol, "") if qcol else "").strip().lower() in ("yes", "y", "✓", "1", "true")
                        out.append((rows[r][ccol].strip(), consent))
                break
    return out


def test_privacy_quotes():
    c = Checks()
    shown = 0
    for s in CLEAN:
        qs = quotes(s)
        names, _ = personal_names(s)
        schools = [x["school"] for x in state()["analyse"][s]["reach"]["by_school"]]
        for p in pdfs("a", s):
            text = flat(pdftext(p))
            for q, consent in qs:
                at = text.find(flat(q))
                if not consent:
                    c.check(at < 0, f"{os.path.basename(p)}: quotes '{q}' without consent")
                    continue
                if at < 0:
                    continue
                shown += 1
                after = text[at + len(flat(q)):at + len(flat(q)) + 60]
                m = re.match(r"\W*[—-]+ (.{0,40}?\bschool\b|[^“”]{0,30})", after)
                attribution = m.group(1) if m else after
                c.check(m and re.search(r"\b(pupil|teacher|parent|school lead|student)\b", attribution, re.I),
                        f"{os.path.basename(p)}: quote '{q}' not attributed by role: '{after}'")
                for school in schools:
                    c.check(school.lower() not in attribution.lower(), f"{os.path.basename(p)}: quote attributed to a school by name: {attribution}")
                for n in names:
                    c.check(n.lower() not in attribution.lower(), f"{os.path.basename(p)}: quote attributed to a person: {attribution}")
    c.check(shown > 0, "no consented quote appears in any report")
    c.done()


# ---------------------------------------------------------------------------------------------
# Reproducibility

def test_reproducible():
    c = Checks()
    for s in CLEAN:
        a = [os.path.basename(p) for p in pdfs("a", s)]
        b = [os.path.basename(p) for p in pdfs("b", s)]
        c.check(a == b, f"{s}: different PDFs: {a} vs {b}")
        for n in a:
            with open(os.path.join(reports_dir("a", s), n), "rb") as fa, open(os.path.join(reports_dir("b", s), n), "rb") as fb:
                c.check(fa.read() == fb.read(), f"{s}: '{n}' differs between two runs with the same SOURCE_DATE_EPOCH")
    # And a different SOURCE_DATE_EPOCH changes the date inside.
    with tempfile.TemporaryDirectory() as d:
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), os.path.join(d, "y.xlsx"))
        r = impact("report", "y.xlsx", "--no-writeback", "--out", "out", cwd=d, epoch=EPOCH + 86400 * 400)
        c.check(r.returncode == 0, f"report failed: {r.stderr}")
        gov = [n for n in os.listdir(os.path.join(d, "out")) if "Governors" in n][0]
        with open(os.path.join(d, "out", gov), "rb") as f1, open(governors_pdf("a", "york-masterclasses"), "rb") as f2:
            c.check(f1.read() != f2.read(), "another SOURCE_DATE_EPOCH gave the same bytes (the date is not honoured)")
    c.done()


def core_created(path):
    """docProps/core.xml's dcterms:created, as written."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("docProps/core.xml").decode("utf-8")
    m = re.search(r"<dcterms:created\b[^>]*>([^<]*)</dcterms:created>", xml)
    return m.group(1) if m else None


def test_summary_reproducible():
    """`impact report --summary` twice with the same SOURCE_DATE_EPOCH: byte-identical files whose
    docProps/core.xml says that date; another SOURCE_DATE_EPOCH changes it; a malformed one is exit 2."""
    c = Checks()
    iso = lambda t: datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory() as d:
        for s in CLEAN:
            shutil.copyfile(os.path.join(ARGS.samples, s + ".xlsx"), os.path.join(d, s + ".xlsx"))
            outs = []
            for run, epoch in (("1", EPOCH), ("2", EPOCH), ("3", EPOCH + 86400 * 400)):
                out = os.path.join(d, f"{s}-summary{run}.xlsx")
                r = impact("report", s + ".xlsx", "--summary", out, cwd=d, epoch=epoch)
                c.check(r.returncode == 0 and os.path.exists(out), f"{s}: report --summary failed: {r.stderr}")
                outs.append(out)
                if run == "1":
                    time.sleep(1.1)  # so that a clock-based date would differ between runs 1 and 2
            if not all(os.path.exists(o) for o in outs):
                continue
            with open(outs[0], "rb") as f1, open(outs[1], "rb") as f2, open(outs[2], "rb") as f3:
                a, b, other = f1.read(), f2.read(), f3.read()
            c.check(a == b, f"{s}: two summaries with the same SOURCE_DATE_EPOCH differ")
            c.check(core_created(outs[0]) == iso(EPOCH), f"{s}: created is {core_created(outs[0])}, not {iso(EPOCH)}")
            c.check(core_created(outs[2]) == iso(EPOCH + 86400 * 400) and a != other,
                    f"{s}: another SOURCE_DATE_EPOCH is not honoured (created {core_created(outs[2])})")
        r = impact("report", CLEAN[0] + ".xlsx", "--summary", "bad.xlsx", cwd=d, epoch="yesterday")
        c.check(r.returncode == 2 and "SOURCE_DATE_EPOCH" in r.stderr and not os.path.exists(os.path.join(d, "bad.xlsx")),
                f"a malformed SOURCE_DATE_EPOCH: exit 2, no file (got {r.returncode}: {r.stderr.strip()})")
    c.done()


# ---------------------------------------------------------------------------------------------
# Small numbers

SMALL = [("Alder Primary", "State", 3), ("Beech Academy", "State", 12), ("Cedar College", "Independent", 20)]


def make_small_workbook(path):
    """Three schools with 3, 12 and 20 pupils; a 7-pupil activity; an 8-pupil survey."""
    script = r'''
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "Partnership"
for r in [("Partnership name", "Small Numbers Partnership"), ("Academic year", "2024-25"),
          ("Coordinator", "Pat Organiser"), ("Next steps", "Recruit more pupils from Alder Primary.")]:
    ws.append(r)
ws = wb.create_sheet("Schools"); ws.append(["School", "Sector"])
for name, sector, _ in SMALL: ws.append([name, sector])
ws = wb.create_sheet("Attendance"); ws.append(["Pupil ID", "Pupil name", "School", "Activity", "Date", "Attended"])
first = ["Zebedee", "Octavia", "Peregrine", "Wilhelmina", "Barnaby", "Clementine", "Ignatius"]
last = ["Quartermaine", "Fairweather", "Blackwood", "Thistlethwaite", "Ravensworth"]
n = 0
for school, _, count in SMALL:
    for i in range(count):
        n += 1
        pid, name = "SN%03d" % n, "%s %s" % (first[n % 7], last[n % 5])
        ws.append([pid, name, school, "Maths masterclass", datetime.date(2024, 10, 5), "Y"])
        if school == "Cedar College" and i < 7:
            ws.append([pid, name, school, "Debate day", datetime.date(2024, 11, 9), "Y"])
ws = wb.create_sheet("Contributions"); ws.append(["Contributor", "Sector", "Cash or in kind", "Amount"])
ws.append(["Cedar College", "Independent", "Cash", 5000]); ws.append(["Kirklees Council", "Council", "Cash", 2000])
ws = wb.create_sheet("Funders"); ws.append(["Funder", "Email", "Contribution"])
ws.append(["Kirklees Council", "grants@example.org", "Kirklees Council"])
ws = wb.create_sheet("Pupil survey")
ws.append(["Pupil ID", "School", "Before / after", "How confident do you feel speaking up in a group discussion?"])
labels = ["Not at all confident", "Not very confident", "Fairly confident", "Very confident", "Extremely confident"]
for t, off in [("Before", 0), ("After", 2)]:
    for i in range(8):
        ws.append(["SN%03d" % (16 + i), "Cedar College", t, labels[min(4, i % 3 + off)]])
wb.save(sys.argv[1])
'''
    r = subprocess.run([ARGS.python, "-c", "SMALL = %r\n" % SMALL + script, path], capture_output=True, text=True)
    if r.returncode != 0:
        if "No module named 'openpyxl'" in r.stderr:
            raise Skip("openpyxl is not installed")
        raise Failure("making the small workbook failed: " + r.stderr)


def small_reports(threshold=None):
    d = tempfile.mkdtemp(prefix="report-small-")
    atexit.register(shutil.rmtree, d, True)
    wb = os.path.join(d, "small.xlsx")
    make_small_workbook(wb)
    argv = ["report", "small.xlsx", "--no-writeback", "--out", "out"] + (["--threshold", str(threshold)] if threshold else [])
    r = impact(*argv, cwd=d)
    if r.returncode != 0:
        raise Failure(f"impact {' '.join(argv)}: exit {r.returncode}: {r.stderr}")
    out = {"paths": {}}
    for n in sorted(n for n in os.listdir(os.path.join(d, "out")) if n.endswith(".pdf")):
        audience = "governors" if "Governors" in n else "funder"
        out[audience] = flat(pdftext(os.path.join(d, "out", n)))
        out["paths"][audience] = os.path.join(d, "out", n)
    return out


def suppresses(text):
    """Whether a report shows the symbol c anywhere but in its explanations of it."""
    t = re.sub(r"\bc: [^.]*\.", "", text.replace("shown as c", ""))
    return re.search(r"(?<![\w'’.-])c(?![\w'’-])", t) is not None


def school_value(text, school):
    """The pupils figure after '<school> (sector)' in the pupils-by-school chart, or after
    '<school> sector' in the equity table (its Pupils column): a number or 'c'."""
    m = re.search(re.escape(school) + r" \(?(?:state|independent)\)? (c|\d+)\b", text)
    return m.group(1) if m else None


def test_suppression_default():
    c = Checks()
    c.check(not suppresses("c: fewer than 5 pupils. any count of fewer than 5 people is shown as c, percentages"), "suppresses()")
    c.check(suppresses("Alder Primary (state) c Beech"), "suppresses()")
    rep = small_reports()
    gov = rep["governors"]
    values = {s: school_value(gov, s) for s, _, _ in SMALL}
    c.check(values["Alder Primary"] == "c", f"3 pupils at Alder Primary not shown as c: {values}")
    c.check(sum(v == "c" for v in values.values()) >= 2, f"no secondary suppression (only one school hidden): {values}")
    c.check(tile(rep["paths"]["governors"], "pupils") == "35", "the total 35 pupils is not in the headline")
    # The hidden count cannot be worked out from any other figure in the brief, e.g. a share of places
    # of the 42 attendances (3/42 = 7%) or of the 35 pupils (9%).
    row = re.search(r"Alder Primary state (\S+) (\S+) (\S+) (\S+)", gov)
    c.check(row is not None, "Alder Primary's row in the equity table not found")
    if row:
        c.check(row.group(1) in ("c", "-"), f"Alder Primary's share of places '{row.group(1)}' reveals its 3 pupils")
    hidden_other = [s for s, v in values.items() if v == "c" and s != "Alder Primary"]
    for s in hidden_other:
        row = re.search(re.escape(s) + r" (?:state|independent) (\S+)", gov)
        c.check(row and row.group(1) in ("c", "-"), f"{s}'s share of places '{row.group(1) if row else None}' reveals its hidden count")
    # No percentage on a base below 5 anywhere: the only base < 5 is Alder Primary's 3 pupils.
    c.check(not re.search(r"Alder Primary state \S+ \d+%", gov), "a pupil premium % on Alder Primary's 3 pupils")
    # The method appendix of each report that suppressed something says what and why.
    for audience, text in rep.items():
        if audience != "paths" and suppresses(text):
            c.check("Suppressed in this report" in text and "Alder Primary" in text.split("Suppressed in this report")[-1],
                    f"{audience}: suppresses numbers but its method appendix does not list them")
    c.check("Debate day 1 7 7" in rep["funder"], "Debate day's 7 pupils should be shown at threshold 5")
    c.check("0% → 63%" in rep["funder"], "the 8-answer survey's shares should be shown at threshold 5")
    c.done()


def test_suppression_threshold():
    c = Checks()
    rep = small_reports(10)
    gov, fund = rep["governors"], rep["funder"]
    c.check(school_value(gov, "Alder Primary") == "c", "Alder Primary (3) not hidden at threshold 10")
    c.check(school_value(gov, "Cedar College") == "20", "Cedar College (20) hidden at threshold 10")
    c.check("Debate day 1 c c" in fund, "Debate day's 7 pupils not shown as c at threshold 10")
    c.check("0% → 63%" not in fund and "top two answers c → c" in fund, "survey shares on 8 answers shown at threshold 10")
    c.check("fewer than 10 people is shown as c" in fund, "the method appendix does not give the threshold 10")
    appendix = fund.split("Suppressed in this report:")[-1] if "Suppressed in this report:" in fund else ""
    c.check("Debate day" in appendix, "the method appendix does not list Debate day's suppressed counts")
    # Attendances add up to the 42 shown: Debate day's 7 = 42 - 35 unless a second cell is hidden.
    act = re.search(r"Maths masterclass 1 (\S+) (\S+)", fund)
    c.check(tile(rep["paths"]["funder"], "attendances") != "42" or (act and act.group(1) == "c"),
            "Debate day's hidden attendances = 42 attendances - Maths masterclass's 35 (no secondary suppression)")
    c.done()


# ---------------------------------------------------------------------------------------------
# Templates

def template_variant(d, name, change):
    with open(os.path.join(ARGS.source, "templates", "reports", "governors.json"), encoding="utf-8") as f:
        text = f.read()
    new = change(text)
    assert new != text, name
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    return path


def run_bad_template(name, change, expect_line):
    c = Checks()
    with tempfile.TemporaryDirectory() as d:
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), os.path.join(d, "y.xlsx"))
        path = template_variant(d, name, change)
        r = impact("report", "y.xlsx", "--template", path, "--no-writeback", cwd=d)
        c.check(r.returncode == 2, f"exit {r.returncode}, not 2")
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        c.check(len(lines) == 1, f"not a one-line error: {lines}")
        last = lines[-1] if lines else ""
        m = re.search(re.escape(path) + r":(\d+): ", last)
        c.check(m is not None, f"the error does not say FILE:LINE: {last!r}")
        if m and expect_line:
            lines_ok = expect_line if isinstance(expect_line, tuple) else (expect_line,)
            c.check(int(m.group(1)) in lines_ok, f"line {m.group(1)}, expected {' or '.join(map(str, lines_ok))}: {last}")
        c.check("N4Poco" not in last and "exception" not in last.lower(), f"the error shows internals: {last}")
        c.check(not os.path.exists(os.path.join(d, "y - Impact reports")), "reports folder made despite the error")
    c.done()


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def test_template_broken_json():
    src = open(os.path.join(ARGS.source, "templates", "reports", "governors.json"), encoding="utf-8").read()
    # The missing comma is at the end of the "audience" line; a parser finds it at the next one.
    run_bad_template("broken.json", lambda t: t.replace('"audience": "governors",', '"audience": "governors"', 1),
                     (line_of(src, '"audience"'), line_of(src, '"max_pages"')))


def test_template_unknown_section():
    src = open(os.path.join(ARGS.source, "templates", "reports", "governors.json"), encoding="utf-8").read()
    run_bad_template("unknown.json", lambda t: t.replace('{"type": "money"', '{"type": "piechart"'), line_of(src, '{"type": "money"'))


def test_template_bad_colour():
    src = open(os.path.join(ARGS.source, "templates", "reports", "governors.json"), encoding="utf-8").read()
    run_bad_template("colour.json", lambda t: t.replace('"accent": "#2E75B6"', '"accent": "#12"'), line_of(src, '"accent": "#2E75B6"'))


def test_template_not_object():
    run_bad_template("array.json", lambda t: "[\n" + t + "\n]", None)


def test_template_deep_nesting():
    """A template of 300,000 nested [ (once a SIGSEGV, exit 139): exit 2 naming the file and line."""
    run_bad_template("deep.json", lambda t: '{\n  "name": ' + "[" * 300000, 2)


def test_template_error_leaves_workbook():
    """A bad template is found before the workbook is changed (the command fails as a whole)."""
    c = Checks()
    with tempfile.TemporaryDirectory() as d:
        wb = os.path.join(d, "y.xlsx")
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), wb)
        path = template_variant(d, "colour.json", lambda t: t.replace('"accent": "#2E75B6"', '"accent": "#12"'))
        r = impact("report", "y.xlsx", "--template", path, cwd=d)
        c.check(r.returncode == 2, f"exit {r.returncode}")
        with open(wb, "rb") as f1, open(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), "rb") as f2:
            c.check(f1.read() == f2.read(), "the workbook was changed although the command failed (exit 2) on its template")
        c.check(not os.path.exists(os.path.join(d, "y.backup.xlsx")), "a backup was made although the command failed")
    c.done()


def test_template_custom():
    c = Checks()
    with tempfile.TemporaryDirectory() as d:
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), os.path.join(d, "y.xlsx"))
        gov = template_variant(d, "gov.json", lambda t: t.replace('"The year in numbers"', '"Our remarkable year in figures"')
                               .replace('"#1F3864"', '"#7B2C83"', 1))
        with open(os.path.join(ARGS.source, "templates", "reports", "funder.json"), encoding="utf-8") as f:
            funder = f.read().replace('"Your contribution"', '"What you gave this year"')
        with open(os.path.join(d, "funder.json"), "w", encoding="utf-8") as f:
            f.write(funder)
        r = impact("report", "y.xlsx", "--no-writeback", "--out", "out", "--template", gov, "--funder-template",
                   os.path.join(d, "funder.json"), cwd=d)
        c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
        for n in [n for n in os.listdir(os.path.join(d, "out")) if n.endswith(".pdf")]:
            text = flat(pdftext(os.path.join(d, "out", n)))
            if "Governors" in n:
                c.check("Our remarkable year in figures" in text and "The year in numbers" not in text,
                        f"{n}: the custom governors' heading is not used")
            else:
                c.check("What you gave this year" in text and "Your contribution" not in text, f"{n}: the custom funder heading is not used")
    c.done()


# ---------------------------------------------------------------------------------------------
# Write-back

def compare_package(original, result, c, label):
    a, b = zip_parts(original), zip_parts(result)
    wbpart = workbook_part(original)
    rewritable = REWRITABLE | {wbpart, os.path.dirname(wbpart) + "/_rels/" + os.path.basename(wbpart) + ".rels"}
    for name, (raw, data, method) in a.items():
        if name in rewritable:
            continue
        if not c.check(name in b, f"{label}: part '{name}' is missing from the result"):
            continue
        c.check(b[name][1] == data, f"{label}: part '{name}' content changed")
        c.check(b[name][0] == raw and b[name][2] == method, f"{label}: part '{name}' compressed bytes changed")
    return a, b


def test_writeback_bytes():
    c = Checks()
    for s in ALL:
        compare_package(os.path.join(ARGS.samples, s + ".xlsx"), work("a", s + ".xlsx"), c, s)
    c.done()


def expected_sheets(sample):
    sheets = state()["check"][sample]["sheets"]
    has_indicators = any(x["kind"] == "indicators" for x in sheets)
    # The column roles are proposed when the workbook has no Impact Columns sheet and some column has a role.
    roles = any(c["role"] for x in sheets for c in x.get("columns", []))
    has_columns = any(x["kind"] == "columns" for x in sheets)
    return (IMPACT_SHEETS + ([] if has_indicators else ["Indicators"]) +
            (["Impact Columns"] if roles and not has_columns else []))


def test_writeback_sheets():
    c = Checks()
    for s in ALL:
        original = sheet_names(os.path.join(ARGS.samples, s + ".xlsx"))
        result = sheet_names(work("a", s + ".xlsx"))
        c.check(result[:len(original)] == original, f"{s}: the coordinator's sheets changed: {original} -> {result}")
        added = result[len(original):]
        c.check(sorted(added) == sorted(expected_sheets(s)), f"{s}: added {added}, expected {expected_sheets(s)}")
        c.check(len(set(result)) == len(result), f"{s}: duplicate sheet names {result}")
    c.done()


def test_writeback_rerun():
    c = Checks()
    with tempfile.TemporaryDirectory() as d:
        for s in ALL:
            wb = os.path.join(d, s + ".xlsx")
            shutil.copyfile(os.path.join(ARGS.samples, s + ".xlsx"), wb)
            lists = []
            for _ in range(3):
                r = impact("report", wb, "--no-pdf")
                c.check(r.returncode in (0, 1), f"{s}: exit {r.returncode}: {r.stderr}")
                lists.append(sheet_names(wb))
            c.check(all(len(set(l)) == len(l) for l in lists), f"{s}: duplicate sheets: {lists}")
            c.check(sorted(lists[0]) == sorted(lists[1]) == sorted(lists[2]), f"{s}: different sheets after a re-run: {lists}")
            c.check(lists[0] == lists[1] == lists[2], f"{s}: the sheets' order changes on the second run: {lists[0]} -> {lists[1]}")
            original = sheet_names(os.path.join(ARGS.samples, s + ".xlsx"))
            c.check(lists[-1][:len(original)] == original, f"{s}: after 3 runs the coordinator's sheets are {lists[-1]}")
            compare_package(os.path.join(ARGS.samples, s + ".xlsx"), wb, c, s + " (after 3 runs)")
    c.done()


def test_writeback_backup():
    c = Checks()
    for s in ALL:
        with open(work("a", s + ".backup.xlsx"), "rb") as f1, open(os.path.join(ARGS.samples, s + ".xlsx"), "rb") as f2:
            c.check(f1.read() == f2.read(), f"{s}: NAME.backup.xlsx is not the pre-run file")
    with tempfile.TemporaryDirectory() as d:
        wb = os.path.join(d, "y.xlsx")
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), wb)
        impact("report", wb, "--no-pdf")
        first = open(wb, "rb").read()
        impact("report", wb, "--no-pdf")
        c.check(open(os.path.join(d, "y.backup.xlsx"), "rb").read() == first, "second run: the backup is not the first run's result")
    c.done()


def test_writeback_lock():
    c = Checks()
    for lock in ("~$y.xlsx", ".~lock.y.xlsx#"):
        with tempfile.TemporaryDirectory() as d:
            wb = os.path.join(d, "y.xlsx")
            shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), wb)
            open(os.path.join(d, lock), "w").close()
            before = sorted(os.listdir(d))
            r = impact("report", wb)
            c.check(r.returncode == 3, f"{lock}: exit {r.returncode}, not 3")
            c.check(re.search(r"open|close", r.stderr, re.I) is not None, f"{lock}: the message does not say to close it: {r.stderr}")
            with open(wb, "rb") as f1, open(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), "rb") as f2:
                c.check(f1.read() == f2.read(), f"{lock}: the workbook changed")
            c.check(sorted(os.listdir(d)) == before, f"{lock}: files appeared: {sorted(set(os.listdir(d)) - set(before))}")
    c.done()


def sheet_part(path, name):
    """The part holding sheet `name` ("xl/worksheets/sheet7.xml")."""
    wbpart = workbook_part(path)
    with zipfile.ZipFile(path) as z:
        xml = z.read(wbpart).decode("utf-8")
        rels = z.read(os.path.dirname(wbpart) + "/_rels/" + os.path.basename(wbpart) + ".rels").decode("utf-8")
    for tag in re.findall(r'<(?:\w+:)?sheet\b[^>]*>', xml):
        if re.search(r'\bname="([^"]*)"', tag).group(1) == name:
            rid = re.search(r'\br:id="([^"]*)"', tag).group(1)
            rel = re.search(r'<Relationship\b[^>]*\bId="%s"[^>]*>' % re.escape(rid), rels).group(0)
            target = re.search(r'Target="([^"]+)"', rel).group(1)
            return target.lstrip("/") if target.startswith("/") else os.path.normpath(os.path.join(os.path.dirname(wbpart), target))
    raise Failure(f"{path}: no sheet '{name}'")


def check_json(path):
    r = impact("check", path, "--json")
    if r.returncode not in (0, 1):
        raise Failure(f"impact check --json {path}: exit {r.returncode}: {r.stderr}")
    return json.loads(r.stdout)


def test_writeback_columns_sheet():
    """The proposed Impact Columns sheet: one row per column used, read back to the same roles with no warning,
    and from then on the coordinator's: the next run leaves its part byte for byte as it was."""
    c = Checks()
    with tempfile.TemporaryDirectory() as d:
        wb = os.path.join(d, "y.xlsx")
        shutil.copyfile(os.path.join(ARGS.samples, "york-masterclasses.xlsx"), wb)
        before = check_json(wb)
        used = [(s["name"], col["column"], col["role"]) for s in before["sheets"] for col in s.get("columns", []) if col["role"]]
        r = impact("report", wb, "--no-pdf")
        c.check(r.returncode in (0, 1), f"exit {r.returncode}: {r.stderr}")
        names = sheet_names(wb)
        c.check(names.count("Impact Columns") == 1 and names.index("Impact Columns") < names.index("Impact Summary"),
                f"Impact Columns not once before Impact's sheets: {names}")
        after = check_json(wb)
        sheet = next((s for s in after["sheets"] if s["name"] == "Impact Columns"), None)
        c.check(sheet is not None and sheet["kind"] == "columns" and sheet["rows"] == len(used),
                f"Impact Columns read as {sheet}, {len(used)} columns used")
        c.check(not [i for i in after["issues"] if i["rule"].startswith("columns-")],
                "reading back what Impact wrote raised " + str([i["message"] for i in after["issues"] if i["rule"].startswith("columns-")]))
        roles = [(s["name"], col["column"], col["role"], col["source"]) for s in after["sheets"] for col in s.get("columns", [])
                 if (s["name"], col["column"], col["role"]) in used]
        # Rows that say what Impact guesses anyway confirm the guess: the roles are the same and
        # stay guesses (a role the coordinator changes is theirs: writeback_columns_coordinator).
        c.check(len(roles) == len(used) and all(x[3] == "guessed" for x in roles),
                f"the roles read back: {roles[:5]}... expected {len(used)} roles as guessed")
        part = sheet_part(wb, "Impact Columns")
        first = zip_parts(wb)[part]
        r = impact("report", wb, "--no-pdf")
        c.check(r.returncode in (0, 1), f"second run: exit {r.returncode}: {r.stderr}")
        c.check(sheet_names(wb) == names, f"second run: sheets {names} -> {sheet_names(wb)}")
        again = zip_parts(wb)[sheet_part(wb, "Impact Columns")]
        c.check(again[0] == first[0] and again[2] == first[2], "second run: the Impact Columns part's bytes changed")
    c.done()


def add_columns_sheet(path, rows):
    """Adds the coordinator's own "Impact Columns" sheet (header row, then `rows`) to the workbook at `path`."""
    script = r'''
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.create_sheet("Impact Columns")
ws.append(["Sheet", "Column", "Header", "Role", "Reason"])
for row in json.loads(sys.argv[2]): ws.append(row)
wb.save(sys.argv[1])
'''
    r = subprocess.run([ARGS.python, "-c", script, path, json.dumps(rows)], capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure("adding the Impact Columns sheet failed: " + r.stderr)


def survey_figures(path):
    r = impact("analyse", path, "--json")
    if r.returncode not in (0, 1):
        raise Failure(f"impact analyse --json {path}: exit {r.returncode}: {r.stderr}")
    return [(i["n_before"], i["n_after"]) for cat in json.loads(r.stdout)["categories"] for i in cat["indicators"]
            if i["sheet"] == "Pupil survey"]


def test_writeback_columns_coordinator():
    """A workbook with the coordinator's own Impact Columns sheet: report copies it byte for byte and proposes no
    other, and the role they set there (the survey's timepoint column ignored) changes the figures."""
    c = Checks()
    with tempfile.TemporaryDirectory() as d:
        plain, own = os.path.join(d, "plain.xlsx"), os.path.join(d, "own.xlsx")
        make_small_workbook(plain)
        shutil.copyfile(plain, own)
        add_columns_sheet(own, [["Pupil survey", "C", "Before / after", "ignore", "not a timepoint after all"]])
        original = os.path.join(d, "original.xlsx")
        shutil.copyfile(own, original)
        r = impact("report", own, "--no-pdf")
        c.check(r.returncode in (0, 1), f"exit {r.returncode}: {r.stderr}")
        compare_package(original, own, c, "own Impact Columns")
        added = sheet_names(own)[len(sheet_names(original)):]
        c.check("Impact Columns" not in added and not any(n.startswith("Impact Columns") for n in added),
                f"another Impact Columns sheet was proposed: {added}")
        guessed, ignored = survey_figures(plain), survey_figures(own)
        c.check(guessed and guessed[0][0] == 8, f"the survey's figures without the sheet: {guessed}")
        c.check(ignored and ignored[0][0] != guessed[0][0],
                f"n_before {ignored} with the timepoint column ignored, {guessed} without: the coordinator's role is not used")
    c.done()


def test_writeback_corpus_bytes():
    c = Checks()
    st = state()
    if not st["corpus"]:
        raise Skip("the corpus is not available")
    for name, run in st["corpus"].items():
        c.check(run["rc"] in (0, 1), f"{name}: exit {run['rc']}: {run['stderr']}")
        a, _ = compare_package(os.path.join(ARGS.corpus, name), work("corpus", name), c, name)
        original = sheet_names(os.path.join(ARGS.corpus, name))
        result = sheet_names(work("corpus", name))
        c.check(result[:len(original)] == original, f"{name}: sheets {original} -> {result}")
        c.check(all(s in result for s in IMPACT_SHEETS), f"{name}: Impact sheets missing: {result}")
        stem, ext = os.path.splitext(name)
        with open(work("corpus", stem + ".backup" + ext), "rb") as f1, open(os.path.join(ARGS.corpus, name), "rb") as f2:
            c.check(f1.read() == f2.read(), f"{name}: backup differs from the original")
    c.check(len(st["corpus"]) >= 3, f"only {len(st['corpus'])} corpus files found")
    c.done()


def test_writeback_libreoffice():
    c = Checks()
    st = state()
    files = [work("a", s + ".xlsx") for s in CLEAN] + [work("corpus", n) for n in st["corpus"]]
    with tempfile.TemporaryDirectory(prefix="report-lo-") as out:
        r = soffice_csv(files, out)
        c.check(r.returncode == 0, f"soffice exit {r.returncode}: {r.stderr}")
        made = set(os.listdir(out))
        for f in files:
            stem = os.path.splitext(os.path.basename(f))[0]
            for sheet in sheet_names(f):
                c.check(f"{stem}-{sheet}.csv" in made, f"{os.path.basename(f)}: LibreOffice did not export sheet '{sheet}'")
        york = os.path.join(out, "york-masterclasses-Impact Summary.csv")
        if c.check(os.path.exists(york), "no York Impact Summary CSV"):
            text = open(york, encoding="utf-8").read()
            pupils = st["analyse"]["york-masterclasses"]["reach"]["pupils"]
            c.check(re.search(rf"^Pupils[^,\n]*,{pupils}(,|$)", text, re.M) is not None,
                    f"York Impact Summary as LibreOffice reads it lacks the pupils figure {pupils}: {text[:400]}")
            total = st["analyse"]["york-masterclasses"]["funding"]["total"]
            c.check(re.search(rf"^Total contributions,{total:g}(,|$)", text, re.M) is not None, "York total contributions not in the summary")
    c.done()


# ---------------------------------------------------------------------------------------------
# Running one test

def add_arguments(p):
    p.add_argument("--source", required=True, help="the project's source folder")
    p.add_argument("--samples", required=True)
    p.add_argument("--corpus")
    p.add_argument("--soffice")
    p.add_argument("--python", default=sys.executable, help="a Python with openpyxl")


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments, commands={"setup": setup}))
