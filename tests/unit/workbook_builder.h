// Test helpers: small workbooks made at test time, and a reader that keeps every cell of a sheet.
//
// Workbooks are written either with libxlsxwriter (where it can express the quirk) or by hand:
// a {part name -> content} list zipped by writeZip(), with buildPackage() filling in the usual
// parts ([Content_Types].xml, the relationships, workbook.xml) for the common case.
#pragma once

#include "read/cell.h"
#include "read/workbook.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace impact::test {

// ---- namespaces and relationship types -------------------------------------------------------

inline constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
inline constexpr const char* kContentTypesNs = "http://schemas.openxmlformats.org/package/2006/content-types";
inline constexpr const char* kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
inline constexpr const char* kStrictMainNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
inline constexpr const char* kStrictRelNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";
inline constexpr const char* kStrictRelType = "http://purl.oclc.org/ooxml/officeDocument/relationships/";
inline constexpr const char* kMacroRelType = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet";
inline constexpr const char* kIntlMacroRelType =
    "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet";

// ---- files ---------------------------------------------------------------------------------

/// A unique path in the test temp directory, removed when this goes out of scope.
class TempFile {
public:
    explicit TempFile(std::string_view stem, std::string_view extension = ".xlsx");
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct ZipEntry {
    std::string name; ///< written exactly as given (backslashes and all)
    std::string data;
    bool deflate = true;
};

/// Writes a zip archive (no zip64) holding `entries` in order. With `dataDescriptors`, each local
/// header has zero CRC and sizes and a data descriptor follows the data, as streaming writers do.
void writeZip(const std::string& path, const std::vector<ZipEntry>& entries, bool dataDescriptors = false);

/// The inflated text of one part of a package, read with the engine's own package index.
std::string partText(const std::string& path, const std::string& part);

// ---- hand-made packages --------------------------------------------------------------------

/// A worksheet part: <worksheet> in the main namespace with `before`, <sheetData>, `after`.
std::string worksheetXml(std::string_view sheetData, std::string_view after = "", std::string_view before = "");
/// A shared-string part around `items` (a run of <si> elements).
std::string sstXml(std::string_view items);
/// A styles part with these custom number formats and one cell format (xf) per numFmtId, in order.
std::string stylesXml(const std::vector<std::pair<std::uint32_t, std::string>>& numFmts,
                      const std::vector<std::uint32_t>& xfNumFmtIds);

struct SheetSpec {
    std::string name;
    std::string xml;    ///< the part's content
    std::string state;  ///< "", "hidden" or "veryHidden"
    std::string relType; ///< full relationship type URI; "" = worksheet
    std::string part;   ///< package part name; "" = xl/worksheets/sheetN.xml
};

struct PackageSpec {
    std::vector<SheetSpec> sheets;
    std::optional<std::string> sharedStrings; ///< xl/sharedStrings.xml
    std::optional<std::string> styles;        ///< xl/styles.xml
    std::string workbookPrAttributes;         ///< e.g. date1904="1"
};

/// A complete Transitional package in the usual layout (xl/workbook.xml ...).
std::vector<ZipEntry> buildPackage(const PackageSpec& spec);
/// buildPackage, zipped to `path`.
void writePackage(const std::string& path, const PackageSpec& spec);

// ---- reading -------------------------------------------------------------------------------

struct CellValue {
    read::CellType type = read::CellType::Empty;
    read::DateParts dateParts = read::DateParts::None;
    double number = 0;
    std::string text;  ///< Cell::text, copied
    std::string shown; ///< cellText()
};

struct SheetData {
    bool date1904 = false;
    std::map<std::pair<std::uint32_t, std::uint32_t>, CellValue> cells; ///< (row, col) -> value
    std::vector<std::uint32_t> rows;                                   ///< row indices, as visited
    std::vector<std::vector<std::uint32_t>> columns;                   ///< per visited row, its columns
    read::SheetSummary summary;

    /// The cell at "B3", or nullptr if the reader reported none there.
    const CellValue* at(std::string_view a1) const;
};

/// Reads a whole sheet into memory.
SheetData readAll(const read::Workbook& wb, std::size_t index);
/// Opens `path` and reads its sheet at `index`.
SheetData readAll(const std::string& path, std::size_t index = 0);

const char* typeName(read::CellType type);
const char* partsName(read::DateParts parts);

/// The cell at `a1` has this type and shows this text.
::testing::AssertionResult cellIs(const SheetData& sheet, std::string_view a1, read::CellType type,
                                  std::string_view shown);
/// The cell at `a1` is a Date with these parts that shows this text.
::testing::AssertionResult dateIs(const SheetData& sheet, std::string_view a1, read::DateParts parts,
                                  std::string_view shown);
/// The reader reported nothing at `a1` (an Empty cell).
::testing::AssertionResult cellEmpty(const SheetData& sheet, std::string_view a1);

} // namespace impact::test
