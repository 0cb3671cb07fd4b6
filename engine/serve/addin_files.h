// The task pane's static files: where they are, which of them may be served, and as what type.
#pragma once

#include <optional>
#include <string>

namespace impact::serve {

/// The Office add-in's folder: $IMPACT_ADDIN_DIR if set, else share/impact/addin/office beside the
/// installed program, else addin/office in the source tree (the templates folder's sibling).
std::string addinDir();

/// The MIME type served for a file name, or nullopt for a type the service does not serve.
std::optional<std::string> mimeType(const std::string& fileName);

struct StaticLookup {
    int status = 200;      ///< 200, 403 (a path that tries to leave the folder) or 404
    std::string file;      ///< the file to serve when 200
    std::string mime;
};

/// Resolves a request path ("/", "/taskpane.js", percent-encoded) to a regular file inside `root`.
/// "/" is taskpane.html. Refuses "..", backslashes, NUL, hidden files and anything whose real
/// path (symbolic links followed) is outside `root`.
StaticLookup lookupStatic(const std::string& root, const std::string& requestPath);

} // namespace impact::serve
