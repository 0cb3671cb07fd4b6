// Text escaped for XML, for every stage that writes XML by hand: write-back's package parts
// (write/xml_edit.h) and the desktop's login entry (desktop/shortcut.h). One escaper, because the
// desktop stage may not include write (engine/stages.cmake) and two copies drift apart.
#pragma once

#include <string>
#include <string_view>

namespace impact {

/// Where escaped text goes, which decides what is escaped besides & < > (always).
enum class XmlPlace {
    Text,         ///< element text: nothing more
    DoubleQuoted, ///< an attribute value in "...": the quote, and tab and line ends as references
    SingleQuoted, ///< an attribute value in '...': the same with '
    /// A value put into a template, which may place it in element text or a quoted attribute
    /// value: both quotes; tab and line ends left as they are (the caller refuses line ends).
    Anywhere,
};

/// `text` escaped for `place`. Tab and line ends in an attribute value become character
/// references, which attribute-value normalisation keeps (a literal one would turn into a space).
std::string escapeXml(std::string_view text, XmlPlace place);

} // namespace impact
