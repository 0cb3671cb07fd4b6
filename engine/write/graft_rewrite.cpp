// The generated sheets as they go into the coordinator's workbook: style indexes into the merged
// styles, shared strings inline (the coordinator's shared-string table is never touched), sheet
// references following renamed sheets, no second selected tab.
#include "write/graft_steps.h"

#include "common/error.h"
#include "common/text.h"
#include "write/sheet_names.h"

namespace impact::write {

namespace {

/// Rewrites one part's start tags and texts, element by element.
class PartRewriter {
public:
    PartRewriter(const Graft& g, const std::string& data, const std::string& what) : g_(g), d_(data, what), what_(what) {}

    std::string run(const std::string& data) {
        for (int i = 0; i < static_cast<int>(d_.nodes().size()); ++i) element(i);
        return sp_.empty() ? data : sp_.apply(data);
    }

private:
    const Graft& g_;
    XmlDoc d_;
    std::string what_;
    Splicer sp_;

    void element(int i) {
        const XmlNode& n = d_.node(i);
        if (n.ns == kChartNs && n.local == "f") return renameText(i);
        if (n.ns != kMainNs) return;
        std::string tag(d_.startTag(i));
        std::string edited = tag;
        if (n.local == "c") {
            edited = restyle(n, edited, "s", g_.changes.xfMap);
            if (n.value("t") == "s") edited = inlineSharedString(i, edited);
        } else if (n.local == "row") {
            edited = restyle(n, edited, "s", g_.changes.xfMap);
        } else if (n.local == "col") {
            edited = restyle(n, edited, "style", g_.changes.xfMap);
        } else if (n.local == "cfRule") {
            edited = restyle(n, edited, "dxfId", g_.changes.dxfMap);
        } else if (n.local == "sheetView") {
            // libxlsxwriter selects its first sheet; two selected tabs open as a grouped selection.
            edited = removeAttribute(edited, "tabSelected");
        } else if (n.local == "hyperlink") {
            if (const XmlAttr* loc = n.attr("location")) {
                std::string renamed = renameSheetRefs(loc->value, g_.changes.renames);
                if (renamed != loc->value) edited = setAttribute(edited, "location", renamed);
            }
        } else if (n.local == "f" || n.local == "formula" || n.local == "formula1" || n.local == "formula2") {
            renameText(i);
        }
        if (edited != tag) sp_.replace(n.begin, n.startEnd - n.begin, edited);
    }

    /// The style index in attribute `attr`, mapped into the merged styles.
    static std::string restyle(const XmlNode& n, const std::string& tag, const char* attr, const std::vector<int>& map) {
        const XmlAttr* a = n.attr(attr);
        if (!a) return tag;
        int i = toInt(a->value, 0);
        // An empty map is the identity: the workbook had no styles, ours became its styles.
        int mapped = map.empty() ? i : i < static_cast<int>(map.size()) ? map[static_cast<std::size_t>(i)] : 0;
        return setAttribute(tag, attr, std::to_string(mapped));
    }

    /// Cell `i`'s shared string made an inline string; returns its start tag with t="inlineStr".
    std::string inlineSharedString(int i, const std::string& tag) {
        const XmlNode& n = d_.node(i);
        const auto& strings = g_.generated.sharedStrings;
        int v = d_.child(i, kMainNs, "v");
        int idx = v >= 0 ? toInt(d_.node(v).text, -1) : -1;
        if (idx < 0 || idx >= static_cast<int>(strings.size()))
            throw WriteError(what_ + ": a shared string of the generated workbook is missing.");
        std::string is = qualified(n.prefix, "is");
        const XmlNode& vn = d_.node(v);
        sp_.replace(vn.begin, vn.end - vn.begin,
                    "<" + is + ">" + withPrefix(strings[static_cast<std::size_t>(idx)], n.prefix) + "</" + is + ">");
        return setAttribute(tag, "t", "inlineStr");
    }

    /// serialise() wrote the main-namespace prefix as "\x01:"; the sheet's own replaces it.
    static std::string withPrefix(const std::string& inner, const std::string& prefix) {
        const std::string marker = "\x01:";
        std::string fixed;
        for (std::size_t at = 0;;) {
            auto hit = inner.find(marker, at);
            fixed += inner.substr(at, hit - at);
            if (hit == std::string::npos) return fixed;
            fixed += prefix.empty() ? "" : prefix + ":";
            at = hit + marker.size();
        }
    }

    /// A formula's text with references to renamed sheets following them.
    void renameText(int i) {
        const XmlNode& n = d_.node(i);
        if (!n.children.empty() || n.selfClosing) return;
        std::string renamed = renameSheetRefs(n.text, g_.changes.renames);
        if (renamed != n.text) sp_.replace(n.startEnd, n.endBegin - n.startEnd, escapeText(renamed));
    }
};

} // namespace

std::string rewriteGeneratedPart(const Graft& g, const std::string& data, const std::string& what) {
    return PartRewriter(g, data, what).run(data);
}

} // namespace impact::write
