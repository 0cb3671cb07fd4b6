#include "check/check.h"

#include "common/unicode_text.h"
#include "read/grid.h"
#include "read/workbook.h"
#include "recognise/column_overrides.h"
#include "recognise/extract.h"
#include "recognise/layout.h"
#include "validate/rules.h"

#include <map>
#include <optional>
#include <set>

namespace impact::check {

using model::Severity;

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
    for (const char* w : {"attendance", "register", "survey", "contribution", "funding", "funders", "schools", "indicators", "assessment",
                          "quiz", "responses", "sessions", "events"})
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

/// A sheet's rows are recognised from at most this many of its first rows; a longer sheet of a
/// kind whose rows are read one by one (attendance, surveys) is then streamed below them, a chunk
/// at a time, so memory does not grow with it. Other long sheets are read whole.
constexpr std::uint32_t kHeadRows = 5000;
constexpr std::uint32_t kChunkRows = 1024;

bool streams(model::SheetKind kind) {
    return kind == model::SheetKind::AttendanceLong || kind == model::SheetKind::AttendanceCounts || kind == model::SheetKind::Survey;
}

/// Reads the rows the context gives now into the model; a survey's wait in `survey` until all are in.
void extractRows(recognise::SheetContext& ctx, model::SheetKind kind, recognise::SurveyExtractor* survey) {
    if (survey) {
        survey->readRows();
        return;
    }
    switch (kind) {
    case model::SheetKind::AttendanceLong: recognise::extractAttendanceLong(ctx); break;
    case model::SheetKind::AttendanceRegister: recognise::extractAttendanceRegister(ctx); break;
    case model::SheetKind::AttendanceCounts: recognise::extractAttendanceCounts(ctx); break;
    case model::SheetKind::Contributions: recognise::extractContributions(ctx); break;
    case model::SheetKind::Schools: recognise::extractSchools(ctx); break;
    case model::SheetKind::Funders: recognise::extractFunders(ctx); break;
    case model::SheetKind::Indicators: recognise::extractIndicators(ctx); break;
    case model::SheetKind::Assessment: recognise::extractAssessment(ctx); break;
    default: break;
    }
}

/// A sheet recognised as a table, waiting for its turn to be read (extractionOrder).
struct Pending {
    std::size_t report;
    read::Grid grid; ///< the whole sheet, or its first rows if `streamed`
    recognise::SheetLayout layout;
    bool streamed = false;
};

/// checkWorkbook's steps: the coordinator's column roles, then each sheet recognised, then the
/// tables read in extraction order, then the rules.
class Checker {
public:
    Checker(const std::string& path, const recognise::Vocabulary& vocab, CheckResult& result)
        : vocab_(vocab), model_(result.model), issues_(result.issues), wb_(path), grids_(wb_.sheets().size()) {
        model_.path = path;
        for (const auto& info : wb_.sheets()) order_.push_back(info.name);
    }

    void run() {
        readColumnRoles();
        for (std::size_t i = 0; i < wb_.sheets().size(); ++i) recogniseSheet(i);
        std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
            return extractionOrder(a.layout.kind) < extractionOrder(b.layout.kind);
        });
        for (Pending& p : pending_) extract(p);
        validate::suggestCategories(model_, vocab_, issues_);
        validate::applyRules(model_, vocab_, issues_);
        issues_.sortBySheet(order_);
    }

