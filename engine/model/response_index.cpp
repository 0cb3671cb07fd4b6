#include "model/response_index.h"

#include <algorithm>
#include <tuple>

namespace impact::model {

namespace {

auto whoWhen(const Response& r) { return std::tie(r.survey, r.respondentKey, r.timepoint); }

} // namespace

ResponseIndex::ResponseIndex(const std::deque<Response>& responses) : responses_(responses), respondent_(responses.size(), kNone) {
    for (std::size_t i = 0; i < responses.size(); ++i)
        if (!responses[i].respondentKey.empty()) order_.push_back(static_cast<std::uint32_t>(i));
    // Stable: the responses of one respondent at one timepoint stay in their order.
    std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return whoWhen(responses[a]) < whoWhen(responses[b]); });
    const Response* last = nullptr;
    for (std::size_t at = 0; at < order_.size(); ++at) {
        const Response& r = responses[order_[at]];
        if (!last || last->survey != r.survey || last->respondentKey != r.respondentKey) firstOf_.push_back(static_cast<std::uint32_t>(at));
        respondent_[order_[at]] = static_cast<std::uint32_t>(firstOf_.size() - 1);
        last = &r;
    }
    respondents_ = firstOf_.size();
    firstOf_.push_back(static_cast<std::uint32_t>(order_.size()));
}

std::span<const std::uint32_t> ResponseIndex::sameRespondent(std::size_t position, Timepoint when) const {
    std::uint32_t who = respondent_[position];
    if (who == kNone) return {};
    // A respondent's few responses, by timepoint then position.
    auto from = order_.begin() + firstOf_[who], to = order_.begin() + firstOf_[who + 1];
    from = std::find_if(from, to, [&](std::uint32_t i) { return responses_[i].timepoint == when; });
    return {from, std::find_if(from, to, [&](std::uint32_t i) { return responses_[i].timepoint != when; })};
}

} // namespace impact::model
