// The case folding every text match uses (engine/common/unicode_text), and its shortcut for text
// that needs no Unicode tables, checked against utf8proc itself.
#include "common/unicode_text.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace impact;

namespace {

/// utf8proc's own folding, as foldCase() documents it.
std::string utf8procFold(const std::string& s) {
    utf8proc_uint8_t* out = nullptr;
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out, options);
    std::string r = n < 0 ? "<error>" : std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return r;
}

} // namespace

TEST(UnicodeText, CharByCharAgreesWithUtf8procOnEveryCodePoint) {
    // Every code point folded on its own must come out of utf8proc the same, between ASCII
    // capitals (lowered) on both sides.
    int through = 0;
    for (char32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        std::string s = "Ab";
        appendUtf8(cp, s);
        s += "C";
        if (!foldsCharByChar(s)) {
            ASSERT_EQ(foldTwoByte(cp), 0u) << std::hex << static_cast<unsigned>(cp);
            continue;
        }
        ++through;
        std::string expected = "ab";
        appendUtf8(cp < 0x800 ? foldTwoByte(cp) : cp, expected);
        expected += "c";
        ASSERT_EQ(utf8procFold(s), expected) << "U+" << std::hex << static_cast<unsigned>(cp);
        ASSERT_EQ(foldCase(s), expected) << "U+" << std::hex << static_cast<unsigned>(cp);
    }
    EXPECT_GT(through, 1000);
    EXPECT_EQ(foldTwoByte(U'É'), U'é');
    EXPECT_EQ(foldTwoByte(U'Σ'), U'σ');
    EXPECT_EQ(foldTwoByte(U'ς'), U'σ');
    EXPECT_EQ(foldTwoByte(U'µ'), U'μ');   // micro sign is Greek mu
    EXPECT_EQ(foldTwoByte(U'ß'), 0u);     // "ss": longer
    EXPECT_EQ(foldTwoByte(0xAD), 0u);     // soft hyphen: dropped
    EXPECT_EQ(foldTwoByte(0x301), 0u);    // combining acute: composes with what precedes it
    EXPECT_TRUE(foldsCharByChar("£2,000\xC2\xA0\xE2\x80\x99\xE2\x80\x93\xE2\x9C\x93 Zoë"));
    EXPECT_FALSE(foldsCharByChar("e\u0301"));
    EXPECT_FALSE(foldsCharByChar("\xE2\x80"));  // cut short
    EXPECT_FALSE(foldsCharByChar("\xC3("));      // a lead byte without its follower
}

TEST(UnicodeText, CharByCharAgreesWithUtf8procOnPairs) {
    // Two characters folded one by one fold as utf8proc folds the pair: no starter below U+0800
    // composes with, or reorders around, the one before it.
    std::vector<char32_t> simple;
    for (char32_t cp = 0x80; cp < 0x800; ++cp)
        if (foldTwoByte(cp)) simple.push_back(cp);
    for (char32_t a : simple)
        for (std::size_t k = 0; k < simple.size(); ++k) {
            std::string s, expected;
            appendUtf8(a, s);
            appendUtf8(simple[k], s);
            appendUtf8(foldTwoByte(a), expected);
            appendUtf8(foldTwoByte(simple[k]), expected);
            ASSERT_EQ(utf8procFold(s), expected) << std::hex << static_cast<unsigned>(a) << " " << static_cast<unsigned>(simple[k]);
        }
}

TEST(UnicodeText, FoldCaseMatchesUtf8proc) {
    for (std::string s : {"ÉCOLE Straße", "e\u0301", "ΟΔΥΣΣΕΎΣ", "İSTANBUL", "Ж\u200Bx", "ﬃ", "Ǳ", "ΐ"})
        EXPECT_EQ(foldCase(s), utf8procFold(s)) << s;
    EXPECT_EQ(foldCase("Straße"), "strasse");
    EXPECT_EQ(foldCase("A  B – C"), "a  b – c"); // spaces and punctuation kept
}

TEST(UnicodeText, FoldCaseGrowsItsBufferWhenDecomposingLengthens) {
    // ΐ is two bytes and three code points once folded and decomposed: more than the first guess.
    std::string text;
    for (int i = 0; i < 50; ++i) text += "ΐǰ";
    std::string got;
    std::thread([&] { got = foldCase(text); }).join(); // a fresh thread: a fresh buffer
    EXPECT_EQ(got, text);
    EXPECT_EQ(got, utf8procFold(text));
}

TEST(UnicodeText, InvalidUtf8ComesBackAsItsBytes) {
    EXPECT_EQ(foldCase("CAF\xC3"), "caf\xC3");
    EXPECT_EQ(foldCase("\xFF\xC3\xA9X"), "\xFF\xC3\xA9x");
    EXPECT_EQ(foldCase(std::string("A\0B", 3)), std::string("a\0b", 3));
}

TEST(UnicodeText, DecodeAnyBytes) {
    EXPECT_EQ(decodeUtf8("aé€😀"), U"aé€😀");
    EXPECT_EQ(decodeUtf8("a\xFF" "b"), std::u32string({U'a', 0xFF, U'b'}));
    EXPECT_EQ(decodeUtf8("\xE2\x82"), std::u32string({0xE2, 0x82}));
    std::string back;
    for (char32_t c : decodeUtf8("aé€😀")) appendUtf8(c, back);
    EXPECT_EQ(back, "aé€😀");
}
