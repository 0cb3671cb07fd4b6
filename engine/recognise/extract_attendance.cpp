// Attendance in its three forms: one row per pupil per session, a register, head counts.
#include "read/cell_text.h"
#include "read/date.h"
#include "recognise/extract.h"
#include "recognise/legend.h"
#include "common/unicode_text.h"
#include "recognise/text.h"

namespace impact::recognise {

using model::Severity;

namespace {

std::string pupilName(SheetContext& ctx, std::uint32_t row) {
    std::string name = ctx.text(row, "pupil_name");
    if (name.empty()) {
        name = ctx.text(row, "first_name");
        std::string last = ctx.text(row, "last_name");
        if (!last.empty()) name += (name.empty() ? "" : " ") + last;
    }
    return name;
}

std::optional<bool> pupilPremium(SheetContext& ctx, std::uint32_t row, const std::string& key) {
    auto c = ctx.layout.column("pupil_premium");
    if (!c) return std::nullopt;
    std::string t = ctx.grid.text(row, *c);
    auto pp = ctx.pupilPremiumOf.get(t, [&](const std::string& text) { return ctx.vocab.pupilPremiumOf(text); });
    if (!pp && ctx.reported.insert("pp|" + key).second) {
        ctx.issues.atCell(Severity::Warning, "pupil-premium-blank", ctx.sheet(), row, *c,
                          t.empty() ? "The pupil premium cell is blank, so this pupil's status is unknown."
                                    : "\"" + t + "\" is not Y, N or PP, so this pupil's pupil premium status is unknown.",
                          "Type Y or N. Unknown pupils are left out of the pupil premium share.");
    }
    return pp;
}

std::optional<double> minutes(SheetContext& ctx, std::uint32_t row) {
    if (auto c = ctx.layout.column("minutes")) return ctx.number(row, *c, "duration-not-number", "duration");
    if (auto c = ctx.layout.column("hours")) {
        if (auto h = ctx.number(row, *c, "duration-not-number", "duration")) return *h * 60.0;
    }
    return std::nullopt;
}

/// A session of the long form and of head counts: the activity (folded) on the date.
std::string sessionKey(SheetContext& ctx, const std::string& activity, const std::optional<double>& date) {
    return ctx.folded.get(activity, [](const std::string& t) { return fold(t); }) + "|" +
           (date ? read::formatNumber(*date) : std::string());
}

void fillPupil(SheetContext& ctx, std::uint32_t row, model::Attendance& a) {
    a.pupilName = pupilName(ctx, row);
    a.school = ctx.text(row, "school");
    noteSectorBeside(ctx, row, a.school);
    a.schoolCell = ctx.source(row, ctx.layout.column("school").value_or(0));
    a.pupilKey = pupilKey(ctx.text(row, "pupil_id"), a.pupilName, a.school);
    a.pupilPremium = pupilPremium(ctx, row, a.pupilKey);
    if (std::string y = ctx.text(row, "year_group"); !y.empty()) a.yearGroup = y;
}

} // namespace

void extractAttendanceLong(SheetContext& ctx) {
    auto dateCol = ctx.layout.column("date");
    auto attendedCol = ctx.layout.column("attended");
    for (std::uint32_t row : ctx.dataRows()) {
        model::Attendance a;
        fillPupil(ctx, row, a);
        if (a.pupilKey.empty() && a.school.empty()) continue;
        a.activity = ctx.text(row, "activity");
        if (dateCol) a.date = ctx.date(row, *dateCol);
        a.sessionKey = sessionKey(ctx, a.activity, a.date);
        a.minutes = minutes(ctx, row);
        if (attendedCol) {
            auto yes = ctx.yesNo(row, *attendedCol);
            a.present = yes.value_or(false);
        }
        a.source = ctx.source(row, ctx.layout.column("pupil_id").value_or(ctx.layout.column("pupil_name").value_or(0)));
        ctx.model.attendance.add(a);
    }
}

void extractAttendanceRegister(SheetContext& ctx) {
    // Each session column is a session: its header (a date or "Session 3") names it.
    struct Session { std::uint32_t col; std::string key; std::optional<double> date; };
    std::vector<Session> sessions;
    for (std::uint32_t col : ctx.layout.sessionColumns) {
        Session s{col, ctx.sheet() + "|" + ctx.grid.text(ctx.layout.headerRow, col), std::nullopt};
        const read::Value& h = ctx.grid.at(ctx.layout.headerRow, col);
        if (h.type == read::CellType::Date) s.date = h.number;
        else if (auto typed = parseTypedDate(ctx.grid.text(ctx.layout.headerRow, col)); typed && typed->valid)
            s.date = read::dateToSerial(typed->date, false);
        sessions.push_back(s);
    }
    // A legend on the sheet says what its marks mean, over the usual ones.
    Legend legend = findLegend(ctx.grid, ctx.vocab);
    for (std::uint32_t row : ctx.dataRows()) {
        model::Attendance pupil;
        fillPupil(ctx, row, pupil);
        if (pupil.pupilKey.empty()) continue;
        pupil.activity = ctx.sheet();
        for (const Session& s : sessions) {
            std::string mark = ctx.grid.text(row, s.col);
            if (mark.empty()) continue; // not expected at this session
            model::Attendance a = pupil;
            a.sessionKey = s.key;
            a.date = s.date;
            a.source = ctx.source(row, s.col);
            if (auto it = legend.find(fold(mark)); it != legend.end()) a.present = it->second;
            else if (ctx.vocab.isPresentMark(mark)) a.present = true;
            else if (ctx.vocab.isAbsentMark(mark)) a.present = false;
            else {
                ctx.issues.atCell(Severity::Warning, "register-mark-unknown", ctx.sheet(), row, s.col,
                                  "\"" + mark + "\" is not a register mark Impact knows; it was not counted.",
                                  "Use ✓, Y, 1 or P for present and N, 0 or A for absent.");
                continue;
            }
            ctx.model.attendance.add(a);
        }
    }
}

void extractAttendanceCounts(SheetContext& ctx) {
    auto dateCol = ctx.layout.column("date");
    auto countCol = ctx.layout.column("count");
    auto ppCol = ctx.layout.column("pp_count");
    for (std::uint32_t row : ctx.dataRows()) {
        model::Attendance a;
        a.isHeadCount = true;
        a.school = ctx.text(row, "school");
        noteSectorBeside(ctx, row, a.school);
        a.schoolCell = ctx.source(row, ctx.layout.column("school").value_or(0));
        a.activity = ctx.text(row, "activity");
        if (dateCol) a.date = ctx.date(row, *dateCol);
        a.sessionKey = sessionKey(ctx, a.activity, a.date);
        a.source = ctx.source(row, *countCol);
        auto n = ctx.number(row, *countCol, "count-not-number", "number attending");
        if (!n) continue;
        if (*n < 0) {
            ctx.issues.atCell(Severity::Error, "count-negative", ctx.sheet(), row, *countCol,
                              "The number attending is negative (" + read::formatNumber(*n) + ").", "Type the number of pupils who attended.");
            continue;
        }
        a.headCount = *n;
        if (ppCol) a.pupilPremiumCount = ctx.number(row, *ppCol, "count-not-number", "pupil premium count");
        a.minutes = minutes(ctx, row);
        ctx.model.attendance.add(a);
    }
}

} // namespace impact::recognise
