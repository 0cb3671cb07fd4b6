// The domain's closed sets as enums: the kinds of sheet and a response's timepoint. Inside the
// engine they are compared as values; their words (SPEC's JSON keys, the templates' data files)
// appear only where text is read or written, through the functions here.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace impact::model {

/// The kinds of sheet (SPEC "The workbook"). None: not (yet) recognised as any kind.
enum class SheetKind {
    None,
    Indicators,
    Schools,
    Funders,
    Contributions,
    AttendanceCounts,
    AttendanceLong,
    AttendanceRegister,
    Assessment,
    Survey,
    Partnership, ///< the settings sheet
    Columns,     ///< the "Impact Columns" sheet
    Skipped,     ///< a sheet Impact does not read (chart, hidden, its own, not recognised)
};

inline constexpr std::array<std::pair<SheetKind, std::string_view>, 12> kSheetKindNames{{
    {SheetKind::Indicators, "indicators"},
    {SheetKind::Schools, "schools"},
    {SheetKind::Funders, "funders"},
    {SheetKind::Contributions, "contributions"},
    {SheetKind::AttendanceCounts, "attendance-counts"},
    {SheetKind::AttendanceLong, "attendance-long"},
    {SheetKind::AttendanceRegister, "attendance-register"},
    {SheetKind::Assessment, "assessment"},
    {SheetKind::Survey, "survey"},
    {SheetKind::Partnership, "partnership"},
    {SheetKind::Columns, "columns"},
    {SheetKind::Skipped, "skipped"},
}};

/// The kind as written in JSON and text ("attendance-long"); "" for None.
constexpr std::string_view sheetKindName(SheetKind kind) {
    for (const auto& [k, name] : kSheetKindNames)
        if (k == kind) return name;
    return {};
}

/// The kind a word names, or nothing if it names none.
constexpr std::optional<SheetKind> sheetKindFromName(std::string_view name) {
    for (const auto& [k, n] : kSheetKindNames)
        if (n == name) return k;
    return std::nullopt;
}

/// When a survey response was given. None: not said (yet); Unknown: the sheet gives no way to
/// tell (reported as timepoint-unknown).
enum class Timepoint { None, Before, After, Unknown };

/// "before", "after", "unknown" or "" (None), as written in JSON and messages.
constexpr std::string_view timepointName(Timepoint t) {
    switch (t) {
    case Timepoint::Before: return "before";
    case Timepoint::After: return "after";
    case Timepoint::Unknown: return "unknown";
    case Timepoint::None: break;
    }
    return {};
}

/// A survey respondent's group: the project's pupils, or a comparison group (SPEC: a group
/// column); None when the sheet does not say.
enum class Group : std::uint8_t { None, Project, Comparison };

/// The group a vocabulary key names ("project", "comparison"), else None.
constexpr Group groupFromName(std::string_view name) {
    if (name == "project") return Group::Project;
    if (name == "comparison") return Group::Comparison;
    return Group::None;
}

/// The timepoint a vocabulary key names ("before", "after"), else None.
constexpr Timepoint timepointFromName(std::string_view name) {
    if (name == "before") return Timepoint::Before;
    if (name == "after") return Timepoint::After;
    if (name == "unknown") return Timepoint::Unknown;
    return Timepoint::None;
}

} // namespace impact::model
