// The zip writer for rewriting a package: it copies entries of an existing file (as
// read::ZipDirectory indexes them) with their compressed bytes unchanged, and deflates new ones.
//
// Poco::Zip's writers cannot be used for output: ZipManipulator/Compress add directory entries for
// every folder and reorder entries (feasibility notes 2c). This writer emits no directory entries,
// no data descriptors and no zip64 records (refusing, with WriteError, what would need them).
#pragma once

#include "platform/files.h"
#include "read/zip_directory.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace impact::write {

/// Writes a zip file from the start. The file is removed again if the writer is destroyed before
/// finish() (an exception half-way leaves nothing behind).
class ZipWriter {
public:
    explicit ZipWriter(std::string path);
    ~ZipWriter();
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    /// Copies `entry` from `source` with its compressed bytes untouched (no inflate, no deflate).
    void copyRaw(const read::ZipDirectory& source, const read::ZipEntry& entry);
    /// Adds a part, deflated (zlib level 6: the same bytes for the same content on every run).
    void add(const std::string& name, std::string_view data, std::uint16_t dosTime, std::uint16_t dosDate);
    /// Writes the central directory; with `sync`, flushes the file to the disk before closing.
    void finish(bool sync);

private:
    struct Written {
        read::ZipEntry item;
        std::uint64_t offset;
    };
    void put(std::string_view bytes);
    void flush();
    void writeLocalHeader(const read::ZipEntry& item);
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    platform::OutputFile file_;
    bool finished_ = false;
    std::string buffer_;
    std::uint64_t offset_ = 0;
    std::vector<Written> written_;
};

} // namespace impact::write
