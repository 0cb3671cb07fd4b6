#!/usr/bin/python3
"""End-to-end tests of `impact send` against a real SMTP server: aiosmtpd (Debian's
python3-aiosmtpd) on 127.0.0.1, on a free port, started by the test in a thread, with STARTTLS
required (or implicit TLS) using a self-signed certificate made here with the openssl CLI and
trusted through IMPACT_SMTP_CA_FILE, and AUTH required. Every received message is parsed with
Python's email module and checked: To, From, Subject (decoded), body, attachment bytes.

Usage: mail_tests.py --impact IMPACT --samples DIR --work DIR TEST
"""
import email
import email.policy
import hashlib
import json
import os
import pty
import re
import shutil
import ssl
import subprocess
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Failure, check, free_port, run_main  # noqa: E402

USER = "coordinator@example.org"
PASSWORD = "Pw-7f3kQ!zx-never-logged"
FROM_NAME = "Helen Cartwright"
FROM = f"{FROM_NAME} <{USER}>"
SAMPLE = "york-masterclasses.xlsx"
RECORD = "Impact reports record.json"  # beside the PDFs (engine/report/record.h)

ARGS = None  # the parsed command line


# ---- the SMTP server ---------------------------------------------------------------------------

class Sink:
    """Keeps every accepted message; can refuse recipients (550) or drop the connection."""

    def __init__(self):
        self.messages = []   # (mail_from, rcpt_tos, content bytes)
        self.reject = set()
        self.drop = set()
        self.mechanisms = []
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if set(envelope.rcpt_tos) & self.drop:
            self.drop -= set(envelope.rcpt_tos)
            server.transport.close()  # the server goes away before answering
            return "421 4.3.0 going away"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Message accepted"

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        self.mechanisms.append(mechanism)
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)


def work(*parts):
    return os.path.join(ARGS.work, *parts)


def certificate():
    cert, key = work("cert.pem"), work("key.pem")
    if not os.path.exists(cert):
        os.makedirs(ARGS.work, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, capture_output=True)
    return cert, key



def start_server(mode="starttls", exclude=None, cert_pair=None):
    cert, key = cert_pair or certificate()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    sink = Sink()
    port = free_port()
    common = dict(hostname="127.0.0.1", port=port, authenticator=sink.authenticator, auth_required=True,
                  auth_exclude_mechanism=exclude)
    if mode == "none":
        controller = Controller(sink, auth_require_tls=False, **common)
    elif mode == "starttls":
        controller = Controller(sink, tls_context=ctx, require_starttls=True, auth_require_tls=True, **common)
    else:
        # Implicit TLS: the whole connection is TLS (aiosmtpd's auth_require_tls is about STARTTLS).
        controller = Controller(sink, ssl_context=ctx, auth_require_tls=False, **common)
    try:
        controller.start()
    except Exception:
        if mode != "tls":
            raise
    return controller, sink, port


# ---- running impact ------------------------------------------------------------------------------

def setup(name, funder_template=None, edit=None):
    """A fresh folder with a copy of the sample and its reports."""
    d = work(name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "cfg"))
    wb = os.path.join(d, SAMPLE)
    shutil.copy(os.path.join(ARGS.samples, SAMPLE), wb)
    if edit:
        book = openpyxl.load_workbook(wb)
        edit(book)
        book.save(wb)
    argv = [ARGS.impact, "report", wb, "--out", os.path.join(d, "out"), "--no-writeback"]
    if funder_template:
        argv += ["--funder-template", funder_template]
    r = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1760000000"))
    if r.returncode != 0:
        raise Failure("impact report failed: " + r.stderr)
    return d, wb, os.path.join(d, "out")


def env_for(d, port, **over):
    e = dict(os.environ)
    for k in list(e):
        if k.startswith("IMPACT_"):
            del e[k]
    e.update(XDG_CONFIG_HOME=os.path.join(d, "cfg"), IMPACT_SMTP_HOST="127.0.0.1", IMPACT_SMTP_PORT=str(port),
             IMPACT_SMTP_TLS="starttls", IMPACT_SMTP_USER=USER, IMPACT_SMTP_PASSWORD=PASSWORD, IMPACT_MAIL_FROM=FROM,
             IMPACT_SMTP_CA_FILE=certificate()[0])
    for k, v in over.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


