// How a cell's value is written as text: what `impact dump` prints.
#pragma once

#include "read/cell.h"

#include <string>

namespace impact::read {

/// Shortest text that reads back as the same double ("0.1", "1e+21", "-3").
std::string formatNumber(double value);
/// Numbers in shortest round-trip form, dates in ISO 8601, booleans TRUE/FALSE, errors as
/// their text ("#N/A"), text as it is.
std::string cellText(const Cell& cell, bool date1904);

} // namespace impact::read
