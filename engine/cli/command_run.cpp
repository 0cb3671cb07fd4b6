// `impact run`: what the desktop shortcut runs. Reads the settings file, then for each workbook
// named there runs the report job (check, summary sheets, PDFs) with progress on stderr, prints a
// short result, logs what it did, and opens the reports folder. `--setup WORKBOOK` writes the
// settings file.
#include "check/check.h"
#include "cli/command.h"
#include "common/error.h"
#include "common/paths.h"
#include "desktop/opener.h"
#include "desktop/settings.h"
#include "platform/path_text.h"
#include "run/progress.h"
#include "run/report_job.h"
#include "run/run_log.h"
#include "run/summary.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

namespace impact::cli {

namespace {

namespace fs = std::filesystem;

/// `path` made absolute and as canonical as the parts that exist allow, as UTF-8 text.
std::string fullPath(const std::string& path) {
    return platform::utf8(fs::weakly_canonical(fs::absolute(platform::utf8Path(path))));
}

int setup(const Args& args, const std::string& settingsFile, const std::string& workbookArg, bool reportNext = false) {
    std::string workbook = fullPath(workbookArg);
    std::string output = args.value("out") ? fullPath(*args.value("out")) : "";
    // The workbook must be one Impact can read (ReadError, exit 2, says why not); its data
    // problems are for `impact run` to report.
    check::CheckResult checked = check::checkWorkbook(workbook, recognise::Vocabulary::standard());
    desktop::writeSettingsFile(settingsFile, desktop::settingsText(workbook, output), args.flag("force"));
    std::cerr << "Wrote the settings to " << settingsFile << "\n"
              << "  workbook = " << workbook << "\n"
              << "  reports go to " << (output.empty() ? defaultOutputFolder(workbook) : output) << "\n\n";
    if (reportNext) return kExitOk;   // the first run from the shortcut goes straight on to the reports
    std::cerr << "Next:\n"
              << "  impact run                  make the reports now\n"
              << "  impact shortcut install     put an 'Impact reports' shortcut on your desktop\n"
              << "Edit the settings file to add more workbooks (workbook2 = ...), another reports folder,\n"
              << "your own templates, or your mail server for 'impact send'.\n";
    return kExitOk;
}

std::string noSettingsMessage(const std::string& settingsFile, bool explicitConfig) {
    std::string config = explicitConfig ? " --config \"" + settingsFile + "\"" : "";
    return "there is no settings file at " + settingsFile +
           ", so Impact does not know which workbook to report on. Make it with:\n"
           "    impact run --setup \"/path/to/your workbook.xlsx\"" + config +
           "\nthen run 'impact run" + config + "' again (and 'impact shortcut install' for a desktop shortcut).";
}

// The first run from the desktop shortcut (--pause), with no settings yet: asks for the workbook
// instead of telling a coordinator who double-clicked an icon to type a command. A path dragged
// onto a console window arrives in double quotes when it holds a space; they are not part of it.
std::string askForWorkbook() {
    std::cerr << "Impact does not know your workbook yet.\n"
                 "Drag your partnership workbook (.xlsx) onto this window, or type its full path, then press Enter:\n> "
              << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return "";
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!line.empty() && isSpace(line.back())) line.pop_back();
    std::size_t start = 0;
    while (start < line.size() && isSpace(line[start])) ++start;
    line.erase(0, start);
    if (line.size() >= 2 && ((line.front() == '"' && line.back() == '"') || (line.front() == '\'' && line.back() == '\'')))
        line = line.substr(1, line.size() - 2);
    return line;
}

/// The settings file, made first if there is none and the shortcut's window can ask for the
/// workbook; then read, and its workbooks checked to exist.
desktop::RunSettings settingsFor(const Args& args, const std::string& settingsFile, bool explicitConfig) {
    std::error_code ec;
    if (!fs::exists(platform::utf8Path(settingsFile), ec)) {
        std::string workbook = args.flag("pause") ? askForWorkbook() : "";
        if (workbook.empty()) throw UsageError(noSettingsMessage(settingsFile, explicitConfig));
        setup(args, settingsFile, workbook, true);
    }
    desktop::RunSettings settings = desktop::loadSettings(settingsFile);
    desktop::checkWorkbooksExist(settings);
    return settings;
}

/// What the workbooks of one `impact run` share: the progress shown, the log, the options the
/// printed `impact send` command needs, and the reports folders to open at the end.
struct RunContext {
    run::Progress& progress;
    run::RunLog& log;
    std::string sendOptions;
    std::vector<std::string> folders; // in order, once each
};

/// The report job on one configured workbook, its summary printed and logged; returns its exit
/// code. An error is reported and its exit code returned: the next workbook is still made.
int reportOn(const desktop::RunSettings& settings, const desktop::ConfiguredWorkbook& w, RunContext& context) {
    run::ReportJobOptions options;
    options.workbook = w.path;
    options.outputFolder = desktop::outputFolderFor(settings, w);
    options.governorsTemplate = settings.governorsTemplate;
    options.funderTemplate = settings.funderTemplate;
    options.threshold = settings.threshold;
    run::ReportJobObserver observer;
    observer.step = [&](std::size_t i, std::size_t total, const std::string& what) {
        context.progress.step(i, total, what);
        context.log.line("step " + std::to_string(i) + "/" + std::to_string(total) + ": " + what);
    };
    std::cerr << "Workbook " << w.path << "\n";
    context.log.line("workbook " + w.path + " (" + w.key + ")");
    try {
        run::ReportJobResult result = run::runReportJob(options, observer);
        context.progress.finish(result.errors ? "Stopped: the data has errors" : "Done", result.errors == 0);
        std::cout << run::summaryText(w.path, result, context.sendOptions) << std::flush;
        for (const auto& line : run::summaryLogLines(result)) context.log.line(line);
        context.log.line("workbook done: exit " + std::to_string(result.exitCode()));
        if (!result.pdfPaths.empty()) {
            std::string top = settings.output.empty() ? result.outputFolder : settings.output;
            if (std::find(context.folders.begin(), context.folders.end(), top) == context.folders.end())
                context.folders.push_back(top);
        }
        return result.exitCode();
    } catch (const Error& e) {
        context.progress.breakLine();
        std::cerr << "impact run: " << e.what() << "\n";
        // A reading error can quote the workbook's cells: the log says only where to look.
        bool quotesCells = dynamic_cast<const ReadError*>(&e) != nullptr;
        context.log.line("workbook failed: exit " + std::to_string(e.exitCode()) + ": " +
                         (quotesCells ? std::string("the workbook could not be read (the message was shown on screen)") : e.what()));
        return e.exitCode();
    }
}

/// Opens the reports folders with the desktop's opener, unless the settings or --no-open say not to.
void openFolders(const Args& args, const desktop::RunSettings& settings, RunContext& context) {
    bool open = settings.openFolder && !args.flag("no-open");
    for (const auto& folder : context.folders) {
        if (!open) {
            context.log.line("not opening " + folder + (args.flag("no-open") ? " (--no-open)" : " (open_folder = no)"));
            continue;
        }
        if (auto warning = desktop::openFolder(folder)) {
            std::cerr << "impact run: warning: " << *warning << "\n";
            context.log.line("opener: " + *warning);
        } else {
            context.log.line("opened " + folder);
        }
    }
}

int runWorkbooks(const Args& args, const std::string& settingsFile, bool explicitConfig) {
    if (!args.positional().empty())
        throw UsageError("run takes no WORKBOOK: it reports on the workbooks in the settings file. To name one there, "
                         "use 'impact run --setup WORKBOOK'.");
    if (args.flag("force") || args.value("out")) throw UsageError("--force and --out go with --setup. See 'impact run --help'.");
    desktop::RunSettings settings = settingsFor(args, settingsFile, explicitConfig);

    run::RunLog log(platform::utf8(platform::utf8Path(settingsFile).parent_path() / "impact.log"));
    if (!log.ok()) std::cerr << "impact run: warning: " << log.problem() << "\n";
    log.line("run started; settings " + settingsFile + "; " + std::to_string(settings.workbooks.size()) + " workbook(s)");

    run::Progress progress(std::cerr, run::Progress::stderrIsTerminal());
    // `impact send` finds the same settings by itself unless they are somewhere else.
    std::error_code same;
    bool defaultFile = fs::equivalent(platform::utf8Path(settingsFile), platform::utf8Path(defaultSettingsPath()), same);
    RunContext context{progress, log, explicitConfig && !defaultFile ? " --config \"" + settingsFile + "\"" : "", {}};
    int exitCode = kExitOk;
    for (const auto& w : settings.workbooks) exitCode = std::max(exitCode, reportOn(settings, w, context));

    openFolders(args, settings, context);
    log.line("run finished: exit " + std::to_string(exitCode));
    if (log.ok()) std::cerr << "Log: " << log.path() << "\n";
    return exitCode;
}

int runRun(const std::vector<std::string>& argv) {
    // --pause is looked for before anything can fail, so even a wrong command line waits for Enter.
    bool pause = std::find(argv.begin(), argv.end(), "--pause") != argv.end();
    int code = kExitOk;
    try {
        Args args(argv, {"config", "setup", "out"}, {"no-open", "pause", "force"});
        bool explicitConfig = args.value("config") != nullptr;
        std::string settingsFile = explicitConfig ? platform::utf8(fs::absolute(platform::utf8Path(*args.value("config")))) : defaultSettingsPath();
        code = args.value("setup") ? setup(args, settingsFile, *args.value("setup")) : runWorkbooks(args, settingsFile, explicitConfig);
    } catch (const Error& e) {
        std::cerr << "impact run: " << e.what() << "\n";
        code = e.exitCode();
    } catch (const std::exception& e) {
        std::cerr << "impact run: unexpected error: " << e.what() << "\n";
        code = kExitInputUnreadable;
    }
    if (pause) {
        // A shortcut's window closes when the program ends: wait, so the result can be read.
        std::cerr << "\nPress Enter to close this window." << std::flush;
        std::string line;
        std::getline(std::cin, line);
    }
    return code;
}

} // namespace

