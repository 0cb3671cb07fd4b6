#include "read/workbook.h"

#include "read/merged_ranges.h"

#include "common/error.h"
#include "read/file_kind.h"
#include "read/opc.h"
#include "read/package.h"
#include "read/shared_strings.h"
#include "read/sheet_parser.h"
#include "read/sheet_scanner.h"
#include "read/styles.h"
#include "read/xml_parser.h"

#include <charconv>
#include <cstring>
#include <mutex>

namespace impact::read {

namespace {

struct ListedSheet {
    std::string name, relId, state;
};

class WorkbookPartHandler : public XmlHandler {
public:
    std::vector<ListedSheet> sheets;
    std::vector<std::size_t> generated; ///< localSheetId of each sheet Impact marked as its own
    bool date1904 = false, sawWorkbook = false, sawSheets = false;
    void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) override {
        if (ns != Ns::Main) return;
        if (local == "workbook") sawWorkbook = true;
        else if (local == "sheets") sawSheets = true;
        else if (local == "workbookPr") {
            if (const char* v = atts.get("date1904")) date1904 = std::string_view(v) == "1" || std::string_view(v) == "true";
        } else if (local == "sheet") {
            ListedSheet s;
            if (const char* v = atts.get("name")) s.name = v;
            if (const char* v = atts.get(Ns::Relationships, "id")) s.relId = v;
            if (const char* v = atts.get("state")) s.state = v;
            sheets.push_back(std::move(s));
        } else if (local == "definedName") {
            // The hidden, sheet-scoped name Impact puts on the sheets it adds (engine/write).
            const char* name = atts.get("name");
            const char* sheet = atts.get("localSheetId");
            if (name && sheet && std::string_view(name) == kGeneratedMarker) {
                std::size_t id = 0;
                auto r = std::from_chars(sheet, sheet + std::strlen(sheet), id);
                if (r.ec == std::errc()) generated.push_back(id);
            }
        }
    }
    void endElement(Ns, std::string_view) override {}
    void characters(std::string_view) override {}
};

const char* kResave = " Open it in Excel and save it again as Excel Workbook (.xlsx).";

} // namespace

struct Workbook::Impl {
    std::string path;
    ReadLimits limits;
    std::unique_ptr<Package> package;
    std::vector<SheetInfo> sheets;
    bool date1904 = false, strict = false;
    CellFormats formats;
    const PartEntry* sharedStringsPart = nullptr;
    // Not std::once_flag: with MinGW's libstdc++ (GCC 12), an exception from call_once's function
    // (a refused sharedStrings.xml) leaves a process-wide lock held and the next call_once anywhere
    // hangs; a mutex and a flag are exception-safe everywhere.
    mutable std::mutex stringsMutex;
    mutable bool stringsLoaded = false;
    mutable SharedStrings strings;

    std::string partLabel(const std::string& part) const { return path + ": part '" + part + "'"; }

    std::string readPart(const std::string& name) const {
        const PartEntry* e = package->find(name);
        if (!e) throw ReadError(path + ": is missing its part '" + name + "'; the file is damaged." + kResave);
        return package->readSmall(*e);
    }

    std::string findWorkbookPart() const {
        if (package->partNames().empty()) throw ReadError(path + ": is an empty zip archive, not a workbook.");
        if (const PartEntry* mt = package->find("mimetype")) {
            std::string type = package->readSmall(*mt);
            if (type.find("opendocument.spreadsheet") != std::string::npos)
                throw ReadError(path + ": is an OpenDocument spreadsheet (.ods), not an .xlsx workbook. Open it in "
                                       "LibreOffice or Excel and save it as Excel 2007-365 (.xlsx).");
            throw ReadError(path + ": is an OpenDocument file (" + type + "), not an .xlsx workbook.");
        }
        if (package->find("_rels/.rels")) {
            for (const auto& rel : parseRelationships(readPart("_rels/.rels"), partLabel("_rels/.rels")))
                if (rel.kind() == "officeDocument" && !rel.external) return resolveTarget("", rel.target);
            throw ReadError(path + ": is a zip package with no main document; it is not a workbook." + kResave);
        }
        if (package->find("xl/workbook.xml")) return "xl/workbook.xml";
        throw ReadError(path + ": is a zip file but not an Excel workbook (it has no _rels/.rels).");
    }

