#include "analyse/indicators.h"

#include "analyse/stats.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

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

/// Answers by respondent number; NaN where the respondent gave none.
using ByRespondent = std::vector<double>;

Paired pairUp(const ByRespondent& before, const ByRespondent& after, double top) {
    Paired p;
    for (std::size_t who = 0; who < before.size(); ++who)
        if (!std::isnan(before[who]) && !std::isnan(after[who])) p.add(before[who], after[who], top);
    return p;
}

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

std::optional<double> share(const std::vector<double>& xs, const std::function<bool(double)>& pred) {
    if (xs.empty()) return std::nullopt;
    return static_cast<double>(std::count_if(xs.begin(), xs.end(), pred)) / static_cast<double>(xs.size());
}

} // namespace

IndicatorResult computeQuestion(const model::WorkbookModel& model, std::size_t qi, const recognise::Vocabulary& vocab,
                                const model::ResponseIndex& respondents) {
    const model::Question& q = model.questions[qi];
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
            r.pointLabels.push_back(scale->numeric ? std::to_string(p + static_cast<int>(offset)) : scale->labels[static_cast<std::size_t>(p - 1)].front());
        r.distributionBefore.assign(static_cast<std::size_t>(points), 0);
        r.distributionAfter.assign(static_cast<std::size_t>(points), 0);
    }
    bool hasGroups = std::any_of(model.responses.begin(), model.responses.end(), [&](const model::Response& x) {
        return x.group == model::Group::Comparison && x.survey == q.survey;
    });
    std::vector<double> before, after;
    const double none = std::numeric_limits<double>::quiet_NaN();
    ByRespondent pb(respondents.respondentCount(), none), pa(pb), cb(hasGroups ? pb : ByRespondent()), ca(cb); // project and comparison
    std::size_t ri = 0;
    for (auto at = model.responses.begin(); at != model.responses.end(); ++at, ++ri) {
        const model::Response& resp = *at;
        auto it = resp.answers.find(qi);
        if (it == resp.answers.end()) continue;
        if (resp.timepoint == model::Timepoint::Unknown) {
            r.nullReason = "Impact cannot tell before from after in this survey (see the data issues).";
            continue;
        }
        bool comparison = hasGroups && resp.group == model::Group::Comparison;
        // A survey without timepoints is post-only: its answers are "after".
        bool isBefore = resp.timepoint == model::Timepoint::Before;
        double v = it->second + offset;
        if (!comparison) {
            (isBefore ? before : after).push_back(v);
            if (scale) (isBefore ? r.distributionBefore : r.distributionAfter)[static_cast<std::size_t>(it->second - 1)]++;
        }
        std::uint32_t who = respondents.respondent(ri);
        if (who == model::ResponseIndex::kNone) continue;
        auto& target = comparison ? (isBefore ? cb : ca) : (isBefore ? pb : pa);
        if (std::isnan(target[who])) target[who] = v; // the first response counts (duplicates are errors)
    }
    r.nBefore = before.size();
    r.nAfter = after.size();
    r.meanBefore = mean(before);
    r.meanAfter = mean(after);
    if (scale && points >= 2) {
        double top = points + offset, bottom = 1 + offset;
        r.top2Before = share(before, [&](double v) { return v >= top - 1; });
        r.top2After = share(after, [&](double v) { return v >= top - 1; });
        r.bottomBefore = share(before, [&](double v) { return v <= bottom; });
        r.bottomAfter = share(after, [&](double v) { return v <= bottom; });
        if (r.top2Before && r.top2After) r.top2ChangePp = (*r.top2After - *r.top2Before) * 100.0;
        setPaired(r, pairUp(pb, pa, top));
        if (hasGroups) {
            Paired c = pairUp(cb, ca, top);
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
