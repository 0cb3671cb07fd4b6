#include "write/graft.h"

#include "common/error.h"
#include "read/opc.h"
#include "read/package.h"
#include "read/workbook.h"
#include "read/xml_parser.h"
#include "write/sheet_names.h"
#include "write/styles_merge.h"
#include "write/xml_edit.h"
#include "write/zip_writer.h"

#include "platform/files.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace impact::write {

namespace {

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kWorksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
constexpr const char* kChartsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml";
constexpr const char* kChartType = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
constexpr const char* kTableType = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";

/// The key a part is matched by: forward slashes, no leading slash, lower case (OPC part names
/// are case-insensitive).
std::string partKey(std::string name) {
    std::replace(name.begin(), name.end(), '\\', '/');
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    return read::asciiLower(name);
}

std::string kindOf(const std::string& type) {
    auto slash = type.rfind('/');
    return slash == std::string::npos ? type : type.substr(slash + 1);
}

int toInt(const std::string& s, int fallback = -1) {
    try {
        std::size_t used = 0;
        long v = std::stol(s, &used);
        return used == s.size() && v >= 0 && v <= 0x7FFFFFFF ? static_cast<int>(v) : fallback;
    } catch (...) {
        return fallback;
    }
}

[[noreturn]] void refuseStrict(const std::string& path) {
    throw WriteError(path + ": is saved as Strict Open XML, to which Impact cannot add its sheets yet. Open it in Excel, "
                            "save it as \"Excel Workbook (*.xlsx)\" and run again.");
}

/// What the reader tolerates but a copy must not carry over: encrypted entries, and entries whose
/// names differ only in case or slashes (the reader ignores absolute names; a copy would keep both).
void refuseUncopyable(const read::ZipDirectory& zip) {
    std::set<std::string> seen;
    for (const auto& e : zip.entries()) {
        if (e.encrypted())
            throw ReadError(zip.file() + ": is encrypted inside the zip; Impact cannot change it. Save it again in Excel without a password.");
        if (!e.directory() && !seen.insert(partKey(e.name)).second)
            throw ReadError(zip.file() + ": is a damaged zip file: it holds two parts with the same name, which Excel never "
                                         "writes. Open it in Excel, which may repair it, and save it as .xlsx.");
    }
}

struct Rel {
    std::string id, type, target;
    bool external = false;
    int node = -1; ///< in the relationships document, when parsed with XmlDoc
};

/// One package opened for reading: the reader's verified index, whose zip directory also lists
/// the entries to copy.
class Source {
public:
    explicit Source(const std::string& path) : path_(path), package_(path, limits_) {
        refuseUncopyable(package_.zip());
        for (const auto& name : package_.partNames()) names_.emplace(partKey(name), name);
    }
    const std::string& path() const { return path_; }
    const read::ZipDirectory& zip() const { return package_.zip(); }
    bool has(const std::string& part) const { return names_.count(partKey(part)) > 0; }
    /// The part's name as stored (case and all).
    std::string nameOf(const std::string& part) const {
        auto it = names_.find(partKey(part));
        return it == names_.end() ? part : it->second;
    }
    const std::map<std::string, std::string>& names() const { return names_; }
    std::string label(const std::string& part) const { return path_ + ": part '" + part + "'"; }
    std::string read(const std::string& part) const {
        const read::PartEntry* e = package_.find(part);
        if (!e) throw ReadError(path_ + ": is missing its part '" + part + "'; the file is damaged. Open it in Excel and save it again.");
        return package_.readSmall(*e);
    }
    /// The relationships of `part` ("" for the package itself).
    std::vector<Rel> rels(const std::string& part) const {
        std::string relsPart = part.empty() ? "_rels/.rels" : read::relationshipsPartFor(part);
        if (!has(relsPart)) return {};
        std::vector<Rel> out;
        for (auto& r : read::parseRelationships(read(relsPart), label(relsPart)))
            out.push_back({r.id, r.type, r.target, r.external, -1});
        return out;
    }
    /// The internal target of `r` (from `part`) as stored in the package, or "" if it is not there.
    std::string target(const std::string& part, const Rel& r) const {
        if (r.external) return {};
        std::string t = read::resolveTarget(part, r.target);
        auto hash = t.find('#');
        if (hash != std::string::npos) t.erase(hash);
        return has(t) ? nameOf(t) : std::string();
    }

private:
    std::string path_;
    read::ReadLimits limits_;
    read::Package package_;
    std::map<std::string, std::string> names_; ///< key -> stored name
};

/// Every part reachable from `starts` through internal relationships (keys), skipping the
/// relationships of `skipFrom` whose ids are in `skipIds`.
std::set<std::string> closure(const Source& s, const std::vector<std::string>& starts, const std::string& skipFrom = {},
                              const std::set<std::string>& skipIds = {}) {
    std::set<std::string> seen;
    std::deque<std::string> queue;
    for (const auto& p : starts)
        if (!p.empty() && seen.insert(partKey(p)).second) queue.push_back(p);
    while (!queue.empty()) {
        std::string p = queue.front();
        queue.pop_front();
        bool skipping = partKey(p) == partKey(skipFrom);
        for (const auto& r : s.rels(p)) {
            if (skipping && skipIds.count(r.id)) continue;
            std::string t = s.target(p, r);
            if (!t.empty() && seen.insert(partKey(t)).second) queue.push_back(t);
        }
    }
    return seen;
}

/// Relationships parsed for editing.
std::vector<Rel> relsOf(const XmlDoc& doc) {
    std::vector<Rel> out;
    for (int i : doc.children(0, kPkgRelNs, "Relationship")) {
        const XmlNode& n = doc.node(i);
        out.push_back({n.value("Id"), n.value("Type"), n.value("Target"), n.value("TargetMode") == "External", i});
    }
    return out;
}

/// The target of a relationship from `from` to `to`, relative like Excel writes it.
std::string relativeTarget(const std::string& from, const std::string& to) {
    auto split = [](const std::string& p) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (true) {
            auto slash = p.find('/', start);
            out.push_back(p.substr(start, slash - start));
            if (slash == std::string::npos) return out;
            start = slash + 1;
        }
    };
    auto a = split(from), b = split(to);
    a.pop_back(); // the source's folder
    std::size_t common = 0;
    while (common < a.size() && common + 1 < b.size() && a[common] == b[common]) ++common;
    std::string out;
    for (std::size_t k = common; k < a.size(); ++k) out += "../";
    for (std::size_t k = common; k < b.size(); ++k) out += (k == common ? "" : "/") + b[k];
    return out;
}

