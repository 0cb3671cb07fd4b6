#include "workbook_gen.h"

#include <algorithm>

namespace impact::testing {

Part* WorkbookParts::find(const std::string& name) {
    auto it = std::find_if(parts.begin(), parts.end(), [&](const Part& p) { return p.name == name; });
    return it == parts.end() ? nullptr : &*it;
}

Part& WorkbookParts::set(const std::string& name, Content content, EntryOptions options) {
    if (Part* p = find(name)) {
        p->content = std::move(content);
        p->options = std::move(options);
        return *p;
    }
    parts.push_back(Part{name, std::move(content), std::move(options)});
    return parts.back();
}

void WorkbookParts::remove(const std::string& name) {
    parts.erase(std::remove_if(parts.begin(), parts.end(), [&](const Part& p) { return p.name == name; }), parts.end());
}

std::uint64_t WorkbookParts::write(const std::string& path) const {
    ZipWriter zip(path);
    for (const Part& p : parts) zip.add(p.name, p.content, p.options);
    return zip.finish();
}

std::string sheetXmlOpen(const std::string& before) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") + kMainNs +
           "\" xmlns:r=\"" + kRelNs + "\">" + before + "<sheetData>";
}

std::string sheetXmlClose(const std::string& after) { return "</sheetData>" + after + "</worksheet>"; }

std::string sheetXml(const std::string& rows, const std::string& before, const std::string& after) {
    return sheetXmlOpen(before) + rows + sheetXmlClose(after);
}

std::string sharedStringsXml(const std::vector<std::string>& strings, const std::string& countAttrs) {
    std::string attrs = countAttrs.empty()
                            ? " count=\"" + std::to_string(strings.size()) + "\" uniqueCount=\"" + std::to_string(strings.size()) + "\""
                            : " " + countAttrs;
    std::string s = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"") + kMainNs +
                    "\"" + attrs + ">";
    for (const auto& t : strings) s += "<si><t>" + t + "</t></si>";
    return s + "</sst>";
}

std::string workbookXml(const std::vector<SheetRef>& sheets) {
    std::string s = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"") + kMainNs +
                    "\" xmlns:r=\"" + kRelNs + "\"><sheets>";
    for (std::size_t i = 0; i < sheets.size(); ++i)
        s += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" +
             std::to_string(i + 1) + "\"/>";
    return s + "</sheets></workbook>";
}

std::string workbookRelsXml(const std::vector<SheetRef>& sheets, bool sharedStrings) {
    std::string s = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"") +
                    kPkgRelNs + "\">";
    for (std::size_t i = 0; i < sheets.size(); ++i)
        s += "<Relationship Id=\"rId" + std::to_string(i + 1) + "\" Type=\"" + kRelNs + "/worksheet\" Target=\"" +
             sheets[i].target + "\"/>";
    if (sharedStrings)
        s += "<Relationship Id=\"rId" + std::to_string(sheets.size() + 1) + "\" Type=\"" + kRelNs +
             "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    return s + "</Relationships>";
}

WorkbookParts workbookSkeleton(const std::vector<SheetRef>& sheets, bool sharedStrings) {
    WorkbookParts wb;
    wb.set("[Content_Types].xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           "<Override PartName=\"/xl/workbook.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
           "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
           "<Override PartName=\"/xl/sharedStrings.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
           "</Types>");
    wb.set("_rels/.rels", std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"") +
                              kPkgRelNs + "\"><Relationship Id=\"rId1\" Type=\"" + kRelNs +
                              "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    wb.set("xl/workbook.xml", workbookXml(sheets));
    wb.set("xl/_rels/workbook.xml.rels", workbookRelsXml(sheets, sharedStrings));
    return wb;
}

std::string minimalSheet() {
    return sheetXml("<row r=\"1\"><c r=\"A1\"><v>42</v></c><c r=\"B1\" t=\"s\"><v>0</v></c>"
                    "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c></row>",
                    "<dimension ref=\"A1:C1\"/>");
}

WorkbookParts minimalWorkbook() {
    WorkbookParts wb = workbookSkeleton({{"Sheet1", "worksheets/sheet1.xml"}});
    wb.set("xl/worksheets/sheet1.xml", minimalSheet());
    wb.set("xl/sharedStrings.xml", sharedStringsXml({"hello"}));
    return wb;
}

} // namespace impact::testing
