// `impact report`: summary sheets back into the workbook (and, later, the PDFs into a folder).
#include "analyse/analysis.h"
#include "check/check.h"
#include "output/check_output.h"
#include "cli/command.h"
#include "common/error.h"
#include "report/reports.h"
#include "sheets/summary_workbook.h"
#include "write/graft.h"

#include <Poco/TemporaryFile.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace impact::cli {

namespace {

/// "Book.xlsx" → "Book - Impact reports" beside it.
std::string defaultOutputFolder(const std::string& workbook) {
    std::filesystem::path p(workbook);
    return (p.parent_path() / (p.stem().string() + " - Impact reports")).string();
}

int thresholdFrom(const Args& args, const analyse::Analysis& analysis) {
    std::string text;
    if (const std::string* t = args.value("threshold")) text = *t;
    else if (auto it = analysis.settings.find("suppression_threshold"); it != analysis.settings.end()) text = it->second;
    if (text.empty()) return 5;
    try {
        int n = std::stoi(text);
        if (n >= 1 && n <= 100) return n;
    } catch (const std::exception&) {
    }
    throw UsageError("the suppression threshold must be a whole number from 1 to 100, not '" + text + "'.");
}

/// Each PDF written to a temporary name in the folder, then renamed: never a half-written report.
void writeReports(const std::vector<report::ReportFile>& files, const std::string& folder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw WriteError(folder + ": cannot create the reports folder (" + ec.message() + ").");
    for (const auto& f : files) {
        fs::path target = fs::path(folder) / f.name;
        fs::path temp = fs::path(folder) / ("." + f.name + ".tmp");
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            out.write(reinterpret_cast<const char*>(f.pdf.data()), static_cast<std::streamsize>(f.pdf.size()));
            out.flush();
            if (!out) throw WriteError(target.string() + ": could not be written. Check there is space and that it is not open.");
        }
        fs::rename(temp, target, ec);
        if (ec) throw WriteError(target.string() + ": could not be replaced (" + ec.message() + "). Close it if it is open.");
        std::cerr << "Wrote " << target.string() << "\n";
    }
}

int runReport(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "summary", "template", "funder-template", "threshold"}, {"no-writeback", "force", "no-pdf"});
    if (args.positional().size() != 1) throw UsageError("report needs one WORKBOOK. See 'impact report --help'.");
    const std::string& workbook = args.positional()[0];
    const auto& vocab = recognise::Vocabulary::standard();
    check::CheckResult result = check::checkWorkbook(workbook, vocab);
    analyse::Analysis analysis = analyse::analyse(result.model, vocab);
    std::size_t errors = result.issues.count(validate::Severity::Error);

    if (const std::string* summary = args.value("summary")) {
        // Only the Impact sheets, as a workbook of their own (what the add-in inserts).
        sheets::writeSummaryWorkbook(*summary, result, analysis, vocab);
        std::cerr << "Wrote the summary sheets to " << *summary << "\n";
        return errors ? kExitValidationErrors : kExitOk;
    }
    // Templates are loaded (and validated) before anything is written: a bad template changes nothing.
    report::ReportOptions pdfOptions;
    if (const std::string* t = args.value("template")) pdfOptions.governorsTemplate = *t;
    if (const std::string* t = args.value("funder-template")) pdfOptions.funderTemplate = *t;
    pdfOptions.threshold = thresholdFrom(args, analysis);
    pdfOptions.dataErrors = errors;
    bool makePdfs = !args.flag("no-pdf") && (!errors || args.flag("force"));
    if (makePdfs) report::validateTemplates(pdfOptions);
    if (!args.flag("no-writeback")) {
        // The summary workbook is written beside nothing the coordinator owns: a temporary file.
        Poco::TemporaryFile generated;
        std::string generatedPath = generated.path() + ".xlsx";
        Poco::TemporaryFile::registerForDeletion(generatedPath);
        sheets::writeSummaryWorkbook(generatedPath, result, analysis, vocab);
        write::GraftOptions options;
        options.unmarked = {sheets::kProposedIndicatorsName};
        auto names = write::updateWorkbookInPlace(workbook, generatedPath, options);
        std::cerr << "Added to " << workbook << ":";
        for (const auto& n : names) std::cerr << " '" << n << "'";
        std::cerr << "\nThe previous version is kept as " << write::backupPathFor(workbook) << "\n";
    }
    if (errors) {
        std::cerr << errors << (errors == 1 ? " data error remains" : " data errors remain")
                  << ": see the 'Impact Data Issues' sheet or run 'impact check'.";
        if (!args.flag("force")) std::cerr << " PDF reports are not made until they are fixed (or use --force).";
        std::cerr << "\n";
    }
    if (makePdfs) {
        auto files = report::makeReports(result, analysis, vocab, pdfOptions);
        std::string out = args.value("out") ? *args.value("out") : defaultOutputFolder(workbook);
        writeReports(files, out);
    }
    return errors ? kExitValidationErrors : kExitOk;
}

} // namespace

Command reportCommand() {
    return {"report", "add the summary sheets to the workbook and make the PDF reports",
            "Usage: impact report WORKBOOK [--out DIR] [--no-writeback] [--force] [--summary FILE]\n\n"
            "Checks and analyses the workbook, makes the PDF reports (a governors' brief and one report per\n"
            "funder) and adds Impact's summary sheets to the workbook: 'Impact Summary',\n"
            "'Impact by Category', 'Impact Reach', 'Impact Funding' and 'Impact Data Issues' (each issue a\n"
            "link to its cell), plus a proposed 'Indicators' sheet when the workbook has none. Your own\n"
            "sheets are not touched. Running again replaces only Impact's sheets.\n\n"
            "The workbook is written to a temporary file and moved into place only when complete; the\n"
            "previous version is kept beside it as NAME.backup.xlsx. A workbook open in Excel is not touched.\n\n"
            "  --out DIR        where the PDF reports go (default: \"NAME - Impact reports\" beside the workbook)\n"
            "  --no-pdf         only the summary sheets\n"
            "  --template FILE  another governors' brief template (see templates/reports/)\n"
            "  --funder-template FILE  another funder's report template\n"
            "  --threshold N    small-number threshold for the PDFs (default 5, or the settings sheet's)\n"
            "  --no-writeback   do not change the workbook\n"
            "  --force          make the reports even with data errors (every page says so)\n"
            "  --summary FILE   write only the summary sheets, as a new workbook FILE\n\n"
            "Exit code: 0 done; 1 the workbook has data errors (the sheets are still written);\n"
            "2 it cannot be read; 3 it could not be written (e.g. it is open in Excel).\n",
            runReport};
}

} // namespace impact::cli