class Run:
    def __init__(self, r):
        self.rc, self.stderr, self.stdout = r.returncode, r.stderr, r.stdout
        try:
            self.json = json.loads(r.stdout)
        except ValueError:
            self.json = None

    def statuses(self):
        return {f["funder"]: f["status"] for f in self.json["funders"]} if self.json else {}


def send(wb, out, env, *extra):
    return send_args(env, wb, "--out", out, *extra)


def send_args(env, *args):
    """`impact send ARGS --json`, checking the password never shows."""
    r = subprocess.run([ARGS.impact, "send", *args, "--json"], capture_output=True, text=True, env=env,
                       stdin=subprocess.DEVNULL, timeout=120)
    run = Run(r)
    for secret in (PASSWORD, "Wrong-password-7"):
        check(secret not in r.stderr and secret not in r.stdout, "the password appears in impact's output")
    return run


# ---- what the workbook says ----------------------------------------------------------------------

def workbook_facts(wb):
    book = openpyxl.load_workbook(wb, data_only=True)
    settings = {str(r[0]).strip().lower(): r[1] for r in book["Partnership"].iter_rows(values_only=True) if r[0]}
    funders = []
    rows = list(book["Funders"].iter_rows(values_only=True))
    head = [str(h).lower() for h in rows[0]]
    for r in rows[1:]:
        if r[0]:
            funders.append({"name": r[0], "email": r[head.index("email")] or "", "note": r[head.index("personal note")] or ""})
    return settings, funders


def pupil_name(wb):
    book = openpyxl.load_workbook(wb, data_only=True)
    rows = list(book["Register"].iter_rows(values_only=True))
    for i, r in enumerate(rows):
        if r and "Pupil name" in r:
            return rows[i + 1][r.index("Pupil name")]
    raise Failure("no pupil name in the sample")


def report_for(out, funder):
    names = [n for n in os.listdir(out) if n.endswith(".pdf") and funder in n]
    check(len(names) == 1, f"one PDF names {funder}: {names}")
    return names[0]


def sha(path_or_bytes):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb").read()
    return hashlib.sha256(data).hexdigest()


def parse(content):
    return email.message_from_bytes(content, policy=email.policy.default)


def check_message(msg, funder, wb, out, draft=False):
    """Every header, the body and the attachment bytes of one funder's message."""
    settings, _ = workbook_facts(wb)
    to = msg["To"].addresses
    check(len(to) == 1 and to[0].addr_spec == funder["email"], f"{funder['name']}: To is {msg['To']}")
    check(to[0].display_name == funder["name"], f"{funder['name']}: To name is {to[0].display_name!r}")
    frm = msg["From"].addresses
    check(frm[0].addr_spec == USER and frm[0].display_name == FROM_NAME, f"From is {msg['From']}")
    expected_subject = f"{settings['partnership name']}: impact report {settings['academic year']} for {funder['name']}"
    check(str(msg["Subject"]) == expected_subject, f"{funder['name']}: subject {msg['Subject']!r} != {expected_subject!r}")
    check(re.fullmatch(r"<[^<>@\s]+@example\.org>", msg["Message-ID"] or "") is not None, f"Message-ID {msg['Message-ID']!r}")
    check(msg["Date"] is not None and msg["Date"].datetime is not None, "a Date header")
    check((msg["X-Unsent"] == "1") == draft, f"X-Unsent is {msg['X-Unsent']!r} for draft={draft}")
    body = msg.get_body(("plain",))
    check(body is not None and body.get_content_charset() == "utf-8", "a UTF-8 plain-text body")
    check(body["Content-Transfer-Encoding"] == "quoted-printable", "the body is quoted-printable")
    text = body.get_content()
    check(f"Dear {funder['name']}," in text, f"{funder['name']}: the greeting names the funder")
    check(funder["note"] and funder["note"] in text, f"{funder['name']}: the personal note is in the body")
    check(FROM_NAME in text and settings["partnership name"] in text, "the signature and partnership are in the body")
    check("{" not in text and "}" not in text, "every placeholder is filled")
    atts = list(msg.iter_attachments())
    check(len(atts) == 1, f"{funder['name']}: one attachment, not {len(atts)}")
    if atts:
        pdf = report_for(out, funder["name"])
        check(atts[0].get_content_type() == "application/pdf", "the attachment is application/pdf")
        check(atts[0].get_filename() == pdf, f"attachment name {atts[0].get_filename()!r} != {pdf!r}")
        check(sha(atts[0].get_content()) == sha(os.path.join(out, pdf)), f"{funder['name']}: the attachment's bytes equal the PDF")


