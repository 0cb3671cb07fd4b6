// `impact init`: a new coordinator workbook, written beside its final name and moved into place.
#pragma once

#include <string>
#include <vector>

namespace impact::init {

struct InitOptions {
    bool force = false;       ///< replace an existing file
    bool examples = true;     ///< write the example rows
    std::string templatePath; ///< the description; "" for templates/workbook/coordinator.json
};

struct InitResult {
    std::string path;
    std::vector<std::string> sheets; ///< in order, the instructions sheet first
    std::size_t exampleRows = 0;
    bool replaced = false;           ///< an existing file was replaced (--force)
};

/// Makes the workbook at `path` (.xlsx only). Refuses an existing file unless `force` (WriteError,
/// exit 3), and a workbook open in Excel (its ~$ lock file) even then. The workbook is written to
/// a temporary file in the same folder and moved into place only when complete.
/// Throws UsageError for a name that is not .xlsx, ReadError for a broken template, WriteError
/// when the folder cannot be written.
InitResult createWorkbook(const std::string& path, const InitOptions& options);

} // namespace impact::init
