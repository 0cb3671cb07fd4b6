// How `impact analyse --json` shows the figures (SPEC "JSON", stable field names).
#pragma once

#include "analyse/analysis.h"

#include <Poco/JSON/Object.h>

namespace impact::output {

/// Adds reach, funding, categories, quotes and settings to the check object.
void addAnalysisJson(Poco::JSON::Object::Ptr root, const analyse::Analysis& analysis);

} // namespace impact::output
