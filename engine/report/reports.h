// The PDF impact reports (SPEC "What it writes", item 2): a governors' brief and one report per
// funder, laid out from templates, with small numbers suppressed and no pupil named.
#pragma once

#include "analyse/analysis.h"
#include "check/check.h"
#include "recognise/vocabulary.h"

#include <optional>
#include <string>
#include <vector>

namespace impact::report {

struct ReportOptions {
    int threshold = 5;                       ///< disclosure threshold (SPEC default 5)
    std::string governorsTemplate;           ///< a template path; "" for the standard one
    std::string funderTemplate;
    std::size_t dataErrors = 0;              ///< > 0 only with --force: every page says so
    std::optional<std::int64_t> time;        ///< document date when SOURCE_DATE_EPOCH is unset
};

struct ReportFile {
    std::string name;     ///< file name: contains "Governors", or the funder's name
    std::string audience; ///< governors | funder
    std::string funder;
    std::vector<unsigned char> pdf;
    std::vector<std::string> suppressed; ///< what disclosure control hid
    /// The pupils' names (personalNames, the coordinator's aside) found in the text drawn into it,
    /// normalised: empty when the names check passed. Never printed (initials() points at one).
    std::vector<std::string> pupilNames;
};

/// Loads both templates, throwing impact::Error for a bad one, without making anything.
void validateTemplates(const ReportOptions& options);

/// Makes every report. Throws impact::Error for a bad template.
std::vector<ReportFile> makeReports(const check::CheckResult& result, const analyse::Analysis& analysis,
                                    const recognise::Vocabulary& vocab, const ReportOptions& options);

/// The file name makeReports gives the report for `funderName` ("" for the governors' brief),
/// with the template `options` names (used by `impact send` to find each funder's PDF).
std::string reportFileName(const model::WorkbookModel& model, const std::string& funderName, const ReportOptions& options);

/// Every pupil and respondent name in the workbook, for the privacy check (never printed).
std::vector<std::string> personalNames(const model::WorkbookModel& model);

/// A file name safe on Windows, macOS and Linux.
std::string safeFileName(std::string name);

} // namespace impact::report
