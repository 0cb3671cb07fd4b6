// Helpers for the `impact check` tests: small workbooks written at test time with libxlsxwriter,
// checked with check::checkWorkbook, and the issues they raise as comparable (rule, sheet, cell).
#pragma once

#include "check/check.h"
#include "read/grid.h"
#include "recognise/vocabulary.h"
#include "model/issue.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace impact::model {
/// A sheet kind in a failed assertion as its word ("attendance-long"), not a number.
inline void PrintTo(SheetKind kind, std::ostream* os) { *os << (kind == SheetKind::None ? "(none)" : sheetKindName(kind)); }
inline void PrintTo(Timepoint t, std::ostream* os) { *os << (t == Timepoint::None ? "(none)" : timepointName(t)); }
} // namespace impact::model

namespace impact::checktest {

/// One cell to write: blank, text, number, date (shown dd/mm/yyyy) or a formula with its cached value.
struct Cell {
    enum class Kind { Blank, Text, Number, Date, Formula };
    Kind kind = Kind::Blank;
    std::string text;
    double number = 0;
    int year = 0, month = 0, day = 0;

    Cell() = default;
    Cell(const char* t) : kind(t && *t ? Kind::Text : Kind::Blank), text(t ? t : "") {}
    Cell(const std::string& t) : kind(t.empty() ? Kind::Blank : Kind::Text), text(t) {}
    Cell(int n) : kind(Kind::Number), number(n) {}
    Cell(double n) : kind(Kind::Number), number(n) {}
};

Cell date(int year, int month, int day);
Cell formula(const std::string& formula, double cached);

using Row = std::vector<Cell>;

struct SheetSpec {
    std::string name;
    std::vector<Row> rows;              ///< from A1; a Row may be empty (a blank row)
    std::vector<std::string> merges = {}; ///< "A1:F1"
};

/// A directory for this test's workbooks, removed afterwards.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

/// Writes the sheets to `path` as an .xlsx.
void writeWorkbook(const std::string& path, const std::vector<SheetSpec>& sheets);

/// Writes the sheets to a temporary workbook and runs `impact check` on it.
check::CheckResult checkSheets(const std::vector<SheetSpec>& sheets);

/// What a test compares: the rule, the sheet and the cell (or "" for a whole-row or whole-sheet
/// issue, with the row given as "row N").
struct Flag {
    std::string rule, sheet, cell;
    auto operator<=>(const Flag&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Flag& f);
using Flags = std::multiset<Flag>;

Flag flagOf(const model::Issue& issue);
/// Every issue raised under `rule`.
Flags flagged(const check::CheckResult& result, const std::string& rule);
/// Every issue at `severity`.
Flags flaggedAt(const check::CheckResult& result, model::Severity severity);
/// All issues, one a line, for failure messages.
std::string describe(const check::CheckResult& result);

/// The sheet report for `name`, or nullptr.
const model::SheetReport* sheetReport(const check::CheckResult& result, const std::string& name);

const recognise::Vocabulary& vocab();

} // namespace impact::checktest