/// The content type [Content_Types].xml gives a part.
std::string contentTypeIn(const XmlDoc& ct, const std::string& part) {
    std::string key = "/" + partKey(part);
    for (int i : ct.children(0, kContentTypesNs, "Override"))
        if (read::asciiLower(ct.node(i).value("PartName")) == key) return ct.node(i).value("ContentType");
    auto dot = part.rfind('.');
    std::string ext = dot == std::string::npos ? "" : read::asciiLower(part.substr(dot + 1));
    for (int i : ct.children(0, kContentTypesNs, "Default"))
        if (read::asciiLower(ct.node(i).value("Extension")) == ext) return ct.node(i).value("ContentType");
    return {};
}

/// Appends `text` as the last content of element `i` (also when it is written "<a/>").
void appendInside(const XmlDoc& doc, Splicer& sp, int i, const std::string& text) {
    const XmlNode& n = doc.node(i);
    if (n.selfClosing) {
        std::string tag(doc.startTag(i));
        tag.erase(tag.rfind('/'), 1);
        sp.replace(n.begin, n.end - n.begin, tag + text + "</" + qualified(n.prefix, n.local) + ">");
    } else {
        sp.insert(n.endBegin, text);
    }
}

struct NewPart {
    std::string name;
    std::string data;
    std::string contentType;
};

struct GenSheet {
    std::string name, newName, relType, part, newPart, state;
};

class Grafter {
public:
    Grafter(const Source& src, const Source& gen, const GraftOptions& opts) : src_(src), gen_(gen), opts_(opts) {}

    std::vector<std::string> run(const std::string& output) {
        findWorkbook();
        findRemovals();
        readGenerated();
        nameSheets();
        mergeStylesAndTheme();
        copyGeneratedParts();
        editWorkbook(); // chooses the relationship ids first
        editContentTypes();
        editAppProperties();
        write(output);
        std::vector<std::string> names;
        for (const auto& s : genSheets_) names.push_back(s.newName);
        return names;
    }

private:
    const Source& src_;
    const Source& gen_;
    const GraftOptions& opts_;

    std::string wbPart_, wbRelsPart_, appPart_;
    std::unique_ptr<XmlDoc> wb_, wbRels_, ct_;
    std::vector<Rel> wbRelList_;
    struct Sheet {
        int node;
        std::string name, rid, type;
        int sheetId;
        bool hidden;
    };
    std::vector<Sheet> sheets_;
    std::set<int> removed_; ///< indexes into sheets_
    std::set<std::string> removedRids_;
    std::set<std::string> deleted_; ///< part keys not copied
    std::set<std::string> used_;    ///< part keys in the output

    std::string genWbPart_;
    std::unique_ptr<XmlDoc> genWb_, genCt_;
    std::vector<GenSheet> genSheets_;
    std::string genStylesPart_, genThemePart_;
    std::vector<std::string> genSst_; ///< serialised <si> contents, for sheets not written in constant_memory
    std::unique_ptr<XmlDoc> genSstDoc_;
    std::map<std::string, std::string> renames_; ///< folded generated name -> new name

    std::vector<int> xfMap_, dxfMap_;
    std::optional<std::string> stylesXml_; ///< when the styles part changes
    std::vector<NewPart> newParts_;
    std::vector<std::pair<std::string, std::string>> newWbRels_; ///< (type, target part) for sheets, theme, styles
    std::map<std::string, std::string> genToNew_;               ///< generated part key -> output name
    std::map<std::string, std::string> replaced_;               ///< part key -> new content

    std::size_t keptCount() const { return sheets_.size() - removed_.size(); }

    // ---- the coordinator's workbook --------------------------------------------------------

