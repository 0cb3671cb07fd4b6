// The coordinator's corrections to the column roles: the "Impact Columns" sheet (SPEC "Column roles
// come from evidence"). Impact writes it once (engine/sheets/columns_sheet.h); from then on it is
// the coordinator's, and a Role written there wins over every guess.
#pragma once

#include "model/records.h"
#include "read/grid.h"
#include "recognise/vocabulary.h"
#include "model/issue.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace impact::recognise {

/// The name Impact gives the sheet (it is recognised by this name in any case, or by its headers).
inline constexpr std::string_view kColumnsSheetName = "Impact Columns";
/// Its header row, in the order Impact writes it; the reader finds each by its word, in any order.
inline constexpr std::array<std::string_view, 5> kColumnsSheetHeaders = {"Sheet", "Column", "Header", "Role", "Reason"};

/// Every role a coordinator may write: each field of the vocabulary ("pupil_name"...), then
/// "question", "session" and "ignore".
std::vector<std::string> knownRoles(const Vocabulary& vocab);

/// The known role `text` names ("Pupil name", "PUPIL_NAME", "pupil-name" → "pupil_name"), or "".
std::string roleFromText(std::string_view text, const Vocabulary& vocab);

/// Whether the sheet is an Impact Columns sheet: its name, or a header row (in its first rows)
/// naming Sheet, Column and Role.
bool isColumnsSheet(const read::Grid& grid);

/// The overrides the sheet's rows state: one per row naming a sheet and a Role (a row whose Role
/// is blank leaves the column to Impact's guess). `sheetNames` are the workbook's sheets: a row
/// naming another sheet, a Column that is not a letter, or a Role Impact does not know is reported
/// as a warning at its cell and left out. `rows` is set to the number of rows read.
std::vector<model::ColumnOverride> readColumnOverrides(const read::Grid& grid, const Vocabulary& vocab,
                                                       const std::vector<std::string>& sheetNames,
                                                       model::IssueList& issues, std::uint32_t& rows);

/// The overrides for one sheet (by name, as Excel compares them: case ignored).
std::vector<model::ColumnOverride> overridesFor(const std::vector<model::ColumnOverride>& all, const std::string& sheet);

} // namespace impact::recognise
