// Placeholder while `impact run` is built (replaced by its owner).
#include "cli/command.h"
#include "common/error.h"

namespace impact::cli {

Command runCommand() {
    return {"run", "(being built)", "Usage: impact run\n",
            [](const std::vector<std::string>&) -> int { throw UsageError("'impact run' is not built yet."); }};
}

} // namespace impact::cli
