#include "serve/addin_files.h"

#include "common/paths.h"
#include "platform/path_text.h"

#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace impact::serve {

namespace fs = std::filesystem;

std::string addinDir() {
    if (std::string env = environmentValue("IMPACT_ADDIN_DIR"); !env.empty()) return env;
    if (std::string installed = installedDataDir("addin/office"); !installed.empty()) return installed;
    return platform::utf8(platform::utf8Path(templatesDir()).parent_path() / "addin" / "office");
}

std::optional<std::string> mimeType(const std::string& fileName) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".xml", "application/xml"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    std::string ext = platform::utf8(platform::utf8Path(fileName).extension());
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = types.find(ext);
    if (it == types.end()) return std::nullopt;
    return it->second;
}

std::set<std::string> servedFiles(const std::string& root) {
    std::set<std::string> files;
    std::ifstream in(platform::utf8Path(root) / kServedFilesList);
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        const auto last = line.find_last_not_of(" \t\r");
        files.insert(line.substr(first, last - first + 1));
    }
    return files;
}

StaticLookup lookupStatic(const std::string& root, const std::string& requestPath) {
    StaticLookup r;
    std::string path;
    try {
        Poco::URI::decode(requestPath, path);
    } catch (const std::exception&) {
        r.status = 400;
        return r;
    }
    if (path.empty() || path == "/") path = "/taskpane.html";
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos || path[0] != '/') {
        r.status = 403;
        return r;
    }
    // Every segment must be an ordinary name: no "..", ".", empty or hidden (".git", ".env").
    fs::path relative;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string segment = path.substr(start, end - start);
        if (segment.empty() || segment[0] == '.') {
            r.status = (segment == ".." || segment == ".") ? 403 : 404;
            return r;
        }
        relative /= platform::utf8Path(segment);
        start = end + 1;
    }
    // Only the pane's own files, never node_modules/, test/, tools/ or package.json beside them.
    if (!servedFiles(root).contains(platform::genericUtf8(relative))) {
        r.status = 404;
        return r;
    }
    std::error_code ec;
    fs::path base = fs::canonical(platform::utf8Path(root), ec);
    if (ec) {
        r.status = 404;
        return r;
    }
    fs::path real = fs::canonical(base / relative, ec);
    if (ec || !fs::is_regular_file(real, ec)) {
        r.status = 404;
        return r;
    }
    // The real path must stay inside the folder (a symbolic link may point anywhere).
    auto [b, f] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
    if (b != base.end()) {
        r.status = 403;
        return r;
    }
    auto mime = mimeType(platform::utf8(real.filename()));
    if (!mime) {
        r.status = 404;
        return r;
    }
    r.file = platform::utf8(real);
    r.mime = *mime;
    return r;
}

} // namespace impact::serve
