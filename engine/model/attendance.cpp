#include "model/attendance.h"

#include <algorithm>

namespace impact::model {

namespace {

void sortDistinct(std::vector<std::uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

/// Keeps a pupil list short while rows stream in: a pupil attends many sessions, so the list is
/// folded whenever it has doubled since it was last folded.
void addPupil(std::vector<std::uint32_t>& v, std::uint32_t pupil, std::size_t& foldedAt) {
    if (!v.empty() && v.back() == pupil) return;
    v.push_back(pupil);
    if (v.size() >= 2 * foldedAt + 64) {
        sortDistinct(v);
        foldedAt = v.size();
    }
}

} // namespace

std::uint32_t AttendanceLog::pupilNumber(const std::string& key) {
    auto [it, fresh] = pupilIndex_.try_emplace(key, static_cast<std::uint32_t>(pupilKeys_.size()));
    if (fresh) {
        pupilKeys_.push_back(key);
        pupilPremium_.emplace_back();
    }
    return it->second;
}

void AttendanceLog::add(const Attendance& a) {
    ++count_;
    if (kept_.size() < kKeptRecords) kept_.push_back(a);
    names_.insert(a.pupilName);
    if (!a.school.empty()) {
        auto [it, fresh] = mentionIndex_.try_emplace(a.school, mentions_.size());
        if (fresh) mentions_.push_back({a.school, a.schoolCell, 0});
        mentions_[it->second].times++;
    }

    double n = a.isHeadCount ? a.headCount : (a.present ? 1.0 : 0.0);
    if (n <= 0) return;
    auto [si, freshSchool] = schoolIndex_.try_emplace(a.school, schools_.size());
    if (freshSchool) schools_.push_back({a.school, 0, {}});
    SchoolTally& school = schools_[si->second];
    sessions_.insert(a.sessionKey);
    ActivityTally& activity = activities_[a.activity];
    activity.sessions.insert(a.sessionKey);
    activity.attendances += n;
    school.attendances += n;
    totals_.attendances += n;
    if (a.minutes) {
        totals_.minutes += *a.minutes * n;
        totals_.anyMinutes = true;
    }
    if (a.isHeadCount) {
        totals_.headCounts += n;
        if (a.pupilPremiumCount) {
            totals_.headCountPupilPremium += *a.pupilPremiumCount;
            totals_.anyHeadCountPupilPremium = true;
        }
        return;
    }
    totals_.pupilLevel = true;
    activity.pupilLevel = true;
    totals_.pupilAttendances += 1;
    std::uint32_t pupil = pupilNumber(a.pupilKey);
    addPupil(school.pupils, pupil, school.pupilsFolded);
    addPupil(activity.pupils, pupil, activity.pupilsFolded);
    if (a.pupilPremium) {
        auto& known = pupilPremium_[pupil];
        known = known.value_or(false) || *a.pupilPremium;
    }
}

} // namespace impact::model
