#include "output/check_output.h"

#include "read/cell.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <iomanip>
#include <ostream>

namespace impact::output {

using model::Severity;

namespace {

Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

/// "C 'When'": a column as the coordinator finds it.
std::string columnLabel(const model::ColumnRole& c) { return read::columnName(c.col) + " '" + c.header + "'"; }

/// "7 of 9 columns understood".
std::string understood(const model::SheetReport& s) {
    auto used = std::count_if(s.columns.begin(), s.columns.end(), [](const model::ColumnRole& c) { return !c.role.empty(); });
    return std::to_string(used) + " of " + std::to_string(s.columns.size()) + (s.columns.size() == 1 ? " column" : " columns") +
           " understood";
}

/// One line per column with a role ("C 'When' → timepoint: values Before/After, 115 rows"), then
/// the columns not used, together on one line.
void printColumnRoles(std::ostream& out, const model::SheetReport& s) {
    std::string unused;
    for (const auto& c : s.columns) {
        if (c.role.empty()) {
            unused += (unused.empty() ? "" : ", ") + columnLabel(c);
            continue;
        }
        out << "      " << columnLabel(c) << " \u2192 " << c.role;
        if (!c.reason.empty()) out << ": " << c.reason;
        if (c.source == model::RoleSource::Coordinator) out << " (set in the Impact Columns sheet)";
        out << "\n";
    }
    if (!unused.empty()) out << "      (not used) " << unused << "\n";
}

} // namespace

Poco::JSON::Object::Ptr checkJson(const check::CheckResult& result) {
    auto root = ordered();
    root->set("workbook", result.model.path);
    Poco::JSON::Array::Ptr sheets = new Poco::JSON::Array;
    for (const auto& s : result.model.sheets) {
        auto o = ordered();
        o->set("name", s.name);
        o->set("kind", std::string(model::sheetKindName(s.kind)));
        if (s.headerRow) o->set("header_row", *s.headerRow);
        else o->set("header_row", Poco::Dynamic::Var());
        o->set("rows", s.rows);
        if (!s.note.empty()) o->set("note", s.note);
        if (s.hidden) o->set("hidden", true);
        if (!s.columns.empty()) {
            Poco::JSON::Array::Ptr cols = new Poco::JSON::Array;
            for (const auto& col : s.columns) {
                auto c = ordered();
                Poco::Dynamic::Var role = col.role.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(col.role);
                c->set("column", read::columnName(col.col));
                c->set("header", col.header);
                c->set("role", role);
                c->set("field", role); // the key before "role" existed: stable JSON keeps it
                c->set("reason", col.reason);
                c->set("source", col.source == model::RoleSource::Coordinator ? "coordinator" : "guessed");
                cols->add(c);
            }
            o->set("columns", cols);
        }
        sheets->add(o);
    }
    root->set("sheets", sheets);
    Poco::JSON::Array::Ptr issues = new Poco::JSON::Array;
    for (const auto& i : result.issues.all()) {
        auto o = ordered();
        o->set("severity", model::severityName(i.severity));
        o->set("rule", i.rule);
        o->set("sheet", i.sheet.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(i.sheet));
        o->set("cell", i.cell.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(i.cell));
        if (i.row) o->set("row", *i.row);
        o->set("message", i.message);
        o->set("suggestion", i.suggestion);
        issues->add(o);
    }
    root->set("issues", issues);
    auto counts = ordered();
    counts->set("error", result.issues.count(Severity::Error));
    counts->set("warning", result.issues.count(Severity::Warning));
    counts->set("info", result.issues.count(Severity::Info));
    root->set("counts", counts);
    return root;
}

void printCheck(std::ostream& out, const check::CheckResult& result, bool verbose, bool colour) {
    auto paint = [&](const char* code, const std::string& s) { return colour ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s; };
    out << "Checked " << result.model.path << "\n\n";
    std::size_t width = 5;
    for (const auto& s : result.model.sheets) width = std::max(width, s.name.size());
    for (const auto& s : result.model.sheets) {
        out << "  " << std::left << std::setw(static_cast<int>(width + 2)) << s.name << std::setw(22) << model::sheetKindName(s.kind);
        if (s.kind == model::SheetKind::Skipped) out << "(" << s.note << ")";
        else {
            if (s.headerRow) out << "headers in row " << *s.headerRow << ", ";
            out << s.rows << " rows";
            if (!verbose && !s.columns.empty()) out << ", " << understood(s);
        }
        out << "\n";
        if (verbose) printColumnRoles(out, s);
    }
    bool anyColumns = std::any_of(result.model.sheets.begin(), result.model.sheets.end(),
                                  [](const model::SheetReport& s) { return !s.columns.empty(); });
    if (!verbose && anyColumns) out << "  (Run with --verbose to see the column roles, and why.)\n";
    std::size_t errors = result.issues.count(Severity::Error), warnings = result.issues.count(Severity::Warning),
                infos = result.issues.count(Severity::Info);
    std::string current = "\x01";
    for (const auto& i : result.issues.all()) {
        if (i.severity == Severity::Info && !verbose) continue;
        if (i.sheet != current) {
            current = i.sheet;
            out << "\n" << paint("1", i.sheet.empty() ? std::string("Whole workbook") : "Sheet '" + i.sheet + "'") << "\n";
        }
        std::string sev = model::severityName(i.severity);
        const char* code = i.severity == Severity::Error ? "31" : i.severity == Severity::Warning ? "33" : "36";
        std::string where = !i.cell.empty() ? i.cell : i.row ? "row " + std::to_string(*i.row) : "";
        out << "  " << paint(code, sev) << std::string(8 - sev.size(), ' ') << std::left << std::setw(8) << where
            << i.message << "  [" << i.rule << "]\n";
        if (!i.suggestion.empty()) out << std::string(18, ' ') << "-> " << i.suggestion << "\n";
    }
    out << "\n" << errors << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning, " : " warnings, ")
        << infos << " info.";
    if (infos && !verbose) out << " (Run with --verbose to see what Impact assumed.)";
    out << "\n";
    if (errors) out << "Fix the errors before making reports (or use report --force).\n";
}

} // namespace impact::output
