// The package check (write/package_check.h), one rule family per method. Each method adds its
// findings to `problems` and what later ones need (parts, content types, relationships, the
// workbook's sheets, the style counts) to the checker. Private to engine/write.
#pragma once

#include "read/opc.h"
#include "read/package.h"
#include "write/package_check.h"
#include "write/xml_edit.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace impact::write {

class PackageChecker {
public:
    PackageChecker(const std::string& path, const CheckOptions& options) : path_(path), options_(options) {}

    /// Runs every check, in order; the problems name parts, not the file.
    PackageCheck run();

private:
    // package_check.cpp: the zip, content types, relationships, every XML part
    bool openPackage();
    void checkEntries();
    void verifyData();
    void checkContentTypes();
    void readContentTypes(const std::string& text);
    void checkRelationships();
    void checkRelsPart(const std::string& p);
    void checkTargetType(const read::Relationship& r, const std::string& target);
    void scanXmlParts();
    // package_check_workbook.cpp: the workbook part and the styles
    void checkWorkbook();
    void checkSheets(const XmlDoc& w, const std::vector<int>& sheets);
    void checkDefinedNames(const XmlDoc& w, int count);
    void checkViews(const XmlDoc& w, int count);
    void checkStyles();
    void checkStyleCounts(const XmlDoc& s, std::map<std::string, int>& counts, std::set<int>& numFmtIds);
    void checkXfs(const XmlDoc& s, const std::map<std::string, int>& counts, const std::set<int>& numFmtIds);

    void problem(const std::string& part, const std::string& what) { result_.problems.push_back(part + ": " + what); }
    /// A part's text; nothing (and a problem) if it cannot be read, nothing if it is missing.
    std::optional<std::string> readPart(const std::string& name);
    /// The part's content type from its Override, else its extension's Default; "" if none.
    std::string typeOf(const std::string& part) const;
    const std::vector<read::Relationship>& relsOf(const std::string& part) const;

    std::string path_;
    const CheckOptions& options_;
    PackageCheck result_;
    read::ReadLimits limits_;
    std::unique_ptr<read::Package> pkg_;
    std::vector<std::string> parts_;
    std::set<std::string> keys_;                                          ///< the parts' keys
    std::map<std::string, std::string> overrides_, defaults_;             ///< part key / extension -> content type
    std::map<std::string, std::vector<read::Relationship>> relsBySource_; ///< source key -> rels
    std::string wbPart_, stylesPart_;
    std::vector<std::string> worksheetParts_;
    int cellXfs_ = -1, dxfs_ = 0; ///< cellXfs -1: no styles part
};

/// The key a part is matched by in the check: no leading slash, lower case.
std::string checkKey(std::string name);

} // namespace impact::write
