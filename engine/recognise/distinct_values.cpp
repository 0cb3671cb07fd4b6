#include "recognise/distinct_values.h"

#include <cstring>

namespace impact::recognise {

std::uint32_t DistinctValues::add(const read::Grid& grid, std::uint32_t row, std::uint32_t col) {
    const read::Value& v = grid.at(row, col);
    // Everything Grid::text formats from: two values with the same key show the same text.
    key_.clear();
    key_ += static_cast<char>(v.type);
    key_ += static_cast<char>(v.dateParts);
    char number[sizeof v.number];
    std::memcpy(number, &v.number, sizeof number);
    key_.append(number, sizeof number);
    key_ += v.text;
    auto [it, fresh] = index_.try_emplace(key_, static_cast<std::uint32_t>(entries_.size()));
    if (fresh) entries_.push_back({v, grid.text(row, col), 0});
    ++entries_[it->second].count;
    return it->second;
}

} // namespace impact::recognise