    void findWorkbook() {
        for (const auto& r : src_.rels("")) {
            if (r.external) continue;
            std::string k = kindOf(r.type);
            if (k == "officeDocument") {
                if (r.type.rfind("http://purl.oclc.org/", 0) == 0) refuseStrict(src_.path());
                wbPart_ = src_.target("", r);
            } else if (k == "extended-properties") {
                appPart_ = src_.target("", r);
            }
        }
        if (wbPart_.empty()) throw ReadError(src_.path() + ": has no workbook part; it is not an Excel workbook.");
        wb_ = std::make_unique<XmlDoc>(src_.read(wbPart_), src_.label(wbPart_));
        if (read::isStrictNamespace(wb_->root().ns)) refuseStrict(src_.path());
        if (!wb_->root().is(kMainNs, "workbook")) throw ReadError(src_.label(wbPart_) + " is not a SpreadsheetML workbook.");
        wbRelsPart_ = src_.nameOf(read::relationshipsPartFor(wbPart_));
        wbRels_ = std::make_unique<XmlDoc>(src_.read(wbRelsPart_), src_.label(wbRelsPart_));
        wbRelList_ = relsOf(*wbRels_);
        ct_ = std::make_unique<XmlDoc>(src_.read("[Content_Types].xml"), src_.label("[Content_Types].xml"));

        int sheetsNode = wb_->child(0, kMainNs, "sheets");
        if (sheetsNode < 0) throw ReadError(src_.label(wbPart_) + " lists no sheets; the file is damaged.");
        for (int i : wb_->children(sheetsNode, kMainNs, "sheet")) {
            const XmlNode& n = wb_->node(i);
            Sheet s{i, n.value("name"), "", "", toInt(n.value("sheetId"), 0), false};
            if (const XmlAttr* a = n.attr(kDocRelNs, "id")) s.rid = a->value;
            for (const auto& r : wbRelList_)
                if (r.id == s.rid) s.type = kindOf(r.type);
            std::string state = n.value("state");
            s.hidden = state == "hidden" || state == "veryHidden";
            sheets_.push_back(s);
        }
    }

    /// The marker's value: a string constant "generated:SHEETID:NAME" recording the sheet it was
    /// put on. A sheet the user copied (Excel copies sheet-scoped names along) has another id and
    /// another name, so it is theirs; our sheet renamed by the user keeps its id, and one re-saved
    /// by LibreOffice (which renumbers ids) keeps its name. A bare "generated" matches any sheet.
    static std::string markerValue(int sheetId, const std::string& name) {
        std::string v = "generated:" + std::to_string(sheetId) + ":" + name, out = "\"";
        for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    }
    static bool markedAsOurs(std::string text, const Sheet& sheet) {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
        if (text.size() < 2 || text.front() != '"' || text.back() != '"') return true;
        std::string v;
        for (std::size_t i = 1; i + 1 < text.size(); ++i) {
            v += text[i];
            if (text[i] == '"') ++i; // "" stands for "
        }
        if (v.rfind("generated:", 0) != 0) return true;
        auto colon = v.find(':', 10);
        if (colon == std::string::npos) return true;
        return toInt(v.substr(10, colon - 10)) == sheet.sheetId || v.substr(colon + 1) == sheet.name;
    }

    void findRemovals() {
        std::string marker = read::asciiLower(opts_.marker);
        if (int dn = wb_->child(0, kMainNs, "definedNames"); dn >= 0)
            for (int i : wb_->children(dn, kMainNs, "definedName")) {
                const XmlNode& n = wb_->node(i);
                int idx = toInt(n.value("localSheetId"));
                if (read::asciiLower(n.value("name")) == marker && idx >= 0 && idx < static_cast<int>(sheets_.size()) &&
                    markedAsOurs(n.text, sheets_[static_cast<std::size_t>(idx)]))
                    removed_.insert(idx);
            }
        std::vector<std::string> starts;
        std::set<int> removedIds;
        for (int i : removed_) {
            removedRids_.insert(sheets_[static_cast<std::size_t>(i)].rid);
            removedIds.insert(sheets_[static_cast<std::size_t>(i)].sheetId);
            for (const auto& r : wbRelList_)
                if (r.id == sheets_[static_cast<std::size_t>(i)].rid) starts.push_back(src_.target(wbPart_, r));
        }
        if (!removed_.empty()) {
            // The calculation chain lists formula cells by sheet id; one naming a sheet that is gone
            // makes Excel repair the file. Excel rebuilds a missing chain, so drop it then.
            for (const auto& r : wbRelList_) {
                if (kindOf(r.type) != "calcChain") continue;
                std::string part = src_.target(wbPart_, r);
                if (part.empty()) continue;
                XmlDoc chain(src_.read(part), src_.label(part));
                bool stale = false;
                for (const auto& n : chain.nodes())
                    if (n.local == "c" && n.attr("i") && removedIds.count(toInt(n.value("i")))) stale = true;
                if (stale) {
                    removedRids_.insert(r.id);
                    starts.push_back(part);
                }
            }
        }
        // What the package still reaches without the removed sheets stays, whatever else used it.
        std::vector<std::string> roots;
        for (const auto& r : src_.rels("")) roots.push_back(src_.target("", r));
        std::set<std::string> kept = closure(src_, roots, wbPart_, removedRids_);
        for (const auto& k : closure(src_, starts))
            if (!kept.count(k)) {
                deleted_.insert(k);
                deleted_.insert(partKey(read::relationshipsPartFor(src_.nameOf(k))));
            }
        for (const auto& [k, name] : src_.names())
            if (!deleted_.count(k)) used_.insert(k);
        // Names the package still mentions, even of parts it lacks, are not free either.
        for (int i : ct_->children(0, kContentTypesNs, "Override"))
            if (std::string k = partKey(ct_->node(i).value("PartName")); !deleted_.count(k)) used_.insert(k);
        for (const auto& r : wbRelList_)
            if (!r.external && !removedRids_.count(r.id)) used_.insert(partKey(read::resolveTarget(wbPart_, r.target)));
    }

