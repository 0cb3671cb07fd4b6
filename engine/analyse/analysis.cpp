#include "analyse/analysis.h"

#include "analyse/funding.h"
#include "analyse/indicators.h"
#include "analyse/reach.h"
#include "analyse/school_directory.h"
#include "common/unicode_text.h"
#include "read/cell.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace impact::analyse {

namespace {

/// Evidence strength per SPEC: weak (post-only, or fewer than 10 matched), moderate (matched
/// before/after), strong (matched before/after with a comparison group).
Evidence strengthOf(const IndicatorResult& r) {
    if (r.nBefore == 0 && r.nAfter == 0) return Evidence::None;
    if (r.nMatched < kMinimumPairs) return Evidence::Weak;
    if (r.comparison && r.comparison->nMatched > 0) return Evidence::Strong;
    return Evidence::Moderate;
}

std::string quoteAttribution(const model::Response& r, const SchoolDirectory& schools) {
    std::string role = r.quote->respondentType.empty() ? "respondent" : r.quote->respondentType;
    std::string year = fold(r.quote->yearGroup);
    if (!year.empty() && role == "pupil") {
        if (year.rfind("year", 0) == 0) year = year.substr(4);
        while (!year.empty() && year.front() == ' ') year.erase(0, 1);
        role = "Year " + year + " pupil";
    } else if (!role.empty()) {
        role[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(role[0])));
    }
    if (r.school.empty()) return role;
    std::string sector = schools.sector(r.school);
    if (sector == "state" || sector == "independent") return role + ", " + sector + " school";
    return role;
}

} // namespace

const char* evidenceName(Evidence e) {
    switch (e) {
    case Evidence::Weak: return "weak";
    case Evidence::Moderate: return "moderate";
    case Evidence::Strong: return "strong";
    case Evidence::None: break;
    }
    return "none";
}

const IndicatorResult* strongestIndicator(const CategoryResult& c) {
    const IndicatorResult* best = nullptr;
    double bestScore = 0;
    for (const auto& i : c.indicators) {
        double score = i.top2ChangePp ? *i.top2ChangePp : i.meanChange ? *i.meanChange * 10 : -1e299;
        if (!best || score > bestScore) best = &i, bestScore = score;
    }
    return best;
}

Analysis analyse(const model::WorkbookModel& model, const recognise::Vocabulary& vocab) {
    Analysis a;
    a.settings = model.settings;
    SchoolDirectory schools(model, vocab);
    const model::ResponseIndex& respondents = model.respondents();
    QuestionAnswers answers(model, vocab, respondents);
    a.reach = computeReach(model, schools);
    a.funding = computeFunding(model, a.reach, schools);
    // Each school's contribution beside what its pupils received: "is it mutual?"
    for (auto& sr : a.reach.bySchool)
        for (const auto& c : a.funding.byContributor)
            if (fold(c.contributor) == fold(sr.school)) sr.contribution = c.cash + c.inKind;

    for (const auto& cat : vocab.categories) {
        CategoryResult cr;
        cr.id = cat.id;
        cr.name = cat.name;
        cr.shortName = cat.shortName;
        for (std::size_t qi = 0; qi < model.questions.size(); ++qi)
            if (model.questions[qi].category == cat.id) cr.indicators.push_back(computeQuestion(model, qi, vocab, answers));
        std::set<std::string> assessments;
        for (const auto& r : model.assessments) assessments.insert(r.assessment);
        for (const auto& name : assessments) {
            int category = 1; // what a pupil knows, unless the indicators sheet says otherwise
            for (const auto& ind : model.indicators)
                if (ind.category && normalise(ind.name) == normalise(name)) category = *ind.category;
            if (category == cat.id) cr.indicators.push_back(computeAssessment(model, name));
        }
        for (const auto& ind : cr.indicators) {
            cr.evidence = std::max(cr.evidence, strengthOf(ind));
            std::string src = ind.isAssessment ? "assessment" : "survey";
            if (std::find(cr.sources.begin(), cr.sources.end(), src) == cr.sources.end()) cr.sources.push_back(src);
        }
        // Categories 5 and 6 are largely computed from attendance and funding records: facts
        // about the partnership, not a measured change, so they count as weak evidence alone.
        if (cat.id == 5 && a.reach.schools > 0) {
            cr.sources.push_back("attendance");
            if (cr.evidence == Evidence::None) cr.evidence = Evidence::Weak;
        }
        if (cat.id == 6 && !model.contributions.empty()) {
            cr.sources.push_back("funding");
            if (cr.evidence == Evidence::None) cr.evidence = Evidence::Weak;
        }
        a.categories.push_back(std::move(cr));
    }

    for (const auto& r : model.responses)
        if (r.quote) a.quotes.push_back({r.quote->comment, quoteAttribution(r, schools)});

    bool anyAfter = std::any_of(model.responses.begin(), model.responses.end(),
                                [](const model::Response& r) { return r.timepoint == model::Timepoint::After; });
    for (std::size_t i = 0; i < model.responses.size(); ++i)
        if (const auto& r = model.responses[i]; r.timepoint == model::Timepoint::Before && !r.respondentKey.empty() && anyAfter &&
                                                respondents.sameRespondent(i, model::Timepoint::After).empty())
            a.unmatched.push_back(
                {r.survey, r.source.sheet, read::cellName(r.source.row, r.source.col), std::string(model::timepointName(r.timepoint))});
    return a;
}

} // namespace impact::analyse
