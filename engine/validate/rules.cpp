#include "validate/rules.h"
#include "model/response_index.h"

#include "common/unicode_text.h"
#include "recognise/extract.h"
#include "recognise/text.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace impact::validate {

std::optional<int> suggestCategory(const std::string& question, const std::string& respondents, const recognise::Vocabulary& vocab) {
    std::string q = " " + fold(question) + " ";
    for (const auto& rule : vocab.suggest) {
        if (std::find(rule.respondents.begin(), rule.respondents.end(), respondents) == rule.respondents.end()) continue;
        for (const auto& phrase : rule.phrases)
            if (q.find(phrase) != std::string::npos) return rule.category;
    }
    return std::nullopt;
}

void suggestCategories(model::WorkbookModel& model, const recognise::Vocabulary& vocab, model::IssueList& issues) {
    for (auto& q : model.questions) {
        if (q.category) continue;
        auto suggestion = suggestCategory(q.label, q.respondents, vocab);
        if (suggestion) {
            q.category = suggestion;
            q.categorySuggested = true;
            issues.atCell(model::Severity::Info, "indicator-suggested", q.header.sheet, q.header.row, q.header.col,
                          "\"" + q.label + "\" (" + q.respondents + "s) was placed in category " + std::to_string(*suggestion) + " (" +
                              vocab.category(*suggestion)->shortName + ").",
                          model.hasIndicatorsSheet ? "Add it to the indicators sheet to confirm or change it."
                                                   : "Check the proposed indicators sheet Impact writes, and change it if needed.");
        } else {
            issues.atCell(model::Severity::Warning, "question-unplaced", q.header.sheet, q.header.row, q.header.col,
                          "Impact cannot tell which impact category \"" + q.label + "\" belongs to, so it is not in the reports.",
                          "Add it to an indicators sheet with its category (1-6).");
        }
    }
}

