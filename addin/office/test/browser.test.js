// The task pane in an ordinary browser (no Office), for real: `impact serve --insecure-http` serves
// this folder and the API, headless Chromium (Debian's, driven by playwright-core) opens the page,
// a sample workbook is chosen or dropped, and what the page shows and downloads is checked against
// the command line (`impact check/analyse --json`, `impact dump`), samples/README.md, pdftotext and
// openpyxl. IMPACT_SCREENSHOTS=1 saves the pictures of docs/addin.md.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("./helpers.js");
const F = require("../format.js");

let server;
let browser;
const work = h.tempDir("impact-addin-");

test.before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) {
    const code = await server.stop();
    assert.equal(code, 0, "impact serve stops cleanly on SIGTERM; its log:\n" + server.log());
  }
  fs.rmSync(work, { recursive: true, force: true });
});

async function openPane(t, viewport) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: viewport || { width: 420, height: 760 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.bringToFront(); // keyboard focus and user activation go to this page
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const started = Date.now();
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='true']", { timeout: 15000 });
  page.readyMs = Date.now() - started;
  page.scriptErrors = errors;
  return page;
}

/** Chooses `file` in the page's file input (what "Choose a workbook…" opens). Opening the
 *  picker from the keyboard is checked by the keyboard test: headless Chromium sometimes shows no
 *  second picker in one browser, which has nothing to do with the page. */
async function chooseFile(page, file) {
  await page.setInputFiles("#file", file);
}

