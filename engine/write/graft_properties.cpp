// Step 8 of the graft: the package's list of content types and the app properties' list of
// worksheet names follow the parts and sheets added and removed.
#include "write/graft_steps.h"

#include "common/text.h"
#include "read/package.h"
#include "write/graft_xml.h"

#include <optional>

namespace impact::write {

namespace {

std::string extensionOf(const std::string& name) {
    auto dot = name.rfind('.');
    return dot == std::string::npos ? "" : read::asciiLower(name.substr(dot + 1));
}

/// Whether a Default of [Content_Types].xml gives `part` the content type `type`.
bool coveredByDefault(const XmlDoc& c, const NewPart& part) {
    std::string ext = extensionOf(part.name);
    for (int i : c.children(0, kContentTypesNs, "Default"))
        if (read::asciiLower(c.node(i).value("Extension")) == ext && c.node(i).value("ContentType") == part.contentType) return true;
    return false;
}

} // namespace

void editContentTypes(Graft& g) {
    const XmlDoc& c = *g.original.ct;
    Splicer sp;
    for (int i : c.children(0, kContentTypesNs, "Override")) {
        std::string part = c.node(i).value("PartName");
        if (g.changes.deleted.count(partKey(part))) sp.remove(c.node(i).begin, c.node(i).end - c.node(i).begin);
    }
    // A relationships part needs the "rels" Default, which every writer puts in; add it if not
    // (first, so that a later run, which finds it, appends its Overrides at the same place).
    std::string text;
    bool relsDefault = false;
    for (int i : c.children(0, kContentTypesNs, "Default"))
        if (read::asciiLower(c.node(i).value("Extension")) == "rels") relsDefault = true;
    if (!relsDefault)
        text += "<" + qualified(c.root().prefix, "Default") +
                " Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>";
    const std::string elem = qualified(c.root().prefix, "Override");
    for (const auto& p : g.changes.newParts) {
        if (p.contentType.empty()) continue; // .rels: the Default covers it
        if (!coveredByDefault(c, p))
            text += "<" + elem + " PartName=\"/" + escapeAttr(p.name) + "\" ContentType=\"" + escapeAttr(p.contentType) + "\"/>";
    }
    appendInside(c, sp, 0, text);
    g.changes.replaced[partKey("[Content_Types].xml")] = sp.apply(c.text());
}

namespace {

/// The app properties part: HeadingPairs gives (label, count) pairs, TitlesOfParts the names they
/// count, in order. One group lists the worksheets.
class AppProperties {
public:
    explicit AppProperties(const Graft& g) : g_(g), a_(g.src.read(g.original.appPart), g.src.label(g.original.appPart)) {}

    /// The part with its worksheet names edited, or nothing if it is not as expected or unchanged.
    std::optional<std::string> edit() {
        int hp = a_.child(0, kAppNs, "HeadingPairs"), tp = a_.child(0, kAppNs, "TitlesOfParts");
        if (hp < 0 || tp < 0) return std::nullopt;
        int hv = a_.child(hp, kVtNs, "vector");
        tv_ = a_.child(tp, kVtNs, "vector");
        if (hv < 0 || tv_ < 0) return std::nullopt;
        titles_ = a_.node(tv_).children;
        for (int t : titles_)
            if (!a_.node(t).is(kVtNs, "lpstr")) return std::nullopt;
        listWorksheets();
        // Walk the (label, count) pairs to find the group that lists the worksheets.
        std::vector<int> variants = a_.children(hv, kVtNs, "variant");
        std::size_t offset = 0;
        for (std::size_t v = 0; v + 1 < variants.size(); v += 2) {
            int countNode = a_.child(variants[v + 1], kVtNs, "i4");
            if (countNode < 0) return std::nullopt;
            int count = toInt(a_.node(countNode).text, -1);
            if (count < 0 || offset + static_cast<std::size_t>(count) > titles_.size()) return std::nullopt;
            if (listsTheWorksheets(offset, static_cast<std::size_t>(count)))
                return replaceGroup(offset, static_cast<std::size_t>(count), countNode);
            offset += static_cast<std::size_t>(count);
        }
        return std::nullopt;
    }

private:
    const Graft& g_;
    XmlDoc a_;
    int tv_ = -1;
    std::vector<int> titles_;
    std::vector<std::string> worksheets_; ///< the coordinator's, in order
    std::vector<bool> gone_;              ///< for each of worksheets_: removed
    std::vector<std::string> added_;      ///< the generated worksheets' new names

    void listWorksheets() {
        const auto& sheets = g_.original.sheets;
        for (std::size_t i = 0; i < sheets.size(); ++i)
            if (sheets[i].type == "worksheet") {
                worksheets_.push_back(sheets[i].name);
                gone_.push_back(g_.changes.removed.count(static_cast<int>(i)) > 0);
            }
        for (const auto& s : g_.generated.sheets)
            if (kindOf(s.relType) == "worksheet") added_.push_back(s.newName);
    }

    bool listsTheWorksheets(std::size_t offset, std::size_t count) const {
        bool match = count == worksheets_.size() && count > 0;
        for (std::size_t k = 0; match && k < worksheets_.size(); ++k) match = a_.node(titles_[offset + k]).text == worksheets_[k];
        return match;
    }

    std::optional<std::string> replaceGroup(std::size_t offset, std::size_t count, int countNode) {
        std::string text;
        int kept = 0;
        for (std::size_t k = 0; k < worksheets_.size(); ++k)
            if (!gone_[k]) text += a_.raw(titles_[offset + k]), ++kept;
        std::string lp = qualified(a_.node(titles_[offset]).prefix, "lpstr");
        for (const auto& n : added_) text += "<" + lp + ">" + escapeText(n) + "</" + lp + ">", ++kept;
        Splicer sp;
        const XmlNode& first = a_.node(titles_[offset]);
        const XmlNode& last = a_.node(titles_[offset + count - 1]);
        sp.replace(first.begin, last.end - first.begin, text);
        const XmlNode& cn = a_.node(countNode);
        sp.replace(cn.startEnd, cn.endBegin - cn.startEnd, std::to_string(kept));
        std::size_t size = titles_.size() - count + static_cast<std::size_t>(kept);
        sp.replace(a_.node(tv_).begin, a_.node(tv_).startEnd - a_.node(tv_).begin,
                   setAttribute(a_.startTag(tv_), "size", std::to_string(size)));
        std::string out = sp.apply(a_.text());
        if (out == a_.text()) return std::nullopt;
        return out;
    }
};

} // namespace

/// Keeps the app properties' list of worksheet names (HeadingPairs/TitlesOfParts) true, when it
/// is there and agrees with the workbook; otherwise leaves the part alone.
void editAppProperties(Graft& g) {
    const std::string& part = g.original.appPart;
    if (part.empty() || g.changes.deleted.count(partKey(part))) return;
    AppProperties app(g);
    std::optional<std::string> out = app.edit();
    if (out) g.changes.replaced[partKey(part)] = std::move(*out);
}

} // namespace impact::write
