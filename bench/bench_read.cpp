// Reader benchmark: reads every cell of every sheet of a workbook and prints one line of results.
//
//   bench_read [--mode impact|floor|zlib|expat|expat-plain] FILE.xlsx
//
//   impact       Workbook(path) + readSheet() of every sheet; every cell value is touched
//                (numbers summed, text lengths summed). The time includes opening the workbook
//                and loading the shared-string table.
//   floor        inflates the parts the reader must inflate (every sheet part and the
//                shared-strings part) through engine/read/package.h PartStream, which also
//                checks the CRC-32 and the size limits, and does nothing else.
//   zlib         the same parts, raw zlib inflate() of the zip entries (no CRC, no checks):
//                the floor of any reader of this file.
//   expat        the same parts inflated into memory first (not timed), then libexpat over the
//                XML with empty start/end/character handlers, namespace-aware exactly as
//                engine/read/xml_parser.cpp sets it up (XML_ParserCreateNS, '\x01').
//   expat-plain  the same with a non-namespace parser (XML_ParserCreate).
//
// In floor/zlib/expat modes the part names are found by opening the workbook before the clock
// starts. Output: one line "BENCH key=value ..." on stdout.
#include "common/error.h"
#include "read/package.h"
#include "read/shared_strings.h"
#include "read/workbook.h"

#include <expat.h>
#include <sys/resource.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace impact::read;

namespace {

constexpr std::size_t kChunk = 1 << 18;

double rssNowMb() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

double peakRssMb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double cpuSeconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct Touch : RowVisitor {
    std::uint64_t rows = 0, cells = 0, textBytes = 0, numbers = 0, texts = 0, dates = 0, other = 0;
    double sum = 0;
    double rssFirstRow = 0;
    void onRow(const Row& row) override {
        if (rows++ == 0) rssFirstRow = rssNowMb();
        for (const Cell& c : row.cells) {
            ++cells;
            switch (c.type) {
            case CellType::Number: ++numbers; sum += c.number; break;
            case CellType::Date: ++dates; sum += c.number; break;
            case CellType::Text: ++texts; textBytes += c.text.size(); break;
            default: ++other; sum += c.number; textBytes += c.text.size(); break;
            }
            sum += c.col;
        }
    }
};

/// The parts every mode reads: each sheet's part, and the shared strings if any.
std::vector<std::string> partsToRead(const std::string& path, const Package& pkg) {
    std::vector<std::string> parts;
    Workbook wb(path);
    for (const auto& s : wb.sheets())
        if (s.hasCells() && !s.part.empty()) parts.push_back(s.part);
    for (const auto& name : pkg.partNames()) {
        std::string lower = asciiLower(name);
        if (lower.size() >= 17 && lower.compare(lower.size() - 17, 17, "sharedstrings.xml") == 0) parts.push_back(name);
    }
    return parts;
}

/// Raw inflate of one zip entry into a scratch buffer; returns the inflated bytes.
std::uint64_t rawInflate(const std::string& path, const PartEntry& e, std::vector<char>& in, std::vector<char>& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f || std::fseek(f, static_cast<long>(e.dataOffset), SEEK_SET) != 0) throw std::runtime_error("cannot read " + path);
    std::uint64_t left = e.compressedSize, produced = 0;
    if (e.method == 0) {
        while (left > 0) {
            std::size_t n = std::fread(out.data(), 1, std::min<std::uint64_t>(left, out.size()), f);
            if (n == 0) break;
            left -= n;
            produced += n;
        }
        std::fclose(f);
        return produced;
    }
    z_stream zs{};
    inflateInit2(&zs, -MAX_WBITS);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (zs.avail_in == 0) {
            std::size_t n = std::fread(in.data(), 1, std::min<std::uint64_t>(left, in.size()), f);
            if (n == 0) break;
            left -= n;
            zs.next_in = reinterpret_cast<Bytef*>(in.data());
            zs.avail_in = static_cast<uInt>(n);
        }
        zs.next_out = reinterpret_cast<Bytef*>(out.data());
        zs.avail_out = static_cast<uInt>(out.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
        produced += out.size() - zs.avail_out;
    }
    inflateEnd(&zs);
    std::fclose(f);
    return produced;
}

void XMLCALL noStart(void*, const XML_Char*, const XML_Char**) {}
void XMLCALL noEnd(void*, const XML_Char*) {}
void XMLCALL noText(void*, const XML_Char*, int) {}

} // namespace

