// A sheet's content built in memory first, so column widths fit before libxlsxwriter streams it.
#pragma once

#include <xlsxwriter.h>

#include <optional>
#include <string>
#include <vector>

namespace impact::sheets {

/// The formats every summary sheet shares.
struct Formats {
    lxw_format *title, *subtitle, *header, *text, *wrap, *integer, *decimal, *money, *percent, *link, *muted, *error,
        *warning, *info;
    explicit Formats(lxw_workbook* wb);
};

struct TableCell {
    enum class Kind { Blank, Text, Number, Url } kind = Kind::Blank;
    std::string text;   ///< text, or the URL's shown text
    std::string url;
    double number = 0;
    lxw_format* format = nullptr;
};

/// Rows of cells, written top to bottom.
class SheetTable {
public:
    explicit SheetTable(std::string name) : name_(std::move(name)) {}
    const std::string& name() const { return name_; }
    /// Starts a new row; returns its 0-based index.
    std::uint32_t row();
    void skip(std::uint32_t rows = 1);
    SheetTable& text(const std::string& s, lxw_format* f);
    SheetTable& number(double v, lxw_format* f);
    /// A number, or an empty cell with "-" when the figure cannot be computed.
    SheetTable& figure(const std::optional<double>& v, lxw_format* f, lxw_format* missing);
    SheetTable& url(const std::string& target, const std::string& shown, lxw_format* f);
    SheetTable& blank();
    std::uint32_t currentRow() const { return static_cast<std::uint32_t>(rows_.size()) - 1; }
    void setMaxWidth(std::uint32_t col, double width) { maxWidth_.resize(std::max<std::size_t>(maxWidth_.size(), col + 1), 0), maxWidth_[col] = width; }
    /// Writes the rows, sets column widths to fit (within limits) and freezes rows above `freezeRow`.
    lxw_worksheet* write(lxw_workbook* wb, std::uint32_t freezeRow) const;

private:
    std::string name_;
    std::vector<std::vector<TableCell>> rows_;
    std::vector<double> maxWidth_;
};

/// "'Bob''s sheet'": a sheet name quoted for a formula or link.
std::string quotedSheet(const std::string& sheet);
/// "internal:'Register'!C77": a hyperlink to a cell of the workbook.
std::string cellLink(const std::string& sheet, const std::string& cell);

} // namespace impact::sheets
