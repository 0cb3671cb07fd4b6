#include "recognise/layout.h"

#include "common/unicode_text.h"
#include "recognise/legend.h"
#include "recognise/profile.h"
#include "recognise/text.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>

namespace impact::recognise {

namespace {

constexpr std::uint32_t kHeaderSearchRows = 30;
constexpr std::size_t kSampleRows = 300;

/// Data rows under a header: the next rows that hold cells, at most kSampleRows.
std::vector<std::uint32_t> sampleRows(const read::Grid& grid, std::uint32_t headerRow) {
    std::vector<std::uint32_t> rows;
    for (std::uint32_t r : grid.rowIndices())
        if (r > headerRow && rows.size() < kSampleRows) rows.push_back(r);
    return rows;
}

/// How well a header, normalised (normalise()), matches a field's phrases: 3 exactly, 2 a
/// phrase of several words within it, 1 one word within it.
int matchScore(const std::string& n, const std::vector<std::string>& words) {
    if (n.empty()) return 0;
    for (const auto& w : words)
        if (w == n) return 3;
    // Partial matches only for short headers: a long survey question that mentions "school"
    // is a question, not the school column.
    if (std::count(n.begin(), n.end(), ' ') >= 5) return 0;
    // A phrase of several words, or a word ending the header (its head noun: "Pupil's school" is a
    // school), counts more than a word elsewhere in it. In "Sector of contributor" the head is
    // before "of", and no word ends it as a head.
    std::string_view head = n;
    for (const char* joint : {" of ", " for "})
        if (std::size_t at = n.find(joint); at != std::string::npos) head = std::string_view(n).substr(0, at);
    int best = 0;
    for (const auto& w : words)
        if (w.size() >= 2 && containsNormalisedWords(n, w)) {
            bool endsHeader = head.size() == n.size() && n.size() > w.size() && n[n.size() - w.size() - 1] == ' ' &&
                              n.compare(n.size() - w.size(), w.size(), w) == 0;
            best = std::max(best, 1 + (w.find(' ') != std::string::npos || endsHeader ? 1 : 0));
        }
    return best;
}

/// A word that decides a field in any header ("quote" → consent): as good as an exact match.
/// `header` is normalised.
int signalScore(const std::string& header, const std::string& field, const Vocabulary& vocab) {
    auto it = vocab.signals.find(field);
    if (it == vocab.signals.end()) return 0;
    for (const auto& w : it->second)
        if (containsNormalisedWords(header, w)) return 3;
    return 0;
}

bool isAnswerLike(const read::Value& v, const read::Grid& grid, std::uint32_t row, std::uint32_t col, const Vocabulary& vocab) {
    if (v.type == read::CellType::Number) return v.number >= 0 && v.number <= 10 && v.number == static_cast<int>(v.number);
    if (v.type != read::CellType::Text) return false;
    std::string f = fold(grid.text(row, col));
    for (const auto& s : vocab.scales)
        for (const auto& point : s.labels)
            if (std::find(point.begin(), point.end(), f) != point.end()) return true;
    int n = 0;
    auto r = std::from_chars(f.data(), f.data() + f.size(), n);
    return r.ec == std::errc() && r.ptr == f.data() + f.size() && n >= 0 && n <= 10;
}

/// Whether each cell looks like a survey answer, worked out once per cell: every candidate
/// header row (up to kHeaderSearchRows) samples nearly the same cells below it.
using AnswerCells = std::unordered_map<std::uint64_t, bool>;

/// Whether a column's values below the header look like survey answers.
bool looksLikeAnswers(const read::Grid& grid, const std::vector<std::uint32_t>& rows, std::uint32_t col, const Vocabulary& vocab,
                      AnswerCells& known, std::size_t minFilled = 2) {
    std::size_t filled = 0, answers = 0;
    for (std::uint32_t r : rows) {
        const read::Value& v = grid.at(r, col);
        if (v.empty()) continue;
        ++filled;
        auto [it, fresh] = known.try_emplace(std::uint64_t{r} << 32 | col, false);
        if (fresh) it->second = isAnswerLike(v, grid, r, col, vocab);
        if (it->second) ++answers;
    }
    return filled >= minFilled && answers * 10 >= filled * 6;
}

/// The question a paired column asks ("Confidence (before)" → "confidence"), or "".
std::string pairedBase(const std::string& header, const Vocabulary& vocab) {
    auto split = splitTimepointSuffix(header, vocab.timepointWords());
    return split ? normalise(split->base) : std::string();
}

bool rowHasWideMerge(const read::Grid& grid, std::uint32_t row) {
    for (const auto& m : grid.merged())
        if (m.firstRow == row && m.lastRow == row && m.lastCol > m.firstCol) return true;
    return false;
}

bool looksLikeMarks(const read::Grid& grid, const std::vector<std::uint32_t>& rows, std::uint32_t col, const Vocabulary& vocab) {
    std::size_t filled = 0, marks = 0;
    for (std::uint32_t r : rows) {
        std::string t = grid.text(r, col);
        if (t.empty()) continue;
        ++filled;
        if (vocab.isPresentMark(t) || vocab.isAbsentMark(t)) ++marks;
    }
    return filled == 0 || marks * 10 >= filled * 8;
}

/// Identity fields: a blank column is never one.
bool isIdentityField(const std::string& field) {
    return field == "pupil_id" || field == "pupil_name" || field == "first_name" || field == "email";
}

/// Fields whose values are numbers or marks, which a column of survey-like small numbers can
/// hold by a partial header match ("PP (1 = yes)", "Hours") when its values fit.
bool isValueTypedField(const std::string& field) {
    static const std::set<std::string> fields = {"pupil_premium", "attended",     "hours",       "minutes", "count",     "pp_count",
                                                 "quota",         "score_before", "score_after", "score",   "max_score", "year_group"};
    return fields.count(field) > 0;
}

bool isNumericField(const std::string& field) {
    static const std::set<std::string> fields = {"amount", "amount_cash", "amount_in_kind", "count",       "pp_count", "minutes",
                                                 "hours",  "quota",       "score_before",   "score_after", "score",    "max_score"};
    return fields.count(field) > 0;
}

/// Whether a column holds numbers (amounts, counts, durations), allowing a mistake or two: at
/// least half its values are numbers, or at most one is not ("two thousand" in a short list).
bool holdsNumbers(const ColumnProfile& p) { return p.numbers * 2 >= p.filled || p.filled - p.numbers < 2; }

/// Whether a column's values rule a field out, whatever its header says: a "Day" of weekdays or a
/// "When" of Before/After is no date column, a "Type" of Cash/In kind no sector, a blank "Name"
/// no identity, an "Email" of "anonymous" no email. `p.rows` is 0 for a header with no rows.
bool valuesRuleOut(model::SheetKind kind, const std::string& field, const ColumnProfile& p) {
    if (p.rows == 0) return false;
    if (p.filled == 0) return isIdentityField(field);
    if (field == "date") return !p.mostly(p.dates);
    if (field == "timepoint") return p.distinctCount() > 4 && !p.mostly(p.timepoints(), 0.8);
    // A schools sheet needs its sector column, whatever is typed in it (a typo is reported);
    // elsewhere a "Type" column is the sector only if its values say so.
    if (field == "sector")
        return !p.mostly(p.sectors, 0.5) && (kind != model::SheetKind::Schools || p.mostly(p.cash + p.inKind, 0.5) || p.mostly(p.numbers));
    if (field == "contribution_type") return p.mostly(p.numbers);
    if (isNumericField(field)) return !holdsNumbers(p);
    if (field == "pupil_premium" || field == "attended") return !p.mostly(p.yesNo + p.marks, 0.3);
    if (field == "email") return !p.mostly(p.emails, 0.3);
    // A name is not a number, nor only a sector's word ("Independent" is a sector column's value).
    if (field == "pupil_name" || field == "school" || field == "contributor" || field == "funder")
        return p.mostly(p.numbers, 0.8) || p.mostly(p.sectorWords, 0.8);
    return false;
}

/// The header words of a field on a kind of sheet: the field's own, and any the kind adds ("ID"
/// is the pupil's on an attendance sheet, the form's response number on a survey).
const std::vector<std::string>& fieldWords(const KindSpec& spec, const std::string& field, const Vocabulary& vocab) {
    auto it = spec.fieldWords.find(field);
    return it != spec.fieldWords.end() ? it->second : vocab.fields.at(field);
}

/// Header scores (matchScore) of a header row's columns against word lists, worked out once per
/// column and list: every kind asks about the same fields.
class HeaderScores {
public:
    explicit HeaderScores(const std::vector<std::string>& normalised) : normalised_(normalised), scores_(normalised.size()) {}
    int of(std::size_t column, const std::vector<std::string>& words) {
        auto [it, fresh] = scores_[column].try_emplace(&words, 0);
        if (fresh) it->second = matchScore(normalised_[column], words);
        return it->second;
    }

private:
    const std::vector<std::string>& normalised_;
    std::vector<std::unordered_map<const std::vector<std::string>*, int>> scores_;
};

/// Which normalised headers are exactly some field's word.
std::vector<bool> namesAnyField(const std::vector<std::string>& normalised, const Vocabulary& vocab) {
    std::vector<bool> out;
    out.reserve(normalised.size());
    for (const auto& n : normalised)
        out.push_back(std::any_of(vocab.fields.begin(), vocab.fields.end(),
                                  [&](const auto& f) { return std::find(f.second.begin(), f.second.end(), n) != f.second.end(); }));
    return out;
}

/// A kind's fields matched to a header row's columns.
struct FieldMapping {
    std::vector<Column> columns; ///< the row's columns, with the field each holds
    std::set<std::string> used;  ///< the fields given a column
    int exact = 0, partial = 0;  ///< columns matched exactly, partly
};

/// Matches the kind's fields to the columns, best match first; nothing if a required group has
/// no column or a column exactly names a field the kind forbids. Session headers hold no field;
/// columns of answers hold one only by an exact match (or, for consent, a signal word).
std::optional<FieldMapping> mapFields(const KindSpec& spec, const std::vector<Column>& columns, const std::vector<std::string>& normalised,
                                      HeaderScores& scores, const std::vector<bool>& namesField,
                                      const std::set<std::uint32_t>& sessionHeaders, const std::set<std::uint32_t>& answerColumns,
                                      const std::vector<ColumnProfile>& profiles, const Vocabulary& vocab) {
    std::vector<std::string> fields;
    for (const auto& group : spec.required) fields.insert(fields.end(), group.begin(), group.end());
    fields.insert(fields.end(), spec.optional.begin(), spec.optional.end());
    // Every (field, column) pair by how well the header matches, best first.
    struct Pair {
        int score;
        std::size_t column;
        std::string field;
        std::size_t order;
    };
    std::vector<Pair> pairs;
    for (std::size_t ci = 0; ci < columns.size(); ++ci) {
        if (sessionHeaders.count(columns[ci].col)) continue;
        bool answers = answerColumns.count(columns[ci].col) > 0;
        const ColumnProfile* p = profiles.empty() ? nullptr : &profiles[ci];
        // A header that is exactly another field's word ("School name") is that field's,
        // whatever word of this kind's fields it contains ("name").
        bool namesAField = namesField[ci];
        for (std::size_t fi = 0; fi < fields.size(); ++fi) {
            const std::string& field = fields[fi];
            int s = std::max(scores.of(ci, fieldWords(spec, field, vocab)),
                             field == "consent" || !answers ? signalScore(normalised[ci], field, vocab) : 0);
            if (s == 0 || (s < 3 && namesAField) || (p && valuesRuleOut(spec.kind, field, *p))) continue;
            // A partial match on a column of answers only for a field whose values fit them.
            if (s == 3 || !answers || isValueTypedField(field)) pairs.push_back({s, ci, field, fi});
        }
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.score != b.score ? a.score > b.score : a.order < b.order; });
    FieldMapping m;
    m.columns = columns;
    for (const Pair& p : pairs) {
        if (!m.columns[p.column].field.empty() || m.used.count(p.field)) continue;
        m.columns[p.column].field = p.field;
        m.columns[p.column].exact = p.score == 3;
        m.used.insert(p.field);
        (p.score == 3 ? m.exact : m.partial)++;
    }
    for (const auto& group : spec.required)
        if (!std::any_of(group.begin(), group.end(), [&](const std::string& f) { return m.used.count(f) > 0; })) return std::nullopt;
    // A column that exactly names a forbidden field, and whose values do not rule it out, rules
    // the kind out.
    for (const auto& f : spec.forbidden)
        for (std::size_t ci = 0; ci < normalised.size(); ++ci)
            if (scores.of(ci, fieldWords(spec, f, vocab)) == 3 && (profiles.empty() || !valuesRuleOut(spec.kind, f, profiles[ci])))
                return std::nullopt;
    return m;
}

/// The columns of a header row: every cell with a header (headerLabel()).
std::vector<Column> headerColumns(const read::Grid& grid, std::uint32_t row, const Vocabulary& vocab) {
    std::vector<Column> columns;
    for (std::uint32_t c = 0; c < grid.columnCount(); ++c) {
        std::string label = headerLabel(grid, row, c, vocab);
        if (!label.empty()) {
            Column column;
            column.col = c;
            column.header = label;
            columns.push_back(std::move(column));
        }
    }
    return columns;
}

/// Columns whose headers name sessions of a register, if three or more do: those columns are
/// sessions, not an "activity" or "date" column of another kind.
std::set<std::uint32_t> sessionHeaderColumns(const read::Grid& grid, std::uint32_t row, const std::vector<Column>& columns) {
    std::set<std::uint32_t> sessionHeaders;
    for (const auto& c : columns)
        if (isSessionHeader(grid, row, c.col)) sessionHeaders.insert(c.col);
    if (sessionHeaders.size() < 3) sessionHeaders.clear();
    return sessionHeaders;
}

/// Whether a row is a band over the headers ("Ratings" merged across the questions, with the
/// headers in the row below): one merged cell covers two or more of its columns, at least half
/// of them, and the next row has its own headers under it.
bool isBandRow(const read::Grid& grid, std::uint32_t row, const std::vector<Column>& columns) {
    for (const auto& m : grid.merged()) {
        if (m.firstRow != row || m.lastRow != row || m.lastCol == m.firstCol) continue;
        std::size_t covered = static_cast<std::size_t>(
            std::count_if(columns.begin(), columns.end(), [&](const Column& c) { return c.col >= m.firstCol && c.col <= m.lastCol; }));
        std::size_t below = 0;
        for (std::uint32_t c = m.firstCol; c <= m.lastCol; ++c) below += grid.text(row + 1, c).empty() ? 0 : 1;
        if (covered >= 2 && covered * 2 >= columns.size() && below >= 2) return true;
    }
    return false;
}

/// Sub-headers that are timepoint words under merged questions: they mark the header row.
int timepointSubHeaderCount(const read::Grid& grid, std::uint32_t row, const std::vector<Column>& columns, const Vocabulary& vocab) {
    int n = 0;
    for (const auto& c : columns)
        if (c.header.size() > 3 && c.header.back() == ')' && vocab.timepointOf(grid.text(row, c.col)) != model::Timepoint::None) ++n;
    return n;
}

/// How many of a candidate header row's cells read as data, not headers: numbers, answers on a
/// scale, or a value the column holds again below (a pupil's name, a school). The first data
/// row under a header row that names few fields would otherwise pass for it.
int dataLikeHeaders(const read::Grid& grid, std::uint32_t row, const std::vector<Column>& columns,
                    const std::set<std::uint32_t>& sessionHeaders, const std::vector<ColumnProfile>& profiles, const Vocabulary& vocab) {
    int n = 0;
    for (std::size_t ci = 0; ci < columns.size(); ++ci) {
        const Column& c = columns[ci];
        if (sessionHeaders.count(c.col)) continue;
        const read::Value& v = grid.at(row, c.col);
        std::string f = fold(c.header);
        bool again = std::find(profiles[ci].distinct.begin(), profiles[ci].distinct.end(), f) != profiles[ci].distinct.end();
        bool answer = false;
        for (const auto& s : vocab.scales)
            for (const auto& point : s.labels) answer = answer || std::find(point.begin(), point.end(), f) != point.end();
        if (v.type == read::CellType::Number || answer || (again && profiles[ci].distinct.size() > 2)) ++n;
    }
    return n;
}

/// How many cells of the row hold text.
std::size_t filledCells(const read::Grid& grid, std::uint32_t row) {
    std::size_t n = 0;
    for (std::uint32_t c = 0; c < grid.columnCount(); ++c)
        if (!grid.text(row, c).empty()) ++n;
    return n;
}

/// Whether a header with no answers under it reads as a question: it ends with a question mark
/// or has three words or more ("I enjoyed the masterclass"), and is not exactly a field's word.
bool looksLikeQuestion(const std::string& header, const std::string& normalised, const Vocabulary& vocab) {
    if (normalised.empty()) return false;
    for (const auto& [field, words] : vocab.fields)
        if (std::find(words.begin(), words.end(), normalised) != words.end()) return false;
    return header.back() == '?' || std::count(normalised.begin(), normalised.end(), ' ') >= 2;
}

/// The best layout among header rows with nothing under them yet, recognised by their headers
/// alone. What the rows would hold cannot confirm the kind, so the headers must: every field the
/// kind needs is named by one of its exact words, and the rows above the header (titles, notes)
/// are narrower than it, so that the last row of an unrecognised table is not taken for a header.
SheetLayout recogniseHeaderOnly(const read::Grid& grid, const Vocabulary& vocab) {
    SheetLayout best;
    std::uint32_t searched = 0;
    std::size_t widestAbove = 0;
    for (std::uint32_t row : grid.rowIndices()) {
        if (++searched > kHeaderSearchRows) break;
        std::size_t width = filledCells(grid, row);
        bool narrowerAbove = widestAbove < width;
        widestAbove = std::max(widestAbove, width);
        std::vector<Column> columns = headerColumns(grid, row, vocab);
        if (columns.size() < 2 || !narrowerAbove) continue;
        {
            SheetLayout probe;
            probe.headerRow = row;
            probe.columns = columns;
            if (!tableRows(grid, probe, vocab).rows.empty()) continue;
        }
        std::set<std::uint32_t> sessionHeaders = sessionHeaderColumns(grid, row, columns);
        // Headers are words: a number, or a date that heads no session, is data.
        bool words = std::all_of(columns.begin(), columns.end(), [&](const Column& c) {
            read::CellType t = grid.at(row, c.col).type;
            return t == read::CellType::Text || t == read::CellType::Empty || (t == read::CellType::Date && sessionHeaders.count(c.col));
        });
        if (!words) continue;
        std::vector<std::string> normalised;
        normalised.reserve(columns.size());
        for (const auto& c : columns) normalised.push_back(normalise(c.header));
        int timepointSubHeaders = timepointSubHeaderCount(grid, row, columns, vocab);
        std::vector<bool> namesField = namesAnyField(normalised, vocab);
        HeaderScores scores(normalised);

        for (const KindSpec& spec : vocab.kinds) {
            std::optional<FieldMapping> m = mapFields(spec, columns, normalised, scores, namesField, sessionHeaders, {}, {}, vocab);
            if (!m) continue;
            bool exactlyNamed = std::all_of(spec.required.begin(), spec.required.end(), [&](const std::vector<std::string>& group) {
                return std::any_of(m->columns.begin(), m->columns.end(), [&](const Column& c) {
                    return c.exact && std::find(group.begin(), group.end(), c.field) != group.end();
                });
            });
            if (!exactlyNamed) continue;
            SheetLayout layout;
            layout.kind = spec.kind;
            layout.headerRow = row;
            layout.headerOnly = true;
            layout.columns = m->columns;
            int extra = 0;
            if (spec.kind == model::SheetKind::AttendanceRegister) {
                for (const auto& c : layout.columns)
                    if (c.field.empty() && sessionHeaders.count(c.col)) layout.sessionColumns.push_back(c.col);
                if (layout.sessionColumns.size() < 3) continue;
                extra = static_cast<int>(layout.sessionColumns.size());
            } else if (spec.kind == model::SheetKind::Survey) {
                int surveyFields = static_cast<int>(std::count_if(layout.columns.begin(), layout.columns.end(), [&](const Column& c) {
                    return c.exact && std::find(spec.identifying.begin(), spec.identifying.end(), c.field) != spec.identifying.end();
                }));
                if (surveyFields < 2) continue;
                for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
                    const Column& c = layout.columns[ci];
                    if (c.field.empty() && !sessionHeaders.count(c.col) && looksLikeQuestion(c.header, normalised[ci], vocab))
                        layout.questionColumns.push_back(c.col);
                }
                if (layout.questionColumns.empty()) continue;
                extra = static_cast<int>(layout.questionColumns.size());
            }
            int required = static_cast<int>(spec.required.size());
            layout.score = 100 * required + 10 * m->exact + 3 * m->partial + 5 * std::min(extra, 20) +
                           (spec.kind == model::SheetKind::Survey ? 60 : 0) + 20 * timepointSubHeaders;
            if (layout.score > best.score) best = std::move(layout);
        }
    }
    return best;
}

} // namespace

