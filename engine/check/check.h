// `impact check`: read a workbook, recognise its sheets, validate them.
#pragma once

#include "model/records.h"
#include "recognise/vocabulary.h"
#include "model/issue.h"

#include <string>

namespace impact::check {

struct CheckResult {
    model::WorkbookModel model;
    model::IssueList issues;
    bool hasErrors() const { return issues.count(model::Severity::Error) > 0; }
};

/// Reads the workbook at `path` (throws ReadError if it cannot be read), recognises every
/// sheet, extracts its records and validates them.
CheckResult checkWorkbook(const std::string& path, const recognise::Vocabulary& vocab);

} // namespace impact::check