def check_all_delivered(sink, wb, out, per_funder=1):
    _, funders = workbook_facts(wb)
    check(len(sink.messages) == per_funder * len(funders), f"{len(sink.messages)} messages for {len(funders)} funders")
    for f in funders:
        mine = [m for m in sink.messages if m[1] == [f["email"]]]
        check(len(mine) == per_funder, f"{f['name']} got {len(mine)} messages")
        for m in mine:
            check(m[0] == USER, f"envelope sender {m[0]}")
            check_message(parse(m[2]), f, wb, out)


def log_rows(out):
    path = os.path.join(out, "Impact send log.csv")
    if not os.path.exists(path):
        return []
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        check(sha(os.path.join(out, r["report"])) == r["sha256"], f"the log's hash for {r['report']}")
    return rows


# ---- the tests -------------------------------------------------------------------------------------

def test_send_all():
    d, wb, out = setup("send_all")
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port))
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        check_all_delivered(sink, wb, out)
        check(r.json["counts"]["sent"] == 6 and r.json["counts"]["failed"] == 0, f"counts {r.json['counts']}")
        check(set(sink.mechanisms) == {"PLAIN"}, f"AUTH PLAIN is used when offered: {sink.mechanisms}")
        rows = log_rows(out)
        check(len(rows) == 6, f"the log has {len(rows)} lines")
        ids = {parse(m[2])["Message-ID"] for m in sink.messages}
        check(ids == {row["message_id"] for row in rows}, "the log's message ids are the messages'")
    finally:
        controller.stop()


def test_send_again_sends_nothing():
    d, wb, out = setup("again")
    controller, sink, port = start_server()
    try:
        first = send(wb, out, env_for(d, port))
        check(first.rc == 0 and len(sink.messages) == 6, f"first run: {first.rc}, {len(sink.messages)}")
        second = send(wb, out, env_for(d, port))
        check(second.rc == 0, f"second run exit code {second.rc}")
        check(len(sink.messages) == 6, f"the second run sent {len(sink.messages) - 6} more")
        check(set(second.statuses().values()) == {"already-sent"}, f"second run statuses {second.statuses()}")
        check(len(log_rows(out)) == 6, "the log still has 6 lines")
    finally:
        controller.stop()


def test_resend():
    d, wb, out = setup("resend")
    controller, sink, port = start_server()
    try:
        send(wb, out, env_for(d, port))
        r = send(wb, out, env_for(d, port), "--resend")
        check(r.rc == 0 and r.json["counts"]["sent"] == 6, f"--resend: {r.rc} {r.json and r.json['counts']}")
        check_all_delivered(sink, wb, out, per_funder=2)
        check(len(log_rows(out)) == 12, "the log records both rounds")
    finally:
        controller.stop()


def test_dry_run():
    d, wb, out = setup("dry_run")
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_PASSWORD=None), "--dry-run")
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        check(len(sink.messages) == 0 and not sink.mechanisms, "a dry run sends nothing")
        check(not os.path.exists(os.path.join(out, "Impact send log.csv")), "a dry run writes no send log")
        _, funders = workbook_facts(wb)
        emls = [n for n in os.listdir(out) if n.endswith(".eml")]
        check(len(emls) == len(funders), f"{len(emls)} drafts for {len(funders)} funders")
        for f in funders:
            entry = next(x for x in r.json["funders"] if x["funder"] == f["name"])
            check(entry["status"] == "draft", f"{f['name']} status {entry['status']}")
            with open(entry["draft"], "rb") as fh:
                raw = fh.read()
            check(b"\r\n" in raw, "the draft has CRLF line ends")
            check_message(parse(raw), f, wb, out, draft=True)
    finally:
        controller.stop()


def test_implicit_tls():
    d, wb, out = setup("implicit_tls")
    controller, sink, port = start_server("tls")
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_TLS="tls"))
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        check_all_delivered(sink, wb, out)
    finally:
        controller.stop()


