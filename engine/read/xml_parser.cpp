#include "read/xml_parser.h"

#include "common/error.h"
#include "read/package.h"

#include <expat.h>

#include <cstring>
#include <exception>
#include <memory>

namespace impact::read {

namespace {

constexpr char kSep = '\x01';
thread_local XmlStats tlsStats;

Ns classifyUri(std::string_view uri) {
    // Transitional and Strict spellings of the namespaces the reader needs.
    if (uri == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
        uri == "http://purl.oclc.org/ooxml/spreadsheetml/main")
        return Ns::Main;
    if (uri == "http://schemas.openxmlformats.org/officeDocument/2006/relationships" ||
        uri == "http://purl.oclc.org/ooxml/officeDocument/relationships")
        return Ns::Relationships;
    if (uri == "http://schemas.openxmlformats.org/package/2006/relationships") return Ns::PackageRels;
    if (uri == "http://schemas.openxmlformats.org/package/2006/content-types") return Ns::ContentTypes;
    return Ns::Other;
}

/// Splits expat's "uri<sep>local" (or plain "local") name.
inline void splitName(const char* name, Ns& ns, std::string_view& local) {
    const char* sep = std::strrchr(name, kSep);
    if (!sep) {
        ns = Ns::None;
        local = name;
        return;
    }
    local = std::string_view(sep + 1);
    std::string_view uri(name, static_cast<std::size_t>(sep - name));
    ns = classifyUri(uri);
    if (ns != Ns::Other && uri[7] == 'p') tlsStats.sawStrict = true; // "http://purl..."
}

struct Context {
    XmlHandler* handler;
    std::exception_ptr error;
    XML_Parser parser;
    bool doctype = false;
};

void XMLCALL onStart(void* data, const XML_Char* name, const XML_Char** atts) {
    auto* ctx = static_cast<Context*>(data);
    try {
        Ns ns;
        std::string_view local;
        splitName(name, ns, local);
        ctx->handler->startElement(ns, local, XmlAttributes(atts));
    } catch (...) {
        ctx->error = std::current_exception();
        XML_StopParser(ctx->parser, XML_FALSE);
    }
}

void XMLCALL onEnd(void* data, const XML_Char* name) {
    auto* ctx = static_cast<Context*>(data);
    try {
        Ns ns;
        std::string_view local;
        splitName(name, ns, local);
        ctx->handler->endElement(ns, local);
    } catch (...) {
        ctx->error = std::current_exception();
        XML_StopParser(ctx->parser, XML_FALSE);
    }
}

void XMLCALL onText(void* data, const XML_Char* s, int len) {
    auto* ctx = static_cast<Context*>(data);
    try {
        ctx->handler->characters(std::string_view(s, static_cast<std::size_t>(len)));
    } catch (...) {
        ctx->error = std::current_exception();
        XML_StopParser(ctx->parser, XML_FALSE);
    }
}

void XMLCALL onDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* ctx = static_cast<Context*>(data);
    ctx->doctype = true;
    XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL onEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                          const XML_Char*, const XML_Char*) {
    auto* ctx = static_cast<Context*>(data);
    ctx->doctype = true;
    XML_StopParser(ctx->parser, XML_FALSE);
}

struct ParserDeleter {
    void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

class Parser {
public:
    Parser(XmlHandler& handler, const std::string& what) : what_(what) {
        parser_.reset(XML_ParserCreateNS(nullptr, kSep));
        if (!parser_) throw ReadError(what + ": out of memory starting the XML parser");
        ctx_.handler = &handler;
        ctx_.parser = parser_.get();
        XML_SetUserData(parser_.get(), &ctx_);
        XML_SetElementHandler(parser_.get(), onStart, onEnd);
        XML_SetCharacterDataHandler(parser_.get(), onText);
        XML_SetStartDoctypeDeclHandler(parser_.get(), onDoctype);
        XML_SetEntityDeclHandler(parser_.get(), onEntityDecl);
        XML_SetParamEntityParsing(parser_.get(), XML_PARAM_ENTITY_PARSING_NEVER);
        tlsStats = {};
    }

