// The XML escaper both write-back (write/xml_edit) and the login entry (desktop/shortcut) use
// (engine/common/xml_text): what each place escapes, besides & < > everywhere.
#include "common/xml_text.h"

#include <gtest/gtest.h>

using namespace impact;

namespace {

const std::string kAll = "a&b<c>d\"e'f\tg\nh\ri";

} // namespace

TEST(XmlText, ElementTextEscapesOnlyMarkup) { EXPECT_EQ(escapeXml(kAll, XmlPlace::Text), "a&amp;b&lt;c&gt;d\"e'f\tg\nh\ri"); }

TEST(XmlText, DoubleQuotedValueEscapesItsQuoteAndKeepsWhiteSpaceAsReferences) {
    // A literal tab or line end in an attribute value would be read back as a space.
    EXPECT_EQ(escapeXml(kAll, XmlPlace::DoubleQuoted), "a&amp;b&lt;c&gt;d&quot;e'f&#9;g&#10;h&#13;i");
}

TEST(XmlText, SingleQuotedValueEscapesItsQuote) {
    EXPECT_EQ(escapeXml(kAll, XmlPlace::SingleQuoted), "a&amp;b&lt;c&gt;d\"e&apos;f&#9;g&#10;h&#13;i");
}

TEST(XmlText, AnywhereEscapesBothQuotesAndLeavesWhiteSpace) {
    EXPECT_EQ(escapeXml(kAll, XmlPlace::Anywhere), "a&amp;b&lt;c&gt;d&quot;e&apos;f\tg\nh\ri");
}

TEST(XmlText, PlainTextAndUtf8AreUnchanged) {
    for (XmlPlace place : {XmlPlace::Text, XmlPlace::DoubleQuoted, XmlPlace::SingleQuoted, XmlPlace::Anywhere}) {
        EXPECT_EQ(escapeXml("", place), "");
        EXPECT_EQ(escapeXml("St Peter\xE2\x80\x99s \xC2\xA3"
                            "5",
                            place),
                  "St Peter\xE2\x80\x99s \xC2\xA3"
                  "5");
    }
}
