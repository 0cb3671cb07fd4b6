// Merged ranges found without reading a sheet's cells (engine/read/merged_ranges.h), for long
// sheets read only in part: the same ranges as the full reader on every sheet of the corpus, and
// on hand-written XML cut into chunks of every size from 1 byte.
#include "read/merged_ranges.h"
#include "read/workbook.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

using namespace impact::read;

namespace {

std::optional<std::vector<Range>> scan(const std::string& xml, std::size_t chunk) {
    std::size_t at = 0;
    return scanMergedRanges([&](char* buffer, std::size_t size) {
        std::size_t n = std::min({size, chunk, xml.size() - at});
        std::copy_n(xml.data() + at, n, buffer);
        at += n;
        return n;
    });
}

std::string names(const std::vector<Range>& ranges) {
    std::string out;
    for (const Range& r : ranges) out += rangeName(r) + " ";
    return out;
}

struct Nothing : RowVisitor {
    void onRow(const Row&) override {}
};

} // namespace

TEST(MergedRanges, EveryChunkSizePrefixesAndLookalikes) {
    std::string xml = "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"m\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\">"
                      "<x:is><x:t>mergeCell ref=\"Z9:Z10\" and &lt;mergeCell ref=\"Y1\"/&gt;</x:t></x:is></x:c></x:row></x:sheetData>"
                      "<x:mergeCells count=\"3\"><x:mergeCell ref=\"A1:H1\"/><x:mergeCell  ref='B3:C4' /><x:mergeCellFoo ref=\"Q1\"/>"
                      "<x:mergeCell\nref=\"D5\"></x:mergeCell></x:mergeCells><x:pageMargins left=\"0.7\"/></x:worksheet>";
    for (std::size_t chunk : {1, 2, 3, 7, 13, 64, 1000, 100000}) {
        auto found = scan(xml, chunk);
        ASSERT_TRUE(found) << chunk;
        EXPECT_EQ(names(*found), "A1:H1 B3:C4 D5 ") << "chunk " << chunk;
    }
    EXPECT_EQ(names(*scan("<worksheet><sheetData/></worksheet>", 5)), "");
}

TEST(MergedRanges, CharacterReferencesLeftToTheXmlReader) {
    EXPECT_FALSE(scan("<worksheet><mergeCells><mergeCell ref=\"A1&#58;B2\"/></mergeCells></worksheet>", 4));
}

TEST(MergedRanges, SameAsTheFullReadOnEverySheetOfTheCorpus) {
    std::size_t sheets = 0, merged = 0;
    for (const auto& entry : std::filesystem::directory_iterator(IMPACT_CORPUS_DIR)) {
        std::string path = entry.path().string();
        if (entry.path().extension() != ".xlsx" && entry.path().extension() != ".xlsm") continue;
        try {
            Workbook wb(path);
            for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
                Nothing nothing;
                std::vector<Range> full = wb.readSheet(i, nothing).merged;
                EXPECT_EQ(names(wb.mergedRanges(i)), names(full)) << path << " sheet " << i;
                ++sheets;
                merged += full.size();
            }
        } catch (const std::exception&) {
            // Files the reader refuses (damaged, hostile, not xlsx) are the corpus test's subject.
        }
    }
    EXPECT_GT(sheets, 100u);
    EXPECT_GT(merged, 10u) << "the corpus should hold merged cells";
}
