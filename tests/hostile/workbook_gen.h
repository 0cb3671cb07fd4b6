// Minimal valid workbooks, as lists of parts that tests then vary and write with ZipWriter.
#pragma once

#include "zip_writer.h"

#include <string>
#include <utility>
#include <vector>

namespace impact::testing {

inline constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

struct Part {
    std::string name;
    Content content;
    EntryOptions options;
};

/// A workbook as the parts of its zip, in the order they are written.
struct WorkbookParts {
    std::vector<Part> parts;

    /// The part named `name` (exactly), or nullptr.
    Part* find(const std::string& name);
    /// Replaces the content of `name`, or adds the part at the end.
    Part& set(const std::string& name, Content content, EntryOptions options = {});
    void remove(const std::string& name);
    /// Writes the zip; returns its size in bytes.
    std::uint64_t write(const std::string& path) const;
};

/// One sheet of a generated workbook: its name and the target its relationship gives.
struct SheetRef {
    std::string name;
    std::string target; ///< as written in xl/_rels/workbook.xml.rels
};

/// `<worksheet ...>` + before + `<sheetData>` + rows + `</sheetData>` + after + `</worksheet>`.
std::string sheetXml(const std::string& rows, const std::string& before = "", const std::string& after = "");
std::string sheetXmlOpen(const std::string& before = "");   ///< up to and including <sheetData>
std::string sheetXmlClose(const std::string& after = "");   ///< from </sheetData> on
/// `<sst ...>` with one `<si><t>` per string.
std::string sharedStringsXml(const std::vector<std::string>& strings, const std::string& countAttrs = "");
/// xl/workbook.xml listing these sheets (r:id rId1..rIdN).
std::string workbookXml(const std::vector<SheetRef>& sheets);
/// xl/_rels/workbook.xml.rels for these sheets, plus sharedStrings.xml as rId{N+1} if wanted.
std::string workbookRelsXml(const std::vector<SheetRef>& sheets, bool sharedStrings = true);

/// A minimal valid workbook: one sheet "Sheet1" with A1 = 42, B1 = shared string "hello",
/// C1 = inline string "inline"; content types, package and workbook relationships.
WorkbookParts minimalWorkbook();
/// The same skeleton with these sheets (their parts are not added: tests add what they need).
WorkbookParts workbookSkeleton(const std::vector<SheetRef>& sheets, bool sharedStrings = true);

/// The sheet of minimalWorkbook().
std::string minimalSheet();

} // namespace impact::testing
