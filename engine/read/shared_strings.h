// The shared-string table: every distinct text of the workbook, stored once.
#pragma once

#include "read/limits.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace impact::read {

class PartStream;

class SharedStrings {
public:
    /// Reads the table from `stream`. Phonetic runs (<rPh>) are left out; rich-text runs are
    /// joined; _xHHHH_ escapes are decoded. Throws ReadError past the limits.
    void load(PartStream& stream, const std::string& what, const ReadLimits& limits);
    std::size_t size() const { return offsets_.size(); }
    std::string_view at(std::size_t i) const {
        std::uint64_t start = offsets_[i], end = i + 1 < offsets_.size() ? offsets_[i + 1] : pool_.size();
        return std::string_view(pool_).substr(start, end - start);
    }

private:
    std::string pool_;
    std::vector<std::uint64_t> offsets_;
};

/// Decodes OOXML's _xHHHH_ escapes (either case of hex digit) in place, to UTF-8.
void decodeXmlEscapes(std::string& text, std::size_t from = 0);

} // namespace impact::read
