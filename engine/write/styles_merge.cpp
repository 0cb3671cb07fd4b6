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

/// One merge: the generated styles' items looked up in (or appended to) the original's
/// containers, container by container in the order their references need.
class StylesMerger {
public:
    StylesMerger(const std::string& original, const std::string& generated, const std::string& what)
        : original_(original), o_(original, what), g_(generated, "the generated workbook's styles") {
        if (!o_.root().is(kMainNs, "styleSheet"))
            throw ReadError(what + " is not a SpreadsheetML styles part. The file is damaged; open it in Excel and save it again.");
        prefix_ = o_.root().prefix;
        for (auto& c : cs_) {
            c.node = o_.child(0, kMainNs, c.name);
            if (c.node >= 0 && *c.item) c.items = o_.children(c.node, kMainNs, c.item);
        }
        for (const char* name : {"fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "dxfs"}) {
            Container& c = get(name);
            for (int i : c.items) c.canon.push_back(serialise(o_, i, "", {}, true));
        }
    }

    StylesMerge run() {
        mergeNumFmts();
        // Fonts, fills, borders. The defaults (and the two fills Excel reserves) map to the workbook's own.
        fontMap_ = mapList("fonts", "font", 1);
        fillMap_ = mapList("fills", "fill", 2);
        borderMap_ = mapList("borders", "border", 1);
        mergeStyleXfs();
        StylesMerge result;
        result.xfMap = mergeCellXfs();
        for (int i : genItems("dxfs", "dxf")) result.dxfMap.push_back(findOrAppend(get("dxfs"), i, {}));
        result.xml = splice();
        return result;
    }

private:
    const std::string& original_;
    XmlDoc o_, g_;
    std::string prefix_;
    std::vector<Container> cs_ = {
        {"numFmts", "numFmt"}, {"fonts", "font"},           {"fills", "fill"}, {"borders", "border"},         {"cellStyleXfs", "xf"},
        {"cellXfs", "xf"},     {"cellStyles", "cellStyle"}, {"dxfs", "dxf"},   {"tableStyles", "tableStyle"}, {"colors", ""},
        {"extLst", ""}};
    std::map<int, int> fmtMap_;
    std::vector<int> fontMap_, fillMap_, borderMap_;
    bool haveStyleXfs_ = false;
    std::vector<std::optional<int>> styleXfMap_;

    Container& get(const char* name) {
        return *std::find_if(cs_.begin(), cs_.end(), [&](const Container& c) { return std::string_view(c.name) == name; });
    }
    std::vector<int> genItems(const char* name, const char* item) const {
        int n = g_.child(0, kMainNs, name);
        return n < 0 ? std::vector<int>{} : g_.children(n, kMainNs, item);
    }

    /// Our item `i` (with its attributes changed by `ov`) in container `c`: an equal one, or appended.
    int findOrAppend(Container& c, int i, const AttrOverrides& ov) {
        std::string canon = serialise(g_, i, "", ov, true);
        auto it = std::find(c.canon.begin(), c.canon.end(), canon);
        if (it != c.canon.end()) return static_cast<int>(it - c.canon.begin());
        c.canon.push_back(canon);
        c.added += serialise(g_, i, prefix_, ov);
        ++c.addedCount;
        return static_cast<int>(c.canon.size() - 1);
    }

    /// Number formats: built-in ids stay; custom ones reuse an equal format code or get a new id.
    void mergeNumFmts() {
        Container& c = get("numFmts");
        std::map<std::string, int> byCode;
        int maxId = 163;
        for (int i : c.items) {
            int id = toInt(o_.node(i).value("numFmtId"), -1);
            std::string code = o_.node(i).value("formatCode");
            if (id < 0) continue;
            byCode.emplace(code, id);
            maxId = std::max(maxId, id);
        }
        for (int i : genItems("numFmts", "numFmt")) {
            int id = toInt(g_.node(i).value("numFmtId"), -1);
            std::string code = g_.node(i).value("formatCode");
            if (id < 0) continue;
            if (id < 164) {
                fmtMap_[id] = id;
            } else if (auto it = byCode.find(code); it != byCode.end()) {
                fmtMap_[id] = it->second;
            } else {
                int fresh = ++maxId;
                byCode.emplace(code, fresh);
                fmtMap_[id] = fresh;
                c.added += serialise(g_, i, prefix_, {{"numFmtId", std::to_string(fresh)}});
                ++c.addedCount;
            }
        }
    }

    /// Our items of a container mapped to the merged one's indexes; the first `reserved` map to the workbook's own.
    std::vector<int> mapList(const char* container, const char* item, int reserved) {
        Container& c = get(container);
        std::vector<int> map;
        auto items = genItems(container, item);
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (static_cast<int>(k) < reserved && k < c.items.size())
                map.push_back(static_cast<int>(k));
            else
                map.push_back(findOrAppend(c, items[k], {}));
        }
        return map;
    }

