// Unit tests of the Excel glue (excel_glue.js) with office-addin-mock. Excel itself cannot run on
// a build machine, so Excel's object model is mocked here; the mock enforces Office.js's
// load-then-sync rule (reading a property that was not loaded and synced gives an error string).
// Run: node --test test/excel_glue.test.js (IMPACT_SAMPLES may point at samples/).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { OfficeMockObject } = require("office-addin-mock");
const glue = require("../excel_glue.js");

const samples = process.env.IMPACT_SAMPLES || path.join(__dirname, "..", "..", "..", "samples");

// An Excel mock whose workbook holds `existing` sheets. Every name the glue may ask for is in the
// mock (a missing sheet is a null object, as getItemOrNullObject gives in Excel). `log` records the
// calls that change the workbook, in order.
function excelMock(existing, log) {
  const names = new Set([...existing, ...glue.SUMMARY_SHEETS, ...glue.PROPOSED_SHEETS]);
  const sheets = {};
  for (const name of names) {
    sheets[name] = {
      name: name,
      isNullObject: !existing.includes(name),
      delete: function () { log.push(["delete", name]); },
      activate: function () { log.push(["activate", name]); },
      getRange: function (address) {
        return { select: function () { log.push(["select", name, address]); } };
      },
    };
  }
  const data = {
    context: {
      workbook: {
        worksheets: {
          sheets: sheets,
          getItemOrNullObject: function (name) {
            log.push(["lookup", name]);
            return this.sheets[name];
          },
          getItem: function (name) {
            if (!existing.includes(name) && !glue.SUMMARY_SHEETS.includes(name)) {
              throw new Error("ItemNotFound: " + name);
            }
            return this.sheets[name];
          },
        },
        insertWorksheetsFromBase64: function (base64, options) {
          log.push(["insert", base64, options]);
        },
      },
    },
  };
  return new OfficeMockObject(data, "excel");
}

const Excel = { WorksheetPositionType: { end: "End", beginning: "Beginning" } };

test("insertSummary removes the previous run's sheets before inserting the new ones at the end", async () => {
  const log = [];
  const mock = excelMock(["Register", "Impact Summary", "Impact Reach", "Survey"], log);
  const done = await glue.insertSummary(mock.context, "UEsDBA==", Excel);
  assert.deepEqual(done.removed, ["Impact Summary", "Impact Reach"]);
  const changes = log.filter((entry) => entry[0] !== "lookup");
  assert.deepEqual(changes.map((entry) => entry[0]), ["delete", "delete", "insert", "activate"]);
  assert.deepEqual(changes[0], ["delete", "Impact Summary"]);
  assert.deepEqual(changes[1], ["delete", "Impact Reach"]);
  const insert = changes[2];
  assert.equal(insert[1], "UEsDBA==");
  assert.equal(insert[2].positionType, "End");
  assert.equal(insert[2].sheetNamesToInsert, undefined, "no Indicators sheet: insert everything");
  assert.deepEqual(changes[3], ["activate", "Impact Summary"]);
  assert.equal(done.insertedIndicators, true);
  // The coordinator's own sheets are never touched.
  assert.ok(!log.some((entry) => entry[0] === "delete" && (entry[1] === "Register" || entry[1] === "Survey")));
});

test("insertSummary keeps the coordinator's Indicators sheet and inserts only Impact's five", async () => {
  const log = [];
  const mock = excelMock(["Register", "Indicators", ...glue.SUMMARY_SHEETS], log);
  const done = await glue.insertSummary(mock.context, "AAAA", Excel);
  assert.deepEqual(done.removed, glue.SUMMARY_SHEETS);
  assert.equal(done.insertedIndicators, false);
  const insert = log.find((entry) => entry[0] === "insert");
  assert.deepEqual(insert[2].sheetNamesToInsert, glue.SUMMARY_SHEETS);
  assert.ok(!log.some((entry) => entry[0] === "delete" && entry[1] === "Indicators"));
});

