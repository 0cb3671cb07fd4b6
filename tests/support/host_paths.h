// Absolute paths in the form of the system the tests run on, for expectations about paths that
// Impact takes or makes: "/data/Book.xlsx" on POSIX is "C:\data\Book.xlsx" on Windows.
#pragma once

#include "platform/environment.h"

#include <string>

namespace impact::test {

/// `posix` (an absolute path with '/' between its folders) as this system writes it: itself on
/// POSIX; on drive C: with '\' between the folders on Windows.
inline std::string hostPath(const std::string& posix) {
    if (platform::kSystem != platform::System::Windows) return posix;
    std::string path = "C:" + posix;
    for (char& c : path)
        if (c == '/') c = '\\';
    return path;
}

/// `name` inside `folder`, joined by this system's separator (as std::filesystem joins them).
inline std::string hostJoin(const std::string& folder, const std::string& name) {
    return folder + (platform::kSystem == platform::System::Windows ? "\\" : "/") + name;
}

} // namespace impact::test