def test_auth_login():
    d, wb, out = setup("auth_login")
    controller, sink, port = start_server(exclude=["PLAIN"])
    try:
        r = send(wb, out, env_for(d, port))
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        check(set(sink.mechanisms) == {"LOGIN"}, f"AUTH LOGIN when PLAIN is not offered: {sink.mechanisms}")
        check_all_delivered(sink, wb, out)
    finally:
        controller.stop()


def test_untrusted_certificate():
    d, wb, out = setup("untrusted")
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_CA_FILE=None))
        check(r.rc == 3, f"exit code {r.rc}")
        check("certificate is not trusted" in r.stderr and "ca_file" in r.stderr, f"message: {r.stderr}")
        check(len(sink.messages) == 0 and not sink.mechanisms, "nothing sent, no password offered")
        check(set(r.statuses().values()) == {"not-sent"}, f"statuses {r.statuses()}")
        check(not log_rows(out), "no log lines")
    finally:
        controller.stop()


def test_tls_none_remote_refused():
    d, wb, out = setup("tls_none")
    r = send(wb, out, env_for(d, 25, IMPACT_SMTP_TLS="none", IMPACT_SMTP_HOST="smtp.example.org"))
    check(r.rc == 2, f"exit code {r.rc}")
    check("tls = none is refused for smtp.example.org" in r.stderr, f"message: {r.stderr}")
    check(not log_rows(out), "no log")


def test_wrong_password():
    d, wb, out = setup("wrong_password")
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_PASSWORD="Wrong-password-7"))
        check(r.rc == 3, f"exit code {r.rc}")
        check("refused the user name or password for " + USER in r.stderr, f"message: {r.stderr}")
        check(len(sink.messages) == 0, "nothing sent")
    finally:
        controller.stop()


def test_rejected_recipient():
    d, wb, out = setup("rejected")
    _, funders = workbook_facts(wb)
    victim = funders[2]
    controller, sink, port = start_server()
    try:
        sink.reject.add(victim["email"])
        r = send(wb, out, env_for(d, port))
        check(r.rc == 3, f"exit code {r.rc}")
        check(len(sink.messages) == 5, f"the others are delivered: {len(sink.messages)}")
        check(victim["name"] in r.stderr and "did not get their report" in r.stderr and "550" in r.stderr, f"message: {r.stderr}")
        check(r.statuses()[victim["name"]] == "failed", f"statuses {r.statuses()}")
        rows = log_rows(out)
        check(len(rows) == 5 and victim["email"] not in {x["address"] for x in rows}, "the log is true")
        sink.reject.clear()
        again = send(wb, out, env_for(d, port))
        check(again.rc == 0, f"rerun exit code {again.rc}")
        check(len(sink.messages) == 6 and sink.messages[-1][1] == [victim["email"]], "the rerun sends only the missing one")
        check_all_delivered(sink, wb, out)
    finally:
        controller.stop()


def test_dropped_connection():
    d, wb, out = setup("dropped")
    _, funders = workbook_facts(wb)
    victim = funders[1]
    controller, sink, port = start_server()
    try:
        sink.drop.add(victim["email"])
        r = send(wb, out, env_for(d, port))
        check(r.rc == 3, f"exit code {r.rc}")
        check(victim["name"] in r.stderr and "connection was lost" in r.stderr, f"message: {r.stderr}")
        check(len(sink.messages) == 5, f"the others are delivered after reconnecting: {len(sink.messages)}")
        rows = log_rows(out)
        check(len(rows) == 5 and victim["email"] not in {x["address"] for x in rows}, "the log is true")
        again = send(wb, out, env_for(d, port))
        check(again.rc == 0 and len(sink.messages) == 6 and sink.messages[-1][1] == [victim["email"]],
              "the rerun sends only the missing one")
        check_all_delivered(sink, wb, out)
    finally:
        controller.stop()


