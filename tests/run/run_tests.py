#!/usr/bin/python3
"""End-to-end tests of `impact run`, `impact run --setup` and `impact shortcut` (tests/run).

Each test works in its own folder under --work: a temporary HOME and XDG_CONFIG_HOME, copies of the
samples, and a fake `xdg-open` first on PATH that records its arguments (the desktop's opener cannot
run here: it stands in for it). Usage: run_tests.py --impact PATH --samples DIR --work DIR TEST
"""
import configparser
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import ssl
import stat
import subprocess
import sys
import time

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Checks, Skip, require, run_main  # noqa: E402

IMPACT_SHEETS = ["Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding", "Impact Data Issues"]
CLEAN = ["york-masterclasses", "bristol-events", "science-cpd"]
ARGS = None


class Sandbox:
    """A fresh HOME, config folder, fake opener and copies of the samples for one test."""

    def __init__(self, name):
        self.root = os.path.join(ARGS.work, name)
        shutil.rmtree(self.root, ignore_errors=True)
        self.home = os.path.join(self.root, "home")
        self.config = os.path.join(self.root, "config")
        self.bin = os.path.join(self.root, "bin")
        self.books = os.path.join(self.root, "books")
        for d in (self.home, self.config, self.bin, self.books):
            os.makedirs(d)
        self.opener_log = os.path.join(self.root, "opened.txt")
        opener = os.path.join(self.bin, "xdg-open")
        with open(opener, "w") as f:
            f.write('#!/bin/sh\nprintf "%s\\n" "$@" >> "$FAKE_OPENER_LOG"\n')
        os.chmod(opener, 0o755)
        self.settings = os.path.join(self.config, "impact", "impact.ini")
        self.log = os.path.join(self.config, "impact", "impact.log")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "TERM"}
        self.env.update(HOME=self.home, XDG_CONFIG_HOME=self.config, PATH=self.bin + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
                        FAKE_OPENER_LOG=self.opener_log, SOURCE_DATE_EPOCH="1767225600")

    def book(self, sample, name=None):
        path = os.path.join(self.books, (name or sample) + ".xlsx")
        shutil.copyfile(os.path.join(ARGS.samples, sample + ".xlsx"), path)
        return path

    def impact(self, *argv, stdin="", cwd=None):
        return subprocess.run([ARGS.impact, *argv], input=stdin, capture_output=True, text=True, env=self.env,
                              cwd=cwd or self.root, timeout=170)

    def write_settings(self, text, path=None):
        path = path or self.settings
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def opened(self, wait=5.0):
        """What the fake opener was asked to open (it is not waited for: give it a moment)."""
        deadline = time.time() + wait
        while time.time() < deadline and not os.path.exists(self.opener_log):
            time.sleep(0.05)
        time.sleep(0.2)
        if not os.path.exists(self.opener_log):
            return []
        with open(self.opener_log) as f:
            return f.read().splitlines()


