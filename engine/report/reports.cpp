#include "report/reports.h"

#include "common/number_text.h"
#include "common/paths.h"
#include "pdf/flow.h"
#include "common/unicode_text.h"
#include "report/disclosure.h"
#include "report/privacy.h"
#include "report/report_template.h"
#include "version.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>

namespace impact::report {

namespace {

using analyse::Analysis;
using analyse::CategoryResult;
using analyse::IndicatorResult;

std::string money(double v) { return pounds(v, 0); }

std::string setting(const Analysis& a, const std::string& key, const std::string& fallback = {}) {
    auto it = a.settings.find(key);
    return it == a.settings.end() || it->second.empty() ? fallback : it->second;
}

pdf::Rgb rgb(const Rgb& c) { return {c.r, c.g, c.b}; }

/// Everything a section needs.
struct Context {
    const check::CheckResult& result;
    const Analysis& a;
    const recognise::Vocabulary& vocab;
    const ReportTemplate& tpl;
    Disclosure& disclosure;
    std::map<std::string, std::string> values; ///< placeholders
    const analyse::ContributorTotal* funder = nullptr;
    std::string funderName;
    std::vector<std::string> names; ///< personal names never to print
};

std::string evidenceDots(analyse::Evidence evidence) {
    if (evidence == analyse::Evidence::Strong) return "●●●";
    if (evidence == analyse::Evidence::Moderate) return "●●○";
    if (evidence == analyse::Evidence::Weak) return "●○○";
    return "○○○";
}

/// "top two 21% → 71%", with shares on small bases suppressed.
std::string changeText(Context& ctx, const IndicatorResult& i) {
    if (i.top2Before || i.top2After) {
        std::string b = ctx.disclosure.share(i.top2Before, static_cast<double>(i.nBefore), "'" + i.label + "' before");
        std::string af = ctx.disclosure.share(i.top2After, static_cast<double>(i.nAfter), "'" + i.label + "' after");
        if (!i.top2Before) return "top two answers: " + af + " (after only)";
        return "top two answers " + b + " → " + af;
    }
    if (i.meanBefore && i.meanAfter) {
        if (!ctx.disclosure.showsShare(static_cast<double>(std::min(i.nBefore, i.nAfter)))) return "c";
        return "average " + groupedNumber(*i.meanBefore, 1) + " → " + groupedNumber(*i.meanAfter, 1);
    }
    return "-";
}

std::string headlineValue(Context& ctx, const std::string& id, std::string& label) {
    const auto& r = ctx.a.reach;
    const auto& f = ctx.a.funding;
    if (id == "pupils") {
        if (r.attendances <= 0) return {};
        if (!r.pupils) return label = "attendances (head counts: pupils are not named)", groupedCount(r.attendances);
        label = "pupils took part";
        return ctx.disclosure.count(*r.pupils, "pupils");
    }
    bool noAttendance = r.attendances <= 0, noMoney = f.byContributor.empty();
    if (noAttendance && (id == "schools" || id == "sessions" || id == "activities" || id == "attendances" ||
                         id == "pupil_premium_pupils" || id == "pupil_premium_share"))
        return {};
    if (noMoney && (id == "total_contributions" || id == "cash_total" || id == "in_kind_total" || id == "cost_per_pupil")) return {};
    if (id == "schools") {
        label = "schools: " + std::to_string(r.schoolsBySector.count("state") ? r.schoolsBySector.at("state") : 0) + " state, " +
                std::to_string(r.schoolsBySector.count("independent") ? r.schoolsBySector.at("independent") : 0) + " independent";
        return std::to_string(r.schools);
    }
    if (id == "sessions") return label = "sessions", std::to_string(r.sessions);
    if (id == "activities") return label = "activities", std::to_string(r.activities);
    if (id == "attendances") return label = "attendances", groupedCount(r.attendances);
    if (id == "pupil_premium_pupils") {
        label = "pupil premium pupils";
        return r.pupilPremiumPupils ? ctx.disclosure.count(*r.pupilPremiumPupils, "pupil premium pupils") : "-";
    }
    if (id == "pupil_premium_share") {
        label = "of pupils eligible for the pupil premium";
        if (r.pupilPremiumShare && r.pupils) return ctx.disclosure.share(r.pupilPremiumShare, *r.pupils, "pupil premium share");
        if (r.pupilPremiumAttendanceShare) {
            label = "of attendances by pupil premium pupils";
            return ctx.disclosure.share(r.pupilPremiumAttendanceShare, r.attendances, "pupil premium share of attendances");
        }
        return "-";
    }
    if (id == "total_contributions") return label = "given in cash and in kind", money(f.total);
    if (id == "cash_total") return label = "given in cash", money(f.cashTotal);
    if (id == "in_kind_total") return label = "given in kind", money(f.inKindTotal);
    if (id == "cost_per_pupil") return label = "per pupil", f.costPerPupil ? money(*f.costPerPupil) : "-";
    return label = id, "-";
}

/// The headline figures as tiles; false if the workbook has none of them.
bool headline(pdf::Flow& flow, Context& ctx) {
    std::vector<pdf::Tile> tiles;
    for (const auto& id : ctx.tpl.headline) {
        pdf::Tile t;
        t.value = headlineValue(ctx, id, t.label);
        if (!t.value.empty()) tiles.push_back(std::move(t)); // no such data in the workbook: no tile
    }
    if (!tiles.empty()) flow.tiles(tiles);
    return !tiles.empty();
}

void categories(pdf::Flow& flow, Context& ctx) {
    pdf::Table t;
    t.columns = {{"Impact category", 1.3}, {"Evidence", 0.8, pdf::Align::Left}, {"Strongest indicator", 2.1}, {"Change", 1.3}};
    for (const auto& c : ctx.a.categories) {
        const IndicatorResult* s = analyse::strongestIndicator(c);
        std::string indicator = s ? s->label
                                  : c.evidence != analyse::Evidence::None ? ctx.tpl.word("computed_evidence", "From the partnership's records.")
                                                         : ctx.tpl.word("no_evidence", "No evidence this year.");
        t.rows.push_back({std::to_string(c.id) + ". " + c.shortName, evidenceDots(c.evidence) + " " + analyse::evidenceName(c.evidence), indicator,
                          s ? changeText(ctx, *s) : ""});
    }
    t.caption = "Evidence: ●●● strong (matched before/after with a comparison group), ●●○ moderate (matched before/after), "
                "●○○ weak (after only, fewer than 10 matched, or records alone), ○○○ none.";
    flow.table(t);
}

void reach(pdf::Flow& flow, Context& ctx, bool withChart = true) {
    const auto& r = ctx.a.reach;
    if (r.bySchool.empty()) {
        flow.paragraph("The workbook has no attendance records, so reach cannot be shown.");
        return;
    }
    std::vector<double> counts;
    for (const auto& s : r.bySchool) counts.push_back(s.pupils ? *s.pupils : s.attendances);
    std::vector<bool> hidden = ctx.disclosure.suppressWithTotal(counts);
    pdf::BarChart chart;
    bool anyHidden = false;
    for (std::size_t i = 0; i < r.bySchool.size(); ++i) {
        const auto& s = r.bySchool[i];
        pdf::Bar b;
        b.label = s.school + " (" + s.sector + ")";
        if (hidden[i]) {
            b.valueLabel = kSuppressed;
            anyHidden = true;
            ctx.disclosure.note((r.pupils ? "pupils from " : "attendances from ") + s.school + ": hidden (small number, or to protect one)");
        } else {
            b.value = counts[i];
            b.valueLabel = groupedCount(counts[i]);
        }
        chart.bars.push_back(std::move(b));
    }
    chart.caption = std::string(r.pupils ? "Pupils" : "Attendances") + " by school." +
                    (anyHidden ? " c: hidden to protect small numbers of pupils." : "");
    if (withChart && !chart.bars.empty()) flow.barChart(chart);
    // Equity: pupil premium among participants beside each school's own.
    pdf::Table t;
    t.columns = {{"School", 1.7}, {"Sector", 1.15}, {r.pupils ? "Pupils" : "Attendances", 0.8, pdf::Align::Right},
                 {"Share of places", 0.9, pdf::Align::Right},
                 {"Pupil premium (participants)", 1.1, pdf::Align::Right}, {"Pupil premium (whole school)", 1.1, pdf::Align::Right},
                 {"Contribution", 0.9, pdf::Align::Right}};
    for (std::size_t i = 0; i < r.bySchool.size(); ++i) {
        const auto& s = r.bySchool[i];
        if (hidden[i]) {
            // A hidden count must not come back through its share of places.
            t.rows.push_back({s.school, s.sector, kSuppressed, kSuppressed, kSuppressed,
                              s.schoolPupilPremiumShare ? std::to_string(static_cast<int>(std::lround(*s.schoolPupilPremiumShare * 100))) + "%" : "-",
                              s.contribution > 0 ? money(s.contribution) : "-"});
            continue;
        }
        t.rows.push_back({s.school, s.sector, groupedCount(counts[i]),
                          s.shareOfPlaces ? std::to_string(static_cast<int>(std::lround(*s.shareOfPlaces * 100))) + "%" : "-",
                          ctx.disclosure.share(s.pupilPremiumShare, s.pupils.value_or(0), "pupil premium share at " + s.school),
                          s.schoolPupilPremiumShare ? std::to_string(static_cast<int>(std::lround(*s.schoolPupilPremiumShare * 100))) + "%" : "-",
                          s.contribution > 0 ? money(s.contribution) : "-"});
    }
    t.caption = "Is it mutual? Each school's share of places and pupil premium share beside what it contributed.";
    if (!t.rows.empty()) flow.table(t);
}

void money(pdf::Flow& flow, Context& ctx) {
    const auto& f = ctx.a.funding;
    if (f.byContributor.empty()) {
        flow.paragraph("The workbook records no contributions, so money cannot be shown.");
        return;
    }
    std::string per;
    if (f.costPerPupil && f.costPerAttendance) per = " That is " + money(*f.costPerPupil) + " per pupil and " + money(*f.costPerAttendance) + " per attendance.";
    else if (f.costPerAttendance) per = " That is " + money(*f.costPerAttendance) + " per attendance.";
    flow.paragraph("Contributions this year came to " + money(f.total) + ": " + money(f.cashTotal) + " in cash and " +
                   money(f.inKindTotal) + " in kind (staff time, venues, resources)." + per);
    pdf::BarChart chart;
    for (const auto& [sector, amount] : f.bySector) {
        pdf::Bar b;
        b.label = sector;
        b.value = amount;
        b.valueLabel = money(amount);
        chart.bars.push_back(b);
    }
    chart.tickLabel = [](double v) { return "£" + groupedNumber(v); };
    chart.caption = "Contributions by sector, cash and in kind.";
    if (!chart.bars.empty()) flow.barChart(chart);
}

void nextSteps(pdf::Flow& flow, Context& ctx) {
    std::string text = setting(ctx.a, "next_steps");
    flow.paragraph(text.empty() ? ctx.tpl.word("no_next_steps", "No next steps were written.") : text);
}

void contribution(pdf::Flow& flow, Context& ctx) {
    const auto& f = ctx.a.funding;
    if (!ctx.funder) {
        flow.paragraph(ctx.funderName + "'s contribution is not in the contributions sheet.");
        return;
    }
    double given = ctx.funder->cash + ctx.funder->inKind;
    std::vector<pdf::Tile> tiles = {{money(given), "your contribution", ""},
                                    {f.total > 0 ? std::to_string(static_cast<int>(std::lround(given / f.total * 100))) + "%" : "-",
                                     "of everything the partnership received", ""},
                                    {money(f.total), "raised in all, cash and in kind", ""}};
    flow.tiles(tiles);
}

void delivered(pdf::Flow& flow, Context& ctx) {
    headline(flow, ctx);
    pdf::Table t;
    t.columns = {{"Activity", 2.4}, {"Sessions", 0.8, pdf::Align::Right}, {"Attendances", 0.9, pdf::Align::Right},
                 {"Pupils", 0.8, pdf::Align::Right}};
    const auto& acts = ctx.a.reach.byActivity;
    std::vector<double> attendances, pupils;
    for (const auto& act : acts) {
        attendances.push_back(act.attendances);
        pupils.push_back(act.pupils.value_or(0));
    }
    // Totals are shown elsewhere, so one hidden count would come back by subtraction.
    std::vector<bool> hideA = ctx.disclosure.suppressWithTotal(attendances), hideP = ctx.disclosure.suppressWithTotal(pupils);
    for (std::size_t i = 0; i < acts.size(); ++i) {
        const auto& act = acts[i];
        if (hideA[i]) ctx.disclosure.note("attendances at " + act.activity + ": hidden (small number, or to protect one)");
        if (hideP[i] && act.pupils) ctx.disclosure.note("pupils at " + act.activity + ": hidden (small number, or to protect one)");
        t.rows.push_back({act.activity, std::to_string(act.sessions), hideA[i] ? kSuppressed : groupedCount(act.attendances),
                          !act.pupils ? "-" : hideP[i] ? kSuppressed : groupedCount(*act.pupils)});
    }
    t.caption = "c: fewer than " + std::to_string(ctx.disclosure.threshold()) + " pupils.";
    if (!t.rows.empty()) flow.table(t);
}

std::optional<std::vector<double>> percents(const std::vector<std::size_t>& counts, std::size_t n, Context& ctx, const std::string& what) {
    if (n == 0) return std::nullopt;
    if (!ctx.disclosure.showsShare(static_cast<double>(n))) {
        ctx.disclosure.note(what + ": fewer than " + std::to_string(ctx.disclosure.threshold()) + " answers, bar not drawn");
        return std::nullopt;
    }
    std::vector<double> p;
    for (auto c : counts) p.push_back(100.0 * static_cast<double>(c) / static_cast<double>(n));
    return p;
}

void outcomes(pdf::Flow& flow, Context& ctx) {
    for (const auto& c : ctx.a.categories) {
        flow.heading(std::to_string(c.id) + ". " + c.name, 2);
        if (c.indicators.empty()) {
            flow.paragraph(c.evidence == analyse::Evidence::None ? ctx.tpl.word("no_evidence", "No evidence this year.")
                                                : ctx.tpl.word("computed_evidence", "From the partnership's records."));
            continue;
        }
        flow.paragraph("Evidence: " + evidenceDots(c.evidence) + " " + analyse::evidenceName(c.evidence) + ".", pdf::ParagraphStyle::leftAligned());
        // Likert questions as diverging bars, grouped by scale.
        std::map<std::string, pdf::DivergingChart> charts;
        std::vector<std::string> lines;
        for (const auto& i : c.indicators) {
            std::string n = " (" + std::to_string(i.nBefore) + " before, " + std::to_string(i.nAfter) + " after, " +
                            std::to_string(i.nMatched) + " matched)";
            lines.push_back(i.label + ": " + changeText(ctx, i) + (std::min(i.nBefore, i.nAfter) >= static_cast<std::size_t>(ctx.disclosure.threshold()) ? n : ""));
            if (i.pointLabels.empty() || i.pointLabels.size() > 7) continue;
            pdf::DivergingChart& chart = charts[i.scale];
            chart.scale = i.pointLabels;
            pdf::LikertItem item;
            item.label = i.label;
            item.before.label = "Before";
            item.before.percents = percents(i.distributionBefore, i.nBefore, ctx, "'" + i.label + "' before");
            item.after.label = "After";
            item.after.percents = percents(i.distributionAfter, i.nAfter, ctx, "'" + i.label + "' after");
            chart.items.push_back(std::move(item));
        }
        flow.bullets(lines);
        for (auto& [scale, chart] : charts) {
            chart.caption = "Share of answers at each point, before (upper bar) and after (lower bar). A missing bar: fewer than " +
                            std::to_string(ctx.disclosure.threshold()) + " answers.";
            if (!ctx.tpl.scale.empty() && ctx.tpl.scale.size() == chart.scale.size())
                for (const auto& col : ctx.tpl.scale) chart.colours.push_back(rgb(col));
            flow.divergingChart(chart);
        }
    }
}

bool mentionsName(const std::string& text, const std::vector<std::string>& names) {
    std::string t = " " + normalise(text) + " ";
    for (const auto& n : names)
        if (!n.empty() && t.find(" " + n + " ") != std::string::npos) return true;
    return false;
}

void quotes(pdf::Flow& flow, Context& ctx) {
    std::vector<std::vector<pdf::Run>> items;
    for (const auto& q : ctx.a.quotes) {
        if (mentionsName(q.text, ctx.names)) {
            ctx.disclosure.note("a quote naming a pupil was left out");
            continue;
        }
        items.push_back({{"“" + q.text + "”", pdf::FontStyle::Italic, std::nullopt}, {"  — " + q.attribution, pdf::FontStyle::Regular, std::nullopt}});
        if (items.size() >= 8) break;
    }
    if (items.empty()) flow.paragraph(ctx.tpl.word("no_quotes", "No comments were given with consent to quote."));
    else flow.bullets(items);
}

void method(pdf::Flow& flow, Context& ctx) {
    for (const auto& p : ctx.tpl.method) flow.paragraph(fill(p, ctx.values));
    // Filled in after every other section has run, so it lists everything suppressed.
}

void section(pdf::Flow& flow, Context& ctx, const Section& s) {
    if (!s.heading.empty()) flow.heading(fill(s.heading, ctx.values));
    if (!s.text.empty()) flow.paragraph(fill(s.text, ctx.values));
    if (s.type == "headline") {
        if (!headline(flow, ctx))
            flow.paragraph(ctx.tpl.word("no_figures", "The workbook has no attendance or contributions yet, so there are no figures to show."));
    } else if (s.type == "categories") categories(flow, ctx);
    else if (s.type == "reach") reach(flow, ctx);
    else if (s.type == "equity") reach(flow, ctx, false); // the table alone: short enough for the brief
    else if (s.type == "money") money(flow, ctx);
    else if (s.type == "next_steps") nextSteps(flow, ctx);
    else if (s.type == "contribution") contribution(flow, ctx);
    else if (s.type == "delivered") delivered(flow, ctx);
    else if (s.type == "outcomes") outcomes(flow, ctx);
    else if (s.type == "quotes") quotes(flow, ctx);
    else if (s.type == "method") {
        method(flow, ctx);
        std::set<std::string> notes(ctx.disclosure.notes().begin(), ctx.disclosure.notes().end());
        if (notes.empty()) flow.paragraph("Nothing needed to be suppressed in this report.");
        else {
            flow.paragraph("Suppressed in this report:", pdf::ParagraphStyle::leftAligned());
            flow.bullets(std::vector<std::string>(notes.begin(), notes.end()));
        }
    }
}

/// Text with placeholders filled, tidied where a placeholder was empty ("Brief for governors, " →
/// "Brief for governors", "Report 2024 .pdf" → "Report 2024.pdf").
std::string fillTidy(const std::string& text, const std::map<std::string, std::string>& values) {
    std::string s = fill(text, values);
    for (const char* pair : {"  ", " ,", " .", "( )", "()"})
        for (std::size_t at; (at = s.find(pair)) != std::string::npos;) s.erase(at, std::string(pair) == "( )" ? 3 : std::string(pair) == "()" ? 2 : 1);
    while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == '-')) s.pop_back();
    return s;
}