std::optional<std::uint32_t> SheetLayout::column(std::string_view field) const {
    for (const auto& c : columns)
        if (c.field == field) return c.col;
    return std::nullopt;
}

const Column* SheetLayout::columnAt(std::uint32_t col) const {
    for (const auto& c : columns)
        if (c.col == col) return &c;
    return nullptr;
}

std::string headerLabel(const read::Grid& grid, std::uint32_t row, std::uint32_t col, const Vocabulary& vocab) {
    std::string own = grid.text(row, col);
    if (own.empty()) {
        if (const read::Range* m = grid.mergedAt(row, col)) own = grid.text(m->firstRow, m->firstCol);
    }
    if (row > 0) {
        const read::Range* parent = grid.mergedAt(row - 1, col);
        if (parent && parent->lastRow == row - 1 && parent->firstCol != parent->lastCol) {
            // A question merged over "Before" / "After" sub-headers: "Q3 (Before)". A title merged
            // over ordinary headers is only a title.
            std::string p = grid.text(parent->firstRow, parent->firstCol);
            if (!p.empty() && !own.empty() && vocab.timepointOf(own) != model::Timepoint::None) return p + " (" + own + ")";
        } else if (own.empty() && rowHasWideMerge(grid, row - 1)) {
            // "Pupil ID" typed in the row above, beside the merged questions, and not merged down.
            own = grid.text(row - 1, col);
        }
    }
    return own;
}

