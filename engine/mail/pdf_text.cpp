#include "mail/pdf_text.h"

#include "common/text.h"
#include "common/unicode_text.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace impact::mail {

namespace {

// ---- PDF objects ---------------------------------------------------------------------------

struct Obj {
    enum class Type { Null, Bool, Number, String, Name, Array, Dict, Ref, Operator };
    Type type = Type::Null;
    double number = 0;
    std::string text; ///< string bytes, name (without '/'), or operator
    std::vector<Obj> items;
    std::vector<std::pair<std::string, Obj>> dict;
    int ref = 0;

    const Obj* get(const std::string& key) const {
        for (const auto& [k, v] : dict)
            if (k == key) return &v;
        return nullptr;
    }
    bool isName(const std::string& n) const { return type == Type::Name && text == n; }
};

/// An indirect object: its value and, for a stream, where its raw data lies.
struct Indirect {
    Obj value;
    std::optional<std::pair<std::size_t, std::size_t>> stream; ///< [begin, end) in the file
};

constexpr std::size_t kMaxInflated = 64u << 20; // per stream: far above any report, below a bomb

bool isWhite(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool isDelim(char c) { return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'; }

/// A tokenizer/parser over PDF syntax, used for the file's objects, content streams and CMaps.
class Lexer {
public:
    explicit Lexer(std::string_view s, std::size_t pos = 0) : s_(s), p_(pos) {}
    std::size_t pos() const { return p_; }
    void seek(std::size_t p) { p_ = p; }
    bool atEnd() { skip(); return p_ >= s_.size(); }

    void skip() {
        while (p_ < s_.size()) {
            if (isWhite(s_[p_])) ++p_;
            else if (s_[p_] == '%') {
                while (p_ < s_.size() && s_[p_] != '\n' && s_[p_] != '\r') ++p_;
            } else break;
        }
    }

    /// The next object; a bare keyword comes back as an Operator. `refs`: read "N G R" as a reference.
    Obj next(bool refs = true, int depth = 0) {
        if (depth > 64) throw PdfTextError("objects nested too deeply");
        skip();
        if (p_ >= s_.size()) throw PdfTextError("unexpected end of data");
        char c = s_[p_];
        Obj o;
        if (c == '<' && p_ + 1 < s_.size() && s_[p_ + 1] == '<') {
            p_ += 2;
            o.type = Obj::Type::Dict;
            for (;;) {
                skip();
                if (p_ + 1 < s_.size() && s_[p_] == '>' && s_[p_ + 1] == '>') { p_ += 2; break; }
                Obj key = next(refs, depth + 1);
                if (key.type != Obj::Type::Name) throw PdfTextError("a dictionary key is not a name");
                Obj value = next(refs, depth + 1);
                o.dict.emplace_back(key.text, std::move(value));
            }
        } else if (c == '<') {
            ++p_;
            o.type = Obj::Type::String;
            int hi = -1;
            for (; p_ < s_.size() && s_[p_] != '>'; ++p_) {
                int v = hexDigitValue(s_[p_]);
                if (v < 0) { if (isWhite(s_[p_])) continue; throw PdfTextError("bad hex string"); }
                if (hi < 0) hi = v;
                else { o.text.push_back(static_cast<char>(hi * 16 + v)); hi = -1; }
            }
            if (hi >= 0) o.text.push_back(static_cast<char>(hi * 16));
            if (p_ >= s_.size()) throw PdfTextError("unterminated hex string");
            ++p_;
        } else if (c == '(') {
            o.type = Obj::Type::String;
            o.text = literal();
        } else if (c == '[') {
            ++p_;
            o.type = Obj::Type::Array;
            for (;;) {
                skip();
                if (p_ < s_.size() && s_[p_] == ']') { ++p_; break; }
                o.items.push_back(next(refs, depth + 1));
            }
        } else if (c == '/') {
            ++p_;
            o.type = Obj::Type::Name;
            while (p_ < s_.size() && !isWhite(s_[p_]) && !isDelim(s_[p_])) {
                if (s_[p_] == '#' && p_ + 2 < s_.size() && hexDigitValue(s_[p_ + 1]) >= 0 && hexDigitValue(s_[p_ + 2]) >= 0) {
                    o.text.push_back(static_cast<char>(hexDigitValue(s_[p_ + 1]) * 16 + hexDigitValue(s_[p_ + 2])));
                    p_ += 3;
                } else o.text.push_back(s_[p_++]);
            }
        } else if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
            std::size_t start = p_;
            while (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-' || s_[p_] == '.' || (s_[p_] >= '0' && s_[p_] <= '9'))) ++p_;
            o.type = Obj::Type::Number;
            o.number = toNumber(s_.substr(start, p_ - start));
            if (refs && s_.substr(start, p_ - start).find_first_of("+-.") == std::string_view::npos) {
                // "N G R"?
                std::size_t save = p_;
                skip();
                std::size_t g = p_;
                while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') ++p_;
                if (p_ > g) {
                    skip();
                    if (p_ < s_.size() && s_[p_] == 'R' && (p_ + 1 >= s_.size() || isWhite(s_[p_ + 1]) || isDelim(s_[p_ + 1]))) {
                        ++p_;
                        o.type = Obj::Type::Ref;
                        o.ref = static_cast<int>(o.number);
                        return o;
                    }
                }
                p_ = save;
            }
        } else if (c == ')' || c == '>' || c == ']' || c == '{' || c == '}') {
            ++p_;
            o.type = Obj::Type::Operator;
            o.text = std::string(1, c);
        } else {
            std::size_t start = p_;
            while (p_ < s_.size() && !isWhite(s_[p_]) && !isDelim(s_[p_])) ++p_;
            std::string word(s_.substr(start, p_ - start));
            if (word == "true" || word == "false") { o.type = Obj::Type::Bool; o.number = word == "true"; }
            else if (word == "null") o.type = Obj::Type::Null;
            else { o.type = Obj::Type::Operator; o.text = word; }
        }
        return o;
    }

private:
    static double toNumber(std::string_view t) {
        double sign = 1, v = 0, scale = 0;
        for (char ch : t) {
            if (ch == '-') sign = -sign;
            else if (ch == '.') scale = 1;
            else if (ch >= '0' && ch <= '9') {
                if (scale > 0) { scale /= 10; v += (ch - '0') * scale; }
                else v = v * 10 + (ch - '0');
            }
        }
        return sign * v;
    }

    std::string literal() {
        std::string out;
        int depth = 0;
        ++p_;
        while (p_ < s_.size()) {
            char c = s_[p_++];
            if (c == '\\') {
                if (p_ >= s_.size()) break;
                char e = s_[p_++];
                switch (e) {
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case '\r': if (p_ < s_.size() && s_[p_] == '\n') ++p_; break;
                case '\n': break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int i = 0; i < 2 && p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '7'; ++i) v = v * 8 + (s_[p_++] - '0');
                        out.push_back(static_cast<char>(v & 0xFF));
                    } else out.push_back(e);
                }
            } else if (c == '(') { ++depth; out.push_back(c); }
            else if (c == ')') {
                if (depth == 0) return out;
                --depth;
                out.push_back(c);
            } else out.push_back(c);
        }
        throw PdfTextError("unterminated string");
    }

    std::string_view s_;
    std::size_t p_;
};


/// UTF-16BE bytes (a CMap destination or a text string after its BOM) to UTF-8.
std::string utf16ToUtf8(std::string_view b) {
    std::string out;
    for (std::size_t i = 0; i + 1 < b.size(); i += 2) {
        std::uint32_t u = (static_cast<unsigned char>(b[i]) << 8) | static_cast<unsigned char>(b[i + 1]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < b.size()) {
            std::uint32_t lo = (static_cast<unsigned char>(b[i + 2]) << 8) | static_cast<unsigned char>(b[i + 3]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                appendUtf8(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), out);
                i += 2;
                continue;
            }
        }
        appendUtf8(u, out);
    }
    return out;
}