private:
    /// The coordinator's column roles first: every other sheet is recognised with them.
    void readColumnRoles() {
        for (std::size_t i = 0; i < wb_.sheets().size(); ++i) {
            const read::SheetInfo& info = wb_.sheets()[i];
            if (info.generatedByImpact || !info.hasCells()) continue;
            grids_[i].emplace(wb_, i, kHeadRows);
            if (!recognise::isColumnsSheet(*grids_[i])) continue;
            if (grids_[i]->truncated()) grids_[i].emplace(wb_, i);
            columnsSheets_.insert(i);
            model_.hasColumnsSheet = true;
            auto found = recognise::readColumnOverrides(*grids_[i], vocab_, order_, issues_, columnsSheetRows_[i]);
            model_.columnOverrides.insert(model_.columnOverrides.end(), found.begin(), found.end());
        }
    }

    /// A sheet with nothing to recognise (Impact's own, a chart, the column roles, empty): its
    /// report, or nothing if it must be recognised.
    std::optional<model::SheetReport> notATable(std::size_t i, model::SheetReport report) const {
        const read::SheetInfo& info = wb_.sheets()[i];
        report.kind = model::SheetKind::Skipped;
        if (info.generatedByImpact)
            report.note = "Impact's own summary sheet";
        else if (!info.hasCells())
            report.note = info.kind == read::SheetKind::Chartsheet ? "chart sheet" : "dialog sheet";
        else if (columnsSheets_.count(i)) {
            report.kind = model::SheetKind::Columns;
            report.rows = columnsSheetRows_.at(i);
            report.note = "the coordinator's column roles";
        } else if (grids_[i]->rowIndices().empty())
            report.note = "empty";
        else
            return std::nullopt;
        return report;
    }

    void recogniseSheet(std::size_t i) {
        const read::SheetInfo& info = wb_.sheets()[i];
        model::SheetReport report;
        report.name = info.name;
        report.hidden = info.visibility != read::Visibility::Visible;
        if (auto done = notATable(i, report)) {
            model_.sheets.push_back(*done);
            return;
        }
        read::Grid grid = std::move(*grids_[i]);
        grids_[i].reset();
        auto overrides = recognise::overridesFor(model_.columnOverrides, info.name);
        // A long sheet is streamed below its first rows if its kind reads rows one by one (its
        // layout, recognised from those rows, is kept), else read whole and recognised again.
        std::optional<recognise::SheetLayout> streamedLayout;
        if (grid.truncated()) {
            if (!recognise::looksLikeSettings(grid, vocab_))
                if (auto head = recognise::recogniseLayout(grid, vocab_, overrides); streams(head.kind)) streamedLayout = std::move(head);
            if (!streamedLayout) grid = read::Grid(wb_, i);
        }
        bool streamed = streamedLayout.has_value();
        if (!streamed && recognise::looksLikeSettings(grid, vocab_)) {
            report.kind = model::SheetKind::Partnership;
            report.rows = static_cast<std::uint32_t>(grid.rowIndices().size());
            recognise::extractSettings(grid, vocab_, model_);
            model_.sheets.push_back(report);
            return;
        }
        recognise::SheetLayout layout = streamed ? std::move(*streamedLayout) : recognise::recogniseLayout(grid, vocab_, overrides);
        if (layout.kind == model::SheetKind::None) {
            model_.sheets.push_back(notUnderstood(grid, report));
            return;
        }
        report.kind = layout.kind;
        report.headerRow = layout.headerRow + 1;
        // A streamed sheet's columns were told by a sample of its first rows, not of all of them:
        // its reasons say so (the rows and values they name are the sample's).
        const std::string seen = streamed ? " (sampled from the first " + std::to_string(kHeadRows) + " rows)" : "";
        for (const auto& c : layout.columns)
            report.columns.push_back({c.col, c.header, recognise::columnRole(layout, c),
                                      c.source == model::RoleSource::Guessed ? c.reason + seen : c.reason, c.source});
        if (layout.headerOnly || layout.table.rows.empty()) {
            // Headers with nothing under them yet (a new workbook, a sheet not filled in): not a
            // problem, and nothing to read.
            issues_.atRow(Severity::Info, "sheet-no-rows", info.name, layout.headerRow,
                          "This sheet has its headers (row " + std::to_string(layout.headerRow + 1) +
                              ") but no rows under them yet; it is left out until rows are added.");
        } else if (layout.headerRow > 0) {
            issues_.atCell(Severity::Info, "header-row-found", info.name, layout.headerRow, layout.columns.front().col,
                           "The column headers were found in row " + std::to_string(layout.headerRow + 1) + ".");
        }
        model_.sheets.push_back(report);
        // A survey's questions are told by their answers: with none, there is nothing to read.
        if (layout.headerOnly && layout.kind == model::SheetKind::Survey) return;
        pending_.push_back({model_.sheets.size() - 1, std::move(grid), std::move(layout), streamed});
    }

    /// The report of a sheet whose layout was not recognised: settings not filled in yet, or a
    /// sheet skipped (an error if its name says it holds data).
    model::SheetReport notUnderstood(const read::Grid& grid, model::SheetReport report) {
        std::uint32_t settingsFilled = 0;
        if (recognise::looksLikeUnfilledSettings(grid, vocab_, settingsFilled)) {
            // The settings' names with (almost) no values typed beside them yet.
            report.kind = model::SheetKind::Partnership;
            report.rows = settingsFilled;
            if (settingsFilled > 0)
                recognise::extractSettings(grid, vocab_, model_);
            else
                issues_.atSheet(Severity::Info, "sheet-no-rows", report.name,
                                "This sheet has the settings' names but no values yet; the reports use their defaults "
                                "until values are typed beside the names.");
            return report;
        }
        report.kind = model::SheetKind::Skipped;
        if (nameSuggestsData(report.name)) {
            report.note = "not understood";
            issues_.atSheet(Severity::Error, "sheet-not-understood", report.name,
                            "Impact cannot tell what this sheet holds: none of its first rows has the column headers it "
                            "looks for.",
                            "Give the table a header row with words like Pupil, School, Date, Amount or Contributor, or "
                            "rename the sheet if it is only notes.");
        } else {
            report.note = "no table Impact reads (notes, a pivot table or chart data)";
            issues_.atSheet(Severity::Info, "sheet-skipped", report.name, "This sheet was skipped: it has no table Impact reads.");
        }
        return report;
    }

    /// Reads a recognised table's rows into the model; a long sheet a chunk at a time below its
    /// first rows, each chunk's rows told from blank and totals rows as the whole table's are.
    void extract(Pending& p) {
        recognise::SheetContext ctx(p.grid, p.layout, vocab_, issues_, model_);
        std::optional<recognise::SurveyExtractor> survey;
        if (p.layout.kind == model::SheetKind::Survey) survey.emplace(ctx, timepointOfSheet(ctx.sheet(), vocab_));
        recognise::SurveyExtractor* surveyRows = survey ? &*survey : nullptr;
        extractRows(ctx, p.layout.kind, surveyRows);
        std::size_t rows = ctx.dataRows().size();
        if (p.streamed && !p.layout.table.totalsRow) {
            // The first rows are read: only the header rows above them are kept.
            p.grid.dropRowsFrom(p.layout.headerRow + 1);
            recognise::TableRows chunk;
            ctx.setChunk(&chunk);
            p.grid.streamBelow(wb_, kChunkRows, [&](std::uint32_t first) {
                chunk = recognise::tableRowsFrom(p.grid, p.layout, vocab_, first);
                extractRows(ctx, p.layout.kind, surveyRows);
                rows += chunk.rows.size();
                return !chunk.totalsRow;
            });
        }
        if (survey) survey->finish();
        model_.sheets[p.report].rows = static_cast<std::uint32_t>(rows);
    }

    const recognise::Vocabulary& vocab_;
    model::WorkbookModel& model_;
    model::IssueList& issues_;
    read::Workbook wb_;
    std::vector<std::string> order_;
    std::vector<std::optional<read::Grid>> grids_; ///< each sheet's first rows, until recognised
    std::set<std::size_t> columnsSheets_;
    std::map<std::size_t, std::uint32_t> columnsSheetRows_;
    std::vector<Pending> pending_;
};

} // namespace

CheckResult checkWorkbook(const std::string& path, const recognise::Vocabulary& vocab) {
    CheckResult result;
    Checker(path, vocab, result).run();
    return result;
}

} // namespace impact::check
