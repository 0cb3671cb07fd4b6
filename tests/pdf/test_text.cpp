// Pure layout logic, no PDF: UTF-8 clean-up, wrapping, word breaking, ticks, number formats, colours.
#include "pdf/chart.h"
#include "pdf/text.h"

#include <gtest/gtest.h>

using namespace impact::pdf;

namespace {

/// Every code point is half the font size wide; bold is 20% wider.
class FakeMeasure : public TextMeasure {
public:
    double width(std::string_view s, FontStyle font, double size) const override {
        double n = 0;
        for (unsigned char c : s)
            if ((c & 0xC0) != 0x80) ++n;
        return n * size * 0.5 * (font == FontStyle::Bold ? 1.2 : 1.0);
    }
};

std::string joined(const Line& l) {
    std::string s;
    for (std::size_t i = 0; i < l.words.size(); ++i) {
        if (i) s += ' ';
        for (const Piece& p : l.words[i].pieces) s += p.text;
    }
    return s;
}

} // namespace

TEST(Text, CleanUtf8KeepsTextAndReplacesInvalidBytes) {
    EXPECT_EQ(cleanUtf8("£1,234 café – Zoë’s"), "£1,234 café – Zoë’s");
    EXPECT_EQ(cleanUtf8("a\tb\r\nc"), "a b \nc");
    EXPECT_EQ(cleanUtf8("bad \xC3 byte"), "bad \xEF\xBF\xBD byte");
    EXPECT_EQ(cleanUtf8("overlong \xC0\xAF"), "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(cleanUtf8("emoji \xF0\x9F\x98\x80!"), "emoji \xEF\xBF\xBD!");   // outside the BMP
    EXPECT_EQ(cleanUtf8("bell\x07"), "bell");
}

TEST(Text, WrapsAtSpacesWithinTheWidth) {
    FakeMeasure m;   // size 10: 5 pt per character, space 5 pt
    auto lines = wrap("aaaa bbbb cccc dddd", FontStyle::Regular, 10, 50, m);   // 10 characters per line
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(joined(lines[0]), "aaaa bbbb");
    EXPECT_EQ(joined(lines[1]), "cccc dddd");
    EXPECT_DOUBLE_EQ(lines[0].width, 45);
    EXPECT_FALSE(lines[0].endsParagraph);
    EXPECT_TRUE(lines[1].endsParagraph);
}

TEST(Text, HardBreaksEndParagraphs) {
    FakeMeasure m;
    auto lines = wrap("one\ntwo three", FontStyle::Regular, 10, 500, m);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(joined(lines[0]), "one");
    EXPECT_TRUE(lines[0].endsParagraph);
    EXPECT_EQ(joined(lines[1]), "two three");
}

TEST(Text, LongWordIsBrokenAndNoLineOverflows) {
    FakeMeasure m;
    std::string text = "short Pneumonoultramicroscopicsilicovolcanoconiosis £1,234 ééééééééééééééééééé end";
    for (double width : {12.0, 23.0, 50.0, 77.5, 120.0}) {
        auto lines = wrap(text, FontStyle::Regular, 10, width, m);
        std::string all;
        for (const Line& l : lines) {
            EXPECT_LE(l.width, width + 1e-9) << "width " << width << ": " << joined(l);
            for (const Word& w : l.words)
                for (const Piece& p : w.pieces) all += p.text;
        }
        std::string expected;
        for (char c : text)
            if (c != ' ') expected += c;
        EXPECT_EQ(all, expected) << "no character lost or split inside a UTF-8 sequence";
    }
}

TEST(Text, MixedRunsMeasureEachFace) {
    FakeMeasure m;
    std::vector<impact::pdf::Run> runs{{"Raised "}, {"£12,400", FontStyle::Bold}, {", more than planned."}};
    auto lines = wrap(runs, 10, 1000, m);
    ASSERT_EQ(lines.size(), 1u);
    const Word& w = lines[0].words[1];   // "£12,400," = bold piece + regular comma
    ASSERT_EQ(w.pieces.size(), 2u);
    EXPECT_EQ(w.pieces[0].text, "£12,400");
    EXPECT_EQ(w.pieces[0].font, FontStyle::Bold);
    EXPECT_DOUBLE_EQ(w.pieces[0].width, 7 * 5 * 1.2);
    EXPECT_EQ(w.pieces[1].text, ",");
}

TEST(Text, FitSizeShrinksToFit) {
    FakeMeasure m;
    EXPECT_DOUBLE_EQ(fitSize(m, "1234", FontStyle::Regular, 20, 100), 20);
    double s = fitSize(m, "12345678", FontStyle::Regular, 20, 50);
    EXPECT_LE(m.width("12345678", FontStyle::Regular, s), 50);
    EXPECT_GT(s, 12);
}

TEST(Chart, NiceTicks) {
    auto t = niceTicks(6200);
    EXPECT_DOUBLE_EQ(t.step, 2000);
    EXPECT_DOUBLE_EQ(t.max, 8000);
    EXPECT_EQ(t.values.size(), 5u);
    t = niceTicks(100);
    EXPECT_DOUBLE_EQ(t.step, 20);
    EXPECT_DOUBLE_EQ(t.max, 100);
    t = niceTicks(7);
    EXPECT_DOUBLE_EQ(t.step, 2);
    EXPECT_DOUBLE_EQ(t.max, 8);
    t = niceTicks(0);
    EXPECT_DOUBLE_EQ(t.max, 1);
    t = niceTicks(0.3);
    EXPECT_DOUBLE_EQ(t.step, 0.1);
}

TEST(Chart, DivergingColoursRunFromNegativeThroughNeutralToPositive) {
    Theme th;
    auto c5 = divergingColours(th, 5);
    ASSERT_EQ(c5.size(), 5u);
    EXPECT_EQ(c5[0], th.negative);
    EXPECT_EQ(c5[2], th.neutral);
    EXPECT_EQ(c5[4], th.positive);
    EXPECT_GT(c5[1].luminance(), c5[0].luminance());   // lighter towards the middle
    EXPECT_GT(c5[3].luminance(), c5[4].luminance());
    auto c4 = divergingColours(th, 4);
    EXPECT_EQ(c4[0], th.negative);
    EXPECT_EQ(c4[3], th.positive);
    EXPECT_NE(c4[1], th.neutral);
}

TEST(Colour, ParseHex) {
    auto c = Rgb::parse("#1F3A5F");
    ASSERT_TRUE(c);
    EXPECT_EQ(*c, Rgb::hex(0x1F3A5F));
    EXPECT_TRUE(Rgb::parse("ffffff"));
    EXPECT_FALSE(Rgb::parse("#12345"));
    EXPECT_FALSE(Rgb::parse("#12345G"));
}