def sheets(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb.sheetnames
    finally:
        wb.close()


def pdfs(folder):
    if not os.path.isdir(folder):
        return []
    return sorted(f for f in os.listdir(folder) if f.endswith(".pdf"))


def default_folder(book):
    return os.path.join(os.path.dirname(book), os.path.splitext(os.path.basename(book))[0] + " - Impact reports")


def analyse_json(path):
    import json
    r = subprocess.run([ARGS.impact, "analyse", "--json", path], capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def check_json(path):
    import json
    r = subprocess.run([ARGS.impact, "check", "--json", path], capture_output=True, text=True)
    return json.loads(r.stdout)


def money(x):
    return f"£{x:,.2f}"


def personal_names(sample):
    """Pupils' and respondents' names in the sample: the cells under a 'Pupil name' / 'Name' header."""
    names = set()
    wb = openpyxl.load_workbook(os.path.join(ARGS.samples, sample + ".xlsx"), read_only=True)
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        for r, row in enumerate(rows[:5]):
            for c, v in enumerate(row):
                if isinstance(v, str) and v.strip().lower() in ("pupil name", "name", "pupil", "respondent"):
                    for below in rows[r + 1:]:
                        if c < len(below) and isinstance(below[c], str) and len(below[c].strip()) >= 3:
                            names.add(below[c].strip())
    wb.close()
    return names


def check_made_not_opened(c, sb, r, folder, why, wait=1.5):
    """The run `r` succeeded and made the reports in `folder`, and (because of `why`) did not open it."""
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    c.check(len(pdfs(folder)) >= 2, f"no PDFs in {folder}: {pdfs(folder)}")
    c.check(sb.opened(wait=wait) == [], f"{why} still opened {sb.opened(0)}")


def setup_and_run(sb, sample="york-masterclasses", *run_args):
    book = sb.book(sample)
    r = sb.impact("run", "--setup", book)
    assert r.returncode == 0, r.stderr
    return book, sb.impact("run", *run_args)


# ---------------------------------------------------------------- settings


def test_no_settings():
    c = Checks()
    sb = Sandbox("no_settings")
    r = sb.impact("run")
    c.check(r.returncode == 2, f"exit {r.returncode}, not 2")
    c.check(sb.settings in r.stderr, f"the message does not name {sb.settings}: {r.stderr}")
    c.check("impact run --setup" in r.stderr, f"the message does not say how to make one: {r.stderr}")
    c.done()


def test_no_settings_config():
    c = Checks()
    sb = Sandbox("no_settings_config")
    other = os.path.join(sb.root, "elsewhere", "mine.ini")
    r = sb.impact("run", "--config", other)
    c.check(r.returncode == 2, f"exit {r.returncode}, not 2")
    c.check(other in r.stderr, f"the message does not name {other}: {r.stderr}")
    c.check("--setup" in r.stderr and "--config" in r.stderr, f"the message does not give the --setup --config line: {r.stderr}")
    # Once made there, the summary's send hint carries the same --config.
    book = sb.book("york-masterclasses")
    c.check(sb.impact("run", "--setup", book, "--config", other).returncode == 0, "--setup --config failed")
    r = sb.impact("run", "--config", other, "--no-open")
    c.check(f"'impact send --config \"{other}\" --dry-run'" in r.stdout, f"the send hint lacks --config: {r.stdout}")
    c.done()


def test_setup_writes_settings():
    c = Checks()
    sb = Sandbox("setup_writes_settings")
    book = sb.book("york-masterclasses")
    # A relative name, from the workbook's folder: the settings must hold the absolute path.
    r = sb.impact("run", "--setup", os.path.basename(book), cwd=sb.books)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    c.check(os.path.isfile(sb.settings), f"no settings file at {sb.settings}")
    if not os.path.isfile(sb.settings):
        c.done()
    mode = stat.S_IMODE(os.stat(sb.settings).st_mode)
    c.check(mode == 0o600, f"settings file mode {oct(mode)}, not 0600")
    ini = configparser.ConfigParser(inline_comment_prefixes=None, comment_prefixes=(";",))
    ini.read(sb.settings)
    c.check(ini.get("impact", "workbook", fallback="") == book, f"workbook = {ini.get('impact', 'workbook', fallback='')!r}, not {book!r}")
    c.check(ini.get("impact", "open_folder", fallback="") == "yes", "open_folder is not 'yes'")
    c.check(ini.has_section("mail"), "no [mail] section")
    c.check(ini.has_section("mail") and not ini.options("mail"), f"[mail] has live keys: {ini.options('mail') if ini.has_section('mail') else ''}")
    text = open(sb.settings).read()
    for key in ("host", "port", "tls", "user", "from"):
        c.check(re.search(rf"^;\s*{key}\s*=", text, re.M), f"[mail] has no commented example for {key}")
    c.check(not re.search(r"^[;\s]*(password|pass|smtp_password)\s*=", text, re.M | re.I), "the settings have a password key")
    c.check("impact shortcut install" in r.stderr, f"setup does not say what to do next: {r.stderr}")
    # And the settings written are ones `run` accepts (the workbook is unchanged by --setup).
    c.check(sheets(book) == sheets(os.path.join(ARGS.samples, "york-masterclasses.xlsx")), "--setup changed the workbook")
    c.done()


def test_setup_refuses_overwrite():
    c = Checks()
    sb = Sandbox("setup_refuses_overwrite")
    york, bristol = sb.book("york-masterclasses"), sb.book("bristol-events")
    c.check(sb.impact("run", "--setup", york).returncode == 0, "first --setup failed")
    before = open(sb.settings).read()
    r = sb.impact("run", "--setup", bristol)
    c.check(r.returncode == 2, f"second --setup: exit {r.returncode}, not 2")
    c.check("--force" in r.stderr and sb.settings in r.stderr, f"the refusal does not name the file and --force: {r.stderr}")
    c.check(open(sb.settings).read() == before, "the settings file changed without --force")
    r = sb.impact("run", "--setup", bristol, "--force")
    c.check(r.returncode == 0, f"--setup --force: exit {r.returncode}: {r.stderr}")
    c.check(f"workbook = {bristol}\n" in open(sb.settings).read(), "--force did not write the new workbook")
    c.check(stat.S_IMODE(os.stat(sb.settings).st_mode) == 0o600, "the replaced settings file is not 0600")
    c.done()


def test_setup_unreadable_workbook():
    c = Checks()
    sb = Sandbox("setup_unreadable_workbook")
    fake = os.path.join(sb.books, "notes.xlsx")
    with open(fake, "w") as f:
        f.write("not a workbook\n")
    r = sb.impact("run", "--setup", fake)
    c.check(r.returncode == 2, f"text file as workbook: exit {r.returncode}, not 2")
    c.check("notes.xlsx" in r.stderr, f"the message does not name the file: {r.stderr}")
    missing = os.path.join(sb.books, "missing.xlsx")
    r = sb.impact("run", "--setup", missing)
    c.check(r.returncode == 2, f"missing workbook: exit {r.returncode}, not 2")
    c.check("missing.xlsx" in r.stderr, f"the message does not name the missing file: {r.stderr}")
    c.check(not os.path.exists(sb.settings), "a settings file was written for a workbook that cannot be read")
    c.done()


def test_settings_errors():
    c = Checks()
    sb = Sandbox("settings_errors")
    book = sb.book("york-masterclasses")
    sb.write_settings("[impact]\noutput = /tmp\n")
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 2, f"no workbook key: exit {r.returncode}, not 2")
    c.check(sb.settings in r.stderr and "workbook" in r.stderr, f"the message does not name the file and key: {r.stderr}")
    sb.write_settings(f"[impact]\nworkbook = {book}\nopen_folder = perhaps\n")
    r = sb.impact("run")
    c.check(r.returncode == 2, f"open_folder = perhaps: exit {r.returncode}, not 2")
    c.check("open_folder" in r.stderr and sb.settings in r.stderr, f"the message does not name open_folder: {r.stderr}")
    c.check("Impact Summary" not in sheets(book), "the workbook was changed despite bad settings")
    r = sb.impact("run", book)
    c.check(r.returncode == 2 and "--setup" in r.stderr, f"run WORKBOOK: exit {r.returncode}: {r.stderr}")
    c.done()


def test_inline_comments():
    """The settings as the shared contract shows them: comments after values, a [mail] section."""
    c = Checks()
    sb = Sandbox("inline_comments")
    book = sb.book("york-masterclasses", "Partnership 2025-26")
    out = os.path.join(sb.root, "reports")
    sb.write_settings(f"""[impact]
workbook = {book}   ; the workbook; more as workbook2, workbook3, ...
output = {out}     ; optional; default: "NAME - Impact reports" beside each workbook
governors_template =         ; optional template files
funder_template =
threshold =                  ; optional small-number threshold (as --threshold)
open_folder = no            ; open the output folder when done
[mail]
host = smtp.example.org
port = 587
tls = starttls               ; starttls | tls | none
user = coordinator@example.org
from = Sam Coordinator <coordinator@example.org>
""")
    check_made_not_opened(c, sb, sb.impact("run"), out, "open_folder = no (with a comment after it)", wait=1.0)
    c.done()


# ---------------------------------------------------------------- running


def test_run_clean():
    c = Checks()
    sb = Sandbox("run_clean")
    book, r = setup_and_run(sb, "york-masterclasses", "--no-open")
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    names = sheets(book)
    for s in IMPACT_SHEETS:
        c.check(s in names, f"sheet '{s}' not in the workbook: {names}")
    folder = default_folder(book)
    files = pdfs(folder)
    c.check(sum("Governors" in f for f in files) == 1 and len(files) >= 2, f"PDFs in {folder}: {files}")
    c.check(os.path.isfile(os.path.join(os.path.dirname(book), "york-masterclasses.backup.xlsx")), "no backup beside the workbook")
    c.check(folder in r.stdout, f"the summary does not say where the PDFs are ({folder}): {r.stdout}")
    c.check("To email the 6 funders their reports: 'impact send --dry-run'" in r.stdout,
            f"the summary does not point to the next step for York's 6 funders: {r.stdout}")
    c.check(os.path.isfile(sb.log), f"no log at {sb.log}")
    if os.path.isfile(sb.log):
        log = open(sb.log).read()
        c.check(stat.S_IMODE(os.stat(sb.log).st_mode) == 0o600, "the log is not 0600")
        c.check(re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", log, re.M), "log lines have no timestamp")
        c.check("step 1/5" in log and "step 5/5" in log, "the log does not record the steps")
        for f in files:
            c.check(f in log, f"the log does not name {f}")
        c.check("run finished: exit 0" in log, "the log does not record the exit code")
    c.check(sb.log in r.stderr, "the output does not say where the log is")
    # A second run replaces Impact's sheets (no "(2)" copies) and appends to the log.
    r2 = sb.impact("run", "--no-open")
    c.check(r2.returncode == 0, f"second run: exit {r2.returncode}")
    c.check(sheets(book).count("Impact Summary") == 1 and not any("(2)" in s for s in sheets(book)), f"second run: {sheets(book)}")
    c.check(open(sb.log).read().count("run started") == 2, "the log was not appended to")
    c.done()


def test_run_figures_match_analyse():
    c = Checks()
    sb = Sandbox("run_figures_match_analyse")
    books = [sb.book(s) for s in CLEAN]
    sb.write_settings("[impact]\n" + "".join(f"workbook{'' if i == 0 else i + 1} = {b}\n" for i, b in enumerate(books)))
    expected = {s: analyse_json(os.path.join(ARGS.samples, s + ".xlsx")) for s in CLEAN}
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    # Each workbook's block starts with its file name.
    blocks = re.split(r"^(?=\S+\.xlsx$)", r.stdout, flags=re.M)
    for s in CLEAN:
        block = next((b for b in blocks if b.startswith(s + ".xlsx")), "")
        c.check(block, f"no summary block for {s}")
        reach, funding = expected[s]["reach"], expected[s]["funding"]
        pupils = "not counted" if reach["pupils"] is None else str(reach["pupils"])
        c.check(f"Pupils: {pupils}" in block, f"{s}: 'Pupils: {pupils}' not in {block!r}")
        c.check(f"Schools: {reach['schools']}" in block, f"{s}: schools {reach['schools']} not in the summary")
        c.check(f"Sessions: {reach['sessions']}" in block, f"{s}: sessions {reach['sessions']} not in the summary")
        att = reach["attendances"]
        att = str(int(att)) if float(att).is_integer() else str(att)
        c.check(f"Attendances: {att}" in block, f"{s}: attendances {att} not in the summary")
        c.check(f"Funding: {money(funding['total'])}" in block, f"{s}: funding {money(funding['total'])} not in the summary")
        with_evidence = [cat for cat in expected[s]["categories"] if cat["evidence"] != "none"]
        c.check(f"Categories with evidence: {len(with_evidence)} of 6" in block, f"{s}: {len(with_evidence)} categories with evidence not in the summary")
        for cat in with_evidence:
            c.check(re.search(rf"^\s+{cat['id']} .*: {cat['evidence']}$", block, re.M), f"{s}: category {cat['id']} ({cat['evidence']}) not listed")
        counts = expected[s]["counts"]
        c.check(f"Issues: {counts['error']} error" in block and f"{counts['warning']} warning" in block,
                f"{s}: issue counts {counts} not in the summary")
        for issue in expected[s]["issues"]:
            if issue["severity"] == "warning" and issue["cell"]:
                c.check(f"{issue['sheet']}!{issue['cell']}" in block, f"{s}: warning at {issue['sheet']}!{issue['cell']} not listed")
    c.done()


def test_log_has_no_pupil_names():
    c = Checks()
    sb = Sandbox("log_has_no_pupil_names")
    samples = ["york-masterclasses", "science-cpd", "mistakes"]
    books = [sb.book(s) for s in samples]
    sb.write_settings("[impact]\n" + "".join(f"workbook{'' if i == 0 else i + 1} = {b}\n" for i, b in enumerate(books)))
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 1, f"exit {r.returncode} (mistakes.xlsx has errors: 1 expected)")
    names = set().union(*(personal_names(s) for s in samples))
    c.check(len(names) >= 50, f"only {len(names)} names found in the samples: the test would prove little")
    log = open(sb.log).read() if os.path.isfile(sb.log) else ""
    c.check(log.count("issue: error") >= 5, "the log does not list mistakes.xlsx's errors")
    found = sorted(n for n in names if n.lower() in log.lower())
    c.check(not found, f"pupil names in the log: {found[:10]}")
    c.done()


def test_opener_called():
    c = Checks()
    sb = Sandbox("opener_called")
    book, r = setup_and_run(sb)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    opened = sb.opened()
    c.check(opened == [default_folder(book)], f"the opener was called with {opened}, not [{default_folder(book)}]")
    # No opener on PATH at all: a warning, the same exit code.
    os.remove(os.path.join(sb.bin, "xdg-open"))
    sb.env["PATH"] = sb.bin
    r = sb.impact("run")
    c.check(r.returncode == 0, f"without an opener: exit {r.returncode}, not 0: {r.stderr}")
    c.check("warning" in r.stderr and "xdg-open" in r.stderr, f"no warning about the missing opener: {r.stderr}")
    c.done()


def test_no_open_flag():
    c = Checks()
    sb = Sandbox("no_open_flag")
    book, r = setup_and_run(sb, "york-masterclasses", "--no-open")
    check_made_not_opened(c, sb, r, default_folder(book), "--no-open")
    c.done()


def test_open_folder_no():
    c = Checks()
    sb = Sandbox("open_folder_no")
    book = sb.book("york-masterclasses")
    sb.write_settings(f"[impact]\nworkbook = {book}\nopen_folder = no\n")
    check_made_not_opened(c, sb, sb.impact("run"), default_folder(book), "open_folder = no")
    c.done()


def test_mistakes_stop():
    c = Checks()
    sb = Sandbox("mistakes_stop")
    book, r = setup_and_run(sb, "mistakes")
    c.check(r.returncode == 1, f"exit {r.returncode}, not 1")
    errors = [i for i in check_json(os.path.join(ARGS.samples, "mistakes.xlsx"))["issues"] if i["severity"] == "error"]
    c.check(len(errors) >= 5, f"only {len(errors)} errors in mistakes.xlsx")
    for e in errors:
        place = f"{e['sheet']}!{e['cell']}" if e["cell"] else e["sheet"]
        c.check(re.search(rf"^\s+error\s+{re.escape(place)}\s", r.stdout, re.M), f"error at {place} ({e['rule']}) not listed: {r.stdout}")
    c.check("Impact Data Issues" in sheets(book), "no 'Impact Data Issues' sheet written")
    c.check(pdfs(default_folder(book)) == [], f"PDFs were made despite errors: {pdfs(default_folder(book))}")
    c.check("No PDF reports were made" in r.stdout, "the summary does not say the PDFs were not made")
    c.check(sb.opened(wait=1.0) == [], "the folder was opened though no reports were made")
    c.done()


def test_two_workbooks():
    c = Checks()
    sb = Sandbox("two_workbooks")
    york, bristol = sb.book("york-masterclasses"), sb.book("bristol-events")
    out = os.path.join(sb.root, "All reports")
    sb.write_settings(f"[impact]\nworkbook = {york}\nworkbook2 = {bristol}\noutput = {out}\n")
    r = sb.impact("run")
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    for b in (york, bristol):
        c.check("Impact Summary" in sheets(b), f"no summary sheets in {b}")
        sub = os.path.join(out, os.path.splitext(os.path.basename(b))[0])
        c.check(sum("Governors" in f for f in pdfs(sub)) == 1, f"no governors' brief in {sub}: {pdfs(sub)}")
    c.check(sb.opened() == [out], f"opened {sb.opened(0)}, not [{out}] once")
    c.check(r.stdout.index("york-masterclasses.xlsx") < r.stdout.index("bristol-events.xlsx"), "workbooks not in settings order")
    c.done()


def test_missing_workbook():
    c = Checks()
    sb = Sandbox("missing_workbook")
    york = sb.book("york-masterclasses")
    missing = os.path.join(sb.books, "Moved away.xlsx")
    sb.write_settings(f"[impact]\nworkbook = {york}\nworkbook2 = {missing}\n")
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 2, f"exit {r.returncode}, not 2")
    c.check(sb.settings in r.stderr and "workbook2" in r.stderr and missing in r.stderr,
            f"the message does not name the settings file, the key and the path: {r.stderr}")
    c.check("Impact Summary" not in sheets(york), "the other workbook was changed before the settings were found wrong")
    c.done()


