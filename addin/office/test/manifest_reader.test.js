// The manifest as Microsoft's own reader (npm office-addin-manifest, the offline part of
// `office-addin-manifest validate`; the validation itself needs Microsoft's web service) sees it.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { OfficeAddinManifest } = require("office-addin-manifest");

test("office-addin-manifest reads the manifest as an Excel task pane on https://localhost:8765", async () => {
  const info = await OfficeAddinManifest.readManifestFile(path.join(__dirname, "..", "manifest.xml"));
  assert.equal(info.manifestType, "xml");
  assert.equal(info.officeAppType, "TaskPaneApp");
  assert.match(info.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(info.displayName, "Impact");
  assert.deepEqual(info.hosts, ["Workbook"]);
  assert.equal(info.permissions, "ReadWriteDocument");
  assert.equal(info.defaultSettings.sourceLocation, "https://localhost:8765/taskpane.html");
  for (const url of [info.iconUrl, info.highResolutionIconUrl, ...info.appDomains]) {
    assert.match(url, /^https:\/\/localhost:8765(\/|$)/);
  }
});
