#include "read/zip_directory.h"

#include "common/error.h"
#include "platform/path_text.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace impact::read {

namespace {

constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;
constexpr std::uint64_t kEndRecordSize = 22;
constexpr std::uint64_t kMaxComment = 65535;
constexpr std::size_t kDirectoryHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;

std::uint16_t u16(const char* p) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}
std::uint32_t u32(const char* p) { return static_cast<std::uint32_t>(u16(p)) | (static_cast<std::uint32_t>(u16(p + 2)) << 16); }
std::uint64_t u64(const char* p) { return static_cast<std::uint64_t>(u32(p)) | (static_cast<std::uint64_t>(u32(p + 4)) << 32); }

ReadError damaged(const std::string& file, const std::string& why) {
    return ReadError(file + ": is a damaged zip file (" + why +
                     "). If you have a backup, use it; otherwise open it in Excel, which may repair it, and save it as .xlsx.");
}

ReadError truncated(const std::string& file) {
    return ReadError(file + ": is damaged or truncated (the end of the zip package is missing), perhaps by an interrupted "
                            "copy or download. Use a backup or copy it again.");
}

/// The zip64 extended information of a directory entry: the fields that overflowed, in this order.
void readZip64Extra(const char* extra, std::size_t size, ZipEntry& e) {
    for (std::size_t at = 0; at + 4 <= size;) {
        std::uint16_t id = u16(extra + at), len = u16(extra + at + 2);
        if (at + 4 + len > size) return;
        if (id == 1) {
            const char* f = extra + at + 4;
            std::size_t fi = 0;
            if (e.uncompressedSize == kMax32 && fi + 8 <= len) e.uncompressedSize = u64(f + fi), fi += 8;
            if (e.compressedSize == kMax32 && fi + 8 <= len) e.compressedSize = u64(f + fi), fi += 8;
            if (e.headerOffset == kMax32 && fi + 8 <= len) e.headerOffset = u64(f + fi), fi += 8;
        }
        at += 4 + len;
    }
}

} // namespace

ZipDirectory::ZipDirectory(const std::string& file, const ReadLimits& limits)
    : file_(file), in_(std::make_unique<std::ifstream>(platform::utf8Path(file), std::ios::binary)) {
    if (!*in_) throw ReadError(file + ": cannot be opened. Check the name and that you may read it.");
    in_->seekg(0, std::ios::end);
    fileSize_ = static_cast<std::uint64_t>(in_->tellg());
    if (fileSize_ > limits.maxFileBytes)
        throw ReadError(file + ": is " + std::to_string(fileSize_ >> 20) + " MB, larger than Impact reads (" +
                        std::to_string(limits.maxFileBytes >> 20) + " MB); no coordinator's workbook is that big.");
    readEntries(readEnd(limits));
    // No file handle stays open while only the index is used (Windows cannot replace an open file).
    in_.reset();
}

ZipDirectory::~ZipDirectory() = default;

ZipDirectory::End ZipDirectory::readEnd(const ReadLimits& limits) {
    std::uint64_t tail = std::min<std::uint64_t>(fileSize_, kEndRecordSize + kMaxComment);
    if (tail < kEndRecordSize) throw truncated(file_);
    std::string buf;
    readRaw(fileSize_ - tail, tail, buf);
    std::size_t at = buf.size() - kEndRecordSize + 1;
    while (at-- > 0 && std::memcmp(buf.data() + at, "PK\x05\x06", 4) != 0) {}
    if (at == std::string::npos) throw truncated(file_);
    const char* e = buf.data() + at;
    End end{u16(e + 10), u32(e + 12), u32(e + 16)};
    std::uint64_t endPos = fileSize_ - tail + at;
    bool zip64 = end.count == 0xFFFF || end.size == kMax32 || end.offset == kMax32;
    if (zip64 && endPos >= 20) {
        // zip64: a locator just before the end record points at the zip64 end record.
        std::string locator, record;
        readRaw(endPos - 20, 20, locator);
        std::uint64_t recordAt = u64(locator.data() + 8);
        if (std::memcmp(locator.data(), "PK\x06\x07", 4) == 0 && recordAt + 56 <= fileSize_) {
            readRaw(recordAt, 56, record);
            if (std::memcmp(record.data(), "PK\x06\x06", 4) == 0)
                end = End{u64(record.data() + 32), u64(record.data() + 40), u64(record.data() + 48)};
        }
    }
    // Before anything is indexed: a million-entry zip is refused without a million entries in memory.
    if (end.count > limits.maxEntries)
        throw ReadError(file_ + ": has " + std::to_string(end.count) + " parts, far more than any workbook; it is not a genuine workbook.");
    if (end.offset + end.size > fileSize_ || end.offset + end.size < end.offset)
        throw damaged(file_, "its directory lies outside the file");
    return end;
}

