#include "workbook_builder.h"

#include "read/cell_text.h"
#include "read/limits.h"
#include "read/package.h"

#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace impact::test {

namespace {

void put16(std::string& out, unsigned v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

std::string rawDeflate(const std::string& data) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 16, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

std::string contentTypeFor(const std::string& relType) {
    auto kind = relType.substr(relType.rfind('/') + 1);
    if (kind == "worksheet") return "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    if (kind == "chartsheet") return "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml";
    if (kind == "dialogsheet") return "application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml";
    if (kind == "xlMacrosheet" || kind == "xlIntlMacrosheet") return "application/vnd.ms-excel.macrosheet+xml";
    return "application/xml";
}

std::string escapeAttr(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace

// ---- files ---------------------------------------------------------------------------------

TempFile::TempFile(std::string_view stem, std::string_view extension) {
    static std::atomic<int> counter{0};
    std::string name = "impact_unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                       std::string(stem) + std::string(extension);
    path_ = (std::filesystem::path(::testing::TempDir()) / name).string();
}

TempFile::~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

void writeZip(const std::string& path, const std::vector<ZipEntry>& entries, bool dataDescriptors) {
    std::string out, central;
    const unsigned kTime = 0, kDate = (0u << 9) | (1u << 5) | 1u; // 1980-01-01 00:00
    for (const auto& e : entries) {
        std::string body = e.deflate ? rawDeflate(e.data) : e.data;
        auto crc = static_cast<std::uint32_t>(
            crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
        unsigned method = e.deflate ? 8 : 0;
        auto offset = static_cast<std::uint32_t>(out.size());
        // Local file header; bit 11: the name is UTF-8; bit 3: sizes follow the data.
        unsigned flags = 0x0800 | (dataDescriptors ? 0x0008 : 0);
        put32(out, 0x04034b50);
        put16(out, 20);
        put16(out, flags);
        put16(out, method);
        put16(out, kTime);
        put16(out, kDate);
        put32(out, dataDescriptors ? 0 : crc);
        put32(out, dataDescriptors ? 0 : static_cast<std::uint32_t>(body.size()));
        put32(out, dataDescriptors ? 0 : static_cast<std::uint32_t>(e.data.size()));
        put16(out, static_cast<unsigned>(e.name.size()));
        put16(out, 0);
        out += e.name;
        out += body;
        if (dataDescriptors) {
            put32(out, 0x08074b50);
            put32(out, crc);
            put32(out, static_cast<std::uint32_t>(body.size()));
            put32(out, static_cast<std::uint32_t>(e.data.size()));
        }
        // Its central directory record.
        put32(central, 0x02014b50);
        put16(central, 20);
        put16(central, 20);
        put16(central, flags);
        put16(central, method);
        put16(central, kTime);
        put16(central, kDate);
        put32(central, crc);
        put32(central, static_cast<std::uint32_t>(body.size()));
        put32(central, static_cast<std::uint32_t>(e.data.size()));
        put16(central, static_cast<unsigned>(e.name.size()));
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0);
        put32(central, offset);
        central += e.name;
    }
    auto centralAt = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<unsigned>(entries.size()));
    put16(out, static_cast<unsigned>(entries.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, centralAt);
    put16(out, 0);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!f) throw std::runtime_error("cannot write " + path);
}

std::string partText(const std::string& path, const std::string& part) {
    read::ReadLimits limits;
    read::Package package(path, limits);
    const read::PartEntry* e = package.find(part);
    if (!e) return "<missing part " + part + ">";
    return package.readSmall(*e);
}

// ---- hand-made packages --------------------------------------------------------------------

std::string worksheetXml(std::string_view sheetData, std::string_view after, std::string_view before) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"";
    xml += kMainNs;
    xml += "\" xmlns:r=\"";
    xml += kRelNs;
    xml += "\">";
    xml += before;
    xml += "<sheetData>";
    xml += sheetData;
    xml += "</sheetData>";
    xml += after;
    xml += "</worksheet>";
    return xml;
}

std::string sstXml(std::string_view items) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"";
    xml += kMainNs;
    xml += "\">";
    xml += items;
    xml += "</sst>";
    return xml;
}

