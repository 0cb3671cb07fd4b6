// A small zip writer for tests: honest zips, and zips that lie.
//
// Every header field can be forged (sizes, CRC, method, flags, names, offsets), and a part can be
// given as "prefix + chunk x N + suffix" so that gigabytes of inflated data cost only a few
// megabytes of file and milliseconds to write: each piece is deflated once, as an independent raw
// deflate stream ended with a full flush (byte-aligned, dictionary reset), so the pieces can be
// concatenated; the CRC of the whole is combined from the pieces' CRCs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::testing {

/// The content of one entry: prefix + chunk repeated `repeat` times + suffix.
struct Content {
    std::string prefix;
    std::string chunk;
    std::uint64_t repeat = 0;
    std::string suffix;

    Content() = default;
    Content(std::string whole) : prefix(std::move(whole)) {} // NOLINT: implicit on purpose
    Content(const char* whole) : prefix(whole) {}            // NOLINT
    static Content repeated(std::string prefix, std::string chunk, std::uint64_t n, std::string suffix) {
        Content c;
        c.prefix = std::move(prefix);
        c.chunk = std::move(chunk);
        c.repeat = n;
        c.suffix = std::move(suffix);
        return c;
    }
    std::uint64_t size() const { return prefix.size() + chunk.size() * repeat + suffix.size(); }
};

/// How one entry is written, and what its headers claim. Unset = the truth.
struct EntryOptions {
    std::uint16_t method = 8; ///< 0 stored, 8 deflated; anything else is written as stored data
    int level = 9;
    std::optional<std::uint64_t> localCompressed, localUncompressed, cdCompressed, cdUncompressed;
    std::optional<std::uint32_t> localCrc, cdCrc;
    std::optional<std::uint16_t> flags;       ///< general-purpose bit flag (both headers)
    std::optional<std::string> cdName;        ///< the central directory's name, if not the local one
    bool zip64 = false;                       ///< write sizes in zip64 extra fields (0xFFFFFFFF in the headers)
    bool omitFromCentralDirectory = false;
    /// The central directory entry points at this earlier entry's local header (overlapping
    /// entries, as in David Fifield's non-recursive zip bombs). Its own local header and data are
    /// still written, but nobody is pointed at them.
    std::optional<std::size_t> cdPointsAtEntry;
};

/// Writes a zip file. Entries are written as they are added; finish() writes the directory.
class ZipWriter {
public:
    explicit ZipWriter(const std::string& path);
    ~ZipWriter();
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    /// Adds an entry; returns its index (for EntryOptions::cdPointsAtEntry).
    std::size_t add(const std::string& name, const Content& content, const EntryOptions& options = {});
    /// Raw bytes, written as they are (for garbage between entries).
    void addRawBytes(std::string_view bytes);
    /// Writes the central directory and the end record; returns the file's size.
    std::uint64_t finish(std::string_view comment = {});

    /// Compressed bytes written for entry `index`.
    std::uint64_t compressedSize(std::size_t index) const { return entries_.at(index).compressed; }

private:
    struct Written {
        std::string localName, cdName;
        std::uint64_t localOffset = 0, compressed = 0, uncompressed = 0;
        std::uint32_t crc = 0;
        EntryOptions options;
    };
    void write(std::string_view bytes);
    std::string path_;
    struct File;
    File* file_;
    std::uint64_t offset_ = 0;
    std::vector<Written> entries_;
    bool finished_ = false;
};

/// Deflates `content` (raw deflate) exactly as ZipWriter does; returns the compressed bytes and
/// sets `crc`. For pieces that fit in memory only (no repeats over 64 MB of output).
std::string deflateContent(const Content& content, int level, std::uint32_t& crc);

/// About `size` bytes made of runs of `units`: each run repeats one unit, chosen at random, a
/// random number of times averaging `meanRun`. The randomness keeps deflate from compressing
/// it too well: the ratio grows with meanRun x unit length (see deflateRatio).
std::string noisyUnits(std::size_t size, const std::vector<std::string>& units, std::size_t meanRun,
                       std::uint32_t seed = 1);
/// Valid XML whitespace (spaces, with runs of newlines and tabs) that deflates at a ratio of
/// roughly gap / 4: about 200:1 for gap = 800, under a 250:1 limit.
std::string noisyWhitespace(std::size_t size, std::size_t gap, std::uint32_t seed = 1);

/// The inflated / compressed ratio of `chunk` deflated on its own.
double deflateRatio(const std::string& chunk, int level = 9);

} // namespace impact::testing
