#include "read/sheet_parser.h"

#include "common/error.h"
#include "common/text.h"
#include "read/date.h"

#include <algorithm>
#include <charconv>

namespace impact::read {

namespace {

bool parseUint(std::string_view s, std::uint64_t& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

} // namespace

SheetTag sheetTag(std::string_view local) {
    switch (local.size()) {
    case 1:
        switch (local[0]) {
        case 'c': return SheetTag::Cell;
        case 'v': return SheetTag::Value;
        case 't': return SheetTag::Text;
        default: return SheetTag::Other;
        }
    case 2: return local == "is" ? SheetTag::InlineString : SheetTag::Other;
    case 3: return local == "row" ? SheetTag::Row : local == "rPh" ? SheetTag::Phonetic : SheetTag::Other;
    case 9:
        return local == "sheetData"   ? SheetTag::SheetData
               : local == "dimension" ? SheetTag::Dimension
               : local == "mergeCell" ? SheetTag::MergeCell
                                      : SheetTag::Other;
    default: return SheetTag::Other;
    }
}

// ---- the expat front end -------------------------------------------------------------------

void SheetParser::startElement(Ns ns, std::string_view local, const XmlAttributes& atts) {
    if (ns != Ns::Main) return;
    SheetTag tag = sheetTag(local);
    if (tag == SheetTag::Other) return;
    SheetAttrs wanted;
    if (sheetTagHasAttributes(tag)) atts.forEach([&](const char* name, const char* value) { wanted.set(name, value); });
    cells_.start(tag, wanted);
}

void SheetParser::endElement(Ns ns, std::string_view local) {
    if (ns != Ns::Main) return;
    SheetTag tag = sheetTag(local);
    if (tag != SheetTag::Other) cells_.end(tag);
}

// ---- the cell sink -------------------------------------------------------------------------

SheetCells::SheetCells(RowVisitor& visitor, const SharedStrings* strings, const CellFormats& formats, bool date1904,
                       const ReadLimits& limits, std::string what)
    : visitor_(visitor), strings_(strings), formats_(formats), date1904_(date1904), limits_(limits), what_(std::move(what)) {
    row_.cells.reserve(64);
    value_.reserve(64);
}

std::string SheetCells::here() const {
    if (inCell_) return what_ + ", cell " + cellName(row_.index, static_cast<std::uint32_t>(std::max(0LL, lastCol_)));
    if (inRow_) return what_ + ", row " + std::to_string(static_cast<std::uint64_t>(row_.index) + 1);
    return what_;
}

void SheetCells::fail(const std::string& what) const { throw ReadError(here() + ": " + what); }

void SheetCells::tooLong() const { fail("holds more than Excel's 32,767 characters in one cell; the file is not a genuine workbook"); }

void SheetCells::start(SheetTag tag, const SheetAttrs& atts) {
    if (inCell_) {
        switch (tag) {
        case SheetTag::Value:
            collect_ = Collect::Value;
            hasValue_ = true;
            value_.clear();
            break;
        case SheetTag::InlineString:
            hasValue_ = true;
            value_.clear();
            break;
        case SheetTag::Text:
            if (phonetic_ == 0 && type_ == ValueType::Inline) collect_ = Collect::Inline;
            break;
        case SheetTag::Phonetic: ++phonetic_; break;
        default: break;
        }
        return;
    }
    switch (tag) {
    case SheetTag::Cell:
        if (inRow_) startCell(atts);
        break;
    case SheetTag::Row:
        if (inSheetData_) startRow(atts);
        break;
    case SheetTag::SheetData: inSheetData_ = true; break;
    case SheetTag::Dimension:
        if (auto ref = atts.ref()) summary_.dimension = parseRangeName(*ref);
        break;
    case SheetTag::MergeCell:
        if (auto ref = atts.ref())
            if (auto range = parseRangeName(*ref)) summary_.merged.push_back(*range);
        break;
    default: break;
    }
}

void SheetCells::end(SheetTag tag) {
    if (inCell_) {
        switch (tag) {
        case SheetTag::Cell: endCell(); break;
        case SheetTag::Value:
        case SheetTag::Text: collect_ = Collect::None; break;
        case SheetTag::Phonetic: --phonetic_; break;
        default: break;
        }
        return;
    }
    if (tag == SheetTag::Row && inRow_)
        endRow();
    else if (tag == SheetTag::SheetData)
        inSheetData_ = false;
}

void SheetCells::startRow(const SheetAttrs& atts) {
    inRow_ = true;
    rowSorted_ = true;
    row_.cells.clear();
    arenaIndex_.clear();
    arenaLength_.clear();
    arena_.clear();
    lastCol_ = -1;
    rowPlaced_ = false;
    if (auto r = atts.r()) {
        std::uint64_t n = 0;
        if (!parseUint(*r, n) || n == 0) fail("has a row number '" + std::string(*r) + "' that is not a number");
        if (n > limits_.maxRows) fail("row " + std::to_string(n) + " is beyond Excel's limit of 1,048,576 rows");
        row_.index = static_cast<std::uint32_t>(n - 1);
        rowPlaced_ = true;
    } else {
        row_.index = static_cast<std::uint32_t>(lastRow_ + 1);
        if (row_.index >= limits_.maxRows) fail("has more rows than Excel's limit of 1,048,576");
    }
}

void SheetCells::startCell(const SheetAttrs& atts) {
    inCell_ = true;
    hasValue_ = false;
    phonetic_ = 0;
    collect_ = Collect::None;
    type_ = ValueType::Number;
    xf_ = 0;
    if (auto ref = atts.r()) {
        std::string_view r = *ref;
        std::uint32_t row = 0, col = 0;
        if (!parseCellName(r, row, col)) fail("has a cell reference '" + std::string(r) + "' that is not like A1");
        if (col >= limits_.maxColumns) fail("cell " + std::string(r) + " is beyond Excel's limit of 16,384 columns");
        if (row >= limits_.maxRows) fail("cell " + std::string(r) + " is beyond Excel's limit of 1,048,576 rows");
        if (!rowPlaced_) {
            row_.index = row;
            rowPlaced_ = true;
        }
        if (static_cast<long long>(col) <= lastCol_) rowSorted_ = false;
        lastCol_ = col;
    } else {
        ++lastCol_;
        if (lastCol_ >= static_cast<long long>(limits_.maxColumns)) fail("has more cells than Excel's 16,384 columns");
    }
    if (auto s = atts.s(); s && !s->empty()) {
        // The style index: digits only, below 2^31 (anything else: the default format).
        std::uint64_t v = 0;
        bool ok = true;
        for (char c : *s) {
            v = v * 10 + static_cast<std::uint64_t>(c - '0');
            if (c < '0' || c > '9' || v >= (1u << 31)) {
                ok = false;
                break;
            }
        }
        if (ok) xf_ = static_cast<std::uint32_t>(v);
    }
    if (auto type = atts.t(); type && !type->empty()) {
        std::string_view t = *type;
        switch (t[0]) {
        case 's': type_ = t.size() == 1 ? ValueType::Shared : ValueType::FormulaString; break; // "s", "str"
        case 'i': type_ = ValueType::Inline; break;                                            // "inlineStr"
        case 'b': type_ = ValueType::Boolean; break;
        case 'e': type_ = ValueType::Error; break;
        case 'd': type_ = ValueType::IsoDate; break;
        default: type_ = ValueType::Number; break; // "n"
        }
    }
}

void SheetCells::endCell() {
    inCell_ = false;
    collect_ = Collect::None;
    if (!hasValue_) return; // no cached value: nothing Excel would show without recalculating
    Cell cell;
    cell.col = static_cast<std::uint32_t>(lastCol_);
    ArenaText text;
    if (!typeValue(cell, text)) return; // an empty value: no cell
    row_.cells.push_back(cell);
    arenaIndex_.push_back(text.at);
    arenaLength_.push_back(text.length);
}

// keep() and the typing functions below are called once per cell, the reader's hot path: `inline`
// lets the compiler fold them into their one caller, so that splitting endCell() costs no
// instructions (callgrind on bench_read: fewer than the one function had).
inline SheetCells::ArenaText SheetCells::keep(std::string_view text) {
    ArenaText kept{static_cast<std::uint32_t>(arena_.size()) + 1, static_cast<std::uint32_t>(text.size())};
    arena_.append(text);
    return kept;
}

inline bool SheetCells::typeValue(Cell& cell, ArenaText& text) {
    switch (type_) {
    case ValueType::Number: return numberValue(cell, text);
    case ValueType::Shared: return sharedValue(cell);
    case ValueType::FormulaString:
    case ValueType::Inline: return inlineValue(cell, text);
    case ValueType::Boolean: return booleanValue(cell);
    case ValueType::Error: return errorValue(cell, text);
    case ValueType::IsoDate: return isoDateValue(cell, text);
    }
    return false;
}

inline bool SheetCells::numberValue(Cell& cell, ArenaText& text) {
    std::string_view v = trim(value_);
    if (v.empty()) return false;
    double d = 0;
    auto res = std::from_chars(v.data(), v.data() + v.size(), d);
    if (res.ptr != v.data() + v.size() || (res.ec != std::errc() && res.ec != std::errc::result_out_of_range)) {
        cell.type = CellType::Text; // a writer put text where a number belongs: show it as text
        text = keep(v);
        return true;
    }
    cell.number = d;
    cell.dateParts = formats_.dateParts(xf_);
    cell.type = cell.dateParts == DateParts::None ? CellType::Number : CellType::Date;
    return true;
}

inline bool SheetCells::sharedValue(Cell& cell) {
    std::uint64_t index = 0;
    std::string_view v = trim(value_);
    if (v.empty()) return false;
    auto res = std::from_chars(v.data(), v.data() + v.size(), index);
    if (res.ec != std::errc() || res.ptr != v.data() + v.size())
        fail("refers to shared string '" + std::string(v) + "', which is not a number; the file is damaged");
    if (!strings_ || index >= strings_->size())
        fail("refers to shared string " + std::to_string(index) + " but the workbook has only " +
             std::to_string(strings_ ? strings_->size() : 0) + "; the file is damaged");
    cell.text = strings_->at(index);
    if (cell.text.empty()) return false;
    cell.type = CellType::Text;
    return true;
}

inline bool SheetCells::inlineValue(Cell& cell, ArenaText& text) {
    if (value_.find("_x") != std::string::npos) decodeXmlEscapes(value_);
    if (value_.empty()) return false;
    cell.type = CellType::Text;
    text = keep(value_);
    return true;
}

inline bool SheetCells::booleanValue(Cell& cell) {
    std::string_view v = trim(value_);
    if (v.empty()) return false;
    cell.type = CellType::Boolean;
    cell.number = (v == "1" || v == "true" || v == "TRUE") ? 1.0 : 0.0;
    return true;
}

inline bool SheetCells::errorValue(Cell& cell, ArenaText& text) {
    if (value_.empty()) return false;
    cell.type = CellType::Error;
    text = keep(trim(value_));
    return true;
}

inline bool SheetCells::isoDateValue(Cell& cell, ArenaText& text) {
    std::string_view v = trim(value_);
    if (v.empty()) return false;
    DateParts parts = DateParts::None;
    auto serial = isoToSerial(v, date1904_, parts);
    if (!serial) {
        cell.type = CellType::Text;
        text = keep(v);
        return true;
    }
    cell.type = CellType::Date;
    cell.number = *serial;
    // The cell's own format decides what is shown, where it has one.
    DateParts fmt = formats_.dateParts(xf_);
    cell.dateParts = fmt != DateParts::None ? fmt : parts;
    return true;
}

void SheetCells::endRow() {
    inRow_ = false;
    lastRow_ = row_.index;
    if (row_.cells.empty()) return;
    // Inline text lives in the arena, which may have moved while the row grew.
    for (std::size_t i = 0; i < row_.cells.size(); ++i)
        if (arenaIndex_[i]) row_.cells[i].text = std::string_view(arena_).substr(arenaIndex_[i] - 1, arenaLength_[i]);
    if (!rowSorted_) {
        std::stable_sort(row_.cells.begin(), row_.cells.end(), [](const Cell& a, const Cell& b) { return a.col < b.col; });
        // The same cell twice: the later one wins, as in Excel.
        std::vector<Cell> unique;
        for (const Cell& c : row_.cells) {
            if (!unique.empty() && unique.back().col == c.col)
                unique.back() = c;
            else
                unique.push_back(c);
        }
        row_.cells.swap(unique);
    }
    summary_.rowsWithData++;
    summary_.cells += row_.cells.size();
    if (!summary_.lastRow || row_.index > *summary_.lastRow) summary_.lastRow = row_.index;
    std::uint32_t last = row_.cells.back().col;
    if (!summary_.lastCol || last > *summary_.lastCol) summary_.lastCol = last;
    visitor_.onRow(row_);
}

} // namespace impact::read