def test_pupil_name_in_pdf():
    wb0 = os.path.join(ARGS.samples, SAMPLE)
    name = pupil_name(wb0)
    tpl = json.load(open(os.path.join(os.path.dirname(ARGS.samples), "templates", "reports", "funder.json"), encoding="utf-8"))
    tpl["sections"].insert(0, {"type": "text", "heading": "Thanks", "text": f"Special thanks to {name} for the poster."})
    os.makedirs(ARGS.work, exist_ok=True)
    custom = work("funder-with-name.json")
    json.dump(tpl, open(custom, "w", encoding="utf-8"))
    d, wb, out = setup("pupil_pdf", funder_template=custom)
    pdf = os.path.join(out, report_for(out, "St Peter's School"))
    check(name.encode() not in open(pdf, "rb").read(), "the name is not visible to a byte search (compressed, glyph codes)")
    # Caught when the report was made, from the text it drew: the record says so.
    record = {e["file"]: e for e in json.load(open(os.path.join(out, RECORD), encoding="utf-8"))["reports"]}
    check(record[os.path.basename(pdf)]["names_check"] == "failed", f"the record: {record[os.path.basename(pdf)]}")
    check(all(e["names_check"] == "passed" for e in record.values() if e["audience"] == "governors"),
          "the governors' brief (standard template) is not marked")
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port), "--funder-template", custom)
        check(r.rc == 3, f"exit code {r.rc}")
        check("contains the name of a pupil" in r.stderr, f"message: {r.stderr}")
        check(name not in r.stderr, "the message does not print the child's name")
        check(len(sink.messages) == 0 and not sink.mechanisms, "nothing sent, no connection made")
        check(not log_rows(out), "no log")
    finally:
        controller.stop()


def test_pupil_name_in_note():
    name = pupil_name(os.path.join(ARGS.samples, SAMPLE))

    def edit(book):
        book["Funders"]["D3"] = f"Thank you, and {name} says hello!"
    d, wb, out = setup("pupil_note", edit=edit)
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port))
        check(r.rc == 3, f"exit code {r.rc}")
        check("personal note" in r.stderr and "pupil" in r.stderr, f"message: {r.stderr}")
        check(len(sink.messages) == 0, "nothing sent")
        r2 = send(wb, out, env_for(d, port, IMPACT_SMTP_PASSWORD=None), "--dry-run")
        check(r2.rc == 3 and not [n for n in os.listdir(out) if n.endswith(".eml")], "no drafts either")
    finally:
        controller.stop()


def refused_before_sending(name, change, expect):
    """Reports made, then `change(out, pdf)` to the first funder's PDF or the record: the send and
    the dry run both stop before anything leaves, naming the PDF and saying to run `impact report`."""
    d, wb, out = setup(name)
    _, funders = workbook_facts(wb)
    pdf = report_for(out, funders[0]["name"])
    change(out, pdf)
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port))
        check(r.rc == 3, f"exit code {r.rc}: {r.stderr}")
        check(pdf in r.stderr and expect in r.stderr, f"the message names {pdf} and says {expect!r}: {r.stderr}")
        check("impact report" in r.stderr, f"the message says to run 'impact report': {r.stderr}")
        check(r.json and r.json["stopped"] and all(f["status"] == "not-sent" for f in r.json["funders"]),
              f"every funder not sent: {r.json}")
        check(len(sink.messages) == 0 and not sink.mechanisms, "nothing sent, no connection made")
        check(not log_rows(out), "no log")
        dry = send(wb, out, env_for(d, port, IMPACT_SMTP_PASSWORD=None), "--dry-run")
        check(dry.rc == 3 and pdf in dry.stderr, f"the dry run stops too: {dry.rc} {dry.stderr}")
        check(not [n for n in os.listdir(out) if n.endswith(".eml")], "no drafts")
    finally:
        controller.stop()


def test_pdf_changed_after_report():
    def append_a_byte(out, pdf):
        with open(os.path.join(out, pdf), "ab") as f:
            f.write(b"\n")
    refused_before_sending("changed", append_a_byte, "has changed since 'impact report' made it")


def test_pdf_without_record():
    refused_before_sending("no_record", lambda out, pdf: os.remove(os.path.join(out, RECORD)), "there is no " + RECORD)


def test_record_says_names_found():
    def mark_failed(out, pdf):
        path = os.path.join(out, RECORD)
        record = json.load(open(path, encoding="utf-8"))
        entry = next(e for e in record["reports"] if e["file"] == pdf)
        check(entry["names_check"] == "passed" and entry["sha256"] == sha(os.path.join(out, pdf)),
              f"the record as made: {entry}")
        entry["names_check"], entry["pupil_names_found"] = "failed", 1
        json.dump(record, open(path, "w", encoding="utf-8"))
    refused_before_sending("record_names", mark_failed, "contains the name of a pupil")


