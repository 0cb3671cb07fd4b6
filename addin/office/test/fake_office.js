// A stand-in for office.js inside Excel, for the browser test of the pane's Excel mode: Excel
// cannot run on a build machine, so this fakes just what the pane uses (Office.onReady reporting
// Excel, getFileAsync handing over window.__workbookBase64 in slices, Excel.run with a workbook of
// window.__sheets) and records every call in window.__excelLog. The Excel glue itself is unit-tested
// against Microsoft's office-addin-mock (excel_glue.test.js).
(function () {
  "use strict";
  const log = [];
  window.__excelLog = log;
  const SLICE = 8192; // much smaller than the pane asks for, so a sample spans several slices
  const sheets = () => window.__sheets;

  function sheet(name) {
    return {
      name: name,
      isNullObject: !sheets().includes(name),
      load: function () { return this; },
      delete: function () { log.push(["delete", name]); window.__sheets = sheets().filter((s) => s !== name); },
      activate: function () { log.push(["activate", name]); },
      getRange: function (address) { return { select: () => log.push(["select", name, address]) }; },
    };
  }
  const context = {
    workbook: {
      worksheets: {
        getItemOrNullObject: sheet,
        getItem: function (name) {
          if (!sheets().includes(name)) throw new Error("ItemNotFound " + name);
          return sheet(name);
        },
      },
      insertWorksheetsFromBase64: function (base64, options) {
        log.push(["insert", base64.length, options]);
        window.__inserted = base64;
        const names = options.sheetNamesToInsert || window.__summarySheets;
        window.__sheets = sheets().concat(names);
      },
    },
    sync: async function () { log.push(["sync"]); },
  };

  window.Office = {
    HostType: { Excel: "Excel", Word: "Word" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    FileType: { Compressed: "compressed" },
    onReady: function (callback) {
      const info = { host: "Excel", platform: "OfficeOnline" };
      setTimeout(() => callback(info), 10);
      return Promise.resolve(info);
    },
    context: {
      requirements: { isSetSupported: (set, version) => set === "ExcelApi" && Number(version) <= 1.13 },
      document: {
        url: "https://contoso.sharepoint.com/sites/partnership/Shared%20Documents/" + encodeURIComponent(window.__workbookName) + "?web=1",
        getFileAsync: function (type, options, callback) {
          const raw = atob(window.__workbookBase64);
          const size = Math.min(options.sliceSize, SLICE);
          const count = Math.ceil(raw.length / size);
          log.push(["getFileAsync", type, options.sliceSize, count]);
          const file = {
            size: raw.length,
            sliceCount: count,
            getSliceAsync: function (index, cb) {
              const part = raw.slice(index * size, (index + 1) * size);
              const data = new Array(part.length);
              for (let i = 0; i < part.length; i += 1) data[i] = part.charCodeAt(i);
              log.push(["slice", index]);
              setTimeout(() => cb({ status: "succeeded", value: { index: index, size: data.length, data: data } }), 0);
            },
            closeAsync: function (cb) { log.push(["close"]); setTimeout(() => cb && cb({ status: "succeeded" }), 0); },
          };
          setTimeout(() => callback({ status: "succeeded", value: file }), 0);
        },
      },
    },
  };
  window.Excel = {
    WorksheetPositionType: { end: "End", beginning: "Beginning" },
    run: async function (batch) { return batch(context); },
  };
})();