def test_locked_workbook():
    c = Checks()
    sb = Sandbox("locked_workbook")
    book = sb.book("york-masterclasses")
    c.check(sb.impact("run", "--setup", book).returncode == 0, "--setup failed")
    with open(os.path.join(sb.books, "~$york-masterclasses.xlsx"), "wb") as f:
        f.write(b"\x0bSam Coordinator")
    before = open(book, "rb").read()
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 3, f"exit {r.returncode}, not 3")
    c.check("york-masterclasses.xlsx" in r.stderr and "close" in r.stderr.lower(), f"the message does not say to close it: {r.stderr}")
    c.check(open(book, "rb").read() == before, "the locked workbook was changed")
    c.check("exit 3" in open(sb.log).read(), "the log does not record the failure")
    c.done()


def test_unreadable_workbook():
    c = Checks()
    sb = Sandbox("unreadable_workbook")
    fake = os.path.join(sb.books, "Old format.xlsx")
    with open(fake, "wb") as f:
        f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    sb.write_settings(f"[impact]\nworkbook = {fake}\n")
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 2, f"exit {r.returncode}, not 2")
    c.check("Old format.xlsx" in r.stderr, f"the message does not name the file: {r.stderr}")
    c.done()


# ---------------------------------------------------------------- progress and --pause


