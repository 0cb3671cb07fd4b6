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

} // namespace

Reach computeReach(const model::WorkbookModel& model, const SchoolDirectory& schools) {
    Reach reach;
    const model::AttendanceLog& log = model.attendance;
    const model::AttendanceLog::Totals& totals = log.totals();
    bool pupilLevel = totals.pupilLevel;
    std::set<std::string> schoolKeys, activities;
    struct PerSchool {
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
    std::map<std::string, PerSchool> bySchool;
    std::map<std::string, PerActivity> byActivity;
    std::map<std::string, std::string> schoolName;

    // The log tallies schools by the name as written, in the order first counted: the names
    // that mean one school (SchoolDirectory) are added together here, the first one met naming it.
    for (const auto& written : log.schools()) {
        std::string school = schools.canonical(written.name);
        std::string key = recognise::schoolKey(school);
        if (!key.empty()) {
            schoolKeys.insert(key);
            schoolName.emplace(key, school);
        }
        PerSchool& ps = bySchool[key];
        ps.attendances += written.attendances;
        addDistinct(ps.pupils, written.pupils);
    }
    for (const auto& [written, tally] : log.activities()) {
        std::string activity = written.empty() ? std::string("(no activity named)") : written;
        activities.insert(fold(activity));
        PerActivity& act = byActivity[activity];
        act.sessions.insert(tally.sessions.begin(), tally.sessions.end());
        act.attendances += tally.attendances;
        act.pupilLevel = act.pupilLevel || tally.pupilLevel;
        addDistinct(act.pupils, tally.pupils);
    }
    reach.attendances = totals.attendances;
    double headCountPp = totals.headCountPupilPremium, headCountTotal = totals.headCounts, minutes = totals.minutes;
    bool anyHeadCountPp = totals.anyHeadCountPupilPremium, anyMinutes = totals.anyMinutes;
    double pupilAttendances = totals.pupilAttendances;
    const std::vector<std::optional<bool>>& pupilPremium = log.pupilPremium();
    std::size_t pupils = log.pupilKeys().size();

    reach.schools = schoolKeys.size();
    reach.sessions = log.sessions().size();
    reach.activities = activities.size();
    for (const char* s : {"state", "independent", "other"}) reach.schoolsBySector[s] = 0;
    for (const auto& key : schoolKeys) reach.schoolsBySector[schools.sector(schoolName[key])]++;
    if (pupilLevel) {
        reach.pupils = static_cast<double>(pupils);
        std::size_t known = 0, pp = 0;
        for (const auto& status : pupilPremium)
            if (status) {
                ++known;
                if (*status) ++pp;
            }
        reach.pupilPremiumPupils = static_cast<double>(pp);
        if (known) reach.pupilPremiumShare = static_cast<double>(pp) / static_cast<double>(known);
        if (pupils > 0) reach.meanSessionsPerPupil = pupilAttendances / static_cast<double>(pupils);
        for (auto& [key, ps] : bySchool)
            for (std::uint32_t pupil : ps.pupils)
                if (const auto& status = pupilPremium[pupil]) {
                    ++ps.ppKnown;
                    if (*status) ++ps.ppPupils;
                }
    }
    if (anyHeadCountPp && headCountTotal > 0) reach.pupilPremiumAttendanceShare = headCountPp / headCountTotal;
    if (anyMinutes) reach.pupilHours = minutes / 60.0;

    for (const auto& [key, ps] : bySchool) {
        if (key.empty()) continue;
        SchoolReach sr;
        sr.school = schoolName[key];
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
        reach.bySchool.push_back(std::move(sr));
    }
    // Schools in the schools sheet that sent nobody still belong in the table (quota unfilled).
    for (const auto& s : model.schools) {
        if (schoolKeys.count(recognise::schoolKey(s.name))) continue;
        SchoolReach sr;
        sr.school = s.name;
        sr.sector = s.sector.empty() ? "other" : s.sector;
        if (pupilLevel) sr.pupils = 0.0;
        sr.schoolPupilPremiumShare = s.pupilPremiumShare;
        sr.quota = s.quota;
        if (s.quota && *s.quota > 0 && pupilLevel) sr.quotaFill = 0.0;
        sr.shareOfPlaces = reach.attendances > 0 ? std::optional<double>(0.0) : std::nullopt;
        reach.bySchool.push_back(std::move(sr));
    }
    for (const auto& [name, act] : byActivity) {
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
