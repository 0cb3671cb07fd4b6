#include "write/part_scanner.h"

#include "common/error.h"
#include "write/xml_edit.h"

#include <expat.h>

#include <set>
#include <sstream>
#include <vector>

namespace impact::write {

namespace {

/// Streams one XML part through expat: well-formedness, the root's mc:Ignorable prefixes, and a
/// callback per element (namespace URI, local name, attributes as expat gives them).
class PartScanner {
public:
    static std::string scan(const read::Package& pkg, const read::PartEntry& entry, const OnElement& onElement) {
        PartScanner s;
        s.onElement_ = &onElement;
        XML_Parser p = XML_ParserCreateNS(nullptr, '\x01');
        s.parser_ = p;
        XML_SetUserData(p, &s);
        XML_SetElementHandler(p, &PartScanner::start, nullptr);
        XML_SetStartNamespaceDeclHandler(p, &PartScanner::decl);
        XML_SetStartDoctypeDeclHandler(p, [](void* u, const char*, const char*, const char*, int) {
            auto* self = static_cast<PartScanner*>(u);
            self->problem_ = "has a DOCTYPE";
            XML_StopParser(self->parser_, XML_FALSE);
        });
        XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
        std::string problem;
        try {
            auto stream = pkg.open(entry);
            std::vector<char> buf(1 << 16);
            while (true) {
                std::size_t n = stream->read(buf.data(), buf.size());
                if (XML_Parse(p, buf.data(), static_cast<int>(n), n == 0) != XML_STATUS_OK) {
                    problem = s.problem_.empty() ? std::string("is not well-formed XML (") + XML_ErrorString(XML_GetErrorCode(p)) + ")"
                                                 : s.problem_;
                    break;
                }
                if (n == 0) break;
            }
        } catch (const Error& e) {
            problem = std::string("cannot be read (") + e.what() + ")";
        }
        XML_ParserFree(p);
        if (problem.empty()) problem = s.problem_;
        return problem;
    }

private:
    XML_Parser parser_ = nullptr;
    const OnElement* onElement_ = nullptr;
    bool sawRoot_ = false;
    std::set<std::string> rootPrefixes_;
    std::string problem_;

    static void decl(void* u, const char* prefix, const char*) {
        auto* self = static_cast<PartScanner*>(u);
        if (!self->sawRoot_) self->rootPrefixes_.insert(prefix ? prefix : "");
    }
    static void start(void* u, const char* name, const char** atts) {
        auto* self = static_cast<PartScanner*>(u);
        std::string_view n(name);
        auto sep = n.find('\x01');
        std::string_view ns = sep == std::string_view::npos ? std::string_view() : n.substr(0, sep);
        std::string_view local = sep == std::string_view::npos ? n : n.substr(sep + 1);
        if (!self->sawRoot_) {
            self->sawRoot_ = true;
            for (const char** a = atts; *a; a += 2)
                if (std::string_view(a[0]) == std::string(kMcNs) + "\x01" + "Ignorable") {
                    std::istringstream words(a[1]);
                    std::string w;
                    while (words >> w)
                        if (!self->rootPrefixes_.count(w) && self->problem_.empty())
                            self->problem_ = "names prefix '" + w + "' in mc:Ignorable without declaring it";
                }
        }
        (*self->onElement_)(ns, local, atts);
    }
};

} // namespace

std::string scanPart(const read::Package& pkg, const read::PartEntry& entry, const OnElement& onElement) {
    return PartScanner::scan(pkg, entry, onElement);
}

const char* attrOf(const char** atts, std::string_view name) {
    for (const char** a = atts; *a; a += 2)
        if (name == a[0]) return a[1];
    return nullptr;
}

} // namespace impact::write