std::string latin1ToUtf8(std::string_view b) {
    std::string out;
    for (char c : b) appendUtf8(static_cast<unsigned char>(c), out);
    return out;
}

/// A PDF text string (document information): UTF-16BE with a BOM, else PDFDocEncoding (≈ Latin-1).
std::string textString(const std::string& s) {
    if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xFE && static_cast<unsigned char>(s[1]) == 0xFF)
        return utf16ToUtf8(std::string_view(s).substr(2));
    if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) return s.substr(3);
    return latin1ToUtf8(s);
}

std::uint32_t codeOf(std::string_view bytes) {
    std::uint32_t v = 0;
    for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

/// A ToUnicode CMap: character codes (1–4 bytes) to Unicode text.
struct CMap {
    std::set<std::size_t> codeLengths; ///< byte lengths from codespacerange
    std::map<std::uint32_t, std::string> single;
    struct Range { std::uint32_t lo, hi; std::string base; bool cid; std::vector<std::string> list; };
    std::vector<Range> ranges;

    std::optional<std::string> lookup(std::uint32_t code) const {
        if (auto it = single.find(code); it != single.end()) return it->second;
        for (const auto& r : ranges) {
            if (code < r.lo || code > r.hi) continue;
            if (!r.list.empty()) {
                std::size_t i = code - r.lo;
                if (i < r.list.size()) return utf16ToUtf8(r.list[i]);
                return std::nullopt;
            }
            if (r.cid) {
                // libharu 2.3.0 writes "<0000> <FFFF> 0 cidrange" in its ToUnicode CMap, meaning
                // code = Unicode; poppler reads it that way too.
                std::uint64_t cp = std::stoull(r.base) + (code - r.lo);
                if (cp > 0x10FFFF) return std::nullopt;
                std::string out;
                appendUtf8(static_cast<char32_t>(cp), out);
                return out;
            }
            // bfrange with one destination: the last byte increments.
            std::string dst = r.base;
            if (dst.empty()) return std::nullopt;
            std::uint32_t add = code - r.lo;
            unsigned last = static_cast<unsigned char>(dst.back()) + add;
            if (dst.size() >= 2) {
                unsigned prev = static_cast<unsigned char>(dst[dst.size() - 2]) + (last >> 8);
                dst[dst.size() - 2] = static_cast<char>(prev & 0xFF);
            }
            dst.back() = static_cast<char>(last & 0xFF);
            return utf16ToUtf8(dst);
        }
        return std::nullopt;
    }
};

CMap parseCMap(std::string_view data) {
    CMap m;
    Lexer lx(data);
    std::vector<Obj> operands;
    while (!lx.atEnd()) {
        Obj o = lx.next(false);
        if (o.type != Obj::Type::Operator) { operands.push_back(std::move(o)); continue; }
        const std::string& op = o.text;
        if (op == "begincodespacerange" || op == "beginbfchar" || op == "beginbfrange" || op == "begincidrange" ||
            op == "begincidchar") {
            std::string end = "end" + op.substr(5);
            std::vector<Obj> items;
            for (;;) {
                if (lx.atEnd()) throw PdfTextError("a CMap section is not closed");
                Obj t = lx.next(false);
                if (t.type == Obj::Type::Operator && t.text == end) break;
                items.push_back(std::move(t));
            }
            if (op == "begincodespacerange") {
                for (std::size_t i = 0; i + 1 < items.size(); i += 2) m.codeLengths.insert(items[i].text.size());
            } else if (op == "beginbfchar" || op == "begincidchar") {
                for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
                    m.codeLengths.insert(items[i].text.size());
                    if (items[i + 1].type == Obj::Type::String) m.single[codeOf(items[i].text)] = utf16ToUtf8(items[i + 1].text);
                    else {
                        std::string s;
                        appendUtf8(static_cast<char32_t>(items[i + 1].number), s);
                        m.single[codeOf(items[i].text)] = s;
                    }
                }
            } else {
                for (std::size_t i = 0; i + 2 < items.size(); i += 3) {
                    CMap::Range r{codeOf(items[i].text), codeOf(items[i + 1].text), "", op == "begincidrange", {}};
                    m.codeLengths.insert(items[i].text.size());
                    const Obj& d = items[i + 2];
                    if (d.type == Obj::Type::Array)
                        for (const auto& x : d.items) r.list.push_back(x.text);
                    else if (d.type == Obj::Type::Number)
                        r.base = std::to_string(static_cast<long long>(std::clamp(d.number, 0.0, 1114111.0))), r.cid = true;
                    else r.base = d.text;
                    m.ranges.push_back(std::move(r));
                }
            }
        }
        operands.clear();
    }
    if (m.single.empty() && m.ranges.empty()) throw PdfTextError("a font's ToUnicode map is empty");
    return m;
}