test("insertSummary keeps the coordinator's Impact Columns sheet and inserts the rest of the summary", async () => {
  const log = [];
  const mock = excelMock(["Register", "Impact Columns", ...glue.SUMMARY_SHEETS], log);
  const summary = ["Indicators", "Impact Columns", ...glue.SUMMARY_SHEETS];
  const done = await glue.insertSummary(mock.context, "AAAA", Excel, summary);
  assert.deepEqual(done.kept, ["Impact Columns"]);
  assert.equal(done.insertedIndicators, true);
  const insert = log.find((entry) => entry[0] === "insert");
  assert.deepEqual(insert[2].sheetNamesToInsert, ["Indicators", ...glue.SUMMARY_SHEETS],
                   "the proposed Indicators go in, the coordinator's Impact Columns stays as it is");
  assert.ok(!log.some((entry) => entry[0] === "delete" && entry[1] === "Impact Columns"));
});

test("insertSummary keeps both proposed sheets when the coordinator has both", async () => {
  const log = [];
  const mock = excelMock(["Indicators", "Impact Columns"], log);
  const done = await glue.insertSummary(mock.context, "AAAA", Excel, glue.SUMMARY_SHEETS);
  assert.deepEqual(done.kept, ["Indicators", "Impact Columns"]);
  assert.equal(done.insertedIndicators, false);
  const insert = log.find((entry) => entry[0] === "insert");
  assert.deepEqual(insert[2].sheetNamesToInsert, glue.SUMMARY_SHEETS);
});

test("insertSummary on a workbook without Impact sheets deletes nothing", async () => {
  const log = [];
  const mock = excelMock(["Attendance"], log);
  const done = await glue.insertSummary(mock.context, "AAAA", Excel);
  assert.deepEqual(done.removed, []);
  assert.equal(log.filter((entry) => entry[0] === "delete").length, 0);
  assert.equal(log.filter((entry) => entry[0] === "insert").length, 1);
});

test("insertSummary reads isNullObject only after loading and syncing it", async () => {
  // A glue that forgot load()/sync() would read the mock's error string, which is truthy, and
  // would then delete nothing; check that the mock does enforce it, so the tests above mean something.
  const mock = excelMock(["Impact Summary"], []);
  const sheet = mock.context.workbook.worksheets.getItemOrNullObject("Impact Summary");
  assert.equal(typeof sheet.isNullObject, "string");
  assert.match(sheet.isNullObject, /not loaded/);
});

test("selectCell activates the sheet and selects the cell", async () => {
  const log = [];
  const mock = excelMock(["Pupil survey"], log);
  await glue.selectCell(mock.context, "Pupil survey", "F79");
  const changes = log.filter((entry) => entry[0] !== "lookup");
  assert.deepEqual(changes, [["activate", "Pupil survey"], ["select", "Pupil survey", "F79"]]);
});

test("selectCell on a sheet that is gone says which sheet", async () => {
  const mock = excelMock(["Register"], []);
  await assert.rejects(glue.selectCell(mock.context, "Impact Funding", "B2"), /no sheet called "Impact Funding"/);
});

// A fake of Office.context.document.getFileAsync handing over `bytes` in slices of `sliceSize`.
// This is Office's common, callback-based API (no load/sync), so a plain object stands in for it:
// office-addin-mock's load/sync checks only apply to the Excel object model used above.
function officeFileMock(bytes, options) {
  const calls = { closed: 0, sliceSize: null, fileType: null, slicesRead: [] };
  const sliceSize = options.sliceSize;
  const count = Math.ceil(bytes.length / sliceSize);
  const Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    FileType: { Compressed: "compressed", Pdf: "pdf", Text: "text" },
    context: {
      requirements: { isSetSupported: (set, version) => set === "ExcelApi" && Number(version) <= options.apiVersion },
      document: {
        getFileAsync: function (fileType, fileOptions, callback) {
          calls.fileType = fileType;
          calls.sliceSize = fileOptions.sliceSize;
          if (options.refuse) {
            setImmediate(() => callback({ status: "failed", error: { message: "Internal error" } }));
            return;
          }
          const file = {
            size: bytes.length,
            sliceCount: count,
            getSliceAsync: function (index, cb) {
              calls.slicesRead.push(index);
              setImmediate(() => {
                if (options.failAt === index) {
                  cb({ status: "failed", error: { message: "slice lost" } });
                  return;
                }
                // Office gives an Array of byte values for Compressed files.
                const data = Array.from(bytes.subarray(index * sliceSize, (index + 1) * sliceSize));
                cb({ status: "succeeded", value: { index: index, size: data.length, data: data } });
              });
            },
            closeAsync: function (cb) { calls.closed += 1; setImmediate(() => cb && cb({ status: "succeeded" })); },
          };
          setImmediate(() => callback({ status: "succeeded", value: file }));
        },
      },
    },
  };
  return { Office: Office, calls: calls, count: count };
}

