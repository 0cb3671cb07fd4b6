"""Drives a headless soffice (started by lo_tests.py with the extension installed) through python3-uno.

It loads workbooks hidden, runs the Impact menu's entries through the document's script provider
(what the menu URL runs), and records what it sees in a JSON file: the entries' returned results,
sheet names and cell contents before and after, the selection, which documents are open. The
assertions are made by lo_tests.py on that file; this script only observes.

Usage: python3 lo_driver.py --pipe NAME --work DIR --session a|b|c --impact PATH --settings FILE --out FILE
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

SCRIPT = "vnd.sun.star.script:impact.oxt|python|impact_calc.py$%s?language=Python&location=user:uno_packages"


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, seconds=60):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + seconds
    while True:
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.25)


class Driver:
    def __init__(self, ctx, work):
        self.ctx = ctx
        self.work = work
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def url(self, name):
        return uno.systemPathToFileUrl(os.path.join(self.work, name))

    def load(self, name_or_url):
        url = name_or_url if ":" in name_or_url else self.url(name_or_url)
        doc = self.desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        # A hidden frame is not the "current" one: the script context would see no document.
        doc.getCurrentController().getFrame().activate()
        return doc

    def run(self, doc, entry):
        started = time.time()
        result = doc.getScriptProvider().getScript(SCRIPT % entry).invoke((), (), ())[0]
        out = json.loads(result)
        out["seconds"] = round(time.time() - started, 3)
        return out

    def open_documents(self, url):
        """The open documents with this URL (after a reopen, the new one)."""
        found = []
        components = self.desktop.getComponents().createEnumeration()
        while components.hasMoreElements():
            c = components.nextElement()
            if hasattr(c, "getURL") and c.getURL() == url:
                found.append(c)
        return found

    def reopened(self, name):
        docs = self.open_documents(self.url(name))
        return docs[-1] if docs else None

    @staticmethod
    def sheets(doc):
        return list(doc.getSheets().getElementNames())

    @staticmethod
    def contents(doc, names):
        """Each sheet's used area as text (formulas as typed, values as shown)."""
        out = {}
        for name in names:
            sheet = doc.getSheets().getByName(name)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            end = cursor.getRangeAddress()
            area = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
            out[name] = [list(row) for row in area.getFormulaArray()]
        return out

    @staticmethod
    def links(doc, name):
        """The hyperlinks (URL fields) in a sheet's cells: [cell, URL, text shown]."""
        sheet = doc.getSheets().getByName(name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        out = []
        for row in range(end.EndRow + 1):
            for col in range(end.EndColumn + 1):
                cell = sheet.getCellByPosition(col, row)
                fields = cell.getTextFields().createEnumeration()
                while fields.hasMoreElements():
                    f = fields.nextElement()
                    if hasattr(f, "URL"):
                        out.append([cell.AbsoluteName, f.URL, f.Representation])
        return out

    @staticmethod
    def markers(doc):
        """{sheet: content} of the sheet-scoped names _IMPACT_GENERATED (Impact's marker)."""
        out = {}
        for name in doc.getSheets().getElementNames():
            named = doc.getSheets().getByName(name).NamedRanges
            if named.hasByName("_IMPACT_GENERATED"):
                out[name] = named.getByName("_IMPACT_GENERATED").getContent()
        return out

    @staticmethod
    def charts(doc, names):
        return {n: doc.getSheets().getByName(n).getDrawPage().getCount() for n in names}

    @staticmethod
    def hidden(doc):
        return any(p.Name == "Hidden" and p.Value for p in doc.getArgs())

    @staticmethod
    def selection(doc):
        sel = doc.getCurrentController().getSelection()
        return sel.AbsoluteName if hasattr(sel, "AbsoluteName") else None

    @staticmethod
    def close(doc):
        if doc is not None:
            doc.close(True)


def menu_registered(ctx):
    """The extension's menu as LibreOffice's configuration sees it: {title: URL} of its entries."""
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    merging = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        (prop("nodepath", "/org.openoffice.Office.Addons/AddonUI/OfficeMenuBarMerging"),))
    if not merging.hasByName("org.impact.calc"):
        return None
    out = {}
    for group in merging.getByName("org.impact.calc").getElementNames():
        node = merging.getByName("org.impact.calc").getByName(group)
        out["_context"] = node.getByName("MergeContext")
        for item in node.getByName("MenuItems").getElementNames():
            menu = node.getByName("MenuItems").getByName(item)
            out["_menu"] = menu.getByName("Title")
            sub = menu.getByName("Submenu")
            for name in sub.getElementNames():
                out[sub.getByName(name).getByName("Title")] = sub.getByName(name).getByName("URL")
    return out


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def lock_exists(work, name):
    return os.path.exists(os.path.join(work, ".~lock.%s#" % name))


