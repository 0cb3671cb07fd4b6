// Opening a folder with the desktop's own opener (xdg-open on Linux, explorer on Windows, open on
// macOS), started without a shell and not waited for: a missing or failing opener is only a warning.
#pragma once

#include <optional>
#include <string>

namespace impact::desktop {

/// Starts the opener on `folder` and returns at once. Returns a warning to show if it could not be
/// started, else nothing.
std::optional<std::string> openFolder(const std::string& folder);

} // namespace impact::desktop
