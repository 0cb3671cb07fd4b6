// Turning a recognised sheet into typed records (model/records.h), reporting at its cell every
// value that had to be interpreted or could not be.
#pragma once

#include "model/records.h"
#include "read/grid.h"
#include "recognise/layout.h"
#include "recognise/text_memo.h"
#include "recognise/vocabulary.h"
#include "model/issue.h"

#include <functional>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace impact::recognise {

/// What every extractor works with.
class SheetContext {
public:
    SheetContext(const read::Grid& g, const SheetLayout& l, const Vocabulary& v, model::IssueList& i,
                 model::WorkbookModel& m)
        : grid(g), layout(l), vocab(v), issues(i), model(m) {}

    const read::Grid& grid;
    const SheetLayout& layout;
    const Vocabulary& vocab;
    model::IssueList& issues;
    model::WorkbookModel& model;

    const std::string& sheet() const { return grid.sheetName(); }
    /// Rows below the header holding data (layout.table, or the chunk's rows for a long sheet
    /// streamed a chunk at a time): blank rows skipped, stopping at a totals row, reported as
    /// info the first time.
    const std::vector<std::uint32_t>& dataRows();
    /// For a long sheet: the rows of the chunk the grid now holds, for dataRows().
    void setChunk(const TableRows* chunk) { chunk_ = chunk; }
    /// The trimmed text of a field's cell in `row`, "" if the sheet has no such column.
    std::string text(std::uint32_t row, std::string_view field) const;
    const read::Value* value(std::uint32_t row, std::string_view field) const;
    model::Source source(std::uint32_t row, std::uint32_t col) const { return {sheet(), row, col}; }
    /// Keys already reported on this sheet, so a pupil's blank cell is reported once.
    std::set<std::string> reported;
    /// Texts a column repeats on every few rows, read once each for the whole sheet (all its chunks).
    TextMemo<std::optional<bool>> pupilPremiumOf; ///< Vocabulary::pupilPremiumOf
    TextMemo<std::string> folded;                 ///< fold (activity names for session keys)

    /// A date cell, or a UK date typed as text; reports an impossible date (error date-invalid).
    std::optional<double> date(std::uint32_t row, std::uint32_t col);
    /// A number, or an amount typed as text ("£2,000" is read as 2000, reported as info);
    /// reports non-numeric text with `ruleIfNotNumber` (an error).
    std::optional<double> number(std::uint32_t row, std::uint32_t col, const std::string& ruleIfNotNumber,
                                 const std::string& what);
    /// Yes, no, or unknown (blank or not a yes/no word).
    std::optional<bool> yesNo(std::uint32_t row, std::uint32_t col) const;

private:
    bool totalsReported_ = false;
    const TableRows* chunk_ = nullptr;
};

/// Identity of a pupil per SPEC: the ID where there is one, else name and school, compared with
/// spaces trimmed and case ignored.
std::string pupilKey(const std::string& id, const std::string& name, const std::string& school);
/// A school's name compared with spaces trimmed and case ignored.
std::string schoolKey(const std::string& name);
/// Keeps the sector written in the row's sector column for `name` (a school or contributor),
/// if there is one (SPEC: a sector column beside a school in any sheet).
void noteSectorBeside(SheetContext& ctx, std::uint32_t row, const std::string& name);

void extractAttendanceLong(SheetContext& ctx);
void extractAttendanceRegister(SheetContext& ctx);
void extractAttendanceCounts(SheetContext& ctx);
void extractContributions(SheetContext& ctx);
void extractSchools(SheetContext& ctx);
void extractFunders(SheetContext& ctx);
void extractIndicators(SheetContext& ctx);
void extractAssessment(SheetContext& ctx);
/// Settings are key/value rows with no header.
void extractSettings(const read::Grid& grid, const Vocabulary& vocab, model::WorkbookModel& model);
/// Surveys: questions and responses. A survey's scales and timepoint words are told by all its
/// answers, so its rows are read first (the whole table, or a long sheet a chunk at a time) and
/// the answers scored once the last row is in. `fromSheetName` is the sheet's timepoint when its
/// name says it ("Survey – before").
class SurveyExtractor {
public:
    SurveyExtractor(SheetContext& ctx, model::Timepoint fromSheetName);
    ~SurveyExtractor();
    SurveyExtractor(const SurveyExtractor&) = delete;
    SurveyExtractor& operator=(const SurveyExtractor&) = delete;
    /// Reads the rows ctx.dataRows() gives now.
    void readRows();
    /// The survey's questions with their scales, and its responses scored, into the model.
    void finish();

private:
    class Sheet;
    std::unique_ptr<Sheet> sheet_;
};

} // namespace impact::recognise
