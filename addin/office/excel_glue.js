// The Excel-specific part of the Impact task pane: reading the open workbook, replacing Impact's
// sheets, selecting a cell. Kept apart from the page so that node can test it with
// office-addin-mock (Excel itself cannot run on a build machine). Loaded by the page as a plain
// <script> (it defines window.ImpactExcel) and by node with require().
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ImpactExcel = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // The sheets Impact writes (engine/sheets/summary_workbook.h, kSummarySheetNames). A previous
  // run's sheets of these names are removed before the new ones go in.
  const SUMMARY_SHEETS = ["Impact Summary", "Impact by Category", "Impact Reach", "Impact Funding",
                          "Impact Data Issues"];
  // The proposed indicators sheet the summary workbook holds when the workbook has none. It is the
  // coordinator's to edit (docs/decisions.md), so it is inserted only when no sheet of that name
  // exists, and it is never removed.
  const PROPOSED_INDICATORS = "Indicators";
  // The proposed "Impact Columns" sheet (what each column was taken to hold): the same, the
  // coordinator's from the moment it is in the workbook (sheets::kProposedSheetNames).
  const PROPOSED_COLUMNS = "Impact Columns";
  const PROPOSED_SHEETS = [PROPOSED_INDICATORS, PROPOSED_COLUMNS];
  // Office.js slices are at most 4 MB; 4 MB keeps the number of round trips small.
  const SLICE_SIZE = 4 * 1024 * 1024;

  /** Base64 of bytes (an Array of numbers, a Uint8Array or an ArrayBuffer). */
  function bytesToBase64(bytes) {
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    let binary = "";
    const chunk = 0x8000; // String.fromCharCode.apply has an argument limit
    for (let i = 0; i < view.length; i += chunk) {
      binary += String.fromCharCode.apply(null, Array.prototype.slice.call(view, i, i + chunk));
    }
    return btoa(binary);
  }

  function officeError(what, result) {
    const detail = result && result.error ? result.error.message || String(result.error) : "unknown error";
    return new Error(what + ": " + detail + ". Save the workbook and try again.");
  }

  /**
   * Reads the open workbook as Excel would save it (.xlsx bytes), slice by slice, and returns it as
   * base64. The file is always closed (Office allows only two open at once), also after an error.
   */
  function readWorkbookBase64(Office, sliceSize) {
    const succeeded = Office.AsyncResultStatus.Succeeded;
    return new Promise(function (resolve, reject) {
      Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: sliceSize || SLICE_SIZE },
        function (opened) {
          if (opened.status !== succeeded) {
            reject(officeError("Excel could not hand over the workbook", opened));
            return;
          }
          const file = opened.value;
          const count = file.sliceCount;
          const slices = new Array(count);
          let total = 0;
          const finish = function (error) {
            file.closeAsync(function () {
              if (error) {
                reject(error);
                return;
              }
              const bytes = new Uint8Array(total);
              let at = 0;
              for (const slice of slices) {
                bytes.set(slice, at);
                at += slice.length;
              }
              resolve(bytesToBase64(bytes));
            });
          };
          const readSlice = function (index) {
            file.getSliceAsync(index, function (got) {
              if (got.status !== succeeded) {
                finish(officeError("Excel could not read part " + (index + 1) + " of " + count + " of the workbook", got));
                return;
              }
              const data = got.value.data;
              slices[index] = data instanceof Uint8Array ? data : Uint8Array.from(data);
              total += slices[index].length;
              if (index + 1 < count) {
                readSlice(index + 1);
              } else {
                finish(null);
              }
            });
          };
          if (count === 0) {
            finish(new Error("Excel handed over an empty workbook. Save it and try again."));
          } else {
            readSlice(0);
          }
        });
    });
  }

  /** True when this Excel can insert sheets from a workbook (ExcelApi 1.13, Microsoft 365 / 2021+). */
  function canInsertSheets(Office) {
    return Boolean(Office && Office.context && Office.context.requirements &&
                   Office.context.requirements.isSetSupported("ExcelApi", "1.13"));
  }

  /**
   * Replaces Impact's sheets in the open workbook with those of `base64` (the summary workbook from
   * /api/summary): deletes the previous run's sheets, inserts the new ones after the coordinator's
   * and shows "Impact Summary". A proposed sheet ("Indicators", "Impact Columns") is inserted only
   * when the workbook has no sheet of that name. `Excel` is the Excel namespace (for its enum);
   * `summarySheets` the names the summary workbook holds (/api/summary's "sheets"; without them only
   * Impact's five are inserted when a proposed sheet is kept). Returns what was done: `removed`,
   * `kept` (the proposed sheets the coordinator has) and `insertedIndicators`.
   */
  async function insertSummary(context, base64, Excel, summarySheets) {
    const sheets = context.workbook.worksheets;
    const lookup = function (name) {
      const sheet = sheets.getItemOrNullObject(name);
      sheet.load("isNullObject");
      return sheet;
    };
    const previous = SUMMARY_SHEETS.map(lookup);
    const proposed = PROPOSED_SHEETS.map(lookup);
    await context.sync();

    const removed = [];
    previous.forEach(function (sheet, i) {
      if (!sheet.isNullObject) {
        sheet.delete();
        removed.push(SUMMARY_SHEETS[i]);
      }
    });
    if (removed.length > 0) {
      await context.sync();
    }

    const kept = PROPOSED_SHEETS.filter(function (name, i) { return !proposed[i].isNullObject; });
    const options = {
      positionType: Excel && Excel.WorksheetPositionType ? Excel.WorksheetPositionType.end : "End",
    };
    if (kept.length > 0) {
      options.sheetNamesToInsert = (summarySheets || SUMMARY_SHEETS).filter(function (name) {
        return !kept.includes(name);
      });
    }
    context.workbook.insertWorksheetsFromBase64(base64, options);
    await context.sync();

    sheets.getItem(SUMMARY_SHEETS[0]).activate();
    await context.sync();
    return { removed: removed, kept: kept, insertedIndicators: !kept.includes(PROPOSED_INDICATORS) };
  }

  /** Shows `address` (A1 style, e.g. "F17") on sheet `sheetName`: activates the sheet, selects the cell. */
  async function selectCell(context, sheetName, address) {
    const sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
    sheet.load("isNullObject");
    await context.sync();
    if (sheet.isNullObject) {
      throw new Error("There is no sheet called \"" + sheetName + "\" any more. Run Check again.");
    }
    sheet.activate();
    sheet.getRange(address || "A1").select();
    await context.sync();
  }

  return {
    SUMMARY_SHEETS: SUMMARY_SHEETS,
    PROPOSED_INDICATORS: PROPOSED_INDICATORS,
    PROPOSED_COLUMNS: PROPOSED_COLUMNS,
    PROPOSED_SHEETS: PROPOSED_SHEETS,
    bytesToBase64: bytesToBase64,
    readWorkbookBase64: readWorkbookBase64,
    canInsertSheets: canInsertSheets,
    insertSummary: insertSummary,
    selectCell: selectCell,
  };
});
