// The steps of graftSheets (write/graft.h), in the order it runs them, and what they hand on to
// each other. Each step reads what the earlier ones found and adds to the Graft. Private to
// engine/write.
#pragma once

#include "write/graft.h"
#include "write/graft_source.h"
#include "write/xml_edit.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace impact::write {

/// A sheet of the coordinator's workbook, as its <sheets> lists it.
struct OriginalSheet {
    int node;                    ///< the <sheet> element in the workbook part
    std::string name, rid, type; ///< type: the relationship's kind ("worksheet", "chartsheet")
    int sheetId;
    bool hidden;
};

/// The coordinator's workbook part, its relationships and content types, as found.
struct Original {
    std::string wbPart, wbRelsPart, appPart;
    std::unique_ptr<XmlDoc> wb, wbRels, ct;
    std::vector<Rel> wbRelList; ///< the workbook's relationships, with their nodes in wbRels
    std::vector<OriginalSheet> sheets;
};

/// A sheet of the generated workbook, and the name and part it gets in the output.
struct GeneratedSheet {
    std::string name, newName, relType, part, newPart, state;
};

/// The generated workbook, as found.
struct Generated {
    std::string wbPart, stylesPart, themePart;
    std::unique_ptr<XmlDoc> wb, ct;
    std::vector<GeneratedSheet> sheets;
    std::vector<std::string> sharedStrings; ///< serialised <si> contents, for sheets not written in constant_memory
};

/// A part added to the output.
struct NewPart {
    std::string name;
    std::string data;
    std::string contentType; ///< "" for a relationships part (the "rels" Default covers it)
};

/// What the output changes: built up by the steps, written by writePackage.
struct Changes {
    std::set<int> removed;                      ///< indexes into Original::sheets: the sheets a previous run added
    std::set<std::string> removedRids;          ///< the workbook's relationships dropped with them
    std::set<std::string> deleted;              ///< part keys not copied
    std::set<std::string> used;                 ///< part keys in the output
    std::map<std::string, std::string> renames; ///< folded generated sheet name -> its new name
    std::vector<int> xfMap, dxfMap;             ///< generated style indexes -> the output's
    std::vector<NewPart> newParts;
    std::vector<std::pair<std::string, std::string>> newWbRels; ///< (type, target part): styles, theme, then the sheets
    std::vector<std::string> newWbRelIds;                       ///< the ids chosen for newWbRels, in order
    std::map<std::string, std::string> genToNew;                ///< generated part key -> output name
    std::map<std::string, std::string> replaced;                ///< part key -> new content
};

/// One graft: the two packages, the options, and what the steps found and decided.
struct Graft {
    const Source& src;
    const Source& gen;
    const GraftOptions& opts;
    Original original;
    Generated generated;
    Changes changes;

    /// The coordinator's sheets that stay.
    std::size_t keptCount() const { return original.sheets.size() - changes.removed.size(); }
};

/// Refuses a workbook saved as Strict Open XML (WriteError).
[[noreturn]] void refuseStrict(const std::string& path);

/// A part name like `wanted` ("xl/worksheets/sheet1.xml") not used in the output: the same folder
/// and stem with the smallest free number. Marks it used.
std::string allocatePart(Changes& changes, const std::string& wanted);

// ---- the steps, in order (graft.cpp runs them) -------------------------------------------------

/// The coordinator's workbook part, its relationships, content types and sheets (graft_original.cpp).
void readOriginal(Graft& g);
/// The sheets a previous run added (marked), and the parts only they used (graft_removal.cpp).
void findRemovals(Graft& g);
/// The generated workbook's sheets, styles, theme and shared strings (graft_generated.cpp).
void readGenerated(Graft& g);
/// Unique names for the generated sheets beside the coordinator's (graft_generated.cpp).
void nameSheets(Graft& g);
/// The generated formats merged into the coordinator's styles; a theme when they have none
/// (graft_generated.cpp).
void mergeStylesAndTheme(Graft& g);
/// Each generated sheet and what it uses, under free names, restyled and renamed (graft_copy.cpp).
void copyGeneratedParts(Graft& g);
/// The workbook's relationships, then the workbook part itself (graft_workbook.cpp).
void editWorkbook(Graft& g);
/// [Content_Types].xml (graft_properties.cpp).
void editContentTypes(Graft& g);
/// The app properties' list of worksheet names (graft_properties.cpp).
void editAppProperties(Graft& g);

/// A generated sheet, chartsheet or chart part with the output's style indexes, inline strings
/// and renamed sheet references (graft_rewrite.cpp).
std::string rewriteGeneratedPart(const Graft& g, const std::string& data, const std::string& what);

/// The marker's value for a sheet (graft_removal.cpp): see markedAsOurs there.
std::string markerValue(int sheetId, const std::string& name);

} // namespace impact::write
