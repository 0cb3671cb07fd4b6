#include "model/response_index.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

namespace impact::model {

namespace {

/// A keyed response to sort: its key's first 16 bytes ride along as two big-endian numbers, so
/// most comparisons end there without reaching into the responses (a sort of 100,000 responses
/// otherwise waits on memory).
struct Entry {
    std::uint64_t key0, key1;
    std::uint32_t survey, position;
};

std::uint64_t prefix(const std::string& key, std::size_t from) {
    std::uint64_t n = 0;
    for (std::size_t i = from; i < from + 8; ++i) n = (n << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    return n;
}

/// Each keyed response with its survey as a number (surveys in the order of their names). A
/// survey's responses come one after another, so the survey looked up last is tried first.
std::vector<Entry> entriesOf(const std::deque<Response>& responses) {
    std::map<std::string_view, std::uint32_t> surveys;
    for (const auto& r : responses)
        if (!r.respondentKey.empty()) surveys.try_emplace(r.survey, 0);
    std::uint32_t rank = 0;
    for (auto& [name, n] : surveys) n = rank++;
    std::vector<Entry> entries;
    auto last = surveys.end();
    for (std::size_t i = 0; i < responses.size(); ++i) {
        const Response& r = responses[i];
        if (r.respondentKey.empty()) continue;
        if (last == surveys.end() || last->first != r.survey) last = surveys.find(r.survey);
        entries.push_back({prefix(r.respondentKey, 0), prefix(r.respondentKey, 8), last->second, static_cast<std::uint32_t>(i)});
    }
    return entries;
}

} // namespace

ResponseIndex::ResponseIndex(const std::deque<Response>& responses) : respondent_(responses.size(), kNone) {
    std::vector<Entry> entries = entriesOf(responses);
    // By survey, key and timepoint, then position: one respondent's responses at one timepoint in their order.
    std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
        if (a.survey != b.survey) return a.survey < b.survey;
        if (a.key0 != b.key0) return a.key0 < b.key0;
        if (a.key1 != b.key1) return a.key1 < b.key1;
        const Response &ra = responses[a.position], &rb = responses[b.position];
        if (int c = ra.respondentKey.compare(rb.respondentKey)) return c < 0;
        return std::tie(ra.timepoint, a.position) < std::tie(rb.timepoint, b.position);
    });
    order_.reserve(entries.size());
    when_.reserve(entries.size());
    for (std::size_t at = 0; at < entries.size(); ++at) {
        const Entry& e = entries[at];
        const Entry* before = at ? &entries[at - 1] : nullptr;
        bool sameRespondent = before && before->survey == e.survey && before->key0 == e.key0 && before->key1 == e.key1 &&
                              responses[before->position].respondentKey == responses[e.position].respondentKey;
        if (!sameRespondent) firstOf_.push_back(static_cast<std::uint32_t>(at));
        respondent_[e.position] = static_cast<std::uint32_t>(firstOf_.size() - 1);
        order_.push_back(e.position);
        when_.push_back(responses[e.position].timepoint);
    }
    respondents_ = firstOf_.size();
    firstOf_.push_back(static_cast<std::uint32_t>(order_.size()));
}

std::span<const std::uint32_t> ResponseIndex::sameRespondent(std::size_t position, Timepoint when) const {
    std::uint32_t who = respondent_[position];
    if (who == kNone) return {};
    // A respondent's few responses, by timepoint then position.
    auto from = when_.begin() + firstOf_[who], to = when_.begin() + firstOf_[who + 1];
    from = std::find(from, to, when);
    auto end = std::find_if(from, to, [&](Timepoint t) { return t != when; });
    return {order_.begin() + (from - when_.begin()), order_.begin() + (end - when_.begin())};
}

const ResponseIndex& WorkbookModel::respondents() const {
    // Built once for the rules and the analysis, which both find responses by respondent. A model
    // whose responses were added to since is indexed again.
    if (!respondentIndex_ || respondentIndex_->size() != responses.size())
        respondentIndex_ = std::make_shared<const ResponseIndex>(responses);
    return *respondentIndex_;
}

} // namespace impact::model
