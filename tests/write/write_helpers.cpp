#include "write_helpers.h"

#include "read/package.h"
#include "read/workbook.h"
#include "read/zip_directory.h"
#include "write/zip_writer.h"

#include <xlsxwriter.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace impact::test {

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "impact-write-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    // Tests make files and folders read-only; make them writable again to remove them.
    for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator(); ++it)
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
    if (!out) throw std::runtime_error("cannot write " + path);
}

void copyFile(const std::string& from, const std::string& to) { writeFile(to, readFile(from)); }

bool fileExists(const std::string& path) { return fs::exists(path); }

std::string corpusFile(const std::string& name) { return std::string(IMPACT_CORPUS_DIR) + "/" + name; }

// ---- workbooks -----------------------------------------------------------------------------

namespace {

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string(what) + ": " + lxw_strerror(e));
}

} // namespace

void makeGenerated(const std::string& path) {
    lxw_workbook_options o{};
    o.constant_memory = LXW_TRUE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &o);
    lxw_worksheet* s = workbook_add_worksheet(wb, "Impact Summary");
    lxw_worksheet* d = workbook_add_worksheet(wb, "Impact Data Issues");
    lxw_format* gbp = workbook_add_format(wb);
    format_set_num_format(gbp, "\xC2\xA3#,##0.00");
    lxw_format* pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    lxw_format* hdr = workbook_add_format(wb);
    format_set_bold(hdr);
    format_set_bg_color(hdr, 0xDDEEFF);
    format_set_border(hdr, LXW_BORDER_THIN);
    lxw_format* red = workbook_add_format(wb);
    format_set_font_color(red, LXW_COLOR_RED);
    worksheet_set_column(s, 0, 0, 24, nullptr);
    worksheet_set_column(s, 1, 2, 12, nullptr);
    worksheet_write_string(s, 0, 0, "Category", hdr);
    worksheet_write_string(s, 0, 1, "Funding", hdr);
    worksheet_write_string(s, 0, 2, "Share", hdr);
    const char* cats[] = {"Attendance", "Wellbeing", "Attainment", "Reach"};
    for (int i = 1; i <= 4; ++i) {
        worksheet_write_string(s, static_cast<lxw_row_t>(i), 0, cats[i - 1], nullptr);
        worksheet_write_number(s, static_cast<lxw_row_t>(i), 1, i * 1000.5, gbp);
        worksheet_write_number(s, static_cast<lxw_row_t>(i), 2, i / 10.0, pct);
    }
    worksheet_freeze_panes(s, 1, 0);
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
    cf.value = 0.25;
    cf.format = red;
    check(worksheet_conditional_format_range(s, 1, 2, 4, 2, &cf), "conditional format");
    lxw_chart* c = workbook_add_chart(wb, LXW_CHART_COLUMN);
    lxw_chart_series* series = chart_add_series(c, "='Impact Summary'!$A$2:$A$5", "='Impact Summary'!$B$2:$B$5");
    chart_series_set_name(series, "='Impact Summary'!$B$1");
    check(worksheet_insert_chart(s, 1, 4, c), "chart");
    worksheet_write_string(d, 0, 0, "Issue", hdr);
    worksheet_write_url(d, 1, 0, "internal:'Impact Summary'!B3", nullptr);
    worksheet_write_string(d, 2, 0, "A second issue", nullptr);
    worksheet_freeze_panes(d, 1, 0);
    check(workbook_close(wb), "generated workbook");
}

