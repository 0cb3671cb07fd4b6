// Raw zip access for rewriting a package: the central directory of an existing file in physical
// order, and a writer that copies entries' compressed bytes unchanged and deflates new ones.
//
// Poco::Zip's writers cannot be used for output: ZipManipulator/Compress add directory entries for
// every folder and reorder entries (feasibility notes 2c). This writer emits no directory entries,
// no data descriptors and no zip64 records (refusing, with WriteError, what would need them).
#pragma once

#include "platform/files.h"

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace impact::write {

/// One entry of a zip file as its central directory records it.
struct ZipItem {
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
};

/// The entries of a zip file, in the order their data lies in the file. Throws ReadError for a file
/// that is not a complete zip, has entries sharing a name (ignoring case) or encrypted entries.
class ZipIndex {
public:
    explicit ZipIndex(const std::string& path);
    const std::string& path() const { return path_; }
    const std::vector<ZipItem>& items() const { return items_; }
    /// Reads `size` bytes at `offset` into `out` (appending).
    void readRaw(std::uint64_t offset, std::uint64_t size, std::string& out) const;

private:
    std::string path_;
    mutable std::ifstream in_;
    std::uint64_t fileSize_ = 0;
    std::vector<ZipItem> items_;
};

/// Writes a zip file from the start. The file is removed again if the writer is destroyed before
/// finish() (an exception half-way leaves nothing behind).
class ZipWriter {
public:
    explicit ZipWriter(std::string path);
    ~ZipWriter();
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    /// Copies `item` from `source` with its compressed bytes untouched (no inflate, no deflate).
    void copyRaw(const ZipIndex& source, const ZipItem& item);
    /// Adds a part, deflated (zlib level 6: the same bytes for the same content on every run).
    void add(const std::string& name, std::string_view data, std::uint16_t dosTime, std::uint16_t dosDate);
    /// Writes the central directory; with `sync`, flushes the file to the disk before closing.
    void finish(bool sync);

private:
    struct Written {
        ZipItem item;
        std::uint64_t offset;
    };
    void put(std::string_view bytes);
    void flush();
    void writeLocalHeader(const ZipItem& item);
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    platform::OutputFile file_;
    bool finished_ = false;
    std::string buffer_;
    std::uint64_t offset_ = 0;
    std::vector<Written> written_;
};

} // namespace impact::write
