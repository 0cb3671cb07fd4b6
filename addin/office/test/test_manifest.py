#!/usr/bin/python3
"""Checks addin/office/manifest.xml offline. Microsoft's validator (`office-addin-manifest
validate`) calls a Microsoft web service, which a build machine cannot reach, and the npm package
ships no XSD, so this test checks what Excel needs: well-formed XML (xmllint), the elements of a
TaskPaneApp in schema order, URLs on https://localhost:8765 whose files exist and whose icons have
the sizes claimed, ExcelApi 1.13, ReadWriteDocument, unique ids, every resid resolved to a resource
of the right kind within Office's length limits. The checker is also run on broken copies, to show
it catches each mistake.

    /usr/bin/python3 addin/office/test/test_manifest.py [-v]
"""
import copy
import os
import re
import struct
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ADDIN = os.path.dirname(HERE)
MANIFEST = os.path.join(ADDIN, "manifest.xml")

NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_TYPE = "{%s}type" % NS["xsi"]
ORIGIN = "https://localhost:8765"
# The OfficeApp children of a TaskPaneApp, in the order the schema's sequence requires.
ORDER = ["Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
         "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "AllowSnapshot",
         "DefaultSettings", "Permissions", "Dictionary", "VersionOverrides"]
REQUIRED = ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "DefaultSettings",
            "Permissions"]
# Which resource list a resid must point into, by the element that uses it.
RESID_KIND = {"Label": "ShortStrings", "Title": "ShortStrings", "Description": "LongStrings",
              "LearnMoreUrl": "Urls", "SourceLocation": "Urls", "Image": "Images"}
MAX_LENGTH = {"ShortStrings": 125, "LongStrings": 250}


def local(tag):
    return tag.split("}", 1)[1] if "}" in tag else tag


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(path + " is not a PNG")
    return struct.unpack(">II", head[16:24])


def served_file(url):
    """The file in addin/office that `impact serve` answers `url` with ("/" is taskpane.html)."""
    path = url[len(ORIGIN):].split("?")[0].split("#")[0]
    if path in ("", "/"):
        path = "/taskpane.html"
    return os.path.join(ADDIN, path.lstrip("/"))


def problems(root):
    """Every problem found in the manifest tree `root` (an empty list when it is right)."""
    found = []
    if local(root.tag) != "OfficeApp" or not root.tag.startswith("{%s}" % NS["o"]):
        return ["the root is not OfficeApp in the appforoffice/1.1 namespace"]
    if root.get(XSI_TYPE) != "TaskPaneApp":
        found.append("xsi:type is %r, not TaskPaneApp" % root.get(XSI_TYPE))
    children = [local(c.tag) for c in root]
    for name in REQUIRED:
        if name not in children:
            found.append("missing " + name)
    ranks = [ORDER.index(c) if c in ORDER else -1 for c in children]
    if -1 in ranks:
        found.append("unknown elements: %s" % [c for c, r in zip(children, ranks) if r < 0])
    elif ranks != sorted(ranks):
        found.append("elements out of schema order: %s" % children)

    def text(path):
        e = root.find(path, NS)
        return None if e is None else (e.text or "").strip()

    def value(path):
        e = root.find(path, NS)
        return None if e is None else e.get("DefaultValue")

    if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text("o:Id") or "", re.I):
        found.append("Id is not a GUID")
    if not re.fullmatch(r"\d{1,5}(\.\d{1,5}){1,3}", text("o:Version") or ""):
        found.append("Version is not n.n.n.n")
    if value("o:DisplayName") != "Impact":
        found.append("DisplayName is not Impact")
    description = value("o:Description") or ""
    if not description or len(description) > 250:
        found.append("Description is empty or over 250 characters")
    if not (text("o:ProviderName") or ""):
        found.append("ProviderName is empty")
    hosts = [h.get("Name") for h in root.findall("o:Hosts/o:Host", NS)]
    if hosts != ["Workbook"]:
        found.append("Hosts are %s, not Workbook" % hosts)
    sets = {s.get("Name"): s.get("MinVersion") for s in root.findall("o:Requirements/o:Sets/o:Set", NS)}
    if sets.get("ExcelApi") != "1.13":
        found.append("Requirements do not ask for ExcelApi 1.13: %s" % sets)
    if text("o:Permissions") != "ReadWriteDocument":
        found.append("Permissions are not ReadWriteDocument")

    # Every URL: https on localhost:8765, and the file behind it is in this folder.
    urls = [e.get("DefaultValue") for e in root.iter() if e.get("DefaultValue", "").startswith(("http:", "https:"))]
    urls += [(e.text or "").strip() for e in root.iter("{%s}AppDomain" % NS["o"])]
    for url in urls:
        if not (url == ORIGIN or url.startswith(ORIGIN + "/")):
            found.append("URL not on " + ORIGIN + ": " + url)
        elif url != ORIGIN and not os.path.isfile(served_file(url)):
            found.append("URL names a file that is not in addin/office: " + url)
    source = value("o:DefaultSettings/o:SourceLocation")
    if not source or not source.startswith(ORIGIN + "/"):
        found.append("SourceLocation is not on " + ORIGIN)
    for path, size in (("o:IconUrl", 32), ("o:HighResolutionIconUrl", 64)):
        url = value(path)
        if url and url.startswith(ORIGIN) and os.path.isfile(served_file(url)) and png_size(served_file(url)) != (size, size):
            found.append("%s is not %d×%d" % (path[2:], size, size))

    overrides = root.find("ov:VersionOverrides", NS)
    if overrides is None:
        found.append("no VersionOverrides (no ribbon button)")
        return found
    if overrides.get(XSI_TYPE) != "VersionOverridesV1_0":
        found.append("VersionOverrides is not VersionOverridesV1_0")
    resources = {}
    ids = []
    for kind in ("Images", "Urls", "ShortStrings", "LongStrings"):
        for e in overrides.findall("ov:Resources/bt:%s/*" % kind, NS):
            ids.append(e.get("id"))
            resources[e.get("id")] = (kind, e.get("DefaultValue") or "")
            if kind in MAX_LENGTH and len(e.get("DefaultValue") or "") > MAX_LENGTH[kind]:
                found.append("resource %s is over %d characters" % (e.get("id"), MAX_LENGTH[kind]))
    ids += [e.get("id") for e in overrides.iter() if e.get("id") and local(e.tag) in ("Group", "Control", "OfficeTab")]
    for i in ids:
        if not i or len(i) > 32:
            found.append("id %r is empty or over 32 characters" % i)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        found.append("ids used twice: %s" % duplicates)
    for e in overrides.iter():
        resid = e.get("resid")
        if resid is None:
            continue
        if resid not in resources:
            found.append("resid %s is not among the resources" % resid)
            continue
        wanted = RESID_KIND.get(local(e.tag))
        if wanted and resources[resid][0] != wanted:
            found.append("resid %s of <%s> is a %s, not %s" % (resid, local(e.tag), resources[resid][0], wanted))
        if local(e.tag) == "Image":
            url = resources[resid][1]
            size = int(e.get("size"))
            if url.startswith(ORIGIN) and os.path.isfile(served_file(url)) and png_size(served_file(url)) != (size, size):
                found.append("image %s is not %d×%d" % (resid, size, size))
    buttons = [c for c in overrides.iter("{%s}Control" % NS["ov"]) if c.get(XSI_TYPE) == "Button"]
    if not buttons:
        found.append("no ribbon button")
    for button in buttons:
        action = button.find("ov:Action", NS)
        if action is None or action.get(XSI_TYPE) != "ShowTaskpane":
            found.append("button %s does not show the task pane" % button.get("id"))
            continue
        location = action.find("ov:SourceLocation", NS)
        url = resources.get(location.get("resid") if location is not None else None, ("", ""))[1]
        if url != source:
            found.append("button %s opens %r, not the SourceLocation %r" % (button.get("id"), url, source))
        label = button.find("ov:Label", NS)
        if label is None or resources.get(label.get("resid"), ("", ""))[1] != "Impact":
            found.append("button %s is not labelled Impact" % button.get("id"))
    return found