test("readWorkbookBase64 reads every slice of a real workbook and assembles it byte for byte", async () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(samples, "mistakes.xlsx")));
  const sliceSize = 4096;
  const { Office, calls, count } = officeFileMock(bytes, { sliceSize: sliceSize, apiVersion: 1.13 });
  assert.ok(count > 3, "the sample spans several slices");
  const base64 = await glue.readWorkbookBase64(Office, sliceSize);
  assert.equal(calls.fileType, "compressed");
  assert.equal(calls.sliceSize, sliceSize);
  assert.deepEqual(calls.slicesRead, [...Array(count).keys()]);
  assert.equal(calls.closed, 1);
  const back = Buffer.from(base64, "base64");
  assert.equal(back.length, bytes.length);
  assert.ok(back.equals(Buffer.from(bytes)));
  assert.equal(back.subarray(0, 2).toString("latin1"), "PK");
});

test("readWorkbookBase64 asks for 4 MB slices by default", async () => {
  const bytes = new Uint8Array([80, 75, 3, 4]);
  const { Office, calls } = officeFileMock(bytes, { sliceSize: 4 * 1024 * 1024, apiVersion: 1.13 });
  assert.equal(await glue.readWorkbookBase64(Office), "UEsDBA==");
  assert.equal(calls.sliceSize, 4 * 1024 * 1024);
});

test("readWorkbookBase64 closes the file and explains when a slice fails", async () => {
  const bytes = new Uint8Array(10000).fill(7);
  const { Office, calls } = officeFileMock(bytes, { sliceSize: 1000, failAt: 3, apiVersion: 1.13 });
  await assert.rejects(glue.readWorkbookBase64(Office, 1000), /part 4 of 10.*slice lost.*Save the workbook/);
  assert.equal(calls.closed, 1);
  assert.deepEqual(calls.slicesRead, [0, 1, 2, 3]);
});

test("readWorkbookBase64 explains when Excel refuses the file", async () => {
  const { Office, calls } = officeFileMock(new Uint8Array(1), { sliceSize: 1000, refuse: true, apiVersion: 1.13 });
  await assert.rejects(glue.readWorkbookBase64(Office), /could not hand over the workbook: Internal error/);
  assert.equal(calls.closed, 0);
});

test("canInsertSheets needs ExcelApi 1.13", () => {
  assert.equal(glue.canInsertSheets(officeFileMock(new Uint8Array(1), { sliceSize: 1, apiVersion: 1.13 }).Office), true);
  assert.equal(glue.canInsertSheets(officeFileMock(new Uint8Array(1), { sliceSize: 1, apiVersion: 1.12 }).Office), false);
  assert.equal(glue.canInsertSheets(undefined), false);
});

test("bytesToBase64 matches Buffer on large and typed inputs", () => {
  const bytes = new Uint8Array(200000);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7919) & 0xff;
  const expected = Buffer.from(bytes).toString("base64");
  assert.equal(glue.bytesToBase64(bytes), expected);
  assert.equal(glue.bytesToBase64(Array.from(bytes)), expected);
  assert.equal(glue.bytesToBase64(bytes.buffer), expected);
});
