// A JSON data file read with its path kept, so every mistake in it is reported with the file's name.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace impact::init {

/// The 1-based line of the first JSON syntax error in `text` (Poco's parser does not say where).
int jsonErrorLine(const std::string& text);

/// One parsed JSON file. Objects keep their keys in the file's order (drop-downs list words in
/// the order the data files give them). Every error is an impact::ReadError naming the file.
class JsonFile {
public:
    /// Reads and parses `path`; throws ReadError if it cannot be read or is not a JSON object.
    explicit JsonFile(std::string path);
    const std::string& path() const { return path_; }
    Poco::JSON::Object::Ptr root() const { return root_; }

    /// Throws ReadError "PATH:LINE: what ...". The line is that of the first `needle` after the
    /// first `after` (both quoted JSON text, e.g. "\"Pupl ID\""); without them, no line is given.
    [[noreturn]] void fail(const std::string& what, const std::string& needle = {}, const std::string& after = {}) const;
    /// The 1-based line of the first `needle` after `after` (0 if not found).
    int lineOf(const std::string& needle, const std::string& after = {}) const;
    Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& where) const;
    Poco::JSON::Array::Ptr array(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& where) const;
    std::string string(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& where,
                       bool required = true) const;
    std::vector<std::string> strings(const Poco::JSON::Array::Ptr& list, const std::string& where) const;

private:
    std::string path_, text_;
    Poco::JSON::Object::Ptr root_;
};

} // namespace impact::init
