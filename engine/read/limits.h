// Bounds on what a workbook may make the reader do: hostile files are refused, not obeyed.
#pragma once

#include <cstdint>
#include <cstddef>

namespace impact::read {

/// Every limit the reader enforces. The defaults admit any workbook Excel itself can write
/// (1,048,576 rows x 16,384 columns) and refuse zip bombs and XML tricks quickly.
struct ReadLimits {
    std::uint64_t maxFileBytes = 1ull << 30;          ///< the .xlsx file itself
    std::uint32_t maxEntries = 20000;                 ///< zip entries
    std::uint64_t maxEntryBytes = 1ull << 30;         ///< one part, inflated (a 1M-row x 12-column sheet is ~0.45 GB)
    std::uint64_t maxTotalBytes = 2ull << 30;         ///< all parts read, inflated
    std::uint64_t maxSmallPartBytes = 64ull << 20;    ///< workbook, rels, styles, content types
    double maxCompressionRatio = 100.0;               ///< inflated / compressed, once past the grace (real sheets: 5-30)
    std::uint64_t ratioGraceBytes = 8ull << 20;       ///< small parts may compress better
    std::uint64_t maxSharedStringBytes = 256ull << 20; ///< shared-string table: text + 8 bytes per string
    std::uint32_t maxRows = 1048576;                  ///< Excel's own limits
    std::uint32_t maxColumns = 16384;
    std::size_t maxCellTextBytes = 32767 * 4;         ///< 32,767 characters, in UTF-8
};

} // namespace impact::read
