#include "sheets/summary_workbook.h"

#include "common/error.h"
#include "common/source_date.h"
#include "platform/files.h"
#include "read/cell.h"
#include "sheets/columns_sheet.h"
#include "sheets/sheet_table.h"
#include "model/issue.h"

#include <xlsxwriter.h>

#include <memory>

namespace impact::sheets {

namespace {

using analyse::Figure;

struct WorkbookCloser {
    void operator()(lxw_workbook* wb) const {
        if (wb) workbook_close(wb);
    }
};

std::string titleOf(const analyse::Analysis& a) {
    auto it = a.settings.find("partnership_name");
    std::string name = it != a.settings.end() && !it->second.empty() ? it->second : "Partnership";
    auto year = a.settings.find("academic_year");
    return year != a.settings.end() && !year->second.empty() ? name + " - " + year->second : name;
}

void chartStyle(lxw_chart* chart, const char* title) {
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
}

void colourSeries(lxw_chart_series* s, lxw_color_t colour) {
    lxw_chart_fill fill{};
    fill.color = colour;
    chart_series_set_fill(s, &fill);
}

void summarySheet(lxw_workbook* wb, Formats& f, const check::CheckResult& result, const analyse::Analysis& a) {
    SheetTable t("Impact Summary");
    t.row();
    t.text("Impact summary: " + titleOf(a), f.title);
    t.row();
    t.text("Made by Impact from this workbook's own sheets. Exact figures for the coordinator; the PDF reports apply "
           "small-number suppression.", f.subtitle);
    t.skip();
    std::uint32_t header = t.row();
    t.text("Figure", f.header).text("Value", f.header);
    const auto& r = a.reach;
    const auto& m = a.funding;
    auto line = [&](const std::string& label, const Figure& v, lxw_format* fmt) {
        t.row();
        t.text(label, f.text).figure(v, fmt, f.muted);
    };
    line("Pupils reached", r.pupils, f.integer);
    line("Schools taking part", static_cast<double>(r.schools), f.integer);
    for (const auto& [sector, n] : r.schoolsBySector)
        if (n) line("  of which " + sector, static_cast<double>(n), f.integer);
    line("Sessions", static_cast<double>(r.sessions), f.integer);
    line("Attendances", r.attendances, f.integer);
    line("Pupil premium pupils", r.pupilPremiumPupils, f.integer);
    line("Pupil premium share", r.pupilPremiumShare ? r.pupilPremiumShare : r.pupilPremiumAttendanceShare, f.percent);
    line("Cash contributions", m.cashTotal, f.money);
    line("In-kind contributions", m.inKindTotal, f.money);
    line("Total contributions", m.total, f.money);
    line("Cost per pupil", m.costPerPupil, f.money);
    line("Cost per attendance", m.costPerAttendance, f.money);
    line("Data errors", static_cast<double>(result.issues.count(model::Severity::Error)), f.integer);
    line("Data warnings", static_cast<double>(result.issues.count(model::Severity::Warning)), f.integer);
    t.skip();
    t.row();
    t.text("The six impact categories", f.title);
    t.row();
    t.text("Category", f.header).text("Evidence", f.header).text("Strongest indicator", f.header).text("Top two before", f.header)
        .text("Top two after", f.header).text("Mean change", f.header);
    std::uint32_t firstCat = t.currentRow() + 1;
    for (const auto& c : a.categories) {
        t.row();
        t.text(std::to_string(c.id) + " " + c.shortName, f.text).text(analyse::evidenceName(c.evidence), f.text);
        if (const auto* s = analyse::strongestIndicator(c)) {
            t.text(s->label, f.wrap).figure(s->top2Before, f.percent, f.muted).figure(s->top2After, f.percent, f.muted)
                .figure(s->meanChange, f.decimal, f.muted);
        } else {
            t.text(c.sources.empty() ? "No evidence in this workbook" : "From " + c.sources.front() + " records", f.muted);
        }
    }
    std::uint32_t lastCat = t.currentRow();
    t.setMaxWidth(2, 50);
    lxw_worksheet* ws = t.write(wb, header + 1);
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_BAR);
    chartStyle(chart, "Top-two share, strongest indicator per category");
    lxw_chart_series* before = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(before, t.name().c_str(), firstCat, 0, lastCat, 0);
    chart_series_set_values(before, t.name().c_str(), firstCat, 3, lastCat, 3);
    chart_series_set_name(before, "Before");
    colourSeries(before, 0xA6A6A6);
    lxw_chart_series* after = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(after, t.name().c_str(), firstCat, 0, lastCat, 0);
    chart_series_set_values(after, t.name().c_str(), firstCat, 4, lastCat, 4);
    chart_series_set_name(after, "After");
    colourSeries(after, 0x1F3864);
    chart_axis_set_num_format(chart->y_axis, "0%");
    worksheet_insert_chart(ws, header, 3, chart);
}

void categorySheet(lxw_workbook* wb, Formats& f, const analyse::Analysis& a) {
    SheetTable t("Impact by Category");
    t.row();
    t.text("Indicators by impact category", f.title);
    std::uint32_t header = t.row();
    for (const char* h : {"Category", "Evidence", "Indicator", "Sheet", "Respondents", "Scale", "Category source", "Before (n)",
                          "After (n)", "Matched (n)", "Mean before", "Mean after", "Mean change", "Top two before", "Top two after",
                          "Change (points)", "Bottom before", "Bottom after", "Improved (with room to)", "Match rate",
                          "95% CI low", "95% CI high", "Effect size", "Comparison matched", "Comparison change", "Difference"})
        t.text(h, f.header);
    for (const auto& c : a.categories) {
        if (c.indicators.empty()) {
            t.row();
            t.text(std::to_string(c.id) + " " + c.shortName, f.text).text(analyse::evidenceName(c.evidence), f.text)
                .text(c.sources.empty() ? "No evidence in this workbook" : "Computed from " + c.sources.front() + " records", f.muted);
            continue;
        }
        for (const auto& i : c.indicators) {
            t.row();
            t.text(std::to_string(c.id) + " " + c.shortName, f.text).text(analyse::evidenceName(c.evidence), f.text).text(i.label, f.wrap)
                .text(i.sheet, f.text).text(i.respondents, f.text).text(i.scale, f.text)
                .text(i.suggested ? "suggested" : i.isAssessment ? "assessment" : "indicators sheet", f.text)
                .number(static_cast<double>(i.nBefore), f.integer).number(static_cast<double>(i.nAfter), f.integer)
                .number(static_cast<double>(i.nMatched), f.integer).figure(i.meanBefore, f.decimal, f.muted)
                .figure(i.meanAfter, f.decimal, f.muted).figure(i.meanChange, f.decimal, f.muted)
                .figure(i.top2Before, f.percent, f.muted).figure(i.top2After, f.percent, f.muted)
                .figure(i.top2ChangePp, f.decimal, f.muted).figure(i.bottomBefore, f.percent, f.muted)
                .figure(i.bottomAfter, f.percent, f.muted).figure(i.improvedWithHeadroom, f.percent, f.muted)
                .figure(i.matchRate, f.percent, f.muted)
                .figure(i.ci95 ? Figure(i.ci95->first) : std::nullopt, f.decimal, f.muted)
                .figure(i.ci95 ? Figure(i.ci95->second) : std::nullopt, f.decimal, f.muted)
                .figure(i.effectSize, f.decimal, f.muted);
            if (i.comparison)
                t.number(static_cast<double>(i.comparison->nMatched), f.integer).figure(i.comparison->meanChange, f.decimal, f.muted)
                    .figure(i.comparison->difference, f.decimal, f.muted);
        }
    }
    t.setMaxWidth(2, 55);
    t.write(wb, header + 1);
}

void reachSheet(lxw_workbook* wb, Formats& f, const analyse::Analysis& a) {
    SheetTable t("Impact Reach");
    t.row();
    t.text("Reach and equity by school", f.title);
    std::uint32_t header = t.row();
    for (const char* h : {"School", "Sector", "Pupils", "Attendances", "Share of places", "Pupil premium pupils",
                          "Pupil premium share (participants)", "School's own pupil premium share", "Quota", "Quota filled",
                          "Contribution (cash + in kind)"})
        t.text(h, f.header);
    for (const auto& s : a.reach.bySchool) {
        t.row();
        t.text(s.school, f.text).text(s.sector, f.text).figure(s.pupils, f.integer, f.muted).number(s.attendances, f.integer)
            .figure(s.shareOfPlaces, f.percent, f.muted).figure(s.pupilPremiumPupils, f.integer, f.muted)
            .figure(s.pupilPremiumShare, f.percent, f.muted).figure(s.schoolPupilPremiumShare, f.percent, f.muted)
            .figure(s.quota, f.integer, f.muted).figure(s.quotaFill, f.percent, f.muted).number(s.contribution, f.money);
    }
    std::uint32_t lastSchool = t.currentRow();
    t.skip();
    t.row();
    t.text("By activity", f.title);
    t.row();
    t.text("Activity", f.header).text("Sessions", f.header).text("Attendances", f.header).text("Pupils", f.header);
    for (const auto& act : a.reach.byActivity) {
        t.row();
        t.text(act.activity, f.text).number(static_cast<double>(act.sessions), f.integer).number(act.attendances, f.integer)
            .figure(act.pupils, f.integer, f.muted);
    }
    lxw_worksheet* ws = t.write(wb, header + 1);
    if (lastSchool > header) {
        lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_BAR);
        chartStyle(chart, "Attendances by school");
        lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(s, t.name().c_str(), header + 1, 0, lastSchool, 0);
        chart_series_set_values(s, t.name().c_str(), header + 1, 3, lastSchool, 3);
        chart_series_set_name(s, "Attendances");
        colourSeries(s, 0x1F3864);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        worksheet_insert_chart(ws, t.currentRow() + 2, 0, chart);
    }
}

