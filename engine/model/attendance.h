// Attendance: one fact as read, and all of them kept as what the figures and checks need rather
// than row by row (a sheet of a million attendance rows is a few thousand pupils and sessions).
#pragma once

#include "model/source.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace impact::model {

/// One attendance fact: a pupil at a session (long or register form) or a head count.
struct Attendance {
    std::string pupilKey;  ///< identity per SPEC: ID, else name + school; "" for head counts
    std::string pupilName; ///< kept for the privacy check, never printed in reports
    std::string school;
    std::string activity;
    std::optional<double> date; ///< serial (1900 system)
    std::string sessionKey;     ///< activity + date, or the register's session column
    bool present = true;
    std::optional<bool> pupilPremium;
    std::optional<std::string> yearGroup;
    std::optional<double> minutes;
    double headCount = 0; ///< for head counts
    std::optional<double> pupilPremiumCount;
    bool isHeadCount = false;
    Source source;
    Source schoolCell; ///< where the school's name was written
};

/// Every attendance fact read (model::Attendance), summed up as it is added. Names are kept as
/// written: which school a name means is decided later (analyse::SchoolDirectory), once every
/// sheet has been read, so the tallies are kept per school name as written.
class AttendanceLog {
public:
    /// How many of the first facts are also kept whole (for tests and --verbose): every fact of
    /// any workbook of fewer rows than this.
    static constexpr std::size_t kKeptRecords = 1000;

    void add(const Attendance& a);

    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    /// The first kKeptRecords facts, whole, in the order read. Figures never use them.
    const std::vector<Attendance>& records() const { return kept_; }

    /// A school's name as written, in any fact (present or not): how often, and where first.
    struct Mention {
        std::string name;
        Source cell;
        std::size_t times = 0;
    };
    /// Each distinct school name written, in the order first met.
    const std::vector<Mention>& schoolMentions() const { return mentions_; }
    /// Pupils' names as written (for the privacy check of what is printed), distinct, in no order.
    const std::unordered_set<std::string>& pupilNames() const { return names_; }

    /// What the facts that count (a present pupil, a head count above zero) add up to, for one
    /// school name as written.
    struct SchoolTally {
        std::string name;
        double attendances = 0;
        std::vector<std::uint32_t> pupils; ///< pupil numbers (see pupilKeys()); may repeat one
        std::size_t pupilsFolded = 0;      ///< the list's size when its repeats were last removed
    };
    /// What they add up to for one activity as written ("" if none was named).
    struct ActivityTally {
        std::unordered_set<std::string> sessions; ///< session keys, in no order
        std::vector<std::uint32_t> pupils;        ///< pupil numbers; may repeat one
        std::size_t pupilsFolded = 0;
        double attendances = 0;
        bool pupilLevel = false;
    };
    struct Totals {
        double attendances = 0, pupilAttendances = 0, minutes = 0, headCounts = 0, headCountPupilPremium = 0;
        bool pupilLevel = false, anyMinutes = false, anyHeadCountPupilPremium = false;
    };
    /// Per school name, in the order first counted.
    const std::vector<SchoolTally>& schools() const { return schools_; }
    const std::map<std::string, ActivityTally>& activities() const { return activities_; }
    /// Every session key counted, in no order.
    const std::unordered_set<std::string>& sessions() const { return sessions_; }
    const Totals& totals() const { return totals_; }
    /// Each counted pupil's key (by pupil number) and pupil premium status: unknown, or whether
    /// any of their facts said yes.
    const std::vector<std::string>& pupilKeys() const { return pupilKeys_; }
    const std::vector<std::optional<bool>>& pupilPremium() const { return pupilPremium_; }

private:
    std::uint32_t pupilNumber(const std::string& key);
    std::size_t schoolOf(const std::string& name);
    ActivityTally& activityOf(const std::string& name);

    std::size_t count_ = 0;
    std::vector<Attendance> kept_;
    std::vector<Mention> mentions_;
    std::unordered_map<std::string, std::size_t> mentionIndex_;
    std::unordered_set<std::string> names_;
    std::vector<SchoolTally> schools_;
    std::unordered_map<std::string, std::size_t> schoolIndex_;
    std::map<std::string, ActivityTally> activities_;
    std::unordered_set<std::string> sessions_;
    Totals totals_;
    /// The last fact's school mention, school tally, activity and session, and its pupil's name:
    /// facts come grouped (a session's pupils, a school's rows), so most lookups end here.
    struct Last {
        std::string mention, school, activity, session, name;
        std::size_t mentionAt = SIZE_MAX, schoolAt = SIZE_MAX;
        /// Into this log's own activities_: a copy of the log (another map) starts without it.
        struct OwnTally {
            ActivityTally* tally = nullptr;
            OwnTally() = default;
            OwnTally(const OwnTally&) {}
            OwnTally& operator=(const OwnTally&) {
                tally = nullptr;
                return *this;
            }
        } activityTally;
        bool sessionCounted = false;
    } last_;
    std::vector<std::string> pupilKeys_;
    std::vector<std::optional<bool>> pupilPremium_;
    std::unordered_map<std::string, std::uint32_t> pupilIndex_;
};

} // namespace impact::model
