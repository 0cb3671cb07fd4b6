#include "read/sheet_scanner.h"

#include "platform/environment.h"

#include "read/xml_parser.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace impact::read {

namespace {

constexpr std::size_t kMaxToken = std::size_t(16) << 20; // one tag, comment, PI or CDATA section
constexpr std::size_t kPad = 16;                         // bytes kept free after the data
constexpr std::size_t kPrologBytes = 512;                // read before deciding on the encoding
constexpr const char* kXmlUri = "http://www.w3.org/XML/1998/namespace";

/// The first `needle` in [p, end), or nullptr (memmem, which Windows lacks).
const char* findBytes(const char* p, const char* end, std::string_view needle) {
    std::string_view hay(p, static_cast<std::size_t>(end - p));
    std::size_t at = hay.find(needle);
    return at == std::string_view::npos ? nullptr : p + at;
}

// Byte classes. The byte after the scanned data is always 0 (NUL cannot occur in validated data),
// so every loop below stops at the end without a bounds check and then asks whether it got there.
enum : unsigned char {
    kNameStart = 1, // letters, '_', ':', and every byte of a multi-byte UTF-8 character
    kNameChar = 2,  // kNameStart and digits, '-', '.'
    kSpace = 4,     // ' ', '\t', '\n', '\r'
    kAttrStop = 8,  // ends or complicates an attribute value: quotes, '<', '&', '\t', '\n', '\r', NUL
    kTextStop = 16, // complicates text: '<', '&', '\r', '>' (of "]]>"), NUL
};

constexpr std::array<unsigned char, 256> makeClasses() {
    std::array<unsigned char, 256> t{};
    for (int c = 0; c < 256; ++c) {
        unsigned char v = 0;
        bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
        if (start) v |= kNameStart | kNameChar;
        if ((c >= '0' && c <= '9') || c == '-' || c == '.') v |= kNameChar;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') v |= kSpace;
        if (c == '"' || c == '\'' || c == '<' || c == '&' || c == '\t' || c == '\n' || c == '\r' || c == 0) v |= kAttrStop;
        if (c == '<' || c == '&' || c == '\r' || c == '>' || c == 0) v |= kTextStop;
        t[static_cast<std::size_t>(c)] = v;
    }
    return t;
}
constexpr std::array<unsigned char, 256> kClass = makeClasses();

inline unsigned char cls(const char* p) { return kClass[static_cast<unsigned char>(*p)]; }
inline std::string_view span(const char* from, const char* to) { return std::string_view(from, static_cast<std::size_t>(to - from)); }

/// The first byte at or after p that text needs to look at ('<', '&', '\r', '>', NUL): 16 bytes at
/// a time, for long runs of text (a whitespace bomb is gigabytes of it). May read up to 15 bytes
/// past that byte, which the buffer's padding allows.
inline const char* plainTextEnd(const char* p) {
#if defined(__SSE2__)
    const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), cr = _mm_set1_epi8('\r'), gt = _mm_set1_epi8('>'),
                  nul = _mm_setzero_si128();
    while (true) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
                                   _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, gt)), _mm_cmpeq_epi8(v, nul)));
        if (int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#else
    while (!(cls(p) & kTextStop)) ++p;
    return p;
#endif
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/// Writes code point `cp` as UTF-8 into `out`; returns the length.
std::size_t toUtf8(std::uint32_t cp, char* out) {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

bool isXmlChar(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/// What an XML declaration allows the scanner to do.
enum class Declaration { Utf8, Other, Incomplete };

/// Reads `<?xml version="1.0" encoding="..." standalone="..."?>` at `p` (just past "<?xml").
/// Sets `end` past "?>" for a UTF-8 declaration.
Declaration readDeclaration(const char* p, const char* limit, const char*& end) {
    const char* close = nullptr;
    for (const char* q = p; q + 1 < limit; ++q)
        if (q[0] == '?' && q[1] == '>') {
            close = q;
            break;
        }
    if (!close) return Declaration::Incomplete;
    bool sawVersion = false;
    while (true) {
        const char* s = p;
        while (p < close && (cls(p) & kSpace)) ++p;
        if (p == close) break;
        if (p == s) return Declaration::Other;
        const char* name = p;
        while (p < close && *p >= 'a' && *p <= 'z') ++p;
        std::string_view key = span(name, p);
        while (p < close && (cls(p) & kSpace)) ++p;
        if (p == close || *p != '=') return Declaration::Other;
        ++p;
        while (p < close && (cls(p) & kSpace)) ++p;
        if (p == close || (*p != '"' && *p != '\'')) return Declaration::Other;
        char quote = *p++;
        const char* value = p;
        while (p < close && *p != quote) ++p;
        if (p == close) return Declaration::Other;
        std::string_view v = span(value, p++);
        if (key == "version") {
            if (sawVersion || v != "1.0") return Declaration::Other;
            sawVersion = true;
        } else if (key == "encoding") {
            if (!sawVersion || !iequals(v, "UTF-8")) return Declaration::Other;
        } else if (key == "standalone") {
            if (!sawVersion || (v != "yes" && v != "no")) return Declaration::Other;
        } else {
            return Declaration::Other;
        }
    }
    if (!sawVersion) return Declaration::Other;
    end = close + 2;
    return Declaration::Utf8;
}

class Scanner {
public:
    Scanner(SheetCells& cells, const std::string& what) : cells_(cells), what_(what) {
        names_.reserve(256);
        stack_.reserve(64);
        attrs_.resize(16);
    }

    ScanResult run(const ByteSource& source, std::size_t chunk) {
        chunk = std::max<std::size_t>(chunk, 1);
        bool eof = false;
        while (have_ < kPrologBytes && !eof) eof = !fill(source, std::max(chunk, kPrologBytes - have_));
        if (!prolog(eof)) return ScanResult::UseExpat;
        while (true) {
            validate(eof);
            const bool last = eof && validated_ == have_ && !bad_;
            char* data = buf_.data();
            char saved = data[validated_];
            data[validated_] = 0;
            begin_ = data;
            std::size_t used = scan(data, data + validated_, last);
            data[validated_] = saved;
            if (bad_) // everything before the bad byte was well-formed: now refuse it
                throwNotWellFormed(what_, newlinesBefore_ + newlinesValidated_ + 1,
                                   saved == 0 ? "not well-formed (invalid token)" : "not well-formed (invalid token or encoding)");
            if (last) break;
            std::size_t tail = have_ - used;
            if (tail > kMaxToken) throwTokenTooLong(what_);
            std::size_t tailNewlines = static_cast<std::size_t>(std::count(data + used, data + validated_, '\n'));
            newlinesBefore_ += newlinesValidated_ - tailNewlines;
            newlinesValidated_ = tailNewlines;
            std::memmove(data, data + used, tail);
            have_ = tail;
            validated_ -= used;
            // Read at least as much as is held, so that a long token's buffer doubles each time.
            if (!eof) eof = !fill(source, std::max(chunk, tail));
        }
        if (!rootSeen_) fail(buf_.data() + have_, "no element found");
        if (!stack_.empty()) fail(buf_.data() + have_, "unclosed token");
        return ScanResult::Done;
    }

private:
    struct Open {
        std::size_t nameAt; // in names_
        std::uint32_t nameLen;
        SheetTag tag;
        bool declares; // this element declared namespaces
    };
    struct Binding {
        std::string prefix; // "" for the default namespace
        std::string uri;
        Ns ns;
        std::size_t depth; // the stack size when declared (the declaring element's index)
    };
    struct Attr {
        const char *name, *nameEnd, *colon, *value, *valueEnd;
        bool special; // holds '&' or a literal tab or line end: the value must be decoded
    };

    // ---- input -----------------------------------------------------------------------------

    /// Reads once into the buffer; false at the end of the part.
    bool fill(const ByteSource& source, std::size_t want) {
        if (buf_.size() < have_ + want + kPad) buf_.resize(std::max(have_ + want + kPad, buf_.size() * 2));
        std::size_t got = source(buf_.data() + have_, want);
        have_ += got;
        buf_[have_] = 0;
        return got != 0;
    }

    /// The byte-order mark and XML declaration. False to leave the part to libexpat.
    bool prolog(bool eof) {
        const auto* u = reinterpret_cast<const unsigned char*>(buf_.data());
        std::size_t skip = 0;
        if (have_ >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
            skip = 3;
        else if (have_ >= 2 && (u[0] == 0 || u[1] == 0 || (u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE)))
            return false; // UTF-16 or UTF-32
        const char* p = buf_.data() + skip;
        const char* limit = buf_.data() + have_;
        if (limit - p >= 6 && std::memcmp(p, "<?xml", 5) == 0 && (cls(p + 5) & kSpace)) {
            const char* end = nullptr;
            Declaration d = readDeclaration(p + 5, limit, end);
            if (d != Declaration::Utf8) return false; // libexpat reads it, or says what is wrong
            skip = static_cast<std::size_t>(end - buf_.data());
        } else if (!eof && limit - p < 6) {
            return false; // too short to tell: libexpat decides
        }
        newlinesBefore_ = static_cast<std::size_t>(std::count(buf_.data(), buf_.data() + skip, '\n'));
        std::memmove(buf_.data(), buf_.data() + skip, have_ - skip);
        have_ -= skip;
        buf_[have_] = 0;
        return true;
    }

    /// Checks the bytes read since the last call: UTF-8, no character XML forbids; counts line
    /// ends. Stops before a bad byte (setting bad_, so that what comes before it is still read
    /// first, as libexpat does) or before a character cut by the end of the buffer.
    void validate(bool eof) {
        const char* p = buf_.data() + validated_;
        const char* end = buf_.data() + have_;
        std::size_t newlines = 0;
        auto stop = [&](const char* at, bool bad) {
            validated_ = static_cast<std::size_t>(at - buf_.data());
            newlinesValidated_ += newlines;
            bad_ = bad;
        };
        while (p < end) {
            if (end - p >= 8) {
                std::uint64_t w;
                std::memcpy(&w, p, 8);
                constexpr std::uint64_t kHigh = 0x8080808080808080ull, kSpaces = 0x2020202020202020ull;
                // Plain printable ASCII in all 8 bytes (no high bit, none below 0x20): go on.
                if (((w | ((w - kSpaces) & ~w)) & kHigh) == 0) {
                    p += 8;
                    continue;
                }
            }
            const char* wordEnd = std::min(p + 8, end);
            while (p < wordEnd) {
                auto c = static_cast<unsigned char>(*p);
                if (c < 0x80) {
                    if (c < 0x20) {
                        if (c == '\n')
                            ++newlines;
                        else if (c != '\t' && c != '\r')
                            return stop(p, true);
                    }
                    ++p;
                    continue;
                }
                std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
                if (len == 0) return stop(p, true);
                if (static_cast<std::size_t>(end - p) < len) return stop(p, eof); // the rest is in the next chunk
                auto b1 = static_cast<unsigned char>(p[1]);
                bool ok = (b1 & 0xC0) == 0x80;
                if (len >= 3) ok = ok && (static_cast<unsigned char>(p[2]) & 0xC0) == 0x80;
                if (len == 4) ok = ok && (static_cast<unsigned char>(p[3]) & 0xC0) == 0x80;
                if (c == 0xE0)
                    ok = ok && b1 >= 0xA0; // overlong
                else if (c == 0xED)
                    ok = ok && b1 <= 0x9F; // surrogates
                else if (c == 0xF0)
                    ok = ok && b1 >= 0x90; // overlong
                else if (c == 0xF4)
                    ok = ok && b1 <= 0x8F;                                                                    // beyond U+10FFFF
                if (c == 0xEF && b1 == 0xBF && (static_cast<unsigned char>(p[2]) & 0xFE) == 0xBE) ok = false; // U+FFFE/F
                if (!ok) return stop(p, true);
                p += len;
            }
        }
        stop(end, false);
    }

    [[noreturn]] void fail(const char* at, std::string_view reason) const {
        auto line = newlinesBefore_ + static_cast<std::size_t>(std::count(buf_.data(), at, '\n')) + 1;
        throwNotWellFormed(what_, line, reason);
    }

    /// Reads the name starting at p (its first byte checked): at most one colon, with a prefix
    /// before it and a name after it, as namespaces require. Returns its end, maybe the buffer's.
    const char* qname(const char* p, const char* end, const char*& colon) const {
        const char* start = p;
        colon = nullptr;
        while (cls(p) & kNameChar) {
            if (*p == ':') {
                if (colon || p == start) fail(p, "not well-formed (invalid token)");
                colon = p;
            }
            ++p;
        }
        if (colon && p < end && (colon + 1 == p || !(cls(colon + 1) & kNameStart))) fail(colon, "not well-formed (invalid token)");
        return p;
    }

    /// Whether a name starts at p: false if the buffer ends first; refused if it cannot.
    bool nameStarts(const char* p, const char* end) const {
        if (cls(p) & kNameStart) return true;
        if (p >= end) return false;
        fail(p, "not well-formed (invalid token)");
    }

    /// An incomplete token at `at`: wait for more, or refuse at the end of the part.
    const char* more(const char* at, bool last) const {
        if (last) fail(at, "unclosed token");
        return nullptr;
    }

    // ---- the document ----------------------------------------------------------------------

    /// Consumes whole tokens from [begin, end); returns how many bytes. `last`: no more input.
    std::size_t scan(const char* begin, const char* end, bool last) {
        const char* p = begin;
        while (p < end) {
            if (*p != '<') {
                const char* lt = textEnd(p, end);
                const char* done = text(p, lt, lt < end || last);
                if (done < lt || lt == end) return static_cast<std::size_t>(done - begin);
                p = lt;
            }
            const char* next = markup(p, end, last);
            if (!next) return static_cast<std::size_t>(p - begin);
            p = next;
        }
        return static_cast<std::size_t>(p - begin);
    }

    /// The next '<' at or after p, or end.
    const char* textEnd(const char* p, const char* end) const {
        for (int i = 0; i < 16; ++i, ++p)
            if (*p == '<' || p >= end) return p; // the NUL after the data stops a short scan too
        const void* lt = std::memchr(p, '<', static_cast<std::size_t>(end - p));
        return lt ? static_cast<const char*>(lt) : end;
    }

    /// Character data [p, end). `final`: markup or the end of the part follows, nothing is held
    /// back. Returns where it stopped (before a reference, CR or "]" cut by the end of the buffer).
    const char* text(const char* p, const char* end, bool final) {
        if (stack_.empty()) { // only whitespace outside the root, perhaps gigabytes of it
            for (; p < end; ++p) {
                std::uint64_t w;
                while (end - p >= 8 && (std::memcpy(&w, p, 8), w == 0x2020202020202020ull)) p += 8;
                if (p < end && !(cls(p) & kSpace)) fail(p, rootSeen_ ? "junk after document element" : "syntax error");
            }
            return end;
        }
        const bool collect = cells_.collecting(); // else skipped, but it must be well-formed
        const char* run = p;
        while (true) {
            p = plainTextEnd(p);
            if (p >= end) break;
            if (collect && p > run) cells_.text(span(run, p));
            if (*p == '&') {
                char out[4];
                std::size_t n = 0;
                const char* after = reference(p, end, out, n);
                if (!after) {
                    if (final) fail(p, "unclosed token");
                    return p;
                }
                if (collect) cells_.text(std::string_view(out, n));
                p = after;
            } else if (*p == '\r') { // a line end, CR LF or CR alone, is a line feed
                if (p + 1 >= end && !final) return p;
                if (collect) cells_.text("\n");
                p += p + 1 < end && p[1] == '\n' ? 2 : 1;
            } else { // '>': only "]]>" is refused. The bytes before p are the document's.
                if (p - begin_ >= 2 && p[-1] == ']' && p[-2] == ']') fail(p - 2, "not well-formed (invalid token)");
                if (collect) cells_.text(">");
                ++p;
            }
            run = p;
        }
        const char* stop = end;
        if (!final) // keep a "]" or "]]" at the end for the check above
            while (stop > run && end - stop < 2 && stop[-1] == ']') --stop;
        if (collect && stop > run) cells_.text(span(run, stop));
        return stop;
    }

    /// The reference at `amp` ('&'), checked and decoded into `out`. Returns the byte after its
    /// ';', or nullptr if [amp, end) ends first.
    const char* reference(const char* amp, const char* end, char* out, std::size_t& n) const {
        const char* p = amp + 1;
        if (p >= end) return nullptr;
        if (*p == '#') {
            ++p;
            bool hex = p < end && *p == 'x';
            if (hex) ++p;
            std::uint32_t cp = 0;
            const char* digits = p;
            for (; p < end; ++p) {
                char c = *p;
                std::uint32_t d;
                if (c >= '0' && c <= '9')
                    d = static_cast<std::uint32_t>(c - '0');
                else if (hex && c >= 'a' && c <= 'f')
                    d = static_cast<std::uint32_t>(c - 'a' + 10);
                else if (hex && c >= 'A' && c <= 'F')
                    d = static_cast<std::uint32_t>(c - 'A' + 10);
                else
                    break;
                cp = std::min<std::uint32_t>(cp * (hex ? 16 : 10) + d, 0x110000);
            }
            if (p >= end) return nullptr;
            if (*p != ';' || p == digits) fail(amp, "not well-formed (invalid token)");
            if (!isXmlChar(cp)) fail(amp, "reference to invalid character number");
            n = toUtf8(cp, out);
            return p + 1;
        }
        const char* name = p;
        while (p < end && (cls(p) & kNameChar)) ++p;
        if (p >= end) return nullptr;
        if (*p != ';' || p == name) fail(amp, "not well-formed (invalid token)");
        std::string_view e = span(name, p);
        char c = e == "lt" ? '<' : e == "gt" ? '>' : e == "amp" ? '&' : e == "quot" ? '"' : e == "apos" ? '\'' : 0;
        if (!c) fail(amp, "undefined entity");
        out[0] = c;
        n = 1;
        return p + 1;
    }

    /// The markup at `lt`; returns the byte after it, or nullptr to wait for more input.
    const char* markup(const char* lt, const char* end, bool last) {
        const char* p = lt + 1;
        if (p >= end) return more(lt, last);
        switch (*p) {
        case '/': return endTag(lt, end, last);
        case '?': return instruction(lt, end, last);
        case '!': return declaration(lt, end, last);
        default: return startTag(lt, end, last);
        }
    }

    const char* startTag(const char* lt, const char* end, bool last) {
        const char* name = lt + 1;
        if (!nameStarts(name, end)) return more(lt, last);
        const char* colon = nullptr;
        const char* nameEnd = qname(name, end, colon);
        bool empty = false, declares = false;
        const char* p = attributes(nameEnd, end, empty, declares);
        if (!p) return more(lt, last);
        // Nothing in the tag is cut by the end of the buffer: check and act.
        Ns ns = checkAttributes(lt, name, colon, declares);
        openElement(lt, name, colon, nameEnd, ns, empty, declares);
        return p;
    }

    /// The attributes after a start tag's name (at `p`) into attrs_ (nattrs_ of them), up to its
    /// '>' or "/>" (`empty`). Returns the byte after the tag, or nullptr if the buffer ends first.
    const char* attributes(const char* p, const char* end, bool& empty, bool& declares) {
        nattrs_ = 0;
        while (true) {
            const char* gap = p;
            while (cls(p) & kSpace) ++p;
            if (p >= end) return nullptr;
            if (*p == '>') return p + 1;
            if (*p == '/') {
                if (p + 1 >= end) return nullptr;
                if (p[1] != '>') fail(p, "not well-formed (invalid token)");
                empty = true;
                return p + 2;
            }
            if (p == gap || !(cls(p) & kNameStart)) fail(p, "not well-formed (invalid token)");
            if (nattrs_ == attrs_.size()) attrs_.resize(2 * nattrs_);
            Attr& a = attrs_[nattrs_]; // filled in place: cheaper than a copy
            p = attribute(p, end, a);
            if (!p) return nullptr;
            if (isXmlns(a)) declares = true;
            ++nattrs_;
        }
    }

    /// One attribute, name="value" or name='value', at `p` into `a`. Returns the byte after its
    /// closing quote, or nullptr if the buffer ends first.
    const char* attribute(const char* p, const char* end, Attr& a) const {
        a.name = p;
        a.special = false;
        p = qname(p, end, a.colon);
        a.nameEnd = p;
        while (cls(p) & kSpace) ++p;
        if (p >= end) return nullptr;
        if (*p != '=') fail(p, "not well-formed (invalid token)");
        ++p;
        while (cls(p) & kSpace) ++p;
        if (p >= end) return nullptr;
        char quote = *p;
        if (quote != '"' && quote != '\'') fail(p, "not well-formed (invalid token)");
        a.value = ++p;
        while (true) {
            while (!(cls(p) & kAttrStop)) ++p;
            char c = *p;
            if (c == quote) break;
            if (p >= end) return nullptr;
            if (c == '<') fail(p, "not well-formed (invalid token)");
            if (c != '"' && c != '\'') a.special = true;
            ++p;
        }
        a.valueEnd = p;
        return p + 1;
    }

    /// A whole start tag's attributes checked: no name twice, references decoded, its namespace
    /// declarations bound and every prefix known. Returns the element's namespace.
    Ns checkAttributes(const char* lt, const char* name, const char* colon, bool declares) {
        for (std::size_t i = 1; i < nattrs_; ++i)
            for (std::size_t j = 0; j < i; ++j) {
                const Attr &a = attrs_[i], &b = attrs_[j];
                auto len = a.nameEnd - a.name;
                if (len == b.nameEnd - b.name && a.name[0] == b.name[0] && std::memcmp(a.name, b.name, static_cast<std::size_t>(len)) == 0)
                    fail(a.name, "duplicate attribute");
            }
        if (decoded_.size() < nattrs_) decoded_.resize(nattrs_);
        for (std::size_t i = 0; i < nattrs_; ++i)
            if (attrs_[i].special) decode(attrs_[i], decoded_[i]);
        if (declares) bind(lt);
        Ns ns = colon ? lookup(span(name, colon), name).ns : defaultNs_;
        std::size_t prefixed = 0;
        for (std::size_t i = 0; i < nattrs_; ++i)
            if (const Attr& a = attrs_[i]; a.colon && !isXmlns(a)) {
                lookup(span(a.name, a.colon), a.name);
                ++prefixed;
            }
        if (prefixed > 1) // two prefixes of one namespace make the same name twice
            for (std::size_t i = 1; i < nattrs_; ++i)
                for (std::size_t j = 0; j < i; ++j)
                    if (attrs_[i].colon && attrs_[j].colon && !isXmlns(attrs_[i]) && !isXmlns(attrs_[j]) &&
                        sameExpandedName(attrs_[i], attrs_[j]))
                        fail(attrs_[i].name, "duplicate attribute");
        return ns;
    }

    /// The checked element opened: kept on the stack until its end tag (unless `empty`), and
    /// handed with its attributes to the cells if it is one the reader uses.
    void openElement(const char* lt, const char* name, const char* colon, const char* nameEnd, Ns ns, bool empty, bool declares) {
        if (stack_.empty()) {
            if (rootSeen_) fail(lt, "junk after document element");
            rootSeen_ = true;
        }
        SheetTag tag = ns == Ns::Main ? sheetTag(span(colon ? colon + 1 : name, nameEnd)) : SheetTag::Other;
        if (!empty) {
            auto nameLen = static_cast<std::uint32_t>(nameEnd - name);
            stack_.push_back({names_.size(), nameLen, tag, declares});
            names_.append(name, nameEnd);
        } else if (declares) {
            unbind(stack_.size());
        }
        if (tag != SheetTag::Other) {
            SheetAttrs wanted;
            if (sheetTagHasAttributes(tag))
                for (std::size_t i = 0; i < nattrs_; ++i) wanted.set(span(attrs_[i].name, attrs_[i].nameEnd), value(i));
            cells_.start(tag, wanted);
            if (empty) cells_.end(tag);
        }
    }

    const char* endTag(const char* lt, const char* end, bool last) {
        const char* name = lt + 2;
        const char* p = name;
        while (cls(p) & kNameChar) ++p;
        const char* nameEnd = p;
        while (cls(p) & kSpace) ++p;
        if (p >= end) return more(lt, last);
        if (*p != '>' || nameEnd == name) fail(p, "not well-formed (invalid token)");
        if (stack_.empty()) fail(lt, rootSeen_ ? "junk after document element" : "syntax error");
        Open top = stack_.back();
        const char* open = names_.data() + top.nameAt;
        bool same = static_cast<std::size_t>(nameEnd - name) == top.nameLen;
        for (std::size_t i = 0; same && i < top.nameLen; ++i) same = name[i] == open[i]; // short: no memcmp call
        if (!same) fail(lt, "mismatched tag");
        stack_.pop_back();
        names_.resize(top.nameAt);
        if (top.declares) unbind(stack_.size());
        if (top.tag != SheetTag::Other) cells_.end(top.tag);
        return p + 1;
    }

    /// <?target ...?>
    const char* instruction(const char* lt, const char* end, bool last) {
        const char* target = lt + 2;
        const char* p = target;
        if (!nameStarts(p, end)) return more(lt, last);
        for (; cls(p) & kNameChar; ++p)
            if (*p == ':') fail(p, "not well-formed (invalid token)"); // a target has no prefix
        if (p >= end) return more(lt, last);
        if (iequals(span(target, p), "xml")) fail(lt, "XML or text declaration not at start of entity");
        if (*p == '?') { // <?target?>
            if (p + 1 >= end) return more(lt, last);
            if (p[1] != '>') fail(p, "not well-formed (invalid token)");
            return p + 2;
        }
        if (!(cls(p) & kSpace)) fail(p, "not well-formed (invalid token)");
        const char* close = findBytes(p, end, "?>");
        if (!close) return more(lt, last);
        return close + 2;
    }

    /// <!-- -->, <![CDATA[ ]]>, and the DTD declarations, which are refused.
    const char* declaration(const char* lt, const char* end, bool last) {
        std::size_t avail = static_cast<std::size_t>(end - lt);
        auto startsWith = [&](std::string_view s) { return avail >= s.size() && std::memcmp(lt, s.data(), s.size()) == 0; };
        if (avail < 9 && !last) return nullptr;
        if (startsWith("<!--")) {
            const char* p = lt + 4;
            const char* d = findBytes(p, end, "--");
            if (!d) return more(lt, last);
            if (d + 2 >= end) return more(lt, last);
            if (d[2] != '>') fail(d, "not well-formed (invalid token)");
            return d + 3;
        }
        if (startsWith("<![CDATA[")) {
            if (stack_.empty()) fail(lt, "syntax error");
            const char* p = lt + 9;
            const char* c = findBytes(p, end, "]]>");
            if (!c) return more(lt, last);
            if (cells_.collecting()) {
                // Only line ends to normalise: no references in a CDATA section.
                const char* run = p;
                for (const char* q = p; q < c; ++q) {
                    if (*q != '\r') continue;
                    if (q > run) cells_.text(span(run, q));
                    cells_.text("\n");
                    if (q + 1 < c && q[1] == '\n') ++q;
                    run = q + 1;
                }
                if (c > run) cells_.text(span(run, c));
            }
            return c + 3;
        }
        for (std::string_view dtd : {"<!DOCTYPE", "<!ENTITY", "<!ELEMENT", "<!ATTLIST", "<!NOTATION"})
            if (startsWith(dtd)) throwDoctypeRefused(what_);
        if (avail < 10 && !last) return nullptr; // "<!NOTATION" is the longest
        fail(lt, "not well-formed (invalid token)");
    }

    // ---- attributes and namespaces ---------------------------------------------------------

    static bool isXmlns(const Attr& a) {
        return a.nameEnd - a.name >= 5 && std::memcmp(a.name, "xmlns", 5) == 0 && (a.nameEnd - a.name == 5 || a.name[5] == ':');
    }

    std::string_view value(std::size_t i) const {
        const Attr& a = attrs_[i];
        return a.special ? std::string_view(decoded_[i]) : span(a.value, a.valueEnd);
    }

    /// An attribute value with its references decoded and tabs and line ends made spaces.
    void decode(const Attr& a, std::string& out) const {
        out.clear();
        for (const char* p = a.value; p < a.valueEnd;) {
            char c = *p;
            if (c == '&') {
                char buf[4];
                std::size_t n = 0;
                const char* after = reference(p, a.valueEnd, buf, n);
                if (!after) fail(p, "not well-formed (invalid token)");
                out.append(buf, n);
                p = after;
            } else if (c == '\r') {
                out += ' ';
                p += p + 1 < a.valueEnd && p[1] == '\n' ? 2 : 1;
            } else {
                out += c == '\n' || c == '\t' ? ' ' : c;
                ++p;
            }
        }
    }

    /// The namespace declarations of the start tag at `tag` (in attrs_), for the element about
    /// to be pushed at depth stack_.size().
    void bind(const char* tag) {
        for (std::size_t i = 0; i < nattrs_; ++i) {
            const Attr& a = attrs_[i];
            if (!isXmlns(a)) continue;
            std::string_view uri = value(i);
            std::string prefix = a.colon ? std::string(a.colon + 1, a.nameEnd) : std::string();
            if (a.colon && uri.empty()) fail(tag, "must not undeclare prefix");
            if (prefix == "xmlns") fail(tag, "reserved prefix (xmlns) must not be declared or undeclared");
            if (prefix == "xml" && uri != kXmlUri)
                fail(tag, "reserved prefix (xml) must not be undeclared or bound to another namespace name");
            Ns ns = uri.empty() ? Ns::None : classifyNamespace(uri);
            bindings_.push_back({std::move(prefix), std::string(uri), ns, stack_.size()});
        }
        refreshDefault();
    }

    void unbind(std::size_t depth) {
        while (!bindings_.empty() && bindings_.back().depth == depth) bindings_.pop_back();
        refreshDefault();
    }

    void refreshDefault() {
        defaultNs_ = Ns::None;
        for (auto b = bindings_.rbegin(); b != bindings_.rend(); ++b)
            if (b->prefix.empty()) {
                defaultNs_ = b->ns;
                break;
            }
        last_ = nullptr;
    }

    /// The binding of a prefix; an unbound one is an error.
    const Binding& lookup(std::string_view prefix, const char* at) {
        if (last_ && prefix == last_->prefix) return *last_;
        if (prefix == "xml") {
            static const Binding xml{"xml", kXmlUri, Ns::Other, 0};
            return xml;
        }
        auto b = bindings_.rbegin();
        while (b != bindings_.rend() && b->prefix != prefix) ++b;
        if (b == bindings_.rend() || prefix.empty()) fail(at, "unbound prefix");
        last_ = &*b;
        return *b;
    }

    /// Whether two prefixed attribute names are the same name in the same namespace.
    bool sameExpandedName(const Attr& a, const Attr& b) {
        if (span(a.colon, a.nameEnd) != span(b.colon, b.nameEnd)) return false;
        return lookup(span(a.name, a.colon), a.name).uri == lookup(span(b.name, b.colon), b.name).uri;
    }

    SheetCells& cells_;
    const std::string& what_;
    std::vector<char> buf_;
    const char* begin_ = nullptr; // buf_'s data while scanning
    std::size_t have_ = 0, validated_ = 0;
    std::size_t newlinesBefore_ = 0, newlinesValidated_ = 0; // before buf_; in buf_[0, validated_)
    std::vector<Open> stack_;
    std::string names_;
    std::vector<Binding> bindings_;
    Ns defaultNs_ = Ns::None;
    const Binding* last_ = nullptr; // the last prefix looked up
    std::vector<Attr> attrs_;       // the start tag's first nattrs_
    std::size_t nattrs_ = 0;
    std::vector<std::string> decoded_;
    bool rootSeen_ = false;
    bool bad_ = false; // validation stopped at a byte XML forbids
};

} // namespace

ScanResult scanSheet(const ByteSource& source, SheetCells& cells, const std::string& what, std::size_t chunk) {
    Scanner scanner(cells, what);
    return scanner.run(source, chunk);
}

bool sheetScannerDisabled() { return platform::environmentVariable("IMPACT_READER") == "expat"; }

} // namespace impact::read
