// The description of a new coordinator workbook (templates/workbook/coordinator.json): its
// sheets, headers, column widths and formats, drop-downs, example rows and instructions.
#pragma once

#include "init/drop_downs.h"
#include "read/date.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace impact::recognise {
class Vocabulary;
}

namespace impact::init {

/// How a column's cells are formatted.
enum class ColumnFormat { Text, Wrap, Bold, Note, Date, Money, Percent, Integer, Decimal };

struct ColumnSpec {
    std::string header;
    std::string field;  ///< the vocabulary field its header means; "question" for a survey question; "" none
    double width = 12;
    ColumnFormat format = ColumnFormat::Text;
    std::string list;   ///< drop-down id ("" none)
    /// A drop-down of another sheet's column ("Schools" / "School"), offered but not enforced:
    /// a name not in it gets a warning, so a typo is caught but a new school can be typed.
    std::string choicesSheet, choicesHeader;
    std::string choicesRange; ///< resolved when loaded: "='Schools'!$A$2:$A$1001"
    std::string hint;   ///< shown when a cell is selected
    bool fixed = false; ///< kept by --no-examples (the Partnership sheet's setting names)
};

/// An example cell: empty, text, a number, or a date (written "YYYY-MM-DD" in the description).
struct ExampleCell {
    enum class Kind { Empty, Text, Number, Date } kind = Kind::Empty;
    std::string text;
    double number = 0;
    read::CivilDate date;
};

struct SheetSpec {
    std::string name;
    std::string about; ///< what the sheet is for, for the instructions sheet
    std::vector<ColumnSpec> columns;
    std::vector<std::vector<ExampleCell>> examples;
};

struct InstructionsSpec {
    std::string sheet, title, afterHeading;
    std::vector<std::string> before, after; ///< paragraphs; "{file}" is the workbook's file name
};

struct WorkbookTemplate {
    std::string path;         ///< the description file, for messages
    std::uint32_t rows = 1000; ///< rows the drop-downs and formats cover below the header
    InstructionsSpec instructions;
    std::vector<SheetSpec> sheets;
};

/// The standard description: templatesDir()/workbook/coordinator.json.
std::string standardTemplatePath();

/// Reads and checks a description against the vocabulary: every header must be a word Impact
/// recognises for its field, every list must exist, every example in a list column must be one
/// of the list's words, every setting name one Impact knows. Throws ReadError naming the file and
/// the sheet and column at fault.
WorkbookTemplate loadTemplate(const std::string& path, const recognise::Vocabulary& vocab, const DropDowns& lists);

} // namespace impact::init
