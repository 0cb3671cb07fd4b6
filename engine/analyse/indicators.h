// Per-indicator figures: before/after/matched, means, top-two and bottom shares, improvement
// among those with room to improve, match rate, confidence interval and effect size.
#pragma once

#include "analyse/analysis.h"
#include "model/response_index.h"

namespace impact::analyse {

/// Matched pairs below this give no confidence interval or effect size ("too few to say").
inline constexpr std::size_t kMinimumPairs = 10;

/// Every question's answers, gathered in one pass over the responses (a survey of 100,000
/// responses and 20 questions is walked once, not once per question): by point, before and
/// after, and each respondent's first point at each timepoint, for pairing.
class QuestionAnswers {
public:
    struct Tally {
        /// Answers by point (index point - 1; as many as the question's scale has), the comparison group's left out.
        std::vector<std::size_t> before, after;
        bool hasGroups = false;            ///< its survey has a comparison group
        bool unknownTimepoint = false;     ///< an answer was given at a timepoint Impact cannot tell
        std::uint32_t firstRespondent = 0; ///< its survey's respondents are this and the next ones
        /// [0] the project's, [1] the comparison group's: each respondent's first point (0: none).
        std::vector<std::int8_t> firstBefore[2], firstAfter[2];
    };
    QuestionAnswers(const model::WorkbookModel& model, const recognise::Vocabulary& vocab, const model::ResponseIndex& respondents);
    const Tally& of(std::size_t question) const { return byQuestion_[question]; }

private:
    void add(const model::Response& r, std::uint32_t respondent);
    std::vector<Tally> byQuestion_;
};

IndicatorResult computeQuestion(const model::WorkbookModel& model, std::size_t questionIndex, const recognise::Vocabulary& vocab,
                                const QuestionAnswers& answers);
IndicatorResult computeAssessment(const model::WorkbookModel& model, const std::string& assessment);

} // namespace impact::analyse
