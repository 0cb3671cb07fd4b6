#include "init/workbook_template.h"

#include "common/error.h"
#include "common/paths.h"
#include "common/json_file.h"
#include "common/unicode_text.h"
#include "recognise/vocabulary.h"

#include <algorithm>
#include <map>
#include <set>

namespace impact::init {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

const std::map<std::string, ColumnFormat>& formatNames() {
    static const std::map<std::string, ColumnFormat> names{
        {"text", ColumnFormat::Text},       {"wrap", ColumnFormat::Wrap},     {"bold", ColumnFormat::Bold},
        {"note", ColumnFormat::Note},       {"date", ColumnFormat::Date},     {"money", ColumnFormat::Money},
        {"percent", ColumnFormat::Percent}, {"integer", ColumnFormat::Integer}, {"decimal", ColumnFormat::Decimal}};
    return names;
}

bool contains(const std::vector<std::string>& words, const std::string& w) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Excel's rules for a sheet name: 1 to 31 characters, none of []:*?/\ .
bool validSheetName(const std::string& name) {
    if (name.empty() || name.size() > 31 || name.front() == '\'' || name.back() == '\'') return false;
    return name.find_first_of("[]:*?/\\") == std::string::npos;
}

std::optional<read::CivilDate> isoDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    read::CivilDate d;
    d.year = std::stoi(text.substr(0, 4));
    d.month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
    d.day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
    if (!read::isValidDate(d.year, d.month, d.day)) return std::nullopt;
    return d;
}

class Loader {
public:
    Loader(const JsonFile& file, const recognise::Vocabulary& vocab, const DropDowns& lists)
        : file_(file), vocab_(vocab), lists_(lists) {}

    ColumnSpec column(const Object::Ptr& c, const std::string& where, const std::string& anchor) const {
        ColumnSpec col;
        col.header = file_.string(c, "header", where);
        col.field = file_.string(c, "field", where, false);
        col.list = file_.string(c, "list", where, false);
        col.hint = file_.string(c, "hint", where, false);
        col.width = c->optValue<double>("width", 12.0);
        col.fixed = c->optValue<bool>("fixed", false);
        if (c->has("choices_from")) {
            Object::Ptr from = file_.object(c, "choices_from", where);
            col.choicesSheet = file_.string(from, "sheet", where + " \"choices_from\"");
            col.choicesHeader = file_.string(from, "column", where + " \"choices_from\"");
            if (!col.list.empty()) file_.fail(where + ": give \"list\" or \"choices_from\", not both", "\"" + col.header + "\"", anchor);
        }
        std::string format = file_.string(c, "format", where, false);
        if (!format.empty()) {
            auto it = formatNames().find(format);
            if (it == formatNames().end())
                file_.fail(where + ": \"format\" is \"" + format + "\"; use text, wrap, bold, note, date, money, percent, integer or decimal", "\"" + format + "\"", anchor);
            col.format = it->second;
        }
        if (col.header.empty()) file_.fail(where + ": \"header\" is empty");
        if (col.width < 2 || col.width > 120) file_.fail(where + ": \"width\" must be from 2 to 120 characters", "\"" + col.header + "\"", anchor);
        if (col.hint.size() > 255) file_.fail(where + ": \"hint\" is longer than Excel's 255 characters", "\"" + col.header + "\"", anchor);
        if (!col.list.empty() && !lists_.find(col.list))
            file_.fail(where + ": there is no drop-down list \"" + col.list + "\"; the lists are " + lists_.ids(), "\"" + col.list + "\"", anchor);
        // The header must be a word Impact recognises for the field, or check would not read the column.
        if (!col.field.empty() && col.field != "question") {
            auto f = vocab_.fields.find(col.field);
            if (f == vocab_.fields.end()) file_.fail(where + ": \"" + col.field + "\" is not a field in templates/data/headers.json", "\"" + col.field + "\"", anchor);
            if (!contains(f->second, normalise(col.header)))
                file_.fail(where + ": Impact would not read the header \"" + col.header + "\" as " + col.field +
                           "; use one of the words templates/data/headers.json lists for it", "\"" + col.header + "\"", anchor);
        }
        return col;
    }