def test_progress_plain():
    c = Checks()
    sb = Sandbox("progress_plain")
    _, r = setup_and_run(sb, "york-masterclasses", "--no-open")
    for i, what in enumerate(["Reading and checking the workbook", "Analysing the figures",
                              "Writing the summary sheets into the workbook", "Making the PDF reports", "Saving the PDF reports"], 1):
        c.check(f"Step {i}/5: {what}\n" in r.stderr, f"no plain line 'Step {i}/5: {what}' in {r.stderr!r}")
    c.check("\r" not in r.stderr and "\x1b" not in r.stderr, "terminal control characters in output that is not a terminal")
    c.done()


def test_progress_terminal():
    c = Checks()
    sb = Sandbox("progress_terminal")
    book = sb.book("york-masterclasses")
    c.check(sb.impact("run", "--setup", book).returncode == 0, "--setup failed")
    env = dict(sb.env, TERM="xterm")
    cmd = " ".join(shlex.quote(a) for a in [ARGS.impact, "run", "--no-open"])
    # `script` gives the program a pseudo-terminal, as a terminal window would.
    r = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, env=env, cwd=sb.root, timeout=170)
    out = r.stdout.decode("utf-8", "replace")
    c.check(r.returncode == 0, f"exit {r.returncode}: {out[-500:]}")
    c.check("\r[#####-----] 3/5 Writing the summary sheets into the workbook\x1b[K" in out,
            f"no redrawn bar for step 3/5 in {out[:600]!r}")
    c.check("\r[##########] 5/5 Done" in out, "no completed bar")
    c.check("Step 1/5" not in out, "plain step lines on a terminal")
    # Data errors: the bar stops at the write-back (step 3), not a misleading full bar.
    sb.write_settings(f"[impact]\nworkbook = {sb.book('mistakes')}\n")
    r = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, env=env, cwd=sb.root, timeout=170)
    out = r.stdout.decode("utf-8", "replace")
    c.check(r.returncode == 1, f"mistakes.xlsx: exit {r.returncode}, not 1")
    c.check("\r[#####-----] 3/5 Stopped: the data has errors" in out and "5/5" not in out, f"the bar does not stop at 3/5: {out[:600]!r}")
    c.done()


def wait_for(path, text, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if os.path.exists(path) and text in open(path, errors="replace").read():
            return True
        time.sleep(0.1)
    return False


def pause_case(sb, argv, expected_code, c, answer=None):
    """Runs with --pause; `answer` (bytes), if given, is typed at the first run's workbook question."""
    err = os.path.join(sb.root, "stderr.txt")
    with open(err, "w") as ferr:
        p = subprocess.Popen([ARGS.impact, *argv], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=ferr, env=sb.env, cwd=sb.root)
        if answer is not None:
            c.check(wait_for(err, "Drag your partnership workbook"), "no question for the workbook")
            p.stdin.write(answer)
            p.stdin.flush()
        c.check(wait_for(err, "Press Enter"), "no 'Press Enter' prompt")
        time.sleep(1.0)
        c.check(p.poll() is None, f"{argv}: ended before Enter was pressed (exit {p.poll()})")
        try:
            p.stdin.write(b"\n")
            p.stdin.close()
        except BrokenPipeError:
            c.check(False, f"{argv}: stdin was closed: the program did not read Enter")
        try:
            code = p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            code = None
    c.check(code == expected_code, f"{argv}: exit {code} after Enter, not {expected_code}")


def test_pause_waits():
    c = Checks()
    sb = Sandbox("pause_waits")
    book = sb.book("york-masterclasses")
    c.check(sb.impact("run", "--setup", book).returncode == 0, "--setup failed")
    pause_case(sb, ["run", "--pause", "--no-open"], 0, c)
    c.check(len(pdfs(default_folder(book))) >= 2, "the reports were not made before the pause")
    c.done()


def test_first_run_asks():
    """The shortcut's first run (--pause, no settings yet) asks for the workbook, writes the settings, reports."""
    c = Checks()
    sb = Sandbox("first_run_asks")
    book = sb.book("york-masterclasses", "My partnership 2025-26")
    # Dragged onto a console window, a path with spaces arrives in double quotes.
    pause_case(sb, ["run", "--pause", "--no-open"], 0, c, answer=b'"' + book.encode() + b'"  \r\n')
    c.check(os.path.exists(sb.settings), f"no settings file at {sb.settings}")
    if os.path.exists(sb.settings):
        c.check(book in open(sb.settings, encoding="utf-8").read(), "the settings do not name the workbook given")
    c.check(len(pdfs(default_folder(book))) >= 2, "the first run made no reports")
    err = open(os.path.join(sb.root, "stderr.txt"), encoding="utf-8").read()
    c.check("Wrote the settings to" in err and "impact shortcut install" not in err,
            f"the first run should say where the settings went and go straight on: {err[:600]}")
    # A second run uses those settings and asks nothing.
    r = sb.impact("run", "--no-open")
    c.check(r.returncode == 0 and "Drag your" not in r.stderr, f"the second run: exit {r.returncode}: {r.stderr[:400]}")
    c.done()


def test_pause_after_error():
    c = Checks()
    sb = Sandbox("pause_after_error")
    pause_case(sb, ["run", "--pause"], 2, c, answer=b"\n")        # no settings, and no workbook given
    c.check("impact run --setup" in open(os.path.join(sb.root, "stderr.txt")).read(),
            "with no workbook given, the message does not say how to make the settings")
    pause_case(sb, ["run", "--pause", "--bogus"], 2, c)           # a wrong command line
    c.done()


# ---------------------------------------------------------------- shortcuts


def desktop_exec_argv(value):
    """The Exec key's arguments, unquoted as the Desktop Entry specification says."""
    # String escapes first (\\ \s \n \t \r), then the Exec quoting.
    unesc = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(m.group(1), "\\" + m.group(1)), value)
    args, i = [], 0
    while i < len(unesc):
        if unesc[i] == " ":
            i += 1
            continue
        arg = ""
        if unesc[i] == '"':
            i += 1
            while unesc[i] != '"':
                if unesc[i] == "\\":
                    i += 1
                arg += unesc[i]
                i += 1
            i += 1
        else:
            while i < len(unesc) and unesc[i] != " ":
                arg += unesc[i]
                i += 1
        args.append(arg.replace("%%", "%"))
    return args


