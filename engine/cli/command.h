// The `impact` command line: a registry of commands, each in its own file.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace impact::cli {

/// Parsed arguments of one command: options (--name value, --flag) and positionals.
class Args {
public:
    /// `valued` lists the options that take a value; anything else starting with -- is a flag.
    Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
         const std::vector<std::string>& flags);
    bool flag(const std::string& name) const;
    const std::string* value(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::vector<std::pair<std::string, std::string>> options_;
    std::vector<std::string> positional_;
};

struct Command {
    std::string name;
    std::string summary; ///< one line for `impact --help`
    std::string usage;   ///< full text for `impact NAME --help`
    std::function<int(const std::vector<std::string>& args)> run;
};

/// All commands, in the order `impact --help` lists them.
const std::vector<Command>& commands();

Command dumpCommand();
Command checkCommand();
Command analyseCommand();
Command reportCommand();
Command sendCommand();
Command initCommand();
Command runCommand();
Command shortcutCommand();
Command serveCommand();

/// Runs the program; returns the exit code.
int runMain(int argc, char** argv);

} // namespace impact::cli
