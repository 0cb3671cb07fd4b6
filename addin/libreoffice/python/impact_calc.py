# Impact for LibreOffice Calc: the three entries of the "Impact" menu (Addons.xcu).
#
# Each entry works on the document in the current window, which must be saved on disk, runs the
# Impact program (never through a shell), and shows the result in a dialog. Impact reads only
# .xlsx/.xlsm, so there are two paths:
#
# An Excel workbook (.xlsx or .xlsm kept in Excel's format) is stored if it was modified and Impact
# runs on the file itself. "Build summary" and "Make reports" let `impact report` rewrite the file,
# and Impact refuses a workbook that is open elsewhere: LibreOffice keeps a lock file ".~lock.NAME#"
# beside the document while it is open. So the document is closed (which removes the lock), Impact
# runs, and the document is loaded again, hidden or not as it was, now with the Impact sheets.
#
# Any other document (an OpenDocument .ods above all) is never converted or replaced: LibreOffice
# exports a temporary .xlsx copy of it (as it is in memory, edits included) into a private folder
# made for the run and removed afterwards, and Impact reads the copy. Check and Make reports need
# nothing more (the PDFs go beside the document). Build summary asks Impact for its sheets as a
# workbook of their own (`impact report COPY --no-pdf --summary FILE`), and copies them into the
# open document with XSpreadsheets2.importSheet, replacing the sheets a previous run added: those
# carry Impact's marker, the sheet-scoped named expression _IMPACT_GENERATED (the engine's
# read::kGeneratedMarker), which LibreOffice keeps in .ods files and writes back into the copies it
# exports, so Impact's check skips them as it does in an .xlsx. The document is then stored in its
# own format, the previous file kept as NAME.backup.ods first. Only OpenDocument spreadsheets take
# the sheets this way; other formats (.xls, .csv...) can be checked and reported on, not written.
#
# Every entry returns what it showed as a JSON string (and keeps it in LAST_RESULT), so the logic
# can be tested through the script provider without looking at dialogs. Under soffice --headless,
# VCL answers message boxes at once without showing them (see docs/libreoffice.md).

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile

import uno
from com.sun.star.beans import PropertyValue

