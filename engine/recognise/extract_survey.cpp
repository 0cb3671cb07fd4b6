// Surveys: questions with their scales, and responses matched by who gave them.
#include "common/error.h"
#include "common/unicode_text.h"
#include "read/cell_text.h"
#include "recognise/distinct_values.h"
#include "recognise/extract.h"
#include "recognise/profile.h"
#include "recognise/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <map>
#include <set>

namespace impact::recognise {

using model::Severity;

namespace {

/// A scale named in a header: "(1-5)", "1 to 10", "0-10", "(scale 1-5)".
const Scale* scaleFromHint(const std::string& header, const Vocabulary& vocab) {
    // "(1 = nothing, 5 = a lot)": the numbers the header explains are the scale's ends.
    std::vector<int> explained;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] < '0' || header[i] > '9' || (i > 0 && header[i - 1] >= '0' && header[i - 1] <= '9')) continue;
        std::size_t j = i;
        while (j < header.size() && header[j] >= '0' && header[j] <= '9') ++j;
        std::size_t k = j;
        while (k < header.size() && header[k] == ' ') ++k;
        if (k < header.size() && header[k] == '=' && j - i <= 2) explained.push_back(std::stoi(header.substr(i, j - i)));
    }
    if (explained.size() >= 2) {
        int lo = *std::min_element(explained.begin(), explained.end()), hi = *std::max_element(explained.begin(), explained.end());
        for (const auto& s : vocab.scales)
            if (s.numeric && s.min == lo && s.max == hi) return &s;
    }
    std::string n = normalise(header);
    for (const auto& s : vocab.scales) {
        if (!s.numeric) continue;
        std::string a = std::to_string(s.min) + " " + std::to_string(s.max);
        std::string b = std::to_string(s.min) + " to " + std::to_string(s.max);
        if (containsWords(n, a) || containsWords(n, b)) return &s;
    }
    return nullptr;
}

int labelPoint(const Scale& s, const std::string& text) {
    std::string f = fold(text);
    for (std::size_t p = 0; p < s.labels.size(); ++p)
        if (std::find(s.labels[p].begin(), s.labels[p].end(), f) != s.labels[p].end()) return static_cast<int>(p) + 1;
    return 0;
}

std::optional<double> numberIn(const read::Value& v, const std::string& text) {
    if (v.type == read::CellType::Number) return v.number;
    if (v.type != read::CellType::Text) return std::nullopt;
    double d = 0;
    std::string f = fold(text);
    auto r = std::from_chars(f.data(), f.data() + f.size(), d);
    if (f.empty() || r.ec != std::errc() || r.ptr != f.data() + f.size()) return std::nullopt;
    return d;
}

/// The scale a question's answers are on, from its columns' values (labels first, then numbers).
const Scale* scaleFromValues(const std::vector<const DistinctValues*>& cols, const Vocabulary& vocab) {
    std::size_t filled = 0, numbers = 0, within1to5 = 0, within0to10 = 0;
    double minV = 0;
    std::map<const Scale*, std::size_t> labelHits;
    for (const DistinctValues* values : cols)
        for (const auto& e : values->entries()) {
            filled += e.count;
            if (auto d = numberIn(e.value, e.text)) {
                minV = numbers ? std::min(minV, *d) : *d;
                numbers += e.count;
                if (*d >= 1 && *d <= 5) within1to5 += e.count;
                if (*d >= 0 && *d <= 10) within0to10 += e.count;
                continue;
            }
            for (const auto& s : vocab.scales)
                if (!s.numeric && labelPoint(s, e.text)) labelHits[&s] += e.count;
        }
    if (filled == 0) return nullptr;
    const Scale* best = nullptr;
    std::size_t hits = 0;
    for (const auto& [s, n] : labelHits)
        // On a tie, the scale in use: of one family (agreement with and without a middle point),
        // the one with no label the answers do not show; else the longer.
        if (n > hits || (n == hits && best &&
                         (s->family.empty() || s->family != best->family ? s->labels.size() > best->labels.size()
                                                                         : s->labels.size() < best->labels.size())))
            best = s, hits = n;
    if (best && hits * 2 >= filled) return best;
    if (numbers == 0) return nullptr;
    // Mostly 1-5 with a stray 7 is a 1-5 scale with a mistake, not a 1-10 scale.
    double n = static_cast<double>(numbers);
    if (static_cast<double>(within1to5) / n >= 0.9) return vocab.scale("numeric1_5");
    if (static_cast<double>(within0to10) / n >= 0.9) return vocab.scale(minV < 1 ? "numeric0_10" : "numeric1_10");
    return nullptr;
}

