// Per-indicator figures: before/after/matched, means, top-two and bottom shares, improvement
// among those with room to improve, match rate, confidence interval and effect size.
#pragma once

#include "analyse/analysis.h"
#include "model/response_index.h"

namespace impact::analyse {

/// Matched pairs below this give no confidence interval or effect size ("too few to say").
inline constexpr std::size_t kMinimumPairs = 10;

IndicatorResult computeQuestion(const model::WorkbookModel& model, std::size_t questionIndex, const recognise::Vocabulary& vocab,
                                const model::ResponseIndex& respondents);
IndicatorResult computeAssessment(const model::WorkbookModel& model, const std::string& assessment);

} // namespace impact::analyse
