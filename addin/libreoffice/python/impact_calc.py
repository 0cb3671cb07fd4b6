# Impact for LibreOffice Calc: the three entries of the "Impact" menu (Addons.xcu).
#
# Each entry works on the document in the current window: it makes sure the document is an .xlsx or
# .xlsm saved on disk (Impact reads only those), stores it if it was modified, runs the Impact
# program on the file (never through a shell), and shows the result in a dialog.
#
# "Build summary" and "Make reports" let `impact report` rewrite the file, and Impact refuses a
# workbook that is open elsewhere: LibreOffice keeps a lock file ".~lock.NAME#" beside the document
# while it is open. So the document is closed (which removes the lock), Impact runs, and the
# document is loaded again, hidden or not as it was, now with the Impact sheets.
#
# Every entry returns what it showed as a JSON string (and keeps it in LAST_RESULT), so the logic
# can be tested through the script provider without looking at dialogs. Under soffice --headless,
# VCL answers message boxes at once without showing them (see docs/libreoffice.md).

import functools
import json
import os
import shutil
import subprocess
import sys

import uno
from com.sun.star.beans import PropertyValue

# The words the coordinator sees. {placeholders} are filled in by the code.
MESSAGES = {
    "title": "Impact",
    "no_document": "Open a workbook in Calc first, then choose this entry of the Impact menu again.",
    "unsaved": "This workbook has not been saved yet. Impact reads Excel workbooks (.xlsx or .xlsm): "
               "save it with File > Save As, choosing \"Excel 2007-365 (.xlsx)\", then try again.",
    "not_local": "\"{name}\" is not saved on this computer. Impact works on files on disk: save a copy in a "
                 "folder on this computer (File > Save As, \"Excel 2007-365 (.xlsx)\"), then try again.",
    "not_xlsx": "\"{name}\" is not an Excel workbook. Impact reads only .xlsx and .xlsm files: save a copy "
                "with File > Save As, choosing \"Excel 2007-365 (.xlsx)\", open that copy and try again.",
    "not_found": "The Impact program was not found, so the Impact menu cannot run.\n\n"
                 "Install Impact on this computer (it provides the program \"impact\"), then do one of:\n"
                 " - put it on the PATH, or\n"
                 " - set the environment variable IMPACT_BIN to the program's full path, or\n"
                 " - write the program's full path on the first line of the text file\n   {settings}\n\n"
                 "{detail}",
    "bin_env_bad": "IMPACT_BIN is set to \"{path}\", which is not a program that can be run.",
    "bin_file_bad": "{settings} names \"{path}\", which is not a program that can be run.",
    "not_searched": "It is not on the PATH and no path is set.",
    "store_failed": "LibreOffice could not save \"{name}\" before running Impact ({error}). Save it yourself "
                    "(File > Save, keeping the Excel format), then try again.",
    "close_refused": "\"{name}\" could not be closed for Impact to write to it ({error}). Finish what is "
                     "in progress in this window (a dialog or an edit), then try again.",
    "run_failed": "Impact could not be started ({error}).",
    "timeout": "Impact did not finish within {seconds} seconds and was stopped. The workbook was not changed.",
    "unreadable": "Impact could not read \"{name}\":\n\n{detail}",
    "write_failed": "Impact could not write to \"{name}\":\n\n{detail}",
    "crashed": "Something went wrong in the Impact menu ({error}). If the workbook's window has closed, open "
               "it again with File > Open: it was saved before Impact ran.",
    "unexpected": "Impact stopped with exit code {code}:\n\n{detail}",
    "check_clean": "No problems found in \"{name}\". Impact read {sheets} sheet(s).",
    "check_head": "Impact found {errors} error(s), {warnings} warning(s) and {infos} note(s) in \"{name}\".",
    "check_selected": "The first error's cell, {where}, is selected.",
    "check_more": "... and {n} more: see the 'Impact Data Issues' sheet after Build summary.",
    "summary_done": "The Impact sheets were added to \"{name}\": {sheets}.\n"
                    "The previous version is kept as \"{backup}\".",
    "summary_errors": "{errors} data error(s) remain: they are listed on the 'Impact Data Issues' sheet, "
                      "each a link to its cell.",
    "reports_done": "The PDF reports were written to the folder\n{folder}\n\n{files}",
    "reports_errors": "The PDF reports were not made: {errors} data error(s) remain. Fix them (Impact > Check "
                      "shows each at its cell), then choose Make reports again.",
    "reports_open": "Open the folder now?",
    "reopen_failed": "Impact finished, but LibreOffice could not open \"{name}\" again ({error}). Open it "
                     "yourself with File > Open.",
}

