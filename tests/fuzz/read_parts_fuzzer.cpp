// Structure-aware companion to read_fuzzer: the input is the text of a workbook's parts,
// separated by lines "#####"; they become, in order, [Content_Types].xml, _rels/.rels,
// xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/worksheets/sheet1.xml, xl/sharedStrings.xml,
// xl/styles.xml and xl/worksheets/sheet2.xml, zipped here (stored, with correct CRCs) so that
// mutations reach the XML and OPC layers instead of being stopped by the zip's checksums.
// Seeds: corpus-parts/.
#include "common/error.h"
#include "read/cell_text.h"
#include "read/workbook.h"
#include "zip_writer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

const char* const kPartNames[] = {"[Content_Types].xml",        "_rels/.rels",
                                  "xl/workbook.xml",            "xl/_rels/workbook.xml.rels",
                                  "xl/worksheets/sheet1.xml",   "xl/sharedStrings.xml",
                                  "xl/styles.xml",              "xl/worksheets/sheet2.xml"};

class TouchEveryCell : public impact::read::RowVisitor {
public:
    explicit TouchEveryCell(bool date1904) : date1904_(date1904) {}
    void onRow(const impact::read::Row& row) override {
        for (const auto& cell : row.cells) bytes_ += impact::read::cellText(cell, date1904_).size();
    }

private:
    bool date1904_;
    std::size_t bytes_ = 0;
};

std::string& zipPath() {
    static std::string path = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string p = std::string(tmp && *tmp ? tmp : "/tmp") + "/impact-fuzz-parts-XXXXXX.xlsx";
        int fd = mkstemps(p.data(), 5);
        if (fd < 0) std::abort();
        close(fd);
        std::atexit([] { std::remove(zipPath().c_str()); });
        return p;
    }();
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    const std::string& path = zipPath();
    {
        impact::testing::ZipWriter zip(path);
        impact::testing::EntryOptions stored;
        stored.method = 0;
        std::size_t slot = 0;
        while (slot < std::size(kPartNames)) {
            std::size_t sep = in.find("\n#####\n");
            zip.add(kPartNames[slot++], std::string(in.substr(0, sep)), stored);
            if (sep == std::string_view::npos) break;
            in.remove_prefix(sep + 7);
        }
        zip.finish();
    }
    try {
        impact::read::Workbook wb(path);
        TouchEveryCell visitor(wb.date1904());
        for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
            try {
                (void)wb.readSheet(i, visitor);
            } catch (const impact::Error&) {
            }
        }
    } catch (const impact::Error&) {
    }
    return 0;
}
