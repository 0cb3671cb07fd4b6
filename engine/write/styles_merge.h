// Merging the generated workbook's formats into the coordinator's styles part.
#pragma once

#include <string>
#include <vector>

namespace impact::write {

struct StylesMerge {
    std::string xml;          ///< the coordinator's styles part with ours appended
    std::vector<int> xfMap;   ///< generated cellXfs index -> index in `xml`
    std::vector<int> dxfMap;  ///< generated dxfs index -> index in `xml`
};

/// Appends the generated styles' number formats, fonts, fills, borders, cell style formats,
/// named cell styles, cell formats and differential formats to `original`, reusing any that is
/// already there (so running again adds nothing), and renumbering custom number formats. Only
/// the containers that grow are touched, by splicing their text; missing containers are created
/// in schema order. The generated default format (index 0) maps to the workbook's default.
StylesMerge mergeStyles(const std::string& original, const std::string& generated, const std::string& what);

} // namespace impact::write
