#include "read/package.h"

#include "common/error.h"
#include "platform/path_text.h"

#include <zlib.h>

#include <algorithm>
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
                       std::atomic<std::uint64_t>& totalInflated, Crc crc)
    : file_(file), entry_(entry), limits_(limits), total_(totalInflated), z_(new Inflater),
      compressedLeft_(entry.compressedSize), checkCrc_(crc == Crc::Check) {
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
    if (checkCrc_) crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<Bytef*>(buffer), static_cast<uInt>(out)));
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
    if (checkCrc_ && crc_ != entry_.crc) fail("fails its CRC check (the data is corrupt)");
}

namespace {

/// The part an entry of the zip holds, or nothing: empty, absolute ("/x", "\\server\x"),
/// escaping ("../x", "C:x") names and directories are never parts of the package.
std::optional<PartEntry> partOf(const ZipEntry& z) {
    const std::string& raw = z.name;
    if (raw.empty() || raw.front() == '/' || raw.front() == '\\' || z.directory()) return std::nullopt;
    std::string name = normalisePartName(raw);
    if (name.empty()) return std::nullopt;
    PartEntry e;
    e.name = name;
    e.dataOffset = z.dataOffset;
    e.compressedSize = z.compressedSize;
    e.uncompressedSize = z.uncompressedSize;
    e.crc = z.crc;
    e.method = z.method;
    e.encrypted = z.encrypted();
    return e;
}

} // namespace

Package::Package(const std::string& file, const ReadLimits& limits) : file_(file), limits_(limits), zip_(file, limits) {
    for (const ZipEntry& z : zip_.entries()) {
        std::optional<PartEntry> e = partOf(z);
        if (!e) continue;
        std::string name = e->name;
        if (!parts_.emplace(asciiLower(name), std::move(*e)).second)
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

std::unique_ptr<PartStream> Package::open(const PartEntry& entry, PartStream::Crc crc) const {
    return std::make_unique<PartStream>(file_, entry, limits_, totalInflated_, crc);
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