def session_a(d, impact, settings):
    """IMPACT_BIN unset, no impact on the PATH: first nothing found, then the settings file."""
    r = {"menu": menu_registered(d.ctx)}
    # No program anywhere yet: the not-found message, and the document stays open.
    doc = d.load("york-summary.xlsx")
    before_sheets = d.sheets(doc)
    r["summary_before_sheets"] = before_sheets
    r["summary_before_contents"] = d.contents(doc, before_sheets)
    # Why the extension closes the document first: `impact report` refuses a workbook LibreOffice holds open.
    held = subprocess.run([impact, "report", os.path.join(d.work, "york-summary.xlsx"), "--no-pdf"],
                          capture_output=True, text=True, timeout=120)
    r["cli_while_open"] = {"code": held.returncode, "stderr": held.stderr,
                           "lock": lock_exists(d.work, "york-summary.xlsx")}
    r["not_found_none"] = d.run(doc, "build_summary")
    r["not_found_none_doc_open"] = len(d.open_documents(d.url("york-summary.xlsx"))) == 1
    r["not_found_none_lock"] = lock_exists(d.work, "york-summary.xlsx")
    r["settings_file"] = settings

    # The path written in the settings file (in the LibreOffice profile) is found.
    os.makedirs(os.path.dirname(settings), exist_ok=True)
    with open(settings, "w", encoding="utf-8") as f:
        f.write(impact + "\n")
    r["lock_before_summary"] = lock_exists(d.work, "york-summary.xlsx")
    r["summary"] = d.run(doc, "build_summary")
    docs = d.open_documents(d.url("york-summary.xlsx"))
    r["summary_open_count"] = len(docs)
    after = docs[-1]
    r["summary_after_sheets"] = d.sheets(after)
    r["summary_after_contents"] = d.contents(after, before_sheets)
    r["summary_after_hidden"] = d.hidden(after)
    r["summary_after_lock"] = lock_exists(d.work, "york-summary.xlsx")
    # Build summary again: Impact's sheets are replaced, not added twice; the backup is the first result.
    r["summary_first_sha"] = sha256(os.path.join(d.work, "york-summary.xlsx"))
    r["summary_first_backup_sha"] = sha256(os.path.join(d.work, "york-summary.backup.xlsx"))
    r["summary_again"] = d.run(after, "build_summary")
    again = d.reopened("york-summary.xlsx")
    r["summary_again_sheets"] = d.sheets(again)
    r["summary_again_contents"] = d.contents(again, before_sheets)
    d.close(again)

    # Check on the planted mistakes: the issues, and the first error's cell selected.
    doc = d.load("mistakes.xlsx")
    r["check"] = d.run(doc, "check")
    r["check_selection"] = d.selection(doc)
    r["check_modified"] = doc.isModified()
    d.close(doc)

    # Check on a clean workbook.
    doc = d.load("science-check.xlsx")
    r["check_clean"] = d.run(doc, "check")
    d.close(doc)

    # Make reports on a clean workbook (PDFs) and on the mistakes (none: data errors).
    doc = d.load("york-reports.xlsx")
    r["reports"] = d.run(doc, "make_reports")
    after = d.reopened("york-reports.xlsx")
    r["reports_after_sheets"] = d.sheets(after) if after else None
    d.close(after)
    doc = d.load("mistakes-reports.xlsx")
    r["reports_errors"] = d.run(doc, "make_reports")
    after = d.reopened("mistakes-reports.xlsx")
    r["reports_errors_after_sheets"] = d.sheets(after) if after else None
    d.close(after)

    # An edit not yet saved is stored before Impact runs, and is there after the reopen.
    doc = d.load("science-edited.xlsx")
    first = d.sheets(doc)[0]
    r["edited_sheet"] = first
    doc.getSheets().getByName(first).getCellRangeByName("Z200").setString("edited in LibreOffice")
    r["edited_modified"] = doc.isModified()
    r["edited"] = d.run(doc, "build_summary")
    after = d.reopened("science-edited.xlsx")
    r["edited_after_value"] = after.getSheets().getByName(first).getCellRangeByName("Z200").getString()
    r["edited_after_sheets"] = d.sheets(after)
    d.close(after)

    session_a_ods(d, r)

    # An .xls document: checked through a copy; Build summary refused (it cannot be stored with the sheets).
    doc = d.load("science-cpd.xlsx")
    doc.storeToURL(d.url("science-cpd.xls"), (prop("FilterName", "MS Excel 97"),))
    d.close(doc)
    r["xls_sha"] = sha256(os.path.join(d.work, "science-cpd.xls"))
    doc = d.load("science-cpd.xls")
    r["xls_check"] = d.run(doc, "check")
    r["xls_summary"] = d.run(doc, "build_summary")
    r["xls_doc_open"] = len(d.open_documents(d.url("science-cpd.xls"))) == 1
    r["xls_sheets"] = d.sheets(doc)
    d.close(doc)
    r["xls_sha_after"] = sha256(os.path.join(d.work, "science-cpd.xls"))

    # A new document never saved is refused.
    doc = d.load("private:factory/scalc")
    r["unsaved"] = d.run(doc, "make_reports")
    d.close(doc)
    return r


