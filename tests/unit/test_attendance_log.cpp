// model::AttendanceLog against tallies the test keeps itself, with plain sets and maps, over facts
// that come grouped (as a register's rows do), shuffled, and mixed with absences and head counts:
// its shortcuts (the last school, activity and session looked up first) must not change a count.
#include "model/attendance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using impact::model::Attendance;
using impact::model::AttendanceLog;

struct Truth {
    std::set<std::string> names, sessions;
    std::map<std::string, std::set<std::string>> sessionsByActivity;
    std::map<std::string, double> attendancesBySchool, attendancesByActivity;
    std::map<std::string, std::size_t> mentions;
    std::set<std::string> pupils;
    double attendances = 0;

    void add(const Attendance& a) {
        names.insert(a.pupilName);
        if (!a.school.empty()) ++mentions[a.school];
        double n = a.isHeadCount ? a.headCount : (a.present ? 1.0 : 0.0);
        if (n <= 0) return;
        sessions.insert(a.sessionKey);
        sessionsByActivity[a.activity].insert(a.sessionKey);
        attendancesBySchool[a.school] += n;
        attendancesByActivity[a.activity] += n;
        attendances += n;
        if (!a.isHeadCount) pupils.insert(a.pupilKey);
    }
};

std::vector<Attendance> facts(unsigned seed, bool grouped) {
    std::mt19937 rng(seed);
    const std::vector<std::string> schools = {"Hillside", "Brookfield", "St Anne's", ""};
    const std::vector<std::string> activities = {"Maths", "maths", "Science", ""};
    std::vector<Attendance> out;
    for (int session = 0; session < 40; ++session) {
        std::string activity = activities[rng() % activities.size()];
        // Two activities written differently can share a session key (it folds the name).
        std::string key = (activity == "maths" ? std::string("Maths") : activity) + "|" + std::to_string(session % 13);
        for (int i = 0; i < 25; ++i) {
            Attendance a;
            int pupil = static_cast<int>(rng() % 60);
            a.pupilName = "Pupil " + std::to_string(pupil);
            a.pupilKey = "id:" + std::to_string(pupil);
            a.school = schools[static_cast<std::size_t>(pupil) % schools.size()];
            a.activity = activity;
            a.sessionKey = key;
            a.present = rng() % 5 != 0;
            if (rng() % 17 == 0) {
                a.isHeadCount = true;
                a.pupilKey.clear();
                a.headCount = static_cast<double>(rng() % 4); // 0 counts nothing
            }
            out.push_back(a);
        }
    }
    if (!grouped) std::shuffle(out.begin(), out.end(), rng);
    return out;
}

void expectSame(const AttendanceLog& log, const Truth& t, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(std::set<std::string>(log.pupilNames().begin(), log.pupilNames().end()), t.names);
    EXPECT_EQ(std::set<std::string>(log.sessions().begin(), log.sessions().end()), t.sessions);
    std::map<std::string, std::set<std::string>> byActivity;
    std::map<std::string, double> activityAttendances;
    for (const auto& [name, tally] : log.activities()) {
        byActivity[name] = {tally.sessions.begin(), tally.sessions.end()};
        activityAttendances[name] = tally.attendances;
    }
    EXPECT_EQ(byActivity, t.sessionsByActivity);
    EXPECT_EQ(activityAttendances, t.attendancesByActivity);
    std::map<std::string, double> schoolAttendances;
    for (const auto& s : log.schools()) schoolAttendances[s.name] = s.attendances;
    EXPECT_EQ(schoolAttendances, t.attendancesBySchool);
    std::map<std::string, std::size_t> mentions;
    for (const auto& m : log.schoolMentions()) mentions[m.name] = m.times;
    EXPECT_EQ(mentions, t.mentions);
    EXPECT_EQ(std::set<std::string>(log.pupilKeys().begin(), log.pupilKeys().end()), t.pupils);
    EXPECT_DOUBLE_EQ(log.totals().attendances, t.attendances);
}

TEST(AttendanceLog, TalliesEqualPlainSetsWhetherFactsComeGroupedOrShuffled) {
    for (unsigned seed = 1; seed <= 20; ++seed)
        for (bool grouped : {true, false}) {
            AttendanceLog log;
            Truth truth;
            for (const auto& a : facts(seed, grouped)) {
                log.add(a);
                truth.add(a);
            }
            expectSame(log, truth, "seed " + std::to_string(seed) + (grouped ? " grouped" : " shuffled"));
        }
}

TEST(AttendanceLog, TwoSpellingsOfAnActivityOneAfterTheOtherEachCountTheSession) {
    // The session key folds the activity's name, so "Maths" and "maths" give the same key; each
    // spelling is an activity as written and counts the session, even straight after the other.
    AttendanceLog log;
    Truth truth;
    for (const char* activity : {"Maths", "Science", "Maths", "maths"}) {
        Attendance a;
        a.pupilName = "Pupil 1";
        a.pupilKey = "id:1";
        a.school = "Hillside";
        a.activity = activity;
        a.sessionKey = std::string(activity) == "Science" ? "science|1" : "maths|1";
        log.add(a);
        truth.add(a);
    }
    expectSame(log, truth, "alternating spellings");
    ASSERT_EQ(log.activities().count("maths"), 1u);
    EXPECT_EQ(log.activities().at("maths").sessions.size(), 1u);
}

TEST(AttendanceLog, ACopyCountsOnItsOwn) {
    std::vector<Attendance> all = facts(7, true);
    std::vector<Attendance> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2));
    AttendanceLog original;
    Truth before;
    for (const auto& a : first) {
        original.add(a);
        before.add(a);
    }
    AttendanceLog copy = original;
    Truth after = before;
    // The next facts continue the last session and activity the original saw.
    for (std::size_t i = first.size(); i < all.size(); ++i) {
        copy.add(all[i]);
        after.add(all[i]);
    }
    expectSame(copy, after, "the copy");
    expectSame(original, before, "the original, after facts were added to its copy");
}

} // namespace