# The words the coordinator sees. {placeholders} are filled in by the code.
MESSAGES = {
    "title": "Impact",
    "no_document": "Open a workbook in Calc first, then choose this entry of the Impact menu again.",
    "unsaved": "This workbook has not been saved yet. Impact works on files on disk: save it with "
               "File > Save As (as an OpenDocument spreadsheet .ods, or \"Excel 2007-365 (.xlsx)\"), "
               "then try again.",
    "not_local": "\"{name}\" is not saved on this computer. Impact works on files on disk: save a copy in a "
                 "folder on this computer (File > Save As, .ods or \"Excel 2007-365 (.xlsx)\"), then try again.",
    "not_writable_format": "\"{name}\" is kept as {format}, which cannot hold Impact's summary sheets. Save it as "
                           "an OpenDocument spreadsheet (.ods) or \"Excel 2007-365 (.xlsx)\" with File > Save As, "
                           "then choose Build summary again. Check and Make reports work on it as it is.",
    "read_only": "\"{name}\" cannot be changed ({why}), so Impact's sheets cannot be added to it. Save a copy "
                 "with File > Save As in a folder you can write to, then try again.",
    "export_failed": "LibreOffice could not make the temporary Excel copy of \"{name}\" that Impact reads "
                     "({error}). Nothing was changed.",
    "backup_failed": "The previous version of \"{name}\" could not be kept as \"{backup}\" ({error}), so "
                     "nothing was changed.",
    "import_failed": "Impact made its sheets, but LibreOffice could not copy them into \"{name}\" ({error}). "
                     "The document was left as it was.",
    "ods_store_failed": "The Impact sheets were added to \"{name}\", but LibreOffice could not save it ({error}). "
                        "Save it yourself with File > Save. The previous version is kept as \"{backup}\".",
    "ods_summary_done": "The Impact sheets were added to \"{name}\", which was saved: {sheets}.\n"
                        "The previous version is kept as \"{backup}\".",
    "ods_reports_note": "The summary sheets are not added by Make reports for this workbook: choose Build summary "
                        "for them.",
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
# The export filter for the temporary copy Impact reads of a document that is not an .xlsx.
XLSX_FILTER = "Calc MS Excel 2007 XML"
# The formats Build summary stores the document in after adding the sheets (OpenDocument only:
# others, such as .xls or .csv, could lose what Impact adds or what the coordinator has).
ODF_FILTERS = ("calc8", "calc8_template", "OpenDocument Spreadsheet Flat XML")
# The engine's marker (read::kGeneratedMarker): a sheet-scoped named expression on each sheet Impact
# added, whose value "generated:ID:NAME" records the sheet it was put on.
GENERATED_MARKER = "_IMPACT_GENERATED"
# Generated sheets added without the marker: they become the coordinator's (sheets::kProposedSheetNames:
# the proposed indicators and the column roles, which the engine writes only when the workbook has none).
UNMARKED_SHEETS = ("Indicators", "Impact Columns")
# The name of the private temporary folders (in the system's temporary folder, TMPDIR on Linux).
TEMP_PREFIX = "impact-"

LAST_RESULT = {}
_temp_folder = None  # the temporary folder of the entry running now, if it made one


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
    if _temp_folder is not None:  # for the tests: the private folder the copy was in (removed by now)
        LAST_RESULT["temp_folder"] = _temp_folder
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
    """The document's path on disk and how Impact reads it: (path, "xlsx") for an Excel workbook Impact
    reads itself, (path, "copy") for any other document (read through a temporary .xlsx copy), or
    (None, why not: "unsaved" or "not-local")."""
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
        return path, "copy"
    return path, "xlsx"


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


def _prepare(doc, kinds=("xlsx",), writes=False):
    """Common start of every entry: (path, program, None) or (None, None, result JSON).
    `kinds` are the ways of reading the document the caller handles ("xlsx", "copy"); a document
    read through a copy is not stored (its copy is exported from memory), and when the entry
    `writes` sheets into it, it must be an OpenDocument spreadsheet this user can save."""
    if doc is None:
        return None, None, _finish(None, "no-document", MESSAGES["no_document"], "warning")
    path, kind = _workbook_path(doc)
    if kind == "unsaved":
        return None, None, _finish(doc, kind, MESSAGES["unsaved"], "warning")
    if kind == "not-local":
        text = MESSAGES["not_local"].format(name=doc.getURL().rstrip("/").rsplit("/", 1)[-1])
        return None, None, _finish(doc, kind, text, "warning")
    if kind not in kinds:  # a programming error: every entry handles both
        raise RuntimeError("no way to read %s here" % os.path.basename(path))
    if kind == "copy" and writes:
        refused = _refuse_writing(doc, path)
        if refused:
            return None, None, refused
    program, missing = find_impact()
    if missing:
        return None, None, _finish(doc, "not-found", missing, "error")
    if kind == "xlsx" and doc.isModified():
        try:
            doc.store()
        except Exception as e:
            return None, None, _finish(doc, "store-failed", MESSAGES["store_failed"].format(
                name=os.path.basename(path), error=_error_text(e)), "error")
    return path, program, None


def _refuse_writing(doc, path):
    """None if Build summary can add its sheets to this (non-Excel) document and save it, else the
    result JSON of the refusal."""
    name = os.path.basename(path)
    kept_as = str(_arg(doc, "FilterName", ""))
    if kept_as not in ODF_FILTERS:
        fmt = "\"%s\"" % kept_as if kept_as else "a format LibreOffice did not name"
        return _finish(doc, "not-writable-format", MESSAGES["not_writable_format"].format(name=name, format=fmt),
                       "warning")
    why = None
    if doc.isReadonly():
        why = "LibreOffice opened it read-only"
    elif not os.access(path, os.W_OK):
        why = "the file is read-only"
    elif not os.access(os.path.dirname(path) or ".", os.W_OK | os.X_OK):
        why = "its folder is read-only, so no backup can be kept beside it"
    if why:
        return _finish(doc, "read-only", MESSAGES["read_only"].format(name=name, why=why), "error")
    return None


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
        global _temp_folder
        _temp_folder = None
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
    path, program, refused = _prepare(doc, kinds=("xlsx", "copy"))
    if refused:
        return refused
    try:
        if _workbook_path(doc)[1] == "xlsx":
            code, out, err = _run(program, ["check", "--json", path], os.path.dirname(path))
        else:  # the issues of the copy are the document's: same sheet names, same cells
            with _xlsx_copy(doc, path) as (folder, copy):
                code, out, err = _run(program, ["check", "--json", copy], os.path.dirname(path))
                err = _own_names(err, folder, copy, path)
    except (_ExportFailed, subprocess.TimeoutExpired, OSError) as e:
        return _not_run(doc, path, e)
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


# ---------------------------------------------------------------------------------------------
# Documents Impact cannot read itself (.ods...): a temporary .xlsx copy


class _ExportFailed(Exception):
    """The temporary copy could not be made."""


@contextlib.contextmanager
def _xlsx_copy(doc, path):
    """Yields (folder, copy): an .xlsx export of the document as it is in memory, named like it, in a
    private temporary folder that is removed on the way out, whatever happened."""
    global _temp_folder
    try:
        folder = tempfile.mkdtemp(prefix=TEMP_PREFIX)
    except OSError as e:
        raise _ExportFailed("no temporary folder: %s" % e)
    _temp_folder = folder
    try:
        copy = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + ".xlsx")
        try:
            # storeToURL writes a copy: the document keeps its own file, format and modified state.
            doc.storeToURL(uno.systemPathToFileUrl(copy), _props(FilterName=XLSX_FILTER, Overwrite=True))
        except Exception as e:
            raise _ExportFailed(_error_text(e))
        yield folder, copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _own_names(text, folder, copy, path):
    """Impact's messages about the copy, naming the coordinator's document instead; a line about a
    file in the temporary folder (e.g. "Wrote the summary sheets to ...") is left out."""
    text = text.replace(copy, path).replace(os.path.basename(copy), os.path.basename(path))
    return "\n".join(line for line in text.splitlines() if folder not in line)


