// `impact check`: read, recognise, validate; print the issues.
#include "output/check_output.h"
#include "cli/command.h"
#include "common/error.h"
#include "platform/console.h"

#include <Poco/JSON/Stringifier.h>

#include <iostream>

namespace impact::cli {

namespace {

int runCheck(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"json", "verbose"});
    if (args.positional().size() != 1) throw UsageError("check needs one WORKBOOK. See 'impact check --help'.");
    check::CheckResult result = check::checkWorkbook(args.positional()[0], recognise::Vocabulary::standard());
    if (args.flag("json")) {
        Poco::JSON::Stringifier::stringify(output::checkJson(result), std::cout, 2);
        std::cout << "\n";
    } else {
        output::printCheck(std::cout, result, args.flag("verbose"), platform::isTerminal(platform::Stream::Out));
    }
    return result.hasErrors() ? kExitValidationErrors : kExitOk;
}

} // namespace

Command checkCommand() {
    return {"check", "read, recognise and validate a workbook; list the problems by cell",
            "Usage: impact check WORKBOOK [--json] [--verbose]\n\n"
            "Reads the workbook, works out what each sheet holds (attendance, contributions, surveys,\n"
            "schools, indicators, funders, partnership settings) from its headers and contents, and lists\n"
            "every problem at its cell, grouped by sheet: errors (the report would be wrong), warnings (it\n"
            "would be weaker) and, with --verbose, info (what Impact assumed).\n\n"
            "  --json     the result as JSON (see SPEC): sheets, issues, counts\n"
            "  --verbose  also list the info notes\n\n"
            "Exit code: 0 no errors; 1 the workbook has errors; 2 it cannot be read.\n",
            runCheck};
}

} // namespace impact::cli
