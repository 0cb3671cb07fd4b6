// Reach: pupils, schools, sessions and attendances (SPEC's definitions).
#include "analyse/reach.h"

#include "common/unicode_text.h"
#include "recognise/extract.h"

#include <algorithm>
#include <map>
#include <set>

namespace impact::analyse {

namespace {

void addDistinct(std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& more) {
    into.insert(into.end(), more.begin(), more.end());
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
}

struct PerSchool {
    std::string name; ///< as the first name meaning it is written canonically
    std::vector<std::uint32_t> pupils;
    std::size_t ppPupils = 0, ppKnown = 0;
    double attendances = 0;
};

struct PerActivity {
    std::set<std::string> sessions;
    std::vector<std::uint32_t> pupils;
    double attendances = 0;
    bool pupilLevel = false;
};

/// The log tallies schools by the name as written, in the order first counted: the names that
/// mean one school (SchoolDirectory) are added together here, by the school's key ("" for none).
std::map<std::string, PerSchool> bySchool(const model::AttendanceLog& log, const SchoolDirectory& schools) {
    std::map<std::string, PerSchool> out;
    for (const auto& written : log.schools()) {
        std::string school = schools.canonical(written.name);
        PerSchool& ps = out[recognise::schoolKey(school)];
        if (ps.name.empty()) ps.name = school;
        ps.attendances += written.attendances;
        addDistinct(ps.pupils, written.pupils);
    }
    return out;
}

/// Activities as shown: as written, "(no activity named)" for none.
std::map<std::string, PerActivity> byActivity(const model::AttendanceLog& log) {
    std::map<std::string, PerActivity> out;
    for (const auto& [written, tally] : log.activities()) {
        PerActivity& act = out[written.empty() ? std::string("(no activity named)") : written];
        act.sessions.insert(tally.sessions.begin(), tally.sessions.end());
        act.attendances += tally.attendances;
        act.pupilLevel = act.pupilLevel || tally.pupilLevel;
        addDistinct(act.pupils, tally.pupils);
    }
    return out;
}

/// Pupils, pupil premium and sessions per pupil, where pupils are named (not head counts).
void pupilFigures(Reach& reach, const model::AttendanceLog& log, std::map<std::string, PerSchool>& schools) {
    const std::vector<std::optional<bool>>& pupilPremium = log.pupilPremium();
    std::size_t pupils = log.pupilKeys().size();
    reach.pupils = static_cast<double>(pupils);
    std::size_t known = 0, pp = 0;
    for (const auto& status : pupilPremium)
        if (status) {
            ++known;
            if (*status) ++pp;
        }
    reach.pupilPremiumPupils = static_cast<double>(pp);
    if (known) reach.pupilPremiumShare = static_cast<double>(pp) / static_cast<double>(known);
    if (pupils > 0) reach.meanSessionsPerPupil = log.totals().pupilAttendances / static_cast<double>(pupils);
    for (auto& [key, ps] : schools)
        for (std::uint32_t pupil : ps.pupils)
            if (const auto& status = pupilPremium[pupil]) {
                ++ps.ppKnown;
                if (*status) ++ps.ppPupils;
            }
}

SchoolReach schoolRow(const PerSchool& ps, const Reach& reach, bool pupilLevel, const SchoolDirectory& schools) {
    SchoolReach sr;
    sr.school = ps.name;
    sr.sector = schools.sector(sr.school);
    sr.attendances = ps.attendances;
    if (pupilLevel) {
        sr.pupils = static_cast<double>(ps.pupils.size());
        sr.pupilPremiumPupils = static_cast<double>(ps.ppPupils);
        if (ps.ppKnown > 0) sr.pupilPremiumShare = static_cast<double>(ps.ppPupils) / static_cast<double>(ps.ppKnown);
    }
    if (const model::School* s = schools.find(sr.school)) {
        sr.schoolPupilPremiumShare = s->pupilPremiumShare;
        sr.quota = s->quota;
        if (s->quota && *s->quota > 0 && sr.pupils) sr.quotaFill = *sr.pupils / *s->quota;
    }
    if (reach.attendances > 0) sr.shareOfPlaces = ps.attendances / reach.attendances;
    return sr;
}

/// A school in the schools sheet that sent nobody: it still belongs in the table (quota unfilled).
SchoolReach unfilledRow(const model::School& s, const Reach& reach, bool pupilLevel) {
    SchoolReach sr;
    sr.school = s.name;
    sr.sector = s.sector.empty() ? "other" : s.sector;
    if (pupilLevel) sr.pupils = 0.0;
    sr.schoolPupilPremiumShare = s.pupilPremiumShare;
    sr.quota = s.quota;
    if (s.quota && *s.quota > 0 && pupilLevel) sr.quotaFill = 0.0;
    sr.shareOfPlaces = reach.attendances > 0 ? std::optional<double>(0.0) : std::nullopt;
    return sr;
}

} // namespace

Reach computeReach(const model::WorkbookModel& model, const SchoolDirectory& schools) {
    Reach reach;
    const model::AttendanceLog& log = model.attendance;
    const model::AttendanceLog::Totals& totals = log.totals();
    std::map<std::string, PerSchool> perSchool = bySchool(log, schools);
    std::map<std::string, PerActivity> perActivity = byActivity(log);
    std::set<std::string> activities;
    for (const auto& [name, act] : perActivity) activities.insert(fold(name));

    reach.attendances = totals.attendances;
    reach.schools = perSchool.size() - perSchool.count("");
    reach.sessions = log.sessions().size();
    reach.activities = activities.size();
    for (const char* s : {"state", "independent", "other"}) reach.schoolsBySector[s] = 0;
    for (const auto& [key, ps] : perSchool)
        if (!key.empty()) reach.schoolsBySector[schools.sector(ps.name)]++;
    if (totals.pupilLevel) pupilFigures(reach, log, perSchool);
    if (totals.anyHeadCountPupilPremium && totals.headCounts > 0)
        reach.pupilPremiumAttendanceShare = totals.headCountPupilPremium / totals.headCounts;
    if (totals.anyMinutes) reach.pupilHours = totals.minutes / 60.0;

    for (const auto& [key, ps] : perSchool)
        if (!key.empty()) reach.bySchool.push_back(schoolRow(ps, reach, totals.pupilLevel, schools));
    for (const auto& s : model.schools) {
        std::string key = recognise::schoolKey(s.name);
        if (key.empty() || !perSchool.count(key)) reach.bySchool.push_back(unfilledRow(s, reach, totals.pupilLevel));
    }
    for (const auto& [name, act] : perActivity) {
        ActivityReach ar;
        ar.activity = name;
        ar.sessions = act.sessions.size();
        ar.attendances = act.attendances;
        if (act.pupilLevel) ar.pupils = static_cast<double>(act.pupils.size());
        reach.byActivity.push_back(std::move(ar));
    }
    return reach;
}

} // namespace impact::analyse
