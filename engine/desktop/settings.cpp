#include "desktop/settings.h"

#include "common/error.h"
#include "common/ini_value.h"
#include "common/paths.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/Util/IniFileConfiguration.h>

#include "platform/environment.h"
#include "platform/files.h"
#include "platform/path_text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace impact::desktop {

namespace fs = std::filesystem;

namespace {

std::string resolvePath(const std::string& value, const fs::path& base) {
    fs::path p = platform::utf8Path(value);
    if (value.rfind("~/", 0) == 0) {
        std::string home = platform::homeFolder();
        if (!home.empty()) p = platform::utf8Path(home) / platform::utf8Path(value.substr(2));
    }
    if (p.is_relative()) p = base / p;
    return platform::utf8(p.lexically_normal());
}

/// "workbook" → 1, "workbook2" → 2, anything else → 0.
int workbookNumber(const std::string& key) {
    std::string k = Poco::toLower(key);
    if (k == "workbook") return 1;
    if (k.rfind("workbook", 0) != 0 || k.size() == 8) return 0;
    std::string digits = k.substr(8);
    if (digits.size() > 4 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
    return std::stoi(digits);
}

} // namespace

RunSettings loadSettings(const std::string& file) {
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini;
    try {
        ini = new Poco::Util::IniFileConfiguration(file);
    } catch (const Poco::Exception& e) {
        throw UsageError(file + ": cannot read this settings file (" + e.displayText() + "). Check it is a text file, "
                         "or make a new one with 'impact run --setup WORKBOOK --force'.");
    }
    RunSettings s;
    s.file = file;
    const fs::path base = fs::absolute(platform::utf8Path(file)).parent_path();
    auto value = [&](const std::string& key) { return iniValue(ini->getString("impact." + key, "")); };

    Poco::Util::AbstractConfiguration::Keys keys;
    ini->keys("impact", keys);
    std::vector<std::pair<int, std::string>> numbered;
    for (const auto& k : keys)
        if (int n = workbookNumber(k)) numbered.emplace_back(n, Poco::toLower(k));
    std::sort(numbered.begin(), numbered.end());
    for (const auto& [n, key] : numbered) {
        std::string v = value(key);
        if (v.empty()) continue; // an empty workbookN = line is a slot not filled in
        s.workbooks.push_back({key, resolvePath(v, base)});
    }
    if (s.workbooks.empty())
        throw UsageError(file + ": the [impact] section names no workbook. Add a line 'workbook = /path/to/your "
                         "workbook.xlsx' under [impact], or make the file again with 'impact run --setup WORKBOOK --force'.");
    if (std::string v = value("output"); !v.empty()) s.output = resolvePath(v, base);
    if (std::string v = value("governors_template"); !v.empty()) s.governorsTemplate = resolvePath(v, base);
    if (std::string v = value("funder_template"); !v.empty()) s.funderTemplate = resolvePath(v, base);
    if (std::string v = value("threshold"); !v.empty()) s.threshold = v;
    std::string open = Poco::toLower(value("open_folder"));
    if (open.empty() || open == "yes" || open == "true" || open == "on" || open == "1") s.openFolder = true;
    else if (open == "no" || open == "false" || open == "off" || open == "0") s.openFolder = false;
    else
        throw UsageError(file + ": [impact] open_folder = " + open + " should be yes or no.");
    return s;
}

void checkWorkbooksExist(const RunSettings& settings) {
    for (const auto& w : settings.workbooks) {
        std::error_code ec;
        if (fs::is_regular_file(platform::utf8Path(w.path), ec)) continue;
        throw ReadError(settings.file + ": [impact] " + w.key + " = " + w.path + ": " +
                        (fs::exists(platform::utf8Path(w.path), ec) ? "is not a file" : "there is no such file") +
                        ". Correct the path in the settings file (or run 'impact run --setup WORKBOOK --force').");
    }
}

std::string settingsText(const std::string& workbook, const std::string& output) {
    std::string t;
    t += "; Impact settings, read by 'impact run' and the desktop shortcut (see docs/run.md).\n";
    t += "; Lines starting with ; are comments, and so is a ; or # after a space. Paths may be absolute or\n";
    t += "; relative to this file; a value in double quotes is taken as it is (for a path holding \" ;\").\n";
    t += "\n[impact]\n";
    t += "; The workbook to report on. More workbooks: workbook2 = ..., workbook3 = ...\n";
    t += "workbook = " + iniQuoted(workbook) + "\n";
    t += "; Where the PDF reports go. Empty: a folder \"NAME - Impact reports\" beside each workbook.\n";
    t += "output = " + iniQuoted(output) + "\n";
    t += "; Your own report templates (as 'impact report --template' and '--funder-template'). Empty: the standard ones.\n";
    t += "governors_template =\n";
    t += "funder_template =\n";
    t += "; Counts below this are shown as \"c\" in the PDFs. Empty: 5, or the workbook's own setting.\n";
    t += "threshold =\n";
    t += "; Open the reports folder when done: yes or no.\n";
    t += "open_folder = yes\n";
    t += "\n[mail]\n";
    t += "; For 'impact send' (emailing each funder their report): your school's mail server.\n";
    t += "; Remove the ; in front of each line and fill it in. Your password is never kept here: it is\n";
    t += "; asked for when you send, or taken from the IMPACT_SMTP_PASSWORD environment variable.\n";
    t += "; host = smtp.example.org\n";
    t += "; port = 587\n";
    t += "; tls = starttls\n";
    t += "; user = coordinator@example.org\n";
    t += "; from = Sam Coordinator <coordinator@example.org>\n";
    t += "; ca_file =\n";
    t += "; template =\n";
    return t;
}

void writeSettingsFile(const std::string& file, const std::string& text, bool replace) {
    std::error_code ec;
    if (fs::exists(platform::utf8Path(file), ec) && !replace)
        throw UsageError(file + ": a settings file is already there. Use --force to replace it, or --config FILE "
                         "to write another.");
    fs::path target = fs::absolute(platform::utf8Path(file));
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw WriteError(platform::utf8(target.parent_path()) + ": cannot create this folder (" + ec.message() + ").");
    // Written to a temporary file readable by this user only (never by others, even for a moment), then renamed.
    const std::string shown = platform::utf8(target);
    const std::string temp = platform::utf8(target.parent_path() / platform::utf8Path("." + platform::utf8(target.filename()) + ".tmp"));
    platform::removeFile(temp);
    platform::OutputFile out;
    if (!out.open(temp, platform::OutputFile::Mode::CreateNew, platform::Permissions::Private))
        throw WriteError(shown + ": cannot be written (" + platform::lastErrorText() + ").");
    if (!out.write(text)) {
        out.close();
        platform::removeFile(temp);
        throw WriteError(shown + ": cannot be written. Check there is space.");
    }
    out.sync();
    out.close();
    if (!platform::replaceFile(temp, shown)) {
        std::string why = platform::lastErrorText();
        platform::removeFile(temp);
        throw WriteError(shown + ": cannot be replaced (" + why + ").");
    }
}

std::string outputFolderFor(const RunSettings& settings, const ConfiguredWorkbook& workbook) {
    if (settings.output.empty()) return defaultOutputFolder(workbook.path);
    if (settings.workbooks.size() == 1) return settings.output;
    return platform::utf8(platform::utf8Path(settings.output) / platform::utf8Path(workbook.path).stem());
}

const ConfiguredWorkbook* findConfiguredWorkbook(const RunSettings& settings, const std::string& path) {
    for (const auto& w : settings.workbooks)
        if (platform::sameFile(w.path, path)) return &w;
    return nullptr;
}

} // namespace impact::desktop
