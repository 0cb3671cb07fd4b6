// Writes a workbook description with libxlsxwriter: the instructions sheet, then each sheet with
// a bold frozen header row, column widths and formats, drop-downs and the example rows.
#pragma once

#include "init/drop_downs.h"
#include "init/workbook_template.h"

#include <string>

namespace impact::init {

struct WriteOptions {
    bool examples = true;  ///< write the example rows (else only the fixed columns' cells)
    std::string fileName;  ///< the workbook's name as the instructions show it ("{file}")
};

/// Writes the workbook to `path` (overwriting it). Throws WriteError if libxlsxwriter fails.
void writeWorkbook(const WorkbookTemplate& description, const DropDowns& lists, const std::string& path,
                   const WriteOptions& options);

} // namespace impact::init
