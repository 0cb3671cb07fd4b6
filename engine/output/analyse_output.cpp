#include "output/analyse_output.h"

#include <Poco/JSON/Array.h>

namespace impact::output {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }
Var fig(const analyse::Figure& f) { return f ? Var(*f) : Var(); }
/// Counts that are whole numbers print as integers.
Var count(const analyse::Figure& f) {
    if (!f) return Var();
    return Var(static_cast<Poco::Int64>(*f));
}

Object::Ptr reachJson(const analyse::Reach& r) {
    auto o = ordered();
    o->set("pupils", count(r.pupils));
    o->set("schools", r.schools);
    auto sectors = ordered();
    for (const auto& [s, n] : r.schoolsBySector) sectors->set(s, n);
    o->set("schools_by_sector", sectors);
    o->set("sessions", r.sessions);
    o->set("attendances", r.attendances);
    o->set("activities", r.activities);
    o->set("pupil_premium_pupils", count(r.pupilPremiumPupils));
    o->set("pupil_premium_share", fig(r.pupilPremiumShare));
    o->set("pupil_premium_attendance_share", fig(r.pupilPremiumAttendanceShare));
    o->set("mean_sessions_per_pupil", fig(r.meanSessionsPerPupil));
    o->set("pupil_hours", fig(r.pupilHours));
    Array::Ptr schools = new Array;
    for (const auto& s : r.bySchool) {
        auto so = ordered();
        so->set("school", s.school);
        so->set("sector", s.sector);
        so->set("pupils", count(s.pupils));
        so->set("attendances", s.attendances);
        so->set("pupil_premium_pupils", count(s.pupilPremiumPupils));
        so->set("pupil_premium_share", fig(s.pupilPremiumShare));
        so->set("school_pupil_premium_share", fig(s.schoolPupilPremiumShare));
        so->set("quota", fig(s.quota));
        so->set("quota_fill", fig(s.quotaFill));
        so->set("share_of_places", fig(s.shareOfPlaces));
        so->set("contribution", s.contribution);
        schools->add(so);
    }
    o->set("by_school", schools);
    Array::Ptr acts = new Array;
    for (const auto& a : r.byActivity) {
        auto ao = ordered();
        ao->set("activity", a.activity);
        ao->set("sessions", a.sessions);
        ao->set("attendances", a.attendances);
        ao->set("pupils", count(a.pupils));
        acts->add(ao);
    }
    o->set("by_activity", acts);
    return o;
}

Object::Ptr fundingJson(const analyse::Funding& f) {
    auto o = ordered();
    o->set("cash_total", f.cashTotal);
    o->set("in_kind_total", f.inKindTotal);
    o->set("total", f.total);
    auto bySector = ordered(), shares = ordered();
    for (const auto& [s, v] : f.bySector) bySector->set(s, v);
    for (const auto& [s, v] : f.bySectorShare) shares->set(s, v);
    o->set("by_sector", bySector);
    o->set("by_sector_share", shares);
    Array::Ptr contributors = new Array;
    for (const auto& c : f.byContributor) {
        auto co = ordered();
        co->set("contributor", c.contributor);
        co->set("sector", c.sector);
        co->set("cash", c.cash);
        co->set("in_kind", c.inKind);
        co->set("total", c.cash + c.inKind);
        contributors->add(co);
    }
    o->set("by_contributor", contributors);
    o->set("cost_per_pupil", fig(f.costPerPupil));
    o->set("cost_per_attendance", fig(f.costPerAttendance));
    o->set("cost_per_pupil_hour", fig(f.costPerPupilHour));
    return o;
}

Object::Ptr indicatorJson(const analyse::IndicatorResult& r) {
    auto o = ordered();
    o->set("id", r.id);
    o->set("label", r.label);
    o->set("sheet", r.sheet);
    o->set("respondents", r.respondents);
    o->set("scale", r.scale.empty() ? Var() : Var(r.scale));
    o->set("suggested", r.suggested);
    bool unknown = !r.nullReason.empty() && r.nBefore == 0 && r.nAfter == 0;
    o->set("n_before", unknown ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.nBefore));
    o->set("n_after", unknown ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.nAfter));
    o->set("n_matched", unknown ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.nMatched));
    if (!r.nullReason.empty()) o->set("null_reason", r.nullReason);
    o->set("mean_before", fig(r.meanBefore));
    o->set("mean_after", fig(r.meanAfter));
    o->set("mean_change", fig(r.meanChange));
    o->set("top2_before", fig(r.top2Before));
    o->set("top2_after", fig(r.top2After));
    o->set("top2_change_pp", fig(r.top2ChangePp));
    o->set("bottom_before", fig(r.bottomBefore));
    o->set("bottom_after", fig(r.bottomAfter));
    o->set("improved_with_headroom", fig(r.improvedWithHeadroom));
    o->set("match_rate", fig(r.matchRate));
    if (r.ci95) {
        Array::Ptr ci = new Array;
        ci->add(r.ci95->first);
        ci->add(r.ci95->second);
        o->set("mean_change_ci95", ci);
    } else {
        o->set("mean_change_ci95", Var());
    }
    o->set("effect_size", fig(r.effectSize));
    if (r.comparison) {
        auto c = ordered();
        c->set("n_matched", r.comparison->nMatched);
        c->set("mean_change", fig(r.comparison->meanChange));
        c->set("difference", fig(r.comparison->difference));
        o->set("comparison", c);
    } else {
        o->set("comparison", Var());
    }
    return o;
}

} // namespace

void addAnalysisJson(Object::Ptr root, const analyse::Analysis& a) {
    root->set("reach", reachJson(a.reach));
    root->set("funding", fundingJson(a.funding));
    Array::Ptr cats = new Array;
    for (const auto& c : a.categories) {
        auto co = ordered();
        co->set("id", c.id);
        co->set("name", c.name);
        co->set("evidence", std::string(analyse::evidenceName(c.evidence)));
        Array::Ptr sources = new Array;
        for (const auto& s : c.sources) sources->add(s);
        co->set("sources", sources);
        Array::Ptr inds = new Array;
        for (const auto& i : c.indicators) inds->add(indicatorJson(i));
        co->set("indicators", inds);
        cats->add(co);
    }
    root->set("categories", cats);
    Array::Ptr quotes = new Array;
    for (const auto& q : a.quotes) {
        auto qo = ordered();
        qo->set("text", q.text);
        qo->set("attribution", q.attribution);
        quotes->add(qo);
    }
    root->set("quotes", quotes);
    auto settings = ordered();
    for (const auto& [k, v] : a.settings) settings->set(k, v);
    root->set("partnership", settings);
}

} // namespace impact::output
