// Surveys: questions with their scales, and responses matched by who gave them.
#include "read/cell_text.h"
#include "recognise/extract.h"
#include "recognise/profile.h"
#include "common/unicode_text.h"
#include "recognise/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
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

/// The scale a question's answers are on, from its values (labels first, then numbers).
const Scale* scaleFromValues(const read::Grid& grid, const std::vector<std::uint32_t>& rows,
                             const std::vector<std::uint32_t>& cols, const Vocabulary& vocab) {
    std::size_t filled = 0;
    std::map<const Scale*, std::size_t> labelHits;
    std::vector<double> numbers;
    for (std::uint32_t col : cols)
        for (std::uint32_t r : rows) {
            const read::Value& v = grid.at(r, col);
            if (v.empty()) continue;
            ++filled;
            std::string t = grid.text(r, col);
            if (auto d = numberIn(v, t)) {
                numbers.push_back(*d);
                continue;
            }
            for (const auto& s : vocab.scales)
                if (!s.numeric && labelPoint(s, t)) labelHits[&s]++;
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
    if (numbers.empty()) return nullptr;
    // Mostly 1-5 with a stray 7 is a 1-5 scale with a mistake, not a 1-10 scale.
    auto within = [&](int lo, int hi) {
        return static_cast<double>(std::count_if(numbers.begin(), numbers.end(), [&](double d) { return d >= lo && d <= hi; }));
    };
    double n = static_cast<double>(numbers.size());
    double minV = *std::min_element(numbers.begin(), numbers.end());
    if (within(1, 5) / n >= 0.9) return vocab.scale("numeric1_5");
    if (within(0, 10) / n >= 0.9) return vocab.scale(minV < 1 ? "numeric0_10" : "numeric1_10");
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
std::set<int> pointsShown(const read::Grid& grid, const std::vector<std::uint32_t>& rows, const std::vector<std::uint32_t>& cols,
                          const Scale& scale) {
    std::set<int> shown;
    for (std::uint32_t col : cols)
        for (std::uint32_t r : rows)
            if (int p = labelPoint(scale, grid.text(r, col))) shown.insert(p);
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
bool gatherScaleEvidence(SheetContext& ctx, model::Question& q, const std::vector<std::uint32_t>& cols) {
    auto [even, odd] = familyScales(ctx.vocab, ctx.vocab.scale(q.scale)->family);
    if (!even || !odd) return false;
    std::set<int> shown = pointsShown(ctx.grid, ctx.dataRows(), cols, *odd);
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

/// Moves a question to another scale of its family, and the answers already read with it.
void rescale(SheetContext& ctx, std::size_t question, const Scale* to) {
    model::Question& q = ctx.model.questions[question];
    const Scale* from = ctx.vocab.scale(q.scale);
    if (from == to) return;
    q.scale = to->id;
    int step = to->points() - from->points(), half = std::min(from->points(), to->points()) / 2;
    for (auto& r : ctx.model.responses)
        if (auto it = r.answers.find(question); it != r.answers.end() && it->second > half) it->second += step;
}

/// The scale in use, for questions whose scale their answers told (SPEC: points count from 1 at
/// the most negative label of the scale in use; the scale is the set of labels the question's
/// answers show). A question whose answers show the middle label is on the 5-point scale; one
/// whose answers show labels on both sides of the middle but never the middle, on the 4-point
/// one. A question whose answers show neither (a few "Agree"s) takes what the survey's other
/// questions of the same scale showed, else the standard 5-point scale.
void settleScaleFamilies(SheetContext& ctx, const std::vector<std::size_t>& fromAnswers) {
    std::map<std::string, const Scale*> byFamily; // what the decided questions showed
    std::vector<std::size_t> undecided;
    for (std::size_t qi : fromAnswers) {
        model::Question& q = ctx.model.questions[qi];
        if (!gatherScaleEvidence(ctx, q, q.columns)) continue;
        const Scale* in = scaleInUse(ctx.vocab, q, nullptr);
        if (!in) {
            undecided.push_back(qi);
            continue;
        }
        q.scale = in->id;
        auto [even, odd] = familyScales(ctx.vocab, in->family);
        const Scale*& family = byFamily[in->family];
        family = family && family != in ? odd : in;
    }
    for (std::size_t qi : undecided) {
        model::Question& q = ctx.model.questions[qi];
        auto [even, odd] = familyScales(ctx.vocab, ctx.vocab.scale(q.scale)->family);
        auto it = byFamily.find(odd->family);
        q.scale = (it != byFamily.end() ? it->second : odd)->id;
    }
}

/// A question met again on another sheet of its survey (its after sheet): what its answers
/// there show may settle its scale, and the answers already read move with it (Agree 3 → 4).
void settleOnAnotherSheet(SheetContext& ctx, std::size_t question, const std::vector<std::uint32_t>& cols) {
    model::Question& q = ctx.model.questions[question];
    if (!q.scaleEvidence.fromAnswers || !gatherScaleEvidence(ctx, q, cols)) return;
    rescale(ctx, question, scaleInUse(ctx.vocab, q, ctx.vocab.scale(q.scale)));
}

/// Orders timepoints by their words, as the responses of one row are added.
struct ByTimepointName {
    bool operator()(model::Timepoint a, model::Timepoint b) const { return model::timepointName(a) < model::timepointName(b); }
};

struct QuestionColumn {
    std::size_t question;
    model::Timepoint timepoint = model::Timepoint::None; ///< for paired columns
};

/// A survey whose respondents answer more than once with nothing telling before from after: said
/// once, and its responses are left out of the before/after figures (timepoint "unknown")
/// rather than reported as many duplicates or counted as "after". A respondent or two twice is a
/// duplicate (an error the coordinator fixes), not a sign of a hidden timepoint.
void flagUnknownTimepoints(SheetContext& ctx, std::size_t firstResponse, bool hasTimepointSource) {
    if (hasTimepointSource) return;
    std::map<std::string, int> times;
    for (std::size_t i = firstResponse; i < ctx.model.responses.size(); ++i) {
        const model::Response& r = ctx.model.responses[i];
        if (!r.respondentKey.empty() && r.timepoint == model::Timepoint::None && !r.answers.empty()) times[r.respondentKey]++;
    }
    std::size_t repeated = static_cast<std::size_t>(std::count_if(times.begin(), times.end(), [](const auto& t) { return t.second > 1; }));
    if (repeated < 3 || repeated * 5 < times.size()) return;
    ctx.issues.atRow(Severity::Warning, "timepoint-unknown", ctx.sheet(), ctx.layout.headerRow,
                     "Impact cannot tell before from after in '" + ctx.sheet() + "': " + std::to_string(repeated) +
                         " respondents answered more than once, and no column says when. Its before/after figures are left out.",
                     "Add a column named Timepoint holding Before or After, or name the column that says it as \"timepoint\" in the "
                     "Impact Columns sheet, or keep before and after on two sheets (\"Survey - before\", \"Survey - after\").");
    for (std::size_t i = firstResponse; i < ctx.model.responses.size(); ++i)
        if (ctx.model.responses[i].timepoint == model::Timepoint::None) ctx.model.responses[i].timepoint = model::Timepoint::Unknown;
}

} // namespace

void extractSurvey(SheetContext& ctx, model::Timepoint fromSheetName) {
    const auto& rows = ctx.dataRows();
    std::string survey = surveyName(ctx.sheet(), ctx.vocab);
    // "Teacher survey", "Staff CPD feedback": who answers, from the sheet's name.
    std::string typeFromName;
    for (const auto& word : [&] {
             std::vector<std::string> words;
             std::string n = normalise(ctx.sheet()), w;
             for (char c : n + " ") {
                 if (c == ' ') { if (!w.empty()) words.push_back(w); w.clear(); }
                 else w += c;
             }
             return words;
         }()) {
        std::string t = word == "cpd" ? "teacher" : ctx.vocab.respondentTypeOf(word);
        if (!t.empty() && typeFromName.empty()) typeFromName = t;
    }

    // Questions: one per column, or one per pair of "(before)"/"(after)" columns.
    std::map<std::uint32_t, QuestionColumn> columns;
    // Questions in column order, each with its column(s) and their timepoints.
    std::vector<std::pair<std::string, std::vector<std::pair<std::uint32_t, model::Timepoint>>>> byBase;
    auto slot = [&](const std::string& base) -> std::vector<std::pair<std::uint32_t, model::Timepoint>>& {
        for (auto& [b, cols] : byBase)
            if (normalise(b) == normalise(base)) return cols;
        byBase.push_back({base, {}});
        return byBase.back().second;
    };
    for (std::uint32_t col : ctx.layout.questionColumns) {
        std::string header = ctx.layout.columnAt(col)->header;
        if (auto split = splitTimepointSuffix(header, ctx.vocab.timepointWords()))
            slot(split->base).push_back({col, ctx.vocab.timepointOf(split->timepoint)});
        else
            slot(header).push_back({col, model::Timepoint::None});
    }
    std::vector<std::size_t> scaleFromAnswers; // questions whose scale their answers told
    for (const auto& [base, cols] : byBase) {
        // Same question on another sheet of this survey (before/after sheets): the same question.
        std::size_t index = ctx.model.questions.size();
        for (std::size_t i = 0; i < ctx.model.questions.size(); ++i)
            if (ctx.model.questions[i].survey == survey && normalise(ctx.model.questions[i].id) == normalise(base)) index = i;
        if (index == ctx.model.questions.size()) {
            model::Question q;
            q.survey = survey;
            q.id = base;
            q.label = base;
            q.sheet = ctx.sheet();
            std::vector<std::uint32_t> cs;
            for (const auto& c : cols) cs.push_back(c.first);
            q.columns = cs;
            q.header = ctx.source(ctx.layout.headerRow, cs.front());
            const model::IndicatorRow* ind = findIndicator(ctx.model, base);
            const Scale* scale = nullptr;
            if (ind && !ind->scale.empty()) {
                for (const auto& s : ctx.vocab.scales)
                    if (normalise(s.id) == normalise(ind->scale) || normalise(s.name) == normalise(ind->scale)) scale = &s;
                if (!scale) scale = scaleFromHint(ind->scale, ctx.vocab);
            }
            if (!scale) scale = scaleFromHint(base, ctx.vocab);
            if (!scale) {
                scale = scaleFromValues(ctx.grid, rows, cs, ctx.vocab);
                if (scale && !scale->family.empty()) scaleFromAnswers.push_back(index);
            }
            if (scale) q.scale = scale->id;
            if (ind) {
                q.category = ind->category;
                if (!ind->respondents.empty()) q.respondents = ind->respondents;
            }
            if (q.respondents == "pupil" && !typeFromName.empty()) q.respondents = typeFromName;
            ctx.model.questions.push_back(std::move(q));
        } else {
            std::vector<std::uint32_t> cs;
            for (const auto& c : cols) cs.push_back(c.first);
            settleOnAnotherSheet(ctx, index, cs);
        }
        for (const auto& c : cols) columns[c.first] = {index, c.second};
        if (!ctx.model.questions[index].scale.empty() || !cols.empty()) {
            if (ctx.model.questions[index].scale.empty())
                ctx.issues.atCell(Severity::Warning, "scale-unknown", ctx.sheet(), ctx.layout.headerRow, cols.front().first,
                                  "Impact cannot tell which scale the answers to \"" + base + "\" are on.",
                                  "Use the scale's labels (e.g. Not at all confident ... Extremely confident) or numbers 1-5, "
                                  "or give the scale in the indicators sheet.");
        }
    }

    settleScaleFamilies(ctx, scaleFromAnswers);

    // Timepoints from a column: the usual words, or exactly two other values, earlier = before
    // (by their numbers, terms or years where they show it, else in the order they first appear).
    auto tpCol = ctx.layout.column("timepoint");
    std::map<std::string, model::Timepoint> tpOther;
    if (tpCol) {
        std::vector<std::string> others;
        for (std::uint32_t r : rows) {
            std::string t = ctx.grid.text(r, *tpCol);
            if (t.empty() || ctx.vocab.timepointOf(t) != model::Timepoint::None) continue;
            if (std::find(others.begin(), others.end(), fold(t)) == others.end()) others.push_back(fold(t));
        }
        if (others.size() == 2) {
            auto pair = timepointPair(others, ctx.vocab);
            std::string first = pair ? pair->before : others[0], second = pair ? pair->after : others[1];
            tpOther[first] = model::Timepoint::Before;
            tpOther[second] = model::Timepoint::After;
            ctx.issues.atCell(Severity::Info, "timepoint-order-assumed", ctx.sheet(), ctx.layout.headerRow, *tpCol,
                              "\"" + first + "\" was read as before and \"" + second + "\" as after" +
                                  (pair && pair->how != "timepoint words" ? " (" + pair->how + ")." : ", the order they first appear in."));
        } else if (!others.empty()) {
            // Values that are no timepoint: their responses are left out, never guessed.
            std::string list;
            for (std::size_t i = 0; i < others.size() && i < 4; ++i) list += (i ? ", \"" : "\"") + others[i] + "\"";
            ctx.issues.atCell(Severity::Warning, "timepoint-value-unknown", ctx.sheet(), ctx.layout.headerRow, *tpCol,
                              "Impact cannot tell whether " + list + (others.size() > 4 ? "..." : "") +
                                  " in this column means before or after; those responses are left out of the before/after figures.",
                              "Write Before or After (or Pre/Post) in the column.");
            for (const auto& o : others) tpOther[o] = model::Timepoint::Unknown;
        }
    }

    std::size_t firstResponse = ctx.model.responses.size();
    std::uint32_t identityCol = ctx.layout.column("pupil_id").value_or(
        ctx.layout.column("email").value_or(ctx.layout.column("pupil_name").value_or(ctx.layout.questionColumns.front())));
    for (std::uint32_t row : rows) {
        model::Response base;
        base.survey = survey;
        std::string id = ctx.text(row, "pupil_id");
        std::string email = ctx.text(row, "email");
        base.respondentName = ctx.text(row, "pupil_name");
        base.school = ctx.text(row, "school");
        base.schoolCell = ctx.source(row, ctx.layout.column("school").value_or(0));
        // Identity per SPEC: pupil ID, email or name, never the form's response number.
        if (!id.empty()) base.respondentKey = "id:" + fold(id);
        else if (!email.empty() && email.find('@') != std::string::npos) base.respondentKey = "email:" + fold(email);
        else base.respondentKey = pupilKey("", base.respondentName, base.school);
        std::string type = ctx.vocab.respondentTypeOf(ctx.text(row, "respondent_type"));
        if (!type.empty()) base.respondentType = type;
        else if (!typeFromName.empty()) base.respondentType = typeFromName;
        base.group = ctx.vocab.groupOf(ctx.text(row, "group"));
        base.comment = ctx.text(row, "comment");
        if (auto c = ctx.layout.column("consent")) base.consentToQuote = ctx.yesNo(row, *c).value_or(false);
        base.yearGroup = ctx.text(row, "year_group");
        base.source = ctx.source(row, identityCol);
        model::Timepoint tp = fromSheetName;
        if (tpCol) {
            std::string t = ctx.grid.text(row, *tpCol);
            model::Timepoint said = ctx.vocab.timepointOf(t);
            if (said != model::Timepoint::None) tp = said;
            else if (tpOther.count(fold(t))) tp = tpOther[fold(t)];
        }
        // One response per timepoint this row holds (two for paired before/after columns).
        // Ordered by the timepoints' words ("", "after", "before"), the order responses were always added in.
        std::map<model::Timepoint, model::Response, ByTimepointName> byTimepoint;
        for (const auto& [col, qc] : columns) {
            const read::Value& v = ctx.grid.at(row, col);
            if (v.empty()) continue;
            model::Timepoint when = qc.timepoint == model::Timepoint::None ? tp : qc.timepoint;
            auto [it, fresh] = byTimepoint.try_emplace(when, base);
            it->second.timepoint = when;
            model::Question& q = ctx.model.questions[qc.question];
            const Scale* scale = ctx.vocab.scale(q.scale);
            if (!scale) continue;
            std::string t = ctx.grid.text(row, col);
            int point = 0;
            if (!scale->numeric) {
                point = labelPoint(*scale, t);
                if (!point) {
                    if (auto d = numberIn(v, t); d && *d >= 1 && *d <= scale->points() && *d == std::floor(*d)) point = static_cast<int>(*d);
                }
            } else if (auto d = numberIn(v, t); d && *d >= scale->min && *d <= scale->max && *d == std::floor(*d)) {
                point = static_cast<int>(*d) - scale->min + 1;
            }
            if (!point) {
                ctx.issues.atCell(Severity::Error, "scale-out-of-range", ctx.sheet(), row, col,
                                  "\"" + t + "\" is not an answer on this question's " + scale->name + " scale.",
                                  scale->numeric ? "Answers must be whole numbers from " + std::to_string(scale->min) + " to " +
                                                       std::to_string(scale->max) + "."
                                                 : "Answers must be one of the scale's labels, e.g. \"" + scale->labels.back().front() + "\".");
                continue;
            }
            it->second.answers[qc.question] = point;
        }
        if (byTimepoint.empty()) {
            // A response with only a comment still counts as a response (for quotes).
            if (!base.comment.empty()) {
                base.timepoint = tp;
                ctx.model.responses.push_back(std::move(base));
            }
            continue;
        }
        // Paired columns hold both answers in one row: the row is the respondent, whoever it is.
        if (byTimepoint.size() > 1 && base.respondentKey.empty())
            for (auto& [when, r] : byTimepoint) r.respondentKey = "row:" + ctx.sheet() + "!" + std::to_string(row + 1);
        for (auto& [when, r] : byTimepoint) ctx.model.responses.push_back(std::move(r));
    }
    flagUnknownTimepoints(ctx, firstResponse, tpCol.has_value() || fromSheetName != model::Timepoint::None);
}

} // namespace impact::recognise
