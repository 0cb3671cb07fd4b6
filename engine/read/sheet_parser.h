// Turns one worksheet part's elements into rows of typed cells.
//
// Two front ends read worksheet XML: the hand-written scanner (sheet_scanner.h), used for every
// worksheet, and libexpat (SheetParser below), the fallback for what the scanner leaves to it.
// Both hand the elements the reader acts on to one SheetCells, which holds every rule about
// cells: typing, limits and the error messages naming the file, sheet and cell.
#pragma once

#include "read/shared_strings.h"
#include "read/styles.h"
#include "read/workbook.h"
#include "read/xml_parser.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::read {

/// The SpreadsheetML main-namespace elements a worksheet is read from; all others are Other.
enum class SheetTag : unsigned char { Other, SheetData, Row, Cell, Value, InlineString, Text, Phonetic, Dimension, MergeCell };

/// The tag for a main-namespace local name.
SheetTag sheetTag(std::string_view local);
/// Whether the reader uses the attributes of this element (row, c, dimension, mergeCell).
inline bool sheetTagHasAttributes(SheetTag tag) {
    return tag == SheetTag::Row || tag == SheetTag::Cell || tag == SheetTag::Dimension || tag == SheetTag::MergeCell;
}

/// The attributes the reader uses (un-namespaced, values as XML delivers them). Made for every
/// row and cell, so it costs one byte to start empty.
class SheetAttrs {
public:
    /// Keeps `value` if `name` is one of the four.
    void set(std::string_view name, std::string_view value) {
        if (name.size() == 1) {
            if (name[0] == 'r')
                keep(kR, value);
            else if (name[0] == 's')
                keep(kS, value);
            else if (name[0] == 't')
                keep(kT, value);
        } else if (name == "ref") {
            keep(kRef, value);
        }
    }
    std::optional<std::string_view> r() const { return get(kR); }
    std::optional<std::string_view> s() const { return get(kS); }
    std::optional<std::string_view> t() const { return get(kT); }
    std::optional<std::string_view> ref() const { return get(kRef); }

private:
    enum : unsigned { kR, kS, kT, kRef, kCount };
    void keep(unsigned i, std::string_view v) {
        data_[i] = v.data();
        size_[i] = v.size();
        present_ = static_cast<unsigned char>(present_ | (1u << i));
    }
    std::optional<std::string_view> get(unsigned i) const {
        if (!(present_ & (1u << i))) return std::nullopt;
        return std::string_view(data_[i], size_[i]);
    }
    const char* data_[kCount]; // only those in present_ are set
    std::size_t size_[kCount];
    unsigned char present_ = 0;
};

/// The cell sink: receives a worksheet's main-namespace elements in document order, types the
/// cells and hands each finished row to the RowVisitor. Only cached values are read; formulas
/// are ignored. Cells and rows without `r` follow their predecessor.
class SheetCells {
public:
    SheetCells(RowVisitor& visitor, const SharedStrings* strings, const CellFormats& formats, bool date1904, const ReadLimits& limits,
               std::string what);

    void start(SheetTag tag, const SheetAttrs& atts);
    void end(SheetTag tag);
    /// Whether character data is wanted now (inside <v>, or <t> of an inline string).
    bool collecting() const { return collect_ != Collect::None; }
    /// Character data, already decoded; may arrive in pieces. Ignored unless collecting().
    void text(std::string_view piece) {
        if (collect_ == Collect::None) return;
        value_.append(piece);
        if (value_.size() > limits_.maxCellTextBytes) tooLong();
    }

    SheetSummary& summary() { return summary_; }

private:
    enum class Collect : unsigned char { None, Value, Inline };
    enum class ValueType : unsigned char { Number, Shared, FormulaString, Inline, Boolean, Error, IsoDate };

    void startRow(const SheetAttrs& atts);
    void startCell(const SheetAttrs& atts);
    void endCell();
    /// Where a cell's own text waits in arena_ until its row ends (the arena may move while the
    /// row grows): `at` is its offset + 1, 0 for a cell with no text there.
    struct ArenaText {
        std::uint32_t at = 0, length = 0;
    };
    // Inline (defined in sheet_parser.cpp, the only file that calls them): once per cell.
    inline ArenaText keep(std::string_view text);
    /// The cell typed from value_ as type_ says; false if the value is empty (no cell). One
    /// function per type below.
    inline bool typeValue(Cell& cell, ArenaText& text);
    inline bool numberValue(Cell& cell, ArenaText& text);
    inline bool sharedValue(Cell& cell);
    inline bool inlineValue(Cell& cell, ArenaText& text);
    inline bool booleanValue(Cell& cell);
    inline bool errorValue(Cell& cell, ArenaText& text);
    inline bool isoDateValue(Cell& cell, ArenaText& text);
    void endRow();
    [[noreturn]] void tooLong() const;
    [[noreturn]] void fail(const std::string& what) const;
    std::string here() const;

    RowVisitor& visitor_;
    const SharedStrings* strings_;
    const CellFormats& formats_;
    bool date1904_;
    const ReadLimits& limits_;
    std::string what_;
    SheetSummary summary_;

    Row row_;
    std::vector<std::uint32_t> arenaIndex_; // per cell: offset into arena_ + 1, or 0
    std::vector<std::uint32_t> arenaLength_;
    std::string arena_;
    bool inSheetData_ = false, inRow_ = false, inCell_ = false, rowPlaced_ = false, rowSorted_ = true;
    long long lastRow_ = -1;
    long long lastCol_ = -1;
    ValueType type_ = ValueType::Number;
    std::uint32_t xf_ = 0;
    Collect collect_ = Collect::None;
    bool hasValue_ = false;
    int phonetic_ = 0;
    std::string value_;
};

/// The libexpat front end: an XmlHandler passing a worksheet's main-namespace elements to a SheetCells.
class SheetParser : public XmlHandler {
public:
    explicit SheetParser(SheetCells& cells) : cells_(cells) {}
    void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) override;
    void endElement(Ns ns, std::string_view local) override;
    void characters(std::string_view text) override { cells_.text(text); }

private:
    SheetCells& cells_;
};

} // namespace impact::read
