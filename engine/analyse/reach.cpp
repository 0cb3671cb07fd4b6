// Reach: pupils, schools, sessions and attendances (SPEC's definitions).
#include "analyse/reach.h"

#include "recognise/extract.h"
#include "common/unicode_text.h"

#include <map>
#include <set>

namespace impact::analyse {

Reach computeReach(const model::WorkbookModel& model, const SchoolDirectory& schools) {
    Reach reach;
    bool pupilLevel = false;
    std::set<std::string> pupils, schoolKeys, sessions, activities;
    std::map<std::string, std::optional<bool>> pupilPremium;
    struct PerSchool { std::set<std::string> pupils, ppPupils, ppKnown; double attendances = 0; };
    struct PerActivity { std::set<std::string> sessions, pupils; double attendances = 0; bool pupilLevel = false; };
    std::map<std::string, PerSchool> bySchool;
    std::map<std::string, PerActivity> byActivity;
    std::map<std::string, std::string> schoolName;
    double headCountPp = 0, headCountTotal = 0, minutes = 0;
    bool anyHeadCountPp = false, anyMinutes = false;
    double pupilAttendances = 0;

    for (const auto& a : model.attendance) {
        double n = a.isHeadCount ? a.headCount : (a.present ? 1.0 : 0.0);
        if (n <= 0) continue;
        std::string school = schools.canonical(a.school);
        std::string key = recognise::schoolKey(school);
        if (!key.empty()) {
            schoolKeys.insert(key);
            schoolName.emplace(key, school);
        }
        sessions.insert(a.sessionKey);
        std::string activity = a.activity.empty() ? std::string("(no activity named)") : a.activity;
        activities.insert(fold(activity));
        PerActivity& act = byActivity[activity];
        act.sessions.insert(a.sessionKey);
        act.attendances += n;
        PerSchool& ps = bySchool[key];
        ps.attendances += n;
        reach.attendances += n;
        if (a.minutes) {
            minutes += *a.minutes * n;
            anyMinutes = true;
        }
        if (a.isHeadCount) {
            headCountTotal += n;
            if (a.pupilPremiumCount) {
                headCountPp += *a.pupilPremiumCount;
                anyHeadCountPp = true;
            }
            continue;
        }
        pupilLevel = true;
        act.pupilLevel = true;
        pupilAttendances += 1;
        // A pupil named without an ID is identified with the school as written canonically.
        std::string pk = a.pupilKey;
        pupils.insert(pk);
        act.pupils.insert(pk);
        ps.pupils.insert(pk);
        if (a.pupilPremium) {
            auto& known = pupilPremium[pk];
            known = known.value_or(false) || *a.pupilPremium;
        } else {
            pupilPremium.try_emplace(pk);
        }
    }

    reach.schools = schoolKeys.size();
    reach.sessions = sessions.size();
    reach.activities = activities.size();
    for (const char* s : {"state", "independent", "other"}) reach.schoolsBySector[s] = 0;
    for (const auto& key : schoolKeys) reach.schoolsBySector[schools.sector(schoolName[key])]++;
    if (pupilLevel) {
        reach.pupils = static_cast<double>(pupils.size());
        std::size_t known = 0, pp = 0;
        for (const auto& [pk, status] : pupilPremium)
            if (status) {
                ++known;
                if (*status) ++pp;
            }
        reach.pupilPremiumPupils = static_cast<double>(pp);
        if (known) reach.pupilPremiumShare = static_cast<double>(pp) / static_cast<double>(known);
        if (!pupils.empty()) reach.meanSessionsPerPupil = pupilAttendances / static_cast<double>(pupils.size());
        for (auto& [key, ps] : bySchool)
            for (const auto& pk : ps.pupils) {
                auto it = pupilPremium.find(pk);
                if (it != pupilPremium.end() && it->second) {
                    ps.ppKnown.insert(pk);
                    if (*it->second) ps.ppPupils.insert(pk);
                }
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
            sr.pupilPremiumPupils = static_cast<double>(ps.ppPupils.size());
            if (!ps.ppKnown.empty()) sr.pupilPremiumShare = static_cast<double>(ps.ppPupils.size()) / static_cast<double>(ps.ppKnown.size());
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
