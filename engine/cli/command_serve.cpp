// Placeholder while `impact serve` is built (replaced by its owner).
#include "cli/command.h"
#include "common/error.h"

namespace impact::cli {

Command serveCommand() {
    return {"serve", "(being built)", "Usage: impact serve\n",
            [](const std::vector<std::string>&) -> int { throw UsageError("'impact serve' is not built yet."); }};
}

} // namespace impact::cli
