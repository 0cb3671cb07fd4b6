#include "common/json_file.h"

#include "common/error.h"
#include "platform/path_text.h"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <vector>

namespace impact {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

/// The JSON grammar walked with an explicit stack instead of recursion: Poco::JSON recurses once
/// per level and overflows the stack on deep input, so depth must be known before Poco sees it.
class JsonScanner {
public:
    JsonScanner(std::string_view text, int maxDepth) : t_(text), maxDepth_(maxDepth) {}

    std::optional<JsonProblem> run() {
        if (t_.find_first_not_of(" \t\r\n") == std::string_view::npos) return at(t_.size(), "is empty: it holds no JSON");
        for (;;) {
            space();
            if (i_ >= t_.size()) {
                if (expect_ == Expect::Done) return std::nullopt;
                return at(i_, "is not valid JSON: it ends before every { or [ is closed (a } or ] is missing)");
            }
            if (auto problem = step()) return problem;
        }
    }

private:
    enum class Expect { Value, ValueOrClose, Key, KeyOrClose, Colon, CommaOrClose, Done };

    /// One token at i_ (not a space, not the end).
    std::optional<JsonProblem> step() {
        char c = t_[i_];
        switch (expect_) {
        case Expect::Value:
        case Expect::ValueOrClose:
            if (c == ']' && expect_ == Expect::ValueOrClose) return close();
            return value();
        case Expect::Key:
        case Expect::KeyOrClose:
            if (c == '}' && expect_ == Expect::KeyOrClose) return close();
            if (c == '}') return at(i_, "is not valid JSON: the comma before this } has nothing after it");
            if (c != '"') return at(i_, "is not valid JSON: a name in quotes was expected here (\"name\": value)");
            if (auto problem = string()) return problem;
            expect_ = Expect::Colon;
            return std::nullopt;
        case Expect::Colon:
            if (c != ':') return at(i_, "is not valid JSON: a colon (:) is missing after the name before this");
            ++i_;
            expect_ = Expect::Value;
            return std::nullopt;
        case Expect::CommaOrClose:
            if (c == ',') {
                ++i_;
                expect_ = open_.back() == '{' ? Expect::Key : Expect::Value;
                return std::nullopt;
            }
            if (c == (open_.back() == '{' ? '}' : ']')) return close();
            return at(i_, std::string("is not valid JSON: a comma or a closing ") + (open_.back() == '{' ? '}' : ']') +
                              " is missing before this");
        case Expect::Done: break;
        }
        return at(i_, "is not valid JSON: there is more after its end (an extra } or ], or a second value)");
    }

    std::optional<JsonProblem> value() {
        char c = t_[i_];
        if (c == '{' || c == '[') {
            if (static_cast<int>(open_.size()) >= maxDepth_)
                return at(i_, "has lists or objects inside each other more than " + std::to_string(maxDepth_) +
                                  " deep, far more than any Impact file needs");
            open_.push_back(c);
            ++i_;
            expect_ = c == '{' ? Expect::KeyOrClose : Expect::ValueOrClose;
            return std::nullopt;
        }
        if ((c == ']' || c == '}') && afterComma())
            return at(i_, std::string("is not valid JSON: the comma before this ") + c + " has nothing after it");
        std::optional<JsonProblem> problem;
        if (c == '"')
            problem = string();
        else if (c == '-' || (c >= '0' && c <= '9'))
            problem = number();
        else
            problem = word();
        if (!problem) afterValue();
        return problem;
    }

    std::optional<JsonProblem> close() {
        open_.pop_back();
        ++i_;
        afterValue();
        return std::nullopt;
    }

    void afterValue() { expect_ = open_.empty() ? Expect::Done : Expect::CommaOrClose; }

    /// Whether the last thing before i_ (spaces aside) is a comma.
    bool afterComma() const {
        std::size_t k = i_;
        while (k > 0 && std::string_view(" \t\r\n").find(t_[k - 1]) != std::string_view::npos) --k;
        return k > 0 && t_[k - 1] == ',';
    }

    std::optional<JsonProblem> string() {
        std::size_t start = i_++;
        while (i_ < t_.size()) {
            auto c = static_cast<unsigned char>(t_[i_]);
            if (c == '"') {
                ++i_;
                return std::nullopt;
            }
            if (c == '\n') break;
            if (c < 0x20) return at(i_, "is not valid JSON: text in quotes holds a tab or another control character (write a tab as \\t)");
            if (c == '\\') {
                if (auto problem = escape()) return problem;
                continue;
            }
            ++i_;
        }
        return at(start, "is not valid JSON: the text in quotes that starts here is not closed on its line (a \" is missing)");
    }