/// The placeholders' values for one report (also what its file name is made from).
std::map<std::string, std::string> templateValues(const std::map<std::string, std::string>& settings,
                                                  const std::string& funderName, const ReportOptions& options) {
    auto get = [&](const std::string& key, const std::string& fallback = {}) {
        auto it = settings.find(key);
        return it == settings.end() || it->second.empty() ? fallback : it->second;
    };
    return {{"partnership", get("partnership_name", "School partnership")}, {"year", get("academic_year")}, {"funder", funderName},
            {"coordinator", get("coordinator")}, {"version", kVersion},
            {"threshold", std::to_string(options.threshold)}, {"errors", std::to_string(options.dataErrors)}};
}

ReportFile render(const check::CheckResult& result, const Analysis& a, const recognise::Vocabulary& vocab,
                  const ReportTemplate& tpl, const ReportOptions& options, const analyse::ContributorTotal* funder,
                  const std::string& funderName, const std::vector<std::string>& names,
                  const std::vector<std::string>& pupilNames) {
    Disclosure disclosure(options.threshold);
    Context ctx{result, a, vocab, tpl, disclosure, {}, funder, funderName, names};
    std::string partnership = setting(a, "partnership_name", "School partnership");
    std::string year = setting(a, "academic_year");
    ctx.values = templateValues(a.settings, funderName, options);

    pdf::DocumentOptions doc;
    doc.metadata.title = fillTidy(tpl.subtitle.empty() ? tpl.name : tpl.subtitle, ctx.values);
    doc.metadata.author = setting(a, "coordinator", partnership);
    doc.metadata.subject = tpl.name + " - " + partnership;
    doc.metadata.keywords = "impact report, school partnership, " + tpl.audience + (year.empty() ? "" : ", " + year);
    doc.decoration.partnership = partnership;
    doc.decoration.academicYear = year;
    if (!options.dataErrors) {
        doc.decoration.header = "";
    } else {
        doc.decoration.header = fill(tpl.word("errors_banner", "Produced with {errors} data errors."), ctx.values);
    }
    doc.decoration.logoPath = setting(a, "logo", tpl.logo);
    doc.fontDir = pathIn(templatesDir(), "fonts");
    doc.time = options.time;
    if (tpl.colours.count("primary")) doc.theme.heading = doc.theme.tableHeaderFill = rgb(tpl.colour("primary"));
    if (tpl.colours.count("accent")) doc.theme.accent = doc.theme.bar = rgb(tpl.colour("accent"));
    if (tpl.colours.count("text")) doc.theme.text = rgb(tpl.colour("text"));
    if (tpl.colours.count("muted")) doc.theme.muted = rgb(tpl.colour("muted"));
    pdf::Document document(doc);
    pdf::Flow flow(document);
    flow.title(fillTidy(tpl.title, ctx.values), fillTidy(tpl.subtitle, ctx.values));
    if (options.dataErrors) flow.callout("Data errors", doc.decoration.header);
    for (const auto& s : tpl.sections) section(flow, ctx, s);

    ReportFile file;
    file.audience = tpl.audience;
    file.funder = funderName;
    file.name = safeFileName(fillTidy(tpl.fileName, ctx.values));
    file.pdf = document.bytes();
    // Every string drawn, checked where it is known (`pupilNames`: `names` less the coordinator's).
    file.pupilNames = namesIn(document.drawnText(), pupilNames);
    file.suppressed = disclosure.notes();
    if (tpl.maxPages > 0 && document.pageCount() > tpl.maxPages)
        file.suppressed.push_back("note: the report is " + std::to_string(document.pageCount()) + " pages, over the template's " +
                                  std::to_string(tpl.maxPages));
    return file;
}

} // namespace

