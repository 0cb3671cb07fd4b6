#include "check_helpers.h"

#include "platform/files.h"

#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace impact::checktest {

Cell date(int year, int month, int day) {
    Cell c;
    c.kind = Cell::Kind::Date;
    c.year = year, c.month = month, c.day = day;
    return c;
}

Cell formula(const std::string& f, double cached) {
    Cell c;
    c.kind = Cell::Kind::Formula;
    c.text = f;
    c.number = cached;
    return c;
}

TempDir::TempDir() {
    auto folder = impact::platform::createPrivateFolder(impact::platform::temporaryFolder(), "impact-check-");
    if (!folder) throw std::runtime_error("cannot create a temporary folder: " + impact::platform::lastErrorText());
    path_ = *folder;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void writeWorkbook(const std::string& path, const std::vector<SheetSpec>& sheets) {
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) throw std::runtime_error("cannot create " + path);
    lxw_format* dateFormat = workbook_add_format(wb);
    format_set_num_format(dateFormat, "dd/mm/yyyy");
    for (const SheetSpec& spec : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, spec.name.c_str());
        if (!ws) throw std::runtime_error("cannot add sheet " + spec.name);
        for (std::size_t r = 0; r < spec.rows.size(); ++r)
            for (std::size_t c = 0; c < spec.rows[r].size(); ++c) {
                const Cell& cell = spec.rows[r][c];
                auto row = static_cast<lxw_row_t>(r);
                auto col = static_cast<lxw_col_t>(c);
                switch (cell.kind) {
                case Cell::Kind::Blank: break;
                case Cell::Kind::Text: worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr); break;
                case Cell::Kind::Number: worksheet_write_number(ws, row, col, cell.number, nullptr); break;
                case Cell::Kind::Date: {
                    lxw_datetime dt{cell.year, static_cast<uint8_t>(cell.month), static_cast<uint8_t>(cell.day), 0, 0, 0};
                    worksheet_write_datetime(ws, row, col, &dt, dateFormat);
                    break;
                }
                case Cell::Kind::Formula:
                    worksheet_write_formula_num(ws, row, col, cell.text.c_str(), nullptr, cell.number);
                    break;
                }
            }
        for (const std::string& m : spec.merges) {
            const char* s = m.c_str();
            lxw_row_t fr = lxw_name_to_row(s), lr = lxw_name_to_row_2(s);
            lxw_col_t fc = lxw_name_to_col(s), lc = lxw_name_to_col_2(s);
            std::string text;
            if (fr < spec.rows.size() && fc < spec.rows[fr].size()) text = spec.rows[fr][fc].text;
            if (worksheet_merge_range(ws, fr, fc, lr, lc, text.c_str(), nullptr) != LXW_NO_ERROR)
                throw std::runtime_error("cannot merge " + m);
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path);
}

check::CheckResult checkSheets(const std::vector<SheetSpec>& sheets) {
    TempDir dir;
    std::string path = dir.file("book.xlsx");
    writeWorkbook(path, sheets);
    return check::checkWorkbook(path, vocab());
}

std::ostream& operator<<(std::ostream& out, const Flag& f) {
    return out << "(" << f.rule << ", '" << f.sheet << "', " << (f.cell.empty() ? "-" : f.cell) << ")";
}

Flag flagOf(const model::Issue& i) {
    std::string cell = i.cell;
    if (cell.empty() && i.row) cell = "row " + std::to_string(*i.row);
    return {i.rule, i.sheet, cell};
}

Flags flagged(const check::CheckResult& result, const std::string& rule) {
    Flags out;
    for (const auto& i : result.issues.all())
        if (i.rule == rule) out.insert(flagOf(i));
    return out;
}

Flags flaggedAt(const check::CheckResult& result, model::Severity severity) {
    Flags out;
    for (const auto& i : result.issues.all())
        if (i.severity == severity) out.insert(flagOf(i));
    return out;
}

std::string describe(const check::CheckResult& result) {
    std::ostringstream out;
    for (const auto& s : result.model.sheets)
        out << "  sheet '" << s.name << "': " << model::sheetKindName(s.kind) << (s.headerRow ? " header row " + std::to_string(*s.headerRow) : "")
            << ", " << s.rows << " rows" << (s.note.empty() ? "" : " (" + s.note + ")") << "\n";
    for (const auto& i : result.issues.all())
        out << "  " << model::severityName(i.severity) << " " << flagOf(i) << " " << i.message << "\n";
    return out.str();
}

const model::SheetReport* sheetReport(const check::CheckResult& result, const std::string& name) {
    for (const auto& s : result.model.sheets)
        if (s.name == name) return &s;
    return nullptr;
}

const recognise::Vocabulary& vocab() { return recognise::Vocabulary::standard(); }

} // namespace impact::checktest
