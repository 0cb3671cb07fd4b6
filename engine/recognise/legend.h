// A register's legend, as coordinators type it in a cell: "✓ = present, x = absent",
// "Key: P present / A absent / L late". It says what the marks mean on that sheet, over the
// usual marks (an "x" is absent where the legend says so).
#pragma once

#include "read/grid.h"
#include "recognise/vocabulary.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace impact::recognise {

/// Mark (folded) → present (true) or absent (false).
using Legend = std::map<std::string, bool>;

/// The legend a text declares, if the whole text is one: every part a mark and its meaning.
std::optional<Legend> parseLegend(std::string_view text, const Vocabulary& vocab);

/// Every legend written in the sheet's cells, merged (the first word for a mark wins).
Legend findLegend(const read::Grid& grid, const Vocabulary& vocab);

} // namespace impact::recognise