std::string reportFileName(const model::WorkbookModel& model, const std::string& funderName, const ReportOptions& options) {
    ReportTemplate tpl = loadTemplate(funderName.empty() ? (options.governorsTemplate.empty() ? standardTemplatePath("governors") : options.governorsTemplate)
                                                         : (options.funderTemplate.empty() ? standardTemplatePath("funder") : options.funderTemplate));
    return safeFileName(fillTidy(tpl.fileName, templateValues(model.settings, funderName, options)));
}

std::vector<std::string> personalNames(const model::WorkbookModel& model) {
    std::set<std::string> names;
    auto add = [&](const std::string& n) {
        if (fold(n).size() >= 3 && n.find('@') == std::string::npos) names.insert(n);
    };
    for (const auto& n : model.attendance.pupilNames()) add(n);
    for (const auto& r : model.responses) add(r.respondentName);
    for (const auto& r : model.assessments) add(r.pupilName);
    return {names.begin(), names.end()};
}

std::string safeFileName(std::string name) {
    for (char& c : name)
        if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') c = '-';
    while (!name.empty() && (name.back() == ' ' || name.back() == '.')) name.pop_back();
    return name;
}

void validateTemplates(const ReportOptions& options) {
    loadTemplate(options.governorsTemplate.empty() ? standardTemplatePath("governors") : options.governorsTemplate);
    loadTemplate(options.funderTemplate.empty() ? standardTemplatePath("funder") : options.funderTemplate);
}

