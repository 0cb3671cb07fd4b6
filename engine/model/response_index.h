// Survey responses found by who gave them.
#pragma once

#include "model/records.h"

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace impact::model {

/// The responses that have a respondent key, ordered by survey, key and timepoint, then by
/// position. It answers "who answered twice?", "did they answer after as well?" and "which
/// responses are one respondent's?" with 8 bytes per response, where a map of 100,000 keys
/// would hold a copy of each.
class ResponseIndex {
public:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    /// The index of `responses` as they are now; it keeps no reference to them.
    explicit ResponseIndex(const std::deque<Response>& responses);
    /// The positions, in order, of the responses given at `when` by the respondent of the response
    /// at `position` (its survey and key); none if that response has no key.
    std::span<const std::uint32_t> sameRespondent(std::size_t position, Timepoint when) const;
    /// The respondent of the response at `position`: a number shared by one survey's responses
    /// with one key, counting up in the order of their keys; kNone if it has no key.
    std::uint32_t respondent(std::size_t position) const { return respondent_[position]; }
    std::size_t respondentCount() const { return respondents_; }
    /// How many responses it indexes (keyed or not).
    std::size_t size() const { return respondent_.size(); }

private:
    std::vector<std::uint32_t> order_;
    std::vector<Timepoint> when_; ///< the timepoint of the response at each place in order_
    std::vector<std::uint32_t> respondent_;
    std::vector<std::uint32_t> firstOf_; ///< per respondent, where its responses start in order_
    std::size_t respondents_ = 0;
};

} // namespace impact::model
