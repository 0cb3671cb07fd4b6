// What Impact understood from a coordinator's workbook: typed records, each knowing the cell it
// came from, so every figure and every issue can point back at the workbook.
#pragma once

#include "model/attendance.h"
#include "model/kinds.h"
#include "model/source.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace impact::model {

class ResponseIndex;

struct School {
    std::string name;
    std::string sector;                      ///< SPEC's sector words; "" if unknown
    std::optional<double> pupilPremiumShare; ///< the school's own share, 0..1
    std::optional<double> quota;
    std::string phase;
    Source source;
};

struct Contribution {
    std::string contributor;
    std::string sector;
    double amount = 0;
    bool inKind = false;
    std::string purpose;
    std::optional<double> date;
    Source source;
};

struct Question {
    std::string survey; ///< the survey it belongs to: its sheet name without before/after words
    std::string id;     ///< the column header (or the paired question's base)
    std::string label;  ///< as shown in reports
    std::string sheet;
    std::string scale; ///< scale id, "" if none could be found
    std::string respondents = "pupil";
    std::optional<int> category;
    bool categorySuggested = false;
    std::vector<std::uint32_t> columns; ///< 1 column, or 2 for paired (before, after) columns
    Source header;                      ///< the (first) header cell
    /// For a scale told by the answers, with and without a middle point (agreement): what the
    /// answers showed so far, on every sheet of the survey.
    struct ScaleEvidence {
        bool fromAnswers = false, middle = false, below = false, above = false; ///< labels below / above the middle shown
    } scaleEvidence;
};

/// A response's answers: question index → scale point, in question order. A flat map of 4-byte
/// entries, since a survey of 100,000 responses holds millions of answers (~48 bytes each in a
/// std::map). Points are small (a scale has at most a dozen); question indexes below kMaxQuestions.
class Answers {
public:
    static constexpr std::size_t kMaxQuestions = UINT16_MAX;
    using value_type = std::pair<std::uint16_t, std::int16_t>;
    using iterator = std::vector<value_type>::iterator;
    using const_iterator = std::vector<value_type>::const_iterator;

    iterator begin() { return items_.begin(); }
    iterator end() { return items_.end(); }
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    iterator find(std::size_t question) {
        auto it = lowerBound(question);
        return it != items_.end() && it->first == question ? it : items_.end();
    }
    const_iterator find(std::size_t question) const { return const_cast<Answers*>(this)->find(question); }
    /// The answer to `question`; throws std::out_of_range if there is none.
    int at(std::size_t question) const {
        auto it = find(question);
        if (it == end()) throw std::out_of_range("no answer to question " + std::to_string(question));
        return it->second;
    }
    std::size_t count(std::size_t question) const { return find(question) == end() ? 0 : 1; }
    void reserve(std::size_t n) { items_.reserve(n); }
    /// Sets the answer to `question` (below kMaxQuestions) to `point` (a scale's point).
    void set(std::size_t question, int point) {
        if (question >= kMaxQuestions) throw std::length_error("more than 65,535 survey questions");
        auto it = lowerBound(question);
        if (it == items_.end() || it->first != question) it = items_.insert(it, {static_cast<std::uint16_t>(question), 0});
        it->second = static_cast<std::int16_t>(point);
    }

private:
    iterator lowerBound(std::size_t question) {
        return std::lower_bound(items_.begin(), items_.end(), question, [](const value_type& a, std::size_t q) { return a.first < q; });
    }
    std::vector<value_type> items_;
};

/// What a quote from a response needs: its comment, given with consent to quote it, and who said it.
struct Quote {
    std::string comment;
    std::string respondentType; ///< "pupil", "teacher"...
    std::string yearGroup;
};

