// Recognising a sheet's layout: where its header row is, what each column holds, and which
// kind of sheet it is (SPEC "The workbook").
#pragma once

#include "model/records.h"
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
    std::string reason; ///< why it holds `field` (or is a question/session/ignored), in words
    model::RoleSource source = model::RoleSource::Guessed;
    bool ignored = false; ///< the coordinator said "ignore"
};

/// The rows under a layout's header that hold data: rows with text in one of its columns, up to
/// a totals row (its first text says "Total", "Grand total"...), which ends the table.
struct TableRows {
    std::vector<std::uint32_t> rows;
    std::optional<std::uint32_t> totalsRow; ///< the totals row, if one ended the table
    std::string totalsLabel;                ///< its first text
};
struct SheetLayout {
    model::SheetKind kind = model::SheetKind::None; ///< None if not recognised
    std::uint32_t headerRow = 0;
    std::vector<Column> columns;              ///< every column with a header
    std::vector<std::uint32_t> sessionColumns;  ///< register: one column per session
    std::vector<std::uint32_t> questionColumns; ///< survey: columns holding answers
    int score = 0;
    /// Recognised by its header row alone: nothing is typed under the headers yet.
    bool headerOnly = false;
    /// Its data rows (tableRows()), worked out once when it is recognised.
    TableRows table;
    /// The column holding `field`, if any.
    std::optional<std::uint32_t> column(std::string_view field) const;
    const Column* columnAt(std::uint32_t col) const;
};

/// The header of column `col` in row `row`, with merged cells taken into account: a blank
/// cell inside a merged range takes the range's text; a timepoint sub-header under a question
/// merged across it becomes "Question (Before)"; a title merged above the headers is ignored.
std::string headerLabel(const read::Grid& grid, std::uint32_t row, std::uint32_t col, const Vocabulary& vocab);

/// The best layout for the sheet, or one with an empty kind. A header row with rows under it
/// is recognised by its headers and what the rows hold; only when there is none, a header row
/// with nothing under it yet is recognised by its headers alone (`headerOnly`), which must then
/// name every field the kind needs with one of its exact words.
/// `overrides` are the coordinator's roles for this sheet's columns (the "Impact Columns" sheet):
/// they win over every guess.
SheetLayout recogniseLayout(const read::Grid& grid, const Vocabulary& vocab,
                            const std::vector<model::ColumnOverride>& overrides = {});

/// The role of a layout's column as reported (check --json, the Impact Columns sheet): its field,
/// "question", "session", "ignore", or "" if not used.
std::string columnRole(const SheetLayout& layout, const Column& c);

TableRows tableRows(const read::Grid& grid, const SheetLayout& layout, const Vocabulary& vocab);
/// The same from row `first` on (a chunk of a long sheet streamed below its first rows).
TableRows tableRowsFrom(const read::Grid& grid, const SheetLayout& layout, const Vocabulary& vocab, std::uint32_t first);
/// `rows` up to the first that is a totals row under `columns`.
std::vector<std::uint32_t> untilTotals(const read::Grid& grid, const std::vector<std::uint32_t>& rows, const std::vector<Column>& columns,
                                       const Vocabulary& vocab);

/// Whether the sheet is a key/value list of partnership settings: at least two rows name a
/// setting and have a value beside the name.
bool looksLikeSettings(const read::Grid& grid, const Vocabulary& vocab);

/// Whether the sheet is a list of partnership settings not filled in yet: fewer than two values,
/// but at least two rows, and most of the rows that hold text, name a setting. `filled` is set
/// to the number of settings that have a value.
bool looksLikeUnfilledSettings(const read::Grid& grid, const Vocabulary& vocab, std::uint32_t& filled);

/// Whether a header names a session of a register: a date, "Session 3", "Week 2", "Lesson 4".
bool isSessionHeader(const read::Grid& grid, std::uint32_t row, std::uint32_t col);

} // namespace impact::recognise