# Longest a run may take: big workbooks take seconds, not minutes.
TIMEOUT_SECONDS = 600
# The file (in LibreOffice's user profile) where a coordinator can write the program's path.
SETTINGS_FILE = "impact/impact-path.txt"

LAST_RESULT = {}


def _context():
    return XSCRIPTCONTEXT.getComponentContext()  # noqa: F821 (provided by the script framework)


def _create(name):
    ctx = _context()
    return ctx.ServiceManager.createInstanceWithContext(name, ctx)


def _desktop():
    return XSCRIPTCONTEXT.getDesktop()  # noqa: F821


def _current_document():
    doc = XSCRIPTCONTEXT.getDocument()  # noqa: F821
    if doc is None:
        doc = _desktop().getCurrentComponent()
    if doc is None or not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        return None
    return doc


def _props(**values):
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name = name
        p.Value = value
        out.append(p)
    return tuple(out)


def _arg(doc, name, default=None):
    for p in doc.getArgs():
        if p.Name == name:
            return p.Value
    return default


# ---------------------------------------------------------------------------------------------
# Dialogs


def _show(doc, text, kind="info", ask=False):
    """Shows a message box; returns True when the user answered Yes to a question."""
    from com.sun.star.awt.MessageBoxType import INFOBOX, WARNINGBOX, ERRORBOX, QUERYBOX
    from com.sun.star.awt.MessageBoxButtons import BUTTONS_OK, BUTTONS_YES_NO
    types = {"info": INFOBOX, "warning": WARNINGBOX, "error": ERRORBOX, "query": QUERYBOX}
    try:
        parent = None
        if doc is not None:
            parent = doc.getCurrentController().getFrame().getContainerWindow()
        if parent is None:
            frame = _desktop().getCurrentFrame()
            parent = frame.getContainerWindow() if frame is not None else None
        toolkit = _create("com.sun.star.awt.Toolkit")
        box = toolkit.createMessageBox(parent, types["query" if ask else kind],
                                       BUTTONS_YES_NO if ask else BUTTONS_OK, MESSAGES["title"], text)
        answer = box.execute()
        box.dispose()
        LAST_RESULT["dialog_answer"] = answer
        return ask and answer == 2  # MessageBoxResults.YES
    except Exception as e:  # a dialog that cannot be shown must not hide the result
        print("Impact: could not show a dialog (%s): %s" % (e, text), file=sys.stderr)
        return False


def _finish(doc, status, message, kind="info", **extra):
    """Records what the entry did, shows it, and returns it as JSON for the caller."""
    global LAST_RESULT
    LAST_RESULT = dict(status=status, message=message, **extra)
    ask = extra.get("folder") is not None and status == "ok"
    if ask:
        LAST_RESULT["question"] = MESSAGES["reports_open"]
    text = message + ("\n\n" + MESSAGES["reports_open"] if ask else "")
    if _show(doc, text, kind, ask=ask):
        LAST_RESULT["opened_folder"] = True
        try:
            shell = _create("com.sun.star.system.SystemShellExecute")
            shell.execute(uno.systemPathToFileUrl(extra["folder"]), "", 0)
        except Exception as e:
            print("Impact: could not open %s: %s" % (extra["folder"], e), file=sys.stderr)
    return json.dumps(LAST_RESULT)


# ---------------------------------------------------------------------------------------------
# Finding the document and the program


