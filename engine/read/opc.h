// Open Packaging Conventions: relationships, part-name resolution, content types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace impact::read {

struct Relationship {
    std::string id;
    std::string type;   ///< full type URI
    std::string target; ///< as written
    bool external = false;
    /// The last segment of the type URI ("worksheet", "officeDocument", "styles" ...), which is
    /// the same in Transitional and Strict.
    std::string_view kind() const {
        auto slash = type.rfind('/');
        return slash == std::string::npos ? std::string_view(type) : std::string_view(type).substr(slash + 1);
    }
};

/// Parses a .rels part.
std::vector<Relationship> parseRelationships(std::string_view xml, const std::string& what);
/// The .rels part that describes `part` ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels").
std::string relationshipsPartFor(const std::string& part);
/// Resolves a relationship target against the part that holds it: relative, absolute ("/xl/…"),
/// "./" and ".." segments, %-escapes.
std::string resolveTarget(const std::string& sourcePart, const std::string& target);

/// The content type [Content_Types].xml gives the part ("/xl/workbook.xml"), or "".
std::string contentTypeOf(std::string_view contentTypesXml, const std::string& part, const std::string& what);

} // namespace impact::read