    /// A format's references to number formats, fonts, fills and borders, mapped.
    AttrOverrides xfOverrides(int xf) const {
        auto remap = [](const std::vector<int>& m, const std::string& v) {
            int i = toInt(v, 0);
            return std::to_string(i < static_cast<int>(m.size()) ? m[static_cast<std::size_t>(i)] : 0);
        };
        const XmlNode& n = g_.node(xf);
        AttrOverrides ov;
        if (const XmlAttr* a = n.attr("numFmtId")) {
            int id = toInt(a->value, 0);
            auto it = fmtMap_.find(id);
            ov.emplace_back("numFmtId", std::to_string(it == fmtMap_.end() ? id : it->second));
        }
        if (const XmlAttr* a = n.attr("fontId")) ov.emplace_back("fontId", remap(fontMap_, a->value));
        if (const XmlAttr* a = n.attr("fillId")) ov.emplace_back("fillId", remap(fillMap_, a->value));
        if (const XmlAttr* a = n.attr("borderId")) ov.emplace_back("borderId", remap(borderMap_, a->value));
        return ov;
    }

    /// The workbook's cell style of the same built-in id (or name) as our named style `named`: its format.
    std::optional<int> existingStyleXf(int named) {
        const XmlNode& ns = g_.node(named);
        for (int s : get("cellStyles").items) {
            const XmlNode& os = o_.node(s);
            bool same = ns.attr("builtinId") ? os.value("builtinId") == ns.value("builtinId") : os.value("name") == ns.value("name");
            if (same) return toInt(os.value("xfId"), 0);
        }
        return std::nullopt;
    }

    /// Cell style formats and the named styles that use them ("Hyperlink"): reuse the workbook's
    /// style of the same built-in id or name, else add ours.
    void mergeStyleXfs() {
        Container& styleXfs = get("cellStyleXfs");
        Container& cellStyles = get("cellStyles");
        haveStyleXfs_ = !styleXfs.items.empty();
        auto genStyles = genItems("cellStyles", "cellStyle");
        std::vector<std::string> styleNames;
        for (int i : cellStyles.items) styleNames.push_back(o_.node(i).value("name"));
        auto items = genItems("cellStyleXfs", "xf");
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (!haveStyleXfs_ || k == 0) {
                styleXfMap_.push_back(haveStyleXfs_ ? std::optional<int>(0) : std::nullopt);
                continue;
            }
            int named = -1;
            for (int s : genStyles)
                if (toInt(g_.node(s).value("xfId"), -1) == static_cast<int>(k)) {
                    named = s;
                    break;
                }
            std::optional<int> existing = named >= 0 ? existingStyleXf(named) : std::nullopt;
            if (existing) {
                styleXfMap_.push_back(existing);
                continue;
            }
            int idx = findOrAppend(styleXfs, items[k], xfOverrides(items[k]));
            styleXfMap_.push_back(idx);
            if (named < 0) continue;
            std::string name = g_.node(named).value("name");
            if (std::find(styleNames.begin(), styleNames.end(), name) == styleNames.end()) {
                styleNames.push_back(name);
                cellStyles.added += serialise(g_, named, prefix_, {{"xfId", std::to_string(idx)}});
                ++cellStyles.addedCount;
            }
        }
    }

    /// Cell formats; the generated default (index 0) maps to the workbook's default.
    std::vector<int> mergeCellXfs() {
        Container& c = get("cellXfs");
        std::vector<int> xfMap;
        auto items = genItems("cellXfs", "xf");
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (k == 0 && !c.items.empty()) {
                xfMap.push_back(0);
                continue;
            }
            AttrOverrides ov = xfOverrides(items[k]);
            std::optional<std::string> xfId;
            if (haveStyleXfs_) {
                int gk = toInt(g_.node(items[k]).value("xfId", "0"), 0);
                auto m = gk < static_cast<int>(styleXfMap_.size()) ? styleXfMap_[static_cast<std::size_t>(gk)] : std::optional<int>(0);
                xfId = std::to_string(m.value_or(0));
            }
            ov.emplace_back("xfId", xfId);
            xfMap.push_back(findOrAppend(c, items[k], ov));
        }
        return xfMap;
    }

    /// The additions spliced in: into the containers there (count updated), or in new containers
    /// placed before the next container present, in schema order.
    std::string splice() {
        Splicer sp;
        for (std::size_t k = 0; k < cs_.size(); ++k) {
            Container& c = cs_[k];
            if (c.addedCount == 0) continue;
            std::string count = std::to_string(c.items.size() + static_cast<std::size_t>(c.addedCount));
            if (c.node >= 0) {
                const XmlNode& n = o_.node(c.node);
                std::string tag(o_.startTag(c.node));
                if (n.selfClosing) {
                    tag.erase(tag.rfind('/'), 1); // "<dxfs count="0"/>" -> "<dxfs count="0">"
                    sp.replace(n.begin, n.end - n.begin,
                               setAttribute(tag, "count", count) + c.added + "</" + qualified(n.prefix, n.local) + ">");
                } else {
                    sp.replace(n.begin, n.startEnd - n.begin, setAttribute(tag, "count", count));
                    sp.insert(n.endBegin, c.added);
                }
            } else {
                std::size_t at = o_.root().endBegin;
                for (std::size_t later = k + 1; later < cs_.size(); ++later)
                    if (cs_[later].node >= 0) {
                        at = o_.node(cs_[later].node).begin;
                        break;
                    }
                std::string q = qualified(prefix_, c.name);
                sp.insert(at, "<" + q + " count=\"" + count + "\">" + c.added + "</" + q + ">");
            }
        }
        return sp.empty() ? original_ : sp.apply(original_);
    }
};

} // namespace

StylesMerge mergeStyles(const std::string& original, const std::string& generated, const std::string& what) {
    return StylesMerger(original, generated, what).run();
}

} // namespace impact::write
