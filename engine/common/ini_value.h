// Values in Impact's settings file (INI, read with Poco::Util::IniFileConfiguration) as people
// write them. Poco drops whole-line comments but keeps anything after a value, and the file Impact
// writes explains its keys with comments after values ("tls = starttls ; starttls | tls | none").
#pragma once

#include <string>
#include <string_view>

namespace impact {

/// The value as meant: an inline comment (';' or '#' after a space or tab, or first) removed and
/// the rest trimmed; a value in double quotes is taken exactly as it is between them, so a path
/// holding " ;" or " #" can be written ("D:\Year 7 ; 8\Book.xlsx" in quotes). A ';' or '#' inside
/// a word ("a;b.xlsx", "Room#2") is kept.
std::string iniValue(std::string_view raw);

/// `value` as written to the file so that iniValue reads it back unchanged: in double quotes when
/// it needs them (a comment sign after a space, spaces at either end, a quote or comment sign first).
std::string iniQuoted(std::string_view value);

} // namespace impact
