// Unit tests of engine/run's pure parts: the progress bar and issue places. (The settings file,
// the shortcuts and the login entries are engine/desktop's: tests/desktop.)
#include "run/progress.h"
#include "run/summary.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace impact;

TEST(Progress, BarFillsHalfOfTheCurrentStep) {
    EXPECT_EQ(run::Progress::bar(1, 5), "[#---------]");
    EXPECT_EQ(run::Progress::bar(3, 5), "[#####-----]");
    EXPECT_EQ(run::Progress::bar(5, 5), "[#########-]");
    EXPECT_EQ(run::Progress::bar(1, 2, 4), "[#---]");
}

TEST(Progress, PlainLinesWithoutATerminal) {
    std::ostringstream out;
    run::Progress p(out, false);
    p.step(2, 5, "Analysing the figures");
    p.finish("Done");
    EXPECT_EQ(out.str(), "Step 2/5: Analysing the figures\n");
}

TEST(Progress, RedrawnLineOnATerminal) {
    std::ostringstream out;
    run::Progress p(out, true);
    p.step(1, 2, "Reading");
    p.step(2, 2, "Writing");
    p.finish("Done");
    EXPECT_EQ(out.str(), "\r[##--------] 1/2 Reading\x1b[K\r[#######---] 2/2 Writing\x1b[K\r[##########] 2/2 Done\x1b[K\n");
}

TEST(Summary, IssuePlace) {
    model::Issue i;
    EXPECT_EQ(run::issuePlace(i), "the workbook");
    i.sheet = "Pupil survey";
    EXPECT_EQ(run::issuePlace(i), "Pupil survey");
    i.row = 7;
    EXPECT_EQ(run::issuePlace(i), "Pupil survey row 7");
    i.cell = "F79";
    EXPECT_EQ(run::issuePlace(i), "Pupil survey!F79");
}
