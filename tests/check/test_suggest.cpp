// Proposing a category for a survey question from its wording and who answers it.
#include "check_helpers.h"
#include "validate/rules.h"

#include <gtest/gtest.h>

namespace impact::checktest {
namespace {

using validate::suggestCategory;

TEST(Suggest, TeacherConfidenceInTeachingIsTeacherSkills) {
    EXPECT_EQ(suggestCategory("How confident do you feel teaching electricity?", "teacher", vocab()), 4);
    EXPECT_EQ(suggestCategory("How confident are you?", "teacher", vocab()), 4);
}

TEST(Suggest, PupilConfidenceIsPupilViews) {
    EXPECT_EQ(suggestCategory("How confident are you speaking in front of other people?", "pupil", vocab()), 2);
    EXPECT_EQ(suggestCategory("I enjoyed the masterclass", "pupil", vocab()), 2);
}

TEST(Suggest, WhatAPupilKnowsIsKnowledge) {
    EXPECT_EQ(suggestCategory("How much do you know about black holes?", "pupil", vocab()), 1);
    EXPECT_EQ(suggestCategory("I understand how vaccines work", "pupil", vocab()), 1);
}

TEST(Suggest, RecommendingThePartnershipIsRelationships) {
    EXPECT_EQ(suggestCategory("How likely are you to recommend the partnership to a colleague?", "teacher", vocab()), 5);
    EXPECT_EQ(suggestCategory("How likely are you to recommend the partnership to a friend?", "pupil", vocab()), 5);
}

TEST(Suggest, TeachersViewOfPupilsIsTeacherViews) {
    EXPECT_EQ(suggestCategory("My pupils are confident to ask questions and speak up in science lessons", "teacher", vocab()), 3);
}

TEST(Suggest, NothingMatches) {
    EXPECT_FALSE(suggestCategory("Rate the school lunch", "pupil", vocab()));
    EXPECT_FALSE(suggestCategory("", "pupil", vocab()));
}

} // namespace
} // namespace impact::checktest
