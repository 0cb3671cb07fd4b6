#include "check/check.h"

#include "read/grid.h"
#include "read/workbook.h"
#include "recognise/column_overrides.h"
#include "recognise/extract.h"
#include "recognise/layout.h"
#include "common/unicode_text.h"
#include "validate/rules.h"

#include <optional>

namespace impact::check {

using validate::Severity;

namespace {

/// Order of extraction: indicators first (surveys take their scales and categories from it),
/// schools before the sheets that name schools, surveys last.
int extractionOrder(model::SheetKind kind) {
    if (kind == model::SheetKind::Indicators) return 0;
    if (kind == model::SheetKind::Schools || kind == model::SheetKind::Partnership) return 1;
    if (kind == model::SheetKind::Survey) return 3;
    return 2;
}

/// A sheet that seems meant to hold data Impact reads, by its name.
bool nameSuggestsData(const std::string& sheet) {
    for (const char* w : {"attendance", "register", "survey", "contribution", "funding", "funders", "schools", "indicators",
                          "assessment", "quiz", "responses", "sessions", "events"})
        if (containsWords(sheet, w)) return true;
    return false;
}

model::Timepoint timepointOfSheet(const std::string& sheet, const recognise::Vocabulary& vocab) {
    std::string n = normalise(sheet), word;
    model::Timepoint found = model::Timepoint::None;
    for (char c : n + " ") {
        if (c == ' ') {
            model::Timepoint t = vocab.timepointOf(word);
            if (t != model::Timepoint::None) found = t;
            word.clear();
        } else {
            word += c;
        }
    }
    return found;
}

} // namespace

CheckResult checkWorkbook(const std::string& path, const recognise::Vocabulary& vocab) {
    CheckResult result;
    model::WorkbookModel& model = result.model;
    validate::IssueList& issues = result.issues;
    model.path = path;
    read::Workbook wb(path);

    struct Pending {
        std::size_t report;
        read::Grid grid;
        recognise::SheetLayout layout;
    };
    std::vector<Pending> pending;
    std::vector<std::string> order;
    for (const auto& info : wb.sheets()) order.push_back(info.name);
    // The coordinator's column roles first: every other sheet is recognised with them.
    std::vector<std::optional<read::Grid>> grids(wb.sheets().size());
    std::vector<std::uint32_t> columnsSheetRows(wb.sheets().size());
    std::vector<bool> isColumnsSheet(wb.sheets().size());
    for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
        const read::SheetInfo& info = wb.sheets()[i];
        if (info.generatedByImpact || !info.hasCells()) continue;
        grids[i].emplace(wb, i);
        if (!recognise::isColumnsSheet(*grids[i])) continue;
        isColumnsSheet[i] = true;
        model.hasColumnsSheet = true;
        auto found = recognise::readColumnOverrides(*grids[i], vocab, order, issues, columnsSheetRows[i]);
        model.columnOverrides.insert(model.columnOverrides.end(), found.begin(), found.end());
    }
    for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
        const read::SheetInfo& info = wb.sheets()[i];
        model::SheetReport report;
        report.name = info.name;
        report.hidden = info.visibility != read::Visibility::Visible;
        if (info.generatedByImpact) {
            report.kind = model::SheetKind::Skipped;
            report.note = "Impact's own summary sheet";
            model.sheets.push_back(report);
            continue;
        }
        if (!info.hasCells()) {
            report.kind = model::SheetKind::Skipped;
            report.note = info.kind == read::SheetKind::Chartsheet ? "chart sheet" : "dialog sheet";
            model.sheets.push_back(report);
            continue;
        }
        if (isColumnsSheet[i]) {
            report.kind = model::SheetKind::Columns;
            report.rows = columnsSheetRows[i];
            report.note = "the coordinator's column roles";
            model.sheets.push_back(report);
            continue;
        }
        read::Grid grid = std::move(*grids[i]);
        grids[i].reset();
        if (grid.rowIndices().empty()) {
            report.kind = model::SheetKind::Skipped;
            report.note = "empty";
            model.sheets.push_back(report);
            continue;
        }
        if (recognise::looksLikeSettings(grid, vocab)) {
            report.kind = model::SheetKind::Partnership;
            report.rows = static_cast<std::uint32_t>(grid.rowIndices().size());
            recognise::extractSettings(grid, vocab, model);
            model.sheets.push_back(report);
            continue;
        }
        recognise::SheetLayout layout =
            recognise::recogniseLayout(grid, vocab, recognise::overridesFor(model.columnOverrides, info.name));
        std::uint32_t settingsFilled = 0;
        if (layout.kind == model::SheetKind::None && recognise::looksLikeUnfilledSettings(grid, vocab, settingsFilled)) {
            // The settings' names with (almost) no values typed beside them yet.
            report.kind = model::SheetKind::Partnership;
            report.rows = settingsFilled;
            if (settingsFilled > 0) recognise::extractSettings(grid, vocab, model);
            else
                issues.atSheet(Severity::Info, "sheet-no-rows", info.name,
                               "This sheet has the settings' names but no values yet; the reports use their defaults "
                               "until values are typed beside the names.");
            model.sheets.push_back(report);
            continue;
        }
        if (layout.kind == model::SheetKind::None) {
            report.kind = model::SheetKind::Skipped;
            if (nameSuggestsData(info.name)) {
                report.note = "not understood";
                issues.atSheet(Severity::Error, "sheet-not-understood", info.name,
                               "Impact cannot tell what this sheet holds: none of its first rows has the column headers it "
                               "looks for.",
                               "Give the table a header row with words like Pupil, School, Date, Amount or Contributor, or "
                               "rename the sheet if it is only notes.");
            } else {
                report.note = "no table Impact reads (notes, a pivot table or chart data)";
                issues.atSheet(Severity::Info, "sheet-skipped", info.name,
                               "This sheet was skipped: it has no table Impact reads.");
            }
            model.sheets.push_back(report);
            continue;
        }
        report.kind = layout.kind;
        report.headerRow = layout.headerRow + 1;
        for (const auto& c : layout.columns)
            report.columns.push_back({c.col, c.header, recognise::columnRole(layout, c), c.reason, c.source});
        if (layout.headerOnly || layout.table.rows.empty()) {
            // Headers with nothing under them yet (a new workbook, a sheet not filled in): not a
            // problem, and nothing to read.
            issues.atRow(Severity::Info, "sheet-no-rows", info.name, layout.headerRow,
                         "This sheet has its headers (row " + std::to_string(layout.headerRow + 1) +
                             ") but no rows under them yet; it is left out until rows are added.");
        } else if (layout.headerRow > 0) {
            issues.atCell(Severity::Info, "header-row-found", info.name, layout.headerRow, layout.columns.front().col,
                          "The column headers were found in row " + std::to_string(layout.headerRow + 1) + ".");
        }
        model.sheets.push_back(report);
        // A survey's questions are told by their answers: with none, there is nothing to read.
        if (layout.headerOnly && layout.kind == model::SheetKind::Survey) continue;
        pending.push_back({model.sheets.size() - 1, std::move(grid), std::move(layout)});
    }

    std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
        return extractionOrder(a.layout.kind) < extractionOrder(b.layout.kind);
    });
    for (Pending& p : pending) {
        recognise::SheetContext ctx(p.grid, p.layout, vocab, issues, model);
        model::SheetKind kind = p.layout.kind;
        if (kind == model::SheetKind::AttendanceLong) recognise::extractAttendanceLong(ctx);
        else if (kind == model::SheetKind::AttendanceRegister) recognise::extractAttendanceRegister(ctx);
        else if (kind == model::SheetKind::AttendanceCounts) recognise::extractAttendanceCounts(ctx);
        else if (kind == model::SheetKind::Contributions) recognise::extractContributions(ctx);
        else if (kind == model::SheetKind::Schools) recognise::extractSchools(ctx);
        else if (kind == model::SheetKind::Funders) recognise::extractFunders(ctx);
        else if (kind == model::SheetKind::Indicators) recognise::extractIndicators(ctx);
        else if (kind == model::SheetKind::Assessment) recognise::extractAssessment(ctx);
        else if (kind == model::SheetKind::Survey) recognise::extractSurvey(ctx, timepointOfSheet(p.grid.sheetName(), vocab));
        model.sheets[p.report].rows = static_cast<std::uint32_t>(ctx.dataRows().size());
    }

    validate::suggestCategories(model, vocab, issues);
    validate::applyRules(model, vocab, issues);
    issues.sortBySheet(order);
    return result;
}

} // namespace impact::check
