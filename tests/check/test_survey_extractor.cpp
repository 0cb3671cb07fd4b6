// recognise::SurveyExtractor on in-memory grids: rows read in several calls (as a long sheet's
// chunks are) give the model that one call gives, answers are scored only once every row is in,
// and a workbook past the survey questions a response can hold is refused with its sheet.
#include "check_helpers.h"
#include "common/error.h"
#include "recognise/extract.h"
#include "recognise/layout.h"

#include <gtest/gtest.h>

namespace impact::checktest {
namespace {

using read::Grid;
using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kLabels = {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"};

/// A survey of `n` pupils before and after; the middle label is first given in its last row.
Rows survey(std::size_t n) {
    Rows rows = {{"Pupil ID", "Timepoint", "I enjoy science lessons", "How sure are you in maths?"}};
    for (std::size_t t = 0; t < 2; ++t)
        for (std::size_t p = 0; p < n; ++p)
            rows.push_back({"P" + std::to_string(p), t ? "After" : "Before", kLabels[(p + t) % 2 ? 3 : 1 + 3 * t],
                            std::to_string(1 + (p + 2 * t) % 5)});
    rows.back()[2] = kLabels[2];
    return rows;
}

/// The survey's questions and responses, its rows read in `calls` parts.
model::WorkbookModel extract(const Grid& grid, std::size_t calls, model::IssueList& issues) {
    model::WorkbookModel m;
    recognise::SheetLayout layout = recognise::recogniseLayout(grid, vocab());
    EXPECT_EQ(layout.kind, model::SheetKind::Survey);
    recognise::SheetContext ctx(grid, layout, vocab(), issues, m);
    recognise::SurveyExtractor survey(ctx, model::Timepoint::None);
    std::vector<std::uint32_t> all = layout.table.rows;
    for (std::size_t part = 0; part < calls; ++part) {
        recognise::TableRows chunk;
        for (std::size_t i = part * all.size() / calls; i < (part + 1) * all.size() / calls; ++i) chunk.rows.push_back(all[i]);
        ctx.setChunk(&chunk);
        survey.readRows();
    }
    survey.finish();
    return m;
}

TEST(SurveyExtractor, RowsReadInPartsGiveWhatOneReadGives) {
    Grid grid = Grid::fromRows("Pupil survey", survey(40));
    model::IssueList oneIssues, partIssues;
    model::WorkbookModel one = extract(grid, 1, oneIssues), parts = extract(grid, 7, partIssues);
    ASSERT_EQ(one.questions.size(), 2u);
    ASSERT_EQ(parts.questions.size(), 2u);
    // The middle label, given only in the last row, puts the question on the 5-point scale.
    EXPECT_EQ(parts.questions[0].scale, "agreement5");
    EXPECT_EQ(parts.questions[1].scale, one.questions[1].scale);
    ASSERT_EQ(one.responses.size(), 80u);
    ASSERT_EQ(parts.responses.size(), 80u);
    for (std::size_t i = 0; i < 80; ++i) {
        EXPECT_EQ(parts.responses[i].respondentKey, one.responses[i].respondentKey) << i;
        EXPECT_EQ(parts.responses[i].timepoint, one.responses[i].timepoint) << i;
        EXPECT_EQ(parts.responses[i].answers.at(0), one.responses[i].answers.at(0)) << i;
    }
    // "Agree" is point 4 of 5, not 3 of 4: scored after every row was seen.
    EXPECT_EQ(parts.responses[1].answers.at(0), 4);
    EXPECT_EQ(parts.responses[0].answers.at(0), 2);
    EXPECT_EQ(parts.responses[79].answers.at(0), 3);
    EXPECT_EQ(parts.responses[40].timepoint, model::Timepoint::After);
    EXPECT_EQ(partIssues.all().size(), oneIssues.all().size());
}

TEST(SurveyExtractor, AnAnswerOffTheScaleIsReportedAtItsCell) {
    Rows rows = survey(30);
    rows[17][3] = "9";
    model::IssueList issues;
    model::WorkbookModel m = extract(Grid::fromRows("Pupil survey", rows), 3, issues);
    std::vector<std::string> cells;
    for (const auto& i : issues.all())
        if (i.rule == "scale-out-of-range") cells.push_back(i.cell);
    EXPECT_EQ(cells, std::vector<std::string>{"D18"});
    EXPECT_EQ(m.responses[16].answers.count(1), 0u);
}

TEST(SurveyExtractor, RefusesAWorkbookPastTheQuestionsAResponseCanHold) {
    Grid grid = Grid::fromRows("Pupil survey", survey(10));
    model::WorkbookModel m;
    m.path = "big.xlsx";
    m.questions.resize(model::Answers::kMaxQuestions);
    model::IssueList issues;
    recognise::SheetLayout layout = recognise::recogniseLayout(grid, vocab());
    recognise::SheetContext ctx(grid, layout, vocab(), issues, m);
    recognise::SurveyExtractor survey(ctx, model::Timepoint::None);
    survey.readRows();
    try {
        survey.finish();
        FAIL() << "no error";
    } catch (const ReadError& e) {
        EXPECT_NE(std::string(e.what()).find("big.xlsx: sheet 'Pupil survey'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("65,535"), std::string::npos) << e.what();
    }
    model::Answers answers;
    EXPECT_THROW(answers.set(model::Answers::kMaxQuestions, 1), std::length_error);
}

} // namespace
} // namespace impact::checktest
