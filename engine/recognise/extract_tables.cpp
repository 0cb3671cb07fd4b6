// The small tables: contributions, schools, funders, indicators, assessments, settings.
#include "common/email_list.h"
#include "read/cell_text.h"
#include "recognise/extract.h"
#include "common/unicode_text.h"
#include "recognise/text.h"

#include <algorithm>
#include <cmath>

namespace impact::recognise {

using model::Severity;

namespace {

/// One amount column of a contributions sheet: "Amount" (cash or in kind by the row's type
/// column, its purpose, or the column's own header), or "Cash (£)" / "In kind (£)" beside it.
struct AmountColumn {
    std::uint32_t col;
    std::string kind; ///< "cash", "in_kind", or "" (told by the row)
};

std::vector<AmountColumn> amountColumns(const SheetContext& ctx) {
    std::vector<AmountColumn> out;
    if (auto c = ctx.layout.column("amount")) out.push_back({*c, ctx.vocab.contributionKindOf(ctx.layout.columnAt(*c)->header)});
    if (auto c = ctx.layout.column("amount_cash")) out.push_back({*c, "cash"});
    if (auto c = ctx.layout.column("amount_in_kind")) out.push_back({*c, "in_kind"});
    return out;
}

} // namespace

void extractContributions(SheetContext& ctx) {
    std::vector<AmountColumn> amounts = amountColumns(ctx);
    auto dateCol = ctx.layout.column("date");
    std::string contributorField = ctx.layout.column("contributor") ? "contributor" : "school";
    double runningTotal = 0;
    for (std::uint32_t row : ctx.dataRows()) {
        std::string contributor = ctx.text(row, contributorField);
        bool anyAmount = std::any_of(amounts.begin(), amounts.end(), [&](const AmountColumn& a) { return !ctx.grid.at(row, a.col).empty(); });
        if (contributor.empty() && !anyAmount) continue;
        // A totals row with no label: no contributor, and the amounts are the sums of those above.
        if (contributor.empty() && runningTotal > 0) {
            double rowSum = 0;
            bool numbers = true;
            for (const auto& a : amounts) {
                const read::Value& v = ctx.grid.at(row, a.col);
                if (v.type == read::CellType::Number) rowSum += v.number;
                else if (!v.empty()) numbers = false;
            }
            if (numbers && std::abs(rowSum - runningTotal) < 0.005) {
                ctx.issues.atRow(Severity::Info, "totals-row-skipped", ctx.sheet(), row,
                                 "Row " + std::to_string(row + 1) + " holds the total of the amounts above; it was not read as a contribution.");
                break;
            }
        }
        noteSectorBeside(ctx, row, contributor);
        if (!anyAmount) {
            ctx.issues.atCell(Severity::Warning, "amount-blank", ctx.sheet(), row, amounts.front().col,
                              "The amount for " + (contributor.empty() ? std::string("this row") : contributor) + " is blank.",
                              "Type the amount, or delete the row.");
            continue;
        }
        std::string sector = ctx.vocab.sectorOf(ctx.text(row, "sector"));
        std::string purpose = ctx.text(row, "purpose");
        std::string rowKind = ctx.vocab.contributionKindOf(ctx.text(row, "contribution_type"));
        if (rowKind.empty()) rowKind = ctx.vocab.contributionKindOf(purpose);
        std::vector<model::Contribution> read;
        for (const auto& a : amounts) {
            if (ctx.grid.at(row, a.col).empty()) continue;
            model::Contribution c;
            c.contributor = contributor;
            c.source = ctx.source(row, a.col);
            auto amount = ctx.number(row, a.col, "amount-not-number", "amount");
            if (!amount) continue;
            if (*amount < 0) {
                ctx.issues.atCell(Severity::Error, "amount-negative", ctx.sheet(), row, a.col,
                                  "The amount " + read::formatNumber(*amount) + " is negative.",
                                  "Type contributions as positive amounts; record refunds in a note.");
                continue;
            }
            c.amount = *amount;
            runningTotal += *amount;
            c.sector = sector;
            c.purpose = purpose;
            // The row's own type column says it first; then a cash/in-kind amount column's header.
            std::string k = a.kind.empty() || amounts.size() == 1 ? (rowKind.empty() ? a.kind : rowKind) : a.kind;
            c.inKind = k == "in_kind";
            read.push_back(std::move(c));
        }
        // The date after the amounts, so that a row's issues are listed in the order of its cells.
        std::optional<double> date;
        if (dateCol && !ctx.grid.at(row, *dateCol).empty()) date = ctx.date(row, *dateCol);
        for (auto& c : read) {
            c.date = date;
            ctx.model.contributions.push_back(std::move(c));
        }
    }
}

void extractSchools(SheetContext& ctx) {
    ctx.model.hasSchoolsSheet = true;
    auto sectorCol = *ctx.layout.column("sector");
    for (std::uint32_t row : ctx.dataRows()) {
        model::School s;
        s.name = ctx.text(row, "school");
        if (s.name.empty()) continue;
        std::string sector = ctx.grid.text(row, sectorCol);
        s.sector = ctx.vocab.sectorOf(sector);
        if (s.sector.empty())
            ctx.issues.atCell(Severity::Warning, "sector-unknown", ctx.sheet(), row, sectorCol,
                              sector.empty() ? "The sector of " + s.name + " is blank."
                                             : "\"" + sector + "\" is not a sector Impact knows.",
                              "Type State, Independent, or another sector (University, Council, Charity, Business).");
        if (auto c = ctx.layout.column("school_pp_share"); c && !ctx.grid.at(row, *c).empty()) {
            const read::Value& v = ctx.grid.at(row, *c);
            s.pupilPremiumShare = parseShare(ctx.grid.text(row, *c), v.type == read::CellType::Number, v.number);
        }
        if (auto c = ctx.layout.column("quota"); c && !ctx.grid.at(row, *c).empty())
            s.quota = ctx.number(row, *c, "quota-not-number", "quota");
        s.phase = ctx.text(row, "phase");
        s.source = ctx.source(row, *ctx.layout.column("school"));
        ctx.model.schools.push_back(std::move(s));
    }
}

void extractFunders(SheetContext& ctx) {
    std::string nameField = ctx.layout.column("funder") ? "funder" : "contributor";
    for (std::uint32_t row : ctx.dataRows()) {
        model::Funder f;
        f.name = ctx.text(row, nameField);
        if (f.name.empty()) continue;
        f.email = ctx.text(row, "email");
        f.contact = ctx.text(row, "contact");
        f.note = ctx.text(row, "note");
        f.contributionLink = ctx.text(row, "contribution_link");
        f.source = ctx.source(row, *ctx.layout.column(nameField));
        if (EmailList emails = parseEmailList(f.email); !emails.ok())
            ctx.issues.atCell(Severity::Warning, "email-invalid", ctx.sheet(), row, *ctx.layout.column("email"),
                              emails.blank ? "There is no email address for " + f.name + "."
                                           : emails.problem + ", so " + f.name + " cannot be sent their report.",
                              "Type the funder's email address (several: separate them with ';'; a name may go first, "
                              "as in Bursar <bursar@school.org>).");
        ctx.model.funders.push_back(std::move(f));
    }
}

void extractIndicators(SheetContext& ctx) {
    ctx.model.hasIndicatorsSheet = true;
    auto categoryCol = *ctx.layout.column("category");
    for (std::uint32_t row : ctx.dataRows()) {
        model::IndicatorRow ind;
        ind.name = ctx.text(row, "indicator");
        if (ind.name.empty()) continue;
        ind.source = ctx.source(row, categoryCol);
        std::string cat = ctx.grid.text(row, categoryCol);
        if (cat.empty()) {
            ctx.issues.atCell(Severity::Error, "category-missing", ctx.sheet(), row, categoryCol,
                              "\"" + ind.name + "\" has no impact category.", "Type a category from 1 to 6 (1 = Knowledge ... 6 = Economic).");
        } else if (auto id = ctx.vocab.categoryOf(cat); id && ctx.vocab.category(*id)) {
            ind.category = id;
        } else {
            ctx.issues.atCell(Severity::Error, "category-unknown", ctx.sheet(), row, categoryCol,
                              "\"" + cat + "\" is not one of the six impact categories.",
                              "Use 1 Knowledge, 2 Pupil behaviour (pupils' views), 3 Pupil behaviour (teachers' views), "
                              "4 Teacher skills, 5 Relationships between schools, 6 Economic.");
        }
        ind.scale = ctx.text(row, "scale");
        ind.respondents = ctx.vocab.respondentTypeOf(ctx.text(row, "respondent_group"));
        ctx.model.indicators.push_back(std::move(ind));
    }
}

void extractAssessment(SheetContext& ctx) {
    for (std::uint32_t row : ctx.dataRows()) {
        model::AssessmentResult a;
        a.pupilName = ctx.text(row, "pupil_name");
        a.school = ctx.text(row, "school");
        a.pupilKey = pupilKey(ctx.text(row, "pupil_id"), a.pupilName, a.school);
        if (a.pupilKey.empty()) continue;
        a.assessment = ctx.text(row, "assessment");
        if (a.assessment.empty()) a.assessment = ctx.sheet();
        auto score = [&](std::string_view field) -> std::optional<double> {
            auto c = ctx.layout.column(field);
            if (!c || ctx.grid.at(row, *c).empty()) return std::nullopt;
            return ctx.number(row, *c, "score-not-number", "score");
        };
        a.before = score("score_before");
        a.after = score("score_after");
        if (!a.after) a.after = score("score");
        a.max = score("max_score");
        a.source = ctx.source(row, ctx.layout.column("pupil_id").value_or(ctx.layout.column("pupil_name").value_or(0)));
        for (auto [value, field] : {std::pair{a.before, "score_before"}, std::pair{a.after, "score_after"}}) {
            auto c = ctx.layout.column(field);
            if (!c) c = ctx.layout.column("score");
            if (value && a.max && (*value < 0 || *value > *a.max) && c)
                ctx.issues.atCell(Severity::Error, "score-out-of-range", ctx.sheet(), row, *c,
                                  "The score " + read::formatNumber(*value) + " is outside 0 to " + read::formatNumber(*a.max) + ".",
                                  "Check the score and the maximum score.");
        }
        ctx.model.assessments.push_back(std::move(a));
    }
}

void extractSettings(const read::Grid& grid, const Vocabulary& vocab, model::WorkbookModel& model) {
    for (std::uint32_t r : grid.rowIndices()) {
        for (std::uint32_t c = 0; c + 1 < std::max<std::uint32_t>(grid.columnCount(), 2); ++c) {
            std::string key = grid.text(r, c);
            if (key.empty()) continue;
            std::string n = normalise(key);
            for (const auto& [setting, words] : vocab.settings)
                if (std::find(words.begin(), words.end(), n) != words.end() && !model.settings.count(setting))
                    model.settings[setting] = grid.text(r, c + 1);
            break;
        }
    }
}

} // namespace impact::recognise
