"""End-to-end tests of the Windows build (impact.exe) under Wine, against the Linux build.

CTest runs these from the cross-compiled tree (tests/windows/CMakeLists.txt), one test per run:

    windows_tests.py --impact impact.exe --linux-impact build/engine/impact --samples DIR --work DIR TEST

Wine runs every .exe (WINEPREFIX and WINEDEBUG come from the environment scripts/windows/build.sh
sets). What is checked is what a coordinator on Windows depends on: the same JSON, PDFs and
written-back workbook as on Linux byte for byte, a non-ASCII file name, the write-back through the
Windows file calls keeping the coordinator's parts and the backup, a workbook held open by another
Windows program refused with exit 3, `send` to a real SMTP server on loopback, `serve` answering,
and the installer: silent install, the shortcut's own command, uninstall.
What Wine cannot show (Excel's own lock, the Windows certificate store, SmartScreen) is in
docs/windows.md with how to check it on a real Windows machine.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
sys.path.insert(0, HERE)
from harness import Checks, Failure, check, free_port, require, run_main  # noqa: E402
import shell_link  # noqa: E402

ARGS = None
EPOCH = "1700000000"
SAMPLES = ["york-masterclasses", "bristol-events", "science-cpd", "mistakes"]
# The parts of a package the write-back may rewrite (it adds sheets); every other part of the
# coordinator's file must come back byte for byte (SPEC, "What it writes").
REWRITABLE = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml",
              "xl/styles.xml", "docProps/core.xml"}


def work(*parts):
    return os.path.join(ARGS.work, *parts)


def windows_path(path):
    """A Linux path as the Windows program sees it: Wine maps / to drive Z:."""
    return "Z:" + os.path.abspath(path).replace("/", "\\")


def env(**extra):
    e = dict(os.environ)
    e.update(SOURCE_DATE_EPOCH=EPOCH, WINEDEBUG="-all")
    e.update(extra)
    return e


def run_windows(*argv, cwd=None, stdin=None, timeout=300, exe=None, **extra_env):
    return subprocess.run([ARGS.wine, exe or ARGS.impact, *argv], cwd=cwd, env=env(**extra_env), capture_output=True,
                          input=stdin, timeout=timeout)


def run_linux(*argv, cwd=None):
    return subprocess.run([ARGS.linux_impact, *argv], cwd=cwd, env=env(), capture_output=True, timeout=300)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree(folder):
    """{relative path: sha256} of every file under folder."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = os.path.join(root, name)
            out[os.path.relpath(p, folder)] = sha(p)
    return out