bool isSessionHeader(const read::Grid& grid, std::uint32_t row, std::uint32_t col) {
    const read::Value& v = grid.at(row, col);
    if (v.type == read::CellType::Date) return true;
    std::string n = normalise(grid.text(row, col));
    if (n.empty()) return false;
    if (parseTypedDate(n)) return true;
    static const char* kWords[] = {"session", "week", "wk", "lesson", "day", "class", "meeting", "masterclass", "visit", "workshop", "s"};
    for (const char* w : kWords) {
        std::string prefix = std::string(w) + " ";
        std::string rest;
        if (n.rfind(prefix, 0) == 0)
            rest = n.substr(prefix.size());
        else if (n.rfind(w, 0) == 0)
            rest = n.substr(std::string(w).size());
        if (!rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
    }
    return false;
}

bool looksLikeSettings(const read::Grid& grid, const Vocabulary& vocab) {
    if (grid.columnCount() > 4) return false;
    int keys = 0;
    for (std::uint32_t r : grid.rowIndices()) {
        for (std::uint32_t c = 0; c + 1 < std::max<std::uint32_t>(grid.columnCount(), 2); ++c) {
            std::string t = grid.text(r, c);
            if (t.empty()) continue;
            std::string n = normalise(t);
            for (const auto& [key, words] : vocab.settings)
                if (std::find(words.begin(), words.end(), n) != words.end() && !grid.text(r, c + 1).empty()) ++keys;
            break;
        }
    }
    return keys >= 2;
}

bool looksLikeUnfilledSettings(const read::Grid& grid, const Vocabulary& vocab, std::uint32_t& filled) {
    filled = 0;
    if (grid.columnCount() > 4) return false;
    // As looksLikeSettings(), but a setting's name counts without a value beside it; the names
    // must then be most of what the sheet says, so that notes that mention a setting are notes.
    std::uint32_t keys = 0, lines = 0;
    for (std::uint32_t r : grid.rowIndices()) {
        for (std::uint32_t c = 0; c + 1 < std::max<std::uint32_t>(grid.columnCount(), 2); ++c) {
            std::string t = grid.text(r, c);
            if (t.empty()) continue;
            ++lines;
            std::string n = normalise(t);
            for (const auto& [key, words] : vocab.settings)
                if (std::find(words.begin(), words.end(), n) != words.end()) {
                    ++keys;
                    if (!grid.text(r, c + 1).empty()) ++filled;
                    break;
                }
            break;
        }
    }
    return filled < 2 && keys >= 2 && keys * 2 > lines;
}

std::string columnRole(const SheetLayout& layout, const Column& c) {
    if (c.ignored) return "ignore";
    if (std::find(layout.sessionColumns.begin(), layout.sessionColumns.end(), c.col) != layout.sessionColumns.end()) return "session";
    if (std::find(layout.questionColumns.begin(), layout.questionColumns.end(), c.col) != layout.questionColumns.end()) return "question";
    return c.field;
}

namespace {

/// Rows to profile a chosen table's columns on: all of them for a small table, else the first
/// 300 and an even spread of the rest, so that a survey's after-responses far down are seen.
std::vector<std::uint32_t> profileRows(const std::vector<std::uint32_t>& rows) {
    constexpr std::size_t kHead = 300, kMax = 600; // the first 100 are profiled already
    if (rows.size() <= kMax) return rows;
    std::vector<std::uint32_t> out(rows.begin(), rows.begin() + kHead);
    std::size_t stride = (rows.size() - kHead) / (kMax - kHead) + 1;
    for (std::size_t i = kHead; i < rows.size(); i += stride) out.push_back(rows[i]);
    return out;
}

bool hasField(const SheetLayout& layout, std::string_view field) { return layout.column(field).has_value(); }

bool isFree(const SheetLayout& layout, const Column& c) {
    auto in = [](const std::vector<std::uint32_t>& v, std::uint32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    return c.field.empty() && !in(layout.questionColumns, c.col) && !in(layout.sessionColumns, c.col);
}

/// Roles the values give where the header words gave none (SPEC "Column roles come from
/// evidence"): a column of Before/After or of two ordered labels is a survey's timepoint, Cash/In
/// kind values make a contributions sheet's cash/in-kind column, an "In kind (£)" column of
/// amounts beside a cash one is the in-kind amount, a filled column of names or emails that
/// differ from row to row is a survey's respondent.
void assignByValues(SheetLayout& layout, const std::vector<ColumnProfile>& profiles, const Vocabulary& vocab) {
    auto assign = [&](Column& c, const std::string& field, const std::string& reason) {
        c.field = field;
        c.reason = reason;
    };
    if (layout.kind == model::SheetKind::Survey && !hasField(layout, "timepoint")) {
        for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
            Column& c = layout.columns[ci];
            const ColumnProfile& p = profiles[ci];
            if (!isFree(layout, c) || p.filled < 2) continue;
            if (p.mostly(p.timepoints(), 0.8) && p.before > 0 && p.after > 0) {
                assign(c, "timepoint", describeValues(p));
                break;
            }
            if (auto pair = p.distinctCount() == 2 ? timepointPair(p.distinct, vocab) : std::nullopt) {
                assign(c, "timepoint",
                       describeValues(p) + " (" + pair->how + ": \"" + p.shown[pair->before == p.distinct[0] ? 0 : 1] + "\" before)");
                break;
            }
        }
    }
    if (layout.kind == model::SheetKind::Contributions) {
        if (!hasField(layout, "contribution_type"))
            for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
                const ColumnProfile& p = profiles[ci];
                if (isFree(layout, layout.columns[ci]) && p.mostly(p.cash + p.inKind, 0.6)) {
                    assign(layout.columns[ci], "contribution_type", describeValues(p));
                    break;
                }
            }
        // Amounts kept in two columns, "Cash (£)" and "In kind (£)": each is read.
        for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
            Column& c = layout.columns[ci];
            const ColumnProfile& p = profiles[ci];
            if (!isFree(layout, c) || !p.mostly(p.numbers)) continue;
            std::string kind = vocab.contributionKindOf(c.header);
            if (kind == "in_kind" && !hasField(layout, "amount_in_kind"))
                assign(c, "amount_in_kind", "header says in kind; " + describeValues(p));
            else if (kind == "cash" && !hasField(layout, "amount_cash"))
                assign(c, "amount_cash", "header says cash; " + describeValues(p));
        }
    }
    if (layout.kind == model::SheetKind::Survey && !hasField(layout, "pupil_id") && !hasField(layout, "email") &&
        !hasField(layout, "pupil_name")) {
        // Who answered: the filled column of emails or names that differ from row to row (a
        // "Class teacher" column repeats one name down many rows, and is not it).
        std::size_t best = layout.columns.size(), bestFilled = 0;
        std::string field;
        for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
            const ColumnProfile& p = profiles[ci];
            if (!isFree(layout, layout.columns[ci]) || p.filled < 2) continue;
            bool varied = p.moreDistinct || p.distinct.size() * 2 >= p.filled;
            std::string f = p.mostly(p.emails, 0.8) ? "email" : p.mostly(p.names, 0.8) ? "pupil_name" : "";
            if (!f.empty() && varied && p.filled > bestFilled) best = ci, bestFilled = p.filled, field = f;
        }
        if (best < layout.columns.size())
            assign(layout.columns[best], field,
                   (field == "email" ? "email addresses" : "names") + std::string(" that differ from row to row; ") +
                       describeValues(profiles[best]));
    }
}