const model::IndicatorRow* findIndicator(const model::WorkbookModel& model, const std::string& label) {
    // An exact match wins over a looser one elsewhere in the sheet.
    for (const auto& ind : model.indicators)
        if (normalise(ind.name) == normalise(label)) return &ind;
    for (const auto& ind : model.indicators)
        if (namesSameIndicator(ind.name, label)) return &ind;
    return nullptr;
}

/// The survey a sheet belongs to: its name without before/after words ("Survey – before").
std::string surveyName(const std::string& sheet, const Vocabulary& vocab) {
    std::string n = normalise(sheet), out;
    std::string word;
    for (std::size_t i = 0; i <= n.size(); ++i) {
        if (i == n.size() || n[i] == ' ') {
            if (!word.empty() && vocab.timepointOf(word) == model::Timepoint::None) out += (out.empty() ? "" : " ") + word;
            word.clear();
        } else {
            word += n[i];
        }
    }
    return out.empty() ? n : out;
}

/// The points of `scale` the answers in `cols` show.
std::set<int> pointsShown(const std::vector<const DistinctValues*>& cols, const Scale& scale) {
    std::set<int> shown;
    for (const DistinctValues* values : cols)
        for (const auto& e : values->entries())
            if (int p = labelPoint(scale, e.text)) shown.insert(p);
    return shown;
}

/// A family's scales without and with a middle point (agreement 4 and 5), or nulls.
std::pair<const Scale*, const Scale*> familyScales(const Vocabulary& vocab, const std::string& family) {
    const Scale *even = nullptr, *odd = nullptr;
    if (!family.empty())
        for (const auto& s : vocab.scales)
            if (s.family == family) (s.points() % 2 ? odd : even) = &s;
    return {even, odd};
}

/// Adds what the answers in `cols` show to a question's scale evidence; false if its scale has
/// no family with and without a middle point.
bool gatherScaleEvidence(const Vocabulary& vocab, model::Question& q, const std::vector<const DistinctValues*>& cols) {
    auto [even, odd] = familyScales(vocab, vocab.scale(q.scale)->family);
    if (!even || !odd) return false;
    std::set<int> shown = pointsShown(cols, *odd);
    int mid = (odd->points() + 1) / 2;
    q.scaleEvidence.fromAnswers = true;
    q.scaleEvidence.middle = q.scaleEvidence.middle || shown.count(mid);
    q.scaleEvidence.below = q.scaleEvidence.below || (!shown.empty() && *shown.begin() < mid);
    q.scaleEvidence.above = q.scaleEvidence.above || (!shown.empty() && *shown.rbegin() > mid);
    return true;
}

/// The scale its evidence puts a question on: with the middle label shown, the 5-point scale;
/// with both sides shown and never the middle, the 4-point one; else `otherwise`.
const Scale* scaleInUse(const Vocabulary& vocab, const model::Question& q, const Scale* otherwise) {
    auto [even, odd] = familyScales(vocab, vocab.scale(q.scale)->family);
    return q.scaleEvidence.middle ? odd : q.scaleEvidence.below && q.scaleEvidence.above ? even : otherwise;
}

/// Moves a question to another scale of its family, and the answers already scored with it (the
/// sheet being read keeps its answers as value numbers beside its responses until they are scored).
void rescale(SheetContext& ctx, std::size_t question, const Scale* to) {
    model::Question& q = ctx.model.questions[question];
    const Scale* from = ctx.vocab.scale(q.scale);
    if (from == to) return;
    q.scale = to->id;
    int step = to->points() - from->points(), half = std::min(from->points(), to->points()) / 2;
    for (auto& r : ctx.model.responses)
        if (auto it = r.answers.find(question); it != r.answers.end() && it->second > half)
            it->second = static_cast<std::int16_t>(it->second + step);
}