/** Drops `file` on the drop zone (a real DataTransfer holding the file's bytes). */
async function dropFile(page, file) {
  const bytes = fs.readFileSync(file).toString("base64");
  const dataTransfer = await page.evaluateHandle(({ b64, name }) => {
    const raw = atob(b64);
    const array = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) array[i] = raw.charCodeAt(i);
    const dt = new DataTransfer();
    dt.items.add(new File([array], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
    return dt;
  }, { b64: bytes, name: path.basename(file) });
  await page.dispatchEvent("#drop", "dragover", { dataTransfer });
  await page.dispatchEvent("#drop", "drop", { dataTransfer });
}

async function waitIdle(page) {
  await page.waitForFunction(() => !document.getElementById("main").hasAttribute("aria-busy") &&
                                   !document.getElementById("check").disabled, null, { timeout: 60000 });
}

async function shownIssues(page) {
  return page.$$eval("#issue-groups li.issue", (items) => items.map((li) => ({
    sheet: li.dataset.sheet,
    cell: li.dataset.cell,
    rule: li.dataset.rule,
    severity: li.dataset.severity,
    group: li.closest("[data-sheet-group]").dataset.sheetGroup,
    text: li.textContent,
  })));
}

/** Saves what the pane shows (the width of a task pane), from `selector` at the top, when
 *  IMPACT_SCREENSHOTS=1: these are the pictures of docs/addin.md. */
async function screenshot(page, name, selector) {
  if (!h.config.screenshots) return;
  fs.mkdirSync(h.config.screenshots, { recursive: true });
  await page.evaluate((sel) => {
    const target = sel ? document.querySelector(sel) : null;
    window.scrollTo(0, target ? target.getBoundingClientRect().top + window.scrollY - 8 : 0);
  }, selector || null);
  await page.screenshot({ path: path.join(h.config.screenshots, name), fullPage: false });
}

async function downloadAll(page, selector, folder) {
  fs.mkdirSync(folder, { recursive: true });
  const links = await page.$$(selector);
  const saved = [];
  for (const link of links) {
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const file = path.join(folder, download.suggestedFilename());
    await download.saveAs(file);
    saved.push({ file: file, kind: await link.getAttribute("data-kind") });
  }
  return saved;
}

const mistakes = path.join(h.config.samples, "mistakes.xlsx");
const york = path.join(h.config.samples, "york-masterclasses.xlsx");
const bristol = path.join(h.config.samples, "bristol-events.xlsx");

test("the page starts in browser mode without Office, with nothing chosen", async (t) => {
  const page = await openPane(t);
  assert.equal(await page.getAttribute("body", "data-mode"), "browser");
  assert.equal(await page.isVisible("#drop"), true);
  assert.equal(await page.isVisible("#choose"), true);
  assert.match(await page.textContent("#workbook-name"), /No workbook chosen/);
  // office.js cannot load on this closed network: the page must not wait long for it.
  assert.ok(page.readyMs < 8000, "ready in " + page.readyMs + " ms");
  t.diagnostic("page ready in " + page.readyMs + " ms");
  // Check with nothing chosen explains what to do, and focus goes to the picker.
  await page.click("#check");
  await waitIdle(page);
  assert.match(await page.textContent("#problem-text"), /Choose a workbook first/);
  assert.equal(await page.getAttribute("#problem", "role"), "alert");
  assert.equal(await page.evaluate(() => document.activeElement.id), "choose", "focus goes to the picker");
  assert.deepEqual(page.scriptErrors, []);
  await screenshot(page, "addin-start.png");
});

test("mistakes.xlsx: the page lists exactly the command line's issues, grouped by sheet, with the 9 planted at their cells", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, mistakes);
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  const shown = await shownIssues(page);
  const cli = h.impactJson("check", mistakes);
  const key = (i) => [i.sheet || "", i.cell || "", i.rule, i.severity].join("|");
  assert.deepEqual(shown.map(key).sort(), cli.issues.map(key).sort(), "same issues as `impact check --json`");
  const planted = h.plantedMistakes();
  assert.equal(planted.length, 9, "samples/README.md lists 9 planted mistakes");
  for (const p of planted) {
    const found = shown.find((s) => s.sheet === p.sheet && s.cell === p.cell && s.rule === p.rule && s.severity === p.severity);
    assert.ok(found, "planted " + p.rule + " at " + p.sheet + "!" + p.cell + " is shown");
    assert.equal(found.group, p.sheet, "listed under its sheet");
    // Severity in words and the cell, not by colour alone.
    assert.match(found.text, new RegExp((p.severity === "error" ? "Error" : "Warning") + " " + p.cell + " — "));
  }
  for (const s of shown) {
    assert.equal(s.group, s.sheet || F.WHOLE_WORKBOOK);
  }
  // Groups follow the workbook's sheet order.
  const groups = await page.$$eval("[data-sheet-group]", (els) => els.map((e) => e.dataset.sheetGroup));
  const order = cli.sheets.map((s) => s.name);
  const ranked = groups.filter((g) => order.includes(g)).map((g) => order.indexOf(g));
  assert.deepEqual(ranked, ranked.slice().sort((a, b) => a - b));
  const status = await page.textContent("#status-text");
  assert.match(status, new RegExp(cli.counts.error + " errors, " + cli.counts.warning + " warnings"));
  assert.equal(await page.getAttribute("#status", "aria-live"), "polite");
  // In a browser the issues are text, not buttons that would do nothing.
  assert.equal(await page.$$eval("#issue-groups button", (b) => b.length), 0);
  await page.$$eval("details.notes", (ds) => ds.forEach((d) => { d.open = true; }));
  await screenshot(page, "addin-issues.png", "#issues");
  assert.deepEqual(page.scriptErrors, []);
});