/// Why each column holds what it does, for check and the Impact Columns sheet.
void explainColumns(SheetLayout& layout, const std::vector<ColumnProfile>& profiles) {
    for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
        Column& c = layout.columns[ci];
        if (!c.reason.empty()) continue;
        std::string role = columnRole(layout, c);
        if (role.empty()) continue;
        std::string values = describeValues(profiles[ci]);
        if (role == "question")
            c.reason = "answers on a scale: " + values;
        else if (role == "session")
            c.reason = "a session's header; " + values;
        else
            c.reason = std::string(c.exact ? "header names it" : "header words") + "; " + values;
    }
}

/// The coordinator's roles from the Impact Columns sheet: each wins over the guess for its
/// column (found by its letter, or by its header if the letter now holds another one).
void applyOverrides(SheetLayout& layout, const std::vector<model::ColumnOverride>& overrides) {
    auto erase = [](std::vector<std::uint32_t>& v, std::uint32_t x) { v.erase(std::remove(v.begin(), v.end(), x), v.end()); };
    for (const auto& o : overrides) {
        Column* target = nullptr;
        if (o.col)
            for (auto& c : layout.columns)
                if (c.col == *o.col && (o.header.empty() || normalise(c.header) == normalise(o.header))) target = &c;
        if (!target && !o.header.empty())
            for (auto& c : layout.columns)
                if (normalise(c.header) == normalise(o.header)) target = &c;
        if (!target && o.col && o.header.empty())
            for (auto& c : layout.columns)
                if (c.col == *o.col) target = &c;
        // A row that says what Impact guessed anyway (the sheet as Impact wrote it) confirms the
        // guess: it stays a guess, and its reason the evidence.
        if (!target || columnRole(layout, *target) == o.role) continue;
        erase(layout.questionColumns, target->col);
        erase(layout.sessionColumns, target->col);
        target->field.clear();
        target->ignored = false;
        if (o.role == "ignore")
            target->ignored = true;
        else if (o.role == "question")
            layout.questionColumns.push_back(target->col);
        else if (o.role == "session")
            layout.sessionColumns.push_back(target->col);
        else {
            // One column per field: the guess that held it gives it up.
            for (auto& c : layout.columns)
                if (c.field == o.role && c.source != model::RoleSource::Coordinator) c.field.clear();
            target->field = o.role;
        }
        target->source = model::RoleSource::Coordinator;
        target->reason = "set in '" + o.source.sheet + "' row " + std::to_string(o.source.row + 1);
    }
    std::sort(layout.questionColumns.begin(), layout.questionColumns.end());
    std::sort(layout.sessionColumns.begin(), layout.sessionColumns.end());
}

