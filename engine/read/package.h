// The zip package of a workbook: an index of its parts and bounded, verified streams of them.
#pragma once

#include "read/limits.h"
#include "read/zip_directory.h"

#include <atomic>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace impact::read {

/// One part of the package, as the zip's directory describes it.
struct PartEntry {
    std::string name;            ///< normalised: forward slashes, no leading '/'
    std::uint64_t dataOffset = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint32_t crc = 0;
    int method = 0; ///< 0 stored, 8 deflate
    bool encrypted = false;
};

/// A sequential reader of one part's inflated bytes. Enforces the size and ratio limits
/// while inflating and checks the CRC and size at the end; a broken or hostile part
/// throws ReadError naming the file and the part.
class PartStream {
public:
    /// Whether the bytes are checked against the CRC the zip records. Only a second look at a part
    /// that is also read through with the check (a long sheet's merged ranges) leaves it out.
    enum class Crc { Check, Skip };
    PartStream(const std::string& file, const PartEntry& entry, const ReadLimits& limits,
               std::atomic<std::uint64_t>& totalInflated, Crc crc = Crc::Check);
    ~PartStream();
    PartStream(const PartStream&) = delete;
    PartStream& operator=(const PartStream&) = delete;

    /// Fills up to `size` bytes; returns 0 only at the end of the part.
    std::size_t read(char* buffer, std::size_t size);

private:
    [[noreturn]] void fail(const std::string& what) const;
    std::size_t readCompressed(char* dst, std::size_t want);
    std::size_t inflateInto(char* buffer, std::size_t size);
    void finish();
    std::string file_;
    std::ifstream file_stream_;
    PartEntry entry_;
    const ReadLimits& limits_;
    std::atomic<std::uint64_t>& total_;
    struct Inflater;
    std::unique_ptr<Inflater> z_;
    std::vector<char> in_;
    std::uint64_t compressedLeft_;
    std::uint64_t produced_ = 0;
    std::uint32_t crc_ = 0;
    bool checkCrc_ = true;
    bool done_ = false;
    bool streamEnd_ = false;
};

/// The package index, over the zip's central directory. Part names are matched case-insensitively
/// (OPC part names are); entries with `..` segments, absolute paths or drive letters are ignored.
/// Throws ReadError for what ZipDirectory refuses, two parts whose names differ only in case, and
/// entries whose data overlap.
class Package {
public:
    Package(const std::string& file, const ReadLimits& limits);

    const std::string& file() const { return file_; }
    /// Every entry of the zip, directories and ignored names included (for rewriting the package).
    const ZipDirectory& zip() const { return zip_; }
    const PartEntry* find(const std::string& partName) const;
    std::vector<std::string> partNames() const;
    std::unique_ptr<PartStream> open(const PartEntry& entry, PartStream::Crc crc = PartStream::Crc::Check) const;
    /// The whole of a small part (workbook, rels, styles), at most limits.maxSmallPartBytes.
    std::string readSmall(const PartEntry& entry) const;

private:
    std::string file_;
    const ReadLimits& limits_;
    ZipDirectory zip_;
    std::unordered_map<std::string, PartEntry> parts_; // keyed by lower-case name
    mutable std::atomic<std::uint64_t> totalInflated_{0};
};

/// Lower-case ASCII copy (part names, sheet names).
std::string asciiLower(std::string s);

} // namespace impact::read
