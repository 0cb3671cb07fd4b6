// The settings file `impact run` reads (and `impact run --setup` writes): an INI file in the
// user's Impact folder naming the workbook(s), the output folder and the template choices. Its
// [mail] section belongs to `impact send`. Key names are a contract shared with `impact send`.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace impact::desktop {

/// One workbook named in the settings, with the key that named it (for messages).
struct ConfiguredWorkbook {
    std::string key;  ///< "workbook", "workbook2", ...
    std::string path; ///< absolute
};

struct RunSettings {
    std::string file; ///< the settings file read
    std::vector<ConfiguredWorkbook> workbooks;
    std::string output; ///< "" for "NAME - Impact reports" beside each workbook
    std::string governorsTemplate, funderTemplate;
    std::optional<std::string> threshold;
    bool openFolder = true;
};

/// Reads the [impact] section of `file`. Relative paths are taken from the settings file's folder,
/// and "~/" from the home folder. Throws UsageError (exit 2) naming the file, and the key where one
/// is wrong: unreadable, no workbook key, a bad open_folder value. (The caller checks the file
/// exists first, to say how to make one.)
RunSettings loadSettings(const std::string& file);

/// Where `workbook`'s PDF reports go: the settings' output folder (a subfolder per workbook when
/// there are several, so their reports cannot overwrite each other), else "NAME - Impact reports"
/// beside the workbook. `impact run` writes there and `impact send` reads from there.
std::string outputFolderFor(const RunSettings& settings, const ConfiguredWorkbook& workbook);

/// The configured workbook that is the same file as `path`, or nullptr.
const ConfiguredWorkbook* findConfiguredWorkbook(const RunSettings& settings, const std::string& path);

/// Checks every workbook named exists; throws ReadError naming the settings file and the key.
void checkWorkbooksExist(const RunSettings& settings);

/// The text `impact run --setup` writes: [impact] with `workbook` (absolute) and the optional keys
/// explained, and a [mail] section whose example keys are commented out.
std::string settingsText(const std::string& workbook, const std::string& output);

/// Writes `text` to `file` with mode 0600 (it may later hold a mail address), creating its folder;
/// refuses with UsageError if the file exists and `replace` is false.
void writeSettingsFile(const std::string& file, const std::string& text, bool replace);

} // namespace impact::desktop