void makeLxwOriginal(const std::string& path) {
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* b = workbook_add_worksheet(wb, "Budget");
    lxw_worksheet* own = workbook_add_worksheet(wb, "Impact Summary");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* gbp = workbook_add_format(wb);
    format_set_num_format(gbp, "\xC2\xA3#,##0.00"); // the same code as the generated one: reused
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format* pct = workbook_add_format(wb);
    format_set_num_format(pct, "0%");
    worksheet_write_string(b, 0, 0, "Item", bold);
    worksheet_write_string(b, 0, 1, "Amount", bold);
    worksheet_write_string(b, 0, 2, "Paid", bold);
    worksheet_write_string(b, 0, 3, "Share", bold);
    const char* items[] = {"Coaches", "Hall hire", "Kit", "Transport"};
    for (int i = 1; i <= 4; ++i) {
        auto r = static_cast<lxw_row_t>(i);
        worksheet_write_string(b, r, 0, items[i - 1], nullptr);
        worksheet_write_number(b, r, 1, 250.0 * i + 0.25, gbp);
        lxw_datetime dt{2024, 3, i, 0, 0, 0};
        worksheet_write_datetime(b, r, 2, &dt, date);
        worksheet_write_number(b, r, 3, i / 10.0, pct);
    }
    worksheet_write_formula(b, 5, 1, "=SUM(B2:B5)", gbp);
    lxw_chart* c = workbook_add_chart(wb, LXW_CHART_BAR);
    chart_add_series(c, "=Budget!$A$2:$A$5", "=Budget!$B$2:$B$5");
    check(worksheet_insert_chart(b, 1, 5, c), "chart");
    check(workbook_define_name(wb, "Total", "=Budget!$B$2:$B$5"), "name");
    check(workbook_define_name(wb, "Budget!Rate", "=0.2"), "local name");
    check(worksheet_repeat_rows(b, 0, 0), "print titles");
    worksheet_write_string(own, 0, 0, "The coordinator's own summary sheet", bold);
    worksheet_write_number(own, 1, 0, 42, nullptr);
    worksheet_activate(b);
    check(workbook_close(wb), "original workbook");
}

void makeMovedOriginal(const std::string& path) {
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ours = workbook_add_worksheet(wb, "Impact Summary");
    lxw_worksheet* b = workbook_add_worksheet(wb, "Budget");
    lxw_worksheet* n = workbook_add_worksheet(wb, "Notes");
    worksheet_write_string(ours, 0, 0, "Last run's summary", nullptr);
    worksheet_write_number(ours, 1, 0, 1, nullptr);
    worksheet_write_number(ours, 2, 0, 2, nullptr);
    lxw_chart* c = workbook_add_chart(wb, LXW_CHART_LINE);
    chart_add_series(c, nullptr, "='Impact Summary'!$A$2:$A$3");
    check(worksheet_insert_chart(ours, 0, 3, c), "chart");
    worksheet_write_string(b, 0, 0, "Amount", nullptr);
    worksheet_write_number(b, 1, 0, 99.5, nullptr);
    worksheet_write_string(n, 0, 0, "A note", nullptr);
    check(workbook_define_name(wb, "'Impact Summary'!_IMPACT_GENERATED", "=\"generated\""), "marker");
    check(workbook_define_name(wb, "Budget!Rate", "=0.2"), "local name");
    check(workbook_define_name(wb, "Everything", "=Budget!$A$1:$A$2"), "global name");
    worksheet_activate(b);
    check(workbook_close(wb), "moved workbook");
}

namespace {

const char* kOpenpyxlScript = R"PY(
import datetime, sys
import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Attendance"
ws.append(["Name", "Date", "Sessions", "Rate"])
for i in range(1, 6):
    ws.append(["Pupil %d" % i, datetime.date(2024, 1, i), i * 2, i / 10])
for r in range(2, 7):
    ws.cell(r, 2).number_format = "yyyy-mm-dd"
    ws.cell(r, 4).number_format = "0%"
ws["A1"].font = Font(bold=True)
ws["A1"].fill = PatternFill("solid", fgColor="FFFF00")
ws["E2"] = "=SUM(C2:C6)"
ws2 = wb.create_sheet("Funding")
ws2.append(["Funder", "Amount"])
ws2.append(["Trust", 1234.5])
ws2["B2"].number_format = '"£"#,##0.00'
wb.defined_names.append(DefinedName(name="Sessions", attr_text="Attendance!$C$2:$C$6"))
wb.save(sys.argv[1])
)PY";

int run(const std::string& cmd) {
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool soffice(const std::string& convertTo, const std::vector<std::string>& files, const std::string& outDir) {
    if (!haveSoffice() || files.empty()) return false;
    TempDir profile;
    std::string cmd = std::string("'") + IMPACT_SOFFICE + "' -env:UserInstallation=file://" + profile.path() +
                      " --headless --norestore --convert-to '" + convertTo + "' --outdir '" + outDir + "'";
    for (const auto& f : files) cmd += " '" + f + "'";
    cmd += " > '" + profile.path() + "/log' 2>&1";
    return run(cmd) == 0;
}

} // namespace

