// What the task pane shows, worked out from Impact's JSON without touching the page: issues grouped
// by sheet, numbers in UK style, evidence strengths in words. Loaded by the page as a plain
// <script> (window.ImpactFormat) and by node with require().
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ImpactFormat = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Severity in words and a symbol: never colour alone.
  const SEVERITY = {
    error: { order: 0, word: "Error", plural: "errors", symbol: "✖" },
    warning: { order: 1, word: "Warning", plural: "warnings", symbol: "⚠" },
    info: { order: 2, word: "Note", plural: "notes", symbol: "ℹ" },
  };
  const WHOLE_WORKBOOK = "Whole workbook";

  const EVIDENCE = {
    none: "No evidence",
    weak: "Weak evidence",
    moderate: "Moderate evidence",
    strong: "Strong evidence",
  };

  function severityOf(issue) {
    return SEVERITY[issue.severity] || SEVERITY.info;
  }

  /** Numeric part of an A1 address for sorting ("F17" -> [17, "F"]). */
  function cellKey(cell) {
    const m = /^([A-Z]+)(\d+)$/i.exec(cell || "");
    if (!m) return [Number.MAX_SAFE_INTEGER, ""];
    return [Number(m[2]), m[1].length + m[1].toUpperCase()];
  }

  /**
   * Issues grouped by sheet, in the workbook's sheet order (then any other sheet, then issues about
   * the whole workbook); within a sheet by severity, then row, then column.
   * Returns [{sheet, issues, counts: {error, warning, info}}].
   */
  function groupIssuesBySheet(issues, sheets) {
    const order = new Map();
    (sheets || []).forEach(function (s, i) { order.set(s.name, i); });
    const groups = new Map();
    for (const issue of issues || []) {
      const sheet = issue.sheet || WHOLE_WORKBOOK;
      if (!groups.has(sheet)) {
        groups.set(sheet, { sheet: sheet, wholeWorkbook: !issue.sheet, issues: [], counts: { error: 0, warning: 0, info: 0 } });
      }
      const group = groups.get(sheet);
      group.issues.push(issue);
      const key = SEVERITY[issue.severity] ? issue.severity : "info";
      group.counts[key] += 1;
    }
    const rank = function (group) {
      if (group.wholeWorkbook) return Number.MAX_SAFE_INTEGER;
      return order.has(group.sheet) ? order.get(group.sheet) : Number.MAX_SAFE_INTEGER - 1;
    };
    const result = Array.from(groups.values());
    result.sort(function (a, b) { return rank(a) - rank(b); });
    for (const group of result) {
      group.issues.sort(function (a, b) {
        const s = severityOf(a).order - severityOf(b).order;
        if (s !== 0) return s;
        const ka = cellKey(a.cell);
        const kb = cellKey(b.cell);
        if (ka[0] !== kb[0]) return ka[0] - kb[0];
        return ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
      });
    }
    return result;
  }

  /** "6 errors, 5 warnings, 7 notes" (only the non-zero ones; "No issues" when all are zero). */
  function describeCounts(counts) {
    const parts = [];
    for (const key of ["error", "warning", "info"]) {
      const n = (counts && counts[key]) || 0;
      if (n > 0) {
        parts.push(n + " " + (n === 1 ? SEVERITY[key].word.toLowerCase() : SEVERITY[key].plural));
      }
    }
    return parts.length ? parts.join(", ") : "No issues";
  }

  const NOT_AVAILABLE = "not available";

  function number(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return NOT_AVAILABLE;
    return new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(value);
  }

  function money(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return NOT_AVAILABLE;
    return new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(value);
  }

  /** A share (0.1975) as a percentage ("19.8%"). */
  function percent(share) {
    if (share === null || share === undefined || Number.isNaN(share)) return NOT_AVAILABLE;
    return new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 }).format(share);
  }

  function evidence(strength) {
    return EVIDENCE[strength] || EVIDENCE.none;
  }

  /** "state 4, independent 2" from {"state": 4, "independent": 2, "other": 0} (zeros left out). */
  function bySector(map, formatValue) {
    const fmt = formatValue || number;
    return Object.keys(map || {})
      .filter(function (k) { return map[k]; })
      .map(function (k) { return k + " " + fmt(map[k]); })
      .join(", ");
  }

  /** The indicator of a category with the largest rise in its top-two share, else in its mean. */
  function headlineIndicator(category) {
    let best = null;
    let bestValue = -Infinity;
    for (const ind of category.indicators || []) {
      const v = ind.top2_change_pp !== null && ind.top2_change_pp !== undefined ? ind.top2_change_pp
        : ind.mean_change !== null && ind.mean_change !== undefined ? ind.mean_change : null;
      if (v !== null && v > bestValue) {
        best = ind;
        bestValue = v;
      }
    }
    return best;
  }

  /** One line on an indicator: "top two answers 24.3% before, 45.3% after (+21.0 points)". */
  function describeIndicator(ind) {
    if (ind.top2_before !== null && ind.top2_before !== undefined && ind.top2_after !== null && ind.top2_after !== undefined) {
      const pp = ind.top2_change_pp;
      const sign = pp > 0 ? "+" : "";
      return "top two answers " + percent(ind.top2_before) + " before, " + percent(ind.top2_after) + " after (" +
             sign + pp.toFixed(1) + " points)";
    }
    if (ind.top2_after !== null && ind.top2_after !== undefined) {
      return "top two answers " + percent(ind.top2_after) + " (after only)";
    }
    if (ind.mean_after !== null && ind.mean_after !== undefined) {
      return "mean " + number(ind.mean_after);
    }
    return "no figures";
  }

  /** "Book.xlsx" -> "Book - Impact summary.xlsx". */
  function summaryFileName(workbookName) {
    const stem = String(workbookName || "workbook").replace(/\.(xlsx|xlsm)$/i, "");
    return stem + " - Impact summary.xlsx";
  }

  /** "; your Indicators sheet was kept" for the proposed sheets the workbook already had, else "". */
  function describeKept(kept) {
    if (!kept || kept.length === 0) return "";
    const names = kept.length === 1 ? kept[0] : kept.slice(0, -1).join(", ") + " and " + kept[kept.length - 1];
    return "; your " + names + (kept.length === 1 ? " sheet was" : " sheets were") + " kept";
  }

  /**
   * A sheet's columns as check --json gives them, split into those Impact used (a role) and those
   * it did not, with "7 of 9 columns understood".
   */
  function columnRoles(sheet) {
    const columns = (sheet && sheet.columns) || [];
    const used = columns.filter(function (c) { return c.role; });
    const unused = columns.filter(function (c) { return !c.role; });
    return {
      used: used,
      unused: unused,
      summary: used.length + " of " + columns.length + (columns.length === 1 ? " column" : " columns") + " understood",
    };
  }

  /** "C ‘When’": a column as the coordinator finds it. */
  function columnLabel(column) {
    return (column.column ? column.column + " " : "") + "‘" + (column.header || "") + "’";
  }

  return {
    SEVERITY: SEVERITY,
    WHOLE_WORKBOOK: WHOLE_WORKBOOK,
    severityOf: severityOf,
    groupIssuesBySheet: groupIssuesBySheet,
    describeCounts: describeCounts,
    number: number,
    money: money,
    percent: percent,
    evidence: evidence,
    bySector: bySector,
    headlineIndicator: headlineIndicator,
    describeIndicator: describeIndicator,
    summaryFileName: summaryFileName,
    describeKept: describeKept,
    columnRoles: columnRoles,
    columnLabel: columnLabel,
  };
});