def _workbook_path(doc):
    """The document's path on disk, or (None, why not: "unsaved", "not-local" or "not-xlsx")."""
    url = doc.getURL()
    if not url:
        return None, "unsaved"
    if not url.startswith("file:"):
        return None, "not-local"
    path = uno.fileUrlToSystemPath(url)
    name = os.path.basename(path)
    # The name and the format LibreOffice keeps it in must both be Excel's (e.g. not an .ods renamed).
    kept_as = str(_arg(doc, "FilterName", ""))
    excel_format = "Excel 2007" in kept_as or "Office Open XML" in kept_as
    if not name.lower().endswith((".xlsx", ".xlsm")) or not excel_format:
        return None, "not-xlsx"
    return path, None


def _settings_path():
    subst = _create("com.sun.star.util.PathSubstitution")
    user = subst.substituteVariables("$(user)", True)
    return uno.fileUrlToSystemPath(user + "/" + SETTINGS_FILE)


def _runnable(path):
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def find_impact():
    """The Impact program: IMPACT_BIN, else `impact` on the PATH, else the settings file.
    Returns (path, None) or (None, message naming what to do)."""
    settings = _settings_path()
    env = os.environ.get("IMPACT_BIN", "").strip()
    if env:
        if _runnable(env):
            return env, None
        return None, MESSAGES["not_found"].format(settings=settings,
                                                  detail=MESSAGES["bin_env_bad"].format(path=env))
    on_path = shutil.which("impact")
    if on_path:
        return on_path, None
    try:
        with open(settings, encoding="utf-8") as f:
            written = f.readline().strip()
    except OSError:
        written = ""
    if written:
        if _runnable(written):
            return written, None
        return None, MESSAGES["not_found"].format(
            settings=settings, detail=MESSAGES["bin_file_bad"].format(settings=settings, path=written))
    return None, MESSAGES["not_found"].format(settings=settings, detail=MESSAGES["not_searched"])