/// Orders timepoints by their words, as the responses of one row are added.
struct ByTimepointName {
    bool operator()(model::Timepoint a, model::Timepoint b) const { return model::timepointName(a) < model::timepointName(b); }
};

/// A question column: the question it asks, the timepoint its header names (paired columns), its
/// answers' distinct values, and once the scales are settled, the point of each (0: not on it).
struct QuestionColumn {
    std::uint32_t col = 0;
    std::size_t question = 0;
    model::Timepoint timepoint = model::Timepoint::None;
    DistinctValues values;
    const Scale* scale = nullptr; ///< its question's, once the scales are settled
    std::vector<int> points;      ///< each value's point on `scale` (0: not an answer on it)
};

/// A question as the sheet's headers ask it: its base header and its column(s), in column order.
struct AskedQuestion {
    std::string base;
    std::vector<std::size_t> columns; ///< into SurveyExtractor::Sheet::columns_
};

/// "Teacher survey", "Staff CPD feedback": who answers, from the sheet's name.
std::string respondentTypeFromName(const std::string& sheet, const Vocabulary& vocab) {
    std::string n = normalise(sheet), w;
    for (char c : n + " ") {
        if (c != ' ') {
            w += c;
            continue;
        }
        std::string t = w.empty() ? "" : w == "cpd" ? "teacher" : vocab.respondentTypeOf(w);
        if (!t.empty()) return t;
        w.clear();
    }
    return "";
}

} // namespace

/// One survey sheet being read: its rows are read as they come (all at once, or a chunk at a
/// time), keeping each answer as the number of its distinct value in its column; when the last row
/// is in, the scales and timepoint words are told from all the values and the answers scored.
class SurveyExtractor::Sheet {
public:
    Sheet(SheetContext& ctx, model::Timepoint fromSheetName)
        : ctx_(ctx), fromSheetName_(fromSheetName), survey_(surveyName(ctx.sheet(), ctx.vocab)),
          typeFromName_(respondentTypeFromName(ctx.sheet(), ctx.vocab)), tpCol_(ctx.layout.column("timepoint")),
          identityCol_(ctx.layout.column("pupil_id")
                           .value_or(ctx.layout.column("email").value_or(
                               ctx.layout.column("pupil_name").value_or(ctx.layout.questionColumns.front())))),
          firstResponse_(ctx.model.responses.size()), respondentColumns_(ctx.layout), typeOfBlank_(ctx.vocab.respondentTypeOf("")),
          groupOfBlank_(model::groupFromName(ctx.vocab.groupOf(""))) {
        askQuestions();
    }

    void readRows() {
        for (std::uint32_t row : ctx_.dataRows()) readRow(row);
    }

    void finish() {
        settleQuestions();
        settleTimepointWords();
        scoreAnswers();
        flagUnknownTimepoints();
    }

private:
    /// Questions: one per column, or one per pair of "(before)"/"(after)" columns.
    void askQuestions() {
        // Answers are read and scored in column order.
        std::vector<std::uint32_t> cols = ctx_.layout.questionColumns;
        std::sort(cols.begin(), cols.end());
        for (std::uint32_t col : cols) {
            std::string header = ctx_.layout.columnAt(col)->header;
            QuestionColumn qc;
            qc.col = col;
            std::string base = header;
            if (auto split = splitTimepointSuffix(header, ctx_.vocab.timepointWords())) {
                base = split->base;
                qc.timepoint = ctx_.vocab.timepointOf(split->timepoint);
            }
            paired_ = paired_ || qc.timepoint != model::Timepoint::None;
            askedAs(base).columns.push_back(columns_.size());
            columns_.push_back(std::move(qc));
        }
    }

    AskedQuestion& askedAs(const std::string& base) {
        for (auto& a : asked_)
            if (normalise(a.base) == normalise(base)) return a;
        asked_.push_back({base, {}});
        return asked_.back();
    }

