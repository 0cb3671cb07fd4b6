// Recognising a sheet's layout: where its header row is, what each column holds, and which
// kind of sheet it is (SPEC "The workbook").
#pragma once

#include "read/grid.h"
#include "recognise/vocabulary.h"

#include <optional>
#include <string>
#include <vector>

namespace impact::recognise {

struct Column {
    std::uint32_t col = 0;
    std::string header; ///< the header as read, merged parents joined ("Q3 (before)")
    std::string field;  ///< the field it holds, "" if none
    bool exact = false; ///< the header matched a field's word exactly
};

struct SheetLayout {
    std::string kind; ///< "" if not recognised
    std::uint32_t headerRow = 0;
    std::vector<Column> columns;              ///< every column with a header
    std::vector<std::uint32_t> sessionColumns;  ///< register: one column per session
    std::vector<std::uint32_t> questionColumns; ///< survey: columns holding answers
    int score = 0;
    /// The column holding `field`, if any.
    std::optional<std::uint32_t> column(std::string_view field) const;
    const Column* columnAt(std::uint32_t col) const;
};

/// The header of column `col` in row `row`, with merged cells taken into account: a blank
/// cell inside a merged range takes the range's text; a timepoint sub-header under a question
/// merged across it becomes "Question (Before)"; a title merged above the headers is ignored.
std::string headerLabel(const read::Grid& grid, std::uint32_t row, std::uint32_t col, const Vocabulary& vocab);

/// The best layout for the sheet, or one with an empty kind.
SheetLayout recogniseLayout(const read::Grid& grid, const Vocabulary& vocab);

/// Whether the sheet is a key/value list of partnership settings; fills `keys` with the
/// setting name for each row that holds one.
bool looksLikeSettings(const read::Grid& grid, const Vocabulary& vocab);

/// Whether a header names a session of a register: a date, "Session 3", "Week 2", "Lesson 4".
bool isSessionHeader(const read::Grid& grid, std::uint32_t row, std::uint32_t col);

} // namespace impact::recognise