int main(int argc, char** argv) {
    std::string mode = "impact", path;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--mode" && i + 1 < argc) mode = argv[++i];
        else if (a.rfind("--", 0) == 0) mode = a.substr(2); // --floor, --zlib, --expat ...
        else path = a;
    }
    if (path.empty() || (mode != "impact" && mode != "floor" && mode != "zlib" && mode != "expat" && mode != "expat-plain")) {
        std::fprintf(stderr, "usage: bench_read [--impact|--floor|--zlib|--expat|--expat-plain] FILE.xlsx\n");
        return 2;
    }
    try {
        using Clock = std::chrono::steady_clock;
        const double rssStart = rssNowMb();
        std::uint64_t cells = 0, bytes = 0;
        double checksum = 0, seconds = 0, cpu = 0, rssOpen = 0, rssFirstRow = 0, sstMb = 0;

        if (mode == "impact") {
            double cpu0 = cpuSeconds();
            auto t0 = Clock::now();
            Workbook wb(path);
            rssOpen = rssNowMb();
            Touch touch;
            for (std::size_t i = 0; i < wb.sheets().size(); ++i) wb.readSheet(i, touch);
            seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            cpu = cpuSeconds() - cpu0;
            cells = touch.cells;
            checksum = touch.sum + static_cast<double>(touch.textBytes);
            rssFirstRow = touch.rssFirstRow;
            // After the peak is recorded: the size of the shared-string table the reader holds
            // (text pool + one 8-byte offset per string), to tell it apart from streaming memory.
            double peakBefore = peakRssMb();
            ReadLimits limits;
            Package pkg(path, limits);
            for (const auto& name : partsToRead(path, pkg)) {
                std::string lower = asciiLower(name);
                if (lower.find("sharedstrings") == std::string::npos) continue;
                SharedStrings sst;
                auto stream = pkg.open(*pkg.find(name));
                sst.load(*stream, name, limits);
                std::uint64_t textBytes = 0;
                for (std::size_t i = 0; i < sst.size(); ++i) textBytes += sst.at(i).size();
                sstMb = static_cast<double>(textBytes + 8 * sst.size()) / (1024.0 * 1024.0);
            }
            std::printf("BENCH file=%s reader=impact seconds=%.4f cpu_seconds=%.4f cells=%llu cells_per_s=%.0f "
                        "peak_rss_mb=%.1f rss_start_mb=%.1f rss_open_mb=%.1f rss_first_row_mb=%.1f sst_mb=%.1f "
                        "peak_beyond_sst_mb=%.1f rows=%llu numbers=%llu dates=%llu texts=%llu checksum=%.6g\n",
                        path.c_str(), seconds, cpu, static_cast<unsigned long long>(cells),
                        static_cast<double>(cells) / seconds, peakBefore, rssStart, rssOpen, rssFirstRow, sstMb,
                        peakBefore - sstMb, static_cast<unsigned long long>(touch.rows),
                        static_cast<unsigned long long>(touch.numbers), static_cast<unsigned long long>(touch.dates),
                        static_cast<unsigned long long>(touch.texts), checksum);
            return 0;
        }

        ReadLimits limits;
        Package pkg(path, limits);
        std::vector<std::string> parts = partsToRead(path, pkg);
        std::vector<char> in(kChunk), out(kChunk);

        if (mode == "floor" || mode == "zlib") {
            double cpu0 = cpuSeconds();
            auto t0 = Clock::now();
            for (const auto& name : parts) {
                const PartEntry& e = *pkg.find(name);
                if (mode == "zlib") {
                    bytes += rawInflate(path, e, in, out);
                } else {
                    auto stream = pkg.open(e);
                    while (std::size_t n = stream->read(out.data(), out.size())) bytes += n;
                }
                checksum += static_cast<unsigned char>(out[0]);
            }
            seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            cpu = cpuSeconds() - cpu0;
        } else { // expat, expat-plain
            std::vector<std::string> xml;
            for (const auto& name : parts) {
                const PartEntry& e = *pkg.find(name);
                std::string data(static_cast<std::size_t>(e.uncompressedSize), '\0');
                auto stream = pkg.open(e);
                std::size_t at = 0;
                while (std::size_t n = stream->read(data.data() + at, data.size() - at)) at += n;
                data.resize(at);
                bytes += at;
                xml.push_back(std::move(data));
            }
            double cpu0 = cpuSeconds();
            auto t0 = Clock::now();
            for (const auto& doc : xml) {
                XML_Parser p = mode == "expat" ? XML_ParserCreateNS(nullptr, '\x01') : XML_ParserCreate(nullptr);
                XML_SetElementHandler(p, noStart, noEnd);
                XML_SetCharacterDataHandler(p, noText);
                for (std::size_t at = 0;; at += kChunk) {
                    std::size_t n = at < doc.size() ? std::min(kChunk, doc.size() - at) : 0;
                    if (XML_Parse(p, doc.data() + at, static_cast<int>(n), n == 0) == XML_STATUS_ERROR)
                        throw std::runtime_error(std::string("expat: ") + XML_ErrorString(XML_GetErrorCode(p)));
                    if (n == 0) break;
                }
                checksum += static_cast<double>(XML_GetCurrentByteIndex(p));
                XML_ParserFree(p);
            }
            seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            cpu = cpuSeconds() - cpu0;
        }
        std::printf("BENCH file=%s reader=%s seconds=%.4f cpu_seconds=%.4f cells=0 inflated_bytes=%llu "
                    "mb_per_s=%.1f peak_rss_mb=%.1f parts=%zu checksum=%.6g\n",
                    path.c_str(), mode.c_str(), seconds, cpu, static_cast<unsigned long long>(bytes),
                    static_cast<double>(bytes) / seconds / (1024.0 * 1024.0), peakRssMb(), parts.size(), checksum);
        return 0;
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "bench_read: %s\n", ex.what());
        return 1;
    }
}
