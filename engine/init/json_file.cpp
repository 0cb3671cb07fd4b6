#include "init/json_file.h"

#include "common/error.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>

namespace impact::init {

using Poco::JSON::Array;
using Poco::JSON::Object;

JsonFile::JsonFile(std::string path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw ReadError(path_ + ": cannot be read. Check the path, or reinstall Impact to restore its templates.");
    std::stringstream text;
    text << in.rdbuf();
    text_ = text.str();
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        parsed = parser.parse(text_);
    } catch (const Poco::Exception& e) {
        throw ReadError(path_ + ":" + std::to_string(jsonErrorLine(text_)) + ": is not valid JSON (" + e.message() +
                        "). Fix the file at that line or just above it (a missing comma or quote is the usual cause) or "
                        "restore it from the release.");
    }
    if (parsed.type() != typeid(Object::Ptr)) fail("must be a JSON object ({ ... })");
    root_ = parsed.extract<Object::Ptr>();
}

int jsonErrorLine(const std::string& text) {
    std::size_t i = 0;
    int line = 1;
    bool ok = true;
    auto space = [&] {
        if (!ok) return; // stay on the line where the mistake was found
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) line += text[i++] == '\n';
    };
    std::function<void(int)> value = [&](int depth) {
        space();
        if (!ok || i >= text.size() || depth > 200) {
            ok = false;
            return;
        }
        char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; i += text[i] == '\\' ? 2 : 1)
                if (text[i] == '\n') {
                    ok = false;
                    return;
                }
            if (i >= text.size()) ok = false;
            else ++i;
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            ++i;
            space();
            if (i < text.size() && text[i] == close) {
                ++i;
                return;
            }
            while (ok) {
                if (c == '{') {
                    space();
                    if (i >= text.size() || text[i] != '"') {
                        ok = false;
                        return;
                    }
                    value(depth + 1);
                    space();
                    if (!ok || i >= text.size() || text[i] != ':') {
                        ok = false;
                        return;
                    }
                    ++i;
                }
                value(depth + 1);
                space();
                if (!ok || i >= text.size()) {
                    ok = false;
                    return;
                }
                if (text[i] == ',') ++i;
                else if (text[i] == close) {
                    ++i;
                    return;
                } else {
                    ok = false;
                }
            }
        } else {
            std::size_t start = i;
            while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '-' || text[i] == '+' || text[i] == '.')) ++i;
            std::string word = text.substr(start, i - start);
            ok = !word.empty() && (word == "true" || word == "false" || word == "null" ||
                                   std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-');
        }
    };
    value(0);
    if (ok) space(); // trailing text after the value
    return line;
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
    if (!parent->has(key) || !parent->isObject(key)) fail(where + " needs an object \"" + key + "\"");
    return parent->getObject(key);
}

Array::Ptr JsonFile::array(const Object::Ptr& parent, const std::string& key, const std::string& where) const {
    if (!parent->has(key) || !parent->isArray(key)) fail(where + " needs a list \"" + key + "\"");
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

} // namespace impact::init
