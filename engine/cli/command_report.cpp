// `impact report`: summary sheets back into the workbook and the PDFs into a folder (the pipeline
// itself is run/report_job, shared with `impact run`).
#include "cli/command.h"
#include "common/error.h"
#include "run/report_job.h"

#include <iostream>

namespace impact::cli {

namespace {

int runReport(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "summary", "template", "funder-template", "threshold"}, {"no-writeback", "force", "no-pdf"});
    if (args.positional().size() != 1) throw UsageError("report needs one WORKBOOK. See 'impact report --help'.");
    run::ReportJobOptions options;
    options.workbook = args.positional()[0];
    if (const std::string* s = args.value("summary")) options.summaryPath = *s;
    if (const std::string* t = args.value("template")) options.governorsTemplate = *t;
    if (const std::string* t = args.value("funder-template")) options.funderTemplate = *t;
    if (const std::string* t = args.value("threshold")) options.threshold = *t;
    if (const std::string* o = args.value("out")) options.outputFolder = *o;
    options.writeback = !args.flag("no-writeback");
    options.pdfs = !args.flag("no-pdf");
    options.force = args.flag("force");

    // The job does the work (shared with `impact run`); this command only says what happened.
    run::ReportJobObserver observer;
    observer.sheetsWritten = [&](const std::vector<std::string>& names, const std::string& backup) {
        std::cerr << "Added to " << options.workbook << ":";
        for (const auto& n : names) std::cerr << " '" << n << "'";
        std::cerr << "\nThe previous version is kept as " << backup << "\n";
    };
    observer.dataErrors = [&](std::size_t errors) {
        std::cerr << errors << (errors == 1 ? " data error remains" : " data errors remain")
                  << ": see the 'Impact Data Issues' sheet or run 'impact check'.";
        if (!options.force) std::cerr << " PDF reports are not made until they are fixed (or use --force).";
        std::cerr << "\n";
    };
    observer.pdfWritten = [](const std::string& path) { std::cerr << "Wrote " << path << "\n"; };

    run::ReportJobResult result = run::runReportJob(options, observer);
    for (const auto& w : result.warnings) std::cerr << "Warning: " << w << "\n";
    if (!options.summaryPath.empty()) std::cerr << "Wrote the summary sheets to " << options.summaryPath << "\n";
    return result.exitCode();
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
            "Beside the PDFs, 'Impact reports record.json' records each one's SHA-256 and whether its text\n"
            "names a pupil of the workbook; 'impact send' emails only PDFs it lists, unchanged and with no name.\n\n"
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
