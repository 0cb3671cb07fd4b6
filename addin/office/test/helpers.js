// Shared by the browser tests: start `impact serve` on a free port, start Debian's Chromium through
// playwright-core, run the command-line tools the checks use.
"use strict";
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const addinDir = path.resolve(__dirname, "..");
const sourceDir = path.resolve(addinDir, "..", "..");

const config = {
  impact: process.env.IMPACT_BIN || path.join(sourceDir, "build-addin", "engine", "impact"),
  samples: process.env.IMPACT_SAMPLES || path.join(sourceDir, "samples"),
  python: process.env.IMPACT_PYTHON || "/usr/bin/python3",
  chromium: process.env.IMPACT_CHROMIUM || "/usr/bin/chromium",
  screenshots: process.env.IMPACT_SCREENSHOTS === "1" ? (process.env.IMPACT_SCREENSHOT_DIR || path.join(sourceDir, "docs", "images")) : null,
};

// Chromium's own traffic (updates, sync, field trials) is refused on a closed network and can stall
// it; these flags turn that off (SPEC's test notes).
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Starts `impact serve --insecure-http --port 0` serving this folder; resolves {url, stop, log}. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(config.impact, ["serve", "--insecure-http", "--port", "0"], {
      env: Object.assign({}, process.env, { IMPACT_ADDIN_DIR: addinDir }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let log = "";
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill("SIGTERM");
      reject(new Error("impact serve printed no address within 20 s. Output: " + out + log));
    }, 20000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /(https?):\/\/(?:127\.0\.0\.1|localhost):(\d+)/.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        const url = "http://localhost:" + m[2] + "/";
        resolve({
          url: url,
          port: Number(m[2]),
          log: () => log,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) { done(child.exitCode); return; }
            child.once("exit", (code) => done(code));
            child.kill("SIGTERM");
          }),
        });
      }
    });
    child.stderr.on("data", (chunk) => { log += chunk; });
    child.once("exit", (code) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(new Error("impact serve stopped (exit " + code + ") before listening: " + out + log));
      }
    });
  });
}

async function launchBrowser() {
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: config.chromium, args: CHROMIUM_ARGS, headless: true });
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function run(program, args, options) {
  return execFileSync(program, args, Object.assign({ encoding: "utf8", maxBuffer: 64 << 20 }, options || {}));
}

/** The text of a PDF (pdftotext; its warnings about libharu's ToUnicode maps are dropped). */
function pdfText(file) {
  return run("pdftotext", [file, "-"], { stdio: ["ignore", "pipe", "ignore"] }).replace(/\s+/g, " ");
}

/** `impact <command> --json sample` as the command line gives it (exit 1 = validation errors is fine). */
function impactJson(command, sample) {
  try {
    return JSON.parse(run(config.impact, [command, "--json", sample]));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

/** The first column (under its header) of a sheet, read by `impact dump --csv`. */
function firstColumn(workbook, sheet) {
  const csv = run(config.impact, ["dump", workbook, "--sheet", sheet, "--csv"]);
  const rows = [];
  let field = "";
  let row = [];
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv[i];
    if (quoted) {
      if (c === "\"" && csv[i + 1] === "\"") { field += "\""; i += 1; }
      else if (c === "\"") quoted = false;
      else field += c;
    } else if (c === "\"") quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && csv[i + 1] === "\n") i += 1;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.slice(1).map((r) => r[0]).filter((v) => v);
}

/** The planted mistakes table of samples/README.md (section 4): [{sheet, cell, rule, severity}]. */
function plantedMistakes() {
  const text = fs.readFileSync(path.join(config.samples, "README.md"), "utf8");
  const section = text.slice(text.indexOf("`mistakes.xlsx` —"));
  const rows = [];
  for (const line of section.split("\n")) {
    const m = /^\| (\d+) \| ([^|]+) \| `([A-Z]+\d+)` \| `([a-z-]+)` \| (error|warning|info) \|/.exec(line);
    if (m) rows.push({ sheet: m[2].trim(), cell: m[3], rule: m[4], severity: m[5] });
    if (rows.length && line.startsWith("## ")) break;
  }
  return rows;
}

/** Sheet names of an .xlsx, read with openpyxl. */
function sheetNames(xlsx) {
  const out = run(config.python, ["-c", "import json,sys,openpyxl; print(json.dumps(openpyxl.load_workbook(sys.argv[1]).sheetnames))", xlsx]);
  return JSON.parse(out);
}

module.exports = { config, addinDir, sourceDir, startServer, launchBrowser, tempDir, run, pdfText, impactJson, firstColumn,
                   plantedMistakes, sheetNames };
