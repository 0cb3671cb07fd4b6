#include "read/sheet_parser.h"

#include "common/error.h"
#include "read/date.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace impact::read {

namespace {

bool parseUint(const char* s, std::uint64_t& out) {
    const char* end = s + std::strlen(s);
    auto r = std::from_chars(s, end, out);
    return r.ec == std::errc() && r.ptr == end;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

} // namespace

SheetParser::SheetParser(RowVisitor& visitor, const SharedStrings* strings, const CellFormats& formats, bool date1904,
                         const ReadLimits& limits, std::string what)
    : visitor_(visitor), strings_(strings), formats_(formats), date1904_(date1904), limits_(limits),
      what_(std::move(what)) {
    row_.cells.reserve(64);
}

std::string SheetParser::here() const {
    if (inCell_) return what_ + ", cell " + cellName(row_.index, static_cast<std::uint32_t>(std::max(0LL, lastCol_)));
    if (inRow_) return what_ + ", row " + std::to_string(static_cast<std::uint64_t>(row_.index) + 1);
    return what_;
}

void SheetParser::fail(const std::string& what) const {
    throw ReadError(here() + ": " + what);
}

void SheetParser::startElement(Ns ns, std::string_view local, const XmlAttributes& atts) {
    if (ns != Ns::Main) return;
    if (inCell_) {
        if (local == "v") {
            collect_ = Collect::Value;
            hasValue_ = true;
            value_.clear();
        } else if (local == "is") {
            hasValue_ = true;
            value_.clear();
        } else if (local == "t" && phonetic_ == 0 && type_ == ValueType::Inline) {
            collect_ = Collect::Inline;
        } else if (local == "rPh") {
            ++phonetic_;
        }
        return;
    }
    if (local == "c" && inRow_) return startCell(atts);
    if (local == "row" && inSheetData_) return startRow(atts);
    if (local == "sheetData") {
        inSheetData_ = true;
    } else if (local == "dimension") {
        if (const char* ref = atts.get("ref")) summary_.dimension = parseRangeName(ref);
    } else if (local == "mergeCell") {
        if (const char* ref = atts.get("ref"))
            if (auto range = parseRangeName(ref)) summary_.merged.push_back(*range);
    }
}

void SheetParser::endElement(Ns ns, std::string_view local) {
    if (ns != Ns::Main) return;
    if (inCell_) {
        if (local == "c") endCell();
        else if (local == "v" || local == "t") collect_ = Collect::None;
        else if (local == "rPh") --phonetic_;
        return;
    }
    if (local == "row" && inRow_) endRow();
    else if (local == "sheetData") inSheetData_ = false;
}

void SheetParser::characters(std::string_view text) {
    if (collect_ == Collect::None) return;
    value_.append(text);
    if (value_.size() > limits_.maxCellTextBytes)
        fail("holds more than Excel's 32,767 characters in one cell; the file is not a genuine workbook");
}

void SheetParser::startRow(const XmlAttributes& atts) {
    inRow_ = true;
    rowSorted_ = true;
    row_.cells.clear();
    arenaIndex_.clear();
    arenaLength_.clear();
    arena_.clear();
    lastCol_ = -1;
    rowPlaced_ = false;
    if (const char* r = atts.get("r")) {
        std::uint64_t n = 0;
        if (!parseUint(r, n) || n == 0) fail("has a row number '" + std::string(r) + "' that is not a number");
        if (n > limits_.maxRows) fail("row " + std::to_string(n) + " is beyond Excel's limit of 1,048,576 rows");
        row_.index = static_cast<std::uint32_t>(n - 1);
        rowPlaced_ = true;
    } else {
        row_.index = static_cast<std::uint32_t>(lastRow_ + 1);
        if (row_.index >= limits_.maxRows) fail("has more rows than Excel's limit of 1,048,576");
    }
}

void SheetParser::startCell(const XmlAttributes& atts) {
    inCell_ = true;
    hasValue_ = false;
    phonetic_ = 0;
    collect_ = Collect::None;
    type_ = ValueType::Number;
    xf_ = 0;
    const char* r = atts.get("r");
    const char* s = atts.get("s");
    const char* t = atts.get("t");
    if (r) {
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
    if (s && *s) {
        std::uint64_t v = 0;
        if (parseUint(s, v) && v < (1u << 31)) xf_ = static_cast<std::uint32_t>(v);
    }
    if (t) {
        switch (t[0]) {
        case 's': type_ = t[1] == 0 ? ValueType::Shared : ValueType::FormulaString; break; // "s", "str"
        case 'i': type_ = ValueType::Inline; break;   // "inlineStr"
        case 'b': type_ = ValueType::Boolean; break;
        case 'e': type_ = ValueType::Error; break;
        case 'd': type_ = ValueType::IsoDate; break;
        default: type_ = ValueType::Number; break;    // "n"
        }
    }
}

void SheetParser::endCell() {
    inCell_ = false;
    collect_ = Collect::None;
    if (!hasValue_) return; // no cached value: nothing Excel would show without recalculating
    Cell cell;
    cell.col = static_cast<std::uint32_t>(lastCol_);
    std::uint32_t arenaAt = 0, arenaLen = 0;
    auto keepText = [&](std::string_view text) {
        arenaAt = static_cast<std::uint32_t>(arena_.size()) + 1;
        arenaLen = static_cast<std::uint32_t>(text.size());
        arena_.append(text);
    };
    switch (type_) {
    case ValueType::Number: {
        std::string_view v = trim(value_);
        if (v.empty()) return;
        double d = 0;
        auto res = std::from_chars(v.data(), v.data() + v.size(), d);
        if (res.ptr != v.data() + v.size() || (res.ec != std::errc() && res.ec != std::errc::result_out_of_range)) {
            cell.type = CellType::Text; // a writer put text where a number belongs: show it as text
            keepText(v);
            break;
        }
        cell.number = d;
        cell.dateParts = formats_.dateParts(xf_);
        cell.type = cell.dateParts == DateParts::None ? CellType::Number : CellType::Date;
        break;
    }
    case ValueType::Shared: {
        std::uint64_t index = 0;
        std::string_view v = trim(value_);
        if (v.empty()) return;
        auto res = std::from_chars(v.data(), v.data() + v.size(), index);
        if (res.ec != std::errc() || res.ptr != v.data() + v.size())
            fail("refers to shared string '" + std::string(v) + "', which is not a number; the file is damaged");
        if (!strings_ || index >= strings_->size())
            fail("refers to shared string " + std::to_string(index) + " but the workbook has only " +
                 std::to_string(strings_ ? strings_->size() : 0) + "; the file is damaged");
        cell.text = strings_->at(index);
        if (cell.text.empty()) return;
        cell.type = CellType::Text;
        break;
    }
    case ValueType::FormulaString:
    case ValueType::Inline:
        if (value_.find("_x") != std::string::npos) decodeXmlEscapes(value_);
        if (value_.empty()) return;
        cell.type = CellType::Text;
        keepText(value_);
        break;
    case ValueType::Boolean: {
        std::string_view v = trim(value_);
        if (v.empty()) return;
        cell.type = CellType::Boolean;
        cell.number = (v == "1" || v == "true" || v == "TRUE") ? 1.0 : 0.0;
        break;
    }
    case ValueType::Error:
        if (value_.empty()) return;
        cell.type = CellType::Error;
        keepText(trim(value_));
        break;
    case ValueType::IsoDate: {
        std::string_view v = trim(value_);
        if (v.empty()) return;
        DateParts parts = DateParts::None;
        auto serial = isoToSerial(v, date1904_, parts);
        if (!serial) {
            cell.type = CellType::Text;
            keepText(v);
            break;
        }
        cell.type = CellType::Date;
        cell.number = *serial;
        // The cell's own format decides what is shown, where it has one.
        DateParts fmt = formats_.dateParts(xf_);
        cell.dateParts = fmt != DateParts::None ? fmt : parts;
        break;
    }
    }
    row_.cells.push_back(cell);
    arenaIndex_.push_back(arenaAt);
    arenaLength_.push_back(arenaLen);
}

void SheetParser::endRow() {
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
            if (!unique.empty() && unique.back().col == c.col) unique.back() = c;
            else unique.push_back(c);
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