def to_ods(d, xlsx, ods):
    """An .ods made by LibreOffice from a copy of a sample (as a coordinator's would be)."""
    doc = d.load(xlsx)
    doc.storeToURL(d.url(ods), (prop("FilterName", "calc8"),))
    d.close(doc)


def session_a_ods(d, r):
    """The .ods path: Check, Build summary (twice), Make reports on an .ods, never converted or replaced."""
    to_ods(d, "york-ods.xlsx", "york-ods.ods")
    ods = os.path.join(d.work, "york-ods.ods")
    r["ods_sha_original"] = sha256(ods)
    doc = d.load("york-ods.ods")
    r["ods_filter"] = next((p.Value for p in doc.getArgs() if p.Name == "FilterName"), None)
    before = d.sheets(doc)
    r["ods_before_sheets"] = before
    r["ods_before_contents"] = d.contents(doc, before)
    r["ods_check"] = d.run(doc, "check")
    r["ods_check_modified"] = doc.isModified()

    r["ods_summary"] = d.run(doc, "build_summary")
    docs = d.open_documents(d.url("york-ods.ods"))
    r["ods_summary_open_count"] = len(docs)
    r["ods_summary_same_doc"] = len(docs) == 1 and docs[0].getURL() == doc.getURL() and d.hidden(docs[0]) \
        and doc.getSheets().getCount() == docs[0].getSheets().getCount()
    r["ods_summary_sheets"] = d.sheets(doc)
    r["ods_summary_contents"] = d.contents(doc, before)
    r["ods_summary_modified"] = doc.isModified()
    r["ods_summary_links"] = d.links(doc, "Impact Data Issues") if "Impact Data Issues" in d.sheets(doc) else []
    r["ods_summary_markers"] = d.markers(doc)
    r["ods_summary_charts"] = d.charts(doc, [n for n in d.sheets(doc) if n not in before])
    r["ods_first_sha"] = sha256(ods)
    r["ods_first_backup_sha"] = sha256(os.path.join(d.work, "york-ods.backup.ods"))
    r["ods_check_after"] = d.run(doc, "check")

    r["ods_summary_again"] = d.run(doc, "build_summary")
    r["ods_again_sheets"] = d.sheets(doc)
    r["ods_again_contents"] = d.contents(doc, before)
    r["ods_again_markers"] = d.markers(doc)
    r["ods_again_backup_sha"] = sha256(os.path.join(d.work, "york-ods.backup.ods"))
    d.close(doc)

    # What was stored is what LibreOffice reads back.
    doc = d.load("york-ods.ods")
    r["ods_reloaded_sheets"] = d.sheets(doc)
    r["ods_reloaded_markers"] = d.markers(doc)
    r["ods_reloaded_contents"] = d.contents(doc, before)
    sha = sha256(ods)
    r["ods_reports"] = d.run(doc, "make_reports")
    r["ods_reports_unchanged"] = sha256(ods) == sha and not doc.isModified()
    r["ods_reports_sheets"] = d.sheets(doc)
    d.close(doc)

    # An .ods with data errors: Check selects the first one; Make reports makes no PDFs.
    to_ods(d, "mistakes-ods.xlsx", "mistakes-ods.ods")
    doc = d.load("mistakes-ods.ods")
    r["ods_mistakes_check"] = d.run(doc, "check")
    r["ods_mistakes_selection"] = d.selection(doc)
    r["ods_mistakes_reports"] = d.run(doc, "make_reports")
    d.close(doc)


