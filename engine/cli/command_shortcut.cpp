// Placeholder while `impact shortcut` is built (replaced by its owner).
#include "cli/command.h"
#include "common/error.h"

namespace impact::cli {

Command shortcutCommand() {
    return {"shortcut", "(being built)", "Usage: impact shortcut\n",
            [](const std::vector<std::string>&) -> int { throw UsageError("'impact shortcut' is not built yet."); }};
}

} // namespace impact::cli
