#include "write/styles_merge.h"

#include "common/error.h"
#include "common/text.h"
#include "write/xml_edit.h"

#include <algorithm>
#include <map>
#include <optional>

namespace impact::write {

namespace {

/// One container of styleSheet, in schema order.
struct Container {
    Container(const char* n, const char* i) : name(n), item(i) {}
    const char* name;
    const char* item;
    int node = -1;                  ///< in the original, or -1
    std::vector<int> items;         ///< the original's items
    std::vector<std::string> canon; ///< canonical forms: the original's, then ours as added
    std::string added;              ///< serialised items to append
    int addedCount = 0;
};

} // namespace

StylesMerge mergeStyles(const std::string& original, const std::string& generated, const std::string& what) {
    XmlDoc o(original, what);
    XmlDoc g(generated, "the generated workbook's styles");
    if (!o.root().is(kMainNs, "styleSheet")) throw ReadError(what + " is not a SpreadsheetML styles part. The file is damaged; open it in Excel and save it again.");
    const std::string prefix = o.root().prefix;

    std::vector<Container> cs = {{"numFmts", "numFmt"},           {"fonts", "font"},         {"fills", "fill"},
                                 {"borders", "border"},           {"cellStyleXfs", "xf"},    {"cellXfs", "xf"},
                                 {"cellStyles", "cellStyle"},     {"dxfs", "dxf"},           {"tableStyles", "tableStyle"},
                                 {"colors", ""},                  {"extLst", ""}};
    auto get = [&](const char* name) -> Container& {
        return *std::find_if(cs.begin(), cs.end(), [&](const Container& c) { return std::string_view(c.name) == name; });
    };
    for (auto& c : cs) {
        c.node = o.child(0, kMainNs, c.name);
        if (c.node >= 0 && *c.item) c.items = o.children(c.node, kMainNs, c.item);
    }
    for (const char* name : {"fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "dxfs"}) {
        Container& c = get(name);
        for (int i : c.items) c.canon.push_back(serialise(o, i, "", {}, true));
    }
    auto genItems = [&](const char* name, const char* item) {
        int n = g.child(0, kMainNs, name);
        return n < 0 ? std::vector<int>{} : g.children(n, kMainNs, item);
    };
    // Our item `i` (with its attributes changed by `ov`) in container `c`: an equal one, or appended.
    auto findOrAppend = [&](Container& c, int i, const AttrOverrides& ov) {
        std::string canon = serialise(g, i, "", ov, true);
        auto it = std::find(c.canon.begin(), c.canon.end(), canon);
        if (it != c.canon.end()) return static_cast<int>(it - c.canon.begin());
        c.canon.push_back(canon);
        c.added += serialise(g, i, prefix, ov);
        ++c.addedCount;
        return static_cast<int>(c.canon.size() - 1);
    };

    // Number formats: built-in ids stay; custom ones reuse an equal format code or get a new id.
    std::map<int, int> fmtMap;
    {
        Container& c = get("numFmts");
        std::map<std::string, int> byCode;
        int maxId = 163;
        for (int i : c.items) {
            int id = toInt(o.node(i).value("numFmtId"), -1);
            std::string code = o.node(i).value("formatCode");
            if (id < 0) continue;
            byCode.emplace(code, id);
            maxId = std::max(maxId, id);
        }
        for (int i : genItems("numFmts", "numFmt")) {
            int id = toInt(g.node(i).value("numFmtId"), -1);
            std::string code = g.node(i).value("formatCode");
            if (id < 0) continue;
            if (id < 164) {
                fmtMap[id] = id;
            } else if (auto it = byCode.find(code); it != byCode.end()) {
                fmtMap[id] = it->second;
            } else {
                int fresh = ++maxId;
                byCode.emplace(code, fresh);
                fmtMap[id] = fresh;
                c.added += serialise(g, i, prefix, {{"numFmtId", std::to_string(fresh)}});
                ++c.addedCount;
            }
        }
    }
    auto mapFmt = [&](int id) { auto it = fmtMap.find(id); return it == fmtMap.end() ? id : it->second; };

    // Fonts, fills, borders. The defaults (and the two fills Excel reserves) map to the workbook's own.
    auto mapList = [&](const char* container, const char* item, int reserved) {
        Container& c = get(container);
        std::vector<int> map;
        auto items = genItems(container, item);
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (static_cast<int>(k) < reserved && k < c.items.size()) map.push_back(static_cast<int>(k));
            else map.push_back(findOrAppend(c, items[k], {}));
        }
        return map;
    };
    std::vector<int> fontMap = mapList("fonts", "font", 1);
    std::vector<int> fillMap = mapList("fills", "fill", 2);
    std::vector<int> borderMap = mapList("borders", "border", 1);
    auto remap = [](const std::vector<int>& m, const std::string& v) {
        int i = toInt(v, 0);
        return std::to_string(i < static_cast<int>(m.size()) ? m[static_cast<std::size_t>(i)] : 0);
    };
    auto xfOverrides = [&](int xf) {
        const XmlNode& n = g.node(xf);
        AttrOverrides ov;
        if (const XmlAttr* a = n.attr("numFmtId")) ov.emplace_back("numFmtId", std::to_string(mapFmt(toInt(a->value, 0))));
        if (const XmlAttr* a = n.attr("fontId")) ov.emplace_back("fontId", remap(fontMap, a->value));
        if (const XmlAttr* a = n.attr("fillId")) ov.emplace_back("fillId", remap(fillMap, a->value));
        if (const XmlAttr* a = n.attr("borderId")) ov.emplace_back("borderId", remap(borderMap, a->value));
        return ov;
    };

    // Cell style formats and the named styles that use them ("Hyperlink"): reuse the workbook's
    // style of the same built-in id or name, else add ours.
    Container& styleXfs = get("cellStyleXfs");
    Container& cellStyles = get("cellStyles");
    bool haveStyleXfs = !styleXfs.items.empty();
    std::vector<std::optional<int>> styleXfMap;
    {
        auto genStyles = genItems("cellStyles", "cellStyle");
        std::vector<std::string> styleNames;
        for (int i : cellStyles.items) styleNames.push_back(o.node(i).value("name"));
        auto items = genItems("cellStyleXfs", "xf");
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (!haveStyleXfs) {
                styleXfMap.push_back(std::nullopt);
                continue;
            }
            if (k == 0) {
                styleXfMap.push_back(0);
                continue;
            }
            int named = -1;
            for (int s : genStyles)
                if (toInt(g.node(s).value("xfId"), -1) == static_cast<int>(k)) {
                    named = s;
                    break;
                }
            std::optional<int> existing;
            if (named >= 0) {
                const XmlNode& ns = g.node(named);
                for (int s : cellStyles.items) {
                    const XmlNode& os = o.node(s);
                    bool same = ns.attr("builtinId") ? os.value("builtinId") == ns.value("builtinId")
                                                     : os.value("name") == ns.value("name");
                    if (same) {
                        existing = toInt(os.value("xfId"), 0);
                        break;
                    }
                }
            }
            if (existing) {
                styleXfMap.push_back(existing);
                continue;
            }
            int idx = findOrAppend(styleXfs, items[k], xfOverrides(items[k]));
            styleXfMap.push_back(idx);
            if (named >= 0) {
                std::string name = g.node(named).value("name");
                if (std::find(styleNames.begin(), styleNames.end(), name) == styleNames.end()) {
                    styleNames.push_back(name);
                    cellStyles.added += serialise(g, named, prefix, {{"xfId", std::to_string(idx)}});
                    ++cellStyles.addedCount;
                }
            }
        }
    }

