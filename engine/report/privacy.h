// No pupil's name in a PDF or an email: the check made on the text drawn into each report when it
// is made (report/record.h) and on each email before `impact send` sends it. It compares as the
// reports' quotes are checked (report/reports.cpp, mentionsName): both sides normalised
// (normalise), the name as whole words of the text.
#pragma once

#include <string>
#include <vector>

namespace impact::report {

/// The names (from personalNames) that occur in `text`.
std::vector<std::string> namesIn(const std::string& text, const std::vector<std::string>& names);

/// A name shown as initials ("Olivia Smith" → "O. S."), so a message can point at it without
/// printing a child's name.
std::string initials(const std::string& name);

} // namespace impact::report
