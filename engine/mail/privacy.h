// The last check before a report leaves the machine: no pupil's name in the PDF or the email.
// It compares exactly as the reports' own privacy check does (report/reports.cpp, mentionsName):
// both sides normalised (normalise), the name as whole words of the text.
#pragma once

#include <string>
#include <vector>

namespace impact::mail {

/// The names (from report::personalNames) that occur in `text`.
std::vector<std::string> namesIn(const std::string& text, const std::vector<std::string>& names);

/// A name shown as initials ("Olivia Smith" → "O. S."), so a message can point at it without
/// printing a child's name.
std::string initials(const std::string& name);

} // namespace impact::mail