test("columns: Check shows each sheet's column roles and reasons, as `impact check --json` gives them, in lists that open from the keyboard", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, mistakes);
  await page.waitForSelector("#columns:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  const cli = h.impactJson("check", mistakes);
  const withColumns = cli.sheets.filter((s) => s.columns && s.columns.length);
  assert.ok(withColumns.length >= 3, "mistakes.xlsx has sheets whose columns Impact read");
  const shown = await page.$$eval("details.column-roles", (ds) => ds.map((d) => ({
    sheet: d.dataset.columnsSheet,
    open: d.open,
    summary: d.querySelector("summary").textContent,
    items: Array.from(d.querySelectorAll("li[data-column]")).map((li) => ({
      column: li.dataset.column, role: li.dataset.role, source: li.dataset.source, text: li.textContent })),
  })));
  assert.deepEqual(shown.map((s) => s.sheet), withColumns.map((s) => s.name), "one list per sheet, in workbook order");
  for (const sheet of withColumns) {
    const box = shown.find((s) => s.sheet === sheet.name);
    const used = sheet.columns.filter((c) => c.role);
    assert.equal(box.open, false, sheet.name + ": collapsed until asked for");
    assert.match(box.summary, new RegExp(used.length + " of " + sheet.columns.length + " column"));
    assert.deepEqual(box.items.map((i) => [i.column, i.role, i.source]), used.map((c) => [c.column, c.role, c.source]),
                     sheet.name + ": each column used, with its role and who set it");
    used.forEach((c, k) => {
      assert.ok(box.items[k].text.includes(c.header), sheet.name + " " + c.column + ": names the header");
      assert.ok(box.items[k].text.includes("\u2192 " + c.role), sheet.name + " " + c.column + ": shows the role");
      if (c.reason) assert.ok(box.items[k].text.includes(c.reason), sheet.name + " " + c.column + ": gives the reason");
    });
  }
  // Keyboard: a sheet's summary takes focus and Enter opens its list.
  const first = "details.column-roles[data-columns-sheet='" + withColumns[0].name + "']";
  await page.focus(first + " > summary");
  await page.keyboard.press("Enter");
  assert.equal(await page.$eval(first, (d) => d.open), true, "Enter opens the list");
  assert.equal(await page.isVisible(first + " li[data-column]"), true);
  assert.ok(await page.getAttribute(first + " ul", "aria-label"), "the list is labelled");
  assert.deepEqual(page.scriptErrors, []);
});

test("mistakes.xlsx: reports are refused while errors remain, then made on request and say so", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, mistakes);
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  await page.click("#reports");
  await waitIdle(page);
  assert.equal(await page.isVisible("#problem"), true);
  assert.equal(await page.isVisible("#force"), true, "the 409 answer offers 'Make reports anyway'");
  const cliCounts = h.impactJson("check", mistakes).counts;
  assert.match(await page.textContent("#problem-text"), new RegExp("still has " + cliCounts.error + " data errors, so the reports were not made"));
  assert.equal(await page.isVisible("#force"), true);
  await screenshot(page, "addin-refused.png", ".actions");
  assert.equal(await page.$$eval("#download-list a", (a) => a.length), 0);
  await page.click("#force");
  await page.waitForSelector("#download-list a", { timeout: 90000 });
  await waitIdle(page);
  const downloads = await downloadAll(page, "#download-list a", path.join(work, "forced"));
  assert.equal(downloads.filter((f) => f.kind === "record").length, 1, "the record comes with forced reports too");
  const files = downloads.filter((f) => f.kind !== "record");
  assert.ok(files.length >= 2);
  const cli = h.impactJson("check", mistakes);
  for (const f of files) {
    assert.equal(fs.readFileSync(f.file).subarray(0, 5).toString("latin1"), "%PDF-");
    assert.match(h.pdfText(f.file), new RegExp("with " + cli.counts.error + " data errors", "i"), path.basename(f.file));
  }
});

