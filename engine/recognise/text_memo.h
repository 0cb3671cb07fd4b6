// What a function gives for a cell's text, remembered for the texts a column repeats.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

namespace impact::recognise {

/// `compute(text)`, remembered by text. A column of 100,000 cells holds a handful of distinct
/// texts (Y/N, an activity's name), so most rows are answered from here without folding or
/// normalising again; past kMaxTexts distinct ones it computes without remembering more, so a
/// column of all-different cells does not grow it.
template <class Value>
class TextMemo {
public:
    static constexpr std::size_t kMaxTexts = 256;

    template <class Compute>
    const Value& get(const std::string& text, Compute&& compute) {
        if (auto it = seen_.find(text); it != seen_.end()) return it->second;
        if (seen_.size() < kMaxTexts) return seen_.emplace(text, compute(text)).first->second;
        unremembered_ = compute(text);
        return unremembered_;
    }

private:
    std::unordered_map<std::string, Value> seen_;
    Value unremembered_{};
};

} // namespace impact::recognise
