#include "read/file_kind.h"

#include "common/error.h"
#include "platform/files.h"
#include "platform/path_text.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace impact::read {

namespace {

bool containsUtf16(const std::vector<char>& data, const char* ascii) {
    std::string pattern;
    for (const char* p = ascii; *p; ++p) {
        pattern += *p;
        pattern += '\0';
    }
    return std::search(data.begin(), data.end(), pattern.begin(), pattern.end()) != data.end();
}

bool looksLikeText(const std::vector<char>& data) {
    if (data.empty()) return false;
    std::size_t printable = 0;
    for (char ch : data) {
        auto c = static_cast<unsigned char>(ch);
        if (c == 0) return false;
        if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') ++printable;
    }
    return printable * 100 >= data.size() * 95;
}

/// Excel's owner file (~$Book.xlsx): a length byte, the user's name padded with spaces to 54
/// bytes, then the name again in UTF-16. About 165 bytes.
bool looksLikeLockFile(const std::vector<char>& data) {
    if (data.size() < 55 || data.size() > 512) return false;
    auto n = static_cast<unsigned char>(data[0]);
    if (n == 0 || n > 53) return false;
    for (std::size_t i = n + 1; i < 54; ++i)
        if (data[i] != ' ') return false;
    return true;
}

} // namespace

void requireZipPackage(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path file = platform::utf8Path(path);
    if (!fs::exists(file, ec)) throw ReadError(path + ": no such file. Check the name and the folder.");
    if (fs::is_directory(file, ec)) throw ReadError(path + ": is a folder, not a workbook.");
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        // Windows: Excel may hold the workbook so that no other program can even read it.
        if (platform::lockedByAnotherProgram(path))
            throw openInExcelError(path, "or another program, which keeps others from reading it");
        throw ReadError(path + ": cannot be opened. Check that you may read it.");
    }
    std::vector<char> head(64 * 1024);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));

    std::string base = platform::utf8(file.filename());
    if (head.empty()) throw ReadError(path + ": is empty (0 bytes). If you have a backup of the workbook, use it.");
    if (head.size() >= 4 && std::memcmp(head.data(), "PK\x03\x04", 4) == 0) return;
    if (head.size() >= 4 && std::memcmp(head.data(), "PK\x05\x06", 4) == 0)
        throw ReadError(path + ": is an empty zip archive, not a workbook.");
    if (base.rfind("~$", 0) == 0 || looksLikeLockFile(head))
        throw ReadError(path + ": is Excel's lock file, which Excel makes while the workbook is open, not a workbook. "
                               "Open the workbook itself (without ~$ in its name).");
    if (head.size() >= 8 && std::memcmp(head.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        // An OLE2 compound file: read it all (they are small) to look at its stream names.
        in.clear();
        in.seekg(0, std::ios::end);
        auto size = static_cast<std::size_t>(std::min<std::streamoff>(in.tellg(), 64 << 20));
        std::vector<char> all(size);
        in.seekg(0);
        in.read(all.data(), static_cast<std::streamsize>(size));
        if (containsUtf16(all, "EncryptedPackage") || containsUtf16(all, "EncryptionInfo"))
            throw ReadError(path + ": is password-protected (encrypted), so Impact cannot read it. Open it in Excel, "
                                   "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
                                   "clear it) and save it as .xlsx.");
        if (containsUtf16(all, "Workbook") || containsUtf16(all, "Book"))
            throw ReadError(path + ": is an old Excel 97-2003 workbook (.xls), which Impact does not read. Open it in "
                                   "Excel and save it as Excel Workbook (.xlsx).");
        throw ReadError(path + ": is an old Office file (OLE compound document), not an .xlsx workbook. Open it in "
                               "Excel and save it as Excel Workbook (.xlsx).");
    }
    if (head.size() >= 5 && std::memcmp(head.data(), "<?xml", 5) == 0)
        throw ReadError(path + ": is an XML file (perhaps an Excel 2003 XML spreadsheet), not an .xlsx workbook. "
                               "Open it in Excel and save it as Excel Workbook (.xlsx).");
    if (head.size() >= 3 && std::memcmp(head.data(), "\xEF\xBB\xBF", 3) == 0) head.erase(head.begin(), head.begin() + 3);
    if (looksLikeText(head)) {
        bool delimited = std::count(head.begin(), head.end(), ',') + std::count(head.begin(), head.end(), ';') +
                             std::count(head.begin(), head.end(), '\t') > 0;
        throw ReadError(path + (delimited ? ": is a CSV (comma-separated text) file" : ": is a text file") +
                        ", not an .xlsx workbook, whatever its name says. Open it in Excel and save it as Excel Workbook (.xlsx).");
    }
    throw ReadError(path + ": is not an Excel workbook (it is not a zip package). If it should be one, it is damaged: "
                           "use a backup, or open it in Excel and save it as .xlsx.");
}

} // namespace impact::read