namespace {

bool countsAsResponse(const model::Response& r) {
    return !r.respondentKey.empty() && !r.answers.empty() && r.timepoint != model::Timepoint::Unknown;
}

void duplicateResponses(const model::WorkbookModel& model, const model::ResponseIndex& index, model::IssueList& issues) {
    for (std::size_t i = 0; i < model.responses.size(); ++i) {
        const model::Response& r = model.responses[i];
        if (!countsAsResponse(r)) continue;
        std::string when(model::timepointName(r.timepoint));
        auto same = index.sameRespondent(i, r.timepoint);
        auto firstAt = std::find_if(same.begin(), same.end(), [&](std::uint32_t j) { return countsAsResponse(model.responses[j]); });
        if (*firstAt == i) continue;
        const model::Response& first = model.responses[*firstAt];
        issues.atCell(model::Severity::Error, "duplicate-response", r.source.sheet, r.source.row, r.source.col,
                      "Row " + std::to_string(r.source.row + 1) + " is a second " + (when.empty() ? "" : when + " ") +
                          "response from the same respondent (the first is row " + std::to_string(first.source.row + 1) +
                          (first.source.sheet != r.source.sheet ? " of '" + first.source.sheet + "'" : "") + ").",
                      "Delete the duplicate row, or correct the respondent's ID if it is someone else.");
    }
}

void unmatchedBefore(const model::WorkbookModel& model, const model::ResponseIndex& index, model::IssueList& issues) {
    std::set<std::string> surveysWithAfter;
    for (const auto& r : model.responses)
        if (r.timepoint == model::Timepoint::After && !r.respondentKey.empty()) surveysWithAfter.insert(r.survey);
    for (std::size_t i = 0; i < model.responses.size(); ++i) {
        const model::Response& r = model.responses[i];
        if (r.timepoint != model::Timepoint::Before || r.respondentKey.empty() || !surveysWithAfter.count(r.survey)) continue;
        // Said once per respondent, at their first before-response.
        if (!index.sameRespondent(i, model::Timepoint::After).empty() || index.sameRespondent(i, model::Timepoint::Before).front() != i)
            continue;
        issues.atCell(model::Severity::Warning, "survey-unmatched-before", r.source.sheet, r.source.row, r.source.col,
                      "This before-response has no after-response from the same respondent, so it is left out of the "
                      "before/after comparison.",
                      "If they did answer afterwards, check their ID, email or name is written the same way in both.");
    }
}

struct NamedAt {
    std::string name;
    model::Source source;
    std::size_t times = 1;
};

void schoolNames(const model::WorkbookModel& model, model::IssueList& issues) {
    // The names the coordinator wrote down as schools: the schools sheet, else every name used.
    std::vector<std::string> canonical;
    std::map<std::string, int> uses;
    for (const auto& s : model.schools) canonical.push_back(s.name);
    std::vector<NamedAt> mentioned;
    // Attendance says each name once, where it was first written, with how often it was.
    for (const auto& m : model.attendance.schoolMentions()) mentioned.push_back({m.name, m.cell, m.times});
    // Responses too, each name once at its first cell: a survey can name a school 100,000 times.
    std::unordered_map<std::string_view, std::size_t> responseNames;
    for (const auto& r : model.responses) {
        if (r.school.empty()) continue;
        auto [it, fresh] = responseNames.try_emplace(r.school, mentioned.size());
        if (fresh)
            mentioned.push_back({r.school, r.schoolCell(), 1});
        else
            ++mentioned[it->second].times;
    }
    std::map<std::string, std::map<std::string, int>> spellings; // key → how it was written → times
    for (const auto& m : mentioned) {
        uses[recognise::schoolKey(m.name)] += static_cast<int>(m.times);
        spellings[recognise::schoolKey(m.name)][m.name] += static_cast<int>(m.times);
    }
    bool fromSheet = !canonical.empty();
    if (!fromSheet)
        for (const auto& [key, n] : uses)
            if (n >= 2) {
                // The spelling the coordinator used most often.
                const auto& forms = spellings[key];
                auto most = std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
                canonical.push_back(most->first);
            }
    std::set<std::string> canonicalKeys;
    for (const auto& c : canonical) canonicalKeys.insert(recognise::schoolKey(c));
    std::set<std::string> reported;
    for (const auto& m : mentioned) {
        std::string key = recognise::schoolKey(m.name);
        if (canonicalKeys.count(key) || !reported.insert(key).second) continue;
        const std::string* best = nullptr;
        double bestScore = 0;
        for (const auto& c : canonical) {
            double s = similarity(m.name, c);
            if (s > bestScore) bestScore = s, best = &c;
        }
        if (best && bestScore >= 0.8) {
            std::string shown = *best;
            for (const auto& s : model.schools)
                if (recognise::schoolKey(s.name) == recognise::schoolKey(*best)) shown = s.name;
            issues.atCell(model::Severity::Warning, "school-name-typo", m.source.sheet, m.source.row, m.source.col,
                          "\"" + m.name + "\" looks like a misspelling of \"" + shown + "\".", "Did you mean '" + shown + "'?");
        } else if (fromSheet) {
            issues.atCell(model::Severity::Warning, "school-unknown", m.source.sheet, m.source.row, m.source.col,
                          "\"" + m.name + "\" is not in the schools sheet, so its sector is unknown.",
                          "Add it to the schools sheet with its sector.");
        }
    }
}

void categoryEvidence(const model::WorkbookModel& model, const recognise::Vocabulary& vocab, model::IssueList& issues) {
    std::set<int> evidenced;
    for (const auto& q : model.questions)
        if (q.category) evidenced.insert(*q.category);
    if (!model.assessments.empty()) evidenced.insert(1);
    if (!model.attendance.empty() || model.schools.size() >= 2) evidenced.insert(5);
    if (!model.contributions.empty()) evidenced.insert(6);
    for (const auto& c : vocab.categories)
        if (!evidenced.count(c.id))
            issues.atSheet(
                model::Severity::Warning, "category-no-evidence", "",
                "Category " + std::to_string(c.id) + " (" + c.shortName + ") has no evidence in this workbook; the reports will say so.",
                "If the partnership collects evidence for it, add a survey question or assessment and map it in the indicators sheet.");
}

void indicatorsWithoutData(const model::WorkbookModel& model, model::IssueList& issues) {
    for (const auto& ind : model.indicators) {
        bool found = false;
        for (const auto& q : model.questions)
            if (recognise::namesSameIndicator(ind.name, q.label)) found = true;
        for (const auto& a : model.assessments)
            if (normalise(a.assessment) == normalise(ind.name)) found = true;
        if (!found)
            issues.atCell(model::Severity::Warning, "indicator-no-data", ind.source.sheet, ind.source.row, 0,
                          "The indicator \"" + ind.name + "\" matches no survey question or assessment in the workbook.",
                          "Write it exactly as the question's column header.");
    }
}

} // namespace

void applyRules(const model::WorkbookModel& model, const recognise::Vocabulary& vocab, model::IssueList& issues) {
    const model::ResponseIndex& index = model.respondents();
    duplicateResponses(model, index, issues);
    unmatchedBefore(model, index, issues);
    schoolNames(model, issues);
    indicatorsWithoutData(model, issues);
    categoryEvidence(model, vocab, issues);
}

} // namespace impact::validate