void fundingSheet(lxw_workbook* wb, Formats& f, const analyse::Analysis& a) {
    SheetTable t("Impact Funding");
    const auto& m = a.funding;
    t.row();
    t.text("Funding and contributions", f.title);
    std::uint32_t header = t.row();
    t.text("Contributor", f.header).text("Sector", f.header).text("Cash", f.header).text("In kind", f.header).text("Total", f.header)
        .text("Share of total", f.header);
    for (const auto& c : m.byContributor) {
        t.row();
        t.text(c.contributor, f.text).text(c.sector, f.text).number(c.cash, f.money).number(c.inKind, f.money)
            .number(c.cash + c.inKind, f.money).figure(m.total > 0 ? Figure((c.cash + c.inKind) / m.total) : std::nullopt, f.percent, f.muted);
    }
    t.row();
    t.text("Total", f.header).text("", f.header).number(m.cashTotal, f.money).number(m.inKindTotal, f.money).number(m.total, f.money);
    t.skip();
    t.row();
    t.text("By sector", f.title);
    std::uint32_t sectorHeader = t.row();
    t.text("Sector", f.header).text("Amount", f.header).text("Share", f.header);
    for (const auto& [sector, amount] : m.bySector) {
        t.row();
        auto share = m.bySectorShare.find(sector);
        t.text(sector, f.text).number(amount, f.money).figure(share != m.bySectorShare.end() ? Figure(share->second) : std::nullopt,
                                                             f.percent, f.muted);
    }
    std::uint32_t lastSector = t.currentRow();
    t.skip();
    t.row();
    t.text("Cost per pupil", f.text).figure(m.costPerPupil, f.money, f.muted);
    t.row();
    t.text("Cost per attendance", f.text).figure(m.costPerAttendance, f.money, f.muted);
    t.row();
    t.text("Cost per pupil-hour", f.text).figure(m.costPerPupilHour, f.money, f.muted);
    lxw_worksheet* ws = t.write(wb, header + 1);
    if (lastSector > sectorHeader) {
        lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
        chartStyle(chart, "Contributions by sector");
        lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(s, t.name().c_str(), sectorHeader + 1, 0, lastSector, 0);
        chart_series_set_values(s, t.name().c_str(), sectorHeader + 1, 1, lastSector, 1);
        chart_series_set_name(s, "Amount");
        colourSeries(s, 0x2E75B6);
        chart_axis_set_num_format(chart->y_axis, "£#,##0");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        worksheet_insert_chart(ws, 1, 7, chart);
    }
}

