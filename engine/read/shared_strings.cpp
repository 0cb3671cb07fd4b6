#include "read/shared_strings.h"

#include "common/error.h"
#include "common/text.h"
#include "common/unicode_text.h"
#include "read/xml_parser.h"

namespace impact::read {

namespace {

class SstHandler : public XmlHandler {
public:
    SstHandler(std::string& pool, std::vector<std::uint64_t>& offsets, const std::string& what, const ReadLimits& limits)
        : pool_(pool), offsets_(offsets), what_(what), limits_(limits) {}

    void startElement(Ns ns, std::string_view local, const XmlAttributes&) override {
        if (ns != Ns::Main) return;
        if (local == "si") {
            if (offsets_.size() >= kMaxStrings || pool_.size() + 8 * offsets_.size() > limits_.maxSharedStringBytes)
                throw ReadError(what_ + " holds more shared strings than Excel allows; it is not a genuine workbook.");
            offsets_.push_back(pool_.size());
            itemStart_ = pool_.size();
            inItem_ = true;
        } else if (local == "rPh") {
            ++phonetic_;
        } else if (local == "t" && inItem_ && phonetic_ == 0) {
            collecting_ = true;
        }
    }
    void endElement(Ns ns, std::string_view local) override {
        if (ns != Ns::Main) return;
        if (local == "t") collecting_ = false;
        else if (local == "rPh") --phonetic_;
        else if (local == "si") {
            if (pool_.find("_x", itemStart_) != std::string::npos) {
                std::string item = pool_.substr(itemStart_);
                decodeXmlEscapes(item);
                pool_.resize(itemStart_);
                pool_ += item;
            }
            inItem_ = false;
        }
    }
    void characters(std::string_view text) override {
        if (!collecting_) return;
        pool_.append(text);
        if (pool_.size() - itemStart_ > limits_.maxCellTextBytes)
            throw ReadError(what_ + ": shared string " + std::to_string(offsets_.size()) +
                            " is longer than Excel's limit of 32,767 characters; it is not a genuine workbook.");
        if (pool_.size() + 8 * offsets_.size() > limits_.maxSharedStringBytes)
            throw ReadError(what_ + ": the shared strings exceed " + std::to_string(limits_.maxSharedStringBytes >> 20) +
                            " MB of text; refused as a possible attack.");
    }

private:
    static constexpr std::size_t kMaxStrings = 1ull << 27; // far beyond 1,048,576 x 16,384 / realistic
    std::string& pool_;
    std::vector<std::uint64_t>& offsets_;
    const std::string& what_;
    const ReadLimits& limits_;
    std::size_t itemStart_ = 0;
    bool inItem_ = false, collecting_ = false;
    int phonetic_ = 0;
};

} // namespace

void decodeXmlEscapes(std::string& s, std::size_t from) {
    std::size_t at = s.find("_x", from);
    if (at == std::string::npos) return;
    std::string out = s.substr(0, at);
    std::size_t i = at;
    while (i < s.size()) {
        if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
            int a = hexDigitValue(s[i + 2]), b = hexDigitValue(s[i + 3]), c = hexDigitValue(s[i + 4]), d = hexDigitValue(s[i + 5]);
            if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
                auto cp = static_cast<unsigned>((a << 12) | (b << 8) | (c << 4) | d);
                i += 7;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    // A UTF-16 surrogate pair is written as two escapes: _xD83D__xDE00_.
                    unsigned low = 0;
                    if (i + 6 < s.size() && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_') {
                        int e = hexDigitValue(s[i + 2]), f = hexDigitValue(s[i + 3]), g = hexDigitValue(s[i + 4]), h = hexDigitValue(s[i + 5]);
                        if (e >= 0 && f >= 0 && g >= 0 && h >= 0) low = static_cast<unsigned>((e << 12) | (f << 8) | (g << 4) | h);
                    }
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        appendUtf8(0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), out);
                        i += 7;
                        continue;
                    }
                    cp = 0xFFFD;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD; // a lone low surrogate
                }
                appendUtf8(cp, out);
                continue;
            }
        }
        out += s[i++];
    }
    s.swap(out);
}

void SharedStrings::load(PartStream& stream, const std::string& what, const ReadLimits& limits) {
    pool_.clear();
    offsets_.clear();
    SstHandler handler(pool_, offsets_, what, limits);
    parseXml(stream, handler, what);
    pool_.shrink_to_fit();
}

} // namespace impact::read
