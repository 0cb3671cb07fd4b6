#include "write/zip_io.h"

#include "common/error.h"
#include "read/package.h"
#include "write/crash_points.h"

#include <zlib.h>

#include "platform/files.h"
#include "platform/path_text.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace impact::write {

namespace testing {
namespace {
CrashHook g_hook = nullptr;
}
void setCrashHook(CrashHook hook) { g_hook = hook; }
void crashPoint(const char* point) {
    if (g_hook) g_hook(point);
}
} // namespace testing

namespace {

std::uint16_t u16(const char* p) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}
std::uint32_t u32(const char* p) { return static_cast<std::uint32_t>(u16(p)) | (static_cast<std::uint32_t>(u16(p + 2)) << 16); }
std::uint64_t u64(const char* p) { return static_cast<std::uint64_t>(u32(p)) | (static_cast<std::uint64_t>(u32(p + 4)) << 32); }

void put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint64_t v) {
    put16(s, static_cast<std::uint32_t>(v & 0xFFFF));
    put16(s, static_cast<std::uint32_t>((v >> 16) & 0xFFFF));
}

constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;

} // namespace

// ---- ZipIndex ----------------------------------------------------------------------------------

ZipIndex::ZipIndex(const std::string& path) : path_(path), in_(platform::utf8Path(path), std::ios::binary) {
    auto damaged = [&](const std::string& why) {
        return ReadError(path + ": is a damaged zip file (" + why +
                         "). If you have a backup, use it; otherwise open it in Excel, which may repair it, and save it as .xlsx.");
    };
    if (!in_) throw ReadError(path + ": cannot be opened. Check the name and that you may read it.");
    in_.seekg(0, std::ios::end);
    fileSize_ = static_cast<std::uint64_t>(in_.tellg());
    std::uint64_t tail = std::min<std::uint64_t>(fileSize_, 22 + 65535);
    std::string buf;
    readRaw(fileSize_ - tail, tail, buf);
    std::size_t eocd = std::string::npos;
    for (std::size_t i = buf.size() >= 22 ? buf.size() - 22 + 1 : 0; i-- > 0;)
        if (std::memcmp(buf.data() + i, "PK\x05\x06", 4) == 0) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos) throw damaged("its end record is missing");
    std::uint64_t eocdPos = fileSize_ - tail + eocd;
    const char* e = buf.data() + eocd;
    std::uint64_t count = u16(e + 10);
    std::uint64_t cdSize = u32(e + 12);
    std::uint64_t cdOffset = u32(e + 16);
    if (count == 0xFFFF || cdSize == kMax32 || cdOffset == kMax32) {
        // zip64: the locator sits just before the end record.
        if (eocdPos < 20) throw damaged("its zip64 locator is missing");
        std::string loc;
        readRaw(eocdPos - 20, 20, loc);
        if (std::memcmp(loc.data(), "PK\x06\x07", 4) == 0) {
            std::string rec;
            readRaw(u64(loc.data() + 8), 56, rec);
            if (std::memcmp(rec.data(), "PK\x06\x06", 4) != 0) throw damaged("its zip64 end record is missing");
            count = u64(rec.data() + 32);
            cdSize = u64(rec.data() + 40);
            cdOffset = u64(rec.data() + 48);
        }
    }
    if (cdOffset + cdSize > fileSize_ || count > 1000000) throw damaged("its directory lies outside the file");
    std::string cd;
    readRaw(cdOffset, cdSize, cd);
    std::size_t at = 0;
    std::set<std::string> seen;
    for (std::uint64_t k = 0; k < count; ++k) {
        if (at + 46 > cd.size() || std::memcmp(cd.data() + at, "PK\x01\x02", 4) != 0) throw damaged("its directory is cut short");
        const char* h = cd.data() + at;
        ZipItem it;
        it.versionNeeded = u16(h + 6);
        it.flags = u16(h + 8);
        it.method = u16(h + 10);
        it.time = u16(h + 12);
        it.date = u16(h + 14);
        it.crc = u32(h + 16);
        it.compressedSize = u32(h + 20);
        it.uncompressedSize = u32(h + 24);
        std::size_t nameLen = u16(h + 28), extraLen = u16(h + 30), commentLen = u16(h + 32);
        it.headerOffset = u32(h + 42);
        if (at + 46 + nameLen + extraLen + commentLen > cd.size()) throw damaged("its directory is cut short");
        it.name.assign(h + 46, nameLen);
        // zip64 extended information: the fields that overflowed, in this order.
        const char* x = h + 46 + nameLen;
        for (std::size_t xi = 0; xi + 4 <= extraLen;) {
            std::uint16_t id = u16(x + xi), len = u16(x + xi + 2);
            if (xi + 4 + len > extraLen) break;
            if (id == 1) {
                const char* f = x + xi + 4;
                std::size_t fi = 0;
                if (it.uncompressedSize == kMax32 && fi + 8 <= len) it.uncompressedSize = u64(f + fi), fi += 8;
                if (it.compressedSize == kMax32 && fi + 8 <= len) it.compressedSize = u64(f + fi), fi += 8;
                if (it.headerOffset == kMax32 && fi + 8 <= len) it.headerOffset = u64(f + fi), fi += 8;
            }
            xi += 4 + len;
        }
        at += 46 + nameLen + extraLen + commentLen;
        if (it.flags & 1) throw ReadError(path + ": is encrypted inside the zip; Impact cannot change it. Save it again in Excel without a password.");
        std::string local;
        if (it.headerOffset + 30 > fileSize_) throw damaged("an entry lies outside the file");
        readRaw(it.headerOffset, 30, local);
        if (std::memcmp(local.data(), "PK\x03\x04", 4) != 0) throw damaged("an entry's header is missing");
        it.dataOffset = it.headerOffset + 30 + u16(local.data() + 26) + u16(local.data() + 28);
        if (it.dataOffset + it.compressedSize > fileSize_) throw damaged("an entry lies outside the file");
        if (!it.directory()) {
            std::string key = it.name;
            std::replace(key.begin(), key.end(), '\\', '/');
            while (!key.empty() && key.front() == '/') key.erase(0, 1);
            if (!seen.insert(read::asciiLower(key)).second)
                throw ReadError(path + ": is a damaged zip file: it holds two parts with the same name, which Excel never "
                                       "writes. Open it in Excel, which may repair it, and save it as .xlsx.");
        }
        items_.push_back(std::move(it));
    }
    std::stable_sort(items_.begin(), items_.end(),
                     [](const ZipItem& a, const ZipItem& b) { return a.headerOffset < b.headerOffset; });
}