void issuesSheet(lxw_workbook* wb, Formats& f, const check::CheckResult& result, const analyse::Analysis& a) {
    SheetTable t("Impact Data Issues");
    t.row();
    t.text("Data issues: click a cell reference to go to it", f.title);
    std::uint32_t header = t.row();
    t.text("Severity", f.header).text("Sheet", f.header).text("Cell", f.header).text("Problem", f.header).text("What to do", f.header)
        .text("Rule", f.header);
    for (const auto& i : result.issues.all()) {
        t.row();
        lxw_format* sev = i.severity == model::Severity::Error ? f.error : i.severity == model::Severity::Warning ? f.warning : f.info;
        t.text(model::severityName(i.severity), sev).text(i.sheet.empty() ? "(whole workbook)" : i.sheet, f.text);
        std::string where = !i.cell.empty() ? i.cell : i.row ? "A" + std::to_string(*i.row) : "";
        if (!i.sheet.empty() && !where.empty()) {
            t.url(cellLink(i.sheet, where), i.cell.empty() ? "row " + std::to_string(*i.row) : i.cell, f.link);
        } else {
            t.blank();
        }
        t.text(i.message, f.wrap).text(i.suggestion, f.wrap).text(i.rule, f.muted);
    }
    if (!a.unmatched.empty()) {
        t.skip();
        t.row();
        t.text("Before-responses with no after-response (left out of before/after figures)", f.title);
        t.row();
        t.text("Survey", f.header).text("Sheet", f.header).text("Cell", f.header);
        for (const auto& u : a.unmatched) {
            t.row();
            t.text(u.survey, f.text).text(u.sheet, f.text).url(cellLink(u.sheet, u.cell), u.cell, f.link);
        }
    }
    t.setMaxWidth(3, 70);
    t.setMaxWidth(4, 60);
    t.write(wb, header + 1);
}