def _run(program, args, folder):
    """Runs Impact (a list, never a shell); returns (exit code, stdout, stderr)."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window on Windows
    done = subprocess.run([program] + args, cwd=folder, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=TIMEOUT_SECONDS,
                          creationflags=flags)
    return done.returncode, done.stdout, done.stderr


def _prepare(doc):
    """Common start of every entry: (path, program, None) or (None, None, result JSON)."""
    if doc is None:
        return None, None, _finish(None, "no-document", MESSAGES["no_document"], "warning")
    path, refusal = _workbook_path(doc)
    if refusal == "unsaved":
        return None, None, _finish(doc, refusal, MESSAGES["unsaved"], "warning")
    if refusal:
        name = uno.fileUrlToSystemPath(doc.getURL()) if refusal == "not-xlsx" else doc.getURL()
        text = MESSAGES[refusal.replace("-", "_")].format(name=name.rstrip("/").rsplit("/", 1)[-1])
        return None, None, _finish(doc, refusal, text, "warning")
    program, missing = find_impact()
    if missing:
        return None, None, _finish(doc, "not-found", missing, "error")
    if doc.isModified():
        try:
            doc.store()
        except Exception as e:
            return None, None, _finish(doc, "store-failed", MESSAGES["store_failed"].format(
                name=os.path.basename(path), error=_error_text(e)), "error")
    return path, program, None


def _error_text(e):
    return getattr(e, "Message", "") or str(e) or type(e).__name__


def _failure(doc, path, code, stderr):
    name = os.path.basename(path)
    detail = stderr.strip()
    if code == 2:
        return _finish(doc, "unreadable", MESSAGES["unreadable"].format(name=name, detail=detail), "error", code=code)
    if code == 3:
        return _finish(doc, "write-failed", MESSAGES["write_failed"].format(name=name, detail=detail), "error",
                       code=code)
    return _finish(doc, "failed", MESSAGES["unexpected"].format(code=code, detail=detail), "error", code=code)


# ---------------------------------------------------------------------------------------------
# Check


def _issue_line(issue):
    where = issue.get("sheet") or "Workbook"
    if issue.get("cell"):
        where += "!" + issue["cell"]
    line = "  %-8s %s  %s" % (issue.get("severity", ""), where, issue.get("message", ""))
    if issue.get("suggestion"):
        line += " " + issue["suggestion"]
    return line


def _select(doc, sheet, cell):
    try:
        target = doc.getSheets().getByName(sheet).getCellRangeByName(cell)
        doc.getCurrentController().select(target)
        return True
    except Exception as e:
        print("Impact: could not select %s!%s: %s" % (sheet, cell, e), file=sys.stderr)
        return False


def _entry(function):
    """A menu entry: whatever goes wrong ends in a dialog, not in a Python traceback."""
    @functools.wraps(function)
    def run(*args):
        try:
            return function(*args)
        except Exception as e:
            try:
                doc = _current_document()
            except Exception:
                doc = None
            return _finish(doc, "crashed", MESSAGES["crashed"].format(error=_error_text(e)), "error")
    return run


@_entry
def check(*_args):
    """Impact > Check: the workbook's issues, grouped by sheet; the first error's cell selected."""
    doc = _current_document()
    path, program, refused = _prepare(doc)
    if refused:
        return refused
    try:
        code, out, err = _run(program, ["check", "--json", path], os.path.dirname(path))
    except subprocess.TimeoutExpired:
        return _finish(doc, "timeout", MESSAGES["timeout"].format(seconds=TIMEOUT_SECONDS), "error")
    except OSError as e:
        return _finish(doc, "run-failed", MESSAGES["run_failed"].format(error=e), "error")
    if code not in (0, 1):
        return _failure(doc, path, code, err)
    try:
        result = json.loads(out)
    except ValueError:
        return _failure(doc, path, code, err or out)
    issues = result.get("issues", [])
    counts = result.get("counts", {})
    name = os.path.basename(path)
    if not issues:
        return _finish(doc, "ok", MESSAGES["check_clean"].format(name=name, sheets=len(result.get("sheets", []))),
                       code=code, issues=[], counts=counts)
    lines = [MESSAGES["check_head"].format(errors=counts.get("error", 0), warnings=counts.get("warning", 0),
                                           infos=counts.get("info", 0), name=name)]
    # Grouped by sheet in the order the sheets come, workbook-wide issues last; errors first within a sheet.
    order = [s["name"] for s in result.get("sheets", [])]
    groups = {}
    for issue in issues:
        groups.setdefault(issue.get("sheet") or "", []).append(issue)
    rank = {"error": 0, "warning": 1, "info": 2}
    shown, limit = 0, 60
    for sheet in sorted(groups, key=lambda s: (s == "", order.index(s) if s in order else len(order))):
        lines.append("")
        lines.append("Sheet '%s'" % sheet if sheet else "The whole workbook")
        for issue in sorted(groups[sheet], key=lambda i: rank.get(i.get("severity"), 3)):
            if shown < limit:
                lines.append(_issue_line(issue))
            shown += 1
    if shown > limit:
        lines.append(MESSAGES["check_more"].format(n=shown - limit))
    first = next((i for i in issues if i.get("severity") == "error" and i.get("sheet") and i.get("cell")), None)
    selected = None
    if first and _select(doc, first["sheet"], first["cell"]):
        selected = "%s!%s" % (first["sheet"], first["cell"])
        lines.insert(1, MESSAGES["check_selected"].format(where=selected))
    return _finish(doc, "ok", "\n".join(lines), "warning" if counts.get("error") else "info",
                   code=code, issues=issues, counts=counts, selected=selected)


# ---------------------------------------------------------------------------------------------
# Build summary and Make reports: close, run `impact report`, reopen


def _close_for_impact(doc):
    """Closes the document (its lock file goes with it).
    Returns (url, load arguments, its window's frame or None, the sheet names it had)."""
    url = doc.getURL()
    hidden = bool(_arg(doc, "Hidden", False))
    frame = doc.getCurrentController().getFrame()
    names = doc.getSheets().getElementNames()
    # Detach the document from its window first, so the window can take the reopened one.
    try:
        if not frame.setComponent(None, None):
            frame = None
    except Exception:
        frame = None
    try:
        doc.close(True)
    except Exception:
        if frame is not None:  # do not leave an empty window: show the (stored) document again
            try:
                frame.loadComponentFromURL(url, "_self", 0, _props(Hidden=hidden))
            except Exception:
                pass
        raise
    return url, _props(Hidden=hidden), frame, names


def _reopen(url, args, frame):
    """The document loaded again: in its own window when possible. Returns (document, same window)."""
    if frame is not None:
        try:
            doc = frame.loadComponentFromURL(url, "_self", 0, args)
            if doc is not None:
                return doc, True
        except Exception as e:
            print("Impact: reopening in the same window failed (%s); opening a new one" % e, file=sys.stderr)
        try:
            frame.dispose()
        except Exception:
            pass
    return _desktop().loadComponentFromURL(url, "_blank", 0, args), False


def _report(pdfs):
    doc = _current_document()
    path, program, refused = _prepare(doc)
    if refused:
        return refused
    name = os.path.basename(path)
    try:
        url, args, frame, before = _close_for_impact(doc)
    except Exception as e:
        return _finish(doc, "close-refused", MESSAGES["close_refused"].format(name=name, error=_error_text(e)),
                       "error")
    argv = ["report", path] + ([] if pdfs else ["--no-pdf"])
    try:
        code, _out, err = _run(program, argv, os.path.dirname(path))
    except subprocess.TimeoutExpired:
        code, err = None, MESSAGES["timeout"].format(seconds=TIMEOUT_SECONDS)
    except OSError as e:
        code, err = None, MESSAGES["run_failed"].format(error=e)
    try:
        doc, same_window = _reopen(url, args, frame)
    except Exception as e:
        return _finish(None, "reopen-failed", MESSAGES["reopen_failed"].format(name=name, error=_error_text(e)),
                       "error", code=code)
    if code is None:
        return _finish(doc, "failed", err, "error")
    if code not in (0, 1):
        return _failure(doc, path, code, err)
    # Impact's sheets, and the proposed indicators sheet when it was added this time.
    sheets = [s for s in doc.getSheets().getElementNames() if s.startswith("Impact ") or s not in before]
    stem, ext = os.path.splitext(name)
    lines = [MESSAGES["summary_done"].format(name=name, sheets=", ".join(sheets), backup=stem + ".backup" + ext)]
    errors = _error_count(err)
    if code == 1:
        lines.append(MESSAGES["summary_errors"].format(errors=errors))
    extra = dict(code=code, sheets=sheets, log=err.strip(), same_window=same_window)
    if pdfs:
        folder = os.path.join(os.path.dirname(path), stem + " - Impact reports")
        if code == 0:
            files = sorted(f for f in os.listdir(folder) if f.lower().endswith(".pdf")) if os.path.isdir(folder) else []
            lines.append(MESSAGES["reports_done"].format(folder=folder, files="\n".join(files)))
            return _finish(doc, "ok", "\n\n".join(lines), "info", folder=folder, files=files, **extra)
        lines.append(MESSAGES["reports_errors"].format(errors=errors))
    return _finish(doc, "ok", "\n\n".join(lines), "warning" if code == 1 else "info", **extra)


def _error_count(stderr):
    # `impact report` says "N data error(s) remain" on its last lines.
    for line in stderr.splitlines():
        words = line.split()
        if len(words) > 2 and words[0].isdigit() and words[1] == "data" and words[2].startswith("error"):
            return int(words[0])
    return "some"


@_entry
def build_summary(*_args):
    """Impact > Build summary: the Impact sheets written into the workbook, which is reopened."""
    return _report(pdfs=False)


@_entry
def make_reports(*_args):
    """Impact > Make reports: the summary sheets and the PDF reports beside the workbook."""
    return _report(pdfs=True)


g_exportedScripts = (check, build_summary, make_reports)
