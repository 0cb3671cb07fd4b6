// The Impact task pane. In Excel (Office.onReady reports host Excel) it reads the open workbook and
// writes Impact's sheets into it; anywhere else (an ordinary browser, or office.js failed to load)
// the coordinator drops or chooses a workbook and downloads what Impact makes. Results live only in
// this page's memory: nothing is written to localStorage, cookies or IndexedDB.
(function () {
  "use strict";

  const glue = window.ImpactExcel;
  const Api = window.ImpactApi;
  const F = window.ImpactFormat;
  const api = Api.client();

  const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const OFFICE_WAIT_MS = 5000;

  const state = {
    mode: "starting",      // "browser" | "excel"
    file: null,            // browser mode: {name, size, base64}
    busy: false,
    blobUrls: [],
    focusAfter: null,      // where focus goes when the work is done (else back where it was)
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "scope" || k === "tabindex") node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  // ---------------------------------------------------------------------------------------------
  // Status, progress, problems

  function setStatus(text) {
    $("status-text").textContent = text;
  }

  function showProblem(message, offerForce) {
    $("problem-text").textContent = message;
    $("force").hidden = !offerForce;
    $("problem").hidden = false;
  }

  function clearProblem() {
    $("problem").hidden = true;
    $("problem-text").textContent = "";
    $("force").hidden = true;
  }

  /** Runs `work` with the buttons disabled and the progress bar shown; focus comes back after. */
  async function whileBusy(firstStep, work) {
    if (state.busy) return;
    state.busy = true;
    const focused = document.activeElement;
    clearProblem();
    document.querySelectorAll("main button").forEach((b) => { b.disabled = true; });
    $("main").setAttribute("aria-busy", "true");
    $("progress").hidden = false;
    setStatus(firstStep);
    try {
      await work();
    } catch (error) {
      setStatus("");
      showProblem(error && error.message ? error.message : String(error), false);
    } finally {
      state.busy = false;
      $("progress").hidden = true;
      $("main").removeAttribute("aria-busy");
      document.querySelectorAll("main button").forEach((b) => { b.disabled = false; });
      const target = state.focusAfter || focused;
      state.focusAfter = null;
      if (target && target !== document.body && document.contains(target) && !target.hidden) {
        target.focus();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The workbook

  function excelWorkbookName() {
    const url = (window.Office && Office.context && Office.context.document && Office.context.document.url) || "";
    let name = url.split(/[?#]/)[0].split(/[\\/]/).pop();
    try {
      name = decodeURIComponent(name); // Excel on the web gives a URL ("Partnership%20data.xlsx")
    } catch (e) {
      // not percent-encoded after all: keep it as it is
    }
    return name && /\.(xlsx|xlsm)$/i.test(name) ? name : "workbook.xlsx";
  }

  /** {name, base64} of the workbook to work on: the open one in Excel, the chosen one in a browser. */
  async function currentWorkbook() {
    if (state.mode === "excel") {
      setStatus("Reading the workbook from Excel…");
      return { name: excelWorkbookName(), base64: await glue.readWorkbookBase64(Office) };
    }
    if (!state.file) {
      state.focusAfter = $("choose");
      throw new Error("Choose a workbook first: drop it on this page or use “Choose a workbook…”.");
    }
    return state.file;
  }

  async function takeFile(file) {
    if (!file) return;
    await whileBusy("Reading " + file.name + "…", async () => {
      const base64 = await Api.fileToBase64(file);
      state.file = { name: file.name, size: file.size, base64: base64 };
      showWorkbookName();
      clearResults();
      await runCheck();
    });
  }

  function showWorkbookName() {
    const p = $("workbook-name");
    p.textContent = "";
    if (state.mode === "excel") {
      p.append("Working on the open workbook, ", el("strong", { text: excelWorkbookName() }), ".");
    } else if (state.file) {
      const kb = Math.max(1, Math.round(state.file.size / 1024));
      p.append("Workbook: ", el("strong", { text: state.file.name }), " (" + F.number(kb) + " KB).");
    } else {
      p.textContent = "No workbook chosen yet.";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  function clearDownloads() {
    for (const url of state.blobUrls) URL.revokeObjectURL(url);
    state.blobUrls = [];
    $("download-list").textContent = "";
    $("downloads").hidden = true;
  }

  function clearResults() {
    clearDownloads();
    $("issues").hidden = true;
    $("issue-groups").textContent = "";
    $("figures").hidden = true;
    $("figure-blocks").textContent = "";
    $("columns").hidden = true;
    $("column-groups").textContent = "";
  }

  function addDownload(name, blob, description, kind) {
    const url = URL.createObjectURL(blob);
    state.blobUrls.push(url);
    const kb = Math.max(1, Math.round(blob.size / 1024));
    const link = el("a", { href: url, download: name, "data-kind": kind, text: name });
    $("download-list").append(el("li", null, [link, " — " + description + ", " + F.number(kb) + " KB"]));
    $("downloads").hidden = false;
  }

  function setDownloadsHelp() {
    $("downloads-help").textContent = state.mode === "excel"
      ? "Select a file to save it (Excel on the web and on Windows save it to your Downloads folder)."
      : "Select a file to save it to your Downloads folder.";
  }

  function issueContent(issue) {
    const sev = F.severityOf(issue);
    const parts = [
      el("span", { class: "severity" }, [el("span", { "aria-hidden": "true", text: sev.symbol + " " }), sev.word]),
    ];
    if (issue.cell) parts.push(" ", el("span", { class: "cell", text: issue.cell }));
    parts.push(" — ", el("span", { class: "message", text: issue.message }));
    if (issue.suggestion) parts.push(el("br"), el("span", { class: "suggestion", text: issue.suggestion }));
    return parts;
  }

  function issueItem(issue) {
    const attrs = {
      class: "issue " + (F.SEVERITY[issue.severity] ? issue.severity : "info"),
      "data-severity": issue.severity,
      "data-rule": issue.rule,
      "data-sheet": issue.sheet || "",
      "data-cell": issue.cell || "",
    };
    // An issue about a whole row (a totals row skipped) has a row but no cell: go to its first cell.
    const target = issue.cell || (Number.isInteger(issue.row) && issue.row > 0 ? "A" + issue.row : null);
    if (state.mode === "excel" && issue.sheet && target) {
      const go = el("button", { type: "button", class: "go", title: "Show " + issue.sheet + "!" + target + " in the workbook" },
                    issueContent(issue));
      go.addEventListener("click", () => goToCell(issue.sheet, target));
      return el("li", attrs, go);
    }
    return el("li", attrs, issueContent(issue));
  }

  function renderIssues(result) {
    const groups = F.groupIssuesBySheet(result.issues, result.sheets);
    const box = $("issue-groups");
    box.textContent = "";
    const counts = result.counts || {};
    $("issues-summary").textContent = F.describeCounts(counts) + "." +
      (counts.error ? " Reports are not made while errors remain." : "") +
      (state.mode === "excel" && groups.length ? " Select an issue to go to its cell." : "");
    groups.forEach((group, i) => {
      const headingId = "group-" + i;
      const main = group.issues.filter((x) => x.severity === "error" || x.severity === "warning");
      const notes = group.issues.filter((x) => !(x.severity === "error" || x.severity === "warning"));
      const section = el("section", { "aria-labelledby": headingId, "data-sheet-group": group.sheet }, [
        el("h3", { id: headingId, class: "group-heading" }, [
          group.sheet, " ", el("span", { class: "counts", text: "(" + F.describeCounts(group.counts) + ")" }),
        ]),
      ]);
      if (main.length) section.append(el("ul", { class: "issue-list" }, main.map(issueItem)));
      if (notes.length) {
        section.append(el("details", { class: "notes" }, [
          el("summary", { text: notes.length === 1 ? "1 note on what Impact assumed" : notes.length + " notes on what Impact assumed" }),
          el("ul", { class: "issue-list" }, notes.map(issueItem)),
        ]));
      }
      box.append(section);
    });
    $("issues").hidden = false;
  }

  /** One column Impact used: "C ‘When’ → timepoint: values Before/After", and who decided it. */
  function columnItem(column) {
    const parts = [el("span", { class: "column", text: F.columnLabel(column) }), " \u2192 ",
                   el("span", { class: "role", text: column.role })];
    if (column.reason) parts.push(el("span", { class: "reason", text: ": " + column.reason }));
    if (column.source === "coordinator") parts.push(" ", el("span", { class: "source", text: "(your Impact Columns sheet)" }));
    return el("li", { "data-column": column.column || "", "data-role": column.role, "data-source": column.source || "guessed" }, parts);
  }

  /** Per sheet, a collapsible list of what Impact took each column to hold (SPEC "Column roles come from evidence"). */
  function renderColumns(result) {
    const box = $("column-groups");
    box.textContent = "";
    for (const sheet of result.sheets || []) {
      if (!sheet.columns || sheet.columns.length === 0) continue;
      const roles = F.columnRoles(sheet);
      const items = roles.used.map(columnItem);
      if (roles.unused.length) {
        items.push(el("li", { class: "unused", "data-role": "" }, "Not used: " + roles.unused.map(F.columnLabel).join(", ")));
      }
      box.append(el("details", { class: "column-roles", "data-columns-sheet": sheet.name }, [
        el("summary", null, [el("span", { class: "sheet-name", text: sheet.name }), " \u2014 " + roles.summary]),
        el("ul", { class: "column-list", "aria-label": "Columns of " + sheet.name }, items),
      ]));
    }
    $("columns").hidden = box.childElementCount === 0;
  }

  function figureList(title, rows) {
    const dl = el("dl");
    for (const [label, value, key] of rows) {
      dl.append(el("dt", { text: label }), el("dd", { "data-figure": key, text: value }));
    }
    return el("section", { class: "figures", "aria-label": title }, [el("h3", { text: title }), dl]);
  }

  function renderFigures(analysis) {
    const box = $("figure-blocks");
    box.textContent = "";
    const reach = analysis.reach || {};
    const funding = analysis.funding || {};
    const sectors = F.bySector(reach.schools_by_sector);
    box.append(figureList("Reach", [
      ["Pupils", reach.pupils === null || reach.pupils === undefined ? "not recorded (head counts only)" : F.number(reach.pupils), "pupils"],
      ["Schools", F.number(reach.schools) + (sectors ? " (" + sectors + ")" : ""), "schools"],
      ["Sessions", F.number(reach.sessions), "sessions"],
      ["Attendances", F.number(reach.attendances), "attendances"],
      ["Pupil premium", reach.pupil_premium_pupils === null || reach.pupil_premium_pupils === undefined
        ? F.percent(null) : F.number(reach.pupil_premium_pupils) + " pupils (" + F.percent(reach.pupil_premium_share) + ")", "pupil_premium"],
    ]));
    const sectorMoney = F.bySector(funding.by_sector, F.money);
    box.append(figureList("Funding", [
      ["Cash", F.money(funding.cash_total), "cash_total"],
      ["In kind", F.money(funding.in_kind_total), "in_kind_total"],
      ["Total", F.money(funding.total), "total"],
      ["By sector", sectorMoney || F.percent(null), "by_sector"],
      ["Cost per pupil", F.money(funding.cost_per_pupil), "cost_per_pupil"],
      ["Cost per attendance", F.money(funding.cost_per_attendance), "cost_per_attendance"],
    ]));

    // Two columns fit a narrow pane: the headline indicator goes under the category's name.
    const table = el("table", { class: "categories" }, [
      el("caption", { class: "help", text: "The six impact categories and how strong the workbook's evidence is." }),
      el("thead", null, el("tr", null, [
        el("th", { scope: "col", text: "Category" }),
        el("th", { scope: "col", text: "Evidence" }),
      ])),
    ]);
    const body = el("tbody");
    for (const cat of analysis.categories || []) {
      const best = F.headlineIndicator(cat);
      const headline = best
        ? el("span", { class: "headline" }, [best.label + " — ", F.describeIndicator(best)])
        : el("span", { class: "headline", text: (cat.indicators || []).length ? "" : cat.evidence === "none" ? "Nothing in this workbook yet." : "From the attendance and funding records." });
      body.append(el("tr", { "data-category": String(cat.id) }, [
        el("th", { scope: "row" }, [el("span", { class: "category-name", text: cat.id + ". " + cat.name }), el("br"), headline]),
        el("td", { class: "evidence evidence-" + cat.evidence, "data-evidence": cat.evidence, text: F.evidence(cat.evidence) }),
      ]));
    }
    table.append(body);
    box.append(el("section", { class: "figures", "aria-label": "Categories" }, [el("h3", { text: "Categories" }), table]));
    $("figures").hidden = false;
  }

  // ---------------------------------------------------------------------------------------------
  // The three actions

  async function runCheck() {
    const book = await currentWorkbook();
    setStatus("Checking " + book.name + "…");
    let result;
    let figuresProblem = null;
    try {
      result = await api.analyse(book.name, book.base64);
    } catch (error) {
      // A workbook Impact cannot read (4xx) gets the same answer from both; only when the figures
      // themselves failed (5xx) are the issues worth asking for on their own.
      if (!(error instanceof Api.ApiError) || error.status < 500) {
        throw error;
      }
      // The figures could not be worked out: still show the issues, which say why.
      figuresProblem = error.message;
      result = await api.check(book.name, book.base64);
    }
    clearResults();
    renderIssues(result);
    renderColumns(result);
    if (result.reach || result.funding || result.categories) {
      renderFigures(result);
    }
    setStatus("Checked " + book.name + ": " + F.describeCounts(result.counts) + ".");
    if (figuresProblem) showProblem("Figures are not available: " + figuresProblem, false);
  }

  async function runSummary() {
    const book = await currentWorkbook();
    setStatus("Building the summary sheets…");
    const answer = await api.summary(book.name, book.base64);
    if (typeof answer.workbook !== "string" || !answer.workbook) {
      throw new Error("Impact sent no summary workbook. Restart Impact and try again.");
    }
    if (state.mode === "excel" && glue.canInsertSheets(Office)) {
      setStatus("Adding the summary sheets to the workbook…");
      const done = await Excel.run((context) => glue.insertSummary(context, answer.workbook, Excel, answer.sheets));
      setStatus("Added the Impact sheets to the workbook" +
        (done.removed.length ? ", replacing the previous ones" : "") + F.describeKept(done.kept) + ".");
      return;
    }
    clearDownloads();
    setDownloadsHelp();
    addDownload(F.summaryFileName(book.name), Api.base64ToBlob(answer.workbook, XLSX_TYPE), "the Impact summary sheets", "summary");
    setStatus(state.mode === "excel"
      ? "This version of Excel cannot add sheets from the pane (it needs Excel 2021 or Microsoft 365): download the summary workbook below."
      : "The summary workbook is ready: download it below.");
    state.focusAfter = $("downloads-heading");
  }

  async function runReports(force) {
    const book = await currentWorkbook();
    setStatus("Making the reports (this can take a few seconds)…");
    let answer;
    try {
      answer = await api.reports(book.name, book.base64, force);
    } catch (error) {
      if (error instanceof Api.ApiError && error.status === 409) {
        setStatus("");
        const n = error.body && Number.isInteger(error.body.errors) ? error.body.errors : null;
        showProblem((n === null ? "The workbook still has data errors" : n === 1 ? "The workbook still has 1 data error"
                     : "The workbook still has " + n + " data errors") +
                    ", so the reports were not made. Correct them (Check lists them with their cells), or make " +
                    "the reports anyway: every page will then say how many data errors there were.", true);
        return;
      }
      throw error;
    }
    const files = Array.isArray(answer.files) ? answer.files : [];
    if (!files.length) throw new Error("Impact made no reports for " + book.name + ".");
    clearDownloads();
    setDownloadsHelp();
    for (const f of files) {
      const what = f.audience === "governors" ? "brief for governors" : "report for a funder";
      addDownload(f.name, Api.base64ToBlob(f.pdf, "application/pdf"), what, "pdf-" + f.audience);
    }
    // `impact send` emails only PDFs listed in this record (their SHA-256 and the pupil-names
    // check), so it is offered with them: saved in the same folder, the reports can be sent.
    const record = answer.record;
    if (record && typeof record.name === "string" && typeof record.json === "string") {
      addDownload(record.name, Api.base64ToBlob(record.json, "application/json"),
                  "needed beside the PDFs to email them with impact send", "record");
      $("downloads-help").textContent += " To email the funders their reports with impact send, save the PDFs and " +
        record.name + " in one folder.";
    }
    setStatus("Made " + files.length + (files.length === 1 ? " report" : " reports") + ": download them below.");
    state.focusAfter = $("downloads-heading");
  }

  async function goToCell(sheet, cell) {
    try {
      await Excel.run((context) => glue.selectCell(context, sheet, cell));
      setStatus("Showing " + sheet + "!" + cell + ".");
    } catch (error) {
      showProblem(error.message || String(error), false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  function officeReady() {
    return new Promise((resolve) => {
      if (!window.Office || typeof Office.onReady !== "function") {
        resolve(null);
        return;
      }
      const timer = setTimeout(() => resolve(null), OFFICE_WAIT_MS);
      try {
        Office.onReady((info) => { clearTimeout(timer); resolve(info || null); });
      } catch (e) {
        clearTimeout(timer);
        resolve(null);
      }
    });
  }

  function wireBrowserMode() {
    const drop = $("drop");
    const input = $("file");
    drop.hidden = false;
    $("choose").addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      input.value = "";
      takeFile(file);
    });
    // A workbook dropped anywhere on the page is taken; the browser must not open it instead.
    document.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) drop.classList.remove("over"); });
    document.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (file) takeFile(file);
    });
  }

  async function start() {
    document.querySelectorAll("main button").forEach((b) => { b.disabled = true; });
    const info = await officeReady();
    const inExcel = Boolean(info && window.Office && Office.HostType && info.host === Office.HostType.Excel);
    state.mode = inExcel ? "excel" : "browser";
    document.body.dataset.mode = state.mode;
    $("mode-text").textContent = inExcel
      ? "In Excel: checks and updates the open workbook."
      : "In your browser: choose a workbook to check it, see its figures and download the summary and reports.";
    $("summary").textContent = inExcel ? "Build summary" : "Build summary workbook";
    if (!inExcel) wireBrowserMode();
    showWorkbookName();
    $("downloads-heading").tabIndex = -1;
    $("check").addEventListener("click", () => whileBusy("Checking…", runCheck));
    $("summary").addEventListener("click", () => whileBusy("Building the summary…", runSummary));
    $("reports").addEventListener("click", () => whileBusy("Making the reports…", () => runReports(false)));
    $("force").addEventListener("click", () => whileBusy("Making the reports…", () => runReports(true)));
    document.querySelectorAll("main button").forEach((b) => { b.disabled = false; });
    document.body.dataset.ready = "true";
  }

  window.addEventListener("pagehide", clearDownloads);
  start();
})();
