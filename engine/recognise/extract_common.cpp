#include "common/unicode_text.h"
#include "read/cell_text.h"
#include "read/date.h"
#include "recognise/extract.h"
#include "recognise/text.h"

#include <cmath>

namespace impact::recognise {

using model::Severity;

std::string pupilKey(const std::string& id, const std::string& name, const std::string& school) {
    if (std::string key = fold(id); !key.empty()) return "id:" + key;
    if (std::string key = fold(name); !key.empty()) return "name:" + key + "|" + schoolKey(school);
    return {};
}

std::string schoolKey(const std::string& name) { return fold(name); }

void noteSectorBeside(SheetContext& ctx, std::uint32_t row, const std::string& name) {
    auto col = ctx.layout.column("sector");
    if (name.empty() || !col) return;
    std::string written = ctx.grid.text(row, *col);
    if (written.empty()) return;
    std::string sector = ctx.vocab.sectorOf(written);
    if (!sector.empty()) ctx.model.sectorBeside.emplace(schoolKey(name), sector);
}

const std::vector<std::uint32_t>& SheetContext::dataRows() {
    const TableRows& table = chunk_ ? *chunk_ : layout.table;
    if (!totalsReported_ && table.totalsRow) {
        issues.atRow(Severity::Info, "totals-row-skipped", sheet(), *table.totalsRow,
                     "Row " + std::to_string(*table.totalsRow + 1) + " looks like a totals row (\"" + table.totalsLabel +
                         "\"); it and the rows below it were not read as data.");
        totalsReported_ = true;
    }
    return table.rows;
}

const read::Value* SheetContext::value(std::uint32_t row, std::string_view field) const {
    auto c = layout.column(field);
    return c ? &grid.at(row, *c) : nullptr;
}

std::string SheetContext::text(std::uint32_t row, std::string_view field) const {
    auto c = layout.column(field);
    return c ? grid.text(row, *c) : std::string();
}

std::optional<double> SheetContext::date(std::uint32_t row, std::uint32_t col) {
    const read::Value& v = grid.at(row, col);
    if (v.empty()) return std::nullopt;
    if (v.type == read::CellType::Date) {
        // Model dates are in the 1900 system whatever the workbook uses.
        if (!grid.date1904()) return v.number;
        return read::dateToSerial(read::serialToDate(v.number, true), false) + (v.number - std::floor(v.number));
    }
    std::string t = grid.text(row, col);
    if (auto typed = parseTypedDate(t)) {
        if (!typed->valid) {
            issues.atCell(Severity::Error, "date-invalid", sheet(), row, col,
                          "\"" + t + "\" is not a real date (there is no " + std::to_string(typed->date.day) + "/" +
                              std::to_string(typed->date.month) + " in " + std::to_string(typed->date.year) + ").",
                          "Check the date and type it again, e.g. 28/02/2025.");
            return std::nullopt;
        }
        return read::dateToSerial(typed->date, false);
    }
    issues.atCell(Severity::Error, "date-invalid", sheet(), row, col, "\"" + t + "\" is not a date.",
                  "Type the date as dd/mm/yyyy, e.g. 12/03/2025.");
    return std::nullopt;
}

std::optional<double> SheetContext::number(std::uint32_t row, std::uint32_t col, const std::string& rule, const std::string& what) {
    const read::Value& v = grid.at(row, col);
    if (v.empty()) return std::nullopt;
    if (v.type == read::CellType::Number) return v.number;
    std::string t = grid.text(row, col);
    if (auto m = parseMoney(t)) {
        issues.atCell(Severity::Info, "value-read-as", sheet(), row, col, "\"" + t + "\" was read as " + read::formatNumber(*m) + ".");
        return m;
    }
    issues.atCell(Severity::Error, rule, sheet(), row, col, "The " + what + " \"" + t + "\" is not a number.",
                  "Type it as a number, e.g. 2000 or £2,000.");
    return std::nullopt;
}

std::optional<bool> SheetContext::yesNo(std::uint32_t row, std::uint32_t col) const {
    std::string t = grid.text(row, col);
    if (vocab.isYes(t)) return true;
    if (vocab.isNo(t)) return false;
    return std::nullopt;
}

} // namespace impact::recognise
