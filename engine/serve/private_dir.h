// A private temporary folder for one request: the reader takes a path, so an uploaded workbook is
// written here (only this user can look in) and the folder is removed when it goes out of
// scope, on success and on every error path alike.
#pragma once

#include <string>

namespace impact::serve {

class PrivateDir {
public:
    /// Creates a fresh folder under the system temporary folder (platform::temporaryFolder()).
    /// Throws impact::WriteError if it cannot.
    PrivateDir();
    ~PrivateDir();
    PrivateDir(const PrivateDir&) = delete;
    PrivateDir& operator=(const PrivateDir&) = delete;

    const std::string& path() const { return path_; }
    /// Writes `bytes` to a file called `name` inside the folder; returns its full path.
    std::string write(const std::string& name, const std::string& bytes) const;

private:
    std::string path_;
};

} // namespace impact::serve