def desktop_entry(path):
    entry = {}
    for line in open(path, encoding="utf-8").read().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            entry[k] = v
    return entry


def validate_desktop(c, path):
    r = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
    # Not only valid: no warning and no hint either.
    c.check(r.returncode == 0 and not (r.stdout + r.stderr).strip(),
            f"desktop-file-validate {path}: {r.returncode} {r.stdout}{r.stderr}")


def test_shortcut_linux():
    c = Checks()
    sb = Sandbox("shortcut_linux")
    book = sb.book("york-masterclasses")
    c.check(sb.impact("run", "--setup", book).returncode == 0, "--setup failed")
    desktop = os.path.join(sb.home, "Desktop")
    r = sb.impact("shortcut", "install", "--desktop", desktop)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    path = os.path.join(desktop, "impact-reports.desktop")
    c.check(os.path.isfile(path), f"no {path}")
    if not os.path.isfile(path):
        c.done()
    c.check(stat.S_IMODE(os.stat(path).st_mode) == 0o755, f"mode {oct(stat.S_IMODE(os.stat(path).st_mode))}, not 0755")
    validate_desktop(c, path)
    entry = desktop_entry(path)
    c.check(entry.get("Terminal") == "true" and entry.get("Type") == "Application", f"entry: {entry}")
    argv = desktop_exec_argv(entry.get("Exec", ""))
    program = os.path.realpath(ARGS.impact)
    c.check(argv == [program, "run", "--pause", "--config", sb.settings], f"Exec arguments {argv}")
    # What a double-click runs, run here (with Enter fed to the pause).
    run = subprocess.run(argv, input="\n", capture_output=True, text=True, env=sb.env, timeout=170)
    c.check(run.returncode == 0, f"the shortcut's command: exit {run.returncode}: {run.stderr}")
    c.check("Press Enter" in run.stderr, "the shortcut's command does not wait for Enter")
    c.check("'impact send --dry-run'" in run.stdout, f"the default settings need no --config in the send hint: {run.stdout}")
    c.check(len(pdfs(default_folder(book))) >= 2, "the shortcut's command made no PDFs")
    # The desktop folder from xdg-user-dir's environment variable when --desktop is not given.
    other = os.path.join(sb.root, "Schreibtisch")
    env = dict(sb.env, XDG_DESKTOP_DIR=other)
    r = subprocess.run([ARGS.impact, "shortcut", "install"], capture_output=True, text=True, env=env)
    c.check(r.returncode == 0 and os.path.isfile(os.path.join(other, "impact-reports.desktop")), f"XDG_DESKTOP_DIR not used: {r.stderr}")
    c.done()


def test_shortcut_linux_quoting():
    """A program and settings path with spaces, quotes, $, %, a backslash and an apostrophe."""
    c = Checks()
    sb = Sandbox("shortcut_linux_quoting")
    odd = os.path.join(sb.root, "Sam's \"odd\" $HOME 100% \\ folder")
    os.makedirs(odd)
    program = os.path.join(odd, "impact")
    shutil.copy2(ARGS.impact, program)
    book = sb.book("york-masterclasses")
    settings = os.path.join(odd, "my settings.ini")
    c.check(sb.impact("run", "--setup", book, "--config", settings).returncode == 0, "--setup failed")
    desktop = os.path.join(sb.root, "desk")
    r = sb.impact("shortcut", "install", "--desktop", desktop, "--program", program, "--config", settings)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    path = os.path.join(desktop, "impact-reports.desktop")
    validate_desktop(c, path)
    argv = desktop_exec_argv(desktop_entry(path).get("Exec", ""))
    c.check(argv == [program, "run", "--pause", "--config", settings], f"Exec arguments {argv}")
    run = subprocess.run(argv, input="\n", capture_output=True, text=True, env=sb.env, timeout=170)
    c.check(run.returncode == 0, f"the shortcut's command: exit {run.returncode}: {run.stderr}")
    c.done()


def test_shortcut_remove():
    c = Checks()
    sb = Sandbox("shortcut_remove")
    desktop = os.path.join(sb.home, "Desktop")
    r = sb.impact("shortcut", "install", "--desktop", desktop)
    c.check(r.returncode == 0, f"install: exit {r.returncode}")
    c.check("no settings file yet" in r.stderr and "--setup" in r.stderr, f"no hint that the settings are missing: {r.stderr}")
    path = os.path.join(desktop, "impact-reports.desktop")
    c.check(os.path.isfile(path), "not installed")
    r = sb.impact("shortcut", "remove", "--desktop", desktop)
    c.check(r.returncode == 0 and not os.path.exists(path), f"remove: exit {r.returncode}, file still there: {os.path.exists(path)}")
    r = sb.impact("shortcut", "remove", "--desktop", desktop)
    c.check(r.returncode == 0 and "no Impact shortcut" in r.stderr, f"second remove: {r.returncode} {r.stderr}")
    r = sb.impact("shortcut", "install", "--platform", "beos")
    c.check(r.returncode == 2 and "--platform" in r.stderr, f"--platform beos: {r.returncode} {r.stderr}")
    c.done()


def test_shortcut_windows():
    """Windows cannot run here: the files are generated with --platform windows and checked as text."""
    c = Checks()
    sb = Sandbox("shortcut_windows")
    program = r"C:\Program Files\Impact\impact.exe"
    settings = os.path.join(sb.config, "impact", "impact.ini")
    desktop = r"C:\Users\Sam O'Neil\Desktop"
    r = sb.impact("shortcut", "install", "--platform", "windows", "--desktop", desktop, "--program", program)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    folder = os.path.dirname(settings)
    cmd_path, ps1_path = os.path.join(folder, "Impact reports.cmd"), os.path.join(folder, "make-shortcut.ps1")
    c.check(os.path.isfile(cmd_path) and os.path.isfile(ps1_path), f"files in {folder}: {os.listdir(folder) if os.path.isdir(folder) else []}")
    if not (os.path.isfile(cmd_path) and os.path.isfile(ps1_path)):
        c.done()
    cmd = open(cmd_path, "rb").read().decode()
    c.check(cmd.count("\r\n") == cmd.count("\n") and cmd.count("\n") >= 3, "the .cmd does not use CRLF line ends")
    c.check(f'"{program}" run --pause --config "{settings}"\r\n' in cmd, f"the .cmd does not run the program with --pause: {cmd!r}")
    c.check(cmd.startswith("@echo off"), "the .cmd does not start with @echo off")
    ps1 = open(ps1_path, "rb").read().decode()
    c.check("'C:\\Users\\Sam O''Neil\\Desktop'" in ps1, f"the desktop path is not quoted for PowerShell: {ps1!r}")
    c.check(f"$link.TargetPath = '{cmd_path}'" in ps1, "the .lnk does not point at the .cmd")
    c.check("'Impact reports.lnk'" in ps1 and "WScript.Shell" in ps1 and "$link.Save()" in ps1, "the script does not make a .lnk")
    c.check("powershell -NoProfile -ExecutionPolicy Bypass -File" in r.stderr, f"no next step for Windows: {r.stderr}")
    c.done()


