// The report pipeline shared by `impact report` and `impact run`: check → analyse → summary sheets
// back into the workbook → PDF reports into a folder, one step at a time, with progress reported.
#pragma once

#include "analyse/analysis.h"
#include "check/check.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace impact::run {

struct ReportJobOptions {
    std::string workbook;
    std::string outputFolder;       ///< "" for defaultOutputFolder(workbook) (common/paths.h)
    std::string summaryPath;        ///< not "": write only the summary sheets, as this new workbook
    std::string governorsTemplate;  ///< "" for the standard template
    std::string funderTemplate;
    std::optional<std::string> threshold; ///< as typed (--threshold / the settings file)
    bool writeback = true;
    bool pdfs = true;
    bool force = false;             ///< make the PDFs even with data errors
};

/// What the job reports while it works. Every member may be left empty.
struct ReportJobObserver {
    /// Before each step: `index` counts from 1 to `total`; `what` says what it is doing.
    std::function<void(std::size_t index, std::size_t total, const std::string& what)> step;
    /// The summary sheets are in the workbook (names as added); the previous version is at `backup`.
    std::function<void(const std::vector<std::string>& names, const std::string& backup)> sheetsWritten;
    /// The workbook has data errors (called after the write-back, before any PDF is made).
    std::function<void(std::size_t errors)> dataErrors;
    /// One PDF is in place.
    std::function<void(const std::string& path)> pdfWritten;
};

struct ReportJobResult {
    check::CheckResult check;
    analyse::Analysis analysis;
    std::size_t errors = 0;
    std::vector<std::string> sheetsWritten; ///< empty without write-back
    std::string backupPath;                 ///< "" without write-back
    std::string outputFolder;               ///< where the PDFs went ("" if none were made)
    std::vector<std::string> pdfPaths;
    /// For people: each PDF whose text names a pupil (it is made, and `impact send` refuses it).
    std::vector<std::string> warnings;
    int exitCode() const;                   ///< 1 with data errors, else 0
};

/// Runs the pipeline. Throws impact::Error (ReadError 2, UsageError 2, WriteError 3) with the file
/// named; data errors are not thrown: they are in the result, and the PDFs are then not made
/// unless `force`.
ReportJobResult runReportJob(const ReportJobOptions& options, const ReportJobObserver& observer = {});

} // namespace impact::run
