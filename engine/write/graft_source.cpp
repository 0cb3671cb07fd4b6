#include "write/graft_source.h"

#include "common/error.h"
#include "read/opc.h"

#include <algorithm>
#include <deque>

namespace impact::write {

std::string partKey(std::string name) {
    std::replace(name.begin(), name.end(), '\\', '/');
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    return read::asciiLower(name);
}

std::string kindOf(const std::string& type) {
    auto slash = type.rfind('/');
    return slash == std::string::npos ? type : type.substr(slash + 1);
}

namespace {

/// What the reader tolerates but a copy must not carry over: encrypted entries, and entries whose
/// names differ only in case or slashes (the reader ignores absolute names; a copy would keep both).
void refuseUncopyable(const read::ZipDirectory& zip) {
    std::set<std::string> seen;
    for (const auto& e : zip.entries()) {
        if (e.encrypted())
            throw ReadError(zip.file() +
                            ": is encrypted inside the zip; Impact cannot change it. Save it again in Excel without a password.");
        if (!e.directory() && !seen.insert(partKey(e.name)).second)
            throw ReadError(zip.file() + ": is a damaged zip file: it holds two parts with the same name, which Excel never "
                                         "writes. Open it in Excel, which may repair it, and save it as .xlsx.");
    }
}

} // namespace

Source::Source(const std::string& path) : path_(path), package_(path, limits_) {
    refuseUncopyable(package_.zip());
    for (const auto& name : package_.partNames()) names_.emplace(partKey(name), name);
}

std::string Source::nameOf(const std::string& part) const {
    auto it = names_.find(partKey(part));
    return it == names_.end() ? part : it->second;
}

std::string Source::read(const std::string& part) const {
    const read::PartEntry* e = package_.find(part);
    if (!e) throw ReadError(path_ + ": is missing its part '" + part + "'; the file is damaged. Open it in Excel and save it again.");
    return package_.readSmall(*e);
}

std::vector<Rel> Source::rels(const std::string& part) const {
    std::string relsPart = part.empty() ? "_rels/.rels" : read::relationshipsPartFor(part);
    if (!has(relsPart)) return {};
    std::vector<Rel> out;
    for (auto& r : read::parseRelationships(read(relsPart), label(relsPart))) out.push_back({r.id, r.type, r.target, r.external, -1});
    return out;
}

std::string Source::target(const std::string& part, const Rel& r) const {
    if (r.external) return {};
    std::string t = read::resolveTarget(part, r.target);
    auto hash = t.find('#');
    if (hash != std::string::npos) t.erase(hash);
    return has(t) ? nameOf(t) : std::string();
}

std::set<std::string> closure(const Source& s, const std::vector<std::string>& starts, const std::string& skipFrom,
                              const std::set<std::string>& skipIds) {
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

} // namespace impact::write
