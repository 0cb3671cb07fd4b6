#include "serve/private_dir.h"

#include "common/error.h"
#include "platform/files.h"
#include "platform/path_text.h"

#include <filesystem>

namespace impact::serve {

PrivateDir::PrivateDir() {
    std::string base = platform::temporaryFolder();
    auto made = platform::createPrivateFolder(base, "impact-serve-");
    if (!made)
        throw WriteError(base + ": cannot create a private temporary folder (" + platform::lastErrorText() +
                         "). Check that the temporary folder exists and has space.");
    path_ = *made;
}

PrivateDir::~PrivateDir() {
    std::error_code ec;
    std::filesystem::remove_all(platform::utf8Path(path_), ec);
}

std::string PrivateDir::write(const std::string& name, const std::string& bytes) const {
    std::string file = platform::utf8(platform::utf8Path(path_) / platform::utf8Path(name));
    platform::OutputFile out;
    if (!out.open(file, platform::OutputFile::Mode::CreateNew, platform::Permissions::Private))
        throw WriteError(file + ": cannot write the uploaded workbook (" + platform::lastErrorText() + ").");
    if (!out.write(bytes) || !out.close())
        throw WriteError(file + ": cannot write the uploaded workbook (" + platform::lastErrorText() +
                         "). Check the temporary folder has space.");
    return file;
}

} // namespace impact::serve
