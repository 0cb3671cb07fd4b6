#include "serve/guard.h"

#include <algorithm>
#include <cctype>

namespace impact::serve {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

} // namespace

bool hostAllowed(const std::string& rawHost, int port) {
    std::string host = lower(trim(rawHost));
    std::string p = ":" + std::to_string(port);
    for (const char* name : {"localhost", "127.0.0.1"})
        if (host == name || host == std::string(name) + p) return true;
    return false;
}

bool originAllowed(const std::string& rawOrigin, const std::string& scheme, int port) {
    std::string origin = lower(trim(rawOrigin));
    if (origin.empty()) return true;
    std::string p = ":" + std::to_string(port);
    bool defaultPort = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    for (const char* name : {"localhost", "127.0.0.1"}) {
        std::string own = scheme + "://" + name;
        if (origin == own + p || (defaultPort && origin == own)) return true;
    }
    return false;
}

bool isJsonContentType(const std::string& contentType) {
    std::string type = lower(trim(contentType.substr(0, contentType.find(';'))));
    return type == "application/json";
}

} // namespace impact::serve
