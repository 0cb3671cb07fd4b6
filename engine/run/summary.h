// The short result `impact run` prints for each workbook, and the lines it logs. The printed text
// is for the coordinator at their own screen (issue messages included); the log lines hold only
// figures, rule ids, sheet!cell references and paths, never a value from the workbook's cells.
#pragma once

#include "run/report_job.h"

#include <string>
#include <vector>

namespace impact::run {

/// "Pupil survey!F79", or the sheet alone, or "Sheet row 7", for an issue.
std::string issuePlace(const model::Issue& issue);

/// The printed summary: figures, categories with evidence, errors and warnings at their cells,
/// the sheets added, where the PDFs are and, where there are funders, the `impact send` command
/// (with `sendOptions`, e.g. the --config the run was given). At most `maxIssues` issues are listed.
std::string summaryText(const std::string& workbook, const ReportJobResult& result, const std::string& sendOptions = "",
                        std::size_t maxIssues = 50);

/// The same, as log lines without any cell value or message text.
std::vector<std::string> summaryLogLines(const ReportJobResult& result);

} // namespace impact::run