Command runCommand() {
    return {"run", "what the desktop shortcut runs: reports on the configured workbook(s)",
            "Usage: impact run [--config FILE] [--no-open] [--pause]\n"
            "       impact run --setup WORKBOOK [--out DIR] [--config FILE] [--force]\n\n"
            "Reads the settings file (default: " + defaultSettingsPath() + ") and, for each workbook\n"
            "it names, checks it, adds the summary sheets to it and makes the PDF reports, showing\n"
            "progress. Then it prints a short result (figures, each data problem at its cell, where the\n"
            "PDFs are), appends to impact.log beside the settings file, and opens the reports folder.\n"
            "Data errors stop the PDFs: they are listed, and written to the workbook's 'Impact Data\n"
            "Issues' sheet.\n\n"
            "  --setup WORKBOOK  write the settings file for WORKBOOK (then 'impact shortcut install')\n"
            "  --out DIR         with --setup: where the PDF reports go (default: beside the workbook)\n"
            "  --force           with --setup: replace an existing settings file\n"
            "  --config FILE     another settings file\n"
            "  --no-open         do not open the reports folder (or open_folder = no in the settings)\n"
            "  --pause           wait for Enter at the end, even after an error (the shortcut uses it);\n"
            "                    with no settings file yet, first ask for the workbook and write them\n\n"
            "Exit code: 0 done; 1 a workbook has data errors; 2 no settings or a workbook cannot be read;\n"
            "3 a workbook could not be written (e.g. it is open in Excel). With several workbooks, the\n"
            "highest.\n",
            runRun};
}

} // namespace impact::cli