    // ---- the generated workbook ------------------------------------------------------------

    void readGenerated() {
        for (const auto& r : gen_.rels(""))
            if (kindOf(r.type) == "officeDocument") genWbPart_ = gen_.target("", r);
        if (genWbPart_.empty()) throw WriteError(gen_.path() + ": the generated workbook has no workbook part.");
        genWb_ = std::make_unique<XmlDoc>(gen_.read(genWbPart_), gen_.label(genWbPart_));
        genCt_ = std::make_unique<XmlDoc>(gen_.read("[Content_Types].xml"), gen_.label("[Content_Types].xml"));
        auto rels = gen_.rels(genWbPart_);
        int sheets = genWb_->child(0, kMainNs, "sheets");
        if (sheets >= 0)
            for (int i : genWb_->children(sheets, kMainNs, "sheet")) {
                const XmlNode& n = genWb_->node(i);
                GenSheet s;
                s.name = n.value("name");
                s.state = n.value("state");
                const XmlAttr* rid = n.attr(kDocRelNs, "id");
                for (const auto& r : rels)
                    if (rid && r.id == rid->value) {
                        s.relType = r.type;
                        s.part = gen_.target(genWbPart_, r);
                    }
                if (s.part.empty()) throw WriteError(gen_.path() + ": the generated sheet '" + s.name + "' has no part.");
                genSheets_.push_back(s);
            }
        for (const auto& r : rels) {
            std::string k = kindOf(r.type);
            if (k == "styles") genStylesPart_ = gen_.target(genWbPart_, r);
            if (k == "theme") genThemePart_ = gen_.target(genWbPart_, r);
            if (k == "sharedStrings") {
                std::string part = gen_.target(genWbPart_, r);
                if (part.empty()) continue;
                genSstDoc_ = std::make_unique<XmlDoc>(gen_.read(part), gen_.label(part));
                for (int si : genSstDoc_->children(0, kMainNs, "si")) {
                    std::string inner;
                    for (int c : genSstDoc_->node(si).children) inner += serialise(*genSstDoc_, c, "\x01");
                    genSst_.push_back(inner);
                }
            }
        }
    }

    void nameSheets() {
        std::set<std::string> taken;
        for (std::size_t i = 0; i < sheets_.size(); ++i)
            if (!removed_.count(static_cast<int>(i))) taken.insert(foldName(sheets_[i].name));
        for (auto& s : genSheets_) {
            s.newName = uniqueSheetName(s.name, taken);
            taken.insert(foldName(s.newName));
            if (s.newName != s.name) renames_[foldName(s.name)] = s.newName;
        }
    }

