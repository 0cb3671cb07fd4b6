// Funding and economics: cash and in kind by contributor and sector, costs per pupil and attendance.
#pragma once

#include "analyse/analysis.h"
#include "analyse/school_directory.h"

namespace impact::analyse {

Funding computeFunding(const model::WorkbookModel& model, const Reach& reach, const SchoolDirectory& schools);

} // namespace impact::analyse
