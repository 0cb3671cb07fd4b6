// The task pane's static files: where they are, which of them may be served, and as what type.
#pragma once

#include <optional>
#include <set>
#include <string>

namespace impact::serve {

/// The Office add-in's folder: $IMPACT_ADDIN_DIR if set, else share/impact/addin/office beside the
/// installed program, else addin/office in the source tree (the templates folder's sibling).
std::string addinDir();

/// The MIME type served for a file name, or nullopt for a type the service does not serve.
std::optional<std::string> mimeType(const std::string& fileName);

/// The name of the allowlist inside the add-in's folder: one relative path a line ("icon-32.png",
/// "assets/logo.png"); blank lines and lines starting with '#' are ignored.
inline constexpr const char* kServedFilesList = "served-files.txt";

/// The files of `root` that may be served, read from its served-files.txt. Empty when the list is
/// missing or unreadable: then nothing is served (the folder also holds node_modules/, tests and
/// tools, which must never be reachable).
std::set<std::string> servedFiles(const std::string& root);

struct StaticLookup {
    int status = 200;      ///< 200, 403 (a path that tries to leave the folder) or 404 (also: not listed)
    std::string file;      ///< the file to serve when 200
    std::string mime;
};

/// Resolves a request path ("/", "/taskpane.js", percent-encoded) to a regular file inside `root`.
/// "/" is taskpane.html. Only files listed in root's served-files.txt are served (404 otherwise);
/// the list is read on each call, so an edit needs no restart. Refuses "..", backslashes, NUL,
/// hidden files and anything whose real path (symbolic links followed) is outside `root`.
StaticLookup lookupStatic(const std::string& root, const std::string& requestPath);

} // namespace impact::serve