    ExampleCell cell(const Poco::Dynamic::Var& v, const ColumnSpec& col, const std::string& where, const std::string& anchor) const {
        ExampleCell cell;
        if (v.isEmpty()) return cell;
        if (v.isString()) {
            cell.text = v.extract<std::string>();
            if (cell.text.empty()) return cell;
            cell.kind = ExampleCell::Kind::Text;
            if (col.format == ColumnFormat::Date) {
                auto d = isoDate(cell.text);
                if (!d) file_.fail(where + ": \"" + cell.text + "\" is not a date written YYYY-MM-DD", "\"" + cell.text + "\"", anchor);
                cell.kind = ExampleCell::Kind::Date;
                cell.date = *d;
            }
        } else if (v.isNumeric()) {
            cell.kind = ExampleCell::Kind::Number;
            cell.number = v.convert<double>();
        } else {
            file_.fail(where + " must be text in quotes, a number or \"\"");
        }
        if (const DropDown* list = col.list.empty() ? nullptr : lists_.find(col.list)) {
            bool ok = list->numeric ? cell.kind == ExampleCell::Kind::Number && cell.number >= list->min && cell.number <= list->max
                                    : cell.kind == ExampleCell::Kind::Text && contains(list->words, cell.text);
            if (!ok) file_.fail(where + ": \"" + cell.text + "\" is not in the drop-down list \"" + col.list + "\"", "\"" + cell.text + "\"", anchor);
        }
        if (col.field == "setting_key" && cell.kind == ExampleCell::Kind::Text) {
            bool known = false;
            for (const auto& [setting, words] : vocab_.settings) known = known || contains(words, normalise(cell.text));
            if (!known) file_.fail(where + ": \"" + cell.text + "\" is not a setting Impact knows (templates/data/headers.json \"settings\")", "\"" + cell.text + "\"", anchor);
        }
        return cell;
    }

    SheetSpec sheet(const Object::Ptr& s, std::size_t index) const {
        SheetSpec sheet;
        sheet.name = file_.string(s, "name", "sheet " + std::to_string(index + 1));
        std::string where = "sheet \"" + sheet.name + "\"";
        std::string anchor = "\"" + sheet.name + "\""; // errors point at the line after the sheet's name
        if (!validSheetName(sheet.name)) file_.fail(where + ": a sheet name has 1 to 31 characters and none of [ ] : * ? / \\");
        sheet.about = file_.string(s, "about", where);
        Array::Ptr columns = file_.array(s, "columns", where);
        if (columns->size() == 0) file_.fail(where + " has no columns");
        for (std::size_t i = 0; i < columns->size(); ++i) {
            Object::Ptr c = columns->getObject(static_cast<unsigned>(i));
            std::string cw = where + " column " + std::to_string(i + 1);
            if (!c) file_.fail(cw + " must be an object");
            sheet.columns.push_back(column(c, cw, anchor));
        }
        if (s->has("examples")) {
            Array::Ptr rows = file_.array(s, "examples", where);
            for (std::size_t r = 0; r < rows->size(); ++r) {
                Array::Ptr row = rows->getArray(static_cast<unsigned>(r));
                std::string rw = where + " example " + std::to_string(r + 1);
                if (!row) file_.fail(rw + " must be a list of cells");
                if (row->size() != sheet.columns.size())
                    file_.fail(rw + " has " + std::to_string(row->size()) + " cells for " + std::to_string(sheet.columns.size()) + " columns");
                std::vector<ExampleCell> cells;
                for (std::size_t c = 0; c < row->size(); ++c)
                    cells.push_back(cell(row->get(static_cast<unsigned>(c)), sheet.columns[c],
                                         rw + " (" + sheet.columns[c].header + ")", anchor));
                sheet.examples.push_back(std::move(cells));
            }
        }
        return sheet;
    }

private:
    const JsonFile& file_;
    const recognise::Vocabulary& vocab_;
    const DropDowns& lists_;
};

