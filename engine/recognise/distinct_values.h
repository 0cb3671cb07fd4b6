// A column's distinct values with how often each appears, for reading a long column once.
#pragma once

#include "read/grid.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace impact::recognise {

/// The distinct values of a column, each with how many cells hold it, in the order first seen.
/// A survey's scale and timepoint words are told by all of a column's answers, and a column of
/// 100,000 answers holds a handful of distinct ones: the rows are read once, each answer kept as
/// the number of its value here, and scored when every row has been seen.
class DistinctValues {
public:
    struct Entry {
        read::Value value;
        std::string text; ///< as Grid::text shows it
        std::size_t count = 0;
    };
    /// The number of the value at (row, col), a non-empty cell, counted once more.
    std::uint32_t add(const read::Grid& grid, std::uint32_t row, std::uint32_t col);
    const std::vector<Entry>& entries() const { return entries_; }
    const Entry& operator[](std::uint32_t code) const { return entries_[code]; }

private:
    std::uint32_t findLinear(const read::Value& v) const;
    std::uint32_t findHashed(const read::Value& v);
    const std::string& keyOf(const read::Value& v);

    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::uint32_t> index_; ///< once there are many values
    std::string key_;                                      ///< reused, so that a lookup allocates nothing
};

} // namespace impact::recognise