    /// The escape at i_ (a backslash): \" \\ \/ \b \f \n \r \t or \u and four hex digits.
    std::optional<JsonProblem> escape() {
        char e = i_ + 1 < t_.size() ? t_[i_ + 1] : '\0';
        if (e == 'u') {
            for (std::size_t k = i_ + 2; k < i_ + 6; ++k)
                if (k >= t_.size() || !std::isxdigit(static_cast<unsigned char>(t_[k])))
                    return at(i_, "is not valid JSON: \\u must be followed by four hex digits");
            i_ += 6;
            return std::nullopt;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0')
            return at(i_, "is not valid JSON: a backslash in text starts an escape such as \\n or \\\\ (write \\\\ for a backslash)");
        i_ += 2;
        return std::nullopt;
    }

    std::optional<JsonProblem> number() {
        std::size_t start = i_;
        auto digits = [&] {
            std::size_t from = i_;
            while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
            return i_ > from;
        };
        if (t_[i_] == '-') ++i_;
        bool ok = i_ < t_.size() && t_[i_] == '0' ? (++i_, true) : digits();
        if (ok && i_ < t_.size() && t_[i_] == '.') ok = (++i_, digits());
        if (ok && i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
            ++i_;
            if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
            ok = digits();
        }
        if (ok && (i_ >= t_.size() || !std::isalnum(static_cast<unsigned char>(t_[i_])))) return std::nullopt;
        i_ = start;
        return at(start, "is not valid JSON: \"" + token() + "\" is not a number as JSON writes them (e.g. 12, -3.5)");
    }

    std::optional<JsonProblem> word() {
        std::size_t start = i_;
        std::string w = token();
        if (w == "true" || w == "false" || w == "null") {
            i_ += w.size();
            return std::nullopt;
        }
        if (w.empty())
            return at(start, "is not valid JSON: a value was expected here (text in quotes, a number, true, false, null, [ or {)");
        return at(start, "is not valid JSON: " + w + " is not a value (text must be in quotes)");
    }

    /// The letters, digits and signs at i_ (a mistaken word or number, to quote in a message).
    std::string token() const {
        std::size_t end = i_;
        while (end < t_.size() && end - i_ < 40 &&
               (std::isalnum(static_cast<unsigned char>(t_[end])) || t_[end] == '-' || t_[end] == '+' || t_[end] == '.' ||
                static_cast<unsigned char>(t_[end]) >= 0x80))
            ++end;
        return std::string(t_.substr(i_, end - i_));
    }

    void space() {
        for (; i_ < t_.size(); ++i_) {
            char c = t_[i_];
            if (c == '\n') {
                ++line_;
                lineStart_ = i_ + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
        }
    }

    /// A problem at `pos` on the current line; the column counts characters, not UTF-8 bytes.
    JsonProblem at(std::size_t pos, std::string what) const {
        int column = 1;
        for (std::size_t k = lineStart_; k < pos && k < t_.size(); ++k)
            if ((static_cast<unsigned char>(t_[k]) & 0xC0) != 0x80) ++column;
        return {line_, column, std::move(what)};
    }

    std::string_view t_;
    int maxDepth_;
    std::size_t i_ = 0, lineStart_ = 0;
    int line_ = 1;
    Expect expect_ = Expect::Value;
    std::vector<char> open_; ///< the { and [ not yet closed
};

/// The whole file, or ReadError if it cannot be read or is larger than kJsonFileMaxBytes.
std::string readSmallFile(const std::string& path, const std::string& ifUnreadable) {
    std::error_code ec;
    if (std::filesystem::is_directory(platform::utf8Path(path), ec)) throw ReadError(path + ": is a folder, not a file. " + ifUnreadable);
    std::ifstream in(platform::utf8Path(path), std::ios::binary);
    std::string text;
    std::vector<char> chunk(1 << 16);
    while (in && text.size() <= kJsonFileMaxBytes) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (text.size() > kJsonFileMaxBytes)
        throw ReadError(path + ": is larger than " + std::to_string(kJsonFileMaxBytes >> 20) +
                        " MB, far too large for the JSON files Impact reads. Check it is the right file.");
    if (!in.eof()) throw ReadError(path + ": cannot be read. " + ifUnreadable); // not opened, or a read error
    return text;
}

} // namespace

std::optional<JsonProblem> findJsonProblem(std::string_view text, int maxDepth) { return JsonScanner(text, maxDepth).run(); }

JsonParsed parseJson(const std::string& text, JsonKeyOrder order, int maxDepth) {
    JsonParsed out;
    if ((out.problem = findJsonProblem(text, maxDepth))) return out;
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(order == JsonKeyOrder::FileOrder));
        parser.setDepth(static_cast<std::size_t>(maxDepth) + 1);
        out.value = parser.parse(text);
    } catch (const Poco::Exception& e) {
        // Text the scan accepts but Poco refuses: rare, and Poco does not say where.
        out.problem = JsonProblem{0, 0, "is not valid JSON (" + e.message() + ")"};
    }
    return out;
}

