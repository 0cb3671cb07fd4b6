#include "read/package.h"

#include "common/error.h"
#include "platform/path_text.h"

#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipFileInfo.h>
#include <Poco/Zip/ZipLocalFileHeader.h>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>

namespace impact::read {

std::string asciiLower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

namespace {

constexpr std::size_t kChunk = 1 << 16;

/// Forward slashes, no leading slash; empty if the name escapes the package (.., C:, //).
std::string normalisePartName(std::string name) {
    std::replace(name.begin(), name.end(), '\\', '/');
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    if (name.size() >= 2 && name[1] == ':') return {};
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('/', start);
        if (end == std::string::npos) end = name.size();
        std::string_view seg(name.data() + start, end - start);
        if (seg == "..") return {};
        start = end + 1;
    }
    return name;
}

} // namespace

struct PartStream::Inflater {
    z_stream zs{};
    bool active = false;
    ~Inflater() {
        if (active) inflateEnd(&zs);
    }
};

PartStream::PartStream(const std::string& file, const PartEntry& entry, const ReadLimits& limits,
                       std::atomic<std::uint64_t>& totalInflated)
    : file_(file), entry_(entry), limits_(limits), total_(totalInflated), z_(new Inflater),
      compressedLeft_(entry.compressedSize) {
    // A stream of its own per part: no shared stream state between parts (feasibility 1a).
    file_stream_.open(platform::utf8Path(file), std::ios::binary);
    if (!file_stream_) fail("cannot be opened");
    file_stream_.seekg(static_cast<std::streamoff>(entry.dataOffset));
    if (entry.encrypted) fail("is encrypted inside the zip");
    if (entry.method != 0 && entry.method != 8)
        fail("uses zip compression method " + std::to_string(entry.method) + ", which Excel never writes");
    if (entry.uncompressedSize > limits.maxEntryBytes)
        fail("claims " + std::to_string(entry.uncompressedSize) + " bytes, over the limit of " +
             std::to_string(limits.maxEntryBytes));
    if (entry.method == 8) {
        if (inflateInit2(&z_->zs, -MAX_WBITS) != Z_OK) fail("cannot start inflating");
        z_->active = true;
    }
    in_.resize(kChunk);
    crc_ = static_cast<std::uint32_t>(crc32(0L, Z_NULL, 0));
}

PartStream::~PartStream() = default;

void PartStream::fail(const std::string& what) const {
    throw ReadError(file_ + ": part '" + entry_.name + "' " + what +
                    ". The file is damaged or is not a genuine workbook; open it in Excel and save it again as .xlsx.");
}

std::size_t PartStream::readCompressed(char* dst, std::size_t want) {
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(want, compressedLeft_));
    file_stream_.read(dst, static_cast<std::streamsize>(n));
    std::size_t got = static_cast<std::size_t>(file_stream_.gcount());
    if (got != n) fail("ends early: the zip is truncated");
    compressedLeft_ -= got;
    return got;
}

std::size_t PartStream::inflateInto(char* buffer, std::size_t size) {
    z_stream& zs = z_->zs;
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = static_cast<uInt>(size);
    while (zs.avail_out > 0 && !streamEnd_) {
        if (zs.avail_in == 0 && compressedLeft_ > 0) {
            zs.next_in = reinterpret_cast<Bytef*>(in_.data());
            zs.avail_in = static_cast<uInt>(readCompressed(in_.data(), in_.size()));
        }
        int rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) streamEnd_ = true;
        else if (rc == Z_BUF_ERROR && zs.avail_in == 0 && compressedLeft_ == 0)
            fail("ends early: its compressed data is truncated");
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            fail(std::string("has corrupt compressed data (") + (zs.msg ? zs.msg : "inflate error") + ")");
    }
    return size - zs.avail_out;
}

