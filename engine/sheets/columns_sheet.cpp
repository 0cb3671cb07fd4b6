#include "sheets/columns_sheet.h"

#include "read/cell.h"
#include "recognise/column_overrides.h"

#include <algorithm>
#include <string>

namespace impact::sheets {

namespace {

/// The roles Impact knows are listed in this column (G, after a blank one), beside the table, for the Role drop-down:
/// too long for a drop-down's own list (Excel's limit is 255 characters), and the coordinator sees them.
constexpr lxw_col_t kRoleListColumn = static_cast<lxw_col_t>(recognise::kColumnsSheetHeaders.size()) + 1;
constexpr lxw_col_t kRoleColumn = 3; // "Role" in kColumnsSheetHeaders

struct Used {
    const model::SheetReport* sheet;
    const model::ColumnRole* column;
};

std::vector<Used> columnsUsed(const check::CheckResult& result) {
    std::vector<Used> used;
    for (const auto& s : result.model.sheets)
        for (const auto& c : s.columns)
            if (!c.role.empty()) used.push_back({&s, &c});
    return used;
}

} // namespace

bool proposesColumnsSheet(const check::CheckResult& result) {
    return !result.model.hasColumnsSheet && !columnsUsed(result).empty();
}

void columnsSheet(lxw_workbook* wb, Formats& f, const check::CheckResult& result, const recognise::Vocabulary& vocab) {
    const std::vector<Used> used = columnsUsed(result);
    const std::vector<std::string> roles = recognise::knownRoles(vocab);
    SheetTable t{std::string(recognise::kColumnsSheetName)};
    t.row();
    for (auto h : recognise::kColumnsSheetHeaders) t.text(std::string(h), f.header);
    t.blank().text("Roles Impact knows", f.header);
    // Rows are written in order (constant memory): each holds a column used, a known role, or both.
    for (std::size_t i = 0; i < std::max(used.size(), roles.size()); ++i) {
        t.row();
        if (i < used.size()) {
            const Used& u = used[i];
            t.text(u.sheet->name, f.text).text(read::columnName(u.column->col), f.text).text(u.column->header, f.text)
                .text(u.column->role, f.text).text(u.column->reason, f.muted);
        } else {
            for (std::size_t k = 0; k < recognise::kColumnsSheetHeaders.size(); ++k) t.blank();
        }
        t.blank();
        if (i < roles.size()) t.text(roles[i], f.muted);
    }
    t.setMaxWidth(2, 40);
    t.setMaxWidth(4, 60);
    lxw_worksheet* ws = t.write(wb, 1);

    // A drop-down of the known roles on every row of the table and the rows under it, so that a
    // correction is a click; a role typed with spaces ("Pupil name") is allowed after a warning,
    // since the reader accepts it.
    const std::string listRange = "=$" + read::columnName(kRoleListColumn) + "$2:$" + read::columnName(kRoleListColumn) + "$" +
                                  std::to_string(roles.size() + 1);
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = const_cast<char*>(listRange.c_str());
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    dv.input_title = const_cast<char*>("What this column holds");
    dv.input_message = const_cast<char*>("If Impact got it wrong, choose the right role, or \"ignore\" to leave the column "
                                         "out. Your role wins from the next run on. Clear it to let Impact guess again.");
    const std::string error = "Impact knows the roles listed in column " + read::columnName(kRoleListColumn) +
                              ". A role it does not know is reported and not used.";
    dv.error_title = const_cast<char*>("Not a role Impact knows");
    dv.error_message = const_cast<char*>(error.c_str());
    worksheet_data_validation_range(ws, 1, kRoleColumn, static_cast<lxw_row_t>(std::max(used.size(), roles.size()) + 50),
                                    kRoleColumn, &dv);
}

} // namespace impact::sheets
