#include "mail/mail_template.h"

#include "common/error.h"
#include "common/paths.h"
#include "common/text.h"
#include "platform/path_text.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace impact::mail {

namespace {

/// Every {name} in `text`, checked against the known placeholders.
void checkPlaceholders(const std::string& text, const std::string& path, int line) {
    for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
        auto close = text.find('}', at);
        if (close == std::string::npos) return;
        std::string name = text.substr(at + 1, close - at - 1);
        if (!placeholderHelp().count(name)) {
            std::string known;
            for (const auto& [k, v] : placeholderHelp()) known += (known.empty() ? "{" : ", {") + k + "}";
            throw ReadError(path + ", line " + std::to_string(line) + ": unknown placeholder {" + name + "}. The placeholders are " +
                            known + ".");
        }
    }
}

/// Fills one line; `allEmpty` is set when it had placeholders and every one was empty.
std::string fillLine(const std::string& line, const std::map<std::string, std::string>& values, bool& allEmpty) {
    std::string out;
    bool any = false, nonEmpty = false;
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == '{') {
            auto close = line.find('}', i);
            if (close != std::string::npos) {
                auto it = values.find(line.substr(i + 1, close - i - 1));
                if (it != values.end()) {
                    any = true;
                    if (!trim(it->second).empty()) nonEmpty = true;
                    out += it->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += line[i++];
    }
    allEmpty = any && !nonEmpty && trim(out).empty();
    return out;
}

} // namespace

const std::map<std::string, std::string>& placeholderHelp() {
    static const std::map<std::string, std::string> help = {
        {"partnership", "the partnership's name (Partnership sheet)"},
        {"year", "the academic year (Partnership sheet)"},
        {"funder", "the funder's name (Funders sheet)"},
        {"contact", "the funder's contact person, else the funder's name"},
        {"note", "the personal note for this funder (Funders sheet)"},
        {"coordinator", "the coordinator (Partnership sheet)"},
        {"report_title", "the report title (Partnership sheet)"},
        {"report_file", "the attached PDF's file name"},
        {"from_name", "the sender's name from the From address, else the coordinator"},
    };
    return help;
}

std::string standardMailTemplatePath() { return templatesDir() + "/mail/funder.txt"; }

MailTemplate loadMailTemplate(const std::string& path) {
    std::ifstream in(platform::utf8Path(path), std::ios::binary);
    if (!in) throw ReadError(path + ": the email template cannot be read. Check the [mail] template setting, or leave it empty for the standard one.");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::vector<std::string> lines;
    std::istringstream ls(text);
    for (std::string l; std::getline(ls, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        lines.push_back(l);
    }
    MailTemplate t;
    t.path = path;
    std::size_t i = 0;
    while (i < lines.size() && (lines[i].rfind("#", 0) == 0 || trim(lines[i]).empty())) ++i;
    if (i >= lines.size() || lines[i].size() < 8 || lines[i].compare(0, 8, "Subject:") != 0)
        throw ReadError(path + ", line " + std::to_string(i + 1) + ": the template must start with a line 'Subject: ...' (after any # notes), then a blank line, then the body.");
    t.subject = trim(lines[i].substr(8));
    if (t.subject.empty()) throw ReadError(path + ", line " + std::to_string(i + 1) + ": the subject is empty.");
    checkPlaceholders(t.subject, path, static_cast<int>(i + 1));
    ++i;
    if (i < lines.size() && !trim(lines[i]).empty())
        throw ReadError(path + ", line " + std::to_string(i + 1) + ": put a blank line between the subject and the body.");
    for (++i; i < lines.size(); ++i) {
        checkPlaceholders(lines[i], path, static_cast<int>(i + 1));
        t.body += lines[i] + "\n";
    }
    if (trim(t.body).empty()) throw ReadError(path + ": the body is empty; write the email's text after the subject and a blank line.");
    return t;
}

FilledMail fillMailTemplate(const MailTemplate& tpl, const std::map<std::string, std::string>& values) {
    FilledMail m;
    bool ignored = false;
    std::string subject = fillLine(tpl.subject, values, ignored);
    for (char& c : subject)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    for (std::size_t at; (at = subject.find("  ")) != std::string::npos;) subject.erase(at, 1);
    m.subject = trim(subject);
    std::istringstream in(tpl.body);
    bool lastBlank = true; // no blank lines at the start
    for (std::string line; std::getline(in, line);) {
        bool allEmpty = false;
        std::string filled = fillLine(line, values, allEmpty);
        if (allEmpty) continue;
        // A value may hold line breaks (a note typed with Alt+Enter): keep them as lines.
        std::string normal;
        for (std::size_t k = 0; k < filled.size(); ++k) {
            if (filled[k] == '\r') {
                normal += '\n';
                if (k + 1 < filled.size() && filled[k + 1] == '\n') ++k;
            } else normal += filled[k];
        }
        while (!normal.empty() && (normal.back() == ' ' || normal.back() == '\t')) normal.pop_back();
        bool blank = trim(normal).empty();
        if (blank && lastBlank) continue;
        m.body += normal + "\n";
        lastBlank = blank;
    }
    while (m.body.size() >= 2 && m.body[m.body.size() - 1] == '\n' && m.body[m.body.size() - 2] == '\n') m.body.pop_back();
    return m;
}

} // namespace impact::mail
