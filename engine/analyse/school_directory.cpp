#include "analyse/school_directory.h"

#include "recognise/extract.h"
#include "common/unicode_text.h"

namespace impact::analyse {

SchoolDirectory::SchoolDirectory(const model::WorkbookModel& model, const recognise::Vocabulary& vocab)
    : model_(model), vocab_(vocab) {
    keys_.reserve(model.schools.size());
    for (const auto& s : model.schools) keys_.push_back(recognise::schoolKey(s.name));
}

const model::School* SchoolDirectory::find(const std::string& name) const {
    auto it = found_.find(name);
    if (it == found_.end()) it = found_.emplace(name, search(name)).first;
    return it->second;
}

const model::School* SchoolDirectory::search(const std::string& name) const {
    std::string key = recognise::schoolKey(name);
    for (std::size_t i = 0; i < keys_.size(); ++i)
        if (keys_[i] == key) return &model_.schools[i];
    const model::School* best = nullptr;
    double bestScore = 0.8; // the same threshold as the school-name-typo warning
    for (const auto& s : model_.schools) {
        double sim = similarity(name, s.name);
        if (sim >= bestScore) bestScore = sim, best = &s;
    }
    return best;
}

std::string SchoolDirectory::canonical(const std::string& name) const {
    auto it = canonical_.find(name);
    if (it != canonical_.end()) return it->second;
    std::string out;
    if (const model::School* s = find(name)) out = s->name;
    else out = fold(name).empty() ? std::string() : std::string(name.begin(), name.end());
    return canonical_.emplace(name, std::move(out)).first->second;
}

std::string SchoolDirectory::sector(const std::string& name) const {
    auto it = sector_.find(name);
    if (it != sector_.end()) return it->second;
    std::string out;
    if (const model::School* s = find(name); s && !s->sector.empty()) out = s->sector;
    else if (auto b = model_.sectorBeside.find(recognise::schoolKey(name)); b != model_.sectorBeside.end()) out = b->second;
    else {
        std::string fromName = vocab_.sectorOf(name);
        out = fromName.empty() ? "other" : fromName;
    }
    return sector_.emplace(name, std::move(out)).first->second;
}

} // namespace impact::analyse
