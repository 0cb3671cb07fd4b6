// Helpers for the write tests: workbooks made at test time, package comparisons, cell dumps,
// LibreOffice conversions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace impact::test {

/// A fresh directory, removed with everything in it when this goes out of scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& data);
void copyFile(const std::string& from, const std::string& to);
bool fileExists(const std::string& path);

/// A corpus workbook's path (tests skip when the corpus is not there).
std::string corpusFile(const std::string& name);

/// The generated workbook: libxlsxwriter, constant_memory, two sheets ("Impact Summary",
/// "Impact Data Issues"), £ and % formats, a bold filled header, a column chart, a conditional
/// format, a hyperlink to a cell of the other sheet, frozen panes.
void makeGenerated(const std::string& path);
/// A coordinator's workbook written by libxlsxwriter (shared strings): "Budget" (text, numbers,
/// dates, £), a chart, global and sheet-scoped defined names, print titles, and a sheet of the
/// coordinator's own called "Impact Summary".
void makeLxwOriginal(const std::string& path);
/// A workbook as a previous run leaves it after the user moved Impact's sheet first: "Impact
/// Summary" (marked), "Budget" (with a sheet-scoped name), "Notes"; Budget active.
void makeMovedOriginal(const std::string& path);
/// A workbook written by openpyxl and re-saved by LibreOffice (data descriptors, no theme),
/// made once and cached beside the test binary.
std::string loOriginal();

/// Every part: name -> (compressed bytes, inflated bytes).
struct PartBytes {
    std::string compressed, inflated;
    std::uint16_t method = 0;
};
std::map<std::string, PartBytes> partsOf(const std::string& path);

/// Every cell of every sheet as text ("B3 number 12.5 date" ...), per sheet name, in order.
std::vector<std::pair<std::string, std::vector<std::string>>> cellsOf(const std::string& path);

/// Whether CMake found LibreOffice (soffice): the tests that need it skip without it.
bool haveSoffice();

/// Converts each file to CSV with LibreOffice in one run (every sheet: "<stem>-<Sheet>.csv", values
/// as formatted). Returns false if soffice is not available.
bool convertToCsv(const std::vector<std::string>& files, const std::string& outDir);
/// Converts each file to .xlsx with LibreOffice (a re-save), into outDir.
bool convertToXlsx(const std::vector<std::string>& files, const std::string& outDir);

/// A copy of the package at `from` with the named parts replaced (or added), written with the
/// engine's zip writer; for making broken packages.
void rewritePackage(const std::string& from, const std::string& to, const std::map<std::string, std::string>& replace,
                    bool addDirectoryEntry = false);

} // namespace impact::test