JsonFile::JsonFile(std::string path, const std::string& ifUnreadable, JsonKeyOrder order)
    : path_(std::move(path)), text_(readSmallFile(path_, ifUnreadable)) {
    JsonParsed parsed = parseJson(text_, order);
    if (parsed.problem) {
        const JsonProblem& p = *parsed.problem;
        throw ReadError(path_ + (p.line > 0 ? ":" + std::to_string(p.line) : std::string()) + ": " + p.what +
                        (p.column > 0 ? " (column " + std::to_string(p.column) + ")" : std::string()) +
                        (p.line > 0 ? ". Fix the file at that line or just above it, or restore it from the release."
                                    : ". Fix the file or restore it from the release."));
    }
    if (parsed.value.type() != typeid(Object::Ptr)) {
        std::size_t first = text_.find_first_not_of(" \t\r\n");
        throw ReadError(path_ + ":" +
                        std::to_string(1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(first), '\n')) +
                        ": must be a JSON object ({ ... }). Fix the file or restore it from the release.");
    }
    root_ = parsed.value.extract<Object::Ptr>();
}

int JsonFile::lineOf(const std::string& needle, const std::string& after) const {
    std::size_t from = after.empty() ? 0 : text_.find(after);
    if (needle.empty() || from == std::string::npos) return 0;
    std::size_t at = text_.find(needle, from);
    if (at == std::string::npos) return 0;
    return 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

void JsonFile::fail(const std::string& what, const std::string& needle, const std::string& after) const {
    int line = lineOf(needle, after);
    throw ReadError(path_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what +
                    ". Fix the file or restore it from the release.");
}

Object::Ptr JsonFile::object(const Object::Ptr& parent, const std::string& key, const std::string& where) const {
    if (!parent->has(key) || !parent->isObject(key)) fail((where.empty() ? "" : where + " ") + "needs an object \"" + key + "\"");
    return parent->getObject(key);
}

Array::Ptr JsonFile::array(const Object::Ptr& parent, const std::string& key, const std::string& where) const {
    if (!parent->has(key) || !parent->isArray(key)) fail((where.empty() ? "" : where + " ") + "needs a list \"" + key + "\"");
    return parent->getArray(key);
}

std::string JsonFile::string(const Object::Ptr& parent, const std::string& key, const std::string& where, bool required) const {
    if (!parent->has(key) || parent->isNull(key)) {
        if (required) fail(where + " needs \"" + key + "\"");
        return {};
    }
    Poco::Dynamic::Var v = parent->get(key);
    if (!v.isString()) fail(where + ": \"" + key + "\" must be text in quotes");
    return v.extract<std::string>();
}

std::vector<std::string> JsonFile::strings(const Array::Ptr& list, const std::string& where) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        Poco::Dynamic::Var v = list->get(static_cast<unsigned>(i));
        if (!v.isString()) fail(where + ": item " + std::to_string(i + 1) + " must be text in quotes");
        out.push_back(v.extract<std::string>());
    }
    return out;
}

std::vector<Object::Ptr> JsonFile::objects(const Array::Ptr& list, const std::string& where) const {
    std::vector<Object::Ptr> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        Object::Ptr item = list->getObject(static_cast<unsigned>(i));
        if (!item) fail(where + ": item " + std::to_string(i + 1) + " must be an object", where);
        out.push_back(item);
    }
    return out;
}

} // namespace impact
