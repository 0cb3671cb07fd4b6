// Telling what a file is before trying to read it as a workbook.
#pragma once

#include <string>

namespace impact::read {

/// Throws ReadError with a one-line explanation and what to do if `path` is not a zip
/// package: empty, an Excel 97-2003 .xls, an encrypted (password-protected) workbook, Excel's
/// lock file, a CSV or other text file, or something else. Returns normally for a zip.
void requireZipPackage(const std::string& path);

} // namespace impact::read
