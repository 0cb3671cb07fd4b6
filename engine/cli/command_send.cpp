// Placeholder while `impact send` is built (replaced by its owner).
#include "cli/command.h"
#include "common/error.h"

namespace impact::cli {

Command sendCommand() {
    return {"send", "(being built)", "Usage: impact send\n",
            [](const std::vector<std::string>&) -> int { throw UsageError("'impact send' is not built yet."); }};
}

} // namespace impact::cli
