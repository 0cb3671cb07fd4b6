#include "model/attendance.h"

#include <algorithm>
#include <cstdint>

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

std::size_t AttendanceLog::schoolOf(const std::string& name) {
    if (last_.schoolAt != SIZE_MAX && last_.school == name) return last_.schoolAt;
    auto [it, fresh] = schoolIndex_.try_emplace(name, schools_.size());
    if (fresh) schools_.push_back({name, 0, {}, 0});
    last_.school = name;
    return last_.schoolAt = it->second;
}

AttendanceLog::ActivityTally& AttendanceLog::activityOf(const std::string& name) {
    if (last_.activityTally.tally && last_.activity == name) return *last_.activityTally.tally;
    last_.activity = name;
    last_.sessionCounted = false;
    return *(last_.activityTally.tally = &activities_[name]); // a map's elements stay where they are
}

void AttendanceLog::add(const Attendance& a) {
    ++count_;
    if (kept_.size() < kKeptRecords) kept_.push_back(a);
    if (names_.empty() || a.pupilName != last_.name) {
        names_.insert(a.pupilName);
        last_.name = a.pupilName;
    }
    if (!a.school.empty()) {
        if (last_.mentionAt == SIZE_MAX || last_.mention != a.school) {
            auto [it, fresh] = mentionIndex_.try_emplace(a.school, mentions_.size());
            if (fresh) mentions_.push_back({a.school, a.schoolCell, 0});
            last_.mention = a.school;
            last_.mentionAt = it->second;
        }
        mentions_[last_.mentionAt].times++;
    }

    double n = a.isHeadCount ? a.headCount : (a.present ? 1.0 : 0.0);
    if (n <= 0) return;
    SchoolTally& school = schools_[schoolOf(a.school)];
    ActivityTally& activity = activityOf(a.activity);
    // A session counted by the last fact of the same activity is in both sets already.
    if (!last_.sessionCounted || last_.session != a.sessionKey) {
        sessions_.insert(a.sessionKey);
        activity.sessions.insert(a.sessionKey);
        last_.session = a.sessionKey;
        last_.sessionCounted = true;
    }
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