def zip_parts(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def copy_sample(sample, folder, name=None):
    os.makedirs(folder, exist_ok=True)
    dest = os.path.join(folder, (name or sample) + ".xlsx")
    shutil.copyfile(os.path.join(ARGS.samples, sample + ".xlsx"), dest)
    return dest


def compare_runs(c, label, name, sample):
    """Runs check, analyse and report on a copy named `name` with both builds; compares the bytes."""
    results = {}
    for side, runner in (("linux", run_linux), ("windows", run_windows)):
        d = work("same", label, side)
        shutil.rmtree(d, ignore_errors=True)
        copy_sample(sample, d, name)
        wb = name + ".xlsx"
        r = {}
        for command in ("check", "analyse"):
            p = runner(command, wb, "--json", cwd=d)
            r[command] = (p.returncode, p.stdout)
        p = runner("report", wb, "--out", "reports", cwd=d)
        r["report"] = p.returncode
        r["report_stderr"] = p.stderr.decode("utf-8", "replace")
        r["files"] = tree(d)
        results[side] = r
    lin, win = results["linux"], results["windows"]
    for command in ("check", "analyse"):
        c.check(lin[command][0] == win[command][0],
                f"{label}: {command} exits {win[command][0]} on Windows, {lin[command][0]} on Linux")
        c.check(lin[command][1] == win[command][1] and lin[command][1],
                f"{label}: {command} --json differs between Windows and Linux "
                f"({len(win[command][1])} and {len(lin[command][1])} bytes)")
    c.check(lin["report"] == win["report"], f"{label}: report exits {win['report']} on Windows, {lin['report']} on Linux "
            f"(stderr: {win['report_stderr'][-400:]})")
    # A workbook with errors (the "mistakes" sample) makes no reports on either side (exit 1); the
    # trees compared below must then both lack PDFs, and stderr carries the same errors.
    if lin["report"] == 0:
        c.check(any(f.endswith(".pdf") for f in lin["files"]), f"{label}: the Linux build wrote no PDF")
    else:
        c.check(lin["report_stderr"] == win["report_stderr"],
                f"{label}: report's errors differ:\nWindows: {win['report_stderr'][-400:]}\nLinux: {lin['report_stderr'][-400:]}")
    c.check(sorted(lin["files"]) == sorted(win["files"]),
            f"{label}: different files written: Linux {sorted(lin['files'])}, Windows {sorted(win['files'])}")
    for f, digest in lin["files"].items():
        if f in win["files"]:
            c.check(win["files"][f] == digest, f"{label}: {f} differs between Windows and Linux")
    return results


def test_same_outputs():
    """check/analyse JSON, the PDFs and the written-back workbook of every sample equal Linux's byte for byte"""
    c = Checks()
    for sample in SAMPLES:
        compare_runs(c, sample, sample, sample)
    c.done()


def test_unicode_name():
    """a workbook named "Année 2025–26.xlsx" is read, reported on and written back as on Linux"""
    c = Checks()
    results = compare_runs(c, "unicode", "Année 2025–26", "york-masterclasses")
    c.check(any("Année 2025–26" in f and f.endswith(".backup.xlsx") for f in results["windows"]["files"]),
            f"the backup keeps the accented name: {sorted(results['windows']['files'])}")
    c.done()


def test_writeback():
    """the write-back through Windows' file calls keeps the coordinator's parts and a backup"""
    c = Checks()
    d = work("writeback")
    shutil.rmtree(d, ignore_errors=True)
    wb = copy_sample("bristol-events", d)
    before = zip_parts(wb)
    original = sha(wb)
    for attempt in (1, 2):  # the second run replaces Impact's sheets and nothing else
        p = run_windows("report", os.path.basename(wb), "--no-pdf" if attempt == 2 else "--out", *(
            [] if attempt == 2 else ["reports"]), cwd=d)
        require(p.returncode == 0, f"report run {attempt} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    after = zip_parts(wb)
    for name, data in before.items():
        if name not in REWRITABLE:
            c.check(after.get(name) == data, f"the coordinator's part {name} changed or went missing")
    added = [n for n in after if n not in before]
    c.check(any(n.startswith("xl/worksheets/") for n in added), f"no Impact sheet was added: {added}")
    backup = os.path.join(d, "bristol-events.backup.xlsx")
    c.check(os.path.exists(backup), "no backup beside the workbook")
    if os.path.exists(backup):
        # After the second run the backup is the first run's result, which kept the original's parts.
        c.check(zip_parts(backup).keys() == after.keys(), "the backup is not the previous version")
    leftovers = [n for n in os.listdir(d) if n.startswith(".") or n.endswith(".tmp")]
    c.check(not leftovers, f"temporary files left beside the workbook: {leftovers}")
    c.check(sha(wb) != original, "the workbook was not written back")
    c.done()


def test_locked_by_program():
    """a workbook another Windows program holds open without sharing is refused with exit 3, untouched"""
    c = Checks()
    d = work("locked")
    shutil.rmtree(d, ignore_errors=True)
    wb = copy_sample("science-cpd", d)
    original = sha(wb)
    holder = subprocess.Popen([ARGS.wine, ARGS.hold_open, windows_path(wb)], env=env(), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = holder.stdout.readline().decode(errors="replace").strip()
        require(line == "holding", f"the lock holder did not start: {line!r} {holder.stderr.read(400) if holder.poll() is not None else ''}")
        p = run_windows("report", "science-cpd.xlsx", "--no-pdf", cwd=d)
        err = p.stderr.decode(errors="replace")
        c.check(p.returncode == 3, f"a workbook held open exits {p.returncode}, not 3: {err}")
        c.check("open in" in err and "close" in err.lower(), f"the message does not say it is open and to close it: {err}")
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    c.check(sha(wb) == original, "the held workbook was changed")
    c.check(not os.path.exists(os.path.join(d, "science-cpd.backup.xlsx")), "a backup was made of a refused workbook")
    # Excel's own lock file gets the same answer.
    with open(os.path.join(d, "~$science-cpd.xlsx"), "wb") as f:
        f.write(b"\x0bHelen")
    p = run_windows("report", "science-cpd.xlsx", "--no-pdf", cwd=d)
    c.check(p.returncode == 3, f"with Excel's ~$ lock file the report exits {p.returncode}, not 3")
    c.check(sha(wb) == original, "the workbook with a ~$ lock file was changed")
    c.done()


def test_send():
    """impact.exe send delivers each funder's PDF to a real SMTP server on loopback (STARTTLS)"""
    sys.path.insert(0, os.path.join(HERE, "..", "mail"))
    import mail_tests  # noqa: E402  (its SMTP server and certificate)
    mail_tests.ARGS = ARGS
    d = work("send")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "cfg"))
    wb = copy_sample("york-masterclasses", d)
    p = run_windows("report", "york-masterclasses.xlsx", "--out", "out", "--no-writeback", cwd=d)
    require(p.returncode == 0, f"report failed: {p.stderr.decode(errors='replace')}")
    controller, sink, port = mail_tests.start_server("starttls")
    try:
        p = run_windows("send", "york-masterclasses.xlsx", "--out", "out", "--json", cwd=d, stdin=b"",
                        IMPACT_SMTP_HOST="127.0.0.1", IMPACT_SMTP_PORT=str(port), IMPACT_SMTP_TLS="starttls",
                        IMPACT_SMTP_USER=mail_tests.USER, IMPACT_SMTP_PASSWORD=mail_tests.PASSWORD,
                        IMPACT_MAIL_FROM=mail_tests.FROM, IMPACT_SMTP_CA_FILE=windows_path(mail_tests.certificate()[0]),
                        APPDATA=windows_path(os.path.join(d, "cfg")))
    finally:
        controller.stop()
    out = p.stdout.decode(errors="replace")
    require(p.returncode == 0, f"send exited {p.returncode}: {p.stderr.decode(errors='replace')} {out}")
    result = json.loads(out)
    funders = result["funders"]
    check(funders and all(f["status"] == "sent" for f in funders), f"not every funder's report was sent: {funders}")
    check(len(sink.messages) == len(funders), f"{len(sink.messages)} messages arrived for {len(funders)} funders")
    pdfs = {n: sha(os.path.join(d, "out", n)) for n in os.listdir(os.path.join(d, "out")) if n.endswith(".pdf")}
    import email
    for _from, _to, content in sink.messages:
        msg = email.message_from_bytes(content)
        attached = [part for part in msg.walk() if part.get_filename()]
        check(len(attached) == 1, f"a message has {len(attached)} attachments")
        for part in attached:
            digest = hashlib.sha256(part.get_payload(decode=True)).hexdigest()
            check(pdfs.get(part.get_filename()) == digest, f"the attachment {part.get_filename()} is not the report's PDF")


def test_serve():
    """impact.exe serve answers /api/health and /api/check as the Linux build's check --json"""
    port = free_port()
    d = work("serve")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    server = subprocess.Popen([ARGS.wine, ARGS.impact, "serve", "--port", str(port), "--insecure-http"], cwd=d, env=env(
        APPDATA=windows_path(d)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = None
        deadline = time.time() + 60
        while time.time() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as r:
                    health = (r.status, json.loads(r.read()))
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        require(health is not None, f"impact.exe serve did not answer: {server.stdout.read(2000) if server.poll() is not None else ''}")
        version = run_linux("--version").stdout.decode().split()[-1]
        check(health == (200, {"impact": version}), f"/api/health answered {health}")
        import base64
        sample = os.path.join(ARGS.samples, "mistakes.xlsx")
        with open(sample, "rb") as f:
            body = json.dumps({"name": "mistakes.xlsx", "workbook": base64.b64encode(f.read()).decode()}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/check", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Host": f"localhost:{port}"})
        with urllib.request.urlopen(req, timeout=60) as r:
            answer = json.loads(r.read())
        linux = json.loads(run_linux("check", sample, "--json").stdout)
        check(answer.get("issues") == linux.get("issues") and answer.get("counts") == linux.get("counts"),
              f"/api/check's issues differ from the Linux check --json: {answer.get('counts')} vs {linux.get('counts')}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def wine_user_folder(prefix, *parts):
    users = os.path.join(prefix, "drive_c", "users")
    user = [u for u in os.listdir(users) if u != "Public"][0]
    return os.path.join(users, user, *parts)


def from_windows(prefix, path):
    """The Linux path of a C:\\ path inside the Wine prefix."""
    require(path[:3].upper() == "C:\\", f"not a C: path: {path}")
    return os.path.join(prefix, "drive_c", *path[3:].split("\\"))


def test_installer():
    """the installer installs silently per user, its desktop shortcut runs impact run, the uninstaller removes it"""
    c = Checks()
    require(ARGS.installer and os.path.exists(ARGS.installer), f"no installer at {ARGS.installer} (build the installer target)")
    prefix = work("installer-prefix")
    shutil.rmtree(prefix, ignore_errors=True)
    # A prefix of its own, so the test sees exactly what the installer did; the desktop and
    # documents become real folders instead of Wine's links to the Linux home.
    wenv = dict(WINEPREFIX=prefix)
    p = subprocess.run(["wineboot", "-i"], env=env(**wenv), capture_output=True, timeout=300)
    require(p.returncode == 0, f"wineboot failed: {p.stderr[-400:]}")
    for folder in ("Desktop", "Documents"):
        f = wine_user_folder(prefix, folder)
        if os.path.islink(f):
            os.unlink(f)
        os.makedirs(f, exist_ok=True)
    p = run_windows("/S", exe=ARGS.installer, **wenv)
    require(p.returncode == 0, f"the silent install exited {p.returncode}")
    installed = wine_user_folder(prefix, "AppData", "Local", "Programs", "Impact")
    exe = os.path.join(installed, "bin", "impact.exe")
    c.check(os.path.exists(exe), "impact.exe is not under %LOCALAPPDATA%\\Programs\\Impact\\bin")
    for part in ("templates/data/categories.json", "templates/fonts/DejaVuSans.ttf", "addin/office/taskpane.html"):
        c.check(os.path.exists(os.path.join(installed, "share", "impact", part)), f"share/impact/{part} not installed")
    c.check(os.path.exists(os.path.join(installed, "uninstall.exe")), "no uninstaller")
    reg = subprocess.run([ARGS.wine, "reg", "query", r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Impact"],
                         env=env(**wenv), capture_output=True, text=True)
    c.check("UninstallString" in reg.stdout and "DisplayName" in reg.stdout, f"the uninstaller is not registered: {reg.stdout}")
    lnk = os.path.join(wine_user_folder(prefix, "Desktop"), "Impact reports.lnk")
    start_menu = wine_user_folder(prefix, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs",
                                  "Impact", "Impact reports.lnk")
    c.check(os.path.exists(start_menu), "no Start-menu entry")
    require(os.path.exists(lnk), "no 'Impact reports' shortcut on the desktop")
    link = shell_link.read(lnk)
    c.check(link["target"] and link["target"].lower().endswith("\\bin\\impact.exe"), f"the shortcut points at {link['target']}")
    c.check(link["arguments"] == "run --pause", f"the shortcut's arguments are {link['arguments']!r}")

    # The shortcut's command, as Windows would run it: the target with its arguments in its
    # working folder. It is the first run: no settings yet, so it asks for the workbook, and the
    # coordinator drags it onto the window (a quoted path), then presses Enter at the end.
    settings_dir = wine_user_folder(prefix, "AppData", "Roaming", "Impact")
    docs = wine_user_folder(prefix, "Documents")
    copy_sample("york-masterclasses", docs)
    target = from_windows(prefix, link["target"])
    cwd = from_windows(prefix, link["working_dir"]) if link["working_dir"] else docs
    answer = '"' + windows_path(os.path.join(docs, "york-masterclasses.xlsx")) + '"\r\n\r\n'
    p = run_windows(*link["arguments"].split(), exe=target, cwd=cwd, stdin=answer.encode("utf-8"), **wenv)
    out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
    c.check(p.returncode == 0, f"the shortcut's command exited {p.returncode}: {out[-600:]}")
    c.check(os.path.exists(os.path.join(settings_dir, "impact.ini")), f"the first run wrote no settings in %APPDATA%\\Impact: {out[-600:]}")
    reports = os.path.join(docs, "york-masterclasses - Impact reports")
    made = os.listdir(reports) if os.path.isdir(reports) else []
    c.check(any("Governors" in n and n.endswith(".pdf") for n in made), f"no governors' PDF from the shortcut's run: {made}")
    c.check(os.path.exists(os.path.join(docs, "york-masterclasses.backup.xlsx")), "the shortcut's run did not write back")

    p = run_windows("/S", "_?=" + installed.replace(prefix + "/drive_c", "C:").replace("/", "\\"),
                    exe=os.path.join(installed, "uninstall.exe"), **wenv)
    c.check(p.returncode == 0, f"the silent uninstall exited {p.returncode}")
    c.check(not os.path.exists(exe), "impact.exe is still there after the uninstall")
    c.check(not os.path.exists(lnk), "the desktop shortcut is still there after the uninstall")
    c.check(os.path.exists(os.path.join(settings_dir, "impact.ini")), "the uninstall removed the user's settings")
    c.check(os.path.exists(os.path.join(docs, "york-masterclasses.xlsx")), "the uninstall removed the user's workbook")
    c.done()


def add_arguments(p):
    p.add_argument("--linux-impact", required=True, help="the Linux build's impact, the reference")
    p.add_argument("--samples", required=True)
    p.add_argument("--wine", default="wine")
    p.add_argument("--hold-open", help="hold_open.exe: keeps a file open without sharing")
    p.add_argument("--installer", help="the installer .exe")


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments))
