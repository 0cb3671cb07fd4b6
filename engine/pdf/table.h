// Tables: column specs, rows of strings, wrapped cell text, zebra striping, total rows, and the
// header row repeated on every page the table continues onto. Drawn by Flow::table.
#pragma once

#include "pdf/types.h"

#include <string>
#include <vector>

namespace impact::pdf {

struct Column {
    std::string title;
    double width = 1;              ///< relative: widths are scaled to fill the frame
    Align align = Align::Left;     ///< Right for figures; Justify means Left
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;   ///< missing cells are blank, extra cells ignored
    std::size_t totalRows = 0;    ///< the last N rows are totals: bold, with a rule above
    double fontSize = 0;          ///< 0: Typography::body - 1
    bool zebra = true;
    std::string caption;          ///< small note under the table (e.g. "c = fewer than 5")
};

} // namespace impact::pdf