std::string inflate(std::string_view in) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw PdfTextError("zlib could not start");
    std::string out;
    char buf[65536];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = ::inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            throw PdfTextError("a compressed stream is damaged");
        }
        out.append(buf, sizeof buf - z.avail_out);
        if (out.size() > kMaxInflated) {
            inflateEnd(&z);
            throw PdfTextError("a compressed stream is too large");
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            // Cut short: the text after the cut could hold a name.
            inflateEnd(&z);
            throw PdfTextError("a compressed stream is cut short");
        }
    }
    inflateEnd(&z);
    return out;
}

// ---- the document --------------------------------------------------------------------------

class Pdf {
public:
    explicit Pdf(std::string_view data) : data_(data) { index(); }

    const Obj& resolve(const Obj& o, int depth = 0) const {
        if (o.type != Obj::Type::Ref) return o;
        if (depth > 32) throw PdfTextError("references loop");
        auto it = objects_.find(o.ref);
        if (it == objects_.end()) return null_;
        return resolve(it->second.value, depth + 1);
    }
    const Indirect* object(const Obj& ref) const {
        if (ref.type != Obj::Type::Ref) return nullptr;
        auto it = objects_.find(ref.ref);
        return it == objects_.end() ? nullptr : &it->second;
    }

    /// A stream's decoded bytes.
    std::string streamData(const Indirect& ind) const {
        if (!ind.stream) throw PdfTextError("an object that should be a stream is not one");
        std::string_view raw = data_.substr(ind.stream->first, ind.stream->second - ind.stream->first);
        const Obj* filter = ind.value.get("Filter");
        std::vector<std::string> filters;
        if (filter) {
            const Obj& f = resolve(*filter);
            if (f.type == Obj::Type::Name) filters.push_back(f.text);
            else for (const auto& x : f.items) filters.push_back(resolve(x).text);
        }
        std::string out(raw);
        for (const auto& name : filters) {
            if (name == "FlateDecode" || name == "Fl") out = inflate(out);
            else throw PdfTextError("a stream uses the " + name + " filter, which Impact cannot read");
        }
        return out;
    }

