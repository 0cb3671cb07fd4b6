#include "zip_writer.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace impact::testing {

namespace {

void put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
}
void put64(std::string& s, std::uint64_t v) {
    put32(s, static_cast<std::uint32_t>(v & 0xFFFFFFFFu));
    put32(s, static_cast<std::uint32_t>(v >> 32));
}
std::uint32_t low32(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xFFFFFFFFu); }

/// One raw deflate stream for `data`, ended by a full flush (final = false) or as the last block.
std::string deflatePiece(std::string_view data, int level, bool final) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 64);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, final ? Z_FINISH : Z_FULL_FLUSH);
    if ((final && rc != Z_STREAM_END) || (!final && (rc != Z_OK || zs.avail_in != 0 || zs.avail_out == 0))) {
        deflateEnd(&zs);
        throw std::runtime_error("deflate did not complete in one call");
    }
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

std::uint32_t crcOf(std::string_view s, std::uint32_t crc = 0) {
    return static_cast<std::uint32_t>(crc32(crc, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

/// CRC of `chunk` repeated n times, appended to data whose CRC is `crc`.
std::uint32_t crcRepeated(std::uint32_t crc, const std::string& chunk, std::uint64_t n) {
    if (n == 0 || chunk.empty()) return crc;
    std::uint32_t powCrc = crcOf(chunk);
    auto powLen = static_cast<z_off64_t>(chunk.size());
    while (n) {
        if (n & 1) crc = static_cast<std::uint32_t>(crc32_combine64(crc, powCrc, powLen));
        n >>= 1;
        if (n) {
            powCrc = static_cast<std::uint32_t>(crc32_combine64(powCrc, powCrc, powLen));
            powLen *= 2;
        }
    }
    return crc;
}

std::uint32_t crcOfContent(const Content& c) {
    std::uint32_t crc = crcOf(c.prefix);
    crc = crcRepeated(crc, c.chunk, c.repeat);
    return crcOf(c.suffix, crc);
}

} // namespace

struct ZipWriter::File {
    std::FILE* f = nullptr;
};

ZipWriter::ZipWriter(const std::string& path) : path_(path), file_(new File) {
    file_->f = std::fopen(path.c_str(), "wb");
    if (!file_->f) {
        delete file_;
        throw std::runtime_error("cannot create " + path);
    }
    std::setvbuf(file_->f, nullptr, _IOFBF, 1 << 20);
}

ZipWriter::~ZipWriter() {
    if (!finished_) {
        try {
            finish();
        } catch (...) {
        }
    }
    if (file_->f) std::fclose(file_->f);
    delete file_;
}

void ZipWriter::write(std::string_view bytes) {
    if (bytes.empty()) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_->f) != bytes.size())
        throw std::runtime_error("cannot write " + path_);
    offset_ += bytes.size();
}

void ZipWriter::addRawBytes(std::string_view bytes) { write(bytes); }

std::size_t ZipWriter::add(const std::string& name, const Content& content, const EntryOptions& o) {
    Written w;
    w.localName = name;
    w.cdName = o.cdName.value_or(name);
    w.localOffset = offset_;
    w.options = o;
    w.uncompressed = content.size();
    w.crc = crcOfContent(content);

    // The data, compressed once per distinct piece.
    std::string pre, mid, post;
    if (o.method == 8) {
        bool hasChunk = content.repeat > 0 && !content.chunk.empty();
        bool prefixLast = content.suffix.empty() && !hasChunk;
        pre = deflatePiece(content.prefix, o.level, prefixLast);
        if (hasChunk) mid = deflatePiece(content.chunk, o.level, false);
        if (!prefixLast) post = deflatePiece(content.suffix, o.level, true); // may be just an empty final block
    } else {
        pre = content.prefix;
        mid = content.chunk;
        post = content.suffix;
    }
    std::uint64_t repeat = mid.empty() ? 0 : content.repeat;
    w.compressed = pre.size() + mid.size() * repeat + post.size();

    std::uint16_t flags = o.flags.value_or(0);
    std::uint64_t lc = o.localCompressed.value_or(w.compressed);
    std::uint64_t lu = o.localUncompressed.value_or(w.uncompressed);
    std::uint32_t lcrc = o.localCrc.value_or(w.crc);
    if (flags & 0x8) lc = lu = lcrc = 0; // sizes and CRC follow the data

    std::string h;
    put32(h, 0x04034b50);
    put16(h, o.zip64 ? 45 : 20);
    put16(h, flags);
    put16(h, o.method);
    put16(h, 0x6000); // 12:00
    put16(h, 0x5A21); // 2025-01-01
    put32(h, lcrc);
    std::string extra;
    if (o.zip64) {
        put16(extra, 0x0001);
        put16(extra, 16);
        put64(extra, lu);
        put64(extra, lc);
        put32(h, 0xFFFFFFFFu);
        put32(h, 0xFFFFFFFFu);
    } else {
        put32(h, low32(lc));
        put32(h, low32(lu));
    }
    put16(h, static_cast<std::uint32_t>(name.size()));
    put16(h, static_cast<std::uint32_t>(extra.size()));
    h += name;
    h += extra;
    write(h);
    write(pre);
    for (std::uint64_t i = 0; i < repeat; ++i) write(mid);
    write(post);
    if (flags & 0x8) {
        std::string dd;
        put32(dd, 0x08074b50);
        put32(dd, o.localCrc.value_or(w.crc));
        put32(dd, low32(o.localCompressed.value_or(w.compressed)));
        put32(dd, low32(o.localUncompressed.value_or(w.uncompressed)));
        write(dd);
    }
    entries_.push_back(std::move(w));
    return entries_.size() - 1;
}

