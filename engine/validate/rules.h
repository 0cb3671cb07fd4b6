// Rules that look across records and sheets: duplicates, attrition, school names, categories.
#pragma once

#include "model/records.h"
#include "recognise/vocabulary.h"
#include "model/issue.h"

namespace impact::validate {

/// Proposes a category for each question that has none (info indicator-suggested), or reports
/// it (warning question-unplaced). Uses the vocabulary's suggestion rules.
void suggestCategories(model::WorkbookModel& model, const recognise::Vocabulary& vocab, model::IssueList& issues);

/// Every cross-record rule: duplicate-response, survey-unmatched-before, school-name-typo,
/// school-unknown, category-no-evidence, indicator-no-data.
void applyRules(const model::WorkbookModel& model, const recognise::Vocabulary& vocab, model::IssueList& issues);

/// The category a question's wording and respondents suggest, if any rule matches.
std::optional<int> suggestCategory(const std::string& question, const std::string& respondents,
                                   const recognise::Vocabulary& vocab);

} // namespace impact::validate
