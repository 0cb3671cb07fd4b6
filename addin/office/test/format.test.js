// Unit tests of what the pane shows (format.js) and of its API client's error handling
// (impact_api.js), on the JSON `impact check/analyse --json` really gives for the samples.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const F = require("../format.js");
const Api = require("../impact_api.js");
const h = require("./helpers.js");

test("issues are grouped by sheet in workbook order, errors first, then by row and column", () => {
  const result = h.impactJson("check", path.join(h.config.samples, "mistakes.xlsx"));
  const groups = F.groupIssuesBySheet(result.issues, result.sheets);
  const total = groups.reduce((n, g) => n + g.issues.length, 0);
  assert.equal(total, result.issues.length, "no issue lost or doubled");
  const order = result.sheets.map((s) => s.name);
  const named = groups.filter((g) => !g.wholeWorkbook).map((g) => order.indexOf(g.sheet));
  assert.deepEqual(named, named.slice().sort((a, b) => a - b));
  const last = groups[groups.length - 1];
  if (result.issues.some((i) => !i.sheet)) assert.equal(last.sheet, F.WHOLE_WORKBOOK);
  for (const g of groups) {
    assert.ok(g.issues.every((i) => (i.sheet || F.WHOLE_WORKBOOK) === g.sheet));
    const sev = g.issues.map((i) => F.severityOf(i).order);
    assert.deepEqual(sev, sev.slice().sort((a, b) => a - b), g.sheet + ": errors before warnings before notes");
    for (const key of ["error", "warning", "info"]) {
      assert.equal(g.counts[key], g.issues.filter((i) => i.severity === key).length);
    }
  }
  const contributions = groups.find((g) => g.sheet === "Contributions").issues.filter((i) => i.severity === "error").map((i) => i.cell);
  assert.deepEqual(contributions, ["D7", "E11", "D15"], "by row, not as text (D15 after E11)");
});

test("counts, money, shares and evidence read as a coordinator expects", () => {
  assert.equal(F.describeCounts({ error: 6, warning: 1, info: 0 }), "6 errors, 1 warning");
  assert.equal(F.describeCounts({ error: 0, warning: 0, info: 0 }), "No issues");
  assert.equal(F.money(16305), "£16,305.00");
  assert.equal(F.money(201.296296), "£201.30");
  assert.equal(F.money(null), "not available");
  assert.equal(F.percent(0.19753086419753085), "19.8%");
  assert.equal(F.number(228), "228");
  assert.equal(F.evidence("moderate"), "Moderate evidence");
  assert.equal(F.evidence(undefined), "No evidence");
  assert.equal(F.bySector({ state: 4, independent: 2, other: 0 }), "state 4, independent 2");
  assert.equal(F.summaryFileName("York.XLSM"), "York - Impact summary.xlsx");
});

test("the headline indicator is the largest rise in the top-two share", () => {
  const analysis = h.impactJson("analyse", path.join(h.config.samples, "york-masterclasses.xlsx"));
  for (const cat of analysis.categories) {
    const best = F.headlineIndicator(cat);
    if (!cat.indicators.length) { assert.equal(best, null); continue; }
    const max = Math.max(...cat.indicators.map((i) => i.top2_change_pp));
    assert.equal(best.top2_change_pp, max);
    assert.match(F.describeIndicator(best), /^top two answers \d+(\.\d)?% before, \d+(\.\d)?% after \([+-]?\d+\.\d points\)$/);
  }
});

function fakeFetch(status, body, statusText) {
  const calls = [];
  const impl = async (url, options) => {
    calls.push({ url: url, options: options });
    return { ok: status >= 200 && status < 300, status: status, statusText: statusText || "",
             text: async () => (typeof body === "string" ? body : JSON.stringify(body)) };
  };
  impl.calls = calls;
  return impl;
}

test("the API client POSTs JSON and turns error answers into their message", async () => {
  const ok = fakeFetch(200, { counts: { error: 0 } });
  const answer = await Api.client(ok).reports("Book.xlsx", "UEsDBA==", true);
  assert.deepEqual(answer, { counts: { error: 0 } });
  assert.equal(ok.calls[0].url, "api/reports");
  assert.equal(ok.calls[0].options.method, "POST");
  assert.equal(ok.calls[0].options.headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(ok.calls[0].options.body), { name: "Book.xlsx", workbook: "UEsDBA==", force: true });
  const plain = fakeFetch(200, {});
  await Api.client(plain).check("Book.xlsx", "AAAA");
  assert.deepEqual(JSON.parse(plain.calls[0].options.body), { name: "Book.xlsx", workbook: "AAAA" });

  await assert.rejects(Api.client(fakeFetch(409, { error: "Book.xlsx has 6 data errors.", status: 409 })).reports("Book.xlsx", "AAAA"),
                       (e) => e instanceof Api.ApiError && e.status === 409 && e.message === "Book.xlsx has 6 data errors.");
  await assert.rejects(Api.client(fakeFetch(502, "<html>Bad gateway</html>", "Bad Gateway")).check("B.xlsx", "AAAA"),
                       (e) => e.status === 502 && /502 Bad Gateway to api\/check/.test(e.message));
  await assert.rejects(Api.client(async () => { throw new TypeError("Failed to fetch"); }).check("B.xlsx", "AAAA"),
                       (e) => e.status === 0 && /not answering/.test(e.message));
  await assert.rejects(Api.client(fakeFetch(200, "not json")).check("B.xlsx", "AAAA"), /was not JSON/);
});

test("base64ToBlob gives back the bytes", async () => {
  const bytes = Buffer.from("%PDF-1.4 £ é", "utf8");
  const blob = Api.base64ToBlob(bytes.toString("base64"), "application/pdf");
  assert.equal(blob.type, "application/pdf");
  assert.ok(Buffer.from(await blob.arrayBuffer()).equals(bytes));
});

test("column roles: each sheet's columns split into those used and not, and the proposed sheets kept are named", () => {
  const result = h.impactJson("check", path.join(h.config.samples, "york-masterclasses.xlsx"));
  const survey = result.sheets.find((s) => s.name === "Pupil survey");
  const roles = F.columnRoles(survey);
  assert.equal(roles.used.length + roles.unused.length, survey.columns.length);
  assert.ok(roles.used.every((c) => c.role) && roles.unused.every((c) => !c.role));
  assert.equal(roles.summary, roles.used.length + " of " + survey.columns.length + " columns understood");
  assert.equal(F.columnRoles({ columns: [{ column: "A", header: "x", role: null }] }).summary, "0 of 1 column understood");
  assert.equal(F.columnRoles({ name: "Notes" }).used.length, 0);
  assert.equal(F.columnLabel({ column: "C", header: "When" }), "C \u2018When\u2019");
  assert.equal(F.describeKept([]), "");
  assert.equal(F.describeKept(["Indicators"]), "; your Indicators sheet was kept");
  assert.equal(F.describeKept(["Indicators", "Impact Columns"]), "; your Indicators and Impact Columns sheets were kept");
});
