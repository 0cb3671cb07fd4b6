// A package opened for grafting (the coordinator's workbook or the generated one): its parts by
// name, their text and their relationships. Private to engine/write.
#pragma once

#include "read/package.h"
#include "read/zip_directory.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace impact::write {

/// The key a part is matched by: forward slashes, no leading slash, lower case (OPC part names
/// are case-insensitive).
std::string partKey(std::string name);

/// The last segment of a relationship type ("…/relationships/worksheet" -> "worksheet").
std::string kindOf(const std::string& type);

/// A relationship; `node` is its element when parsed for editing with XmlDoc (write/graft_xml.h).
struct Rel {
    std::string id, type, target;
    bool external = false;
    int node = -1;
};

/// One package opened for reading, through the reader's verified index. Throws ReadError for what
/// the reader refuses, and for encrypted entries and names repeated but for case or slashes, which
/// a copy of the package would carry over.
class Source {
public:
    explicit Source(const std::string& path);

    const std::string& path() const { return path_; }
    /// Every entry of the zip, in physical order: what the rewritten package copies.
    const read::ZipDirectory& zip() const { return package_.zip(); }
    bool has(const std::string& part) const { return names_.count(partKey(part)) > 0; }
    /// The part's name as stored (case and all).
    std::string nameOf(const std::string& part) const;
    /// Part key -> stored name, for every part.
    const std::map<std::string, std::string>& names() const { return names_; }
    /// "FILE: part 'NAME'", for messages.
    std::string label(const std::string& part) const { return path_ + ": part '" + part + "'"; }
    /// The whole part (ReadError if it is missing).
    std::string read(const std::string& part) const;
    /// The relationships of `part` ("" for the package itself).
    std::vector<Rel> rels(const std::string& part) const;
    /// The internal target of `r` (from `part`) as stored in the package, or "" if it is not there.
    std::string target(const std::string& part, const Rel& r) const;

private:
    std::string path_;
    read::ReadLimits limits_;
    read::Package package_;
    std::map<std::string, std::string> names_; ///< key -> stored name
};

/// Every part reachable from `starts` through internal relationships (keys), skipping the
/// relationships of `skipFrom` whose ids are in `skipIds`.
std::set<std::string> closure(const Source& s, const std::vector<std::string>& starts, const std::string& skipFrom = {},
                              const std::set<std::string>& skipIds = {});

} // namespace impact::write
