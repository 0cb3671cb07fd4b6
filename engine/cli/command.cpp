#include "cli/command.h"

#include "common/error.h"
#include "platform/process.h"
#include "version.h"

#include <algorithm>
#include <iostream>

namespace impact::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
           const std::vector<std::string>& flags) {
    auto has = [](const std::vector<std::string>& list, const std::string& s) {
        return std::find(list.begin(), list.end(), s) != list.end();
    };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2), val;
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                val = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (has(valued, name)) {
                if (eq == std::string::npos) {
                    if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs a value. See --help.");
                    val = argv[++i];
                }
                options_.emplace_back(name, val);
            } else if (has(flags, name) && eq == std::string::npos) {
                options_.emplace_back(name, "");
            } else {
                throw UsageError("unknown option --" + name + ". See --help.");
            }
        } else {
            positional_.push_back(a);
        }
    }
}

bool Args::flag(const std::string& name) const {
    return std::any_of(options_.begin(), options_.end(), [&](const auto& o) { return o.first == name; });
}

const std::string* Args::value(const std::string& name) const {
    for (auto it = options_.rbegin(); it != options_.rend(); ++it)
        if (it->first == name) return &it->second;
    return nullptr;
}

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {checkCommand(), analyseCommand(), reportCommand(), sendCommand(),
                                                initCommand(), runCommand(), shortcutCommand(),
                                                serveCommand(), dumpCommand()};
    return all;
}

namespace {

void printHelp(std::ostream& out) {
    out << "impact " << kVersion << " - impact reports for independent-state school partnerships\n\n"
        << "Usage: impact COMMAND [OPTIONS]\n\nCommands:\n";
    for (const auto& c : commands()) out << "  " << c.name << std::string(10 - std::min<std::size_t>(9, c.name.size()), ' ') << c.summary << "\n";
    out << "\nRun 'impact COMMAND --help' for a command's options.\n"
        << "Exit codes: 0 success; 1 the workbook has validation errors; 2 the input cannot be read or\n"
        << "the command line is wrong; 3 the output could not be written (e.g. the workbook is open in Excel).\n";
}

} // namespace

int runMain(int argc, char** argv) {
    platform::prepareConsole();
    std::vector<std::string> args = platform::utf8Arguments(argc, argv);
    if (!args.empty()) args.erase(args.begin()); // the program's own name
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp(args.empty() ? std::cerr : std::cout);
        return args.empty() ? kExitInputUnreadable : kExitOk;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        std::cout << "impact " << kVersion << "\n";
        return kExitOk;
    }
    for (const auto& c : commands()) {
        if (c.name != args[0]) continue;
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
            std::find(rest.begin(), rest.end(), "-h") != rest.end()) {
            std::cout << c.usage;
            return kExitOk;
        }
        try {
            return c.run(rest);
        } catch (const Error& e) {
            std::cerr << "impact " << c.name << ": " << e.what() << "\n";
            return e.exitCode();
        } catch (const std::bad_alloc&) {
            std::string file;
            for (const auto& a : rest)
                if (!a.empty() && a[0] != '-') {
                    file = a + ": ";
                    break;
                }
            std::cerr << "impact " << c.name << ": " << file << "ran out of memory reading it; it is far larger than any "
                      << "coordinator's workbook, or not a genuine one.\n";
            return kExitInputUnreadable;
        } catch (const std::exception& e) {
            std::cerr << "impact " << c.name << ": unexpected error: " << e.what() << "\n";
            return kExitInputUnreadable;
        }
    }
    std::cerr << "impact: unknown command '" << args[0] << "'. Run 'impact --help' for the list.\n";
    return kExitInputUnreadable;
}

} // namespace impact::cli