    const std::map<int, Indirect>& objects() const { return objects_; }
    const Obj& trailer() const { return trailer_; }

private:
    void index() {
        if (data_.substr(0, 5) != "%PDF-") throw PdfTextError("it is not a PDF file");
        std::size_t p = 0;
        while ((p = data_.find("obj", p)) != std::string_view::npos) {
            std::size_t objPos = p;
            p += 3;
            if (p < data_.size() && !isWhite(data_[p]) && !isDelim(data_[p])) continue;
            // Look back for "N G ".
            std::size_t q = objPos;
            auto backDigits = [&](std::size_t& at) {
                std::size_t end = at;
                while (at > 0 && data_[at - 1] >= '0' && data_[at - 1] <= '9') --at;
                return at < end;
            };
            auto backWhite = [&](std::size_t& at) {
                std::size_t end = at;
                while (at > 0 && isWhite(data_[at - 1])) --at;
                return at < end;
            };
            if (!backWhite(q)) continue;
            std::size_t genEnd = q;
            if (!backDigits(q)) continue;
            std::size_t genStart = q;
            if (!backWhite(q)) continue;
            std::size_t numEnd = q;
            if (!backDigits(q)) continue;
            if (q > 0 && !isWhite(data_[q - 1])) continue;
            if (numEnd - q > 9) continue; // no PDF has a billion objects
            int num = std::stoi(std::string(data_.substr(q, numEnd - q)));
            (void)genStart;
            (void)genEnd;
            Lexer lx(data_, p);
            Indirect ind;
            try {
                ind.value = lx.next();
            } catch (const PdfTextError&) {
                continue;
            }
            lx.skip();
            std::size_t after = lx.pos();
            if (data_.substr(after, 6) == "stream") {
                std::size_t begin = after + 6;
                if (begin < data_.size() && data_[begin] == '\r') ++begin;
                if (begin < data_.size() && data_[begin] == '\n') ++begin;
                std::size_t end = std::string_view::npos;
                if (const Obj* len = ind.value.get("Length"); len && len->type == Obj::Type::Number && len->number >= 0 &&
                    begin + static_cast<std::size_t>(len->number) <= data_.size())
                    end = begin + static_cast<std::size_t>(len->number);
                std::size_t endstream = data_.find("endstream", end == std::string_view::npos ? begin : end);
                if (endstream == std::string_view::npos) throw PdfTextError("a stream has no end");
                if (end == std::string_view::npos) {
                    end = endstream;
                    // The EOL before "endstream" is not data.
                    if (end > begin && data_[end - 1] == '\n') --end;
                    if (end > begin && data_[end - 1] == '\r') --end;
                }
                ind.stream = std::make_pair(begin, end);
                p = endstream + 9;
            } else p = after;
            if (ind.value.type == Obj::Type::Dict) {
                const Obj* type = ind.value.get("Type");
                if (type && type->isName("ObjStm")) throw PdfTextError("it keeps objects in compressed object streams");
                if (type && type->isName("XRef")) trailer_ = ind.value;
            }
            objects_[num] = std::move(ind);
        }
        // The last classic trailer wins (incremental updates append).
        for (std::size_t t = data_.find("trailer"); t != std::string_view::npos; t = data_.find("trailer", t + 7)) {
            try {
                Lexer lx(data_, t + 7);
                Obj d = lx.next();
                if (d.type == Obj::Type::Dict) trailer_ = d;
            } catch (const PdfTextError&) {
            }
        }
        if (trailer_.get("Encrypt")) throw PdfTextError("it is encrypted");
        // Streams whose /Length is a reference: fix their extent now that every object is known.
        for (auto& [num, ind] : objects_) {
            if (!ind.stream) continue;
            const Obj* len = ind.value.get("Length");
            if (!len || len->type != Obj::Type::Ref) continue;
            const Obj& l = resolve(*len);
            if (l.type == Obj::Type::Number && l.number >= 0 && ind.stream->first + static_cast<std::size_t>(l.number) <= data_.size())
                ind.stream->second = ind.stream->first + static_cast<std::size_t>(l.number);
        }
    }

