// A check of the OOXML rules whose breach makes Excel offer to repair a workbook, as far as they
// can be checked without Excel: package structure, content types, relationships, the workbook's
// sheets and names, and style indexes.
#pragma once

#include <string>
#include <vector>

namespace impact::write {

struct CheckOptions {
    /// Inflate every part and verify its CRC and size.
    bool verifyData = true;
    /// When not empty, only these parts are parsed through (well-formedness, mc:Ignorable, style
    /// indexes); everything else is still checked. For comparing a rewritten package with its
    /// original, whose untouched parts are the same bytes.
    std::vector<std::string> scanOnly;
};

struct PackageCheck {
    /// One line per problem, "part: what is wrong". The same fault gives the same line in any
    /// file (no counts that change when formats are added), so two checks can be compared.
    std::vector<std::string> problems;
    bool ok() const { return problems.empty(); }
};

/// Checks: no duplicate or directory zip entries, local and central names agree, every part has a
/// content type and every Override names a part, every internal relationship target exists and
/// relationship ids are unique, every XML part is well-formed and declares the prefixes its
/// mc:Ignorable names; sheet names valid and unique (ignoring case), sheet ids and r:ids unique and
/// resolved, defined names' localSheetId valid and names unique per scope, activeTab/firstSheet in
/// range; styles' counts right and their font/fill/border/numFmt/xf references in range; every
/// cell/row/column style index below the cellXfs count and every dxfId below the dxfs count.
/// A file that cannot be opened at all gives a single problem.
PackageCheck checkPackage(const std::string& path, const CheckOptions& options = {});

} // namespace impact::write