/// A candidate header row and what is worked out about it once, for every kind tried on it.
struct HeaderRow {
    std::uint32_t row = 0;
    std::vector<Column> columns;
    std::vector<std::uint32_t> rows;        ///< the data rows sampled under it (sampleRows())
    std::vector<std::string> normalised;    ///< each column's header, normalised
    std::set<std::uint32_t> sessionHeaders; ///< sessionHeaderColumns()
    std::set<std::uint32_t> answerColumns;  ///< columns whose values look like survey answers
    std::vector<ColumnProfile> profiles;    ///< each column over the first hundred sampled rows
    std::vector<bool> namesField;           ///< namesAnyField()
    int timepointSubHeaders = 0, dataLike = 0;
};

/// Whether a row's cells read as headers: one column is a table only as a survey of one question
/// (a question over its answers), and a row of mostly numbers and dates (that head no sessions)
/// is data.
bool readsAsHeaders(const read::Grid& grid, const HeaderRow& h, const Vocabulary& vocab, AnswerCells& answerCells) {
    if (h.columns.size() == 1 && !(looksLikeQuestion(h.columns[0].header, normalise(h.columns[0].header), vocab) &&
                                   looksLikeAnswers(grid, h.rows, h.columns[0].col, vocab, answerCells) && h.rows.size() >= 3))
        return false;
    std::size_t numericHeaders = static_cast<std::size_t>(std::count_if(h.columns.begin(), h.columns.end(), [&](const Column& c) {
        read::CellType t = grid.at(h.row, c.col).type;
        return (t == read::CellType::Number || t == read::CellType::Date) && !h.sessionHeaders.count(c.col);
    }));
    return numericHeaders * 2 <= h.columns.size();
}