    void requireSpreadsheet(const std::string& workbookPart) const {
        std::string lower = asciiLower(workbookPart);
        if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".bin") == 0)
            throw ReadError(path + ": is a binary Excel workbook (.xlsb), which Impact does not read. Open it in Excel "
                                   "and save it as Excel Workbook (.xlsx).");
        if (lower.rfind("ppt/", 0) == 0)
            throw ReadError(path + ": is a PowerPoint presentation, not a workbook.");
        if (lower.rfind("word/", 0) == 0) throw ReadError(path + ": is a Word document, not a workbook.");
        if (!package->find(workbookPart))
            throw ReadError(path + ": names '" + workbookPart + "' as its workbook, but that part is missing; the file is damaged." + kResave);
    }

    void load() {
        requireZipPackage(path);
        package = std::make_unique<Package>(path, limits);
        std::string workbookPart = findWorkbookPart();
        requireSpreadsheet(workbookPart);

        WorkbookPartHandler wb;
        parseXml(readPart(workbookPart), wb, partLabel(workbookPart));
        strict = lastXmlStats().sawStrict;
        if (!wb.sawWorkbook) throw ReadError(path + ": its main part is not a workbook." + kResave);
        if (wb.sheets.empty())
            throw ReadError(path + ": its workbook lists no sheets; the file is damaged." + kResave);
        date1904 = wb.date1904;

        std::string relsPart = relationshipsPartFor(workbookPart);
        if (!package->find(relsPart))
            throw ReadError(path + ": is missing '" + relsPart + "', which says where each sheet is; the file is damaged." + kResave);
        auto rels = parseRelationships(readPart(relsPart), partLabel(relsPart));
        for (const auto& rel : rels) {
            if (rel.external) continue;
            std::string target = resolveTarget(workbookPart, rel.target);
            if (rel.kind() == "styles") {
                if (const PartEntry* e = package->find(target)) formats = CellFormats::parse(package->readSmall(*e), partLabel(target));
            } else if (rel.kind() == "sharedStrings") {
                sharedStringsPart = package->find(target);
            }
        }
        for (const auto& listed : wb.sheets) {
            SheetInfo info;
            info.name = listed.name;
            info.visibility = listed.state == "hidden"       ? Visibility::Hidden
                              : listed.state == "veryHidden" ? Visibility::VeryHidden
                                                             : Visibility::Visible;
            for (const auto& rel : rels) {
                if (rel.id != listed.relId || rel.external) continue;
                std::string_view k = rel.kind();
                info.kind = k == "chartsheet"                                   ? SheetKind::Chartsheet
                            : k == "dialogsheet"                                ? SheetKind::Dialogsheet
                            : (k == "xlMacrosheet" || k == "xlIntlMacrosheet") ? SheetKind::Macrosheet
                                                                                : SheetKind::Worksheet;
                std::string target = resolveTarget(workbookPart, rel.target);
                if (const PartEntry* e = package->find(target)) info.part = e->name;
            }
            sheets.push_back(std::move(info));
        }
        for (std::size_t id : wb.generated)
            if (id < sheets.size()) sheets[id].generatedByImpact = true;
    }
};

Workbook::Workbook(const std::string& path, const ReadLimits& limits) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->limits = limits;
    impl_->load();
}

Workbook::~Workbook() = default;
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;

const std::string& Workbook::path() const { return impl_->path; }
const std::vector<SheetInfo>& Workbook::sheets() const { return impl_->sheets; }
bool Workbook::date1904() const { return impl_->date1904; }
bool Workbook::strict() const { return impl_->strict; }

std::optional<std::size_t> Workbook::findSheet(std::string_view want) const {
    const auto& sheets = impl_->sheets;
    for (std::size_t i = 0; i < sheets.size(); ++i)
        if (sheets[i].name == want) return i;
    std::string lower = asciiLower(std::string(want));
    for (std::size_t i = 0; i < sheets.size(); ++i)
        if (asciiLower(sheets[i].name) == lower) return i;
    std::size_t n = 0;
    auto r = std::from_chars(want.data(), want.data() + want.size(), n);
    if (r.ec == std::errc() && r.ptr == want.data() + want.size() && n >= 1 && n <= sheets.size()) return n - 1;
    return std::nullopt;
}

std::vector<Range> Workbook::mergedRanges(std::size_t index) const {
    const Impl& m = *impl_;
    const SheetInfo& info = m.sheets.at(index);
    if (!info.hasCells() || info.part.empty()) return {};
    // Only called for a sheet that is then read through (streamed below its first rows, or read
    // whole), with the CRC checked: this look for its merged ranges need not check it too.
    auto stream = m.package->open(*m.package->find(info.part), PartStream::Crc::Skip);
    if (auto found = scanMergedRanges([&](char* buffer, std::size_t size) { return stream->read(buffer, size); })) return *found;
    struct Nothing : RowVisitor {
        void onRow(const Row&) override {}
    } nothing;
    return readSheet(index, nothing).merged;
}

SheetSummary Workbook::readSheet(std::size_t index, RowVisitor& visitor) const {
    const Impl& m = *impl_;
    const SheetInfo& info = m.sheets.at(index);
    if (!info.hasCells()) return {};
    std::string what = m.path + ", sheet '" + info.name + "'";
    if (info.part.empty())
        throw ReadError(what + ": the workbook lists this sheet but its data is missing from the file; the file is damaged." + kResave);
    {
        std::lock_guard lock(m.stringsMutex);
        if (!m.stringsLoaded && m.sharedStringsPart) {
            auto stream = m.package->open(*m.sharedStringsPart);
            m.strings.load(*stream, m.partLabel(m.sharedStringsPart->name), m.limits);
        }
        m.stringsLoaded = true;
    }
    SheetCells cells(visitor, m.sharedStringsPart ? &m.strings : nullptr, m.formats, m.date1904, m.limits, what);
    const PartEntry& part = *m.package->find(info.part);
    if (!sheetScannerDisabled()) {
        auto stream = m.package->open(part);
        auto source = [&](char* buffer, std::size_t size) { return stream->read(buffer, size); };
        if (scanSheet(source, cells, what) == ScanResult::Done) return std::move(cells.summary());
        // UseExpat: an encoding the scanner leaves to libexpat; nothing has reached `cells` yet.
    }
    SheetParser parser(cells);
    auto stream = m.package->open(part);
    parseXml(*stream, parser, what);
    return std::move(cells.summary());
}

} // namespace impact::read
