// engine/common/number_text: the one way figures and money are written for people.
#include "common/number_text.h"

#include <gtest/gtest.h>

using namespace impact;

TEST(NumberText, GroupedNumber) {
    EXPECT_EQ(groupedNumber(1234), "1,234");
    EXPECT_EQ(groupedNumber(1234567.26, 1), "1,234,567.3");
    EXPECT_EQ(groupedNumber(999.6), "1,000");
    EXPECT_EQ(groupedNumber(-0.2), "0");
    EXPECT_EQ(groupedNumber(-4200), "-4,200");
    EXPECT_EQ(groupedNumber(0), "0");
    EXPECT_EQ(groupedNumber(100), "100");
    EXPECT_EQ(groupedNumber(1e21), "1,000,000,000,000,000,000,000");
}

TEST(NumberText, GroupedCountRoundsHalfAwayFromZero) {
    EXPECT_EQ(groupedCount(2.5), "3");
    EXPECT_EQ(groupedCount(-2.5), "-3");
    EXPECT_EQ(groupedCount(1234.4), "1,234");
}

TEST(NumberText, Pounds) {
    EXPECT_EQ(pounds(16305), "£16,305.00");
    EXPECT_EQ(pounds(0), "£0.00");
    EXPECT_EQ(pounds(999.999), "£1,000.00");
    EXPECT_EQ(pounds(1234567.5), "£1,234,567.50");
    EXPECT_EQ(pounds(-500), "-£500.00");
    EXPECT_EQ(pounds(12.5, 0), "£13");
    EXPECT_EQ(pounds(16305.4, 0), "£16,305");
    EXPECT_EQ(pounds(-0.001), "£0.00");
}
