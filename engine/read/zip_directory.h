// The central directory of a zip file: the one index of a package's entries, used both to read
// parts (read/package.h) and to rewrite a package (engine/write copies entries' compressed bytes
// unchanged). The zip's end record and directory are read from the end of the file; the local
// headers only to find where each entry's data starts. See docs/decisions.md, "One zip layer".
#pragma once

#include "read/limits.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace impact::read {

/// One entry of a zip file as its central directory records it.
struct ZipEntry {
    std::string name; ///< exactly as stored
    std::uint16_t versionNeeded = 20;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint16_t time = 0, date = 0; ///< MS-DOS
    std::uint32_t crc = 0;
    std::uint64_t compressedSize = 0, uncompressedSize = 0;
    std::uint64_t headerOffset = 0; ///< the local header
    std::uint64_t dataOffset = 0;   ///< the compressed bytes
    bool directory() const { return !name.empty() && (name.back() == '/' || name.back() == '\\'); }
    bool encrypted() const { return (flags & 1) != 0; }
};

/// The entries of a zip file, in the order their data lies in the file. Throws ReadError, naming
/// the file and what to do, for a file that cannot be opened, is larger than limits.maxFileBytes,
/// has no end record (truncated), claims more than limits.maxEntries entries, has a directory or
/// an entry outside the file, or two entries with exactly the same name.
class ZipDirectory {
public:
    explicit ZipDirectory(const std::string& file, const ReadLimits& limits = ReadLimits());
    ~ZipDirectory();
    ZipDirectory(ZipDirectory&&) noexcept = default;
    ZipDirectory& operator=(ZipDirectory&&) noexcept = default;

    const std::string& file() const { return file_; }
    const std::vector<ZipEntry>& entries() const { return entries_; }
    /// Appends the `size` bytes at `offset` to `out`; ReadError if the file ends before. Opens the
    /// file on first use and keeps it open (one caller at a time: not for concurrent use).
    void readRaw(std::uint64_t offset, std::uint64_t size, std::string& out) const;

private:
    struct End {
        std::uint64_t count = 0, size = 0, offset = 0; ///< entries; the directory's size and offset
    };
    End readEnd(const ReadLimits& limits);
    void readEntries(const End& end);
    std::size_t readEntry(const std::string& directory, std::size_t at);

    std::string file_;
    mutable std::unique_ptr<std::ifstream> in_; ///< open only while it is being read
    std::uint64_t fileSize_ = 0;
    std::vector<ZipEntry> entries_;
};

} // namespace impact::read
