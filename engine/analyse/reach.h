// Reach: pupils, schools, sessions, attendances, pupil premium, by school and by activity.
#pragma once

#include "analyse/analysis.h"
#include "analyse/school_directory.h"

namespace impact::analyse {

Reach computeReach(const model::WorkbookModel& model, const SchoolDirectory& schools);

} // namespace impact::analyse
