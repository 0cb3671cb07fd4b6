// Placeholder while `impact init` is built (replaced by its owner).
#include "cli/command.h"
#include "common/error.h"

namespace impact::cli {

Command initCommand() {
    return {"init", "(being built)", "Usage: impact init\n",
            [](const std::vector<std::string>&) -> int { throw UsageError("'impact init' is not built yet."); }};
}

} // namespace impact::cli
