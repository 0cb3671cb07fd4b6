#include "run/summary.h"

#include "common/number_text.h"
#include "read/cell_text.h"

#include "platform/path_text.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace impact::run {

namespace {

std::string count(double n) { return read::formatNumber(std::round(n * 100) / 100); }

std::string sectors(const analyse::Reach& r) {
    std::string s;
    for (const auto& [sector, n] : r.schoolsBySector) {
        if (!n) continue;
        s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + sector;
    }
    return s.empty() ? "" : " (" + s + ")";
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string issuePlace(const model::Issue& issue) {
    if (issue.sheet.empty()) return "the workbook";
    if (!issue.cell.empty()) return issue.sheet + "!" + issue.cell;
    if (issue.row) return issue.sheet + " row " + std::to_string(*issue.row);
    return issue.sheet;
}

std::string summaryText(const std::string& workbook, const ReportJobResult& result, const std::string& sendOptions,
                        std::size_t maxIssues) {
    const auto& r = result.analysis.reach;
    const auto& f = result.analysis.funding;
    std::string t = platform::utf8(platform::utf8Path(workbook).filename()) + "\n";
    t += "  Pupils: " + (r.pupils ? count(*r.pupils) : std::string("not counted (head counts only)"));
    t += "   Schools: " + std::to_string(r.schools) + sectors(r);
    t += "   Sessions: " + std::to_string(r.sessions) + "   Attendances: " + count(r.attendances) + "\n";
    t += "  Funding: " + pounds(f.total) + " (cash " + pounds(f.cashTotal) + ", in kind " + pounds(f.inKindTotal) + ")\n";
    std::size_t withEvidence = 0;
    std::string cats;
    for (const auto& c : result.analysis.categories) {
        if (c.evidence == analyse::Evidence::None) continue;
        ++withEvidence;
        cats += "    " + std::to_string(c.id) + " " + c.shortName + ": " + analyse::evidenceName(c.evidence) + "\n";
    }
    t += "  Categories with evidence: " + std::to_string(withEvidence) + " of " +
         std::to_string(result.analysis.categories.size()) + "\n" + cats;

    const auto& issues = result.check.issues;
    std::size_t errors = issues.count(model::Severity::Error), warnings = issues.count(model::Severity::Warning);
    t += "  Issues: " + plural(errors, "error", "errors") + ", " + plural(warnings, "warning", "warnings") + "\n";
    std::size_t shown = 0, listed = errors + warnings;
    // Errors first: they are what stops the reports.
    for (auto severity : {model::Severity::Error, model::Severity::Warning})
        for (const auto& i : issues.all()) {
            if (i.severity != severity || shown >= maxIssues) continue;
            ++shown;
            t += std::string("    ") + (severity == model::Severity::Error ? "error  " : "warning") + "  " + issuePlace(i) +
                 "  " + i.message + "  [" + i.rule + "]\n";
        }
    if (listed > shown) t += "    ... and " + std::to_string(listed - shown) + " more: see the 'Impact Data Issues' sheet.\n";

    if (!result.sheetsWritten.empty()) {
        t += "  Added to the workbook:";
        for (const auto& n : result.sheetsWritten) t += " '" + n + "'";
        t += "\n  The previous version is kept as " + result.backupPath + "\n";
    }
    if (!result.pdfPaths.empty()) {
        t += "  PDF reports (" + std::to_string(result.pdfPaths.size()) + ") are in " + result.outputFolder + "\n";
        for (const auto& w : result.warnings) t += "  Warning: " + w + "\n";
        // The loop's next step, where there is somebody to send to.
        std::size_t funders = result.check.model.funders.size();
        if (funders)
            t += std::string("  To email ") + (funders == 1 ? "the funder their report" : "the " + std::to_string(funders) + " funders their reports") +
                 ": 'impact send" + sendOptions + " --dry-run' shows the emails first, 'impact send" + sendOptions +
                 "' sends them.\n";
    }
    else if (errors)
        t += "  No PDF reports were made: fix the " + plural(errors, "error", "errors") +
             " above (also listed, each a link to its cell, on the workbook's 'Impact Data Issues' sheet), save, "
             "and run again.\n";
    return t;
}

std::vector<std::string> summaryLogLines(const ReportJobResult& result) {
    const auto& r = result.analysis.reach;
    const auto& f = result.analysis.funding;
    std::vector<std::string> lines;
    lines.push_back("figures: pupils " + (r.pupils ? count(*r.pupils) : std::string("null")) + ", schools " +
                    std::to_string(r.schools) + ", sessions " + std::to_string(r.sessions) + ", attendances " +
                    count(r.attendances) + ", funding total " + pounds(f.total));
    std::string cats;
    for (const auto& c : result.analysis.categories) cats += (cats.empty() ? "" : ", ") + std::to_string(c.id) + " " + analyse::evidenceName(c.evidence);
    lines.push_back("categories: " + cats);
    const auto& issues = result.check.issues;
    lines.push_back("issues: " + std::to_string(issues.count(model::Severity::Error)) + " errors, " +
                    std::to_string(issues.count(model::Severity::Warning)) + " warnings, " +
                    std::to_string(issues.count(model::Severity::Info)) + " info");
    // Rule and place only: an issue's message may quote a cell (a name, a typed answer).
    for (const auto& i : issues.all())
        if (i.severity != model::Severity::Info)
            lines.push_back(std::string("issue: ") + model::severityName(i.severity) + " " + i.rule + " " + issuePlace(i));
    if (!result.sheetsWritten.empty()) {
        std::string names;
        for (const auto& n : result.sheetsWritten) names += " '" + n + "'";
        lines.push_back("sheets written:" + names + "; backup " + result.backupPath);
    }
    for (const auto& p : result.pdfPaths) lines.push_back("pdf: " + p);
    return lines;
}

} // namespace impact::run
