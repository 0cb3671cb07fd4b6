// Text as coordinators type it: UK dates, money, shares, likeness of names, "(before)" suffixes.
#include "check_helpers.h"
#include "recognise/extract.h"
#include "common/unicode_text.h"
#include "recognise/text.h"

#include <gtest/gtest.h>

namespace impact::checktest {
namespace {

using recognise::parseMoney;
using recognise::parseShare;
using recognise::parseTypedDate;
using recognise::splitTimepointSuffix;

void expectDate(const char* text, int y, unsigned m, unsigned d) {
    auto t = parseTypedDate(text);
    ASSERT_TRUE(t.has_value()) << text;
    EXPECT_TRUE(t->valid) << text;
    EXPECT_EQ(t->date.year, y) << text;
    EXPECT_EQ(t->date.month, m) << text;
    EXPECT_EQ(t->date.day, d) << text;
}

TEST(Text, UkSlashDateIsDayFirst) {
    expectDate("12/03/2025", 2025, 3, 12); // 12 March, not 3 December
    expectDate("03/12/2025", 2025, 12, 3);
}

TEST(Text, DateWithMonthName) {
    expectDate("12 March 2025", 2025, 3, 12);
    expectDate("12th Mar 25", 2025, 3, 12);
    expectDate("Wed 12 March 2025", 2025, 3, 12);
    expectDate("1st October 2024", 2024, 10, 1);
}

TEST(Text, OtherDateSeparatorsAndIso) {
    expectDate("12-3-25", 2025, 3, 12);
    expectDate("12.03.2025", 2025, 3, 12);
    expectDate("2025-03-12", 2025, 3, 12);
    expectDate("  12/03/2025 ", 2025, 3, 12);
}

TEST(Text, ImpossibleDateIsDateShapedButInvalid) {
    auto t = parseTypedDate("31/02/2025");
    ASSERT_TRUE(t.has_value());
    EXPECT_FALSE(t->valid);
    auto leap = parseTypedDate("29/02/2025");
    ASSERT_TRUE(leap.has_value());
    EXPECT_FALSE(leap->valid);
    expectDate("29/02/2024", 2024, 2, 29);
}

TEST(Text, NotADate) {
    EXPECT_FALSE(parseTypedDate("hello"));
    EXPECT_FALSE(parseTypedDate("Session 3"));
    EXPECT_FALSE(parseTypedDate("12/03"));
    EXPECT_FALSE(parseTypedDate(""));
    EXPECT_FALSE(parseTypedDate("£2,000"));
    EXPECT_FALSE(parseTypedDate("12 Smarch 2025"));
}

TEST(Text, MoneyTypedAsText) {
    EXPECT_EQ(parseMoney("£2,000"), 2000.0);
    EXPECT_EQ(parseMoney("£1,050.00"), 1050.0);
    EXPECT_EQ(parseMoney("2000.50"), 2000.5);
    EXPECT_EQ(parseMoney("(500)"), -500.0);
    EXPECT_EQ(parseMoney("-£200"), -200.0);
    EXPECT_EQ(parseMoney("£1.2k"), 1200.0);
    EXPECT_EQ(parseMoney(" 750 "), 750.0);
}

TEST(Text, MoneyThatIsNotAnAmount) {
    EXPECT_FALSE(parseMoney("two thousand"));
    EXPECT_FALSE(parseMoney("TBC"));
    EXPECT_FALSE(parseMoney("£"));
    EXPECT_FALSE(parseMoney(""));
    EXPECT_FALSE(parseMoney("1.2.3"));
}

TEST(Text, Shares) {
    EXPECT_DOUBLE_EQ(*parseShare("23%", false, 0), 0.23);
    EXPECT_DOUBLE_EQ(*parseShare("23 %", false, 0), 0.23);
    EXPECT_DOUBLE_EQ(*parseShare("", true, 0.23), 0.23);
    EXPECT_DOUBLE_EQ(*parseShare("", true, 23), 0.23);
    EXPECT_DOUBLE_EQ(*parseShare("23", false, 0), 0.23);
    EXPECT_DOUBLE_EQ(*parseShare("0.23", false, 0), 0.23);
    EXPECT_FALSE(parseShare("n/a", false, 0));
    EXPECT_FALSE(parseShare("", false, 0));
}

TEST(Text, SimilarityOfSchoolNames) {
    EXPECT_GE(similarity("St Marys CE Primry", "St Mary's CE Primary"), 0.8);
    EXPECT_DOUBLE_EQ(similarity("Huntington School ", "huntington  SCHOOL"), 1.0);
    EXPECT_LT(similarity("Huntington School", "Fulford Vale Academy"), 0.5);
}

TEST(Text, FoldAndNormalise) {
    EXPECT_EQ(fold("  Huntington   SCHOOL "), "huntington school");
    EXPECT_EQ(normalise("Pupil Premium (Y/N)"), "pupil premium y n");
    EXPECT_TRUE(containsWords("Number of pupils attending", "pupils"));
    EXPECT_FALSE(containsWords("Pupillage", "pupil"));
}

TEST(Text, FoldIsUnicodeCaseFolding) {
    EXPECT_EQ(fold("ÉCOLE"), fold("école"));
    EXPECT_EQ(fold("ÉCOLE"), "école");
    EXPECT_EQ(fold("Straße"), fold("STRASSE")); // full case folding: ß is ss
    EXPECT_EQ(fold("Ünïon Ж"), "ünïon ж");
    EXPECT_EQ(normalise("Numéro d’ÉLÈVE (Y/N)"), "numéro d élève y n");
    EXPECT_TRUE(containsWords("Numéro d’ÉLÈVE", "élève"));
}

TEST(Text, FoldComposes) {
    EXPECT_EQ(fold("e\u0301cole"), fold("\u00E9cole")); // e + combining acute is é
    EXPECT_EQ(fold("E\u0301COLE"), "\u00E9cole");
    EXPECT_TRUE(containsWords("Nom de l'e\u0301cole", "école"));
}

TEST(Text, FoldGreekAndTurkish) {
    // Capital, small and final sigma are one letter to case folding.
    EXPECT_EQ(fold("ΟΔΥΣΣΕΎΣ"), fold("Οδυσσεύς"));
    EXPECT_EQ(fold("ΣΟΦΊΑ"), "σοφία");
    // Default (not Turkish) folding: I is i, dotless ı stays its own letter, İ is i + dot above.
    EXPECT_EQ(fold("ISTANBUL"), "istanbul");
    EXPECT_NE(fold("ısparta"), fold("isparta"));
    EXPECT_EQ(fold("İSTANBUL"), fold("i\u0307stanbul"));
}

TEST(Text, FoldDropsInvisibleCharactersAndKeepsTheOldRules) {
    EXPECT_EQ(fold("Pupil\u200B Premium"), "pupil premium");      // zero-width space
    EXPECT_EQ(fold("Head\u00ADteacher"), "headteacher");           // soft hyphen
    EXPECT_EQ(fold("\u2714\uFE0F"), "\u2714");                      // ✔ with an emoji selector is ✔
    // No-break space, ’ and dashes as before, with other text that needs the Unicode tables.
    EXPECT_EQ(fold(" ÉCOLE\u00A0St’Mary – Ж  "), "école st'mary - ж");
    EXPECT_EQ(normalise("ÉCOLE\u00A0St’Mary — Ж"), "école st mary ж");
    EXPECT_EQ(fold("£2,000 ✓"), "£2,000 ✓");
}

TEST(Text, InvalidUtf8FoldsAsItsBytes) {
    EXPECT_NO_THROW(fold("CAF\xC3"));
    EXPECT_EQ(fold("CAF\xC3"), "caf\xC3");              // cut short
    EXPECT_EQ(fold(" A\xFF\xFE B "), "a\xFF\xFE b");     // never UTF-8
    EXPECT_EQ(fold("\xC3\x28X"), "\xC3(x");              // a lead byte without its follower
    EXPECT_EQ(fold("\xED\xA0\x80É"), "\xED\xA0\x80é");  // a surrogate: left as it is
    EXPECT_NO_THROW(normalise("\xC0\xAF/x"));
    EXPECT_NO_THROW(similarity("\xF0\x9F", "\xF0\x9F\x98\x80"));
    EXPECT_FALSE(containsWords("\xE2\x80", "x"));
    EXPECT_DOUBLE_EQ(similarity("Caf\xC3", "caf\xC3"), 1.0);
}

TEST(Text, SimilarityCountsCharactersNotBytes) {
    EXPECT_DOUBLE_EQ(similarity("Ecole", "École"), 0.8);  // one letter of five
    EXPECT_DOUBLE_EQ(similarity("ÉCOLE", "école"), 1.0);
    EXPECT_DOUBLE_EQ(similarity("abcd", "abed"), 0.75);  // ASCII as before
}

TEST(Text, SchoolTypedInAnotherCaseIsOneSchool) {
    EXPECT_EQ(recognise::schoolKey("Saint-Étienne Académie"), recognise::schoolKey("saint-étienne académie "));
    EXPECT_EQ(recognise::schoolKey("SAINT-ÉTIENNE ACADÉMIE"), recognise::schoolKey("Saint-E\u0301tienne Acade\u0301mie"));
    EXPECT_NE(recognise::schoolKey("Saint-Étienne Académie"), recognise::schoolKey("Saint-Etienne Academie"));
}

TEST(Text, SplitTimepointSuffix) {
    const auto& words = vocab().timepointWords();
    auto q3 = splitTimepointSuffix("Q3 (before)", words);
    ASSERT_TRUE(q3.has_value());
    EXPECT_EQ(fold(q3->base), "q3");
    EXPECT_EQ(vocab().timepointOf(q3->timepoint), model::Timepoint::Before);

    auto post = splitTimepointSuffix("Confidence - post", words);
    ASSERT_TRUE(post.has_value());
    EXPECT_EQ(fold(post->base), "confidence");
    EXPECT_EQ(vocab().timepointOf(post->timepoint), model::Timepoint::After);

    auto after = splitTimepointSuffix("How confident are you? (After)", words);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(fold(after->base), "how confident are you?");
    EXPECT_EQ(vocab().timepointOf(after->timepoint), model::Timepoint::After);

    EXPECT_FALSE(splitTimepointSuffix("How confident are you?", words));
    EXPECT_FALSE(splitTimepointSuffix("before", words));
}

// The question keeps its wording: reports show "Q3", not "q3".
TEST(Text, SplitTimepointSuffixKeepsTheQuestionsCapitals) {
    auto q = splitTimepointSuffix("How confident are you? (before)", vocab().timepointWords());
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(q->base, "How confident are you?");
}

} // namespace
} // namespace impact::checktest

TEST(Text, TimepointWordEndingAQuestionIsNotASuffix) {
    const auto& words = impact::checktest::vocab().timepointWords();
    EXPECT_FALSE(impact::recognise::splitTimepointSuffix("Have you seen a robot like this before?", words));
    EXPECT_FALSE(impact::recognise::splitTimepointSuffix("What will you do after", words));
    auto dash = impact::recognise::splitTimepointSuffix("Confidence - post", words);
    ASSERT_TRUE(dash);
    EXPECT_EQ(dash->base, "Confidence");
    auto colon = impact::recognise::splitTimepointSuffix("Q3: after", words);
    ASSERT_TRUE(colon);
    EXPECT_EQ(colon->base, "Q3");
}
