#include "run/report_job.h"

#include "common/error.h"
#include "common/paths.h"
#include "report/privacy.h"
#include "report/record.h"
#include "report/reports.h"
#include "sheets/summary_workbook.h"
#include "write/graft.h"

#include "platform/files.h"
#include "platform/path_text.h"

#include <Poco/TemporaryFile.h>

#include <filesystem>
#include <fstream>
#include <string_view>

namespace impact::run {

namespace {

int thresholdFrom(const ReportJobOptions& options, const analyse::Analysis& analysis) {
    std::string text;
    if (options.threshold) text = *options.threshold;
    else if (auto it = analysis.settings.find("suppression_threshold"); it != analysis.settings.end()) text = it->second;
    if (text.empty()) return 5;
    try {
        int n = std::stoi(text);
        if (n >= 1 && n <= 100) return n;
    } catch (const std::exception&) {
    }
    throw UsageError("the suppression threshold must be a whole number from 1 to 100, not '" + text + "'.");
}

/// `bytes` written to a temporary name in the folder, then renamed: never a half-written file.
void writeInPlace(const std::string& folder, const std::string& name, std::string_view bytes) {
    const std::string target = platform::utf8(platform::utf8Path(folder) / platform::utf8Path(name));
    const std::string temp = platform::utf8(platform::utf8Path(folder) / platform::utf8Path("." + name + ".tmp"));
    {
        std::ofstream out(platform::utf8Path(temp), std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) throw WriteError(target + ": could not be written. Check there is space and that it is not open.");
    }
    if (!platform::replaceFile(temp, target))
        throw WriteError(target + ": could not be replaced (" + platform::lastErrorText() + "). Close it if it is open.");
}

/// Each PDF, then the record of their hashes and names checks (report/record.h): a PDF replaced
/// before its record is refused by `impact send` until the record is written.
void writeReports(const std::vector<report::ReportFile>& files, const std::string& folder, const ReportJobObserver& observer,
                  ReportJobResult& result) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(platform::utf8Path(folder), ec);
    if (ec) throw WriteError(folder + ": cannot create the reports folder (" + ec.message() + ").");
    for (const auto& f : files) {
        writeInPlace(folder, f.name, std::string_view(reinterpret_cast<const char*>(f.pdf.data()), f.pdf.size()));
        const std::string target = platform::utf8(platform::utf8Path(folder) / platform::utf8Path(f.name));
        result.pdfPaths.push_back(target);
        if (observer.pdfWritten) observer.pdfWritten(target);
        if (!f.pupilNames.empty())
            result.warnings.push_back(target + " contains the name of a pupil from the workbook (" + report::initials(f.pupilNames[0]) +
                                      (f.pupilNames.size() > 1 ? " and " + std::to_string(f.pupilNames.size() - 1) + " more" : std::string()) +
                                      "): 'impact send' will not email it. Take the name out of the workbook's text or the "
                                      "report template, and run 'impact report' again.");
    }
    writeInPlace(folder, report::kRecordFileName, report::recordText(files));
}

/// The steps this job will take, in order, so progress can say "3/5" from the start.
std::vector<std::string> plannedSteps(const ReportJobOptions& o) {
    std::vector<std::string> steps = {"Reading and checking the workbook", "Analysing the figures"};
    if (!o.summaryPath.empty()) {
        steps.push_back("Writing the summary sheets");
        return steps;
    }
    if (o.writeback) steps.push_back("Writing the summary sheets into the workbook");
    if (o.pdfs) {
        steps.push_back("Making the PDF reports");
        steps.push_back("Saving the PDF reports");
    }
    return steps;
}

} // namespace

int ReportJobResult::exitCode() const { return errors ? kExitValidationErrors : kExitOk; }

ReportJobResult runReportJob(const ReportJobOptions& options, const ReportJobObserver& observer) {
    const auto steps = plannedSteps(options);
    std::size_t next = 0;
    auto step = [&] {
        ++next;
        if (observer.step) observer.step(next, steps.size(), steps[next - 1]);
    };
    const auto& vocab = recognise::Vocabulary::standard();
    ReportJobResult r;
    step();
    r.check = check::checkWorkbook(options.workbook, vocab);
    step();
    r.analysis = analyse::analyse(r.check.model, vocab);
    r.errors = r.check.issues.count(model::Severity::Error);

    if (!options.summaryPath.empty()) {
        // Only the Impact sheets, as a workbook of their own (what the add-in inserts).
        step();
        r.sheetsWritten = sheets::writeSummaryWorkbook(options.summaryPath, r.check, r.analysis, vocab);
        return r;
    }
    // Templates are loaded (and validated) before anything is written: a bad template changes nothing.
    report::ReportOptions pdfOptions;
    pdfOptions.governorsTemplate = options.governorsTemplate;
    pdfOptions.funderTemplate = options.funderTemplate;
    pdfOptions.threshold = thresholdFrom(options, r.analysis);
    pdfOptions.dataErrors = r.errors;
    bool makePdfs = options.pdfs && (!r.errors || options.force);
    if (makePdfs) report::validateTemplates(pdfOptions);
    if (options.writeback) {
        step();
        // The summary workbook is written beside nothing the coordinator owns: a temporary file.
        Poco::TemporaryFile generated;
        std::string generatedPath = generated.path() + ".xlsx";
        Poco::TemporaryFile::registerForDeletion(generatedPath);
        sheets::writeSummaryWorkbook(generatedPath, r.check, r.analysis, vocab);
        write::GraftOptions graft;
        graft.unmarked = sheets::kProposedSheetNames;
        r.sheetsWritten = write::updateWorkbookInPlace(options.workbook, generatedPath, graft);
        r.backupPath = write::backupPathFor(options.workbook);
        if (observer.sheetsWritten) observer.sheetsWritten(r.sheetsWritten, r.backupPath);
    }
    if (r.errors && observer.dataErrors) observer.dataErrors(r.errors);
    if (makePdfs) {
        step();
        auto files = report::makeReports(r.check, r.analysis, vocab, pdfOptions);
        step();
        r.outputFolder = options.outputFolder.empty() ? defaultOutputFolder(options.workbook) : options.outputFolder;
        writeReports(files, r.outputFolder, observer, r);
    }
    return r;
}

} // namespace impact::run
