// Reading JSON with limits: the templates, the vocabulary, report templates and the service's
// request bodies all come through here, so a file nested 300,000 deep or a broken comma gives the
// same clear message (file, line, column, what) everywhere instead of a crash.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact {

/// How deeply lists and objects may sit inside each other. Impact's own files need fewer than 10.
inline constexpr int kJsonMaxDepth = 64;
/// The largest JSON file read from disk (Impact's own are under 20 KB).
inline constexpr std::size_t kJsonFileMaxBytes = 16u << 20;

/// Where JSON text goes wrong: 1-based line and column (in characters) and what, in plain words.
struct JsonProblem {
    int line = 1;
    int column = 1;
    std::string what;
};

/// The first place `text` is not valid JSON or nests deeper than `maxDepth`, or nothing if it is
/// fine. Any length and any depth are safe to check.
std::optional<JsonProblem> findJsonProblem(std::string_view text, int maxDepth = kJsonMaxDepth);

/// Object keys in the file's order, or sorted (Poco's default).
enum class JsonKeyOrder { Sorted, FileOrder };

/// JSON text parsed, or where and why it could not be.
struct JsonParsed {
    Poco::Dynamic::Var value;
    std::optional<JsonProblem> problem; ///< set when `value` is empty because the text is unusable
};

/// Parses `text` with Poco::JSON after checking it with findJsonProblem (so Poco never sees text
/// nested deeper than `maxDepth`).
JsonParsed parseJson(const std::string& text, JsonKeyOrder order = JsonKeyOrder::Sorted, int maxDepth = kJsonMaxDepth);

/// One JSON file whose top level is an object, read with its path and text kept so that every
/// mistake in it is reported as an impact::ReadError "PATH:LINE: what ...".
class JsonFile {
public:
    /// Reads and parses `path`; throws ReadError if it cannot be read (the message ends with
    /// `ifUnreadable`, what the user can do), is larger than kJsonFileMaxBytes, is not valid JSON,
    /// nests deeper than kJsonMaxDepth or is not a JSON object.
    JsonFile(std::string path, const std::string& ifUnreadable, JsonKeyOrder order = JsonKeyOrder::Sorted);
    const std::string& path() const { return path_; }
    Poco::JSON::Object::Ptr root() const { return root_; }

    /// Throws ReadError "PATH:LINE: what. Fix the file or restore it from the release." The line
    /// is that of the first `needle` after the first `after` (both quoted JSON text, e.g.
    /// "\"Pupl ID\""); without them, no line is given.
    [[noreturn]] void fail(const std::string& what, const std::string& needle = {}, const std::string& after = {}) const;
    /// The 1-based line of the first `needle` after `after` (0 if not found).
    int lineOf(const std::string& needle, const std::string& after = {}) const;
    /// parent[key] as an object, list or text, or fail() saying "`where` needs ..." (`where` may be empty).
    Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& where = {}) const;
    Poco::JSON::Array::Ptr array(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& where = {}) const;
    std::string string(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& where, bool required = true) const;
    /// Every item of `list`, each of which must be text.
    std::vector<std::string> strings(const Poco::JSON::Array::Ptr& list, const std::string& where) const;
    /// Every item of `list`, each of which must be an object: else fail() "`where`: item N must be
    /// an object" at the line of `where` (quoted JSON text, e.g. "\"scales\"").
    std::vector<Poco::JSON::Object::Ptr> objects(const Poco::JSON::Array::Ptr& list, const std::string& where) const;

private:
    std::string path_, text_;
    Poco::JSON::Object::Ptr root_;
};

} // namespace impact