    /// A row's respondent and its answers, kept as value numbers (in `codes_`, a row of them per
    /// response) until the sheet is read; its timepoint cell's value number in `timepointCodes_`.
    void readRow(std::uint32_t row) {
        // Every row's timepoint value counts when the column's words are told, answered or not.
        std::uint32_t tp = kNoValue;
        if (tpCol_ && !ctx_.grid.at(row, *tpCol_).empty()) tp = timepointValues_.add(ctx_.grid, row, *tpCol_);
        std::size_t from = codes_.size();
        bool answered = false;
        for (QuestionColumn& qc : columns_) {
            bool empty = ctx_.grid.at(row, qc.col).empty();
            codes_.push_back(empty ? kNoValue : qc.values.add(ctx_.grid, row, qc.col));
            answered = answered || !empty;
        }
        model::Response& r = ctx_.model.responses.emplace_back();
        bool commented = readRespondent(row, r);
        // A row with only a comment is still a response (for quotes); an empty one is none.
        if (!answered && !commented) {
            ctx_.model.responses.pop_back();
            codes_.resize(from);
            return;
        }
        timepointCodes_.push_back(tp);
    }

    /// The value numbers of the answers of the sheet's next response to score, by column, taken
    /// out of `codes_` (responses are scored in order, so the codes shrink as the answers grow).
    std::vector<std::uint32_t> takeCodes() {
        auto end = codes_.begin() + static_cast<std::ptrdiff_t>(columns_.size());
        std::vector<std::uint32_t> codes(codes_.begin(), end);
        codes_.erase(codes_.begin(), end);
        return codes;
    }

    /// The columns saying who answered, looked up once (a survey can have 100,000 rows).
    struct RespondentColumns {
        explicit RespondentColumns(const SheetLayout& layout)
            : id(layout.column("pupil_id")), email(layout.column("email")), name(layout.column("pupil_name")),
              school(layout.column("school")), type(layout.column("respondent_type")), group(layout.column("group")),
              comment(layout.column("comment")), consent(layout.column("consent")), yearGroup(layout.column("year_group")) {}
        std::optional<std::uint32_t> id, email, name, school, type, group, comment, consent, yearGroup;
    };

    /// The trimmed text of the cell at (row, col), "" if there is no such column or cell.
    std::string textAt(std::uint32_t row, std::optional<std::uint32_t> col) const {
        return col && !ctx_.grid.at(row, *col).empty() ? ctx_.grid.text(row, *col) : std::string();
    }

    /// Who answered in `row`, into `base` (a new response: no timepoint or answers yet); whether
    /// the row has a comment.
    bool readRespondent(std::uint32_t row, model::Response& base) const {
        const RespondentColumns& cols = respondentColumns_;
        base.survey = survey_;
        std::string id = textAt(row, cols.id);
        std::string email = textAt(row, cols.email);
        base.respondentName = textAt(row, cols.name);
        base.school = textAt(row, cols.school);
        base.schoolCol = cols.school.value_or(0);
        // Identity per SPEC: pupil ID, email or name, never the form's response number.
        if (!id.empty())
            base.respondentKey = "id:" + fold(id);
        else if (!email.empty() && email.find('@') != std::string::npos)
            base.respondentKey = "email:" + fold(email);
        else
            base.respondentKey = pupilKey("", base.respondentName, base.school);
        std::string groupText = textAt(row, cols.group);
        base.group = groupText.empty() ? groupOfBlank_ : model::groupFromName(ctx_.vocab.groupOf(groupText));
        base.source = ctx_.source(row, identityCol_);
        std::string comment = textAt(row, cols.comment);
        bool commented = !comment.empty();
        if (commented && cols.consent && ctx_.yesNo(row, *cols.consent).value_or(false)) base.quote = quote(row, std::move(comment));
        return commented;
    }