class ManifestTest(unittest.TestCase):
    def setUp(self):
        self.tree = ET.parse(MANIFEST)

    def test_well_formed_by_xmllint(self):
        run = subprocess.run(["xmllint", "--noout", MANIFEST], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)

    def test_manifest_has_no_problems(self):
        self.assertEqual(problems(self.tree.getroot()), [])

    def test_icons_exist_in_every_size(self):
        for size in (16, 32, 64, 80):
            self.assertEqual(png_size(os.path.join(ADDIN, "icon-%d.png" % size)), (size, size))

    def broken(self, change):
        root = copy.deepcopy(self.tree.getroot())
        change(root)
        return problems(root)

    def test_checker_catches_http_urls(self):
        def change(root):
            root.find("o:DefaultSettings/o:SourceLocation", NS).set("DefaultValue", "http://localhost:8765/taskpane.html")
        self.assertTrue(any("URL not on" in p for p in self.broken(change)))

    def test_checker_catches_a_missing_file(self):
        def change(root):
            root.find("o:IconUrl", NS).set("DefaultValue", ORIGIN + "/no-such-icon.png")
        self.assertTrue(any("not in addin/office" in p for p in self.broken(change)))

    def test_checker_catches_duplicate_ids(self):
        def change(root):
            strings = root.find("ov:VersionOverrides/ov:Resources/bt:ShortStrings", NS)
            strings[1].set("id", strings[0].get("id"))
        self.assertTrue(any("used twice" in p for p in self.broken(change)))

    def test_checker_catches_wrong_order_and_requirements(self):
        def change(root):
            requirements = root.find("o:Requirements", NS)
            root.remove(requirements)
            root.append(requirements)
        self.assertTrue(any("order" in p for p in self.broken(change)))

        def lower(root):
            root.find("o:Requirements/o:Sets/o:Set", NS).set("MinVersion", "1.1")
        self.assertTrue(any("ExcelApi 1.13" in p for p in self.broken(lower)))

    def test_checker_catches_a_dangling_resid_and_wrong_icon_size(self):
        def change(root):
            image = root.find(".//ov:Control/ov:Icon/bt:Image", NS)
            image.set("resid", "Impact.Icon.99")
        self.assertTrue(any("not among the resources" in p for p in self.broken(change)))

        def size(root):
            root.find(".//ov:Control/ov:Icon/bt:Image", NS).set("size", "20")
        self.assertTrue(any("is not 20×20" in p for p in self.broken(size)))

    def test_checker_catches_a_button_opening_another_page(self):
        def change(root):
            for url in root.find("ov:VersionOverrides/ov:Resources/bt:Urls", NS):
                if url.get("id") == "Impact.Taskpane.Url":
                    url.set("DefaultValue", ORIGIN + "/icon-16.png")
        self.assertTrue(any("opens" in p for p in self.broken(change)))


if __name__ == "__main__":
    unittest.main()
