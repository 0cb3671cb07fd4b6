#include "analyse/indicators.h"

#include "analyse/stats.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>

namespace impact::analyse {

namespace {

struct Paired {
    std::vector<double> changes;
    std::size_t withHeadroom = 0, improved = 0;
    /// A respondent's before and after answers, paired (by identity, never by response number).
    void add(double before, double after, double top) {
        changes.push_back(after - before);
        if (before < top) {
            ++withHeadroom;
            if (after > before) ++improved;
        }
    }
};

Paired pairUp(const std::map<std::string, double>& before, const std::map<std::string, double>& after, double top) {
    Paired p;
    for (const auto& [who, b] : before)
        if (auto it = after.find(who); it != after.end()) p.add(b, it->second, top);
    return p;
}

void setPaired(IndicatorResult& r, const Paired& p) {
    r.nMatched = p.changes.size();
    r.meanChange = mean(p.changes);
    if (p.withHeadroom) r.improvedWithHeadroom = static_cast<double>(p.improved) / static_cast<double>(p.withHeadroom);
    if (r.nBefore) r.matchRate = static_cast<double>(r.nMatched) / static_cast<double>(r.nBefore);
    if (p.changes.size() >= kMinimumPairs) {
        r.ci95 = ci95(p.changes, kMinimumPairs);
        auto sd = sampleSd(p.changes);
        if (sd && *sd > 0) r.effectSize = *r.meanChange / *sd;
    }
}

} // namespace

QuestionAnswers::QuestionAnswers(const model::WorkbookModel& model, const recognise::Vocabulary& vocab,
                                 const model::ResponseIndex& respondents)
    : byQuestion_(model.questions.size()) {
    // A survey's respondents are numbered together (by survey, then key): each question keeps
    // the points of its survey's range of respondents only.
    std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> range; // survey → [first, last] respondent
    std::set<std::string> comparing;                                      // surveys with a comparison group
    for (std::size_t i = 0; i < model.responses.size(); ++i) {
        const model::Response& r = model.responses[i];
        if (r.group == model::Group::Comparison) comparing.insert(r.survey);
        if (std::uint32_t who = respondents.respondent(i); who != model::ResponseIndex::kNone) {
            auto [it, fresh] = range.try_emplace(r.survey, who, who);
            it->second.first = std::min(it->second.first, who);
            it->second.second = std::max(it->second.second, who);
        }
    }
    for (std::size_t qi = 0; qi < model.questions.size(); ++qi) {
        const model::Question& q = model.questions[qi];
        Tally& t = byQuestion_[qi];
        const recognise::Scale* scale = vocab.scale(q.scale);
        const std::size_t points = scale ? static_cast<std::size_t>(scale->points()) : 0;
        t.before.assign(points, 0);
        t.after.assign(points, 0);
        t.hasGroups = comparing.count(q.survey) > 0;
        if (auto it = range.find(q.survey); it != range.end()) {
            t.firstRespondent = it->second.first;
            std::size_t n = it->second.second - it->second.first + 1;
            for (int g = 0; g < (t.hasGroups ? 2 : 1); ++g)
                for (auto* by : {&t.firstBefore[g], &t.firstAfter[g]}) by->assign(n, 0);
        }
    }
    std::size_t i = 0;
    for (auto at = model.responses.begin(); at != model.responses.end(); ++at, ++i) add(*at, respondents.respondent(i));
}

void QuestionAnswers::add(const model::Response& r, std::uint32_t who) {
    for (const auto& [qi, point] : r.answers) {
        Tally& t = byQuestion_[qi];
        if (r.timepoint == model::Timepoint::Unknown) {
            t.unknownTimepoint = true;
            continue;
        }
        if (point < 1 || static_cast<std::size_t>(point) > t.before.size()) continue; // answers are scored on the question's scale
        bool comparison = t.hasGroups && r.group == model::Group::Comparison;
        // A survey without timepoints is post-only: its answers are "after".
        bool isBefore = r.timepoint == model::Timepoint::Before;
        if (!comparison) (isBefore ? t.before : t.after)[static_cast<std::size_t>(point - 1)]++;
        if (who == model::ResponseIndex::kNone) continue;
        auto& first = (isBefore ? t.firstBefore : t.firstAfter)[comparison ? 1 : 0][who - t.firstRespondent];
        if (first == 0) first = static_cast<std::int8_t>(point); // the first response counts (duplicates are errors)
    }
}

namespace {

/// How many answers a distribution holds, their mean (the scale's own numbers: points + offset),
/// and the share of them `pred` holds for: from counts by point, the same figures as from the
/// answers one by one (their sums are whole numbers, exact in any order).
std::size_t countOf(const std::vector<std::size_t>& byPoint) { return std::accumulate(byPoint.begin(), byPoint.end(), std::size_t{0}); }

std::optional<double> meanOf(const std::vector<std::size_t>& byPoint, double offset) {
    std::size_t n = countOf(byPoint);
    if (n == 0) return std::nullopt;
    double sum = 0;
    for (std::size_t p = 0; p < byPoint.size(); ++p) sum += (static_cast<double>(p + 1) + offset) * static_cast<double>(byPoint[p]);
    return sum / static_cast<double>(n);
}

std::optional<double> shareOf(const std::vector<std::size_t>& byPoint, double offset, const std::function<bool(double)>& pred) {
    std::size_t n = countOf(byPoint), in = 0;
    if (n == 0) return std::nullopt;
    for (std::size_t p = 0; p < byPoint.size(); ++p)
        if (pred(static_cast<double>(p + 1) + offset)) in += byPoint[p];
    return static_cast<double>(in) / static_cast<double>(n);
}

Paired pairUp(const std::vector<std::int8_t>& before, const std::vector<std::int8_t>& after, double offset, double top) {
    Paired p;
    for (std::size_t who = 0; who < before.size(); ++who)
        if (before[who] && after[who]) p.add(before[who] + offset, after[who] + offset, top);
    return p;
}

} // namespace

IndicatorResult computeQuestion(const model::WorkbookModel& model, std::size_t qi, const recognise::Vocabulary& vocab,
                                const QuestionAnswers& answers) {
    const model::Question& q = model.questions[qi];
    const QuestionAnswers::Tally& t = answers.of(qi);
    IndicatorResult r;
    r.id = q.id;
    r.label = q.label;
    r.sheet = q.sheet;
    r.survey = q.survey;
    r.respondents = q.respondents;
    r.scale = q.scale;
    r.suggested = q.categorySuggested;
    const recognise::Scale* scale = vocab.scale(q.scale);
    int points = scale ? scale->points() : 0;
    // Values in the scale's own numbers (0-10 stays 0-10); points count from 1.
    double offset = scale && scale->numeric ? scale->min - 1 : 0;
    if (scale) {
        for (int p = 1; p <= points; ++p)
            r.pointLabels.push_back(scale->numeric ? std::to_string(p + static_cast<int>(offset))
                                                   : scale->labels[static_cast<std::size_t>(p - 1)].front());
        r.distributionBefore.assign(t.before.begin(), t.before.end());
        r.distributionAfter.assign(t.after.begin(), t.after.end());
    }
    if (t.unknownTimepoint) r.nullReason = "Impact cannot tell before from after in this survey (see the data issues).";
    r.nBefore = countOf(t.before);
    r.nAfter = countOf(t.after);
    r.meanBefore = meanOf(t.before, offset);
    r.meanAfter = meanOf(t.after, offset);
    if (scale && points >= 2) {
        double top = points + offset, bottom = 1 + offset;
        r.top2Before = shareOf(t.before, offset, [&](double v) { return v >= top - 1; });
        r.top2After = shareOf(t.after, offset, [&](double v) { return v >= top - 1; });
        r.bottomBefore = shareOf(t.before, offset, [&](double v) { return v <= bottom; });
        r.bottomAfter = shareOf(t.after, offset, [&](double v) { return v <= bottom; });
        if (r.top2Before && r.top2After) r.top2ChangePp = (*r.top2After - *r.top2Before) * 100.0;
        setPaired(r, pairUp(t.firstBefore[0], t.firstAfter[0], offset, top));
        if (t.hasGroups) {
            Paired c = pairUp(t.firstBefore[1], t.firstAfter[1], offset, top);
            Comparison comp;
            comp.nMatched = c.changes.size();
            comp.meanChange = mean(c.changes);
            if (r.meanChange && comp.meanChange) comp.difference = *r.meanChange - *comp.meanChange;
            r.comparison = comp;
        }
    }
    return r;
}

IndicatorResult computeAssessment(const model::WorkbookModel& model, const std::string& assessment) {
    IndicatorResult r;
    r.id = assessment;
    r.label = assessment;
    r.respondents = "pupil";
    r.scale = "score";
    r.isAssessment = true;
    std::vector<double> before, after;
    std::map<std::string, double> pb, pa;
    double maxScore = 0;
    for (const auto& a : model.assessments) {
        if (a.assessment != assessment) continue;
        r.sheet = a.source.sheet;
        if (a.max) maxScore = std::max(maxScore, *a.max);
        if (a.before) {
            before.push_back(*a.before);
            pb.emplace(a.pupilKey, *a.before);
        }
        if (a.after) {
            after.push_back(*a.after);
            pa.emplace(a.pupilKey, *a.after);
        }
    }
    r.nBefore = before.size();
    r.nAfter = after.size();
    r.meanBefore = mean(before);
    r.meanAfter = mean(after);
    setPaired(r, pairUp(pb, pa, maxScore > 0 ? maxScore : INFINITY));
    return r;
}

} // namespace impact::analyse
