#include "analyse/school_directory.h"

#include "recognise/extract.h"
#include "recognise/text.h"

namespace impact::analyse {

SchoolDirectory::SchoolDirectory(const model::WorkbookModel& model, const recognise::Vocabulary& vocab)
    : model_(model), vocab_(vocab) {}

const model::School* SchoolDirectory::find(const std::string& name) const {
    std::string key = recognise::schoolKey(name);
    for (const auto& s : model_.schools)
        if (recognise::schoolKey(s.name) == key) return &s;
    const model::School* best = nullptr;
    double bestScore = 0.8; // the same threshold as the school-name-typo warning
    for (const auto& s : model_.schools) {
        double sim = recognise::similarity(name, s.name);
        if (sim >= bestScore) bestScore = sim, best = &s;
    }
    return best;
}

std::string SchoolDirectory::canonical(const std::string& name) const {
    if (const model::School* s = find(name)) return s->name;
    return recognise::fold(name).empty() ? std::string() : std::string(name.begin(), name.end());
}

std::string SchoolDirectory::sector(const std::string& name) const {
    if (const model::School* s = find(name); s && !s->sector.empty()) return s->sector;
    std::string fromName = vocab_.sectorOf(name);
    return fromName.empty() ? "other" : fromName;
}

} // namespace impact::analyse
