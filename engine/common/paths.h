// Where Impact finds its templates folder.
#pragma once

#include <string>

namespace impact {

/// The templates folder: $IMPACT_TEMPLATES if set, else share/impact/templates beside the
/// installed program, else the source tree's templates/ (for a build that was not installed).
std::string templatesDir();

} // namespace impact
