// The figures (SPEC "What it computes"): the same numbers feed the sheets, the PDFs and the JSON.
// A figure that cannot be computed is empty (null in JSON), never zero.
#pragma once

#include "model/records.h"
#include "recognise/vocabulary.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace impact::analyse {

using Figure = std::optional<double>;

struct SchoolReach {
    std::string school, sector;
    Figure pupils; ///< null for head counts
    double attendances = 0;
    Figure pupilPremiumPupils, pupilPremiumShare; ///< among this school's participants
    Figure schoolPupilPremiumShare;               ///< the school's own (schools sheet)
    Figure quota, quotaFill;
    double contribution = 0;      ///< cash + in kind given by this school
    Figure shareOfPlaces;         ///< this school's share of attendances
};

struct ActivityReach {
    std::string activity;
    std::size_t sessions = 0;
    double attendances = 0;
    Figure pupils;
};

struct Reach {
    Figure pupils;
    std::size_t schools = 0;
    std::map<std::string, std::size_t> schoolsBySector;
    std::size_t sessions = 0, activities = 0;
    double attendances = 0;
    Figure pupilPremiumPupils, pupilPremiumShare;
    Figure pupilPremiumAttendanceShare; ///< head counts: pupil premium count ÷ attendances
    Figure meanSessionsPerPupil;
    Figure pupilHours;
    std::vector<SchoolReach> bySchool;
    std::vector<ActivityReach> byActivity;
};

struct ContributorTotal {
    std::string contributor, sector;
    double cash = 0, inKind = 0;
};

struct Funding {
    double cashTotal = 0, inKindTotal = 0, total = 0;
    std::map<std::string, double> bySector;
    std::map<std::string, double> bySectorShare;
    std::vector<ContributorTotal> byContributor;
    Figure costPerPupil, costPerAttendance, costPerPupilHour;
};

struct Comparison {
    std::size_t nMatched = 0;
    Figure meanChange, difference;
};

struct IndicatorResult {
    std::string id, label, sheet, respondents, scale, survey;
    bool suggested = false;
    bool isAssessment = false;
    std::size_t nBefore = 0, nAfter = 0, nMatched = 0;
    /// Why the before/after figures are null though there are answers ("" if they are not):
    /// the survey's before cannot be told from its after.
    std::string nullReason;
    Figure meanBefore, meanAfter, meanChange;
    Figure top2Before, top2After, top2ChangePp;
    Figure bottomBefore, bottomAfter;
    Figure improvedWithHeadroom, matchRate;
    std::optional<std::pair<double, double>> ci95;
    Figure effectSize;
    std::optional<Comparison> comparison;
    /// Counts per scale point (1..points) before and after, for the diverging bars.
    std::vector<std::size_t> distributionBefore, distributionAfter;
    std::vector<std::string> pointLabels;
};

/// How strong a category's evidence is (SPEC "Per category"), weakest first so that levels compare
/// with < and >.
enum class Evidence { None, Weak, Moderate, Strong };

/// As written in the JSON, the PDFs and the printed summary: "none", "weak", "moderate", "strong".
const char* evidenceName(Evidence e);

struct CategoryResult {
    int id = 0;
    std::string name, shortName;
    Evidence evidence = Evidence::None;
    std::vector<std::string> sources; ///< "survey", "assessment", "attendance", "funding"
    std::vector<IndicatorResult> indicators;
};

struct Quote {
    std::string text, attribution;
};

struct UnmatchedResponse {
    std::string survey, sheet, cell, timepoint;
};

struct Analysis {
    Reach reach;
    Funding funding;
    std::vector<CategoryResult> categories;
    std::vector<Quote> quotes;
    std::vector<UnmatchedResponse> unmatched; ///< for the coordinator's sheets only
    std::map<std::string, std::string> settings;
};

/// A category's headline indicator: the largest rise in its top-two share, else in its mean.
const IndicatorResult* strongestIndicator(const CategoryResult& category);

/// Computes every figure from the model.
Analysis analyse(const model::WorkbookModel& model, const recognise::Vocabulary& vocab);

} // namespace impact::analyse
