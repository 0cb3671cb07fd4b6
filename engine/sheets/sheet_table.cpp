#include "sheets/sheet_table.h"

#include "common/error.h"
#include "read/cell.h"

#include <algorithm>

namespace impact::sheets {

namespace {

lxw_format* make(lxw_workbook* wb, const char* numFormat = nullptr, bool bold = false, double size = 0, lxw_color_t colour = 0,
                 bool wrapText = false) {
    lxw_format* f = workbook_add_format(wb);
    if (numFormat) format_set_num_format(f, numFormat);
    if (bold) format_set_bold(f);
    if (size > 0) format_set_font_size(f, size);
    if (colour) format_set_font_color(f, colour);
    if (wrapText) format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

/// Displayed width of UTF-8 text, in characters.
double widthOf(const std::string& s) {
    double n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) n += 1;
    return n;
}

} // namespace

Formats::Formats(lxw_workbook* wb) {
    title = make(wb, nullptr, true, 16, 0x1F3864);
    subtitle = make(wb, nullptr, false, 11, 0x595959);
    header = make(wb, nullptr, true, 0, 0xFFFFFF, true);
    format_set_bg_color(header, 0x1F3864);
    format_set_bottom(header, LXW_BORDER_THIN);
    text = make(wb);
    wrap = make(wb, nullptr, false, 0, 0, true);
    integer = make(wb, "#,##0");
    decimal = make(wb, "0.00");
    money = make(wb, "£#,##0.00");
    percent = make(wb, "0.0%");
    link = make(wb, nullptr, false, 0, 0x0563C1);
    format_set_underline(link, LXW_UNDERLINE_SINGLE);
    muted = make(wb, nullptr, false, 0, 0x7F7F7F);
    error = make(wb, nullptr, true, 0, 0xC00000);
    warning = make(wb, nullptr, true, 0, 0x9C5700);
    info = make(wb, nullptr, false, 0, 0x2F5597);
}

std::uint32_t SheetTable::row() {
    rows_.emplace_back();
    return currentRow();
}

void SheetTable::skip(std::uint32_t n) {
    for (std::uint32_t i = 0; i < n; ++i) rows_.emplace_back();
}

SheetTable& SheetTable::text(const std::string& s, lxw_format* f) {
    TableCell c;
    c.kind = TableCell::Kind::Text;
    c.text = s;
    c.format = f;
    rows_.back().push_back(std::move(c));
    return *this;
}

SheetTable& SheetTable::number(double v, lxw_format* f) {
    TableCell c;
    c.kind = TableCell::Kind::Number;
    c.number = v;
    c.format = f;
    rows_.back().push_back(std::move(c));
    return *this;
}

SheetTable& SheetTable::figure(const std::optional<double>& v, lxw_format* f, lxw_format* missing) {
    return v ? number(*v, f) : text("-", missing);
}

SheetTable& SheetTable::url(const std::string& target, const std::string& shown, lxw_format* f) {
    TableCell c;
    c.kind = TableCell::Kind::Url;
    c.url = target;
    c.text = shown;
    c.format = f;
    rows_.back().push_back(std::move(c));
    return *this;
}

SheetTable& SheetTable::blank() {
    rows_.back().emplace_back();
    return *this;
}

lxw_worksheet* SheetTable::write(lxw_workbook* wb, std::uint32_t freezeRow) const {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name_.c_str());
    if (!ws) throw WriteError("cannot add the sheet '" + name_ + "' to the summary workbook");
    // Widths that fit: the longest value in each column (titles in column A excepted), within 8..60.
    std::vector<double> widths;
    for (std::size_t r = 0; r < rows_.size(); ++r)
        for (std::size_t c = 0; c < rows_[r].size(); ++c) {
            const TableCell& cell = rows_[r][c];
            double w = cell.kind == TableCell::Kind::Number ? 12 : widthOf(cell.text) + 2;
            if (cell.format && cell.format->bold && cell.format->font_size > 12) continue; // titles overflow freely
            if (widths.size() <= c) widths.resize(c + 1, 8);
            widths[c] = std::max(widths[c], std::min(w, 60.0));
        }
    for (std::size_t c = 0; c < widths.size(); ++c) {
        double w = c < maxWidth_.size() && maxWidth_[c] > 0 ? std::min(widths[c], maxWidth_[c]) : widths[c];
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr);
    }
    if (freezeRow > 0) worksheet_freeze_panes(ws, freezeRow, 0);
    for (std::size_t r = 0; r < rows_.size(); ++r)
        for (std::size_t c = 0; c < rows_[r].size(); ++c) {
            const TableCell& cell = rows_[r][c];
            auto row = static_cast<lxw_row_t>(r);
            auto col = static_cast<lxw_col_t>(c);
            switch (cell.kind) {
            case TableCell::Kind::Blank: break;
            case TableCell::Kind::Text: worksheet_write_string(ws, row, col, cell.text.c_str(), cell.format); break;
            case TableCell::Kind::Number: worksheet_write_number(ws, row, col, cell.number, cell.format); break;
            case TableCell::Kind::Url: {
                worksheet_write_url_opt(ws, row, col, cell.url.c_str(), cell.format, cell.text.c_str(), nullptr);
                break;
            }
            }
        }
    return ws;
}

std::string quotedSheet(const std::string& sheet) {
    std::string quoted = "'";
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

std::string cellLink(const std::string& sheet, const std::string& cell) { return "internal:" + quotedSheet(sheet) + "!" + cell; }

} // namespace impact::sheets
