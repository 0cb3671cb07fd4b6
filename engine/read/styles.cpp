#include "read/styles.h"

#include "read/number_format.h"
#include "read/xml_parser.h"

#include <charconv>
#include <cstring>
#include <unordered_map>

namespace impact::read {

namespace {

std::uint32_t toUint(const char* s) {
    std::uint32_t v = 0;
    if (s) std::from_chars(s, s + std::strlen(s), v);
    return v;
}

class StylesHandler : public XmlHandler {
public:
    std::unordered_map<std::uint32_t, DateParts> custom;
    std::vector<std::uint32_t> xfNumFmt;

    void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) override {
        if (ns != Ns::Main) return;
        if (local == "numFmt") {
            const char* code = atts.get("formatCode");
            custom[toUint(atts.get("numFmtId"))] = code ? formatCodeDateParts(code) : DateParts::None;
        } else if (local == "cellXfs") {
            inCellXfs_ = true;
        } else if (local == "xf" && inCellXfs_) {
            xfNumFmt.push_back(toUint(atts.get("numFmtId")));
        }
    }
    void endElement(Ns ns, std::string_view local) override {
        if (ns == Ns::Main && local == "cellXfs") inCellXfs_ = false;
    }
    void characters(std::string_view) override {}

private:
    bool inCellXfs_ = false;
};

} // namespace

CellFormats CellFormats::parse(std::string_view xml, const std::string& what) {
    StylesHandler h;
    parseXml(xml, h, what);
    CellFormats formats;
    formats.xf_.reserve(h.xfNumFmt.size());
    for (std::uint32_t id : h.xfNumFmt) {
        auto it = h.custom.find(id);
        formats.xf_.push_back(it != h.custom.end() ? it->second : builtinDateParts(id));
    }
    return formats;
}

} // namespace impact::read