test("york-masterclasses.xlsx (dropped): figures match `impact analyse --json`", async (t) => {
  const page = await openPane(t);
  await dropFile(page, york);
  await page.waitForSelector("#figures:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  const cli = h.impactJson("analyse", york);
  assert.equal(cli.counts.error, 0, "a clean sample");
  const figure = (key) => page.textContent("[data-figure='" + key + "']");
  assert.equal(await figure("pupils"), F.number(cli.reach.pupils));
  assert.match(await figure("schools"), new RegExp("^" + cli.reach.schools + " "));
  assert.equal(await figure("sessions"), F.number(cli.reach.sessions));
  assert.equal(await figure("attendances"), F.number(cli.reach.attendances));
  assert.equal(await figure("pupil_premium"), F.number(cli.reach.pupil_premium_pupils) + " pupils (" + F.percent(cli.reach.pupil_premium_share) + ")");
  assert.equal(await figure("total"), F.money(cli.funding.total));
  assert.match(await figure("total"), /^£\d{1,3}(,\d{3})*\.\d\d$/);
  assert.equal(await figure("cash_total"), F.money(cli.funding.cash_total));
  assert.equal(await figure("cost_per_pupil"), F.money(cli.funding.cost_per_pupil));
  const evidence = await page.$$eval("tr[data-category]", (rows) => rows.map((r) => [r.dataset.category, r.querySelector("[data-evidence]").dataset.evidence]));
  assert.deepEqual(evidence, cli.categories.map((c) => [String(c.id), c.evidence]));
  assert.equal(evidence.length, 6);
  assert.match(await page.textContent("#status-text"), /^Checked york-masterclasses\.xlsx: (?!.*error)/);
  assert.match(await page.textContent("#workbook-name"), /york-masterclasses\.xlsx/);
  await screenshot(page, "addin-figures.png", "#figures");
});

test("bristol-events.xlsx: head counts only, so pupils are shown as not recorded", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, bristol);
  await page.waitForSelector("#figures:not([hidden])", { timeout: 60000 });
  const cli = h.impactJson("analyse", bristol);
  assert.equal(cli.reach.pupils, null);
  assert.match(await page.textContent("[data-figure='pupils']"), /not recorded/);
  assert.equal(await page.textContent("[data-figure='total']"), F.money(cli.funding.total));
});

test("york-masterclasses.xlsx: the summary workbook downloads with Impact's sheets", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, york);
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  await page.click("#summary");
  await page.waitForSelector("#download-list a[data-kind='summary']", { timeout: 60000 });
  await waitIdle(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), "downloads-heading", "focus moves to the files");
  const [file] = await downloadAll(page, "#download-list a", path.join(work, "summary"));
  assert.equal(path.basename(file.file), "york-masterclasses - Impact summary.xlsx");
  assert.equal(fs.readFileSync(file.file).subarray(0, 2).toString("latin1"), "PK");
  const names = h.sheetNames(file.file);
  for (const sheet of ["Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding", "Impact Data Issues"]) {
    assert.ok(names.includes(sheet), sheet + " in " + JSON.stringify(names));
  }
  // York has no indicators sheet: Impact proposes one. The coordinator's own sheets are not in it.
  assert.ok(names.includes("Indicators"));
  assert.ok(!names.includes("Register") && !names.includes("Pupil survey"));
  const dump = h.run(h.config.impact, ["dump", file.file, "--sheet", "Impact Reach", "--csv"]);
  assert.match(dump, /St Peter's School/);
});

