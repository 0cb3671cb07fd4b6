// graftSheets: the coordinator's package copied with the generated sheets added. The steps are in
// graft_*.cpp (write/graft_steps.h); this file runs them and writes the new package.
#include "write/graft.h"

#include "common/error.h"
#include "read/workbook.h"
#include "write/graft_steps.h"
#include "write/zip_writer.h"

#include "platform/files.h"

namespace impact::write {

namespace {

/// Every entry of the coordinator's package in its physical order (unchanged ones with their
/// compressed bytes, changed ones deflated anew), then the new parts. All new and changed entries
/// get the workbook part's time stamp, so the output does not depend on the clock.
void writePackage(const Graft& g, const std::string& output) {
    const read::ZipDirectory& zip = g.src.zip();
    std::uint16_t time = 0, date = 0x21; // 1980-01-01 00:00, what Excel writes
    for (const auto& it : zip.entries())
        if (partKey(it.name) == partKey(g.original.wbPart)) time = it.time, date = it.date;
    ZipWriter w(output);
    for (const auto& it : zip.entries()) {
        if (it.directory()) continue; // not parts; Excel complains about them
        std::string k = partKey(it.name);
        if (g.changes.deleted.count(k)) continue;
        if (auto r = g.changes.replaced.find(k); r != g.changes.replaced.end())
            w.add(it.name, r->second, time, date);
        else
            w.copyRaw(zip, it);
    }
    for (const auto& p : g.changes.newParts) w.add(p.name, p.data, time, date);
    w.finish(true);
}

} // namespace

std::vector<std::string> graftSheets(const std::string& original, const std::string& generated, const std::string& output,
                                     const GraftOptions& options) {
    if (original == output || platform::sameFile(original, output))
        throw WriteError(output + ": the output must be another file than the workbook (use updateWorkbookInPlace).");
    {
        // The reader's checks first: it says clearly what a file that is not an .xlsx is.
        read::Workbook check(original);
        if (check.strict()) refuseStrict(original);
    }
    Source src(original);
    Source gen(generated);
    Graft g{src, gen, options, {}, {}, {}};
    readOriginal(g);
    findRemovals(g);
    readGenerated(g);
    nameSheets(g);
    mergeStylesAndTheme(g);
    copyGeneratedParts(g);
    editWorkbook(g); // chooses the relationship ids first
    editContentTypes(g);
    editAppProperties(g);
    writePackage(g, output);
    std::vector<std::string> names;
    for (const auto& s : g.generated.sheets) names.push_back(s.newName);
    return names;
}

} // namespace impact::write