/// What every kind asks of the header row's columns, worked out once: each header normalised
/// (every kind compares it with every field's phrases), the columns' values profiled, the columns
/// of answers ("I enjoyed the masterclass": Agree...), which are never another field's column by
/// a partial match of their header.
void describeColumns(const read::Grid& grid, HeaderRow& h, const Vocabulary& vocab, CellClassifier& cells, AnswerCells& answerCells) {
    h.normalised.reserve(h.columns.size());
    for (const auto& c : h.columns) h.normalised.push_back(normalise(c.header));
    h.profiles.reserve(h.columns.size());
    // What the values rule out is plain from the first hundred rows; the chosen table's columns
    // are profiled again, further down, to give their roles and reasons.
    std::vector<std::uint32_t> firstRows(h.rows.begin(),
                                         h.rows.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(h.rows.size(), 100)));
    for (const auto& c : h.columns) h.profiles.push_back(cells.profile(firstRows, c.col));
    for (const auto& c : h.columns)
        if (looksLikeAnswers(grid, h.rows, c.col, vocab, answerCells)) h.answerColumns.insert(c.col);
    h.timepointSubHeaders = timepointSubHeaderCount(grid, h.row, h.columns, vocab);
    h.dataLike = dataLikeHeaders(grid, h.row, h.columns, h.sessionHeaders, h.profiles, vocab);
    h.namesField = namesAnyField(h.normalised, vocab);
}

/// Row `row` as a header row with data under it, or nothing if it cannot be one.
std::optional<HeaderRow> candidateHeaderRow(const read::Grid& grid, std::uint32_t row, const Vocabulary& vocab, CellClassifier& cells,
                                            AnswerCells& answerCells) {
    HeaderRow h;
    h.row = row;
    h.columns = headerColumns(grid, row, vocab);
    if (h.columns.empty() || isBandRow(grid, row, h.columns)) return std::nullopt;
    h.rows = sampleRows(grid, row);
    if (h.rows.empty()) return std::nullopt;
    h.sessionHeaders = sessionHeaderColumns(grid, row, h.columns);
    if (!readsAsHeaders(grid, h, vocab, answerCells)) return std::nullopt;
    describeColumns(grid, h, vocab, cells, answerCells);
    return h;
}