void ZipIndex::readRaw(std::uint64_t offset, std::uint64_t size, std::string& out) const {
    std::size_t start = out.size();
    out.resize(start + static_cast<std::size_t>(size));
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(out.data() + start, static_cast<std::streamsize>(size));
    if (static_cast<std::uint64_t>(in_.gcount()) != size)
        throw ReadError(path_ + ": ends early (it is truncated). If you have a backup, use it.");
}

// ---- ZipWriter ---------------------------------------------------------------------------------

ZipWriter::ZipWriter(std::string path) : path_(std::move(path)) {
    if (!file_.open(path_, platform::OutputFile::Mode::Replace, platform::Permissions::Public)) fail("cannot be created");
}

ZipWriter::~ZipWriter() {
    file_.close();
    if (!finished_) platform::removeFile(path_);
}

void ZipWriter::fail(const std::string& what) const {
    throw WriteError(path_ + ": " + what + " (" + platform::lastErrorText() +
                     "). Check there is space on the disk and that you may write there.");
}

void ZipWriter::put(std::string_view bytes) {
    buffer_.append(bytes);
    offset_ += bytes.size();
    if (buffer_.size() >= (1u << 20)) flush();
}

void ZipWriter::flush() {
    if (!file_.write(buffer_)) fail("cannot be written");
    buffer_.clear();
}

