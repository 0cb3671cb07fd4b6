#include "init/workbook_writer.h"

#include "common/error.h"
#include "common/source_date.h"
#include "platform/files.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <memory>

namespace impact::init {

namespace {

/// The formats of a new workbook, made once per workbook.
struct Formats {
    lxw_format *title, *heading, *paragraph, *link, *header, *wrap, *bold, *note, *date, *money, *percent,
        *integer, *decimal;

    explicit Formats(lxw_workbook* wb) {
        auto make = [wb] { return workbook_add_format(wb); };
        title = make();
        format_set_bold(title);
        format_set_font_size(title, 16);
        heading = make();
        format_set_bold(heading);
        format_set_font_size(heading, 12);
        paragraph = make();
        format_set_text_wrap(paragraph);
        format_set_align(paragraph, LXW_ALIGN_VERTICAL_TOP);
        link = make();
        format_set_bold(link);
        format_set_font_size(link, 12);
        format_set_underline(link, LXW_UNDERLINE_SINGLE);
        format_set_font_color(link, LXW_COLOR_BLUE);
        header = make();
        format_set_bold(header);
        format_set_text_wrap(header);
        format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(header, 0xDDEBF7);
        format_set_bottom(header, LXW_BORDER_THIN);
        wrap = make();
        format_set_text_wrap(wrap);
        format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
        bold = make();
        format_set_bold(bold);
        format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
        note = make();
        format_set_italic(note);
        format_set_font_color(note, 0x595959);
        format_set_text_wrap(note);
        format_set_align(note, LXW_ALIGN_VERTICAL_TOP);
        date = make();
        format_set_num_format(date, "dd/mm/yyyy");
        money = make();
        format_set_num_format(money, "\xC2\xA3#,##0.00");
        percent = make();
        format_set_num_format(percent, "0%");
        integer = make();
        format_set_num_format(integer, "0");
        decimal = make();
        format_set_num_format(decimal, "General");
    }

