// Reading an .xlsx/.xlsm workbook: its sheets, streamed row by row, as Excel shows them.
#pragma once

#include "read/cell.h"
#include "read/limits.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::read {

enum class SheetKind : std::uint8_t { Worksheet, Chartsheet, Dialogsheet, Macrosheet };
enum class Visibility : std::uint8_t { Visible, Hidden, VeryHidden };

/// A sheet as the workbook lists it, in the workbook's order.
struct SheetInfo {
    std::string name;
    SheetKind kind = SheetKind::Worksheet;
    Visibility visibility = Visibility::Visible;
    std::string part; ///< the package part the relationships point to ("" if missing)
    bool generatedByImpact = false; ///< a sheet Impact added (marked with kGeneratedMarker)
    /// Only worksheets (and Excel 4 macro sheets, which hold cells) have data to read.
    bool hasCells() const { return kind == SheetKind::Worksheet || kind == SheetKind::Macrosheet; }
};

/// The hidden, sheet-scoped defined name that marks the sheets Impact adds to a workbook.
inline constexpr const char* kGeneratedMarker = "_IMPACT_GENERATED";

/// Receives a sheet's rows in order while it streams.
class RowVisitor {
public:
    virtual ~RowVisitor() = default;
    /// Called for each row holding at least one non-empty cell, in increasing row order
    /// as the file stores them.
    virtual void onRow(const Row& row) = 0;
};

/// What is known about a sheet once it has been read through.
struct SheetSummary {
    std::vector<Range> merged;            ///< merged ranges, in file order
    std::optional<Range> dimension;       ///< the <dimension> the file claims, if any
    std::uint32_t rowsWithData = 0;
    std::uint64_t cells = 0;              ///< non-empty cells
    std::optional<std::uint32_t> lastRow; ///< 0-based, of non-empty cells
    std::optional<std::uint32_t> lastCol;
};

/// An opened workbook. Opening reads the package index, the workbook part, its relationships
/// and the styles; sheets are read only when asked for, one at a time, streamed.
/// Nothing is ever written to the file. Throws ReadError with a one-line explanation for
/// anything that is not a readable .xlsx/.xlsm (xls, xlsb, ods, csv, encrypted, corrupt...).
class Workbook {
public:
    explicit Workbook(const std::string& path, const ReadLimits& limits = {});
    ~Workbook();
    Workbook(Workbook&&) noexcept;
    Workbook& operator=(Workbook&&) noexcept;

    const std::string& path() const;
    const std::vector<SheetInfo>& sheets() const;
    bool date1904() const;
    bool strict() const; ///< Strict OOXML (purl.oclc.org namespaces)

    /// Index of the sheet named `nameOrNumber` (exact, then case-insensitive), or with that
    /// 1-based position.
    std::optional<std::size_t> findSheet(std::string_view nameOrNumber) const;

    /// Streams one sheet's cells to `visitor`. Chartsheets and dialog sheets have no rows.
    SheetSummary readSheet(std::size_t index, RowVisitor& visitor) const;
    /// A sheet's merged ranges, in file order, without reading its cells (for a sheet whose
    /// first rows only were read: the merges come after every row). Its bytes are not checked
    /// against the zip's CRC here: the caller reads the sheet through afterwards, which does.
    std::vector<Range> mergedRanges(std::size_t index) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace impact::read
