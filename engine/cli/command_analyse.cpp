// `impact analyse`: everything check does, plus the figures.
#include "analyse/analysis.h"
#include "output/analyse_output.h"
#include "output/check_output.h"
#include "cli/command.h"
#include "common/error.h"
#include "platform/console.h"
#include "common/number_text.h"
#include "read/cell_text.h"

#include <Poco/JSON/Stringifier.h>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace impact::cli {

namespace {

std::string show(const analyse::Figure& f, const char* kind = "") {
    if (!f) return "-";
    std::ostringstream s;
    if (std::string(kind) == "%") s << std::fixed << std::setprecision(1) << *f * 100 << "%";
    else if (std::string(kind) == "£") s << pounds(*f, 2);
    else s << read::formatNumber(std::round(*f * 100) / 100);
    return s.str();
}

void printFigures(std::ostream& out, const analyse::Analysis& a) {
    const auto& r = a.reach;
    out << "\nReach\n  pupils " << show(r.pupils) << ", schools " << r.schools << " (";
    bool first = true;
    for (const auto& [s, n] : r.schoolsBySector) {
        if (!n) continue;
        out << (first ? "" : ", ") << n << " " << s;
        first = false;
    }
    out << "), sessions " << r.sessions << ", attendances " << read::formatNumber(r.attendances)
        << ", pupil premium " << show(r.pupilPremiumShare, "%") << "\n";
    const auto& f = a.funding;
    out << "Funding\n  cash " << show(f.cashTotal, "£") << ", in kind " << show(f.inKindTotal, "£") << ", total "
        << show(f.total, "£") << "; per pupil " << show(f.costPerPupil, "£") << ", per attendance "
        << show(f.costPerAttendance, "£") << "\n";
    out << "Categories\n";
    for (const auto& c : a.categories) {
        out << "  " << c.id << " " << c.shortName << ": " << (c.evidence == analyse::Evidence::None ? "no" : analyse::evidenceName(c.evidence)) << " evidence\n";
        for (const auto& i : c.indicators)
            out << "      " << i.label << ": before " << show(i.meanBefore) << " -> after " << show(i.meanAfter)
                << ", top two " << show(i.top2Before, "%") << " -> " << show(i.top2After, "%") << ", matched " << i.nMatched
                << "\n";
    }
}

int runAnalyse(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"json", "verbose"});
    if (args.positional().size() != 1) throw UsageError("analyse needs one WORKBOOK. See 'impact analyse --help'.");
    const auto& vocab = recognise::Vocabulary::standard();
    check::CheckResult result = check::checkWorkbook(args.positional()[0], vocab);
    analyse::Analysis analysis = analyse::analyse(result.model, vocab);
    if (args.flag("json")) {
        auto root = output::checkJson(result);
        output::addAnalysisJson(root, analysis);
        Poco::JSON::Stringifier::stringify(root, std::cout, 2);
        std::cout << "\n";
    } else {
        output::printCheck(std::cout, result, args.flag("verbose"), platform::isTerminal(platform::Stream::Out));
        printFigures(std::cout, analysis);
    }
    return result.hasErrors() ? kExitValidationErrors : kExitOk;
}

} // namespace

Command analyseCommand() {
    return {"analyse", "check, then compute every figure: reach, funding, outcomes by category",
            "Usage: impact analyse WORKBOOK [--json] [--verbose]\n\n"
            "Everything 'impact check' does, plus the figures: reach (pupils, schools by sector,\n"
            "sessions, attendances, pupil premium), funding (cash, in kind, by sector, cost per pupil and\n"
            "per attendance), and for each of the six impact categories its indicators with before/after\n"
            "means, top-two shares, matched pairs, confidence interval and effect size.\n\n"
            "  --json     the result as JSON (see SPEC); a figure that cannot be computed is null\n"
            "  --verbose  also list the info notes\n\n"
            "Exit code: 0 no errors; 1 the workbook has errors; 2 it cannot be read.\n",
            runAnalyse};
}

} // namespace impact::cli