    lxw_format* of(ColumnFormat f) const {
        switch (f) {
        case ColumnFormat::Wrap: return wrap;
        case ColumnFormat::Bold: return bold;
        case ColumnFormat::Note: return note;
        case ColumnFormat::Date: return date;
        case ColumnFormat::Money: return money;
        case ColumnFormat::Percent: return percent;
        case ColumnFormat::Integer: return integer;
        case ColumnFormat::Decimal: return decimal;
        case ColumnFormat::Text: return nullptr;
        }
        return nullptr;
    }
};

void check(lxw_error err, const std::string& path, const std::string& what) {
    if (err != LXW_NO_ERROR)
        throw WriteError(path + ": could not write " + what + " (" + lxw_strerror(err) + "). Check the template file.");
}

/// Characters in UTF-8 text (for row heights and Excel's limits).
std::size_t characters(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// A row height that shows `text` wrapped in a column `width` characters wide.
double wrappedHeight(const std::string& text, double width, double lineHeight = 15.0) {
    double perLine = std::max(1.0, width * 1.05);
    double lines = std::max(1.0, std::ceil(static_cast<double>(characters(text)) / perLine));
    return lines * lineHeight;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

std::string listDescription(const ColumnSpec& col, const DropDowns& lists) {
    if (!col.choicesSheet.empty()) return col.header + " (drop-down of the " + col.choicesSheet + " sheet)";
    const DropDown* list = col.list.empty() ? nullptr : lists.find(col.list);
    if (!list) return col.header;
    if (list->numeric) return col.header + " (a whole number from " + std::to_string(list->min) + " to " + std::to_string(list->max) + ")";
    return col.header + " (drop-down)";
}

class Writer {
public:
    Writer(const WorkbookTemplate& t, const DropDowns& lists, const std::string& path, const WriteOptions& options)
        : t_(t), lists_(lists), path_(path), options_(options) {
        lxw_workbook_options opts{};
        opts.constant_memory = LXW_FALSE;
        if (!tmpdir_.empty()) opts.tmpdir = tmpdir_.data();
        wb_ = workbook_new_opt(path.c_str(), &opts);
        if (!wb_) throw WriteError(path + ": cannot be created. Check the folder exists and you may write to it.");
        f_ = std::make_unique<Formats>(wb_);
    }
    ~Writer() {
        if (wb_) workbook_close(wb_); // only after an exception: the file is a temporary one, removed by the caller
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void write() {
        lxw_doc_properties props{};
        std::string title = t_.instructions.title;
        props.title = title.data();
        std::string comments = "Made by impact init";
        props.comments = comments.data();
        // The same description gives the same bytes when SOURCE_DATE_EPOCH is set (as the PDFs do).
        if (auto epoch = sourceDateEpoch()) props.created = static_cast<time_t>(*epoch);
        workbook_set_properties(wb_, &props);

        lxw_worksheet* ins = workbook_add_worksheet(wb_, t_.instructions.sheet.c_str());
        std::vector<lxw_worksheet*> sheets;
        for (const auto& s : t_.sheets) {
            lxw_worksheet* ws = workbook_add_worksheet(wb_, s.name.c_str());
            if (!ws) throw WriteError(t_.path + ": the sheet name \"" + s.name + "\" cannot be used. Fix the template file.");
            sheets.push_back(ws);
        }
        writeInstructions(ins);
        for (std::size_t i = 0; i < sheets.size(); ++i) writeSheet(sheets[i], t_.sheets[i]);
        worksheet_activate(ins);
        lxw_error err = workbook_close(wb_);
        wb_ = nullptr;
        check(err, path_, "the workbook");
    }

private:
    void writeInstructions(lxw_worksheet* ws) {
        const double width = 80; // fits a portrait A4 page when printed
        worksheet_set_column(ws, 0, 0, width, f_->paragraph);
        worksheet_fit_to_pages(ws, 1, 0); // printed: one page wide
        lxw_row_t row = 0;
        auto paragraph = [&](const std::string& text) {
            std::string shown = replaceAll(text, "{file}", options_.fileName);
            worksheet_set_row(ws, row, wrappedHeight(shown, width), nullptr);
            worksheet_write_string(ws, row++, 0, shown.c_str(), f_->paragraph);
        };
        worksheet_set_row(ws, row, 24, nullptr);
        worksheet_write_string(ws, row++, 0, t_.instructions.title.c_str(), f_->title);
        for (const auto& p : t_.instructions.before) paragraph(p);
        ++row;
        for (const auto& s : t_.sheets) {
            std::string link = "internal:'" + replaceAll(s.name, "'", "''") + "'!A1";
            worksheet_write_url_opt(ws, row++, 0, link.c_str(), f_->link, s.name.c_str(), nullptr);
            paragraph(s.about);
            std::string columns = "Columns: ";
            for (std::size_t c = 0; c < s.columns.size(); ++c) columns += (c ? "; " : "") + listDescription(s.columns[c], lists_);
            paragraph(columns + ".");
            ++row;
        }
        if (!t_.instructions.afterHeading.empty()) worksheet_write_string(ws, row++, 0, t_.instructions.afterHeading.c_str(), f_->heading);
        for (const auto& p : t_.instructions.after) paragraph(p);
    }

    void writeSheet(lxw_worksheet* ws, const SheetSpec& s) {
        double headerHeight = 15;
        for (lxw_col_t c = 0; c < s.columns.size(); ++c) {
            const ColumnSpec& col = s.columns[c];
            check(worksheet_set_column(ws, c, c, col.width, f_->of(col.format)), path_, "sheet " + s.name + " column widths");
            check(worksheet_write_string(ws, 0, c, col.header.c_str(), f_->header), path_, "sheet " + s.name + " headers");
            headerHeight = std::max(headerHeight, wrappedHeight(col.header, col.width * 0.9));
            validation(ws, s, c);
        }
        worksheet_set_row(ws, 0, headerHeight, nullptr);
        worksheet_freeze_panes(ws, 1, 0);
        // Printed: landscape, one page wide, the header row on every page.
        worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_repeat_rows(ws, 0, 0);
        lxw_row_t row = 1;
        for (const auto& example : s.examples) {
            bool any = false;
            for (lxw_col_t c = 0; c < example.size(); ++c) {
                if (!options_.examples && !s.columns[c].fixed) continue;
                const ExampleCell& cell = example[c];
                lxw_format* f = f_->of(s.columns[c].format);
                switch (cell.kind) {
                case ExampleCell::Kind::Empty: continue;
                case ExampleCell::Kind::Text: worksheet_write_string(ws, row, c, cell.text.c_str(), f); break;
                case ExampleCell::Kind::Number: worksheet_write_number(ws, row, c, cell.number, f); break;
                case ExampleCell::Kind::Date: {
                    lxw_datetime d{cell.date.year, static_cast<uint8_t>(cell.date.month), static_cast<uint8_t>(cell.date.day), 0, 0, 0};
                    worksheet_write_datetime(ws, row, c, &d, f);
                    break;
                }
                }
                any = true;
            }
            if (any) ++row;
        }
    }

    /// The drop-down, number or date rule of one column, with its hint; from row 2 to `rows`.
    void validation(lxw_worksheet* ws, const SheetSpec& s, lxw_col_t col) {
        const ColumnSpec& spec = s.columns[col];
        lxw_data_validation dv{};
        std::vector<std::string> words;
        std::vector<char*> pointers;
        std::string title = characters(spec.header) <= 32 ? spec.header : std::string();
        std::string hint = spec.hint, error, errorTitle = "Not in the list", formula;
        const DropDown* list = spec.list.empty() ? nullptr : lists_.find(spec.list);
        if (list && list->numeric) {
            dv.validate = LXW_VALIDATION_TYPE_INTEGER;
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_number = list->min;
            dv.maximum_number = list->max;
            dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
            error = "Type a whole number from " + std::to_string(list->min) + " to " + std::to_string(list->max) + ".";
            if (hint.empty()) hint = error;
        } else if (list) {
            words = list->words;
            for (auto& w : words) pointers.push_back(w.data());
            pointers.push_back(nullptr);
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = pointers.data();
            dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
            error = "Choose one of the words in the drop-down list, so that Impact understands it.";
            if (hint.empty()) hint = "Choose from the list.";
        } else if (!spec.choicesRange.empty()) {
            dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
            formula = spec.choicesRange;
            dv.value_formula = formula.data();
            dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
            dv.error_title = errorTitle.data();
            error = "This is not a name in the " + spec.choicesSheet + " sheet. Choose one from the list, check the spelling, or add it to the " +
                    spec.choicesSheet + " sheet.";
        } else if (spec.format == ColumnFormat::Date) {
            dv.validate = LXW_VALIDATION_TYPE_DATE;
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_datetime = lxw_datetime{2000, 1, 1, 0, 0, 0};
            dv.maximum_datetime = lxw_datetime{2099, 12, 31, 0, 0, 0};
            dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
            error = "Type a date as day/month/year, e.g. 14/10/2025.";
        } else if (spec.format == ColumnFormat::Money || spec.format == ColumnFormat::Percent ||
                   spec.format == ColumnFormat::Integer || spec.format == ColumnFormat::Decimal) {
            dv.validate = spec.format == ColumnFormat::Integer ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
            dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            dv.value_number = 0;
            dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
            error = spec.format == ColumnFormat::Money ? "Type an amount in pounds, e.g. 1500." : "Type a number (0 or more).";
        } else if (!hint.empty()) {
            dv.validate = LXW_VALIDATION_TYPE_ANY;
        } else {
            return;
        }
        if (!hint.empty()) {
            dv.input_message = hint.data();
            if (!title.empty()) dv.input_title = title.data();
        }
        if (!error.empty()) dv.error_message = error.data();
        check(worksheet_data_validation_range(ws, 1, col, t_.rows, col, &dv), t_.path,
              "the drop-down of sheet \"" + s.name + "\" column \"" + spec.header + "\" (a list longer than Excel's 255 characters?)");
    }

    const WorkbookTemplate& t_;
    const DropDowns& lists_;
    std::string path_;
    const WriteOptions& options_;
    std::string tmpdir_ = platform::libraryTemporaryFolder(); ///< "" for libxlsxwriter's own choice
    lxw_workbook* wb_ = nullptr;
    std::unique_ptr<Formats> f_;
};

} // namespace

void writeWorkbook(const WorkbookTemplate& description, const DropDowns& lists, const std::string& path, const WriteOptions& options) {
    Writer(description, lists, path, options).write();
}

} // namespace impact::init