    // Cell formats.
    StylesMerge result;
    {
        Container& c = get("cellXfs");
        auto items = genItems("cellXfs", "xf");
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (k == 0 && !c.items.empty()) {
                result.xfMap.push_back(0);
                continue;
            }
            AttrOverrides ov = xfOverrides(items[k]);
            std::optional<std::string> xfId;
            if (haveStyleXfs) {
                int gk = toInt(g.node(items[k]).value("xfId", "0"), 0);
                auto m = gk < static_cast<int>(styleXfMap.size()) ? styleXfMap[static_cast<std::size_t>(gk)] : std::optional<int>(0);
                xfId = std::to_string(m.value_or(0));
            }
            ov.emplace_back("xfId", xfId);
            result.xfMap.push_back(findOrAppend(c, items[k], ov));
        }
    }
    // Differential formats (conditional formatting).
    {
        Container& c = get("dxfs");
        for (int i : genItems("dxfs", "dxf")) result.dxfMap.push_back(findOrAppend(c, i, {}));
    }

    // Splice the additions in.
    Splicer sp;
    for (std::size_t k = 0; k < cs.size(); ++k) {
        Container& c = cs[k];
        if (c.addedCount == 0) continue;
        std::string count = std::to_string(c.items.size() + static_cast<std::size_t>(c.addedCount));
        if (c.node >= 0) {
            const XmlNode& n = o.node(c.node);
            std::string tag(o.startTag(c.node));
            if (n.selfClosing) {
                tag.erase(tag.rfind('/'), 1); // "<dxfs count="0"/>" -> "<dxfs count="0">"
                sp.replace(n.begin, n.end - n.begin,
                           setAttribute(tag, "count", count) + c.added + "</" + qualified(n.prefix, n.local) + ">");
            } else {
                sp.replace(n.begin, n.startEnd - n.begin, setAttribute(tag, "count", count));
                sp.insert(n.endBegin, c.added);
            }
        } else {
            std::size_t at = o.root().endBegin;
            for (std::size_t later = k + 1; later < cs.size(); ++later)
                if (cs[later].node >= 0) {
                    at = o.node(cs[later].node).begin;
                    break;
                }
            std::string q = qualified(prefix, c.name);
            sp.insert(at, "<" + q + " count=\"" + count + "\">" + c.added + "</" + q + ">");
        }
    }
    result.xml = sp.empty() ? original : sp.apply(original);
    return result;
}

} // namespace impact::write
