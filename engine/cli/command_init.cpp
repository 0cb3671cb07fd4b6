// `impact init`: a new coordinator workbook from the template.
#include "cli/command.h"
#include "common/error.h"
#include "init/new_workbook.h"

#include <iostream>

namespace impact::cli {

namespace {

int runInit(const std::vector<std::string>& argv) {
    Args args(argv, {"template"}, {"force", "no-examples"});
    if (args.positional().size() != 1) throw UsageError("init needs one WORKBOOK name ending in .xlsx. See 'impact init --help'.");
    init::InitOptions options;
    options.force = args.flag("force");
    options.examples = !args.flag("no-examples");
    if (const std::string* t = args.value("template")) options.templatePath = *t;
    init::InitResult r = init::createWorkbook(args.positional()[0], options);

    std::cout << (r.replaced ? "Replaced " : "Made ") << r.path << ": ";
    for (std::size_t i = 0; i < r.sheets.size(); ++i) std::cout << (i ? ", " : "") << r.sheets[i];
    std::cout << ".\n";
    if (r.exampleRows > 0)
        std::cout << "It has " << r.exampleRows << " example rows to show how each sheet is filled in: type over them or delete them.\n";
    std::cout << "Next: fill in the sheets (the Instructions sheet says how), then\n"
              << "  impact check " << r.path << "        lists any problems, cell by cell\n"
              << "  impact run --setup " << r.path << "  makes the desktop shortcut that writes the reports\n";
    return kExitOk;
}

} // namespace

Command initCommand() {
    return {"init", "make a new coordinator workbook from the template, with drop-down lists",
            "Usage: impact init WORKBOOK [--force] [--no-examples] [--template FILE]\n\n"
            "Makes a new .xlsx workbook ready to fill in: an Instructions sheet, then Partnership,\n"
            "Schools, Attendance (one row per pupil per session), Contributions, Survey (before/after\n"
            "answers), Indicators (each question's impact category) and Funders. Headers are bold and\n"
            "frozen; dates, amounts and percentages are formatted; sectors, cash/in kind, yes/no,\n"
            "before/after, respondent types, scale answers and the six impact categories are drop-down\n"
            "lists of the words Impact recognises. A few example rows show how each sheet is filled in;\n"
            "as made, the workbook passes 'impact check' with no errors.\n\n"
            "  --force          replace WORKBOOK if it exists (its contents are lost)\n"
            "  --no-examples    leave out the example rows (the Partnership sheet keeps its setting names)\n"
            "  --template FILE  another workbook description (default: templates/workbook/coordinator.json)\n\n"
            "The workbook is written beside WORKBOOK under a temporary name and renamed when complete.\n"
            "Exit code: 0 made; 2 the name is not .xlsx, or the template is broken; 3 WORKBOOK exists\n"
            "(without --force), is open in Excel, or the folder cannot be written.\n",
            runInit};
}

} // namespace impact::cli