std::size_t PartStream::read(char* buffer, std::size_t size) {
    if (done_ || size == 0) return 0;
    std::size_t out = entry_.method == 0 ? readCompressed(buffer, size) : inflateInto(buffer, size);
    crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<Bytef*>(buffer), static_cast<uInt>(out)));
    produced_ += out;
    if (produced_ > entry_.uncompressedSize)
        fail("inflates to more than the " + std::to_string(entry_.uncompressedSize) + " bytes its zip directory records");
    std::uint64_t total = total_.fetch_add(out) + out;
    if (produced_ > limits_.maxEntryBytes)
        fail("inflates beyond the limit of " + std::to_string(limits_.maxEntryBytes) + " bytes (a zip bomb?)");
    if (total > limits_.maxTotalBytes)
        fail("takes the workbook beyond the limit of " + std::to_string(limits_.maxTotalBytes) +
             " inflated bytes (a zip bomb?)");
    if (produced_ > limits_.ratioGraceBytes) {
        double consumed = static_cast<double>(entry_.compressedSize - compressedLeft_) + 1.0;
        if (static_cast<double>(produced_) / consumed > limits_.maxCompressionRatio)
            fail("inflates more than " + std::to_string(static_cast<int>(limits_.maxCompressionRatio)) +
                 " times its compressed size (a zip bomb?)");
    }
    bool atEnd = entry_.method == 0 ? compressedLeft_ == 0 : streamEnd_;
    if (atEnd || out == 0) finish();
    return out;
}

void PartStream::finish() {
    done_ = true;
    if (produced_ != entry_.uncompressedSize)
        fail("inflates to " + std::to_string(produced_) + " bytes, not the " + std::to_string(entry_.uncompressedSize) +
             " its zip directory records");
    if (crc_ != entry_.crc) fail("fails its CRC check (the data is corrupt)");
}