bool haveSoffice() { return !std::string(IMPACT_SOFFICE).empty(); }

std::string loOriginal() {
    std::string script(kOpenpyxlScript);
    std::string name = "lo_original_" + std::to_string(std::hash<std::string>{}(script) % 1000000007) + ".xlsx";
    std::string cached = std::string(WRITE_FIXTURE_DIR) + "/" + name;
    if (fileExists(cached)) return cached;
    fs::create_directories(WRITE_FIXTURE_DIR);
    TempDir dir;
    writeFile(dir / "make.py", script);
    std::string made = dir / "openpyxl.xlsx";
    if (run(std::string("'") + IMPACT_PYTHON + "' '" + (dir / "make.py") + "' '" + made + "'") != 0)
        throw std::runtime_error("openpyxl script failed");
    fs::create_directories(dir / "lo");
    if (!soffice("xlsx:Calc MS Excel 2007 XML", {made}, dir / "lo")) throw std::runtime_error("LibreOffice re-save failed");
    // Another test process may be doing the same: rename into place atomically.
    std::string temp = cached + ".tmp" + std::to_string(::getpid());
    copyFile(dir / "lo/openpyxl.xlsx", temp);
    fs::rename(temp, cached);
    return cached;
}

// ---- inspection ----------------------------------------------------------------------------

std::map<std::string, PartBytes> partsOf(const std::string& path) {
    std::map<std::string, PartBytes> out;
    read::ReadLimits limits;
    read::Package pkg(path, limits);
    const read::ZipDirectory& zip = pkg.zip();
    for (const auto& it : zip.entries()) {
        if (it.directory()) continue;
        PartBytes& p = out[it.name];
        zip.readRaw(it.dataOffset, it.compressedSize, p.compressed);
        p.method = it.method;
        if (const read::PartEntry* e = pkg.find(it.name)) {
            auto s = pkg.open(*e);
            std::vector<char> buf(1 << 16);
            while (std::size_t n = s->read(buf.data(), buf.size())) p.inflated.append(buf.data(), n);
        }
    }
    return out;
}

namespace {

class Collect : public read::RowVisitor {
public:
    std::vector<std::string>* out;
    void onRow(const read::Row& row) override {
        for (const auto& c : row.cells) {
            std::ostringstream s;
            s.precision(17);
            s << read::cellName(row.index, c.col) << " " << static_cast<int>(c.type) << " " << static_cast<int>(c.dateParts)
              << " " << c.number << " " << c.text;
            out->push_back(s.str());
        }
    }
};

} // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> cellsOf(const std::string& path) {
    read::Workbook wb(path);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
        out.emplace_back(wb.sheets()[i].name, std::vector<std::string>{});
        Collect c;
        c.out = &out.back().second;
        if (wb.sheets()[i].hasCells() && !wb.sheets()[i].part.empty()) wb.readSheet(i, c);
    }
    return out;
}

bool convertToCsv(const std::vector<std::string>& files, const std::string& outDir) {
    return soffice("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", files, outDir);
}

bool convertToXlsx(const std::vector<std::string>& files, const std::string& outDir) {
    return soffice("xlsx:Calc MS Excel 2007 XML", files, outDir);
}

void rewritePackage(const std::string& from, const std::string& to, const std::map<std::string, std::string>& replace,
                    bool addDirectoryEntry) {
    read::ZipDirectory zip(from);
    write::ZipWriter out(to);
    std::map<std::string, std::string> left = replace;
    if (addDirectoryEntry) out.add("xl/", "", 0, 0x21);
    for (const auto& it : zip.entries()) {
        if (auto r = left.find(it.name); r != left.end()) {
            out.add(it.name, r->second, it.time, it.date);
            left.erase(r);
        } else {
            out.copyRaw(zip, it);
        }
    }
    for (const auto& [name, data] : left) out.add(name, data, 0, 0x21);
    out.finish(false);
}

} // namespace impact::test