void ZipDirectory::readEntries(const End& end) {
    std::string directory;
    readRaw(end.offset, end.size, directory);
    std::set<std::string> names;
    std::size_t at = 0;
    for (std::uint64_t k = 0; k < end.count; ++k) {
        at = readEntry(directory, at);
        if (!names.insert(entries_.back().name).second)
            throw ReadError(file_ + ": is a damaged zip file: it holds two parts with the same name, which Excel never "
                                    "writes. Open it in Excel, which may repair it, and save it as .xlsx.");
    }
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const ZipEntry& a, const ZipEntry& b) { return a.headerOffset < b.headerOffset; });
}

std::size_t ZipDirectory::readEntry(const std::string& directory, std::size_t at) {
    if (at + kDirectoryHeaderSize > directory.size() || std::memcmp(directory.data() + at, "PK\x01\x02", 4) != 0)
        throw damaged(file_, "its directory is cut short");
    const char* h = directory.data() + at;
    ZipEntry e;
    e.versionNeeded = u16(h + 6);
    e.flags = u16(h + 8);
    e.method = u16(h + 10);
    e.time = u16(h + 12);
    e.date = u16(h + 14);
    e.crc = u32(h + 16);
    e.compressedSize = u32(h + 20);
    e.uncompressedSize = u32(h + 24);
    std::size_t nameLen = u16(h + 28), extraLen = u16(h + 30), commentLen = u16(h + 32);
    e.headerOffset = u32(h + 42);
    std::size_t next = at + kDirectoryHeaderSize + nameLen + extraLen + commentLen;
    if (next > directory.size()) throw damaged(file_, "its directory is cut short");
    e.name.assign(h + kDirectoryHeaderSize, nameLen);
    readZip64Extra(h + kDirectoryHeaderSize + nameLen, extraLen, e);
    // The data starts after the local header, whose name and extra field may differ in length.
    if (e.headerOffset + kLocalHeaderSize > fileSize_) throw damaged(file_, "an entry lies outside the file");
    std::string local;
    readRaw(e.headerOffset, kLocalHeaderSize, local);
    if (std::memcmp(local.data(), "PK\x03\x04", 4) != 0) throw damaged(file_, "an entry's header is missing");
    e.dataOffset = e.headerOffset + kLocalHeaderSize + u16(local.data() + 26) + u16(local.data() + 28);
    if (e.dataOffset + e.compressedSize > fileSize_ || e.dataOffset + e.compressedSize < e.dataOffset)
        throw damaged(file_, "an entry lies outside the file");
    entries_.push_back(std::move(e));
    return next;
}

void ZipDirectory::readRaw(std::uint64_t offset, std::uint64_t size, std::string& out) const {
    if (!in_) {
        in_ = std::make_unique<std::ifstream>(platform::utf8Path(file_), std::ios::binary);
        if (!*in_) throw ReadError(file_ + ": cannot be opened. Check the name and that you may read it.");
    }
    std::size_t start = out.size();
    if (offset > fileSize_ || size > fileSize_ - offset)
        throw ReadError(file_ + ": ends early (it is truncated). If you have a backup, use it.");
    out.resize(start + static_cast<std::size_t>(size));
    in_->clear();
    in_->seekg(static_cast<std::streamoff>(offset));
    in_->read(out.data() + start, static_cast<std::streamsize>(size));
    if (static_cast<std::uint64_t>(in_->gcount()) != size)
        throw ReadError(file_ + ": ends early (it is truncated). If you have a backup, use it.");
}

} // namespace impact::read