def test_missing_email_and_pdf():
    def edit(book):
        book["Funders"]["B2"] = None
    d, wb, out = setup("missing", edit=edit)
    _, funders = workbook_facts(wb)
    os.remove(os.path.join(out, report_for(out, funders[1]["name"])))
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port))
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        st = {f["funder"]: f for f in r.json["funders"]}
        check(st[funders[0]["name"]]["status"] == "skipped" and "no email address" in st[funders[0]["name"]]["reason"],
              f"no address: {st[funders[0]['name']]}")
        check(st[funders[1]["name"]]["status"] == "skipped" and "no report" in st[funders[1]["name"]]["reason"],
              f"no PDF: {st[funders[1]['name']]}")
        check(funders[0]["name"] in r.stderr and funders[1]["name"] in r.stderr, "both are reported")
        check(len(sink.messages) == 4, f"the other four are sent: {len(sink.messages)}")
    finally:
        controller.stop()


def test_no_password_no_terminal():
    d, wb, out = setup("no_password")
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_PASSWORD=None))
        check(r.rc == 2, f"exit code {r.rc}")
        check("IMPACT_SMTP_PASSWORD" in r.stderr, f"message: {r.stderr}")
        check(len(sink.messages) == 0, "nothing sent")
    finally:
        controller.stop()


def test_password_prompt():
    d, wb, out = setup("prompt")
    controller, sink, port = start_server()
    try:
        env = env_for(d, port, IMPACT_SMTP_PASSWORD=None)
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(ARGS.impact, [ARGS.impact, "send", wb, "--out", out], env)
        seen = b""
        deadline = time.time() + 60
        prompt = re.compile(rb"Password for \S+ at \S+: ")
        while not prompt.search(seen) and time.time() < deadline:
            seen += os.read(fd, 1024)
        check(b"Password for " + USER.encode() in seen, f"a prompt: {seen!r}")
        time.sleep(0.3)
        os.write(fd, PASSWORD.encode() + b"\n")
        rest = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            rest += chunk
        _, status = os.waitpid(pid, 0)
        check(os.waitstatus_to_exitcode(status) == 0, f"exit code {status}: {rest!r}")
        check(PASSWORD.encode() not in seen + rest, "the typed password is not echoed")
        check(len(sink.messages) == 6, f"{len(sink.messages)} sent after typing the password")
    finally:
        controller.stop()


def test_password_never_written():
    d, wb, out = setup("never_written")
    controller, sink, port = start_server()
    try:
        send(wb, out, env_for(d, port))
        sink.reject.add(workbook_facts(wb)[1][0]["email"])
        send(wb, out, env_for(d, port), "--resend")
        send(wb, out, env_for(d, port, IMPACT_SMTP_CA_FILE=None), "--resend")
        send(wb, out, env_for(d, port), "--dry-run", "--resend")
        check(len(sink.messages) >= 6, "messages were sent")
        files = 0
        for root, _, names in os.walk(d):
            for n in names:
                files += 1
                with open(os.path.join(root, n), "rb") as fh:
                    data = fh.read()
                check(PASSWORD.encode() not in data, f"the password is in {n}")
                check(PASSWORD.encode("utf-16-le") not in data, f"the password (UTF-16) is in {n}")
        check(files >= 15, f"{files} files were searched")
    finally:
        controller.stop()


def test_config_file():
    """[mail] from a settings file given with --config (only the password in the environment),
    with the coordinator's own email template."""
    d, wb, out = setup("config_file")
    controller, sink, port = start_server()
    try:
        tpl = os.path.join(d, "my email.txt")
        with open(tpl, "w", encoding="utf-8") as f:
            f.write("Subject: Rapport – {funder} – £ {year}\n\nBonjour {contact},\n{note}\n{coordinator} ({report_title})\n")
        ini = os.path.join(d, "settings.ini")
        with open(ini, "w", encoding="utf-8") as f:
            f.write(f"[impact]\nworkbook = {wb}\n\n[mail]\nhost = 127.0.0.1\nport = {port}\ntls = starttls   ; starttls | tls | none\n"
                    f"user = {USER}\nfrom = {FROM}\nca_file = {certificate()[0]}\ntemplate = {tpl}\n")
        env = env_for(d, port)
        for k in ("IMPACT_SMTP_HOST", "IMPACT_SMTP_PORT", "IMPACT_SMTP_TLS", "IMPACT_SMTP_USER", "IMPACT_MAIL_FROM", "IMPACT_SMTP_CA_FILE"):
            env.pop(k)
        r = send(wb, out, env, "--config", ini)
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        settings, funders = workbook_facts(wb)
        check(len(sink.messages) == len(funders), f"{len(sink.messages)} messages")
        for m in sink.messages:
            msg = parse(m[2])
            f = next(x for x in funders if [x["email"]] == m[1])
            check(str(msg["Subject"]) == f"Rapport – {f['name']} – £ {settings['academic year']}", f"subject {msg['Subject']!r}")
            text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")  # CRLF on the wire
            check(text == f"Bonjour {f['name']},\n{f['note']}\n{settings['coordinator']} ({settings['report title']})\n", f"body {text!r}")
        missing = send(wb, out, env, "--config", os.path.join(d, "nope.ini"))
        check(missing.rc == 2 and "nope.ini" in missing.stderr, f"a missing --config file: {missing.rc} {missing.stderr}")
    finally:
        controller.stop()