namespace {

/// Whether the file ends with a zip end-of-central-directory record, as every complete zip
/// does (it may be followed by a comment of up to 64 KB).
std::uint64_t readLe(const char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

/// The number of entries the zip's end-of-central-directory record (or its zip64 twin) claims,
/// or nothing if the file has no such record (truncated). Read before Poco indexes the headers,
/// so a million-entry zip is refused without a million headers in memory.
std::optional<std::uint64_t> claimedEntries(std::ifstream& in, std::uint64_t size) {
    std::uint64_t tail = std::min<std::uint64_t>(size, 22 + 65535);
    std::vector<char> buf(static_cast<std::size_t>(tail));
    in.seekg(static_cast<std::streamoff>(size - tail));
    in.read(buf.data(), static_cast<std::streamsize>(tail));
    if (static_cast<std::uint64_t>(in.gcount()) != tail || tail < 22) return std::nullopt;
    for (std::size_t i = buf.size() - 22 + 1; i-- > 0;) {
        if (std::memcmp(buf.data() + i, "PK\x05\x06", 4) != 0) continue;
        std::uint64_t count = readLe(buf.data() + i + 10, 2);
        // zip64: the locator (20 bytes before) points at the zip64 record holding the real count.
        if (count == 0xFFFF && i >= 20 && std::memcmp(buf.data() + i - 20, "PK\x06\x07", 4) == 0) {
            std::uint64_t at = readLe(buf.data() + i - 20 + 8, 8);
            char rec[56];
            in.clear();
            in.seekg(static_cast<std::streamoff>(at));
            if (at + 56 <= size && in.read(rec, 56) && std::memcmp(rec, "PK\x06\x06", 4) == 0) count = readLe(rec + 32, 8);
        }
        return count;
    }
    return std::nullopt;
}

} // namespace

Package::Package(const std::string& file, const ReadLimits& limits) : file_(file), limits_(limits) {
    std::ifstream in(platform::utf8Path(file), std::ios::binary);
    if (!in) throw ReadError(file + ": cannot be opened. Check the name and that you may read it.");
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::uint64_t>(in.tellg());
    if (size > limits.maxFileBytes)
        throw ReadError(file + ": is " + std::to_string(size >> 20) + " MB, larger than Impact reads (" +
                        std::to_string(limits.maxFileBytes >> 20) + " MB); no coordinator's workbook is that big.");
    auto entries = claimedEntries(in, size);
    if (entries && *entries > limits.maxEntries)
        throw ReadError(file + ": has " + std::to_string(*entries) + " parts, far more than any workbook; it is not a genuine workbook.");
    if (!entries)
        throw ReadError(file + ": is damaged or truncated (the end of the zip package is missing), perhaps by an interrupted "
                               "copy or download. Use a backup or copy it again.");
    in.clear();
    in.seekg(0);
    try {
        Poco::Zip::ZipArchive archive(in);
        std::unordered_map<std::string, const Poco::Zip::ZipFileInfo*> directory;
        for (auto it = archive.fileInfoBegin(); it != archive.fileInfoEnd(); ++it) directory.emplace(it->first, &it->second);
        std::size_t count = 0;
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            if (++count > limits.maxEntries)
                throw ReadError(file + ": has more than " + std::to_string(limits.maxEntries) +
                                " parts, far more than any workbook; it is not a genuine workbook.");
            const Poco::Zip::ZipLocalFileHeader& h = it->second;
            const std::string& raw = h.getFileName();
            // Empty, absolute ("/x", "\\server\x") and escaping names are never parts of the package.
            if (raw.empty() || raw.front() == '/' || raw.front() == '\\' || h.isDirectory()) continue;
            std::string name = normalisePartName(raw);
            if (name.empty()) continue; // escapes the package: never read
            PartEntry e;
            e.name = name;
            e.dataOffset = static_cast<std::uint64_t>(h.getDataStartPos());
            e.compressedSize = h.getCompressedSize();
            e.uncompressedSize = h.getUncompressedSize();
            e.crc = h.getCRC();
            e.method = static_cast<int>(h.getCompressionMethod());
            e.encrypted = h.isEncrypted();
            // The central directory is the authority for sizes and CRC.
            auto info = directory.find(h.getFileName());
            if (info != directory.end()) {
                e.compressedSize = info->second->getCompressedSize();
                e.uncompressedSize = info->second->getUncompressedSize();
                e.crc = info->second->getCRC();
            }
            if (!parts_.emplace(asciiLower(name), std::move(e)).second)
                throw ReadError(file + ": is a damaged zip file: it holds two parts with the same name (" + name +
                                "), which Excel never writes. Open it in Excel, which may repair it, and save it as .xlsx.");
        }
        // Entries whose data overlap (one compressed stream claimed by many names) are a zip bomb.
        std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;
        for (const auto& [key, e] : parts_) spans.emplace_back(e.dataOffset, e.dataOffset + e.compressedSize);
        std::sort(spans.begin(), spans.end());
        for (std::size_t i = 1; i < spans.size(); ++i)
            if (spans[i].first < spans[i - 1].second)
                throw ReadError(file + ": is not a genuine workbook: parts of its zip overlap (a zip bomb?).");
    } catch (const ReadError&) {
        throw;
    } catch (const Poco::AssertionViolationException& ex) {
        // Poco asserts on impossible headers, and on two entries with the same name.
        if (ex.message().find("_entries.insert") != std::string::npos)
            throw ReadError(file + ": is a damaged zip file: it holds two parts with the same name, which Excel never "
                                   "writes. Open it in Excel, which may repair it, and save it as .xlsx.");
        throw ReadError(file + ": is a damaged zip file (its headers are invalid). If you have a backup, use it; "
                               "otherwise open it in Excel, which may repair it, and save it as .xlsx.");
    } catch (const Poco::Exception& ex) {
        throw ReadError(file + ": is a damaged zip file (" + ex.displayText() +
                        "). If you have a backup, use it; otherwise open it in Excel, which may repair it, and save it as .xlsx.");
    } catch (const std::exception& ex) {
        throw ReadError(file + ": is a damaged zip file (" + std::string(ex.what()) +
                        "). If you have a backup, use it; otherwise open it in Excel, which may repair it, and save it as .xlsx.");
    }
}

const PartEntry* Package::find(const std::string& partName) const {
    auto it = parts_.find(asciiLower(normalisePartName(partName)));
    return it == parts_.end() ? nullptr : &it->second;
}

std::vector<std::string> Package::partNames() const {
    std::vector<std::string> names;
    for (const auto& [key, e] : parts_) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    return names;
}

std::unique_ptr<PartStream> Package::open(const PartEntry& entry) const {
    return std::make_unique<PartStream>(file_, entry, limits_, totalInflated_);
}

std::string Package::readSmall(const PartEntry& entry) const {
    if (entry.uncompressedSize > limits_.maxSmallPartBytes)
        throw ReadError(file_ + ": part '" + entry.name + "' is " + std::to_string(entry.uncompressedSize) +
                        " bytes, far larger than any genuine workbook's; it is not a genuine workbook.");
    auto stream = open(entry);
    std::string data;
    data.resize(static_cast<std::size_t>(entry.uncompressedSize));
    std::size_t at = 0;
    while (true) {
        if (at == data.size()) data.resize(data.size() + kChunk);
        std::size_t n = stream->read(data.data() + at, data.size() - at);
        if (n == 0) break;
        at += n;
    }
    data.resize(at);
    return data;
}

} // namespace impact::read
