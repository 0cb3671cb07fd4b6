#!/usr/bin/python3
"""End-to-end tests of `cmake --install`: the layout in PREFIX, and the installed program using
PREFIX/share/impact (templates, the task pane) rather than the source tree it was built from.

`setup` installs once into WORK/prefix (a CTest fixture); each test then works on its own copy
where it changes the installed files.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import http.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Checks, Failure, free_port, run_main  # noqa: E402

ARGS = None
SAMPLE = "york-masterclasses.xlsx"


def prefix():
    return os.path.join(ARGS.work, "prefix")


def installed_copy(name):
    """A copy of the installed tree that a test may change."""
    d = os.path.join(ARGS.work, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(prefix(), d, symlinks=True)
    return d


def clean_env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("IMPACT_")}
    e["SOURCE_DATE_EPOCH"] = "1760000000"
    return e


def setup():
    shutil.rmtree(prefix(), ignore_errors=True)
    r = subprocess.run([ARGS.cmake, "--install", ARGS.build_dir, "--prefix", prefix()], capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure(f"cmake --install failed ({r.returncode}): {r.stderr[-2000:]}")


def files_under(root):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def test_layout():
    c = Checks()
    p = prefix()
    c.check(os.access(os.path.join(p, "bin", "impact"), os.X_OK), "no executable bin/impact")
    share = os.path.join(p, "share", "impact")
    src_templates = files_under(os.path.join(ARGS.source, "templates"))
    c.check(files_under(os.path.join(share, "templates")) == src_templates,
            f"templates differ: missing {sorted(src_templates - files_under(os.path.join(share, 'templates')))}")
    listed = {line.strip() for line in open(os.path.join(ARGS.source, "addin", "office", "served-files.txt"), encoding="utf-8")
              if line.strip() and not line.lstrip().startswith("#")}
    pane = files_under(os.path.join(share, "addin", "office"))
    c.check(pane == listed | {"served-files.txt"}, f"the pane's installed files {sorted(pane)} are not the served list {sorted(listed)}")
    c.check(not any(f.startswith(("node_modules", "test", "tools")) or f.startswith("package") for f in pane),
            "development files were installed")
    for f in listed:
        a = open(os.path.join(ARGS.source, "addin", "office", f), "rb").read()
        b = open(os.path.join(share, "addin", "office", f), "rb").read()
        c.check(a == b, f"{f} differs from the source")
    c.check(os.path.getsize(os.path.join(share, "addin", "libreoffice", "impact.oxt")) > 1000, "no impact.oxt")
    c.done()


def test_installed_templates_are_used():
    """A change to the installed templates shows in what the installed program makes; a missing one
    is reported at its installed path (so the source tree is not what is read)."""
    c = Checks()
    root = installed_copy("templates_used")
    program = os.path.join(root, "bin", "impact")
    mail = os.path.join(root, "share", "impact", "templates", "mail", "funder.txt")
    lines = open(mail, encoding="utf-8").read().split("\n")
    subject = next(i for i, line in enumerate(lines) if not line.startswith("#"))  # notes first, then the subject
    lines[subject] = "Subject: INSTALLED-TEMPLATE {funder}"
    with open(mail, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    d = os.path.join(root, "data")
    os.makedirs(d)
    wb = os.path.join(d, SAMPLE)
    shutil.copy(os.path.join(ARGS.source, "samples", SAMPLE), wb)
    env = clean_env()
    r = subprocess.run([program, "report", wb, "--no-writeback"], capture_output=True, text=True, env=env)
    c.check(r.returncode == 0, f"report: {r.returncode} {r.stderr[-500:]}")
    r = subprocess.run([program, "send", wb, "--dry-run"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    c.check(r.returncode == 0, f"send --dry-run: {r.returncode} {r.stderr[-500:]}")
    out = os.path.join(d, "york-masterclasses - Impact reports")
    drafts = [n for n in os.listdir(out) if n.endswith(".eml")] if os.path.isdir(out) else []
    c.check(len(drafts) == 6, f"{len(drafts)} drafts")
    for n in drafts:
        c.check(b"Subject: INSTALLED-TEMPLATE" in open(os.path.join(out, n), "rb").read(), f"{n} was not made from the installed template")
    workbook_json = os.path.join(root, "share", "impact", "templates", "workbook", "coordinator.json")
    os.remove(workbook_json)
    r = subprocess.run([program, "init", os.path.join(d, "new.xlsx")], capture_output=True, text=True, env=env)
    c.check(r.returncode == 2 and workbook_json in r.stderr, f"init without its installed template: {r.returncode} {r.stderr}")
    c.done()


def test_report_from_prefix():
    """The whole job from the installed program, with the source tree's templates out of reach."""
    c = Checks()
    root = installed_copy("report")
    d = os.path.join(root, "data")
    os.makedirs(d)
    wb = os.path.join(d, SAMPLE)
    shutil.copy(os.path.join(ARGS.source, "samples", SAMPLE), wb)
    env = clean_env()
    r = subprocess.run([os.path.join(root, "bin", "impact"), "report", wb], capture_output=True, text=True, env=env)
    c.check(r.returncode == 0, f"report: {r.returncode} {r.stderr[-500:]}")
    out = os.path.join(d, "york-masterclasses - Impact reports")
    pdfs = sorted(n for n in os.listdir(out) if n.endswith(".pdf")) if os.path.isdir(out) else []
    c.check(len(pdfs) == 7, f"{len(pdfs)} PDFs: {pdfs}")
    c.check(any("Governors" in n for n in pdfs), "no governors' brief")
    c.done()



def test_serve_from_prefix():
    """`impact serve` from the prefix sends the installed pane's files and nothing else."""
    c = Checks()
    root = installed_copy("serve")
    port = free_port()
    proc = subprocess.Popen([os.path.join(root, "bin", "impact"), "serve", "--insecure-http", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

        def get(path):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": f"localhost:{port}"})
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            return resp.status, body

        pane_dir = os.path.join(root, "share", "impact", "addin", "office")
        status, body = get("/taskpane.html")
        c.check(status == 200 and body == open(os.path.join(pane_dir, "taskpane.html"), "rb").read(),
                f"/taskpane.html: {status}, {len(body)} bytes")
        # A file put beside the installed pane but not in its list is not served.
        open(os.path.join(pane_dir, "notes.txt"), "w").write("private")
        for path in ("/notes.txt", "/package.json", "/served-files.txt"):
            status, _ = get(path)
            c.check(status == 404, f"{path}: {status}")
        # The list is read from the installed folder: an installed file taken off it is 404.
        listed = os.path.join(pane_dir, "served-files.txt")
        lines = [line for line in open(listed, encoding="utf-8") if line.strip() != "format.js"]
        open(listed, "w", encoding="utf-8").writelines(lines)
        status, _ = get("/format.js")
        c.check(status == 404, f"/format.js after it was taken off the installed list: {status}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    c.done()


def add_arguments(p):
    p.add_argument("--cmake", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--source", required=True)


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments, commands={"setup": setup}))