def session_b(d, impact, settings):
    """IMPACT_BIN points nowhere (it wins over the settings file, which names a good program)."""
    r = {"settings_file_names": open(settings, encoding="utf-8").read().strip()}
    doc = d.load("york-b.xlsx")
    r["not_found_env"] = d.run(doc, "check")
    r["not_found_env_summary"] = d.run(doc, "build_summary")
    r["not_found_env_doc_open"] = len(d.open_documents(d.url("york-b.xlsx"))) == 1
    r["not_found_env_sheets"] = d.sheets(doc)
    d.close(doc)
    return r


def session_c(d, impact, settings):
    """impact on the PATH (a link in WORK/bin), IMPACT_BIN unset, the settings file naming nothing useful."""
    with open(settings, "w", encoding="utf-8") as f:
        f.write("/nonexistent/from-settings\n")
    r = {}
    doc = d.load("science-check.xlsx")
    r["path_check"] = d.run(doc, "check")
    d.close(doc)
    # A read-only workbook: Impact refuses it (exit 3); the document is opened again, unchanged.
    doc = d.load("york-readonly.xlsx")
    before = d.sheets(doc)
    r["readonly"] = d.run(doc, "build_summary")
    docs = d.open_documents(d.url("york-readonly.xlsx"))
    r["readonly_open_count"] = len(docs)
    r["readonly_sheets_same"] = bool(docs) and d.sheets(docs[-1]) == before
    for doc in docs:
        d.close(doc)
    # A read-only .ods: Build summary refuses before anything is made; Check still works.
    to_ods(d, "york-readonly.xlsx", "york-readonly.ods")
    os.chmod(os.path.join(d.work, "york-readonly.ods"), 0o444)
    doc = d.load("york-readonly.ods")
    r["readonly_ods"] = d.run(doc, "build_summary")
    r["readonly_ods_check"] = d.run(doc, "check")
    r["readonly_ods_sheets"] = d.sheets(doc)
    d.close(doc)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipe", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--session", choices=["a", "b", "c"], required=True)
    ap.add_argument("--impact", required=True)
    ap.add_argument("--settings", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    d = Driver(connect(a.pipe), a.work)
    started = time.time()
    r = {"a": session_a, "b": session_b, "c": session_c}[a.session](d, a.impact, a.settings)
    r["session_seconds"] = round(time.time() - started, 3)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1, ensure_ascii=False)
    try:
        d.desktop.terminate()
    except Exception:
        pass  # the bridge goes away as soffice quits
    return 0


if __name__ == "__main__":
    sys.exit(main())