/// One survey response: one respondent at one timepoint. A survey can hold 100,000 of them, so
/// the cell of the school's name is kept as its column only (same sheet and row as `source`),
/// and what only a quote needs, only where there is one.
struct Response {
    std::string survey;
    std::string respondentKey; ///< for matching; "" if anonymous
    std::string respondentName;
    std::string school;
    Timepoint timepoint = Timepoint::None; ///< written as timepointName()
    Group group = Group::None;
    std::uint32_t schoolCol = 0;
    Answers answers;                    ///< question index → scale point (1 = most negative)
    std::shared_ptr<const Quote> quote; ///< if the respondent commented and consented to be quoted
    Source source;
    Source schoolCell() const { return {source.sheet, source.row, schoolCol}; }
};

struct AssessmentResult {
    std::string pupilKey, pupilName, school, assessment;
    std::optional<double> before, after, max;
    Source source;
};

struct IndicatorRow {
    std::string name;
    std::optional<int> category;
    std::string scale, respondents;
    bool suggested = false;
    Source source;
};

struct Funder {
    std::string name, email, contact, note, contributionLink;
    Source source;
};

/// Who decided a column's role: the engine from the column's header and values, or the
/// coordinator in the "Impact Columns" sheet (which then wins over every guess).
enum class RoleSource { Guessed, Coordinator };

/// What Impact took a column to hold, and why (SPEC "Column roles come from evidence").
struct ColumnRole {
    std::uint32_t col = 0; ///< 0-based
    std::string header;    ///< as read, merged parents joined
    std::string role;      ///< a field ("timepoint", "pupil_name"...), "question", "session", "ignore", or "" (not used)
    std::string reason;    ///< in words: "values Before/After, 115 rows"
    RoleSource source = RoleSource::Guessed;
};

/// A role the coordinator set in the "Impact Columns" sheet for one column of one sheet.
struct ColumnOverride {
    std::string sheet;
    std::optional<std::uint32_t> col; ///< 0-based, from the Column letter; empty if none was given
    std::string header;               ///< the Header they saw; used when the letter no longer matches it
    std::string role;                 ///< a field, "question", "session" or "ignore"
    Source source;                    ///< the row of the Impact Columns sheet
};

/// The kinds of sheet (SPEC "The workbook"), as written in JSON.
struct SheetReport {
    std::string name;
    SheetKind kind = SheetKind::Skipped;    ///< written in JSON as sheetKindName()
    std::optional<std::uint32_t> headerRow; ///< 1-based
    std::uint32_t rows = 0;                 ///< data rows read
    std::string note;                       ///< why skipped, or what was assumed
    bool hidden = false;
    std::vector<ColumnRole> columns; ///< every column with a header, with the role understood
};

struct WorkbookModel {
    std::string path;
    std::vector<SheetReport> sheets;
    std::vector<School> schools;
    AttendanceLog attendance;
    std::vector<Contribution> contributions;
    std::vector<Question> questions;
    std::deque<Response> responses; ///< a deque: a long survey's grow without copies of them all
    std::vector<AssessmentResult> assessments;
    std::vector<IndicatorRow> indicators;
    std::vector<Funder> funders;
    std::map<std::string, std::string> settings; ///< partnership settings by key (partnership_name ...)
    bool hasIndicatorsSheet = false;
    bool hasSchoolsSheet = false;
    /// Sectors written in a sector column beside a school or contributor in any sheet, by the
    /// name's key (recognise::schoolKey); the first written wins. Kept whatever else the row holds.
    std::map<std::string, std::string> sectorBeside;
    /// The coordinator's "Impact Columns" sheet, if the workbook has one (then it is never rewritten).
    bool hasColumnsSheet = false;
    std::vector<ColumnOverride> columnOverrides;

    /// The responses found by respondent (model/response_index.h), built on first use and shared by
    /// whoever asks next: the rules and the analysis. Responses must not be changed in place after
    /// it is first asked for. Not safe to call from two threads at once.
    const ResponseIndex& respondents() const;

private:
    mutable std::shared_ptr<const ResponseIndex> respondentIndex_;
};

} // namespace impact::model
