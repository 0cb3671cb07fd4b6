// engine/common/email_list: the email cells coordinators type in a funders sheet.
#include "common/email_list.h"

#include <gtest/gtest.h>

using namespace impact;

TEST(EmailList, OneAddress) {
    EmailList l = parseEmailList("  bursar@stpeters.org ");
    ASSERT_TRUE(l.ok()) << l.problem;
    ASSERT_EQ(l.mailboxes.size(), 1u);
    EXPECT_EQ(l.mailboxes[0].address, "bursar@stpeters.org");
    EXPECT_EQ(l.mailboxes[0].name, "");
    EXPECT_EQ(l.addresses(), "bursar@stpeters.org");
}

TEST(EmailList, SeveralWithSemicolonsCommasAndLineEnds) {
    EmailList l = parseEmailList("a@x.org; b@y.org,c@z.co.uk\nd@w.org;");
    ASSERT_TRUE(l.ok()) << l.problem;
    EXPECT_EQ(l.addresses(), "a@x.org, b@y.org, c@z.co.uk, d@w.org");
}

TEST(EmailList, DisplayNamesQuotedOrNotAndWithCommas) {
    EmailList l = parseEmailList("The Bursar <bursar@x.org>; \"Smith, Jo\" <jo@x.org>, Smith, Ann <ann@x.org>");
    ASSERT_TRUE(l.ok()) << l.problem;
    ASSERT_EQ(l.mailboxes.size(), 3u);
    EXPECT_EQ(l.mailboxes[0].name, "The Bursar");
    EXPECT_EQ(l.mailboxes[0].address, "bursar@x.org");
    EXPECT_EQ(l.mailboxes[1].name, "Smith, Jo");
    EXPECT_EQ(l.mailboxes[2].name, "Smith, Ann");
    EXPECT_EQ(l.mailboxes[2].address, "ann@x.org");
}

TEST(EmailList, MailtoAndNoBreakSpaces) {
    EmailList l = parseEmailList("\xC2\xA0mailto:Head@School.org\xC2\xA0");
    ASSERT_TRUE(l.ok()) << l.problem;
    EXPECT_EQ(l.addresses(), "Head@School.org");
    EmailList accented = parseEmailList("Zoë Darà <z@x.org>");
    ASSERT_TRUE(accented.ok());
    EXPECT_EQ(accented.mailboxes[0].name, "Zoë Darà");
}

TEST(EmailList, BlankIsAProblemOfItsOwn) {
    for (const char* blank : {"", "   ", " ; , "}) {
        EmailList l = parseEmailList(blank);
        EXPECT_FALSE(l.ok()) << blank;
        EXPECT_TRUE(l.blank) << blank;
    }
}

TEST(EmailList, OneBadPartSpoilsTheCellAndIsNamed) {
    EmailList l = parseEmailList("a@x.org; Head of finance");
    EXPECT_FALSE(l.ok());
    EXPECT_FALSE(l.blank);
    EXPECT_TRUE(l.mailboxes.empty());
    EXPECT_EQ(l.problem, "'Head of finance' is not an email address");
    for (const char* bad : {"not an email", "a@b", "@x.org", "a@@x.org", "a b@x.org", "a@x..org", "a@x.org.", "Name <>", "a@.org"})
        EXPECT_FALSE(parseEmailList(bad).ok()) << bad;
}

TEST(EmailList, PlausibleAddress) {
    EXPECT_TRUE(isPlausibleAddress("first.last+tag@sub.example.co.uk"));
    EXPECT_FALSE(isPlausibleAddress("a@x"));
    EXPECT_FALSE(isPlausibleAddress("a(b)@x.org"));
    EXPECT_FALSE(isPlausibleAddress("a@x.org\r"));
}