void ZipWriter::writeLocalHeader(const ZipItem& item) {
    if (offset_ > kMax32 || item.compressedSize >= kMax32 || item.uncompressedSize >= kMax32)
        throw WriteError(path_ + ": would be larger than 4 GB, which Impact does not write.");
    std::string h;
    put32(h, 0x04034b50);
    put16(h, item.versionNeeded);
    put16(h, item.flags);
    put16(h, item.method);
    put16(h, item.time);
    put16(h, item.date);
    put32(h, item.crc);
    put32(h, item.compressedSize);
    put32(h, item.uncompressedSize);
    put16(h, static_cast<std::uint32_t>(item.name.size()));
    put16(h, 0);
    h += item.name;
    written_.push_back({item, offset_});
    put(h);
}

void ZipWriter::copyRaw(const ZipIndex& source, const ZipItem& original) {
    ZipItem item = original;
    item.flags = static_cast<std::uint16_t>(item.flags & ~0x0008u); // sizes are in the header now
    if (item.method == 0 || item.method == 8) item.versionNeeded = 20;
    writeLocalHeader(item);
    constexpr std::uint64_t kChunk = 1 << 20;
    for (std::uint64_t done = 0; done < item.compressedSize; done += kChunk) {
        std::string chunk;
        source.readRaw(item.dataOffset + done, std::min(kChunk, item.compressedSize - done), chunk);
        put(chunk);
    }
    testing::crashPoint("zip.entry");
}

void ZipWriter::add(const std::string& name, std::string_view data, std::uint16_t dosTime, std::uint16_t dosDate) {
    ZipItem item;
    item.name = name;
    item.method = 8;
    item.time = dosTime;
    item.date = dosDate;
    item.uncompressedSize = data.size();
    item.crc = static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::bad_alloc();
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed for " + name);
    item.compressedSize = out.size();
    writeLocalHeader(item);
    put(out);
    testing::crashPoint("zip.entry");
}

void ZipWriter::finish(bool sync) {
    std::uint64_t cdStart = offset_;
    if (written_.size() > 0xFFFF) throw WriteError(path_ + ": would have more than 65,535 parts, which Impact does not write.");
    for (const auto& w : written_) {
        const ZipItem& it = w.item;
        std::string h;
        put32(h, 0x02014b50);
        put16(h, 20); // made by: MS-DOS, zip 2.0
        put16(h, it.versionNeeded);
        put16(h, it.flags);
        put16(h, it.method);
        put16(h, it.time);
        put16(h, it.date);
        put32(h, it.crc);
        put32(h, it.compressedSize);
        put32(h, it.uncompressedSize);
        put16(h, static_cast<std::uint32_t>(it.name.size()));
        put16(h, 0); // extra
        put16(h, 0); // comment
        put16(h, 0); // disk
        put16(h, 0); // internal attributes
        put32(h, 0); // external attributes
        put32(h, w.offset);
        h += it.name;
        put(h);
    }
    std::uint64_t cdSize = offset_ - cdStart;
    if (cdStart > kMax32 || offset_ > kMax32) throw WriteError(path_ + ": would be larger than 4 GB, which Impact does not write.");
    std::string e;
    put32(e, 0x06054b50);
    put16(e, 0);
    put16(e, 0);
    put16(e, static_cast<std::uint32_t>(written_.size()));
    put16(e, static_cast<std::uint32_t>(written_.size()));
    put32(e, cdSize);
    put32(e, cdStart);
    put16(e, 0);
    put(e);
    flush();
    testing::crashPoint("zip.written");
    if (sync && !file_.sync()) fail("cannot be flushed to disk");
    if (!file_.close()) fail("cannot be closed");
    finished_ = true;
}

} // namespace impact::write
