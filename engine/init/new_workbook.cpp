#include "init/new_workbook.h"

#include "common/error.h"
#include "common/paths.h"
#include "common/unicode_text.h"
#include "init/drop_downs.h"
#include "init/workbook_template.h"
#include "init/workbook_writer.h"
#include "recognise/vocabulary.h"

#include "platform/files.h"
#include "platform/path_text.h"

#include <filesystem>
#include <optional>

namespace impact::init {

namespace fs = std::filesystem;

namespace {

/// A temporary file beside the target, removed unless it was moved into place.
class TempFile {
public:
    explicit TempFile(const fs::path& target) {
        std::optional<std::string> made =
            platform::createUniqueFile(platform::utf8(target.parent_path()), "." + platform::utf8(target.filename()) + ".impact-init-");
        if (!made)
            throw WriteError(platform::utf8(target) + ": cannot write in " + platform::utf8(target.parent_path()) + " (" +
                             platform::lastErrorText() + "). Choose a folder you may write to.");
        path_ = *made;
    }
    ~TempFile() {
        if (!path_.empty()) platform::removeFile(path_);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    void kept() { path_.clear(); }

private:
    std::string path_;
};

std::string quoted(const fs::path& p) { return "\"" + platform::utf8(p) + "\""; }

} // namespace

InitResult createWorkbook(const std::string& pathText, const InitOptions& options) {
    fs::path path = platform::utf8Path(pathText);
    std::string ext = impact::fold(platform::utf8(path.extension()));
    if (ext != ".xlsx")
        throw UsageError(pathText + ": impact init makes .xlsx workbooks only" +
                         (ext == ".xlsm" || ext == ".xls" || ext == ".ods" || ext == ".csv" ? " (not " + ext + ")" : std::string()) +
                         ". Give a name ending in .xlsx, e.g. impact init partnership.xlsx.");
    fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw WriteError(pathText + ": the folder " + quoted(folder) + " does not exist. Create it first, or choose another place.");
    bool exists = fs::exists(fs::symlink_status(path, ec));
    if (exists && fs::is_directory(path, ec)) throw WriteError(pathText + ": is a folder. Give a file name ending in .xlsx.");
    if (exists && !options.force)
        throw WriteError(pathText + ": already exists, and impact init does not overwrite a workbook. Choose another name, "
                                    "or add --force to replace it (its contents will be lost).");
    fs::path lock = folder / platform::utf8Path("~$" + platform::utf8(path.filename()));
    if (exists && fs::exists(lock, ec))
        throw WriteError(pathText + ": is open in Excel (" + platform::utf8(lock.filename()) + " is beside it). Close it, then try again.");

    // Load everything before touching the folder, so a broken template leaves nothing behind.
    const recognise::Vocabulary& vocab = recognise::Vocabulary::standard();
    DropDowns lists = DropDowns::load(pathIn(templatesDir(), "data"));
    WorkbookTemplate description =
        loadTemplate(options.templatePath.empty() ? standardTemplatePath() : options.templatePath, vocab, lists);

    TempFile temp(fs::path(folder) / path.filename());
    WriteOptions writeOptions;
    writeOptions.examples = options.examples;
    writeOptions.fileName = platform::utf8(path.filename());
    writeWorkbook(description, lists, temp.path(), writeOptions);
    // The temporary file was made private; a workbook gets the usual permissions.
    platform::applyDefaultPermissions(temp.path());

    // Without --force, the file moves into place only if the name is still free (another program
    // may have made it meanwhile); with --force, it replaces the old one in one step.
    if (!options.force) {
        switch (platform::moveIfAbsent(temp.path(), pathText)) {
        case platform::MoveResult::Moved: temp.kept(); break;
        case platform::MoveResult::TargetExists:
            throw WriteError(pathText + ": already exists, and impact init does not overwrite a workbook. Choose another name, "
                                        "or add --force to replace it.");
        case platform::MoveResult::Failed:
            throw WriteError(pathText + ": cannot be written (" + platform::lastErrorText() + "). Choose a folder you may write to.");
        }
    } else if (!platform::replaceFile(temp.path(), pathText)) {
        throw WriteError(pathText + ": cannot be replaced (" + platform::lastErrorText() +
                         "). Close it in any program using it, then try again.");
    } else {
        temp.kept();
    }

    InitResult result;
    result.path = pathText;
    result.replaced = exists;
    result.sheets.push_back(description.instructions.sheet);
    for (const auto& s : description.sheets) {
        result.sheets.push_back(s.name);
        if (options.examples) result.exampleRows += s.examples.size();
    }
    return result;
}

} // namespace impact::init