    std::string_view data_;
    std::map<int, Indirect> objects_;
    Obj trailer_;
    Obj null_;
};

/// How one font's string bytes become text.
struct Font {
    std::shared_ptr<CMap> cmap; ///< null: a simple font without ToUnicode (Latin-1)
    bool composite = false;

    std::string decode(const std::string& bytes) const {
        if (!cmap) return latin1ToUtf8(bytes);
        std::string out;
        std::vector<std::size_t> lengths(cmap->codeLengths.begin(), cmap->codeLengths.end());
        if (lengths.empty()) lengths.push_back(composite ? 2 : 1);
        std::size_t i = 0;
        while (i < bytes.size()) {
            bool done = false;
            for (std::size_t len : lengths) {
                if (i + len > bytes.size()) continue;
                if (auto t = cmap->lookup(codeOf(std::string_view(bytes).substr(i, len)))) {
                    out += *t;
                    i += len;
                    done = true;
                    break;
                }
            }
            if (!done) throw PdfTextError("a character has no Unicode value in its font's ToUnicode map");
        }
        return out;
    }
};

class Extractor {
public:
    explicit Extractor(const Pdf& pdf) : pdf_(pdf) {}

    std::string run() {
        const Obj* rootRef = pdf_.trailer().get("Root");
        const Obj* root = rootRef ? &pdf_.resolve(*rootRef) : nullptr;
        if (!root || root->type != Obj::Type::Dict) {
            for (const auto& [n, ind] : pdf_.objects())
                if (const Obj* t = ind.value.get("Type"); t && t->isName("Catalog")) root = &ind.value;
        }
        if (!root) throw PdfTextError("it has no document catalogue");
        const Obj* pages = root->get("Pages");
        if (!pages) throw PdfTextError("it has no pages");
        walk(pdf_.resolve(*pages), nullptr, 0);
        if (pageCount_ == 0) throw PdfTextError("it has no pages");
        if (!sawText_) throw PdfTextError("no text could be found in it (a scanned or image-only PDF)");
        if (const Obj* info = pdf_.trailer().get("Info")) {
            const Obj& d = pdf_.resolve(*info);
            for (const char* key : {"Title", "Author", "Subject", "Keywords"})
                if (const Obj* v = d.get(key); v && pdf_.resolve(*v).type == Obj::Type::String)
                    out_ += "\n" + textString(pdf_.resolve(*v).text);
        }
        return out_;
    }

private:
    void walk(const Obj& node, const Obj* inheritedResources, int depth) {
        if (depth > 32) throw PdfTextError("its page tree is too deep");
        if (node.type != Obj::Type::Dict) return;
        const Obj* res = node.get("Resources");
        if (res) inheritedResources = &pdf_.resolve(*res);
        const Obj* type = node.get("Type");
        if (type && type->isName("Pages")) {
            if (const Obj* kids = node.get("Kids"))
                for (const auto& k : pdf_.resolve(*kids).items) walk(pdf_.resolve(k), inheritedResources, depth + 1);
            return;
        }
        ++pageCount_;
        const Obj* contents = node.get("Contents");
        if (!contents) return;
        std::string content;
        auto addStream = [&](const Obj& ref) {
            const Indirect* ind = pdf_.object(ref);
            if (!ind) throw PdfTextError("a page's content is missing");
            content += pdf_.streamData(*ind);
            content += "\n";
        };
        if (contents->type == Obj::Type::Ref && pdf_.resolve(*contents).type == Obj::Type::Array) {
            for (const auto& r : pdf_.resolve(*contents).items) addStream(r);
        } else if (contents->type == Obj::Type::Array) {
            for (const auto& r : contents->items) addStream(r);
        } else addStream(*contents);
        page(content, inheritedResources);
        out_ += "\n\f\n";
    }