std::uint64_t ZipWriter::finish(std::string_view comment) {
    if (finished_) return offset_;
    finished_ = true;
    std::uint64_t cdStart = offset_;
    std::size_t count = 0;
    for (const Written& w : entries_) {
        const EntryOptions& o = w.options;
        if (o.omitFromCentralDirectory) continue;
        ++count;
        // An entry pointed at another's local header takes that one's sizes, CRC and method too.
        const Written& target = o.cdPointsAtEntry ? entries_.at(*o.cdPointsAtEntry) : w;
        std::uint64_t cc = o.cdCompressed.value_or(target.compressed);
        std::uint64_t cu = o.cdUncompressed.value_or(target.uncompressed);
        std::uint32_t ccrc = o.cdCrc.value_or(target.crc);
        std::uint64_t localOffset = target.localOffset;
        std::uint16_t method = target.options.method;
        bool z64 = o.zip64 || localOffset >= 0xFFFFFFFFu;
        std::string h, extra;
        put32(h, 0x02014b50);
        put16(h, 0x0314); // made by: Unix, 2.0
        put16(h, z64 ? 45 : 20);
        put16(h, o.flags.value_or(0));
        put16(h, method);
        put16(h, 0x6000);
        put16(h, 0x5A21);
        put32(h, ccrc);
        if (z64) {
            put16(extra, 0x0001);
            put16(extra, 24);
            put64(extra, cu);
            put64(extra, cc);
            put64(extra, localOffset);
            put32(h, 0xFFFFFFFFu);
            put32(h, 0xFFFFFFFFu);
        } else {
            put32(h, low32(cc));
            put32(h, low32(cu));
        }
        put16(h, static_cast<std::uint32_t>(w.cdName.size()));
        put16(h, static_cast<std::uint32_t>(extra.size()));
        put16(h, 0); // comment
        put16(h, 0); // disk
        put16(h, 0); // internal attributes
        put32(h, 0x81A40000u); // -rw-r--r--
        put32(h, z64 ? 0xFFFFFFFFu : low32(localOffset));
        h += w.cdName;
        h += extra;
        write(h);
    }
    std::uint64_t cdSize = offset_ - cdStart;
    bool z64End = count >= 0xFFFF || cdStart >= 0xFFFFFFFFu || cdSize >= 0xFFFFFFFFu;
    if (z64End) {
        std::uint64_t z64At = offset_;
        std::string r;
        put32(r, 0x06064b50);
        put64(r, 44);
        put16(r, 45);
        put16(r, 45);
        put32(r, 0);
        put32(r, 0);
        put64(r, count);
        put64(r, count);
        put64(r, cdSize);
        put64(r, cdStart);
        put32(r, 0x07064b50);
        put32(r, 0);
        put64(r, z64At);
        put32(r, 1);
        write(r);
    }
    std::string e;
    put32(e, 0x06054b50);
    put16(e, 0);
    put16(e, 0);
    put16(e, z64End ? 0xFFFF : static_cast<std::uint32_t>(count));
    put16(e, z64End ? 0xFFFF : static_cast<std::uint32_t>(count));
    put32(e, z64End ? 0xFFFFFFFFu : low32(cdSize));
    put32(e, z64End ? 0xFFFFFFFFu : low32(cdStart));
    put16(e, static_cast<std::uint32_t>(comment.size()));
    e += comment;
    write(e);
    if (std::fflush(file_->f) != 0) throw std::runtime_error("cannot write " + path_);
    return offset_;
}

std::string deflateContent(const Content& content, int level, std::uint32_t& crc) {
    crc = crcOfContent(content);
    std::string out = deflatePiece(content.prefix, level, content.repeat == 0 && content.suffix.empty());
    if (content.repeat > 0 || !content.suffix.empty()) {
        std::string mid = content.repeat ? deflatePiece(content.chunk, level, false) : std::string();
        for (std::uint64_t i = 0; i < content.repeat; ++i) out += mid;
        out += deflatePiece(content.suffix, level, true);
    }
    return out;
}

namespace {
std::uint32_t xorshift(std::uint32_t& x) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}
} // namespace

std::string noisyUnits(std::size_t size, const std::vector<std::string>& units, std::size_t meanRun, std::uint32_t seed) {
    std::string s;
    s.reserve(size + 4096);
    std::uint32_t x = seed ? seed : 1;
    while (s.size() < size) {
        const std::string& unit = units[xorshift(x) % units.size()];
        std::size_t run = 1 + xorshift(x) % (2 * meanRun);
        for (std::size_t i = 0; i < run && s.size() < size; ++i) s += unit;
    }
    return s;
}

std::string noisyWhitespace(std::size_t size, std::size_t gap, std::uint32_t seed) {
    std::string s(size, ' ');
    std::uint32_t x = seed ? seed : 1;
    for (std::size_t i = 0; i < size;) {
        i += 1 + xorshift(x) % (2 * gap);
        if (i < size) s[i] = (x >> 8) & 1 ? '\n' : '\t';
    }
    return s;
}

double deflateRatio(const std::string& chunk, int level) {
    return static_cast<double>(chunk.size()) / static_cast<double>(deflatePiece(chunk, level, false).size());
}

} // namespace impact::testing
