"""End-to-end tests of the LibreOffice Calc extension (addin/libreoffice, built as impact.oxt).

`setup` installs impact.oxt with unopkg for an unprivileged user (as root, through setpriv as
nobody: unopkg refuses per-user installs as root) in a fresh profile inside the work folder, starts
headless soffice three times (session a: IMPACT_BIN unset, then the program named in the settings
file; session b: IMPACT_BIN pointing nowhere; session c: impact on the PATH) and lets lo_driver.py
run the menu's entries through the script provider on copies of the samples, and on .ods/.xls
documents it makes from them with LibreOffice (the path through a temporary .xlsx copy). soffice is
killed on every path. What the driver saw is in WORK/results.json; every other subcommand is one test asserting on it (and on files and
`impact` itself). Real LibreOffice throughout: nothing is mocked.

Usage: lo_tests.py --impact BIN --oxt FILE --samples DIR --work DIR --version V [--soffice BIN] TEST
Exit codes: 0 pass, 1 fail, 77 skipped (no soffice / unopkg / python3-uno).
"""
import hashlib
import json
import os
import py_compile
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from xml.dom import minidom

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from harness import Failure, Skip, require, run_main  # noqa: E402

# Here every check ends the test at once: the steps after one read what it checked.
check = require


# ---------------------------------------------------------------------------------------------
# setup