/// A register's session columns: unassigned session headers over marks (a row of totals under
/// the register holds counts, not marks). False if there are fewer than three.
bool findSessionColumns(SheetLayout& layout, const read::Grid& grid, const HeaderRow& h, const Vocabulary& vocab) {
    std::vector<std::uint32_t> marked = untilTotals(grid, h.rows, layout.columns, vocab);
    for (const auto& c : layout.columns)
        if (c.field.empty() && isSessionHeader(grid, h.row, c.col) && looksLikeMarks(grid, marked, c.col, vocab))
            layout.sessionColumns.push_back(c.col);
    return layout.sessionColumns.size() >= 3;
}

/// A survey's question columns: unassigned columns of answers, and the other half of a paired
/// question or a question answered once so far. False if there is none.
bool findQuestionColumns(SheetLayout& layout, const read::Grid& grid, const HeaderRow& h, const Vocabulary& vocab,
                         AnswerCells& answerCells) {
    for (const auto& c : layout.columns)
        if (c.field.empty() && looksLikeAnswers(grid, h.rows, c.col, vocab, answerCells)) layout.questionColumns.push_back(c.col);
    // The other half of a paired question is a question however few answered it.
    std::set<std::string> bases;
    for (std::uint32_t q : layout.questionColumns)
        if (std::string b = pairedBase(layout.columnAt(q)->header, vocab); !b.empty()) bases.insert(b);
    // So is a question answered once so far ("I have the knowledge I need...": Disagree).
    for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
        const Column& c = layout.columns[ci];
        if (c.field.empty() &&
            std::find(layout.questionColumns.begin(), layout.questionColumns.end(), c.col) == layout.questionColumns.end() &&
            (bases.count(pairedBase(c.header, vocab)) || looksLikeQuestion(c.header, h.normalised[ci], vocab)) &&
            looksLikeAnswers(grid, h.rows, c.col, vocab, answerCells, 1))
            layout.questionColumns.push_back(c.col);
    }
    std::sort(layout.questionColumns.begin(), layout.questionColumns.end());
    return !layout.questionColumns.empty();
}

/// A question's first answer is right under it: a row of text between (the real header under a
/// note) says this is not the header row. 6 points off for each question where that is so.
int notesUnderHeader(const SheetLayout& layout, const read::Grid& grid, const HeaderRow& h, const AnswerCells& answerCells) {
    int penalty = 0;
    for (std::uint32_t q : layout.questionColumns)
        for (std::uint32_t r : h.rows)
            if (!grid.at(r, q).empty()) {
                if (auto it = answerCells.find(std::uint64_t{r} << 32 | q); it != answerCells.end() && !it->second) penalty += 6;
                break;
            }
    return penalty;
}

/// Whether head counts or contributions have their numbers: some amount (or head count) typed
/// in an amount column.
bool holdsItsNumbers(const SheetLayout& layout, const HeaderRow& h) {
    bool numbers = false;
    for (std::size_t ci = 0; ci < layout.columns.size(); ++ci) {
        const std::string& field = layout.columns[ci].field;
        const ColumnProfile& p = h.profiles[ci];
        if (isNumericField(field) && field != "pp_count" && field != "hours" && field != "minutes")
            numbers = numbers || (p.numbers > 0 && holdsNumbers(p)) || (p.moneyWords > 0 && p.moneyWords + p.numbers == p.filled);
    }
    return numbers;
}

/// What a kind's own columns add to its score (sessions, questions), or nothing when the kind
/// lacks them: a register needs three sessions, a survey a question, head counts and
/// contributions their numbers.
std::optional<int> kindEvidence(SheetLayout& layout, const read::Grid& grid, const HeaderRow& h, const Vocabulary& vocab,
                                AnswerCells& answerCells) {
    switch (layout.kind) {
    case model::SheetKind::AttendanceRegister:
        if (!findSessionColumns(layout, grid, h, vocab)) return std::nullopt;
        return static_cast<int>(layout.sessionColumns.size());
    case model::SheetKind::Survey:
        if (!findQuestionColumns(layout, grid, h, vocab, answerCells)) return std::nullopt;
        return static_cast<int>(layout.questionColumns.size()) - notesUnderHeader(layout, grid, h, answerCells);
    case model::SheetKind::AttendanceCounts:
    case model::SheetKind::Contributions:
        if (!holdsItsNumbers(layout, h)) return std::nullopt;
        return 0;
    default: return 0;
    }
}

/// The layout of kind `spec` on header row `h`, scored, or nothing if the kind does not fit.
std::optional<SheetLayout> layoutOfKind(const KindSpec& spec, const HeaderRow& h, HeaderScores& scores, const read::Grid& grid,
                                        const Vocabulary& vocab, AnswerCells& answerCells) {
    std::optional<FieldMapping> m =
        mapFields(spec, h.columns, h.normalised, scores, h.namesField, h.sessionHeaders, h.answerColumns, h.profiles, vocab);
    if (!m) return std::nullopt;
    SheetLayout layout;
    layout.kind = spec.kind;
    layout.headerRow = h.row;
    layout.columns = m->columns;
    std::optional<int> extra = kindEvidence(layout, grid, h, vocab, answerCells);
    if (!extra) return std::nullopt;
    // Columns of survey answers that this kind leaves unexplained count against it.
    int answers = 0;
    if (spec.kind != model::SheetKind::Survey && spec.kind != model::SheetKind::AttendanceRegister)
        for (const auto& c : layout.columns)
            if (c.field.empty() && !h.sessionHeaders.count(c.col) && h.answerColumns.count(c.col)) ++answers;
    int required = static_cast<int>(spec.required.size());
    layout.score = 100 * required + 10 * m->exact + 3 * m->partial + 5 * std::min(*extra, 20) +
                   (spec.kind == model::SheetKind::Survey ? 60 : 0) - (answers >= 2 ? 80 * answers : 40 * answers) +
                   20 * h.timepointSubHeaders - 30 * h.dataLike;
    return layout;
}

