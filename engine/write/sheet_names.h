// Sheet names as Excel compares and quotes them, and renaming sheets inside formulas.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace impact::write {

/// The longest sheet name Excel accepts, in UTF-16 code units.
inline constexpr std::size_t kMaxSheetName = 31;

/// A case-folded copy for comparing names as Excel does (case-insensitive), by foldCase(): Unicode
/// case folding and composition, spaces and punctuation kept.
std::string foldName(std::string_view utf8);
/// Length in UTF-16 code units, the unit of Excel's 31-character limit.
std::size_t utf16Length(std::string_view utf8);
/// `wanted` if no folded name in `taken` equals it; otherwise "wanted (2)", "wanted (3)", ...,
/// with `wanted` shortened (on a character boundary) so the result fits in 31 characters.
std::string uniqueSheetName(const std::string& wanted, const std::set<std::string>& takenFolded);
/// 'Name' with quotes doubled, as formulas write a sheet name.
std::string quoteSheetName(std::string_view name);
/// Rewrites the sheet references of a formula (or chart series, or hyperlink location) whose
/// folded sheet name is a key of `renames` to the new name, quoted. String literals, external
/// workbook references ([1]Sheet!A1) and structured references are left alone.
std::string renameSheetRefs(std::string_view formula, const std::map<std::string, std::string>& renames);

} // namespace impact::write