def _not_run(doc, path, e):
    """The dialog for a run that could not happen (no copy, no start, too long)."""
    if isinstance(e, _ExportFailed):
        return _finish(doc, "export-failed", MESSAGES["export_failed"].format(name=os.path.basename(path), error=e),
                       "error")
    if isinstance(e, subprocess.TimeoutExpired):
        return _finish(doc, "timeout", MESSAGES["timeout"].format(seconds=TIMEOUT_SECONDS), "error")
    return _finish(doc, "run-failed", MESSAGES["run_failed"].format(error=e), "error")


def _marker_is_for(content, name):
    """Whether a marker with this content marks the sheet called `name` as Impact's: the engine's rule
    (write/graft.cpp markedAsOurs), by name only, as sheet ids do not survive in an .ods. A sheet the
    coordinator copied (LibreOffice copies the marker along, under another sheet name) or one of
    Impact's they renamed is theirs from then on."""
    text = (content or "").strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return True  # a bare marker: any sheet it is on
    value = text[1:-1].replace('""', '"')
    if not value.startswith("generated:"):
        return True
    colon = value.find(":", 10)
    return colon < 0 or value[colon + 1:] == name


def _marked_as_ours(sheet):
    try:
        named = sheet.NamedRanges
        if not named.hasByName(GENERATED_MARKER):
            return False
        return _marker_is_for(named.getByName(GENERATED_MARKER).getContent(), sheet.getName())
    except Exception:
        return False


def _mark(sheet, index, name):
    """Puts Impact's marker on a sheet it added, as the engine does in an .xlsx."""
    from com.sun.star.table import CellAddress
    where = CellAddress()
    where.Sheet, where.Column, where.Row = index, 0, 0
    named = sheet.NamedRanges
    if named.hasByName(GENERATED_MARKER):
        named.removeByName(GENERATED_MARKER)
    named.addNewByName(GENERATED_MARKER, '"generated:0:%s"' % name.replace('"', '""'), where, 0)


def _free_name(sheets, name):
    """`name`, or "name (2)", "name (3)"... if the document has a sheet called that (as the engine does)."""
    candidate, n = name, 1
    while sheets.hasByName(candidate):
        n += 1
        candidate = "%s (%d)" % (name, n)
    return candidate


def _import_sheets(doc, source):
    """Replaces the sheets a previous run added (marked) with the sheets of `source`, appended after
    the others; marks them. All or nothing: on a failure the document is put back as it was.
    Returns the names the new sheets got."""
    sheets = doc.getSheets()
    previous = [n for n in sheets.getElementNames() if _marked_as_ours(sheets.getByName(n))]
    set_aside, added = [], []
    try:
        # Out of the way first, so the new sheets can take the names.
        for n in previous:
            aside = _free_name(sheets, "Impact previous")
            sheets.getByName(n).setName(aside)
            set_aside.append((aside, n))
        for n in source.getSheets().getElementNames():
            name = _free_name(sheets, n)
            index = sheets.importSheet(source, n, sheets.getCount())
            sheet = sheets.getByIndex(index)
            added.append(sheet.getName())
            if sheet.getName() != name:
                sheet.setName(name)
                added[-1] = name
            if n not in UNMARKED_SHEETS:
                _mark(sheet, index, name)
    except Exception:
        for name in added:
            try:
                sheets.removeByName(name)
            except Exception:
                pass
        for aside, n in set_aside:
            try:
                sheets.getByName(aside).setName(n)
            except Exception:
                pass
        raise
    for aside, _n in set_aside:
        sheets.removeByName(aside)
    return added


def _load_hidden(path):
    return _desktop().loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, _props(Hidden=True))


def _close(doc):
    try:
        doc.close(True)
    except Exception:
        try:
            doc.dispose()
        except Exception:
            pass