    /// Feeds one chunk; `last` on the final one.
    void feed(const char* data, std::size_t len, bool last) {
        if (XML_Parse(parser_.get(), data, static_cast<int>(len), last ? 1 : 0) == XML_STATUS_ERROR) fail();
    }
    void* buffer(std::size_t len) {
        void* b = XML_GetBuffer(parser_.get(), static_cast<int>(len));
        if (!b) throw ReadError(what_ + ": out of memory while parsing");
        return b;
    }
    /// Bytes parsed up to the last complete event.
    std::uint64_t position() const {
        auto at = XML_GetCurrentByteIndex(parser_.get());
        return at < 0 ? 0 : static_cast<std::uint64_t>(at);
    }
    void parseBuffer(std::size_t len, bool last) {
        if (XML_ParseBuffer(parser_.get(), static_cast<int>(len), last ? 1 : 0) == XML_STATUS_ERROR) fail();
    }

private:
    [[noreturn]] void fail() {
        if (ctx_.error) std::rethrow_exception(ctx_.error);
        if (ctx_.doctype) throwDoctypeRefused(what_);
        throwNotWellFormed(what_, XML_GetCurrentLineNumber(parser_.get()), XML_ErrorString(XML_GetErrorCode(parser_.get())));
    }

    std::unique_ptr<XML_ParserStruct, ParserDeleter> parser_;
    Context ctx_{};
    std::string what_;
};

} // namespace

void throwDoctypeRefused(const std::string& what) {
    throw ReadError(what + " contains a DOCTYPE (DTD), which workbooks never have; it was refused "
                           "as a possible XML entity attack. Open the file in Excel and save it again.");
}

void throwNotWellFormed(const std::string& what, std::uint64_t line, std::string_view reason) {
    throw ReadError(what + " is not well-formed XML (line " + std::to_string(line) + ": " + std::string(reason) +
                    "). The file is damaged; open it in Excel, which may repair it, and save it again.");
}

void throwTokenTooLong(const std::string& what) {
    throw ReadError(what + " holds a single XML element, attribute or comment larger than 16 MB, which no "
                           "genuine workbook has; it was refused.");
}

Ns classifyNamespace(std::string_view uri) { return classifyUri(uri); }

bool isStrictNamespace(std::string_view uri) { return uri.rfind("http://purl.oclc.org/ooxml/", 0) == 0; }

const XmlStats& lastXmlStats() { return tlsStats; }

const char* XmlAttributes::get(std::string_view local) const {
    for (const char** a = atts_; *a; a += 2)
        if (local == *a) return a[1];
    return nullptr;
}

const char* XmlAttributes::get(Ns ns, std::string_view want) const {
    for (const char** a = atts_; *a; a += 2) {
        Ns n;
        std::string_view local;
        splitName(*a, n, local);
        if (n == ns && local == want) return a[1];
    }
    return nullptr;
}

void parseXml(PartStream& stream, XmlHandler& handler, const std::string& what) {
    Parser parser(handler, what);
    constexpr std::size_t kChunk = 1 << 18;
    // libexpat 2.5 re-scans a token that spans many buffers from its start each time (quadratic,
    // CVE-2023-52425): refuse any single token still unfinished after 16 MB.
    constexpr std::uint64_t kMaxPendingToken = 16ull << 20;
    std::uint64_t fed = 0;
    while (true) {
        char* buf = static_cast<char*>(parser.buffer(kChunk));
        std::size_t n = stream.read(buf, kChunk);
        parser.parseBuffer(n, n == 0);
        fed += n;
        if (n == 0) break;
        if (fed - parser.position() > kMaxPendingToken) throwTokenTooLong(what);
    }
}

void parseXml(std::string_view data, XmlHandler& handler, const std::string& what) {
    Parser parser(handler, what);
    parser.feed(data.data(), data.size(), true);
}

} // namespace impact::read