    const Font& font(const Obj* resources, const std::string& name) {
        const Obj* fonts = resources ? resources->get("Font") : nullptr;
        if (!fonts) throw PdfTextError("text uses a font the page does not list");
        const Obj* ref = pdf_.resolve(*fonts).get(name);
        if (!ref) throw PdfTextError("text uses a font the page does not list");
        int key = ref->type == Obj::Type::Ref ? ref->ref : -static_cast<int>(fontCache_.size()) - 1;
        if (ref->type == Obj::Type::Ref)
            if (auto it = fontCache_.find(key); it != fontCache_.end()) return it->second;
        const Obj& dict = pdf_.resolve(*ref);
        Font f;
        const Obj* subtype = dict.get("Subtype");
        f.composite = subtype && subtype->isName("Type0");
        if (const Obj* tu = dict.get("ToUnicode"); tu && tu->type == Obj::Type::Ref) {
            const Indirect* ind = pdf_.object(*tu);
            if (!ind) throw PdfTextError("a font's ToUnicode map is missing");
            f.cmap = std::make_shared<CMap>(parseCMap(pdf_.streamData(*ind)));
        } else if (f.composite) {
            throw PdfTextError("a composite font has no ToUnicode map");
        } else if (subtype && subtype->isName("Type3")) {
            throw PdfTextError("a Type 3 font has no ToUnicode map");
        }
        return fontCache_[key] = std::move(f);
    }