def test_shortcut_macos():
    """macOS cannot run here: the .command is generated with --platform macos; being a POSIX sh
    script, it is also run by sh."""
    c = Checks()
    sb = Sandbox("shortcut_macos")
    book = sb.book("york-masterclasses")
    c.check(sb.impact("run", "--setup", book).returncode == 0, "--setup failed")
    desktop = os.path.join(sb.home, "Desktop")
    r = sb.impact("shortcut", "install", "--platform", "macos", "--desktop", desktop)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    path = os.path.join(desktop, "Impact reports.command")
    c.check(os.path.isfile(path), f"no {path}")
    if not os.path.isfile(path):
        c.done()
    c.check(stat.S_IMODE(os.stat(path).st_mode) == 0o755, "the .command is not 0755")
    text = open(path).read()
    program = os.path.realpath(ARGS.impact)
    c.check(text.startswith("#!/bin/sh\n"), "no #!/bin/sh line")
    c.check(f"'{program}' run --pause --config '{sb.settings}'" in text, f"the .command does not run the program with --pause: {text}")
    c.check(subprocess.run(["sh", "-n", path]).returncode == 0, "sh -n finds a syntax error")
    run = subprocess.run([path], input="\n", capture_output=True, text=True, env=sb.env, timeout=170)
    c.check(run.returncode == 0 and "Press Enter" in run.stderr, f"running the .command: exit {run.returncode}: {run.stderr}")
    c.check(len(pdfs(default_folder(book))) >= 2, "the .command made no PDFs")
    c.done()


# ---------------------------------------------------------------- the login entry (--service)