test("york-masterclasses.xlsx: reports download, one for governors and one per funder, each naming its funder, with the record impact send needs", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, york);
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  const started = Date.now();
  await page.click("#reports");
  // While it works: buttons disabled, progress shown, the page marked busy.
  assert.equal(await page.isDisabled("#check"), true);
  assert.equal(await page.getAttribute("#main", "aria-busy"), "true");
  assert.equal(await page.isVisible("#progress"), true);
  await page.waitForSelector("#download-list a", { timeout: 90000 });
  await waitIdle(page);
  t.diagnostic("reports made and shown in " + (Date.now() - started) + " ms");
  assert.equal(await page.isVisible("#progress"), false);
  await screenshot(page, "addin-reports.png");
  const folder = path.join(work, "reports");
  const downloads = await downloadAll(page, "#download-list a", folder);
  const records = downloads.filter((f) => f.kind === "record");
  assert.equal(records.length, 1, "the record is offered with the PDFs");
  assert.equal(path.basename(records[0].file), "Impact reports record.json");
  const files = downloads.filter((f) => f.kind !== "record");
  const funders = h.firstColumn(york, "Funders");
  assert.equal(funders.length, 6);
  assert.equal(files.length, funders.length + 1);
  const governors = files.filter((f) => f.kind === "pdf-governors");
  assert.equal(governors.length, 1);
  assert.match(path.basename(governors[0].file), /Governors/);
  for (const f of files) {
    assert.equal(fs.readFileSync(f.file).subarray(0, 5).toString("latin1"), "%PDF-");
    const info = h.run("pdfinfo", [f.file]);
    assert.match(info, /Pages:\s+[1-9]/);
  }
  for (const funder of funders) {
    const named = files.filter((f) => f.kind === "pdf-funder" && path.basename(f.file).includes(funder));
    assert.equal(named.length, 1, "one report file named after " + funder + ": " + files.map((f) => path.basename(f.file)).join(", "));
    const text = h.pdfText(named[0].file);
    assert.ok(text.includes(funder), path.basename(named[0].file) + " names " + funder + " in its text");
  }
  // Saved in one folder, the downloads are what `impact send` needs: a dry run drafts every email.
  const config = path.join(work, "send-config");
  fs.mkdirSync(config, { recursive: true });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("IMPACT_") || k === "IMPACT_TEMPLATES"));
  const sent = JSON.parse(h.run(h.config.impact, ["send", york, "--out", folder, "--dry-run", "--json"],
                                { env: Object.assign(env, { XDG_CONFIG_HOME: config }) }));
  assert.equal(sent.exit_code, 0, JSON.stringify(sent.stopped));
  assert.equal(sent.counts.draft, sent.funders.filter((f) => f.email).length);
  assert.ok(sent.counts.draft >= 1);
});

test("keyboard: every control is reachable with Tab, in order, with a visible focus outline", async (t) => {
  const page = await openPane(t);
  const order = [];
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      const style = getComputedStyle(e);
      return { id: e.id || e.className, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    order.push(focused.id);
    if (["choose", "check", "summary", "reports"].includes(focused.id)) {
      assert.notEqual(focused.outline, "none", focused.id + " shows focus");
      assert.ok(focused.width >= 2, focused.id + " focus outline is " + focused.width + " px");
    }
  }
  const wanted = ["choose", "check", "summary", "reports"];
  const seen = order.filter((id) => wanted.includes(id));
  assert.deepEqual(seen.slice(0, 4), wanted, "Tab order: " + order.join(", "));
  // Enter on "Choose a workbook…" opens the file picker; the chosen workbook is checked at once.
  await page.focus("#choose");
  const chooserShown = page.waitForEvent("filechooser", { timeout: 10000 });
  // Playwright turns on its interception of file pickers when the listener is added; one round
  // trip to the page makes sure that is done before the key is pressed.
  await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press("Enter");
  const chooser = await chooserShown;
  assert.equal(chooser.isMultiple(), false);
  await chooser.setFiles(mistakes);
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  assert.ok((await shownIssues(page)).length > 0);
});

