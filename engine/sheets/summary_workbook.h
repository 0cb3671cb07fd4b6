// The summary sheets Impact adds to a coordinator's workbook (SPEC "What it writes", item 1),
// written with libxlsxwriter into a workbook of their own, ready to be grafted in.
#pragma once

#include "analyse/analysis.h"
#include "check/check.h"
#include "recognise/column_overrides.h"
#include "recognise/vocabulary.h"

#include <string>
#include <vector>

namespace impact::sheets {

/// The names of the sheets Impact writes, in order.
inline const std::vector<std::string> kSummarySheetNames = {"Impact Summary", "Impact by Category", "Impact Reach",
                                                             "Impact Funding", "Impact Data Issues"};
/// The proposed indicators sheet, written only when the workbook has none. It is the
/// coordinator's to confirm and edit, so it is not replaced on the next run.
inline const std::string kProposedIndicatorsName = "Indicators";
/// The proposed "Impact Columns" sheet (the column roles), written only when the workbook has none.
inline const std::string kProposedColumnsName{recognise::kColumnsSheetName};
/// The sheets Impact proposes and the coordinator then owns: added without the generated marker.
inline const std::vector<std::string> kProposedSheetNames = {kProposedIndicatorsName, kProposedColumnsName};

/// Writes the summary workbook to `path` (a new .xlsx). Throws WriteError if it cannot.
/// Returns the names of the sheets written.
std::vector<std::string> writeSummaryWorkbook(const std::string& path, const check::CheckResult& result,
                                              const analyse::Analysis& analysis, const recognise::Vocabulary& vocab);

} // namespace impact::sheets