    /// A quote of `comment`, made in `row`, with who made it.
    std::shared_ptr<const model::Quote> quote(std::uint32_t row, std::string comment) const {
        model::Quote q;
        q.comment = std::move(comment);
        std::string typeText = textAt(row, respondentColumns_.type);
        std::string type = typeText.empty() ? typeOfBlank_ : ctx_.vocab.respondentTypeOf(typeText);
        q.respondentType = !type.empty() ? type : !typeFromName_.empty() ? typeFromName_ : "pupil";
        q.yearGroup = textAt(row, respondentColumns_.yearGroup);
        return std::make_shared<const model::Quote>(std::move(q));
    }

    std::vector<const DistinctValues*> valuesOf(const AskedQuestion& a) const {
        std::vector<const DistinctValues*> values;
        for (std::size_t i : a.columns) values.push_back(&columns_[i].values);
        return values;
    }

    /// Each asked question found in the model (the same question on another sheet of this
    /// survey: its before/after sheets) or added to it, with its scale.
    void settleQuestions() {
        std::vector<std::size_t> scaleFromAnswers; // questions whose scale their answers told
        for (const AskedQuestion& a : asked_) {
            std::size_t index = existingQuestion(a.base);
            if (index == ctx_.model.questions.size()) {
                if (addQuestion(a)) scaleFromAnswers.push_back(index);
            } else if (ctx_.model.questions[index].scaleEvidence.fromAnswers) {
                // What its answers here show may settle its scale, and the answers already read
                // move with it (Agree 3 → 4).
                model::Question& q = ctx_.model.questions[index];
                if (gatherScaleEvidence(ctx_.vocab, q, valuesOf(a)))
                    rescale(ctx_, index, scaleInUse(ctx_.vocab, q, ctx_.vocab.scale(q.scale)));
            }
            for (std::size_t i : a.columns) columns_[i].question = index;
            if (ctx_.model.questions[index].scale.empty())
                ctx_.issues.atCell(Severity::Warning, "scale-unknown", ctx_.sheet(), ctx_.layout.headerRow, columns_[a.columns.front()].col,
                                   "Impact cannot tell which scale the answers to \"" + a.base + "\" are on.",
                                   "Use the scale's labels (e.g. Not at all confident ... Extremely confident) or numbers 1-5, "
                                   "or give the scale in the indicators sheet.");
        }
        settleScaleFamilies(scaleFromAnswers);
    }

    std::size_t existingQuestion(const std::string& base) const {
        std::size_t index = ctx_.model.questions.size();
        for (std::size_t i = 0; i < ctx_.model.questions.size(); ++i)
            if (ctx_.model.questions[i].survey == survey_ && normalise(ctx_.model.questions[i].id) == normalise(base)) index = i;
        return index;
    }

    /// Adds an asked question to the model; true if its answers told its scale, of a family with
    /// and without a middle point.
    bool addQuestion(const AskedQuestion& a) {
        if (ctx_.model.questions.size() >= model::Answers::kMaxQuestions)
            throw ReadError(ctx_.model.path + ": sheet '" + ctx_.sheet() + "' takes the workbook past 65,535 survey questions, more than " +
                            "Impact reads. Keep each survey's questions in one table, one column per question.");
        model::Question q;
        q.survey = survey_;
        q.id = a.base;
        q.label = a.base;
        q.sheet = ctx_.sheet();
        for (std::size_t i : a.columns) q.columns.push_back(columns_[i].col);
        q.header = ctx_.source(ctx_.layout.headerRow, q.columns.front());
        const model::IndicatorRow* ind = findIndicator(ctx_.model, a.base);
        const Scale* scale = ind && !ind->scale.empty() ? indicatorScale(ind->scale) : nullptr;
        if (!scale) scale = scaleFromHint(a.base, ctx_.vocab);
        bool fromAnswers = false;
        if (!scale) {
            scale = scaleFromValues(valuesOf(a), ctx_.vocab);
            fromAnswers = scale && !scale->family.empty();
        }
        if (scale) q.scale = scale->id;
        if (ind) {
            q.category = ind->category;
            if (!ind->respondents.empty()) q.respondents = ind->respondents;
        }
        if (q.respondents == "pupil" && !typeFromName_.empty()) q.respondents = typeFromName_;
        ctx_.model.questions.push_back(std::move(q));
        return fromAnswers;
    }