std::string stylesXml(const std::vector<std::pair<std::uint32_t, std::string>>& numFmts,
                      const std::vector<std::uint32_t>& xfNumFmtIds) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"";
    xml += kMainNs;
    xml += "\">";
    if (!numFmts.empty()) {
        xml += "<numFmts count=\"" + std::to_string(numFmts.size()) + "\">";
        for (const auto& [id, code] : numFmts)
            xml += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + escapeAttr(code) + "\"/>";
        xml += "</numFmts>";
    }
    xml += "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
           "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
           "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
           "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>";
    xml += "<cellXfs count=\"" + std::to_string(xfNumFmtIds.size()) + "\">";
    for (auto id : xfNumFmtIds)
        xml += "<xf numFmtId=\"" + std::to_string(id) +
               "\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>";
    xml += "</cellXfs></styleSheet>";
    return xml;
}

std::vector<ZipEntry> buildPackage(const PackageSpec& spec) {
    std::vector<ZipEntry> entries;
    std::string types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"";
    types += kContentTypesNs;
    types += "\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
    std::string workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"";
    workbook += kMainNs;
    workbook += "\" xmlns:r=\"";
    workbook += kRelNs;
    workbook += "\">";
    if (!spec.workbookPrAttributes.empty()) workbook += "<workbookPr " + spec.workbookPrAttributes + "/>";
    workbook += "<sheets>";
    std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"";
    rels += kPkgRelNs;
    rels += "\">";
    std::vector<ZipEntry> sheetParts;
    for (std::size_t i = 0; i < spec.sheets.size(); ++i) {
        const SheetSpec& s = spec.sheets[i];
        std::string n = std::to_string(i + 1);
        std::string part = s.part.empty() ? "xl/worksheets/sheet" + n + ".xml" : s.part;
        std::string relType = s.relType.empty() ? std::string(kRelType) + "worksheet" : s.relType;
        std::string target = part.rfind("xl/", 0) == 0 ? part.substr(3) : "/" + part;
        workbook += "<sheet name=\"" + escapeAttr(s.name) + "\" sheetId=\"" + n + "\"";
        if (!s.state.empty()) workbook += " state=\"" + s.state + "\"";
        workbook += " r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + relType + "\" Target=\"" + escapeAttr(target) + "\"/>";
        types += "<Override PartName=\"/" + part + "\" ContentType=\"" + contentTypeFor(relType) + "\"/>";
        sheetParts.push_back({part, s.xml, true});
    }
    workbook += "</sheets></workbook>";
    if (spec.styles) {
        rels += "<Relationship Id=\"rIdStyles\" Type=\"" + std::string(kRelType) + "styles\" Target=\"styles.xml\"/>";
        types += "<Override PartName=\"/xl/styles.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
    }
    if (spec.sharedStrings) {
        rels += "<Relationship Id=\"rIdStrings\" Type=\"" + std::string(kRelType) +
                "sharedStrings\" Target=\"sharedStrings.xml\"/>";
        types += "<Override PartName=\"/xl/sharedStrings.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>";
    }
    rels += "</Relationships>";
    types += "</Types>";
    std::string rootRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"";
    rootRels += kPkgRelNs;
    rootRels += "\"><Relationship Id=\"rId1\" Type=\"" + std::string(kRelType) +
                "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

    entries.push_back({"[Content_Types].xml", types, true});
    entries.push_back({"_rels/.rels", rootRels, true});
    entries.push_back({"xl/workbook.xml", workbook, true});
    entries.push_back({"xl/_rels/workbook.xml.rels", rels, true});
    if (spec.styles) entries.push_back({"xl/styles.xml", *spec.styles, true});
    if (spec.sharedStrings) entries.push_back({"xl/sharedStrings.xml", *spec.sharedStrings, true});
    for (auto& p : sheetParts) entries.push_back(std::move(p));
    return entries;
}

