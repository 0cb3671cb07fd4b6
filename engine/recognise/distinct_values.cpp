#include "recognise/distinct_values.h"

#include <cstring>

namespace impact::recognise {

namespace {

bool sameValue(const read::Value& a, const read::Value& b) {
    return a.type == b.type && a.dateParts == b.dateParts && std::memcmp(&a.number, &b.number, sizeof a.number) == 0 && a.text == b.text;
}

/// Up to this many distinct values (a scale's answers) are looked up one by one; past it, by hash.
constexpr std::size_t kLinear = 16;

} // namespace

std::uint32_t DistinctValues::add(const read::Grid& grid, std::uint32_t row, std::uint32_t col) {
    const read::Value& v = grid.at(row, col);
    std::uint32_t code = entries_.size() <= kLinear ? findLinear(v) : findHashed(v);
    if (code == entries_.size()) {
        entries_.push_back({v, grid.text(row, col), 0});
        if (entries_.size() == kLinear + 1)
            for (std::uint32_t i = 0; i < entries_.size(); ++i) index_.emplace(keyOf(entries_[i].value), i);
        else if (entries_.size() > kLinear + 1)
            index_.emplace(keyOf(v), code);
    }
    ++entries_[code].count;
    return code;
}

std::uint32_t DistinctValues::findLinear(const read::Value& v) const {
    std::uint32_t i = 0;
    while (i < entries_.size() && !sameValue(entries_[i].value, v)) ++i;
    return i;
}

std::uint32_t DistinctValues::findHashed(const read::Value& v) {
    auto it = index_.find(keyOf(v));
    return it == index_.end() ? static_cast<std::uint32_t>(entries_.size()) : it->second;
}

const std::string& DistinctValues::keyOf(const read::Value& v) {
    // Everything Grid::text formats from: two values with the same key show the same text.
    key_.clear();
    key_ += static_cast<char>(v.type);
    key_ += static_cast<char>(v.dateParts);
    char number[sizeof v.number];
    std::memcpy(number, &v.number, sizeof number);
    key_.append(number, sizeof number);
    key_ += v.text;
    return key_;
}

} // namespace impact::recognise