    const Scale* indicatorScale(const std::string& named) const {
        const Scale* scale = nullptr;
        for (const auto& s : ctx_.vocab.scales)
            if (normalise(s.id) == normalise(named) || normalise(s.name) == normalise(named)) scale = &s;
        return scale ? scale : scaleFromHint(named, ctx_.vocab);
    }

    /// The scale in use, for questions whose scale their answers told (SPEC: points count from 1
    /// at the most negative label of the scale in use; the scale is the set of labels the
    /// question's answers show). A question whose answers show the middle label is on the 5-point
    /// scale; one whose answers show labels on both sides of the middle but never the middle, on
    /// the 4-point one. A question whose answers show neither (a few "Agree"s) takes what the
    /// survey's other questions of the same scale showed, else the standard 5-point scale.
    void settleScaleFamilies(const std::vector<std::size_t>& fromAnswers) {
        std::map<std::string, const Scale*> byFamily; // what the decided questions showed
        std::vector<std::size_t> undecided;
        for (std::size_t qi : fromAnswers) {
            model::Question& q = ctx_.model.questions[qi];
            std::vector<const DistinctValues*> values;
            for (const auto& qc : columns_)
                if (qc.question == qi) values.push_back(&qc.values);
            if (!gatherScaleEvidence(ctx_.vocab, q, values)) continue;
            const Scale* in = scaleInUse(ctx_.vocab, q, nullptr);
            if (!in) {
                undecided.push_back(qi);
                continue;
            }
            q.scale = in->id;
            auto [even, odd] = familyScales(ctx_.vocab, in->family);
            const Scale*& family = byFamily[in->family];
            family = family && family != in ? odd : in;
        }
        for (std::size_t qi : undecided) {
            model::Question& q = ctx_.model.questions[qi];
            auto [even, odd] = familyScales(ctx_.vocab, ctx_.vocab.scale(q.scale)->family);
            auto it = byFamily.find(odd->family);
            q.scale = (it != byFamily.end() ? it->second : odd)->id;
        }
    }

    /// Timepoints from a column: the usual words, or exactly two other values, earlier = before
    /// (by their numbers, terms or years where they show it, else in the order they first appear).
    void settleTimepointWords() {
        if (!tpCol_) return;
        std::vector<std::string> others;
        for (const auto& e : timepointValues_.entries()) {
            if (e.text.empty() || ctx_.vocab.timepointOf(e.text) != model::Timepoint::None) continue;
            if (std::find(others.begin(), others.end(), fold(e.text)) == others.end()) others.push_back(fold(e.text));
        }
        std::map<std::string, model::Timepoint> tpOther;
        if (others.size() == 2) {
            auto pair = timepointPair(others, ctx_.vocab);
            std::string first = pair ? pair->before : others[0], second = pair ? pair->after : others[1];
            tpOther[first] = model::Timepoint::Before;
            tpOther[second] = model::Timepoint::After;
            ctx_.issues.atCell(
                Severity::Info, "timepoint-order-assumed", ctx_.sheet(), ctx_.layout.headerRow, *tpCol_,
                "\"" + first + "\" was read as before and \"" + second + "\" as after" +
                    (pair && pair->how != "timepoint words" ? " (" + pair->how + ")." : ", the order they first appear in."));
        } else if (!others.empty()) {
            // Values that are no timepoint: their responses are left out, never guessed.
            std::string list;
            for (std::size_t i = 0; i < others.size() && i < 4; ++i) list += (i ? ", \"" : "\"") + others[i] + "\"";
            ctx_.issues.atCell(Severity::Warning, "timepoint-value-unknown", ctx_.sheet(), ctx_.layout.headerRow, *tpCol_,
                               "Impact cannot tell whether " + list + (others.size() > 4 ? "..." : "") +
                                   " in this column means before or after; those responses are left out of the before/after figures.",
                               "Write Before or After (or Pre/Post) in the column.");
            for (const auto& o : others) tpOther[o] = model::Timepoint::Unknown;
        }
        for (const auto& e : timepointValues_.entries()) {
            model::Timepoint said = ctx_.vocab.timepointOf(e.text);
            auto other = tpOther.find(fold(e.text));
            timepoints_.push_back(said != model::Timepoint::None ? said : other != tpOther.end() ? other->second : fromSheetName_);
        }
    }