std::string columnLetters(std::size_t col) {
    std::string out;
    for (std::size_t n = col + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

/// Turns each "choices_from" into the range of that sheet's column below its header.
void resolveChoices(WorkbookTemplate& t, const JsonFile& file) {
    for (auto& sheet : t.sheets)
        for (auto& col : sheet.columns) {
            if (col.choicesSheet.empty()) continue;
            std::string where = "sheet \"" + sheet.name + "\" column \"" + col.header + "\": \"choices_from\"";
            auto from = std::find_if(t.sheets.begin(), t.sheets.end(), [&](const SheetSpec& s) { return s.name == col.choicesSheet; });
            if (from == t.sheets.end()) file.fail(where + " names no sheet \"" + col.choicesSheet + "\"", "\"" + col.choicesSheet + "\"", "\"" + sheet.name + "\"");
            auto c = std::find_if(from->columns.begin(), from->columns.end(), [&](const ColumnSpec& x) { return x.header == col.choicesHeader; });
            if (c == from->columns.end())
                file.fail(where + ": sheet \"" + from->name + "\" has no column \"" + col.choicesHeader + "\"", "\"" + col.choicesHeader + "\"", "\"" + sheet.name + "\"");
            std::string letters = columnLetters(static_cast<std::size_t>(c - from->columns.begin()));
            std::string quoted;
            for (char ch : from->name) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
            col.choicesRange = "='" + quoted + "'!$" + letters + "$2:$" + letters + "$" + std::to_string(t.rows + 1);
        }
}

} // namespace

std::string standardTemplatePath() { return pathIn(templatesDir(), "workbook/coordinator.json"); }

WorkbookTemplate loadTemplate(const std::string& path, const recognise::Vocabulary& vocab, const DropDowns& lists) {
    JsonFile file(path, "Check the path, or reinstall Impact to restore its templates.", JsonKeyOrder::FileOrder);
    Loader loader(file, vocab, lists);
    WorkbookTemplate t;
    t.path = path;
    try {
        Object::Ptr root = file.root();
        int rows = root->optValue<int>("rows", 1000);
        if (rows < 1 || rows > 100000) file.fail("\"rows\" must be from 1 to 100000");
        t.rows = static_cast<std::uint32_t>(rows);
        Object::Ptr ins = file.object(root, "instructions", "the file");
        t.instructions.sheet = file.string(ins, "sheet", "\"instructions\"");
        t.instructions.title = file.string(ins, "title", "\"instructions\"");
        t.instructions.afterHeading = file.string(ins, "after_heading", "\"instructions\"", false);
        t.instructions.before = file.strings(file.array(ins, "before", "\"instructions\""), "\"instructions\" \"before\"");
        if (ins->has("after")) t.instructions.after = file.strings(file.array(ins, "after", "\"instructions\""), "\"instructions\" \"after\"");
        if (!validSheetName(t.instructions.sheet)) file.fail("\"instructions\": \"sheet\" is not a valid sheet name");
        Array::Ptr sheets = file.array(root, "sheets", "the file");
        if (sheets->size() == 0) file.fail("\"sheets\" is empty");
        std::set<std::string> names{fold(t.instructions.sheet)};
        for (std::size_t i = 0; i < sheets->size(); ++i) {
            Object::Ptr s = sheets->getObject(static_cast<unsigned>(i));
            if (!s) file.fail("sheet " + std::to_string(i + 1) + " must be an object");
            t.sheets.push_back(loader.sheet(s, i));
            if (!names.insert(fold(t.sheets.back().name)).second)
                file.fail("two sheets are called \"" + t.sheets.back().name + "\"");
        }
        resolveChoices(t, file);
    } catch (const Poco::Exception& e) {
        file.fail("has a value of the wrong type (" + e.displayText() + ")");
    }
    return t;
}

} // namespace impact::init