void writePackage(const std::string& path, const PackageSpec& spec) { writeZip(path, buildPackage(spec)); }

// ---- reading -------------------------------------------------------------------------------

namespace {

class Collector : public read::RowVisitor {
public:
    explicit Collector(SheetData& data) : data_(data) {}
    void onRow(const read::Row& row) override {
        data_.rows.push_back(row.index);
        auto& cols = data_.columns.emplace_back();
        for (const read::Cell& c : row.cells) {
            cols.push_back(c.col);
            CellValue v;
            v.type = c.type;
            v.dateParts = c.dateParts;
            v.number = c.number;
            v.text = std::string(c.text);
            v.shown = read::cellText(c, data_.date1904);
            data_.cells[{row.index, c.col}] = std::move(v);
        }
    }

private:
    SheetData& data_;
};

} // namespace

const CellValue* SheetData::at(std::string_view a1) const {
    std::uint32_t row = 0, col = 0;
    if (!read::parseCellName(a1, row, col)) throw std::invalid_argument("bad cell name in test: " + std::string(a1));
    auto it = cells.find({row, col});
    return it == cells.end() ? nullptr : &it->second;
}

SheetData readAll(const read::Workbook& wb, std::size_t index) {
    SheetData data;
    data.date1904 = wb.date1904();
    Collector collector(data);
    data.summary = wb.readSheet(index, collector);
    return data;
}

SheetData readAll(const std::string& path, std::size_t index) {
    read::Workbook wb(path);
    return readAll(wb, index);
}

const char* typeName(read::CellType type) {
    switch (type) {
    case read::CellType::Empty: return "Empty";
    case read::CellType::Number: return "Number";
    case read::CellType::Text: return "Text";
    case read::CellType::Boolean: return "Boolean";
    case read::CellType::Error: return "Error";
    case read::CellType::Date: return "Date";
    }
    return "?";
}

const char* partsName(read::DateParts parts) {
    switch (parts) {
    case read::DateParts::None: return "None";
    case read::DateParts::Date: return "Date";
    case read::DateParts::DateTime: return "DateTime";
    case read::DateParts::Time: return "Time";
    case read::DateParts::Duration: return "Duration";
    }
    return "?";
}

::testing::AssertionResult cellIs(const SheetData& sheet, std::string_view a1, read::CellType type,
                                  std::string_view shown) {
    const CellValue* v = sheet.at(a1);
    if (!v) return ::testing::AssertionFailure() << a1 << " is missing (Empty); expected " << typeName(type) << " '"
                                                 << shown << "'";
    if (v->type != type || v->shown != shown)
        return ::testing::AssertionFailure() << a1 << " is " << typeName(v->type) << " '" << v->shown << "'; expected "
                                             << typeName(type) << " '" << shown << "'";
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult dateIs(const SheetData& sheet, std::string_view a1, read::DateParts parts,
                                  std::string_view shown) {
    const CellValue* v = sheet.at(a1);
    if (!v) return ::testing::AssertionFailure() << a1 << " is missing (Empty); expected a Date '" << shown << "'";
    if (v->type != read::CellType::Date || v->dateParts != parts || v->shown != shown)
        return ::testing::AssertionFailure() << a1 << " is " << typeName(v->type) << "/" << partsName(v->dateParts)
                                             << " '" << v->shown << "' (number " << v->number << "); expected Date/"
                                             << partsName(parts) << " '" << shown << "'";
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult cellEmpty(const SheetData& sheet, std::string_view a1) {
    const CellValue* v = sheet.at(a1);
    if (v)
        return ::testing::AssertionFailure() << a1 << " is " << typeName(v->type) << " '" << v->shown
                                             << "'; expected Empty (not reported)";
    return ::testing::AssertionSuccess();
}

} // namespace impact::test