    /// The point of each column's values on its question's scale (0: not an answer on it).
    void scoreValues() {
        for (auto& qc : columns_) {
            qc.scale = ctx_.vocab.scale(ctx_.model.questions[qc.question].scale);
            for (const auto& e : qc.values.entries()) qc.points.push_back(qc.scale ? pointOn(*qc.scale, e) : 0);
        }
    }

    static int pointOn(const Scale& scale, const DistinctValues::Entry& e) {
        if (!scale.numeric) {
            if (int point = labelPoint(scale, e.text)) return point;
            if (auto d = numberIn(e.value, e.text); d && *d >= 1 && *d <= scale.points() && *d == std::floor(*d))
                return static_cast<int>(*d);
        } else if (auto d = numberIn(e.value, e.text); d && *d >= scale.min && *d <= scale.max && *d == std::floor(*d)) {
            return static_cast<int>(*d) - scale.min + 1;
        }
        return 0;
    }

    /// The sheet's responses with their timepoints and their answers scored, in row order.
    void scoreAnswers() {
        scoreValues();
        auto& responses = ctx_.model.responses;
        if (!paired_) {
            for (std::size_t i = firstResponse_; i < responses.size(); ++i) score(responses[i], i - firstResponse_);
        } else {
            // Paired columns hold a row's before and after answers: a response per timepoint it holds.
            std::vector<model::Response> rows(std::make_move_iterator(responses.begin() + static_cast<std::ptrdiff_t>(firstResponse_)),
                                              std::make_move_iterator(responses.end()));
            responses.resize(firstResponse_);
            for (std::size_t i = 0; i < rows.size(); ++i) splitByTimepoint(rows[i], i);
        }
    }

    model::Timepoint timepointOf(std::size_t response) const {
        std::uint32_t code = timepointCodes_[response];
        return code == kNoValue ? fromSheetName_ : timepoints_[code];
    }

    /// An answer (its value number in `qc`) scored on its question's scale into `answers`, or
    /// reported at its cell if it is not on it.
    void scoreInto(model::Answers& answers, const QuestionColumn& qc, std::uint32_t code, std::uint32_t row) {
        if (!qc.scale) return;
        if (int point = qc.points[code]) {
            answers.set(qc.question, point);
            return;
        }
        const std::string& t = qc.values[code].text;
        ctx_.issues.atCell(Severity::Error, "scale-out-of-range", ctx_.sheet(), row, qc.col,
                           "\"" + t + "\" is not an answer on this question's " + qc.scale->name + " scale.",
                           qc.scale->numeric
                               ? "Answers must be whole numbers from " + std::to_string(qc.scale->min) + " to " +
                                     std::to_string(qc.scale->max) + "."
                               : "Answers must be one of the scale's labels, e.g. \"" + qc.scale->labels.back().front() + "\".");
    }

    /// The sheet's `response`-th response `r` given its timepoint and its answers scored.
    void score(model::Response& r, std::size_t response) {
        r.timepoint = timepointOf(response);
        auto codes = takeCodes();
        r.answers.reserve(
            static_cast<std::size_t>(std::count_if(codes.begin(), codes.end(), [](std::uint32_t c) { return c != kNoValue; })));
        for (std::size_t i = 0; i < codes.size(); ++i)
            if (codes[i] != kNoValue) scoreInto(r.answers, columns_[i], codes[i], r.source.row);
    }