def serve_health(c, argv, env, what):
    """Runs `argv` (a login entry's command) with `--port 0` appended, asks the service it starts for
    GET /api/health over HTTPS (trusting only the sandbox's CA), then stops it with SIGTERM.

    `--port 0` is the one thing added to what runs at login: the entry's own port, 8765, may be
    held by a real `impact serve` on this machine or by another test running at the same time.
    The argv itself is checked separately to be exactly [program, "serve"]."""
    proc = subprocess.Popen([*argv, "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"listening on https://localhost:(\d+)/", line)
        if not c.check(m is not None, f"{what}: the service did not start: {line!r}"):
            proc.kill()
            c.check(False, f"{what}: stderr: {proc.communicate(timeout=20)[1]}")
            return
        ca = os.path.join(env.get("XDG_CONFIG_HOME") or os.path.join(env["HOME"], ".config"), "impact", "certs", "ca.pem")
        conn = http.client.HTTPSConnection("localhost", int(m.group(1)), timeout=30, context=ssl.create_default_context(cafile=ca))
        conn.request("GET", "/api/health")
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        c.check(resp.status == 200 and "impact" in json.loads(body), f"{what}: /api/health answered {resp.status} {body!r}")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = "hung"
        c.check(code == 0, f"{what}: the service stopped with exit code {code} after SIGTERM")


def install_certificate(c, sb):
    r = sb.impact("serve", "--install-certificate")
    c.check(r.returncode == 0, f"serve --install-certificate: exit {r.returncode}: {r.stderr}")


def check_autostart_entry(c, path, program):
    """The XDG autostart entry at `path`: valid, background, enabled, and running exactly `program serve`."""
    if not c.check(os.path.isfile(path), f"no {path}"):
        c.done()
    validate_desktop(c, path)
    c.check(stat.S_IMODE(os.stat(path).st_mode) == 0o644, f"mode {oct(stat.S_IMODE(os.stat(path).st_mode))}, not 0644")
    entry = desktop_entry(path)
    for key, value in (("Type", "Application"), ("Terminal", "false"), ("NoDisplay", "true"), ("X-GNOME-Autostart-enabled", "true")):
        c.check(entry.get(key) == value, f"{key}={entry.get(key)}, not {value}")
    argv = desktop_exec_argv(entry.get("Exec", ""))
    c.check(argv == [program, "serve"], f"Exec arguments {argv}, not [{program!r}, 'serve']")
    return argv


def test_shortcut_service_linux():
    """The XDG autostart entry: where it goes, what it says, and that what it runs serves /api/health."""
    c = Checks()
    sb = Sandbox("shortcut_service_linux")
    program = os.path.realpath(ARGS.impact)
    path = os.path.join(sb.config, "autostart", "impact-serve.desktop")
    # No certificate yet: the entry is written all the same, and the output says what to run first.
    r = sb.impact("shortcut", "install", "--service")
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    c.check(f"Wrote {path}" in r.stderr, f"does not say what it wrote: {r.stderr}")
    c.check("no certificate" in r.stderr and "impact serve --install-certificate" in r.stderr, f"no certificate hint: {r.stderr}")
    c.check("start when you next log in; to start it now: impact serve" in r.stderr, f"no next step: {r.stderr}")
    argv = check_autostart_entry(c, path, program)
    c.check(not os.path.exists(os.path.join(sb.home, "Desktop")), "--service also made a desktop shortcut")
    # Without the certificate, what the entry runs stops at once with serve's own exit code 2.
    run = subprocess.run(argv, capture_output=True, text=True, env=sb.env, timeout=60)
    c.check(run.returncode == 2 and "--install-certificate" in run.stderr, f"serve without a certificate: {run.returncode} {run.stderr}")
    install_certificate(c, sb)
    r = sb.impact("shortcut", "install", "--service")
    c.check(r.returncode == 0 and "no certificate" not in r.stderr, f"with the certificate: {r.returncode} {r.stderr}")
    serve_health(c, argv, sb.env, "the autostart entry's command")
    # Without XDG_CONFIG_HOME: ~/.config/autostart.
    env = {k: v for k, v in sb.env.items() if k != "XDG_CONFIG_HOME"}
    r = subprocess.run([ARGS.impact, "shortcut", "install", "--service"], capture_output=True, text=True, env=env)
    default = os.path.join(sb.home, ".config", "autostart", "impact-serve.desktop")
    c.check(r.returncode == 0 and os.path.isfile(default), f"not in ~/.config/autostart without XDG_CONFIG_HOME: {r.stderr}")
    # --autostart DIR puts it elsewhere.
    other = os.path.join(sb.root, "elsewhere")
    r = sb.impact("shortcut", "install", "--service", "--autostart", other)
    c.check(r.returncode == 0 and os.path.isfile(os.path.join(other, "impact-serve.desktop")), f"--autostart not used: {r.stderr}")
    c.done()


def test_shortcut_service_linux_quoting():
    """A program path with spaces, double quotes, $, %, a backslash and an apostrophe, run from the Exec line."""
    c = Checks()
    sb = Sandbox("shortcut_service_linux_quoting")
    odd = os.path.join(sb.root, "Sam's \"odd\" $HOME 100% \\ folder")
    os.makedirs(odd)
    program = os.path.join(odd, "impact")
    shutil.copy2(ARGS.impact, program)
    install_certificate(c, sb)
    r = sb.impact("shortcut", "install", "--service", "--program", program)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    argv = check_autostart_entry(c, os.path.join(sb.config, "autostart", "impact-serve.desktop"), program)
    serve_health(c, argv, sb.env, "the odd path's Exec line")
    c.done()


def test_shortcut_service_macos():
    """macOS cannot run here: the LaunchAgent is generated with --platform macos and read with plistlib."""
    import plistlib
    c = Checks()
    sb = Sandbox("shortcut_service_macos")
    program = "/Applications/R&D <Impact> \"tools\" 'x'/impact"
    r = sb.impact("shortcut", "install", "--service", "--platform", "macos", "--program", program)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    path = os.path.join(sb.home, "Library", "LaunchAgents", "org.impact.serve.plist")
    if not c.check(os.path.isfile(path), f"no {path}"):
        c.done()
    c.check(f"launchctl load '{path}'" in r.stderr and "next log in" in r.stderr, f"no launchctl hint: {r.stderr}")
    c.check(stat.S_IMODE(os.stat(path).st_mode) == 0o644, f"mode {oct(stat.S_IMODE(os.stat(path).st_mode))}, not 0644")
    raw = open(path, "rb").read()
    c.check(b"R&amp;D &lt;Impact&gt;" in raw, f"& and < are not escaped: {raw!r}")
    with open(path, "rb") as f:
        plist = plistlib.load(f)
    log = os.path.join(sb.home, "Library", "Logs", "Impact", "serve.log")
    c.check(plist.get("Label") == "org.impact.serve", f"Label {plist.get('Label')}")
    c.check(plist.get("ProgramArguments") == [program, "serve"], f"ProgramArguments {plist.get('ProgramArguments')}")
    c.check(plist.get("RunAtLoad") is True and plist.get("KeepAlive") is False, f"RunAtLoad/KeepAlive: {plist}")
    c.check(plist.get("StandardOutPath") == log and plist.get("StandardErrorPath") == log, f"log paths: {plist}")
    c.check(os.path.isdir(os.path.dirname(log)), "the log folder was not made (launchd does not make it)")
    c.check(set(plist) == {"Label", "ProgramArguments", "RunAtLoad", "KeepAlive", "StandardOutPath", "StandardErrorPath"},
            f"unexpected keys: {sorted(plist)}")
    # A HOME with & in it reaches the log paths escaped too.
    home = os.path.join(sb.root, "Sam & Co <home>")
    os.makedirs(home)
    env = dict(sb.env, HOME=home)
    r = subprocess.run([ARGS.impact, "shortcut", "install", "--service", "--platform", "macos", "--program", program],
                       capture_output=True, text=True, env=env)
    other = os.path.join(home, "Library", "LaunchAgents", "org.impact.serve.plist")
    c.check(r.returncode == 0 and os.path.isfile(other), f"with an odd HOME: {r.returncode} {r.stderr}")
    if os.path.isfile(other):
        with open(other, "rb") as f:
            c.check(plistlib.load(f).get("StandardOutPath") == os.path.join(home, "Library", "Logs", "Impact", "serve.log"),
                    "the log path with & and < does not read back")
    # A control character cannot go in XML 1.0: refused as a wrong command line.
    r = sb.impact("shortcut", "install", "--service", "--platform", "macos", "--program", "/Apps/a\x01b/impact")
    c.check(r.returncode == 2, f"a control character in the path: exit {r.returncode} {r.stderr}")
    c.done()


def test_shortcut_service_windows():
    """Windows cannot run here: the Startup folder's .cmd is generated with --platform windows and checked as text."""
    c = Checks()
    sb = Sandbox("shortcut_service_windows")
    program = r"C:\Program Files\Impact 100%\impact.exe"
    appdata = os.path.join(sb.root, "AppData", "Roaming")
    env = dict(sb.env, APPDATA=appdata)
    r = subprocess.run([ARGS.impact, "shortcut", "install", "--service", "--platform", "windows", "--program", program],
                       capture_output=True, text=True, env=env)
    c.check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    path = os.path.join(appdata, "Microsoft", "Windows", "Start Menu", "Programs", "Startup", "Impact service.cmd")
    if not c.check(os.path.isfile(path), f"no {path}"):
        c.done()
    c.check("next log in" in r.stderr, f"no next step: {r.stderr}")
    cmd = open(path, "rb").read().decode()
    c.check(cmd.count("\r\n") == cmd.count("\n") and cmd.count("\n") >= 2, f"the .cmd does not use CRLF line ends: {cmd!r}")
    c.check(cmd.startswith("@echo off\r\n"), "the .cmd does not start with @echo off")
    # % is doubled: in a .cmd file %% is one %.
    c.check('\r\nstart "Impact" /min "C:\\Program Files\\Impact 100%%\\impact.exe" serve\r\n' in cmd,
            f"the .cmd does not start the service minimised: {cmd!r}")
    # --autostart DIR instead of %APPDATA%; without either, the error names --autostart.
    other = os.path.join(sb.root, "Startup")
    r = sb.impact("shortcut", "install", "--service", "--platform", "windows", "--program", program, "--autostart", other)
    c.check(r.returncode == 0 and os.path.isfile(os.path.join(other, "Impact service.cmd")), f"--autostart: {r.returncode} {r.stderr}")
    r = sb.impact("shortcut", "install", "--service", "--platform", "windows", "--program", program)
    c.check(r.returncode == 2 and "--autostart" in r.stderr, f"without %APPDATA%: {r.returncode} {r.stderr}")
    r = sb.impact("shortcut", "install", "--service", "--platform", "windows", "--program", 'C:\\a"b\\impact.exe', "--autostart", other)
    c.check(r.returncode == 2, f"a double quote in a Windows path: exit {r.returncode} {r.stderr}")
    c.done()


def listing(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


def test_shortcut_service_remove():
    """remove --service deletes the login entry and nothing else, on each platform; the options that
    belong to one kind of shortcut are refused with the other."""
    c = Checks()
    sb = Sandbox("shortcut_service_remove")
    desktop = os.path.join(sb.home, "Desktop")
    autostart = os.path.join(sb.config, "autostart")
    os.makedirs(autostart)
    with open(os.path.join(autostart, "someone-else.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Other\nExec=true\n")
    c.check(sb.impact("shortcut", "install", "--desktop", desktop).returncode == 0, "install (desktop shortcut) failed")
    c.check(not os.path.exists(os.path.join(autostart, "impact-serve.desktop")), "install without --service wrote the login entry")
    c.check(sb.impact("shortcut", "install", "--service").returncode == 0, "install --service failed")
    c.check(sb.impact("shortcut", "install", "--service", "--platform", "macos", "--program", "/Applications/impact").returncode == 0,
            "install --service --platform macos failed")
    startup = os.path.join(sb.root, "Startup")
    c.check(sb.impact("shortcut", "install", "--service", "--platform", "windows", "--program", r"C:\impact.exe",
                      "--autostart", startup).returncode == 0, "install --service --platform windows failed")
    log = os.path.join(sb.home, "Library", "Logs", "Impact", "serve.log")
    with open(log, "w") as f:
        f.write("the service's own log\n")
    before = listing(sb.root)

    removed = [os.path.join(autostart, "impact-serve.desktop"),
               os.path.join(sb.home, "Library", "LaunchAgents", "org.impact.serve.plist"),
               os.path.join(startup, "Impact service.cmd")]
    for argv, path, hint in ((["remove", "--service"], removed[0], "stops when you log out"),
                             (["remove", "--service", "--platform", "macos"], removed[1], "launchctl remove org.impact.serve"),
                             (["remove", "--service", "--platform", "windows", "--autostart", startup], removed[2], "'Impact' window")):
        r = sb.impact("shortcut", *argv)
        c.check(r.returncode == 0 and f"Removed {path}" in r.stderr, f"{argv}: {r.returncode} {r.stderr}")
        c.check("no longer start" in r.stderr and hint in r.stderr, f"{argv}: does not say what changed and how to stop it: {r.stderr}")
    after = listing(sb.root)
    gone = sorted(os.path.relpath(p, sb.root) for p in removed)
    c.check(sorted(set(before) - set(after)) == gone, f"removed {sorted(set(before) - set(after))}, expected {gone}")
    c.check(set(after) <= set(before), f"remove made files: {sorted(set(after) - set(before))}")
    r = sb.impact("shortcut", "remove", "--service")
    c.check(r.returncode == 0 and "no login entry" in r.stderr, f"second remove: {r.returncode} {r.stderr}")
    # The desktop shortcut's remove leaves a login entry alone.
    c.check(sb.impact("shortcut", "install", "--service").returncode == 0, "install --service failed")
    r = sb.impact("shortcut", "remove", "--desktop", desktop)
    c.check(r.returncode == 0 and not os.path.exists(os.path.join(desktop, "impact-reports.desktop")), f"remove: {r.stderr}")
    c.check(os.path.isfile(removed[0]), "remove without --service deleted the login entry")
    # One kind's options with the other kind: a wrong command line.
    for argv in (["install", "--service", "--config", sb.settings], ["install", "--service", "--desktop", desktop],
                 ["install", "--autostart", autostart], ["remove", "--autostart", autostart]):
        r = sb.impact("shortcut", *argv)
        c.check(r.returncode == 2, f"{argv}: exit {r.returncode}, not 2: {r.stderr}")
    c.done()


def test_whole_loop():
    """Issue 6's whole loop on a fresh HOME, each step as a coordinator types it, nothing named twice:
    init, fill in, run --setup, shortcut install, the shortcut's own command, send --dry-run, send
    to a real SMTP server on loopback (aiosmtpd), send again (nothing)."""
    import email
    import email.policy
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        raise Skip("python3-aiosmtpd is not installed")
    from harness import free_port
    c = Checks()
    sb = Sandbox("whole_loop")
    book = os.path.join(sb.books, "Partnership 2025-26.xlsx")
    r = sb.impact("init", book)
    require(r.returncode == 0, f"init: {r.returncode} {r.stderr}")
    # Filling it in: a second funder, with two addresses in the one cell.
    wb = openpyxl.load_workbook(book)
    ws = wb["Funders"]
    head = [str(h.value or "").strip().lower() for h in ws[1]]
    row = [None] * len(head)
    row[head.index("funder")], row[head.index("email")] = "Rotary Club of Riverside", "treasurer@rotary.example.org; Events <events@rotary.example.org>"
    ws.append(row)
    funders = [(str(v[head.index("funder")]), str(v[head.index("email")])) for v in ws.iter_rows(min_row=2, values_only=True) if v[0]]
    wb.save(book)
    c.check(len(funders) == 2, f"funders: {funders}")
    r = sb.impact("run", "--setup", book)
    require(r.returncode == 0 and os.path.isfile(sb.settings), f"run --setup: {r.returncode} {r.stderr}")
    desktop = os.path.join(sb.home, "Desktop")
    r = sb.impact("shortcut", "install", "--desktop", desktop)
    require(r.returncode == 0, f"shortcut install: {r.returncode} {r.stderr}")
    entry = desktop_entry(os.path.join(desktop, "impact-reports.desktop"))
    run = subprocess.run(desktop_exec_argv(entry.get("Exec", "")), input="\n", capture_output=True, text=True, env=sb.env, timeout=170)
    c.check(run.returncode == 0, f"the shortcut's command: {run.returncode} {run.stderr[-800:]}")
    folder = default_folder(book)
    made = pdfs(folder)
    c.check(len(made) == 3 and sum("Governors" in f for f in made) == 1, f"PDFs: {made}")
    c.check("'impact send --dry-run'" in run.stdout, f"the summary points to send: {run.stdout}")

    r = sb.impact("send", "--dry-run")
    drafts = sorted(f for f in os.listdir(folder) if f.endswith(".eml")) if os.path.isdir(folder) else []
    c.check(r.returncode == 0 and len(drafts) == 2, f"send --dry-run: {r.returncode} {drafts} {r.stderr}")

    class Sink:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = dict(sb.env, IMPACT_SMTP_HOST="127.0.0.1", IMPACT_SMTP_PORT=str(port), IMPACT_SMTP_TLS="none",
                   IMPACT_MAIL_FROM="Sam Coordinator <sam@example.org>")
        first = subprocess.run([ARGS.impact, "send"], capture_output=True, text=True, env=env, cwd=sb.root, timeout=170,
                               stdin=subprocess.DEVNULL)
        c.check(first.returncode == 0, f"send: {first.returncode} {first.stderr}")
        c.check(len(sink.messages) == 2, f"{len(sink.messages)} messages for 2 funders")
        got = sorted(sorted(m[0]) for m in sink.messages)
        want = sorted(sorted(e.strip().split("<")[-1].rstrip(">") for e in address.split(";")) for _, address in funders)
        c.check(got == want, f"recipients {got}, the funders sheet says {want}")
        for rcpts, content in sink.messages:
            msg = email.message_from_bytes(content, policy=email.policy.default)
            atts = list(msg.iter_attachments())
            c.check(len(atts) == 1 and atts[0].get_filename() in made, f"{rcpts}: attachment {[a.get_filename() for a in atts]}")
            if atts and atts[0].get_filename() in made:
                with open(os.path.join(folder, atts[0].get_filename()), "rb") as f:
                    c.check(atts[0].get_content() == f.read(), f"{rcpts}: the attachment is the PDF, byte for byte")
        log = os.path.join(folder, "Impact send log.csv")
        c.check(os.path.isfile(log) and len(open(log, encoding="utf-8").read().splitlines()) == 3, "the send log has a header and 2 rows")
        again = subprocess.run([ARGS.impact, "send"], capture_output=True, text=True, env=env, cwd=sb.root, timeout=170,
                               stdin=subprocess.DEVNULL)
        c.check(again.returncode == 0 and len(sink.messages) == 2, f"send again: {again.returncode}, {len(sink.messages)} messages")
    finally:
        controller.stop()
    c.done()


def add_arguments(p):
    p.add_argument("--samples", required=True)


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments))