std::vector<ReportFile> makeReports(const check::CheckResult& result, const Analysis& a, const recognise::Vocabulary& vocab,
                                    const ReportOptions& options) {
    ReportTemplate governors = loadTemplate(options.governorsTemplate.empty() ? standardTemplatePath("governors") : options.governorsTemplate);
    ReportTemplate funder = loadTemplate(options.funderTemplate.empty() ? standardTemplatePath("funder") : options.funderTemplate);
    std::vector<std::string> names, pupilNames;
    for (const auto& n : personalNames(result.model)) names.push_back(normalise(n));
    // The coordinator is named by design (the PDF's author), even if they also answered a survey.
    std::string coordinator = normalise(setting(a, "coordinator"));
    std::copy_if(names.begin(), names.end(), std::back_inserter(pupilNames), [&](const std::string& n) { return n != coordinator; });
    std::vector<ReportFile> files;
    files.push_back(render(result, a, vocab, governors, options, nullptr, "", names, pupilNames));
    // One report per funder: the funders sheet, else every contributor.
    std::vector<std::string> funders;
    for (const auto& f : result.model.funders) funders.push_back(f.name);
    if (funders.empty())
        for (const auto& c : a.funding.byContributor) funders.push_back(c.contributor);
    for (const auto& name : funders) {
        const analyse::ContributorTotal* match = nullptr;
        std::string link = name;
        for (const auto& f : result.model.funders)
            if (f.name == name && !f.contributionLink.empty()) link = f.contributionLink;
        for (const auto& c : a.funding.byContributor)
            if (fold(c.contributor) == fold(link) || similarity(c.contributor, link) >= 0.85) match = &c;
        files.push_back(render(result, a, vocab, funder, options, match, name, names, pupilNames));
    }
    return files;
}

} // namespace impact::report