    /// A row of paired columns: one response per timepoint its answers are for, ordered by the
    /// timepoints' words ("", "after", "before"), the order responses were always added in.
    void splitByTimepoint(model::Response& row, std::size_t response) {
        model::Timepoint tp = timepointOf(response);
        auto codes = takeCodes();
        if (std::all_of(codes.begin(), codes.end(), [](std::uint32_t c) { return c == kNoValue; })) {
            row.timepoint = tp;
            ctx_.model.responses.push_back(std::move(row));
            return;
        }
        std::map<model::Timepoint, model::Response, ByTimepointName> byTimepoint;
        for (std::size_t column = 0; column < codes.size(); ++column) {
            std::uint32_t code = codes[column];
            if (code == kNoValue) continue;
            const QuestionColumn& qc = columns_[column];
            model::Timepoint when = qc.timepoint == model::Timepoint::None ? tp : qc.timepoint;
            auto [it, fresh] = byTimepoint.try_emplace(when, row);
            it->second.timepoint = when;
            scoreInto(it->second.answers, qc, code, row.source.row);
        }
        // The row is the respondent, whoever it is.
        if (byTimepoint.size() > 1 && row.respondentKey.empty())
            for (auto& [when, r] : byTimepoint) r.respondentKey = "row:" + ctx_.sheet() + "!" + std::to_string(row.source.row + 1);
        for (auto& [when, r] : byTimepoint) ctx_.model.responses.push_back(std::move(r));
    }

    /// A survey whose respondents answer more than once with nothing telling before from after:
    /// said once, and its responses are left out of the before/after figures (timepoint
    /// "unknown") rather than reported as many duplicates or counted as "after". A respondent or
    /// two twice is a duplicate (an error the coordinator fixes), not a sign of a hidden timepoint.
    void flagUnknownTimepoints() {
        if (tpCol_ || fromSheetName_ != model::Timepoint::None) return;
        std::map<std::string, int> times;
        auto& responses = ctx_.model.responses;
        for (std::size_t i = firstResponse_; i < responses.size(); ++i) {
            const model::Response& r = responses[i];
            if (!r.respondentKey.empty() && r.timepoint == model::Timepoint::None && !r.answers.empty()) times[r.respondentKey]++;
        }
        std::size_t repeated =
            static_cast<std::size_t>(std::count_if(times.begin(), times.end(), [](const auto& t) { return t.second > 1; }));
        if (repeated < 3 || repeated * 5 < times.size()) return;
        ctx_.issues.atRow(Severity::Warning, "timepoint-unknown", ctx_.sheet(), ctx_.layout.headerRow,
                          "Impact cannot tell before from after in '" + ctx_.sheet() + "': " + std::to_string(repeated) +
                              " respondents answered more than once, and no column says when. Its before/after figures are left out.",
                          "Add a column named Timepoint holding Before or After, or name the column that says it as \"timepoint\" in the "
                          "Impact Columns sheet, or keep before and after on two sheets (\"Survey - before\", \"Survey - after\").");
        for (std::size_t i = firstResponse_; i < responses.size(); ++i)
            if (responses[i].timepoint == model::Timepoint::None) responses[i].timepoint = model::Timepoint::Unknown;
    }

    static constexpr std::uint32_t kNoValue = UINT32_MAX; ///< a blank cell

    SheetContext& ctx_;
    model::Timepoint fromSheetName_;
    std::string survey_, typeFromName_;
    std::optional<std::uint32_t> tpCol_;
    std::uint32_t identityCol_;
    std::size_t firstResponse_;
    RespondentColumns respondentColumns_;
    std::string typeOfBlank_;
    model::Group groupOfBlank_;
    std::vector<QuestionColumn> columns_;
    std::vector<AskedQuestion> asked_;
    bool paired_ = false;
    DistinctValues timepointValues_;
    std::deque<std::uint32_t> codes_;           ///< per response read, its answers' value numbers by column
    std::vector<std::uint32_t> timepointCodes_; ///< per response read, its timepoint cell's value number
    std::vector<model::Timepoint> timepoints_;  ///< per timepoint value number, what it means
};

SurveyExtractor::SurveyExtractor(SheetContext& ctx, model::Timepoint fromSheetName) : sheet_(std::make_unique<Sheet>(ctx, fromSheetName)) {}
SurveyExtractor::~SurveyExtractor() = default;
void SurveyExtractor::readRows() { sheet_->readRows(); }
void SurveyExtractor::finish() { sheet_->finish(); }

} // namespace impact::recognise