def as_user():
    """CI runs as root; unopkg and soffice run as nobody (per-user installs are refused as root)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def env_for(a, extra):
    env = {"HOME": os.path.join(a.work, "home"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "TMPDIR": os.path.join(a.work, "tmp")}
    env.update(extra)
    return ["env", "-i"] + ["%s=%s" % kv for kv in env.items()]


def profile_url(a):
    return "file://" + os.path.join(a.work, "profile")


def processes_using(path):
    """Processes whose command line mentions path (our soffice, by its profile)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if path.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def stop(proc, profile):
    """Ends the soffice we started: its process group, politely then firmly; then anything left with our profile."""
    for sig, wait in ((None, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if sig is not None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    deadline = time.time() + 10
    while time.time() < deadline:
        left = [p for p in processes_using(profile) if p != os.getpid()]
        if not left:
            return
        for p in left:  # only processes started with our own, unique profile folder
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.2)


def run_session(a, name, extra_env, settings):
    pipe = "impact_lo_test_%d_%s" % (os.getpid(), name)
    soffice_log = open(os.path.join(a.work, "soffice-%s.log" % name), "wb")
    cmd = as_user() + env_for(a, extra_env) + [
        a.soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
        "-env:UserInstallation=" + profile_url(a), "--accept=pipe,name=%s;urp;" % pipe]
    proc = subprocess.Popen(cmd, stdout=soffice_log, stderr=subprocess.STDOUT, start_new_session=True)
    out = os.path.join(a.work, "session-%s.json" % name)
    try:
        driver = as_user() + env_for(a, {}) + [
            "/usr/bin/python3", os.path.join(HERE, "lo_driver.py"), "--pipe", pipe, "--work", a.work,
            "--session", name, "--impact", a.impact, "--settings", settings, "--out", out]
        done = subprocess.run(driver, capture_output=True, text=True, timeout=150)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            raise Failure("the driver of session %s failed (exit %d): %s" % (name, done.returncode, done.stderr[-2000:]))
    finally:
        stop(proc, os.path.join(a.work, "profile"))
        soffice_log.close()
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def setup(a):
    if not a.soffice or not shutil.which("unopkg"):
        raise Skip("LibreOffice (soffice, unopkg) is not installed")
    try:
        subprocess.run(["/usr/bin/python3", "-c", "import uno"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        raise Skip("python3-uno is not installed")
    started = time.time()
    shutil.rmtree(a.work, ignore_errors=True)
    for d in (a.work, os.path.join(a.work, "home"), os.path.join(a.work, "tmp")):
        os.makedirs(d)
        os.chmod(d, 0o777)
    copies = {"york-summary.xlsx": "york-masterclasses.xlsx", "york-reports.xlsx": "york-masterclasses.xlsx",
              "york-b.xlsx": "york-masterclasses.xlsx", "mistakes.xlsx": "mistakes.xlsx",
              "mistakes-reports.xlsx": "mistakes.xlsx", "science-check.xlsx": "science-cpd.xlsx",
              "science-edited.xlsx": "science-cpd.xlsx", "science-cpd.xlsx": "science-cpd.xlsx",
              "york-readonly.xlsx": "york-masterclasses.xlsx", "york-ods.xlsx": "york-masterclasses.xlsx",
              "mistakes-ods.xlsx": "mistakes.xlsx"}
    for copy, sample in copies.items():
        shutil.copyfile(os.path.join(a.samples, sample), os.path.join(a.work, copy))
        os.chmod(os.path.join(a.work, copy), 0o666)
    os.chmod(os.path.join(a.work, "york-readonly.xlsx"), 0o444)
    os.makedirs(os.path.join(a.work, "bin"))
    os.symlink(a.impact, os.path.join(a.work, "bin", "impact"))  # for session c: impact on the PATH
    oxt = os.path.join(a.work, "impact.oxt")
    shutil.copyfile(a.oxt, oxt)
    os.chmod(oxt, 0o644)

    # The unprivileged user must reach the program, the driver and the copies.
    for path, test in ((a.impact, "-x"), (os.path.join(HERE, "lo_driver.py"), "-r"), (oxt, "-r")):
        if subprocess.run(as_user() + ["test", test, path]).returncode != 0:
            raise Failure("%s cannot be read or run by the unprivileged user the test runs LibreOffice as (nobody): "
                       "build in a folder every user can read" % path)
    results = {}
    unopkg = as_user() + env_for(a, {}) + ["unopkg"]
    env_arg = "-env:UserInstallation=" + profile_url(a)
    try:
        t = time.time()
        add = subprocess.run(unopkg + ["add", "--suppress-license", env_arg, oxt], capture_output=True, text=True,
                             timeout=120)
        results["unopkg_add"] = {"code": add.returncode, "output": add.stdout + add.stderr,
                                 "seconds": round(time.time() - t, 3)}
        listed = subprocess.run(unopkg + ["list", env_arg], capture_output=True, text=True, timeout=120)
        results["unopkg_list"] = {"code": listed.returncode, "output": listed.stdout + listed.stderr}
    finally:
        stop_profile = os.path.join(a.work, "profile")
        for p in processes_using(stop_profile):  # unopkg leaves nothing behind, normally
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if add.returncode != 0:
        raise Failure("unopkg add failed: " + add.stdout + add.stderr)

    settings = os.path.join(a.work, "profile", "user", "impact", "impact-path.txt")
    t = time.time()
    results["a"] = run_session(a, "a", {}, settings)
    results["a"]["wall_seconds"] = round(time.time() - t, 3)
    t = time.time()
    results["b"] = run_session(a, "b", {"IMPACT_BIN": "/nonexistent/impact"}, settings)
    results["b"]["wall_seconds"] = round(time.time() - t, 3)
    t = time.time()
    results["c"] = run_session(a, "c", {"PATH": "/usr/bin:/bin:" + os.path.join(a.work, "bin")}, settings)
    results["c"]["wall_seconds"] = round(time.time() - t, 3)
    results["stray"] = processes_using(os.path.join(a.work, "profile"))
    results["setup_seconds"] = round(time.time() - started, 3)
    with open(os.path.join(a.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    print("setup took %.1f s (unopkg add %.1f s, sessions a %.1f s, b %.1f s, c %.1f s)" % (
        results["setup_seconds"], results["unopkg_add"]["seconds"], results["a"]["wall_seconds"],
        results["b"]["wall_seconds"], results["c"]["wall_seconds"]))
    return 0


# ---------------------------------------------------------------------------------------------
# helpers for the tests


def results(a):
    path = os.path.join(a.work, "results.json")
    check(os.path.exists(path), "no %s: addin_libreoffice.setup did not complete" % path)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def impact(a, *args):
    done = subprocess.run([a.impact] + list(args), capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def dump(a, workbook, sheet):
    code, out, err = impact(a, "dump", workbook, "--sheet", sheet, "--csv")
    check(code == 0, "impact dump %s --sheet %s failed: %s" % (workbook, sheet, err))
    return out


def cell_name(absolute):
    """LibreOffice's "$'Pupil survey'.$F$79" → "Pupil survey!F79"."""
    m = re.fullmatch(r"\$?'?(.*?)'?\.\$?([A-Z]+)\$?(\d+)", absolute or "")
    check(m is not None, "not a cell: %r" % absolute)
    return "%s!%s%s" % (m.group(1), m.group(2), m.group(3))


def every_result(r):
    for session in ("a", "b", "c"):
        for key, value in r[session].items():
            if isinstance(value, dict) and "status" in value:
                yield "%s.%s" % (session, key), value


IMPACT_SHEETS = ["Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding", "Impact Data Issues"]
# The sheets the engine proposes when the workbook has none, which are the coordinator's from then on.
PROPOSED_SHEETS = ["Indicators", "Impact Columns"]


# ---------------------------------------------------------------------------------------------
# the tests


def test_package(a):
    """impact.oxt holds what LibreOffice needs, well-formed, with the identifier and the project's version."""
    with zipfile.ZipFile(a.oxt) as z:
        names = z.namelist()
        check(z.testzip() is None, "a member of impact.oxt is damaged")
        for required in ("description.xml", "META-INF/manifest.xml", "Addons.xcu", "python/impact_calc.py"):
            check(required in names, "%s is missing from impact.oxt (has %s)" % (required, names))
        xml = {n: minidom.parseString(z.read(n)) for n in names if n.endswith((".xml", ".xcu"))}
        script = z.read("python/impact_calc.py").decode("utf-8")
    desc = xml["description.xml"]
    ident = desc.getElementsByTagName("identifier")
    check(len(ident) == 1 and ident[0].getAttribute("value") == "org.impact.calc", "identifier not org.impact.calc")
    version = desc.getElementsByTagName("version")
    check(len(version) == 1 and version[0].getAttribute("value") == a.version,
          "description.xml version is not the project version %s" % a.version)
    entries = {e.getAttribute("manifest:full-path"): e.getAttribute("manifest:media-type")
               for e in xml["META-INF/manifest.xml"].getElementsByTagName("manifest:file-entry")}
    check(entries.get("Addons.xcu") == "application/vnd.sun.star.configuration-data", "manifest: Addons.xcu")
    check(entries.get("python") == "application/vnd.sun.star.framework-script", "manifest: python scripts")
    for path in entries:
        check(path in names or any(n.startswith(path + "/") for n in names), "manifest names %s, not in the .oxt" % path)
    # Every menu URL names this package, this script, and a function the script exports.
    urls = [v.firstChild.data for v in xml["Addons.xcu"].getElementsByTagName("value")
            if v.firstChild is not None and v.firstChild.data.startswith("vnd.sun.star.script:")]
    check(len(urls) == 3, "Addons.xcu has %d script entries, not 3" % len(urls))
    exported = re.search(r"g_exportedScripts = \(([^)]*)\)", script).group(1).replace(" ", "").split(",")
    for url in urls:
        m = re.fullmatch(r"vnd\.sun\.star\.script:impact\.oxt\|python\|impact_calc\.py\$(\w+)\?language=Python"
                         r"&location=user:uno_packages", url)
        check(m is not None, "unexpected script URL %s" % url)
        check(m.group(1) in exported, "%s is not exported by impact_calc.py" % m.group(1))
    compiled = os.path.join(a.work + "-compile", "impact_calc.pyc")
    os.makedirs(os.path.dirname(compiled), exist_ok=True)
    src = os.path.join(os.path.dirname(compiled), "impact_calc.py")
    with open(src, "w", encoding="utf-8") as f:
        f.write(script)
    py_compile.compile(src, cfile=compiled, doraise=True)


def test_installed(a):
    """unopkg installed it for the unprivileged user; LibreOffice's configuration has the Impact menu."""
    r = results(a)
    check(r["unopkg_add"]["code"] == 0, "unopkg add: " + r["unopkg_add"]["output"])
    listing = r["unopkg_list"]["output"]
    check("org.impact.calc" in listing and a.version in listing, "unopkg list does not show it:\n" + listing)
    menu = r["a"]["menu"]
    check(menu is not None, "no org.impact.calc node in /org.openoffice.Office.Addons/AddonUI/OfficeMenuBarMerging")
    check(menu["_menu"] == "Impact", "the menu is called %r" % menu["_menu"])
    check(menu["_context"] == "com.sun.star.sheet.SpreadsheetDocument", "menu not limited to Calc")
    for title, function in (("Check", "check"), ("Build summary", "build_summary"), ("Make reports", "make_reports")):
        check(title in menu and menu[title].split("$")[1].startswith(function + "?"),
              "menu entry %s → %s missing: %s" % (title, function, menu))


def test_summary_sheets(a):
    """Build summary: the reopened document has the Impact sheets after the coordinator's, still hidden."""
    s = results(a)["a"]
    r = s["summary"]
    check(r["status"] == "ok" and r["code"] == 0, "build summary: %s" % r)
    before, after = s["summary_before_sheets"], s["summary_after_sheets"]
    check(after[:len(before)] == before, "the coordinator's sheets moved: %s → %s" % (before, after))
    for name in IMPACT_SHEETS:
        check(name in after[len(before):], "%s missing after reopen: %s" % (name, after))
    check(r["sheets"] == after[len(before):], "the dialog names %s, the document has %s" % (r["sheets"], after))
    check(s["summary_open_count"] == 1, "%d copies of the workbook open" % s["summary_open_count"])
    check(s["summary_after_hidden"], "the reopened document is not hidden like the original")
    check(r["same_window"], "the document was not reopened in its own window")
    check(s["lock_before_summary"] and s["summary_after_lock"], "LibreOffice's lock is not back after the reopen")
    for name in IMPACT_SHEETS:
        check("'%s'" % name in r["log"], "impact's own output does not name %s" % name)


def test_summary_own_sheets_unchanged(a):
    """Every coordinator sheet reads the same before and after (two runs): in LibreOffice, in `impact dump`, and the
    first run's backup is the file as it was."""
    s = results(a)["a"]
    for sheet, cells in s["summary_before_contents"].items():
        check(s["summary_after_contents"][sheet] == cells, "sheet %s changed in LibreOffice" % sheet)
        check(s["summary_again_contents"][sheet] == cells, "sheet %s changed in LibreOffice (2nd run)" % sheet)
    sample = os.path.join(a.samples, "york-masterclasses.xlsx")
    written = os.path.join(a.work, "york-summary.xlsx")
    for sheet in s["summary_before_sheets"]:
        check(dump(a, sample, sheet) == dump(a, written, sheet), "impact dump of %s differs" % sheet)
    with open(sample, "rb") as f:
        check(hashlib.sha256(f.read()).hexdigest() == s["summary_first_backup_sha"],
              "the backup is not the workbook as it was (an unmodified document must not be stored)")


def test_summary_again(a):
    """Build summary a second time replaces Impact's sheets (none twice) and keeps the first result as the backup."""
    s = results(a)["a"]
    r = s["summary_again"]
    check(r["status"] == "ok" and r["code"] == 0, "second build summary: %s" % r)
    check(s["summary_again_sheets"] == s["summary_after_sheets"], "sheets after the 2nd run: %s, after the 1st: %s"
          % (s["summary_again_sheets"], s["summary_after_sheets"]))
    with open(os.path.join(a.work, "york-summary.backup.xlsx"), "rb") as f:
        check(hashlib.sha256(f.read()).hexdigest() == s["summary_first_sha"], "the backup is not the first result")


def test_lock_refused_by_impact(a):
    """While LibreOffice holds the workbook (its .~lock.NAME# file), `impact report` refuses it with exit 3:
    the reason the extension closes the document before running Impact."""
    r = results(a)["a"]["cli_while_open"]
    check(r["lock"], "LibreOffice's lock file was not there")
    check(r["code"] == 3, "impact report on a workbook open in LibreOffice: exit %d %s" % (r["code"], r["stderr"]))
    check(".~lock.york-summary.xlsx#" in r["stderr"], "the refusal does not name the lock: " + r["stderr"])


def test_check_issues(a):
    """Check on mistakes.xlsx returns exactly `impact check --json`'s issues, shows each, grouped by sheet."""
    r = results(a)["a"]["check"]
    code, out, err = impact(a, "check", "--json", os.path.join(a.samples, "mistakes.xlsx"))
    check(code == 1, "impact check on mistakes.xlsx: exit %d %s" % (code, err))
    expected = json.loads(out)
    check(r["status"] == "ok" and r["code"] == 1, "check: %s" % {k: r[k] for k in r if k != "issues"})
    check(r["issues"] == expected["issues"], "issues differ from impact check --json")
    check(r["counts"] == expected["counts"], "counts %s != %s" % (r["counts"], expected["counts"]))
    errors = [i for i in expected["issues"] if i["severity"] == "error"]
    check(len(errors) >= 1, "mistakes.xlsx has no errors?")
    head = "%d error(s), %d warning(s)" % (expected["counts"]["error"], expected["counts"]["warning"])
    check(head in r["message"], "the dialog does not start with the counts %r" % head)
    for i in expected["issues"]:
        where = "%s!%s" % (i["sheet"], i["cell"]) if i["cell"] else (i["sheet"] or "Workbook")
        check(where in r["message"] and i["message"] in r["message"], "the dialog lacks %s %s" % (where, i["message"]))
    # Grouped: one heading per sheet with issues, in the workbook's order.
    order = [sh["name"] for sh in expected["sheets"] if any(i["sheet"] == sh["name"] for i in expected["issues"])]
    positions = [r["message"].find("Sheet '%s'" % name) for name in order]
    check(all(p >= 0 for p in positions) and positions == sorted(positions), "sheet groups %s at %s" % (order, positions))


def test_check_selects_first_error(a):
    """Check selects the first error's cell in the document (and does not modify it)."""
    s = results(a)["a"]
    code, out, _ = impact(a, "check", "--json", os.path.join(a.samples, "mistakes.xlsx"))
    first = next(i for i in json.loads(out)["issues"] if i["severity"] == "error" and i["cell"])
    expected = "%s!%s" % (first["sheet"], first["cell"])
    check(s["check"]["selected"] == expected, "reported selection %s, expected %s" % (s["check"]["selected"], expected))
    check(cell_name(s["check_selection"]) == expected, "the document's selection is %s" % s["check_selection"])
    check(not s["check_modified"], "Check modified the document")


def test_check_clean(a):
    """Check on a clean workbook says so, with no selection."""
    r = results(a)["a"]["check_clean"]
    code, out, _ = impact(a, "check", "--json", os.path.join(a.samples, "science-cpd.xlsx"))
    expected = json.loads(out)
    check(r["status"] == "ok" and r["code"] == code == 0, "check_clean: %s" % r)
    check(r["counts"] == expected["counts"] and r["selected"] is None, "counts %s selected %s" % (r["counts"], r["selected"]))


def check_reports_dialog(a, r, folder, ref_suffix):
    """Make reports' result on the York sample: it succeeded, the dialog names `folder` and lists its PDFs (a
    governors' brief among them), and they are the files `impact report` makes from the sample."""
    check(r["status"] == "ok" and r["code"] == 0, "make reports: %s" % r)
    check(r.get("folder") == folder and folder in r["message"], "folder %s, not %s" % (r.get("folder"), folder))
    made = sorted(f for f in os.listdir(folder) if f.endswith(".pdf")) if os.path.isdir(folder) else []
    check(r["files"] == made and len(made) >= 2, "dialog lists %s, folder has %s" % (r["files"], made))
    check(any("Governors brief" in f for f in made), "no governors' brief in %s" % made)
    for f in made:
        with open(os.path.join(folder, f), "rb") as pdf:
            check(pdf.read(5) == b"%PDF-", "%s is not a PDF" % f)
    ref = a.work + ref_suffix
    shutil.rmtree(ref, ignore_errors=True)
    os.makedirs(ref)
    code, _, err = impact(a, "report", os.path.join(a.samples, "york-masterclasses.xlsx"), "--no-writeback", "--out", ref)
    check(code == 0, "impact report: " + err)
    ref_pdfs = sorted(f for f in os.listdir(ref) if f.endswith(".pdf"))  # not the record beside them
    check(ref_pdfs == made, "impact report makes %s" % ref_pdfs)


def test_reports_pdfs(a):
    """Make reports: the PDFs are in "NAME - Impact reports" beside the workbook, the same files `impact report`
    makes, and the dialog names the folder."""
    s = results(a)["a"]
    r = s["reports"]
    check_reports_dialog(a, r, os.path.join(a.work, "york-reports - Impact reports"), "-ref")
    for name in IMPACT_SHEETS:
        check(name in s["reports_after_sheets"], "Make reports did not add %s" % name)
    # The offer to open the folder was shown; headless, nobody answered Yes, so nothing was opened.
    check("Open the folder" in r.get("question", ""), "no offer to open the folder")
    check(not r.get("opened_folder"), "the folder was opened without a Yes")


def test_reports_with_errors(a):
    """Make reports on a workbook with data errors: the sheets are written, no PDFs, and the dialog says why."""
    s = results(a)["a"]
    r = s["reports_errors"]
    check(r["status"] == "ok" and r["code"] == 1, "make reports (errors): %s" % r)
    check("were not made" in r["message"], "the dialog does not say the PDFs were not made: " + r["message"])
    check(not os.path.exists(os.path.join(a.work, "mistakes-reports - Impact reports")), "a reports folder was made")
    check("Impact Data Issues" in s["reports_errors_after_sheets"], "the issues sheet was not written")


def test_edit_stored_first(a):
    """An unsaved edit is stored before Impact runs: it is in the file and in the reopened document."""
    s = results(a)["a"]
    check(s["edited_modified"], "the edit did not mark the document modified")
    check(s["edited"]["status"] == "ok", "build summary after an edit: %s" % s["edited"])
    check(s["edited_after_value"] == "edited in LibreOffice", "the edit is lost: %r" % s["edited_after_value"])
    check("edited in LibreOffice" in dump(a, os.path.join(a.work, "science-edited.xlsx"), s["edited_sheet"]),
          "the edit is not in the file Impact wrote")
    check("Impact Summary" in s["edited_after_sheets"], "no Impact sheets after the edit")


def issue_keys(issues):
    return [(i["severity"], i["sheet"], i["cell"], i["message"]) for i in issues]


def test_ods_check(a):
    """Check on an .ods: exactly `impact check --json`'s issues on the .xlsx it was made from (same count, same
    Sheet!Cell places), the dialog naming the .ods (never the temporary copy), the document not stored."""
    s = results(a)["a"]
    r = s["ods_check"]
    check(s["ods_filter"] == "calc8", "the test document is not an OpenDocument spreadsheet: %s" % s["ods_filter"])
    code, out, err = impact(a, "check", "--json", os.path.join(a.samples, "york-masterclasses.xlsx"))
    expected = json.loads(out)
    check(r["status"] == "ok" and r["code"] == code, "check on the .ods: %s" % {k: r[k] for k in r if k != "issues"})
    check(len(r["issues"]) == len(expected["issues"]) > 0, "%d issues, impact check finds %d"
          % (len(r["issues"]), len(expected["issues"])))
    places = lambda issues: ["%s!%s" % (i["sheet"], i["cell"]) for i in issues]
    check(places(r["issues"]) == places(expected["issues"]), "places %s != %s" % (places(r["issues"]), places(expected["issues"])))
    check(issue_keys(r["issues"]) == issue_keys(expected["issues"]), "issues differ from impact check --json")
    check(r["counts"] == expected["counts"], "counts %s != %s" % (r["counts"], expected["counts"]))
    check('"york-ods.ods"' in r["message"], "the dialog does not name the .ods: " + r["message"][:300])
    check("york-ods.xlsx" not in r["message"] and r["temp_folder"] not in r["message"],
          "the dialog names the temporary copy: " + r["message"][:300])
    check(not s["ods_check_modified"], "Check modified the .ods document")


def test_ods_summary_sheets(a):
    """Build summary on an .ods: Impact's sheets (and the proposed Indicators and Impact Columns) after the coordinator's, in the same
    open document (not reopened), marked as Impact's; the charts came along; stored, so not modified."""
    s = results(a)["a"]
    r = s["ods_summary"]
    check(r["status"] == "ok" and r["code"] == 0, "build summary on the .ods: %s" % r)
    before, after = s["ods_before_sheets"], s["ods_summary_sheets"]
    check(after[:len(before)] == before, "the coordinator's sheets moved: %s -> %s" % (before, after))
    check(after[len(before):] == PROPOSED_SHEETS + IMPACT_SHEETS, "sheets after: %s" % after)
    check(r["sheets"] == after[len(before):], "the dialog names %s, the document has %s" % (r["sheets"], after))
    check('"york-ods.ods"' in r["message"] and "york-ods.backup.ods" in r["message"], "message: " + r["message"])
    check(s["ods_summary_open_count"] == 1 and s["ods_summary_same_doc"], "the .ods was not kept open as it was")
    check(not s["ods_summary_modified"], "the document was not stored after the sheets were added")
    # Impact's marker on each of its sheets (the engine's, so its check skips them); the proposed ones are the coordinator's.
    check(s["ods_summary_markers"] == {n: '"generated:0:%s"' % n for n in IMPACT_SHEETS},
          "markers: %s" % s["ods_summary_markers"])
    # The same charts as the engine writes into an .xlsx (Summary, Reach, Funding).
    charts = s["ods_summary_charts"]
    check(charts["Impact Summary"] >= 1 and charts["Impact Reach"] >= 1 and charts["Impact Funding"] >= 1,
          "charts per sheet: %s" % charts)


def test_ods_summary_own_sheets_unchanged(a):
    """The coordinator's sheets read the same (every cell, as LibreOffice shows it) before, after each Build summary,
    and after the stored .ods is loaded again."""
    s = results(a)["a"]
    check(set(s["ods_before_contents"]) == set(s["ods_before_sheets"]), "not every sheet was read")
    for sheet, cells in s["ods_before_contents"].items():
        check(len(cells) > 1, "sheet %s read as empty" % sheet)
        for key in ("ods_summary_contents", "ods_again_contents", "ods_reloaded_contents"):
            check(s[key][sheet] == cells, "sheet %s changed (%s)" % (sheet, key))


def odf_tables(path):
    """(mimetype member, first member's name, table names in content.xml, named expressions per table)."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        mimetype = z.read("mimetype").decode() if "mimetype" in names else None
        content = minidom.parseString(z.read("content.xml"))
    tables, marked = [], {}
    for t in content.getElementsByTagName("table:table"):
        name = t.getAttribute("table:name")
        tables.append(name)
        for e in t.getElementsByTagName("table:named-expression"):
            if e.getAttribute("table:name") == "_IMPACT_GENERATED":
                marked[name] = e.getAttribute("table:expression")
    return mimetype, names[0], tables, marked


def test_ods_summary_file(a):
    """The file on disk is still an ODF spreadsheet package (not an .xlsx in disguise) holding Impact's sheets and
    their markers; NAME.backup.ods is the .ods as it was before."""
    s = results(a)["a"]
    ods = os.path.join(a.work, "york-ods.ods")
    check(zipfile.is_zipfile(ods), "york-ods.ods is not a zip package")
    mimetype, first, tables, marked = odf_tables(ods)
    check(first == "mimetype" and mimetype == "application/vnd.oasis.opendocument.spreadsheet",
          "not an ODF spreadsheet package: first member %s, mimetype %r" % (first, mimetype))
    check(tables == s["ods_again_sheets"], "content.xml tables %s, document %s" % (tables, s["ods_again_sheets"]))
    check(sorted(marked) == sorted(IMPACT_SHEETS), "markers stored for %s" % sorted(marked))
    backup = os.path.join(a.work, "york-ods.backup.ods")
    check(os.path.exists(backup), "no york-ods.backup.ods")
    check(s["ods_first_backup_sha"] == s["ods_sha_original"], "the first backup is not the .ods as it was")
    _, _, backup_tables, _ = odf_tables(backup)
    check(backup_tables == s["ods_again_sheets"], "the backup after the 2nd run is not the 1st result: %s" % backup_tables)
    check(not os.path.exists(os.path.join(a.work, "york-ods.backup.xlsx")), "an .xlsx backup was written")
    check(not os.path.exists(os.path.join(a.work, "york-ods.xlsx.backup")), "stray file")


def test_ods_summary_again(a):
    """Build summary a second time: exactly one set of Impact sheets (the previous ones replaced, the Indicators and
    Impact Columns kept, not proposed again), marked; the backup is the first result; stored and read back the same."""
    s = results(a)["a"]
    r = s["ods_summary_again"]
    check(r["status"] == "ok" and r["code"] == 0, "second build summary on the .ods: %s" % r)
    check(r["sheets"] == IMPACT_SHEETS, "the second run added %s" % r["sheets"])
    check(s["ods_again_sheets"] == s["ods_summary_sheets"], "sheets after the 2nd run: %s, after the 1st: %s"
          % (s["ods_again_sheets"], s["ods_summary_sheets"]))
    for name in IMPACT_SHEETS + PROPOSED_SHEETS:
        check(s["ods_again_sheets"].count(name) == 1, "%s %d times" % (name, s["ods_again_sheets"].count(name)))
    check(s["ods_again_markers"] == s["ods_summary_markers"], "markers after the 2nd run: %s" % s["ods_again_markers"])
    check(s["ods_again_backup_sha"] == s["ods_first_sha"], "the backup is not the first result")
    check(s["ods_reloaded_sheets"] == s["ods_again_sheets"], "loaded again: %s" % s["ods_reloaded_sheets"])
    check(s["ods_reloaded_markers"] == s["ods_again_markers"], "markers lost on saving: %s" % s["ods_reloaded_markers"])


def test_ods_check_after_summary(a):
    """Check on the .ods with Impact's sheets in it finds what `impact check` finds in the .xlsx after `impact report`
    wrote its sheets into it: the marker survives the export, so Impact's own sheets are skipped, not read as data."""
    r = results(a)["a"]["ods_check_after"]
    ref = os.path.join(a.work + "-ref-ods")
    shutil.rmtree(ref, ignore_errors=True)
    os.makedirs(ref)
    xlsx = os.path.join(ref, "york.xlsx")
    shutil.copyfile(os.path.join(a.samples, "york-masterclasses.xlsx"), xlsx)
    code, _, err = impact(a, "report", xlsx, "--no-pdf")
    check(code == 0, "impact report --no-pdf: " + err)
    code, out, err = impact(a, "check", "--json", xlsx)
    expected = json.loads(out)
    check(r["status"] == "ok" and r["code"] == code, "check after summary: %s" % {k: r[k] for k in r if k != "issues"})
    check(issue_keys(r["issues"]) == issue_keys(expected["issues"]), "issues %s\n!= %s" % (
        issue_keys(r["issues"]), issue_keys(expected["issues"])))
    check(not any((i["sheet"] or "").startswith("Impact ") for i in r["issues"]), "Impact's own sheets were read as data")


def test_ods_summary_links(a):
    """The 'Impact Data Issues' links, copied in with the sheet, point at the .ods's own sheets and cells
    (LibreOffice's "#'Sheet'.A1" form): one per issue, each to a sheet the document has."""
    s = results(a)["a"]
    links = s["ods_summary_links"]
    code, out, _ = impact(a, "check", "--json", os.path.join(a.samples, "york-masterclasses.xlsx"))
    located = [i for i in json.loads(out)["issues"] if i["sheet"]]
    check(len(links) >= len(located) > 0, "%d links for %d issues with a place" % (len(links), len(located)))
    targets = set()
    for cell, url, shown in links:
        m = re.fullmatch(r"#'?(.*?)'?\.\$?([A-Z]+)\$?(\d+)", url)
        check(m is not None, "%s links to %r, not a cell of this document" % (cell, url))
        check(m.group(1) in s["ods_before_sheets"], "%s links to sheet %r, not one of %s" % (cell, m.group(1),
                                                                                              s["ods_before_sheets"]))
        targets.add("%s!%s%s" % m.groups())
    for i in located:
        if i["cell"]:
            check("%s!%s" % (i["sheet"], i["cell"]) in targets, "no link to %s!%s" % (i["sheet"], i["cell"]))


def test_ods_reports(a):
    """Make reports on an .ods: the PDFs `impact report` makes, in "NAME - Impact reports" beside the .ods, the
    governors' brief among them; the .ods is not changed."""
    s = results(a)["a"]
    r = s["ods_reports"]
    check_reports_dialog(a, r, os.path.join(a.work, "york-ods - Impact reports"), "-ref-ods-pdf")
    check(s["ods_reports_unchanged"], "Make reports changed or stored the .ods")
    check(s["ods_reports_sheets"] == s["ods_reloaded_sheets"], "Make reports changed the sheets")
    check("Open the folder" in r.get("question", "") and not r.get("opened_folder"), "the offer to open the folder")
    check(r["temp_folder"] not in r["message"] + r["log"], "the temporary folder is named: %s" % r)


def test_ods_with_errors(a):
    """An .ods with data errors: Check gives `impact check`'s issues and selects the first error's cell; Make reports
    makes no PDFs and says why."""
    s = results(a)["a"]
    r = s["ods_mistakes_check"]
    code, out, _ = impact(a, "check", "--json", os.path.join(a.samples, "mistakes.xlsx"))
    expected = json.loads(out)
    check(r["status"] == "ok" and r["code"] == code == 1, "check: %s" % {k: r[k] for k in r if k != "issues"})
    check(issue_keys(r["issues"]) == issue_keys(expected["issues"]), "issues differ from impact check --json")
    first = next(i for i in expected["issues"] if i["severity"] == "error" and i["cell"])
    where = "%s!%s" % (first["sheet"], first["cell"])
    check(r["selected"] == where and cell_name(s["ods_mistakes_selection"]) == where,
          "selected %s / %s, expected %s" % (r["selected"], s["ods_mistakes_selection"], where))
    rep = s["ods_mistakes_reports"]
    check(rep["status"] == "ok" and rep["code"] == 1 and "were not made" in rep["message"], "make reports: %s" % rep)
    check("%d data error" % expected["counts"]["error"] in rep["message"], "the count of errors: " + rep["message"])
    check(not os.path.exists(os.path.join(a.work, "mistakes-ods - Impact reports")), "a reports folder was made")
    check(not os.path.exists(os.path.join(a.work, "mistakes-ods.backup.ods")), "Make reports wrote a backup")


def test_ods_temp_removed(a):
    """Every run on an .ods made its copy in a private folder in the TMPDIR soffice was given, and removed it: none is
    left there, and no message names one."""
    r = results(a)
    tmp = os.path.join(a.work, "tmp")
    used = [(key, value["temp_folder"]) for key, value in every_result(r) if "temp_folder" in value]
    expected = {"a.ods_check", "a.ods_summary", "a.ods_check_after", "a.ods_summary_again", "a.ods_reports",
                "a.ods_mistakes_check", "a.ods_mistakes_reports", "a.xls_check", "c.readonly_ods_check"}
    check({k for k, _ in used} == expected, "runs with a temporary copy: %s" % sorted(k for k, _ in used))
    check(len({f for _, f in used}) == len(used), "a temporary folder was used twice")
    for key, folder in used:
        check(os.path.dirname(folder) == tmp and os.path.basename(folder).startswith("impact-"),
              "%s: the copy was in %s, not a private folder in %s" % (key, folder, tmp))
        check(not os.path.exists(folder), "%s: %s is still there" % (key, folder))
    left = [f for f in os.listdir(tmp) if f.startswith("impact-")]
    check(left == [], "left in TMPDIR: %s" % left)
    for key, value in every_result(r):
        check(tmp + os.sep not in value["message"] + value.get("log", ""), "%s names the temporary folder" % key)


def test_ods_readonly_refused(a):
    """A read-only .ods: Build summary refuses before making anything (no backup, no sheets); Check still works."""
    c = results(a)["c"]
    r = c["readonly_ods"]
    check(r["status"] == "read-only" and "york-readonly.ods" in r["message"], "read-only .ods: %s" % r)
    check("temp_folder" not in r, "a copy was made although nothing can be written")
    check(not os.path.exists(os.path.join(a.work, "york-readonly.backup.ods")), "a backup was written")
    check(not any(n.startswith("Impact ") for n in c["readonly_ods_sheets"]), "sheets were added")
    check(c["readonly_ods_check"]["status"] == "ok", "check on the read-only .ods: %s" % c["readonly_ods_check"])


def test_xls_checked_not_written(a):
    """An .xls document: Check works through a copy (the issues of the .xlsx it was made from); Build summary, which
    would have to store it as .xls, refuses, names the file and what to do, and changes nothing."""
    s = results(a)["a"]
    r = s["xls_check"]
    _, out, _ = impact(a, "check", "--json", os.path.join(a.samples, "science-cpd.xlsx"))
    check(r["status"] == "ok" and issue_keys(r["issues"]) == issue_keys(json.loads(out)["issues"]), "check: %s" % r)
    r = s["xls_summary"]
    check(r["status"] == "not-writable-format", "build summary on .xls: %s" % r)
    check("science-cpd.xls" in r["message"] and ".ods" in r["message"] and ".xlsx" in r["message"], r["message"])
    check(s["xls_doc_open"] and s["xls_sha"] == s["xls_sha_after"], "the .xls was closed or changed")
    check(not any(n.startswith("Impact ") for n in s["xls_sheets"]), "sheets were added: %s" % s["xls_sheets"])
    for left in ("science-cpd.backup.xls", "science-cpd - Impact reports"):
        check(not os.path.exists(os.path.join(a.work, left)), "%s exists" % left)


def test_unsaved_refused(a):
    """A document never saved is refused, saying how to save it (.ods or .xlsx)."""
    r = results(a)["a"]["unsaved"]
    check(r["status"] == "unsaved" and "Save As" in r["message"] and ".xlsx" in r["message"]
          and ".ods" in r["message"], "%s" % r)


def test_not_found(a):
    """No program: the not-found dialog names what to install and where to set it; nothing is changed."""
    res = results(a)
    s, b = res["a"], res["b"]
    r = s["not_found_none"]
    check(r["status"] == "not-found", "%s" % r)
    for words in ("Install Impact", "PATH", "IMPACT_BIN", s["settings_file"]):
        check(words in r["message"], "the not-found message lacks %r: %s" % (words, r["message"]))
    check(s["not_found_none_doc_open"] and s["not_found_none_lock"], "the document was closed although nothing ran")
    # IMPACT_BIN pointing nowhere wins over a settings file naming a good program, and is named.
    check(b["settings_file_names"] == a.impact, "session b's settings file: %s" % b["settings_file_names"])
    for key in ("not_found_env", "not_found_env_summary"):
        check(b[key]["status"] == "not-found" and "/nonexistent/impact" in b[key]["message"]
              and "IMPACT_BIN" in b[key]["message"], "%s: %s" % (key, b[key]))
    check(b["not_found_env_doc_open"], "the document was closed although nothing ran")
    check(not any(n.startswith("Impact ") for n in b["not_found_env_sheets"]), "sheets were added")


def test_found_on_path(a):
    """With IMPACT_BIN unset, `impact` on the PATH is used before the settings file (which names nothing here)."""
    r = results(a)["c"]["path_check"]
    check(r["status"] == "ok" and r["code"] == 0 and "counts" in r, "check with impact on the PATH: %s" % r)


def test_write_refused(a):
    """A read-only workbook: Impact's exit 3 and its own message are shown, the document is open again, unchanged."""
    c = results(a)["c"]
    r = c["readonly"]
    check(r["status"] == "write-failed" and r.get("code") == 3, "read-only workbook: %s" % r)
    check("read-only" in r["message"] and "york-readonly.xlsx" in r["message"], "message: " + r["message"])
    check(c["readonly_open_count"] == 1 and c["readonly_sheets_same"], "not reopened as it was: %s" % c)
    check(not os.path.exists(os.path.join(a.work, "york-readonly.backup.xlsx")), "a backup was written")


def test_dialogs_headless(a):
    """Every entry showed its dialog (MessageBox.execute returned at once under --headless) and returned."""
    r = results(a)
    shown = dict(every_result(r))
    expected = {"a.not_found_none", "a.summary", "a.summary_again", "a.check", "a.check_clean", "a.reports", "a.reports_errors",
                "a.edited", "a.ods_check", "a.ods_summary", "a.ods_check_after", "a.ods_summary_again", "a.ods_reports",
                "a.ods_mistakes_check", "a.ods_mistakes_reports", "a.xls_check", "a.xls_summary", "a.unsaved",
                "b.not_found_env", "b.not_found_env_summary", "c.path_check", "c.readonly", "c.readonly_ods",
                "c.readonly_ods_check"}
    check(set(shown) == expected, "entries run: %s" % sorted(shown))
    for key, value in shown.items():
        # 0: no button pressed (VCL's headless answer); a missing key: execute() was never reached or raised.
        check(value.get("dialog_answer") == 0,
              "%s: no dialog was shown, or it was answered (%s)" % (key, value.get("message", "")[:200]))
        check(value["seconds"] < 60, "%s took %s s" % (key, value["seconds"]))


def test_no_stray_processes(a):
    """No soffice (or unopkg) with the test's profile is left running."""
    r = results(a)
    check(r["stray"] == [], "left running: %s" % r["stray"])
    left = processes_using(os.path.join(a.work, "profile"))
    check(left == [], "running now: %s" % left)


def add_arguments(ap):
    ap.add_argument("--oxt", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--soffice", default=shutil.which("soffice") or "")


def need_results(a):
    """Every test but `package` reads what setup recorded: skipped when LibreOffice is not here to record it."""
    if a.test != "package" and not os.path.exists(os.path.join(a.work, "results.json")) and not a.soffice:
        raise Skip("LibreOffice is not installed")


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments, commands={"setup": setup}, pass_args=True, before_test=need_results))