test("accessibility: labels, live status, contrast of text and buttons (WCAG AA)", async (t) => {
  const page = await openPane(t);
  await chooseFile(page, mistakes);
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  const report = await page.evaluate(() => {
    const parse = (c) => c.match(/[\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (e) => {
      for (let n = e; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c;
      }
      return [255, 255, 255];
    };
    const ratio = (e) => {
      const a = lum(parse(getComputedStyle(e).color));
      const b = lum(background(e));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    };
    const checked = [];
    const selectors = ["h1", "h2", "h3", "p", "button", ".severity", ".cell", ".message", ".suggestion", "dt", "dd", ".counts", "summary", "a"];
    for (const sel of selectors) {
      for (const e of document.querySelectorAll(sel)) {
        if (!e.offsetParent || !e.textContent.trim()) continue;
        checked.push({ sel: sel, text: e.textContent.trim().slice(0, 30), ratio: ratio(e) });
      }
    }
    const unnamed = Array.from(document.querySelectorAll("button, input, a")).filter((e) =>
      !(e.textContent.trim() || e.getAttribute("aria-label") || (e.labels && e.labels.length) || e.hidden || e.type === "file"));
    return { checked: checked, unnamed: unnamed.map((e) => e.outerHTML), lang: document.documentElement.lang,
             storage: localStorage.length + sessionStorage.length, cookies: document.cookie };
  });
  assert.ok(report.checked.length > 30, "checked " + report.checked.length + " elements");
  const low = report.checked.filter((c) => c.ratio < 4.5);
  assert.deepEqual(low, [], "text below 4.5:1");
  const minimum = Math.min(...report.checked.map((c) => c.ratio));
  t.diagnostic("lowest contrast " + minimum.toFixed(2) + ":1 over " + report.checked.length + " elements");
  assert.deepEqual(report.unnamed, []);
  assert.equal(report.lang, "en-GB");
  assert.equal(report.storage, 0, "nothing kept in localStorage/sessionStorage");
  assert.equal(report.cookies, "");
});

test("a file that is not a workbook gets Impact's own explanation, naming the file", async (t) => {
  const page = await openPane(t);
  const bogus = path.join(work, "notes.xlsx");
  fs.writeFileSync(bogus, "Pupil,School\nA,B\n");
  await chooseFile(page, bogus);
  await page.waitForSelector("#problem:not([hidden])", { timeout: 30000 });
  await waitIdle(page);
  const text = await page.textContent("#problem-text");
  assert.match(text, /notes\.xlsx/);
  assert.equal(await page.isVisible("#issues"), false);
  // The buttons work again after the failure.
  assert.equal(await page.isDisabled("#check"), false);
});

test("in Excel (office.js faked, as Excel cannot run here): Check reads the open workbook in slices, an issue selects its cell, Build summary replaces Impact's sheets", async (t) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 420, height: 760 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // office.js from Microsoft's CDN is replaced by the fake; everything else is the real page and server.
  await page.route("https://appsforoffice.microsoft.com/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: fs.readFileSync(path.join(__dirname, "fake_office.js"), "utf8") }));
  const original = ["Partnership", "Schools", "Register", "Contributions", "Funders", "Pupil survey", "Indicators"];
  await page.addInitScript(({ b64, sheets, summary }) => {
    window.__workbookBase64 = b64;
    window.__workbookName = "mistakes 2025.xlsx"; // given to the pane as a URL, percent-encoded
    window.__sheets = sheets;
    window.__summarySheets = summary;
  }, { b64: fs.readFileSync(mistakes).toString("base64"),
       sheets: original.concat(["Impact Summary", "Impact Reach"]), // as a previous run left them
       summary: ["Impact Columns", "Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding", "Impact Data Issues"] });
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='true']", { timeout: 15000 });
  assert.equal(await page.getAttribute("body", "data-mode"), "excel");
  assert.equal(await page.isVisible("#drop"), false, "no file picker in Excel");
  assert.match(await page.textContent("#workbook-name"), /open workbook, mistakes 2025\.xlsx\./);

  await page.click("#check");
  await page.waitForSelector("#issues:not([hidden])", { timeout: 60000 });
  await waitIdle(page);
  const log = await page.evaluate(() => window.__excelLog);
  const opened = log.find((e) => e[0] === "getFileAsync");
  assert.equal(opened[1], "compressed");
  assert.equal(opened[2], 4 * 1024 * 1024);
  const slices = log.filter((e) => e[0] === "slice").map((e) => e[1]);
  assert.ok(slices.length > 1 && slices.length === opened[3], "read all " + opened[3] + " slices");
  assert.equal(log.filter((e) => e[0] === "close").length, 1, "the file is closed");
  const cli = h.impactJson("check", mistakes);
  const shown = await shownIssues(page);
  assert.equal(shown.length, cli.issues.length, "the assembled workbook gives the command line's issues");

  // Each issue with a cell is a button that shows the cell in Excel.
  const target = h.plantedMistakes().find((p) => p.rule === "scale-out-of-range");
  await page.click("li[data-rule='" + target.rule + "'] button.go");
  await page.waitForFunction((cell) => window.__excelLog.some((e) => e[0] === "select" && e[2] === cell), target.cell);
  const after = await page.evaluate(() => window.__excelLog);
  const activate = after.findIndex((e) => e[0] === "activate" && e[1] === target.sheet);
  const select = after.findIndex((e) => e[0] === "select" && e[1] === target.sheet && e[2] === target.cell);
  assert.ok(activate >= 0 && select > activate, "activates " + target.sheet + " then selects " + target.cell);
  assert.match(await page.textContent("#status-text"), new RegExp("Showing " + target.sheet + "!" + target.cell));
  // Keyboard: the issue buttons are focusable and Enter works on them.
  await page.focus("li[data-rule='amount-negative'] button.go");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__excelLog.some((e) => e[0] === "select" && e[2] === "D15"));
  // An issue about a whole row, with no cell, goes to the row's first cell.
  const rowIssue = cli.issues.find((i) => i.sheet && !i.cell && Number.isInteger(i.row));
  assert.ok(rowIssue, "mistakes.xlsx has an issue about a whole row (" + "totals-row-skipped" + ")");
  await page.$$eval("details.notes", (ds) => ds.forEach((d) => { d.open = true; }));
  await page.click("li[data-rule='" + rowIssue.rule + "'][data-sheet='" + rowIssue.sheet + "'] button.go");
  await page.waitForFunction(([sheet, cell]) => window.__excelLog.some((e) => e[0] === "select" && e[1] === sheet && e[2] === cell),
                             [rowIssue.sheet, "A" + rowIssue.row]);
  await page.$$eval("details.notes", (ds) => ds.forEach((d) => { d.open = false; }));
  await page.focus("li[data-rule='amount-negative'] button.go");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /Showing Contributions!D15/.test(document.getElementById("status-text").textContent));
  await screenshot(page, "addin-excel.png");

  await page.click("#summary");
  await page.waitForFunction(() => /Added the Impact sheets/.test(document.getElementById("status-text").textContent), null, { timeout: 60000 });
  await waitIdle(page);
  const final = await page.evaluate(() => ({ log: window.__excelLog, sheets: window.__sheets, inserted: window.__inserted }));
  const deletes = final.log.filter((e) => e[0] === "delete").map((e) => e[1]);
  assert.deepEqual(deletes.sort(), ["Impact Reach", "Impact Summary"]);
  const insertAt = final.log.findIndex((e) => e[0] === "insert");
  assert.ok(final.log.findIndex((e) => e[0] === "delete") < insertAt, "old sheets go before the new ones come");
  assert.equal(final.log[insertAt][2].positionType, "End");
  assert.deepEqual(final.log[insertAt][2].sheetNamesToInsert, ["Impact Columns", "Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding", "Impact Data Issues"],
                   "the coordinator's own Indicators sheet is kept, so the proposed one is not inserted; the proposed Impact Columns is");
  assert.deepEqual(final.sheets.slice(0, original.length), original, "the coordinator's sheets are untouched and first");
  // What was inserted is the summary workbook impact serve made: a real .xlsx with Impact's sheets.
  const file = path.join(work, "inserted.xlsx");
  fs.writeFileSync(file, Buffer.from(final.inserted, "base64"));
  const names = h.sheetNames(file);
  for (const sheet of final.log[insertAt][2].sheetNamesToInsert) assert.ok(names.includes(sheet), sheet + " in the inserted workbook");
  assert.match(await page.textContent("#status-text"), /replacing the previous ones; your Indicators sheet was kept/);
  assert.deepEqual(errors, []);
});