void proposedIndicatorsSheet(lxw_workbook* wb, Formats& f, const check::CheckResult& result, const recognise::Vocabulary& vocab) {
    SheetTable t(kProposedIndicatorsName);
    t.row();
    t.text("Indicator", f.header).text("Category", f.header).text("Scale", f.header).text("Who answers", f.header)
        .text("Status", f.header);
    for (const auto& q : result.model.questions) {
        t.row();
        t.text(q.label, f.wrap);
        if (q.category) t.text(std::to_string(*q.category) + " " + vocab.category(*q.category)->shortName, f.text);
        else t.text("", f.text);
        t.text(q.scale, f.text).text(q.respondents, f.text).text(q.category ? "suggested - please check" : "please choose a category", f.muted);
    }
    t.setMaxWidth(0, 70);
    lxw_worksheet* ws = t.write(wb, 1);
    // A drop-down of the six categories on every row, so confirming is a click.
    std::vector<std::string> names;
    std::vector<const char*> list; // libxlsxwriter copies the list when the validation is added
    for (const auto& c : vocab.categories) names.push_back(std::to_string(c.id) + " " + c.shortName);
    for (const auto& n : names) list.push_back(n.c_str());
    list.push_back(nullptr);
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = const_cast<char**>(list.data());
    dv.input_title = const_cast<char*>("Impact category");
    dv.input_message = const_cast<char*>("Choose the category this question gives evidence for.");
    worksheet_data_validation_range(ws, 1, 1, static_cast<lxw_row_t>(std::max<std::size_t>(result.model.questions.size(), 1) + 50), 1, &dv);
}

} // namespace

std::vector<std::string> writeSummaryWorkbook(const std::string& path, const check::CheckResult& result,
                                              const analyse::Analysis& analysis, const recognise::Vocabulary& vocab) {
    // docProps/core.xml's created date: SOURCE_DATE_EPOCH when set, so that the same workbook gives
    // the same bytes (libxlsxwriter would write the current time). Read before the file exists: a
    // malformed value stops here.
    const std::optional<std::int64_t> epoch = sourceDateEpoch();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE; // inline strings: nothing to merge into the coordinator's shared strings
    std::string tmpdir = platform::libraryTemporaryFolder(); // "" for libxlsxwriter's own choice
    if (!tmpdir.empty()) options.tmpdir = tmpdir.data();
    std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new_opt(path.c_str(), &options));
    if (!wb) throw WriteError(path + ": cannot create the summary workbook. Check there is space and you may write there.");
    if (epoch) {
        lxw_doc_properties props{};
        props.created = static_cast<time_t>(*epoch);
        workbook_set_properties(wb.get(), &props);
    }
    Formats f(wb.get());
    std::vector<std::string> names;
    // The proposed indicators and columns sheets come first: from the next run on they are the
    // coordinator's own, and Impact's sheets stay after them, in the same order every run.
    if (!result.model.hasIndicatorsSheet && !result.model.questions.empty()) {
        proposedIndicatorsSheet(wb.get(), f, result, vocab);
        names.push_back(kProposedIndicatorsName);
    }
    if (proposesColumnsSheet(result)) {
        columnsSheet(wb.get(), f, result, vocab);
        names.push_back(kProposedColumnsName);
    }
    summarySheet(wb.get(), f, result, analysis);
    categorySheet(wb.get(), f, analysis);
    reachSheet(wb.get(), f, analysis);
    fundingSheet(wb.get(), f, analysis);
    issuesSheet(wb.get(), f, result, analysis);
    names.insert(names.end(), kSummarySheetNames.begin(), kSummarySheetNames.end());
    lxw_error err = workbook_close(wb.release());
    if (err != LXW_NO_ERROR)
        throw WriteError(path + ": could not write the summary workbook (" + lxw_strerror(err) + ").");
    return names;
}

} // namespace impact::sheets