def test_from_settings():
    """`impact send` with no WORKBOOK and no --out: the workbooks in the settings file, each from the
    folder `impact run` wrote its PDFs to; with a WORKBOOK and no settings, the folder beside it."""
    d, wb, out = setup("from_settings")
    ini = os.path.join(d, "impact.ini")
    r = subprocess.run([ARGS.impact, "run", "--setup", wb, "--out", out, "--config", ini], capture_output=True, text=True)
    check(r.returncode == 0, f"run --setup: {r.returncode} {r.stderr}")
    controller, sink, port = start_server()
    try:
        one = send_args(env_for(d, port), "--config", ini)
        check(one.rc == 0, f"exit code {one.rc}: {one.stderr}")
        check(one.json and one.json["out"] == out and os.path.samefile(one.json["workbook"], wb), f"sent from {one.json and one.json['out']}")
        check_all_delivered(sink, wb, out)
        check(len(log_rows(out)) == 6, "the send log is in the settings' reports folder")
    finally:
        controller.stop()

    # Two workbooks and one output folder: a subfolder each, as `impact run` makes them.
    wb2 = os.path.join(d, "second.xlsx")
    shutil.copy(wb, wb2)
    reports = os.path.join(d, "reports")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(f"[impact]\nworkbook = {wb}\nworkbook2 = {wb2}\noutput = {reports}\nopen_folder = no\n")
    r = subprocess.run([ARGS.impact, "run", "--config", ini], capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1760000000"), timeout=170)
    check(r.returncode == 0, f"impact run with two workbooks: {r.returncode} {r.stderr[-500:]}")
    both = send_args(env_for(d, 1, IMPACT_SMTP_PASSWORD=None), "--config", ini, "--dry-run")
    check(both.rc == 0, f"dry run of two workbooks: {both.rc} {both.stderr}")
    results = both.json.get("results", []) if both.json else []
    check([x["out"] for x in results] == [os.path.join(reports, "york-masterclasses"), os.path.join(reports, "second")],
          f"folders {[x['out'] for x in results]}")
    for x in results:
        check(x["counts"]["draft"] == 6, f"{x['out']}: {x['counts']}")
    wrong = send_args(env_for(d, 1), "--config", ini, "--out", out)
    check(wrong.rc == 2 and "Name the WORKBOOK" in wrong.stderr, f"--out with two workbooks: {wrong.rc} {wrong.stderr}")

    # A WORKBOOK the settings do not name, without --out: the reports beside it.
    lone = os.path.join(d, "lone", "Lone partnership.xlsx")
    os.makedirs(os.path.dirname(lone))
    shutil.copy(wb, lone)
    r = subprocess.run([ARGS.impact, "report", lone, "--no-writeback"], capture_output=True, text=True)
    check(r.returncode == 0, f"report beside the workbook: {r.stderr}")
    beside = send_args(env_for(d, 1, IMPACT_SMTP_PASSWORD=None), lone, "--config", ini, "--dry-run")
    check(beside.rc == 0 and beside.json and beside.json["out"] == os.path.join(d, "lone", "Lone partnership - Impact reports"),
          f"beside: {beside.rc} {beside.json and beside.json['out']} {beside.stderr}")
    nothing = send_args(env_for(d, 1), "--config", os.path.join(d, "none.ini"))
    check(nothing.rc == 2 and "impact run --setup" in nothing.stderr, f"no WORKBOOK, no settings: {nothing.rc} {nothing.stderr}")


def test_several_addresses():
    """An email cell as coordinators type it: two addresses (one message to both), a display name
    (kept in To), a bad address among good ones (that funder skipped, named, the rest sent)."""
    def edit(book):
        ws = book["Funders"]
        ws["B2"] = "bursar.stpeters@example.org; Finance Office <finance@stpeters.example.org>"
        ws["B3"] = "The Head <head.minstercourt@example.org>"
        ws["B4"] = "head.huntington@example.org, Head of finance"
    d, wb, out = setup("several", edit=edit)
    controller, sink, port = start_server()
    try:
        r = send(wb, out, env_for(d, port))
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        by_funder = {f["funder"]: f for f in (r.json or {}).get("funders", [])}
        peter = [m for m in sink.messages if "bursar.stpeters@example.org" in m[1]]
        check(len(peter) == 1 and sorted(peter[0][1]) == ["bursar.stpeters@example.org", "finance@stpeters.example.org"],
              f"St Peter's envelope: {[m[1] for m in peter]}")
        if peter:
            to = parse(peter[0][2])["To"].addresses
            check([(a.display_name, a.addr_spec) for a in to] == [("", "bursar.stpeters@example.org"), ("Finance Office", "finance@stpeters.example.org")],
                  f"St Peter's To: {to}")
        minster = [m for m in sink.messages if m[1] == ["head.minstercourt@example.org"]]
        check(len(minster) == 1, f"Minster Court: {len(minster)} messages")
        if minster:
            to = parse(minster[0][2])["To"].addresses
            check(to[0].display_name == "The Head", f"Minster Court To: {to}")
        hunt = by_funder.get("Huntington School", {})
        check(hunt.get("status") == "skipped" and "'Head of finance' is not an email address" in hunt.get("reason", ""), f"Huntington: {hunt}")
        check(not any("head.huntington@example.org" in m[1] for m in sink.messages), "nobody on a half-readable list is emailed")
        check(len(sink.messages) == 5, f"{len(sink.messages)} messages")
        rows = {x["funder"]: x["address"] for x in log_rows(out)}
        check(rows.get("St Peter's School") == "bursar.stpeters@example.org, finance@stpeters.example.org", f"log: {rows}")
        again = send(wb, out, env_for(d, port))
        check(len(sink.messages) == 5 and again.statuses().get("St Peter's School") == "already-sent",
              f"second run: {len(sink.messages)} messages, {again.statuses()}")
        checked = subprocess.run([ARGS.impact, "check", wb, "--json"], capture_output=True, text=True)
        issues = [i for i in json.loads(checked.stdout)["issues"] if i["rule"] == "email-invalid"]
        check([i["cell"] for i in issues] == ["B4"] and "Head of finance" in issues[0]["message"], f"check's email issues: {issues}")
    finally:
        controller.stop()


def test_certificate_wrong_host():
    """A certificate the CA file trusts, but for another host name: refused all the same."""
    d, wb, out = setup("wrong_host")
    cert, key = work("other-cert.pem"), work("other-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=mail.example.org", "-addext", "subjectAltName=DNS:mail.example.org"], check=True, capture_output=True)
    controller, sink, port = start_server(cert_pair=(cert, key))
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_CA_FILE=cert))
        check(r.rc == 3, f"exit code {r.rc}")
        check("not trusted" in r.stderr, f"message: {r.stderr}")
        check(len(sink.messages) == 0 and not sink.mechanisms, "nothing sent, no password offered")
    finally:
        controller.stop()


def test_tls_none_loopback():
    """tls = none is allowed to this computer (a local relay), and still logs in and delivers."""
    d, wb, out = setup("tls_none_loopback")
    controller, sink, port = start_server("none")
    try:
        r = send(wb, out, env_for(d, port, IMPACT_SMTP_TLS="none", IMPACT_SMTP_CA_FILE=None))
        check(r.rc == 0, f"exit code {r.rc}: {r.stderr}")
        check(set(sink.mechanisms) == {"PLAIN"}, f"logged in: {sink.mechanisms}")
        check_all_delivered(sink, wb, out)
    finally:
        controller.stop()


def add_arguments(p):
    p.add_argument("--samples", required=True)


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments))