def _summary_steps(doc, path, program, folder, copy, backup):
    """Build summary on the copy. Returns what to show, as a function to call once the temporary
    folder is gone."""
    name = os.path.basename(path)
    summary = os.path.join(folder, "Impact summary.xlsx")
    code, _out, err = _run(program, ["report", copy, "--no-pdf", "--summary", summary], os.path.dirname(path))
    err = _own_names(err, folder, copy, path)
    if code not in (0, 1) or not os.path.isfile(summary):
        return functools.partial(_failure, doc, path, code, err)
    try:
        shutil.copy2(path, backup)  # the file as it is on disk, before anything is stored
    except OSError as e:
        return functools.partial(_finish, doc, "backup-failed", MESSAGES["backup_failed"].format(
            name=name, backup=os.path.basename(backup), error=e.strerror or e), "error", code=code)
    try:
        source = _load_hidden(summary)
        try:
            sheets = _import_sheets(doc, source)
        finally:
            _close(source)
    except Exception as e:
        return functools.partial(_finish, doc, "import-failed", MESSAGES["import_failed"].format(
            name=name, error=_error_text(e)), "error", code=code)
    extra = dict(code=code, sheets=sheets, log=err.strip(), backup=backup)
    try:
        doc.store()  # in its own format (OpenDocument), where it is
    except Exception as e:
        return functools.partial(_finish, doc, "store-failed", MESSAGES["ods_store_failed"].format(
            name=name, error=_error_text(e), backup=os.path.basename(backup)), "error", **extra)
    lines = [MESSAGES["ods_summary_done"].format(name=name, sheets=", ".join(sheets),
                                                 backup=os.path.basename(backup))]
    if code == 1:
        lines.append(MESSAGES["summary_errors"].format(errors=_error_count(err)))
    return functools.partial(_finish, doc, "ok", "\n\n".join(lines), "warning" if code == 1 else "info", **extra)


def _summary_into_document(doc):
    """Build summary for a document Impact cannot write (an .ods): Impact's sheets as a workbook of
    their own, copied into the open document, which is then stored (the previous file kept)."""
    path, program, refused = _prepare(doc, kinds=("copy",), writes=True)
    if refused:
        return refused
    stem, ext = os.path.splitext(os.path.basename(path))
    backup = os.path.join(os.path.dirname(path), stem + ".backup" + ext)
    try:
        with _xlsx_copy(doc, path) as (folder, copy):
            show = _summary_steps(doc, path, program, folder, copy, backup)
    except (_ExportFailed, subprocess.TimeoutExpired, OSError) as e:
        return _not_run(doc, path, e)
    return show()


def _reports_beside_document(doc):
    """Make reports for a document Impact cannot write (an .ods): the PDFs from the copy, in
    "NAME - Impact reports" beside the document, which is not changed."""
    path, program, refused = _prepare(doc, kinds=("copy",))
    if refused:
        return refused
    stem = os.path.splitext(os.path.basename(path))[0]
    folder = os.path.join(os.path.dirname(path), stem + " - Impact reports")  # as run::defaultOutputFolder
    try:
        with _xlsx_copy(doc, path) as (temp, copy):
            code, _out, err = _run(program, ["report", copy, "--no-writeback", "--out", folder], os.path.dirname(path))
            err = _own_names(err, temp, copy, path)
    except (_ExportFailed, subprocess.TimeoutExpired, OSError) as e:
        return _not_run(doc, path, e)
    if code not in (0, 1):
        return _failure(doc, path, code, err)
    extra = dict(code=code, log=err.strip())
    if code == 1:
        return _finish(doc, "ok", MESSAGES["reports_errors"].format(errors=_error_count(err)), "warning", **extra)
    files = sorted(f for f in os.listdir(folder) if f.lower().endswith(".pdf")) if os.path.isdir(folder) else []
    text = MESSAGES["reports_done"].format(folder=folder, files="\n".join(files)) + "\n\n" + MESSAGES["ods_reports_note"]
    return _finish(doc, "ok", text, "info", folder=folder, files=files, **extra)


def _read_through_copy():
    doc = _current_document()
    return doc is not None and _workbook_path(doc)[1] == "copy"


@_entry
def build_summary(*_args):
    """Impact > Build summary: the Impact sheets written into the workbook (an .xlsx is reopened; an
    .ods takes them in place and is saved)."""
    if _read_through_copy():
        return _summary_into_document(_current_document())
    return _report(pdfs=False)


@_entry
def make_reports(*_args):
    """Impact > Make reports: the PDF reports beside the workbook (and, for an .xlsx, the summary sheets)."""
    if _read_through_copy():
        return _reports_beside_document(_current_document())
    return _report(pdfs=True)


g_exportedScripts = (check, build_summary, make_reports)