    void emit(const std::string& text) {
        if (text.empty()) return;
        sawText_ = true;
        out_ += text;
    }

    void page(const std::string& content, const Obj* resources) {
        Lexer lx(content);
        std::vector<Obj> ops;
        const Font* current = nullptr;
        auto needFont = [&]() -> const Font& {
            if (!current) throw PdfTextError("text is shown before a font is chosen");
            return *current;
        };
        while (!lx.atEnd()) {
            Obj o = lx.next(false);
            if (o.type != Obj::Type::Operator) { ops.push_back(std::move(o)); continue; }
            const std::string& op = o.text;
            if (op == "Tf" && ops.size() >= 2 && ops[ops.size() - 2].type == Obj::Type::Name) {
                current = &font(resources, ops[ops.size() - 2].text);
            } else if (op == "Tj" && !ops.empty()) {
                emit(needFont().decode(ops.back().text));
                out_ += " ";
            } else if ((op == "'" || op == "\"") && !ops.empty()) {
                out_ += "\n";
                emit(needFont().decode(ops.back().text));
                out_ += " ";
            } else if (op == "TJ" && !ops.empty()) {
                for (const auto& item : ops.back().items) {
                    if (item.type == Obj::Type::String) emit(needFont().decode(item.text));
                    else if (item.type == Obj::Type::Number && item.number < -200) out_ += " ";
                }
                out_ += " ";
            } else if (op == "T*" || op == "Td" || op == "TD" || op == "Tm" || op == "BT" || op == "ET") {
                if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_ += " ";
            } else if (op == "Do" && !ops.empty() && ops.back().type == Obj::Type::Name) {
                const Obj* xobjects = resources ? resources->get("XObject") : nullptr;
                const Obj* ref = xobjects ? pdf_.resolve(*xobjects).get(ops.back().text) : nullptr;
                const Obj& x = ref ? pdf_.resolve(*ref) : Obj{};
                const Obj* sub = x.get("Subtype");
                if (sub && sub->isName("Form")) throw PdfTextError("it draws text in form XObjects, which Impact does not read");
            } else if (op == "BI") {
                std::size_t at = content.find("EI", lx.pos());
                while (at != std::string::npos && !(at > 0 && isWhite(content[at - 1]) &&
                                                     (at + 2 >= content.size() || isWhite(content[at + 2]))))
                    at = content.find("EI", at + 2);
                if (at == std::string::npos) throw PdfTextError("an inline image has no end");
                lx.seek(at + 2);
            }
            ops.clear();
        }
    }

    const Pdf& pdf_;
    std::map<int, Font> fontCache_;
    std::string out_;
    int pageCount_ = 0;
    bool sawText_ = false;
};

} // namespace

std::string pdfText(std::string_view pdf) {
    Pdf doc(pdf);
    return Extractor(doc).run();
}

} // namespace impact::mail
