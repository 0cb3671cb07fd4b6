#include "init/new_workbook.h"

#include "common/error.h"
#include "common/paths.h"
#include "init/drop_downs.h"
#include "init/workbook_template.h"
#include "init/workbook_writer.h"
#include "recognise/text.h"
#include "recognise/vocabulary.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace impact::init {

namespace fs = std::filesystem;

namespace {

/// A temporary file beside the target, removed unless it was moved into place.
class TempFile {
public:
    explicit TempFile(const fs::path& target) {
        std::string pattern = (target.parent_path() / ("." + target.filename().string() + ".impact-init-XXXXXX")).string();
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        int fd = mkstemp(name.data());
        if (fd < 0)
            throw WriteError(target.string() + ": cannot write in " + target.parent_path().string() + " (" + std::strerror(errno) +
                             "). Choose a folder you may write to.");
        close(fd);
        path_ = name.data();
    }
    ~TempFile() {
        if (!path_.empty()) unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    void kept() { path_.clear(); }

private:
    std::string path_;
};

std::string quoted(const fs::path& p) { return "\"" + p.string() + "\""; }

} // namespace

InitResult createWorkbook(const std::string& pathText, const InitOptions& options) {
    fs::path path(pathText);
    std::string ext = recognise::fold(path.extension().string());
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
    fs::path lock = folder / ("~$" + path.filename().string());
    if (exists && fs::exists(lock, ec))
        throw WriteError(pathText + ": is open in Excel (" + lock.filename().string() + " is beside it). Close it, then try again.");

    // Load everything before touching the folder, so a broken template leaves nothing behind.
    const recognise::Vocabulary& vocab = recognise::Vocabulary::standard();
    DropDowns lists = DropDowns::load(templatesDir() + "/data");
    WorkbookTemplate description =
        loadTemplate(options.templatePath.empty() ? standardTemplatePath() : options.templatePath, vocab, lists);

    TempFile temp(fs::path(folder) / path.filename());
    WriteOptions writeOptions;
    writeOptions.examples = options.examples;
    writeOptions.fileName = path.filename().string();
    writeWorkbook(description, lists, temp.path(), writeOptions);
    // mkstemp made the file private (0600); a workbook gets the usual permissions.
    mode_t mask = umask(0);
    umask(mask);
    chmod(temp.path().c_str(), 0666 & ~mask);

    // Without --force, link() moves the file into place only if the name is still free (another
    // program may have made it meanwhile); with --force, rename() replaces it in one step.
    if (!options.force) {
        if (link(temp.path().c_str(), pathText.c_str()) != 0) {
            int err = errno;
            if (err == EEXIST)
                throw WriteError(pathText + ": already exists, and impact init does not overwrite a workbook. Choose another name, "
                                            "or add --force to replace it.");
            // A file system without hard links: the name was free a moment ago.
            if (std::rename(temp.path().c_str(), pathText.c_str()) != 0)
                throw WriteError(pathText + ": cannot be written (" + std::strerror(errno) + "). Choose a folder you may write to.");
            temp.kept();
        }
    } else if (std::rename(temp.path().c_str(), pathText.c_str()) != 0) {
        throw WriteError(pathText + ": cannot be replaced (" + std::strerror(errno) + "). Close it in any program using it, then try again.");
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
