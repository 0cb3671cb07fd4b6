#include "write/zip_writer.h"

#include "common/error.h"
#include "write/crash_points.h"

#include <zlib.h>

#include "platform/files.h"
#include "platform/path_text.h"

#include <algorithm>

namespace impact::write {

namespace {

void put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint64_t v) {
    put16(s, static_cast<std::uint32_t>(v & 0xFFFF));
    put16(s, static_cast<std::uint32_t>((v >> 16) & 0xFFFF));
}

constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;

/// The fields the local header and the directory entry share, from "version needed" to the name's length.
void putEntryFields(std::string& h, const read::ZipEntry& e) {
    put16(h, e.versionNeeded);
    put16(h, e.flags);
    put16(h, e.method);
    put16(h, e.time);
    put16(h, e.date);
    put32(h, e.crc);
    put32(h, e.compressedSize);
    put32(h, e.uncompressedSize);
    put16(h, static_cast<std::uint32_t>(e.name.size()));
}

} // namespace

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

void ZipWriter::writeLocalHeader(const read::ZipEntry& item) {
    if (offset_ > kMax32 || item.compressedSize >= kMax32 || item.uncompressedSize >= kMax32)
        throw WriteError(path_ + ": would be larger than 4 GB, which Impact does not write.");
    std::string h;
    put32(h, 0x04034b50);
    putEntryFields(h, item);
    put16(h, 0); // extra
    h += item.name;
    written_.push_back({item, offset_});
    put(h);
}

void ZipWriter::copyRaw(const read::ZipDirectory& source, const read::ZipEntry& original) {
    read::ZipEntry item = original;
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
    read::ZipEntry item;
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
        const read::ZipEntry& it = w.item;
        std::string h;
        put32(h, 0x02014b50);
        put16(h, 20); // made by: MS-DOS, zip 2.0
        putEntryFields(h, it);
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
