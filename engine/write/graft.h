// Adding Impact's own sheets to the coordinator's workbook without damaging it (SPEC "What it
// writes" 1). The generated sheets come from a workbook written with libxlsxwriter; they are
// grafted into a copy of the coordinator's package, in which every part Impact does not own keeps
// its exact compressed bytes. Only the workbook part, its relationships, [Content_Types].xml, the
// app properties and (when formats must be added) the styles part are rewritten, by splicing text.
#pragma once

#include "read/workbook.h"

#include <string>
#include <vector>

namespace impact::write {

struct GraftOptions {
    /// The hidden, sheet-scoped defined name that marks each sheet Impact added, so the next run
    /// removes exactly those sheets (it follows the sheet if the user renames or moves it).
    std::string marker = read::kGeneratedMarker;
    /// Generated sheets (by name) to add without the marker: they become the coordinator's own
    /// (e.g. a proposed indicators sheet for them to edit), so later runs leave them alone.
    std::vector<std::string> unmarked;
};

/// Copies `original` to `output` (which must be another path), removing the sheets a previous run
/// added (marked) with everything only they used, and appending the sheets of `generated` (a
/// libxlsxwriter workbook, preferably written in constant_memory mode) after the coordinator's.
/// Returns the names the new sheets got: a generated sheet is renamed "Impact Summary (2)" if the
/// coordinator has a sheet of that name, and formulas, chart series and hyperlinks follow.
/// Throws ReadError (exit 2) if `original` cannot be read, WriteError (exit 3) if it cannot be
/// written back (Strict Open XML, UTF-16 parts, output not writable).
std::vector<std::string> graftSheets(const std::string& original, const std::string& generated, const std::string& output,
                                     const GraftOptions& options = {});

/// Safe in-place update of `workbook` with the sheets of `generated`. Refuses with WriteError if
/// the workbook is open (a lock file "~$NAME.xlsx" or ".~lock.NAME.xlsx#" beside it) or the file
/// or its folder is read-only. Writes a temporary file in the same folder, checks it, flushes it to
/// disk, keeps the previous version as "NAME.backup.xlsx" and renames the new one into place, so
/// the workbook is at every moment either the old version or the new one, whole.
/// Returns the names the new sheets got.
std::vector<std::string> updateWorkbookInPlace(const std::string& workbook, const std::string& generated,
                                               const GraftOptions& options = {});

/// Where updateWorkbookInPlace keeps the previous version: "Book.xlsx" -> "Book.backup.xlsx".
std::string backupPathFor(const std::string& workbook);

} // namespace impact::write