/// The chosen layout's rows found, its columns profiled on them, roles given by their values and
/// the coordinator's overrides, and each role explained.
void completeLayout(SheetLayout& layout, const read::Grid& grid, const Vocabulary& vocab, CellClassifier& cells,
                    const std::vector<model::ColumnOverride>& overrides) {
    layout.table = tableRows(grid, layout, vocab);
    std::vector<std::uint32_t> rows = profileRows(layout.table.rows);
    std::vector<ColumnProfile> profiles;
    for (const auto& c : layout.columns) profiles.push_back(cells.profile(rows, c.col));
    assignByValues(layout, profiles, vocab);
    applyOverrides(layout, overrides);
    explainColumns(layout, profiles);
}

/// A layout recognised by its headers alone given the coordinator's overrides, and its columns'
/// reasons (there are no values to describe).
void completeHeaderOnly(SheetLayout& layout, const std::vector<model::ColumnOverride>& overrides) {
    applyOverrides(layout, overrides);
    for (auto& c : layout.columns)
        if (c.reason.empty() && !columnRole(layout, c).empty())
            c.reason = columnRole(layout, c) == "question" ? "reads as a question; no rows yet" : "header names it; no rows yet";
}

} // namespace

SheetLayout recogniseLayout(const read::Grid& grid, const Vocabulary& vocab, const std::vector<model::ColumnOverride>& overrides) {
    SheetLayout best;
    AnswerCells answerCells;
    CellClassifier cells(grid, vocab);
    std::uint32_t searched = 0;
    for (std::uint32_t row : grid.rowIndices()) {
        if (++searched > kHeaderSearchRows) break;
        std::optional<HeaderRow> h = candidateHeaderRow(grid, row, vocab, cells, answerCells);
        if (!h) continue;
        HeaderScores scores(h->normalised);
        for (const KindSpec& spec : vocab.kinds)
            if (std::optional<SheetLayout> layout = layoutOfKind(spec, *h, scores, grid, vocab, answerCells);
                layout && layout->score > best.score)
                best = std::move(*layout);
    }
    if (best.kind != model::SheetKind::None) {
        completeLayout(best, grid, vocab, cells, overrides);
        return best;
    }
    // A sheet whose only header row has nothing under it yet: recognised by its headers alone.
    best = recogniseHeaderOnly(grid, vocab);
    if (best.kind != model::SheetKind::None) completeHeaderOnly(best, overrides);
    return best;
}

namespace {

/// What a row under a layout's header is: data, nothing (blank, or a legend), or the totals
/// row that ends the table (`label` is then its "Total" text).
enum class RowRole { Data, Skip, Totals };

RowRole rowRole(const read::Grid& grid, std::uint32_t r, const std::vector<Column>& columns, const Vocabulary& vocab, std::string& label) {
    // A totals row: its first non-empty cell says "Total". What follows is notes.
    std::string first;
    for (const auto& c : columns) {
        first = grid.text(r, c.col);
        if (!first.empty()) break; // the row's first text is all that is needed
    }
    if (first.empty()) return RowRole::Skip;
    // A legend ("✓ = present, x = absent") under the table is no row of it.
    if (first.size() <= 120 && first.find_first_of("=:") != std::string::npos && parseLegend(first, vocab)) return RowRole::Skip;
    std::string n = normalise(first);
    std::string firstWord = n.substr(0, n.find(' '));
    if (vocab.isTotalsLabel(first) || firstWord == "total" || firstWord == "totals") {
        label = first;
        return RowRole::Totals;
    }
    // "Total" in another of its text columns (the contributor column after the amount), or
    // "Total present" as the row's only text beside its numbers.
    std::size_t textCells = 0;
    std::string candidate;
    bool exact = false;
    for (const auto& c : columns) {
        const read::Value& v = grid.at(r, c.col);
        if (v.type != read::CellType::Text) continue;
        ++textCells;
        // Most rows have no "Total": look at the first letter before making the cell's text.
        std::size_t at = v.text.find_first_not_of(" \t");
        if (at == std::string::npos || (v.text[at] != 'T' && v.text[at] != 't') || !candidate.empty()) continue;
        std::string t = grid.text(r, c.col);
        if (t.size() < 5) continue;
        std::string w = normalise(t);
        w = w.substr(0, w.find(' '));
        if (vocab.isTotalsLabel(t))
            candidate = t, exact = true;
        else if (w == "total" || w == "totals")
            candidate = t;
    }
    if (exact || (textCells == 1 && !candidate.empty())) {
        label = candidate;
        return RowRole::Totals;
    }
    return RowRole::Data;
}

} // namespace

std::vector<std::uint32_t> untilTotals(const read::Grid& grid, const std::vector<std::uint32_t>& rows, const std::vector<Column>& columns,
                                       const Vocabulary& vocab) {
    std::vector<std::uint32_t> out;
    std::string label;
    for (std::uint32_t r : rows) {
        RowRole role = rowRole(grid, r, columns, vocab, label);
        if (role == RowRole::Totals) break;
        out.push_back(r);
    }
    return out;
}

TableRows tableRows(const read::Grid& grid, const SheetLayout& layout, const Vocabulary& vocab) {
    return tableRowsFrom(grid, layout, vocab, layout.headerRow + 1);
}

TableRows tableRowsFrom(const read::Grid& grid, const SheetLayout& layout, const Vocabulary& vocab, std::uint32_t first) {
    TableRows out;
    auto from = std::lower_bound(grid.rowIndices().begin(), grid.rowIndices().end(), std::max(first, layout.headerRow + 1));
    for (auto it = from; it != grid.rowIndices().end(); ++it) {
        std::uint32_t r = *it;
        std::string label;
        RowRole role = rowRole(grid, r, layout.columns, vocab, label);
        if (role == RowRole::Skip) continue;
        if (role == RowRole::Totals) {
            out.totalsRow = r;
            out.totalsLabel = label;
            break;
        }
        out.rows.push_back(r);
    }
    return out;
}

} // namespace impact::recognise
