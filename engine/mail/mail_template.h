// The email sent with each funder's report: a subject line and a plain-text body with
// placeholders, from templates/mail/funder.txt or the coordinator's own file.
#pragma once

#include <map>
#include <string>

namespace impact::mail {

struct MailTemplate {
    std::string path;
    std::string subject; ///< with placeholders
    std::string body;    ///< with placeholders, '\n' line ends
};

/// The placeholders a template may use.
const std::map<std::string, std::string>& placeholderHelp();

/// Reads a template: optional '#' note lines, "Subject: ...", a blank line, the body. Throws
/// impact::ReadError naming the file and line for a missing subject or an unknown placeholder.
MailTemplate loadMailTemplate(const std::string& path);
/// templates/mail/funder.txt.
std::string standardMailTemplatePath();

struct FilledMail {
    std::string subject; ///< one line, UTF-8
    std::string body;    ///< UTF-8, '\n' line ends, ends with one '\n'
};

/// Fills the placeholders. A body line that held only placeholders that were all empty is
/// dropped, and runs of blank lines become one.
FilledMail fillMailTemplate(const MailTemplate& tpl, const std::map<std::string, std::string>& values);

} // namespace impact::mail
