// `impact dump`: what Impact reads in each sheet.
#include "cli/command.h"

#include "common/error.h"
#include "read/cell_text.h"
#include "read/workbook.h"

#include <iostream>
#include <algorithm>
#include <optional>

namespace impact::cli {

namespace {

using namespace impact::read;

constexpr std::uint64_t kMaxDenseCells = 50'000'000;

void writeCsvField(std::ostream& out, const std::string& s) {
    bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
    if (!quote) {
        out << s;
        return;
    }
    out << '"';
    for (char c : s) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

/// Writes rows as CSV from A1, every row padded to `width` fields, empty rows as separators.
class CsvWriter : public RowVisitor {
public:
    CsvWriter(std::ostream& out, std::uint32_t width, bool date1904) : out_(out), width_(width), date1904_(date1904) {}
    void onRow(const Row& row) override {
        while (next_ < row.index) emptyRow();
        std::uint32_t col = 0;
        for (const Cell& cell : row.cells) {
            for (; col < cell.col; ++col) out_ << (col ? "," : "");
            if (col) out_ << ',';
            writeCsvField(out_, cellText(cell, date1904_));
            col = cell.col + 1;
        }
        for (; col < width_; ++col) out_ << ',';
        out_ << '\n';
        next_ = row.index + 1;
    }

private:
    void emptyRow() {
        for (std::uint32_t c = 1; c < width_; ++c) out_ << ',';
        out_ << '\n';
        ++next_;
    }
    std::ostream& out_;
    std::uint32_t width_;
    bool date1904_;
    std::uint32_t next_ = 0;
};

/// One line per non-empty cell: sheet number, sheet, cell, type, text, and the serial of dates.
class CellsWriter : public RowVisitor {
public:
    CellsWriter(std::ostream& out, std::size_t sheet, const std::string& name, bool date1904)
        : out_(out), sheet_(sheet), name_(name), date1904_(date1904) {}
    void onRow(const Row& row) override {
        for (const Cell& cell : row.cells) {
            static const char* kTypes[] = {"empty", "number", "text", "boolean", "error", "date"};
            std::string text;
            for (char c : cellText(cell, date1904_)) {
                // One cell per line: backslash, newline, CR and tab are written as \\ \n \r \t.
                if (c == '\\') text += "\\\\";
                else if (c == '\n') text += "\\n";
                else if (c == '\r') text += "\\r";
                else if (c == '\t') text += "\\t";
                else text += c;
            }
            out_ << sheet_ << '\t' << name_ << '\t' << cellName(row.index, cell.col) << '\t'
                 << kTypes[static_cast<int>(cell.type)] << '\t' << text << '\t';
            if (cell.type == CellType::Date) out_ << formatNumber(cell.number);
            out_ << '\n';
        }
    }

private:
    std::ostream& out_;
    std::size_t sheet_;
    const std::string& name_;
    bool date1904_;
};

class NullVisitor : public RowVisitor {
public:
    void onRow(const Row&) override {}
};

const char* kindName(SheetKind k) {
    switch (k) {
    case SheetKind::Worksheet: return "worksheet";
    case SheetKind::Chartsheet: return "chartsheet (skipped)";
    case SheetKind::Dialogsheet: return "dialog sheet (skipped)";
    case SheetKind::Macrosheet: return "Excel 4 macro sheet";
    }
    return "";
}

void dumpCsv(const Workbook& wb, std::size_t i, bool withHeader) {
    const SheetInfo& info = wb.sheets()[i];
    NullVisitor none;
    SheetSummary s = wb.readSheet(i, none); // first pass: the width every CSV row is padded to
    if (withHeader) {
        std::cout << "# sheet " << i + 1 << ": " << info.name << " (" << kindName(info.kind)
                  << (info.visibility == Visibility::Hidden       ? ", hidden"
                      : info.visibility == Visibility::VeryHidden ? ", very hidden"
                                                                  : "")
                  << ")";
        if (info.hasCells()) std::cout << ", " << s.cells << " cells in " << s.rowsWithData << " rows";
        if (!s.merged.empty()) {
            std::cout << ", merged:";
            for (const auto& m : s.merged) std::cout << ' ' << rangeName(m);
        }
        std::cout << "\n";
    }
    if (!s.lastRow) return;
    std::uint64_t dense = (static_cast<std::uint64_t>(*s.lastRow) + 1) * (*s.lastCol + 1ull);
    if (dense > kMaxDenseCells)
        throw UsageError("sheet '" + info.name + "' spans " + cellName(*s.lastRow, *s.lastCol) +
                         ", too large to print as CSV; use --cells to list its cells instead.");
    CsvWriter csv(std::cout, *s.lastCol + 1, wb.date1904());
    wb.readSheet(i, csv);
}

int runDump(const std::vector<std::string>& argv) {
    Args args(argv, {"sheet"}, {"csv", "cells"});
    if (args.positional().size() != 1) throw UsageError("dump needs one WORKBOOK. See 'impact dump --help'.");
    Workbook wb(args.positional()[0]);
    std::vector<std::size_t> chosen;
    if (const std::string* want = args.value("sheet")) {
        auto i = wb.findSheet(*want);
        if (!i) {
            std::string names;
            for (const auto& s : wb.sheets()) names += (names.empty() ? "" : ", ") + ("'" + s.name + "'");
            throw UsageError("the workbook has no sheet '" + *want + "'. Its sheets are: " + names + ".");
        }
        chosen.push_back(*i);
    } else {
        for (std::size_t i = 0; i < wb.sheets().size(); ++i) chosen.push_back(i);
    }
    std::ios::sync_with_stdio(false);
    if (args.flag("cells")) {
        std::cout << "sheet_index\tsheet\tcell\ttype\tvalue\tserial\n";
        for (std::size_t i : chosen) {
            CellsWriter w(std::cout, i + 1, wb.sheets()[i].name, wb.date1904());
            wb.readSheet(i, w);
        }
    } else if (args.flag("csv")) {
        if (!args.value("sheet")) {
            // Plain CSV holds one table: the first sheet with cells.
            chosen.erase(std::remove_if(chosen.begin(), chosen.end(), [&](std::size_t i) { return !wb.sheets()[i].hasCells(); }),
                         chosen.end());
            if (chosen.size() > 1) chosen.erase(chosen.begin() + 1, chosen.end());
        }
        for (std::size_t i : chosen) dumpCsv(wb, i, false);
    } else {
        std::cout << "# " << wb.path() << ": " << wb.sheets().size() << " sheets"
                  << (wb.date1904() ? ", 1904 date system" : "") << (wb.strict() ? ", Strict OOXML" : "") << "\n";
        for (std::size_t i : chosen) dumpCsv(wb, i, true);
    }
    std::cout.flush();
    return kExitOk;
}

} // namespace

Command dumpCommand() {
    return {"dump", "show what Impact reads in each sheet (CSV)",
            "Usage: impact dump WORKBOOK [--sheet NAME|NUMBER] [--csv | --cells]\n\n"
            "Shows what Impact reads in the workbook's sheets, as Excel shows the values: numbers in\n"
            "shortest round-trip form, dates in ISO 8601 (2025-03-12, 2025-03-12T09:30:00, 09:30:00),\n"
            "booleans TRUE/FALSE, errors as their text (#N/A). Formulas show their saved result.\n\n"
            "  --sheet NAME|N  only this sheet (its name, or its position from 1)\n"
            "  --csv           plain CSV of one sheet (the first sheet with cells unless --sheet)\n"
            "  --cells         one line per non-empty cell: sheet, cell, type, value, date serial\n\n"
            "Without --csv or --cells, each sheet's CSV follows a '#' line with its name, kind\n"
            "(worksheet, chartsheet...), visibility and merged ranges.\n",
            runDump};
}

} // namespace impact::cli
