#include "recognise/column_overrides.h"

#include "common/unicode_text.h"

#include <algorithm>
#include <optional>

namespace impact::recognise {

using model::Severity;

namespace {

/// How far down the header row may be: a title or a note above it is the coordinator's business.
constexpr std::uint32_t kHeaderSearchRows = 10;

/// "Pupil name", "PUPIL_NAME", "pupil-name" → "pupil_name".
std::string roleKey(std::string_view text) {
    std::string key;
    for (char c : normalise(text)) key += c == ' ' ? '_' : c;
    return key;
}

/// 0-based columns of the five headers in `row`, or nullopt if Sheet, Column and Role are not all there.
std::optional<std::array<std::optional<std::uint32_t>, kColumnsSheetHeaders.size()>> headerColumns(const read::Grid& grid,
                                                                                                     std::uint32_t row) {
    std::array<std::optional<std::uint32_t>, kColumnsSheetHeaders.size()> at{};
    for (std::uint32_t col = 0; col < grid.columnCount(); ++col) {
        std::string text = normalise(grid.text(row, col));
        for (std::size_t h = 0; h < kColumnsSheetHeaders.size(); ++h)
            if (!at[h] && text == normalise(kColumnsSheetHeaders[h])) at[h] = col;
    }
    if (!at[0] || !at[1] || !at[3]) return std::nullopt;
    return at;
}

/// The header row of an Impact Columns sheet, if it has one in its first rows.
std::optional<std::uint32_t> headerRow(const read::Grid& grid) {
    std::uint32_t searched = 0;
    for (std::uint32_t row : grid.rowIndices()) {
        if (++searched > kHeaderSearchRows) break;
        if (headerColumns(grid, row)) return row;
    }
    return std::nullopt;
}

/// "C" → 2; nullopt for anything but one to three letters naming a column Excel has (A..XFD).
std::optional<std::uint32_t> columnFromLetters(std::string_view text) {
    if (text.empty() || text.size() > 3) return std::nullopt;
    std::uint32_t n = 0;
    for (char c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') return std::nullopt;
        n = n * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
    }
    if (n > 16384) return std::nullopt;
    return n - 1;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

} // namespace

std::vector<std::string> knownRoles(const Vocabulary& vocab) {
    std::vector<std::string> roles;
    for (const auto& [field, phrases] : vocab.fields) roles.push_back(field);
    for (const char* r : {"question", "session", "ignore"}) roles.emplace_back(r);
    return roles;
}

std::string roleFromText(std::string_view text, const Vocabulary& vocab) {
    std::string key = roleKey(text);
    if (key.empty()) return {};
    if (vocab.fields.count(key) || key == "question" || key == "session" || key == "ignore") return key;
    return {};
}

bool isColumnsSheet(const read::Grid& grid) {
    return fold(grid.sheetName()) == fold(kColumnsSheetName) || headerRow(grid).has_value();
}

std::vector<model::ColumnOverride> readColumnOverrides(const read::Grid& grid, const Vocabulary& vocab,
                                                       const std::vector<std::string>& sheetNames,
                                                       model::IssueList& issues, std::uint32_t& rows) {
    std::vector<model::ColumnOverride> out;
    rows = 0;
    const std::string& self = grid.sheetName();
    std::optional<std::uint32_t> header = headerRow(grid);
    if (!header) {
        if (!grid.rowIndices().empty())
            issues.atSheet(Severity::Warning, "columns-sheet-no-headers", self,
                           "Impact cannot read this sheet: it has no header row with Sheet, Column and Role, so no "
                           "column role is taken from it.",
                           "Give it the headers Sheet, Column, Header, Role and Reason in its first row, or delete "
                           "the sheet and Impact writes a new one on the next report.");
        return out;
    }
    auto at = *headerColumns(grid, *header);
    auto text = [&](std::uint32_t row, std::size_t h) { return at[h] ? grid.text(row, *at[h]) : std::string(); };
    for (std::uint32_t row : grid.rowIndices()) {
        if (row <= *header) continue;
        std::string sheet = text(row, 0), letters = text(row, 1), headerText = text(row, 2), roleText = text(row, 3);
        if (sheet.empty() && letters.empty() && headerText.empty() && roleText.empty()) continue; // notes beside the table
        ++rows;
        if (roleText.empty()) continue; // left to Impact's guess
        auto named = std::find_if(sheetNames.begin(), sheetNames.end(), [&](const std::string& s) { return fold(s) == fold(sheet); });
        if (named == sheetNames.end() || fold(*named) == fold(self)) {
            issues.atCell(Severity::Warning, "columns-unknown-sheet", self, row, *at[0],
                          sheet.empty() ? "This row names no sheet, so its Role is not used."
                                        : "There is no sheet called '" + sheet + "' in this workbook, so this row's Role is not used.",
                          "Write the sheet's name as it is on its tab, or delete the row.");
            continue;
        }
        model::ColumnOverride o;
        o.sheet = *named;
        o.header = headerText;
        o.source = {self, row, *at[3]};
        o.role = roleFromText(roleText, vocab);
        if (o.role.empty()) {
            issues.atCell(Severity::Warning, "columns-unknown-role", self, row, *at[3],
                          "Impact does not know the role '" + roleText + "', so this row is not used.",
                          "Choose one of: " + joined(knownRoles(vocab)) + ".");
            continue;
        }
        if (!letters.empty()) {
            o.col = columnFromLetters(letters);
            if (!o.col) {
                issues.atCell(Severity::Warning, "columns-bad-column", self, row, *at[1],
                              "'" + letters + "' is not a column letter" +
                                  (headerText.empty() ? std::string(", so this row is not used.")
                                                      : ": the column is found by its header '" + headerText + "'."),
                              "Write the column's letter as it is above the sheet (A, B ... AA).");
                if (headerText.empty()) continue;
            }
        } else if (headerText.empty()) {
            issues.atCell(Severity::Warning, "columns-bad-column", self, row, *at[1],
                          "This row names no column (no letter and no header), so its Role is not used.",
                          "Write the column's letter, or its header as it is in the sheet.");
            continue;
        }
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<model::ColumnOverride> overridesFor(const std::vector<model::ColumnOverride>& all, const std::string& sheet) {
    std::vector<model::ColumnOverride> out;
    for (const auto& o : all)
        if (fold(o.sheet) == fold(sheet)) out.push_back(o);
    return out;
}

} // namespace impact::recognise