    /// A part name like `wanted` ("xl/worksheets/sheet1.xml") not used in the output: the same
    /// folder and stem with the smallest free number.
    std::string allocate(const std::string& wanted) {
        auto slash = wanted.rfind('/');
        std::string dir = slash == std::string::npos ? "" : wanted.substr(0, slash + 1);
        std::string file = wanted.substr(dir.size());
        auto dot = file.rfind('.');
        std::string ext = dot == std::string::npos ? "" : file.substr(dot);
        std::string stem = file.substr(0, file.size() - ext.size());
        while (!stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back()))) stem.pop_back();
        for (int n = 1;; ++n) {
            std::string candidate = dir + stem + std::to_string(n) + ext;
            if (!used_.count(partKey(candidate)) && !used_.count(partKey(read::relationshipsPartFor(candidate)))) {
                used_.insert(partKey(candidate));
                return candidate;
            }
        }
    }

    void mergeStylesAndTheme() {
        std::string origStyles, origTheme;
        for (const auto& r : wbRelList_) {
            if (kindOf(r.type) == "styles") origStyles = src_.target(wbPart_, r);
            if (kindOf(r.type) == "theme") origTheme = src_.target(wbPart_, r);
        }
        if (!genStylesPart_.empty() && !origStyles.empty()) {
            std::string before = src_.read(origStyles);
            StylesMerge m = mergeStyles(before, gen_.read(genStylesPart_), src_.label(origStyles));
            xfMap_ = std::move(m.xfMap);
            dxfMap_ = std::move(m.dxfMap);
            if (m.xml != before) replaced_[partKey(origStyles)] = std::move(m.xml);
        } else if (!genStylesPart_.empty()) {
            // The workbook has no styles part (some generators omit it): ours becomes its styles.
            std::string name = allocate(genStylesPart_);
            newParts_.push_back({name, gen_.read(genStylesPart_), contentTypeIn(*genCt_, genStylesPart_)});
            newWbRels_.emplace_back(std::string(kRelTypePrefix) + "styles", name);
        }
        if (origTheme.empty() && !genThemePart_.empty()) {
            // LibreOffice writes no theme; our fonts and charts use theme colours (feasibility 2b.8).
            std::string name = allocate(genThemePart_);
            newParts_.push_back({name, gen_.read(genThemePart_), contentTypeIn(*genCt_, genThemePart_)});
            newWbRels_.emplace_back(std::string(kRelTypePrefix) + "theme", name);
        }
    }

    // ---- the generated sheets and what they use --------------------------------------------

    int mapIndex(const std::vector<int>& map, const std::string& v) const {
        int i = toInt(v, 0);
        if (map.empty()) return i; // identity: the workbook had no styles, ours became its styles
        return i < static_cast<int>(map.size()) ? map[static_cast<std::size_t>(i)] : 0;
    }

    std::string rewriteSheet(const std::string& data, const std::string& what) {
        XmlDoc d(data, what);
        Splicer sp;
        for (int i = 0; i < static_cast<int>(d.nodes().size()); ++i) {
            const XmlNode& n = d.node(i);
            if (n.ns == kChartNs && n.local == "f") {
                renameText(d, sp, i);
                continue;
            }
            if (n.ns != kMainNs) continue;
            std::string tag(d.startTag(i));
            std::string edited = tag;
            if (n.local == "c") {
                if (const XmlAttr* s = n.attr("s")) edited = setAttribute(edited, "s", std::to_string(mapIndex(xfMap_, s->value)));
                if (n.value("t") == "s") {
                    int v = d.child(i, kMainNs, "v");
                    int idx = v >= 0 ? toInt(d.node(v).text) : -1;
                    if (idx < 0 || idx >= static_cast<int>(genSst_.size()))
                        throw WriteError(what + ": a shared string of the generated workbook is missing.");
                    edited = setAttribute(edited, "t", "inlineStr");
                    std::string is = qualified(n.prefix, "is");
                    std::string inner = genSst_[static_cast<std::size_t>(idx)];
                    // serialise() wrote the main-namespace prefix as "\x01:"; use the sheet's.
                    std::string marker = "\x01:";
                    std::string fixed;
                    for (std::size_t at = 0;;) {
                        auto hit = inner.find(marker, at);
                        fixed += inner.substr(at, hit - at);
                        if (hit == std::string::npos) break;
                        fixed += n.prefix.empty() ? "" : n.prefix + ":";
                        at = hit + marker.size();
                    }
                    const XmlNode& vn = d.node(v);
                    sp.replace(vn.begin, vn.end - vn.begin, "<" + is + ">" + fixed + "</" + is + ">");
                }
            } else if (n.local == "row") {
                if (const XmlAttr* s = n.attr("s")) edited = setAttribute(edited, "s", std::to_string(mapIndex(xfMap_, s->value)));
            } else if (n.local == "col") {
                if (const XmlAttr* s = n.attr("style")) edited = setAttribute(edited, "style", std::to_string(mapIndex(xfMap_, s->value)));
            } else if (n.local == "cfRule") {
                if (const XmlAttr* s = n.attr("dxfId")) edited = setAttribute(edited, "dxfId", std::to_string(mapIndex(dxfMap_, s->value)));
            } else if (n.local == "sheetView") {
                // libxlsxwriter selects its first sheet; two selected tabs open as a grouped selection.
                edited = removeAttribute(edited, "tabSelected");
            } else if (n.local == "hyperlink") {
                if (const XmlAttr* loc = n.attr("location")) {
                    std::string renamed = renameSheetRefs(loc->value, renames_);
                    if (renamed != loc->value) edited = setAttribute(edited, "location", renamed);
                }
            } else if (n.local == "f" || n.local == "formula" || n.local == "formula1" || n.local == "formula2") {
                renameText(d, sp, i);
            }
            if (edited != tag) sp.replace(n.begin, n.startEnd - n.begin, edited);
        }
        return sp.empty() ? data : sp.apply(data);
    }

    void renameText(const XmlDoc& d, Splicer& sp, int i) {
        const XmlNode& n = d.node(i);
        if (!n.children.empty() || n.selfClosing) return;
        std::string renamed = renameSheetRefs(n.text, renames_);
        if (renamed != n.text) sp.replace(n.startEnd, n.endBegin - n.startEnd, escapeText(renamed));
    }

    std::string newRelsXml(const std::string& genPart, const std::string& newPart) {
        std::string out = std::string(kXmlDecl) + "<Relationships xmlns=\"" + kPkgRelNs + "\">";
        for (const auto& r : gen_.rels(genPart)) {
            std::string target = r.target;
            if (!r.external) {
                std::string t = gen_.target(genPart, r);
                auto it = genToNew_.find(partKey(t));
                if (it == genToNew_.end()) throw WriteError(gen_.label(genPart) + ": a relationship target is missing.");
                target = relativeTarget(newPart, it->second);
            }
            out += "<Relationship Id=\"" + escapeAttr(r.id) + "\" Type=\"" + escapeAttr(r.type) + "\" Target=\"" +
                   escapeAttr(target) + "\"" + (r.external ? " TargetMode=\"External\"" : "") + "/>";
        }
        return out + "</Relationships>";
    }

    void copyGeneratedParts() {
        for (auto& s : genSheets_) {
            // The sheet first, then what it uses, breadth first: stable names on every run.
            std::vector<std::string> order;
            std::deque<std::string> queue{s.part};
            std::set<std::string> seen{partKey(s.part)};
            while (!queue.empty()) {
                std::string p = queue.front();
                queue.pop_front();
                if (genToNew_.count(partKey(p))) continue; // shared with an earlier sheet
                order.push_back(p);
                for (const auto& r : gen_.rels(p)) {
                    std::string t = gen_.target(p, r);
                    if (!t.empty() && seen.insert(partKey(t)).second) queue.push_back(t);
                }
            }
            for (const auto& p : order) genToNew_[partKey(p)] = allocate(p);
            s.newPart = genToNew_[partKey(s.part)];
            for (const auto& p : order) {
                std::string type = contentTypeIn(*genCt_, p);
                if (type == kTableType)
                    throw WriteError(gen_.path() + ": generated sheets may not contain tables (their names would clash).");
                std::string data = gen_.read(p);
                if (type == kWorksheetType || type == kChartsheetType || type == kChartType) data = rewriteSheet(data, gen_.label(p));
                std::string name = genToNew_[partKey(p)];
                newParts_.push_back({name, std::move(data), type});
                if (!gen_.rels(p).empty()) {
                    std::string relsName = read::relationshipsPartFor(name);
                    used_.insert(partKey(relsName));
                    newParts_.push_back({relsName, newRelsXml(p, name), ""});
                }
            }
            newWbRels_.emplace_back(s.relType, s.newPart);
        }
    }

    // ---- the workbook part, its relationships, content types, app properties ----------------

    std::vector<std::string> newWbRelIds_;

    void editWorkbookRels() {
        Splicer sp;
        int maxNum = 0;
        std::set<std::string> ids;
        for (const auto& r : wbRelList_) {
            if (removedRids_.count(r.id)) {
                const XmlNode& n = wbRels_->node(r.node);
                sp.remove(n.begin, n.end - n.begin);
                continue;
            }
            ids.insert(r.id);
            if (r.id.size() > 3 && r.id.compare(0, 3, "rId") == 0) maxNum = std::max(maxNum, toInt(r.id.substr(3), 0));
        }
        std::string text;
        const std::string elem = qualified(wbRels_->root().prefix, "Relationship");
        for (std::size_t k = 0; k < newWbRels_.size(); ++k) {
            std::string id;
            do id = "rId" + std::to_string(++maxNum);
            while (ids.count(id));
            ids.insert(id);
            text += "<" + elem + " Id=\"" + id + "\" Type=\"" + escapeAttr(newWbRels_[k].first) + "\" Target=\"" +
                    escapeAttr(relativeTarget(wbPart_, newWbRels_[k].second)) + "\"/>";
            assignedIds_.push_back(id);
        }
        appendInside(*wbRels_, sp, 0, text);
        replaced_[partKey(wbRelsPart_)] = sp.apply(wbRels_->text());
    }

    std::vector<std::string> assignedIds_;
    std::vector<int> newSheetIds_;

    void editWorkbook() {
        // Relationship ids are chosen first (editWorkbookRels), since <sheet> elements name them.
        editWorkbookRels();
        const XmlDoc& w = *wb_;
        Splicer sp;
        int sheetsNode = w.child(0, kMainNs, "sheets");
        const std::string mainPrefix = w.node(sheetsNode).prefix;
        auto below = [&](int idx) {
            return static_cast<int>(std::count_if(removed_.begin(), removed_.end(), [&](int r) { return r < idx; }));
        };
        int firstVisible = 0;
        for (std::size_t i = 0, kept = 0; i < sheets_.size(); ++i) {
            if (removed_.count(static_cast<int>(i))) continue;
            if (!sheets_[i].hidden) {
                firstVisible = static_cast<int>(kept);
                break;
            }
            ++kept;
        }
        auto mapSheet = [&](int idx) { return removed_.count(idx) ? firstVisible : idx - below(idx); };

        // <sheets>: drop ours, append the new ones.
        int maxSheetId = 0;
        for (std::size_t i = 0; i < sheets_.size(); ++i) {
            if (removed_.count(static_cast<int>(i))) {
                const XmlNode& n = w.node(sheets_[i].node);
                sp.remove(n.begin, n.end - n.begin);
            } else {
                maxSheetId = std::max(maxSheetId, sheets_[i].sheetId);
            }
        }
        std::optional<std::string> relPrefix = w.prefixFor(sheetsNode, kDocRelNs);
        std::string sheetElems;
        std::size_t relIndex = newWbRels_.size() - genSheets_.size(); // sheets' rels come last
        for (std::size_t k = 0; k < genSheets_.size(); ++k) {
            const std::string& rid = assignedIds_[relIndex + k];
            newSheetIds_.push_back(++maxSheetId);
            sheetElems += "<" + qualified(mainPrefix, "sheet") + " name=\"" + escapeAttr(genSheets_[k].newName) +
                          "\" sheetId=\"" + std::to_string(maxSheetId) + "\"";
            if (!genSheets_[k].state.empty()) sheetElems += " state=\"" + escapeAttr(genSheets_[k].state) + "\"";
            if (relPrefix && !relPrefix->empty()) sheetElems += " " + *relPrefix + ":id=\"" + rid + "\"/>";
            else sheetElems += " xmlns:r=\"" + std::string(kDocRelNs) + "\" r:id=\"" + rid + "\"/>";
        }
        appendInside(w, sp, sheetsNode, sheetElems);

        // <definedNames>: drop the removed sheets' names, shift the others, add ours and the markers.
        int dnNode = w.child(0, kMainNs, "definedNames");
        if (dnNode >= 0)
            for (int i : w.children(dnNode, kMainNs, "definedName")) {
                const XmlNode& n = w.node(i);
                int idx = toInt(n.value("localSheetId"));
                if (idx < 0) continue;
                if (removed_.count(idx)) {
                    sp.remove(n.begin, n.end - n.begin);
                } else if (below(idx) > 0) {
                    sp.replace(n.begin, n.startEnd - n.begin,
                               setAttribute(w.startTag(i), "localSheetId", std::to_string(idx - below(idx))));
                }
            }
        std::string names;
        const std::string dn = qualified(mainPrefix, "definedName");
        if (int gdn = genWb_->child(0, kMainNs, "definedNames"); gdn >= 0)
            for (int i : genWb_->children(gdn, kMainNs, "definedName")) {
                const XmlNode& n = genWb_->node(i);
                int k = toInt(n.value("localSheetId"));
                if (k < 0 || k >= static_cast<int>(genSheets_.size())) continue; // only our sheets' own names
                names += "<" + dn;
                for (const auto& a : n.attrs) {
                    if (!a.ns.empty()) continue;
                    std::string v = a.local == "localSheetId" ? std::to_string(keptCount() + static_cast<std::size_t>(k)) : a.value;
                    names += " " + a.local + "=\"" + escapeAttr(v) + "\"";
                }
                names += ">" + escapeText(renameSheetRefs(n.text, renames_)) + "</" + dn + ">";
            }
        for (std::size_t k = 0; k < genSheets_.size(); ++k)
            if (std::find(opts_.unmarked.begin(), opts_.unmarked.end(), genSheets_[k].name) == opts_.unmarked.end())
                names += "<" + dn + " name=\"" + escapeAttr(opts_.marker) + "\" localSheetId=\"" + std::to_string(keptCount() + k) +
                         "\" hidden=\"1\">" + escapeText(markerValue(newSheetIds_[k], genSheets_[k].newName)) + "</" + dn + ">";
        if (dnNode >= 0) {
            appendInside(w, sp, dnNode, names);
        } else if (!names.empty()) {
            std::size_t at = w.node(sheetsNode).end;
            for (const char* before : {"functionGroups", "externalReferences"})
                if (int b = w.child(0, kMainNs, before); b >= 0) at = std::max(at, w.node(b).end);
            std::string q = qualified(mainPrefix, "definedNames");
            sp.insert(at, "<" + q + ">" + names + "</" + q + ">");
        }

        // Workbook views: the active and first tab follow their sheets.
        if (int views = w.child(0, kMainNs, "bookViews"); views >= 0 && !removed_.empty())
            for (int i : w.children(views, kMainNs, "workbookView")) {
                const XmlNode& n = w.node(i);
                std::string tag(w.startTag(i)), edited = tag;
                for (const char* a : {"activeTab", "firstSheet"}) {
                    int idx = toInt(n.value(a, "0"), 0);
                    if (idx >= static_cast<int>(sheets_.size())) continue;
                    int to = mapSheet(idx);
                    if (to != idx) edited = setAttribute(edited, a, std::to_string(to));
                }
                if (edited != tag) sp.replace(n.begin, n.startEnd - n.begin, edited);
            }
        replaced_[partKey(wbPart_)] = sp.apply(w.text());
    }

    void editContentTypes() {
        const XmlDoc& c = *ct_;
        Splicer sp;
        for (int i : c.children(0, kContentTypesNs, "Override")) {
            std::string part = c.node(i).value("PartName");
            if (deleted_.count(partKey(part))) sp.remove(c.node(i).begin, c.node(i).end - c.node(i).begin);
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
        for (const auto& p : newParts_) {
            if (p.contentType.empty()) continue; // .rels: the Default covers it
            auto dot = p.name.rfind('.');
            std::string ext = dot == std::string::npos ? "" : read::asciiLower(p.name.substr(dot + 1));
            bool byDefault = false;
            for (int i : c.children(0, kContentTypesNs, "Default"))
                if (read::asciiLower(c.node(i).value("Extension")) == ext && c.node(i).value("ContentType") == p.contentType)
                    byDefault = true;
            if (!byDefault)
                text += "<" + elem + " PartName=\"/" + escapeAttr(p.name) + "\" ContentType=\"" + escapeAttr(p.contentType) + "\"/>";
        }
        appendInside(c, sp, 0, text);
        replaced_[partKey("[Content_Types].xml")] = sp.apply(c.text());
    }

    /// Keeps the app properties' list of worksheet names (HeadingPairs/TitlesOfParts) true, when
    /// it is there and agrees with the workbook; otherwise leaves the part alone.
    void editAppProperties() {
        if (appPart_.empty() || deleted_.count(partKey(appPart_))) return;
        XmlDoc a(src_.read(appPart_), src_.label(appPart_));
        int hp = a.child(0, kAppNs, "HeadingPairs"), tp = a.child(0, kAppNs, "TitlesOfParts");
        if (hp < 0 || tp < 0) return;
        int hv = a.child(hp, kVtNs, "vector"), tv = a.child(tp, kVtNs, "vector");
        if (hv < 0 || tv < 0) return;
        std::vector<int> titles = a.node(tv).children;
        for (int t : titles)
            if (!a.node(t).is(kVtNs, "lpstr")) return;
        std::vector<std::string> worksheets;
        std::vector<bool> gone;
        for (std::size_t i = 0; i < sheets_.size(); ++i)
            if (sheets_[i].type == "worksheet") {
                worksheets.push_back(sheets_[i].name);
                gone.push_back(removed_.count(static_cast<int>(i)) > 0);
            }
        std::vector<std::string> added;
        for (const auto& s : genSheets_)
            if (kindOf(s.relType) == "worksheet") added.push_back(s.newName);
        // Walk the (label, count) pairs to find the group that lists the worksheets.
        std::vector<int> variants = a.children(hv, kVtNs, "variant");
        std::size_t offset = 0;
        for (std::size_t v = 0; v + 1 < variants.size(); v += 2) {
            int countNode = a.child(variants[v + 1], kVtNs, "i4");
            if (countNode < 0) return;
            int count = toInt(a.node(countNode).text);
            if (count < 0 || offset + static_cast<std::size_t>(count) > titles.size()) return;
            bool match = static_cast<std::size_t>(count) == worksheets.size() && count > 0;
            for (std::size_t k = 0; match && k < worksheets.size(); ++k) match = a.node(titles[offset + k]).text == worksheets[k];
            if (!match) {
                offset += static_cast<std::size_t>(count);
                continue;
            }
            std::string text;
            int kept = 0;
            for (std::size_t k = 0; k < worksheets.size(); ++k)
                if (!gone[k]) text += a.raw(titles[offset + k]), ++kept;
            std::string lp = qualified(a.node(titles[offset]).prefix, "lpstr");
            for (const auto& n : added) text += "<" + lp + ">" + escapeText(n) + "</" + lp + ">", ++kept;
            Splicer sp;
            const XmlNode& first = a.node(titles[offset]);
            const XmlNode& last = a.node(titles[offset + static_cast<std::size_t>(count) - 1]);
            sp.replace(first.begin, last.end - first.begin, text);
            const XmlNode& cn = a.node(countNode);
            sp.replace(cn.startEnd, cn.endBegin - cn.startEnd, std::to_string(kept));
            std::size_t size = titles.size() - static_cast<std::size_t>(count) + static_cast<std::size_t>(kept);
            sp.replace(a.node(tv).begin, a.node(tv).startEnd - a.node(tv).begin,
                       setAttribute(a.startTag(tv), "size", std::to_string(size)));
            std::string out = sp.apply(a.text());
            if (out != a.text()) replaced_[partKey(appPart_)] = std::move(out);
            return;
        }
    }

    // ---- the package ------------------------------------------------------------------------

    void write(const std::string& output) {
        std::uint16_t time = 0, date = 0x21; // 1980-01-01 00:00, what Excel writes
        for (const auto& it : src_.zip().entries())
            if (partKey(it.name) == partKey(wbPart_)) time = it.time, date = it.date;
        ZipWriter w(output);
        for (const auto& it : src_.zip().entries()) {
            if (it.directory()) continue; // not parts; Excel complains about them
            std::string k = partKey(it.name);
            if (deleted_.count(k)) continue;
            if (auto r = replaced_.find(k); r != replaced_.end()) w.add(it.name, r->second, time, date);
            else w.copyRaw(src_.zip(), it);
        }
        for (const auto& p : newParts_) w.add(p.name, p.data, time, date);
        w.finish(true);
    }
};

} // namespace

std::vector<std::string> graftSheets(const std::string& original, const std::string& generated, const std::string& output,
                                     const GraftOptions& options) {
    if (original == output || platform::sameFile(original, output))
        throw WriteError(output + ": the output must be another file than the workbook (use updateWorkbookInPlace).");
    {
        // The reader's checks first: it says clearly what a file that is not an .xlsx is.
        read::Workbook check(original);
        if (check.strict()) refuseStrict(original);
    }
    Source src(original);
    Source gen(generated);
    Grafter g(src, gen, options);
    return g.run(output);
}

} // namespace impact::write
