#include "analyse/funding.h"

#include "common/unicode_text.h"

#include <map>

namespace impact::analyse {

Funding computeFunding(const model::WorkbookModel& model, const Reach& reach, const SchoolDirectory& schools) {
    Funding f;
    std::map<std::string, std::size_t> index;
    for (const auto& c : model.contributions) {
        std::string sector = c.sector.empty() ? schools.sector(c.contributor) : c.sector;
        std::string name = schools.canonical(c.contributor);
        (c.inKind ? f.inKindTotal : f.cashTotal) += c.amount;
        f.bySector[sector] += c.amount;
        std::string key = fold(name);
        auto [it, fresh] = index.emplace(key, f.byContributor.size());
        if (fresh) f.byContributor.push_back({name, sector, 0, 0});
        ContributorTotal& t = f.byContributor[it->second];
        (c.inKind ? t.inKind : t.cash) += c.amount;
    }
    f.total = f.cashTotal + f.inKindTotal;
    if (f.total > 0)
        for (const auto& [sector, amount] : f.bySector) f.bySectorShare[sector] = amount / f.total;
    if (!model.contributions.empty()) {
        if (reach.pupils && *reach.pupils > 0) f.costPerPupil = f.total / *reach.pupils;
        if (reach.attendances > 0) f.costPerAttendance = f.total / reach.attendances;
        if (reach.pupilHours && *reach.pupilHours > 0) f.costPerPupilHour = f.total / *reach.pupilHours;
    }
    return f;
}

} // namespace impact::analyse
