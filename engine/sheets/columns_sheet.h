// The "Impact Columns" sheet Impact proposes (SPEC "Column roles come from evidence"): one row per
// column it used, with the role it took the column to hold and why. Like the proposed indicators
// sheet, it is written once, without the generated marker: from then on it is the coordinator's,
// and engine/recognise/column_overrides.h reads their corrections back from it.
#pragma once

#include "check/check.h"
#include "recognise/vocabulary.h"
#include "sheets/sheet_table.h"

#include <xlsxwriter.h>

namespace impact::sheets {

/// Whether the summary workbook proposes the sheet: the workbook has none yet, and some column
/// of it has a role.
bool proposesColumnsSheet(const check::CheckResult& result);

/// Adds the sheet: a frozen header row (Sheet, Column, Header, Role, Reason), one row per column
/// with a role, a drop-down of the roles Impact knows on the Role column, and beside the table the
/// list of those roles.
void columnsSheet(lxw_workbook* wb, Formats& f, const check::CheckResult& result, const recognise::Vocabulary& vocab);

} // namespace impact::sheets
