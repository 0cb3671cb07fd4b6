// libFuzzer target for the workbook reader: the input is written to a temporary file, opened as
// a Workbook (default limits) and every sheet is read through, formatting every cell as text.
// ReadError (any impact::Error) is the expected outcome for junk; anything else escaping, any
// crash, sanitizer report, leak, timeout or out-of-memory is a bug.
//
// Built only with clang (-fsanitize=fuzzer,address,undefined): see CMakeLists.txt and run_fuzz.sh.

#include "common/error.h"
#include "read/cell_text.h"
#include "read/workbook.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

class TouchEveryCell : public impact::read::RowVisitor {
public:
    explicit TouchEveryCell(bool date1904) : date1904_(date1904) {}
    void onRow(const impact::read::Row& row) override {
        for (const auto& cell : row.cells) bytes_ += impact::read::cellText(cell, date1904_).size();
    }
    std::size_t bytes() const { return bytes_; }

private:
    bool date1904_;
    std::size_t bytes_ = 0;
};

std::string& inputPath() {
    static std::string path = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string p = std::string(tmp && *tmp ? tmp : "/tmp") + "/impact-fuzz-XXXXXX.xlsx";
        int fd = mkstemps(p.data(), 5);
        if (fd < 0) std::abort();
        close(fd);
        std::atexit([] { std::remove(inputPath().c_str()); });
        return p;
    }();
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = inputPath();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    try {
        impact::read::Workbook wb(path);
        (void)wb.findSheet("Sheet1");
        (void)wb.findSheet("2");
        TouchEveryCell visitor(wb.date1904());
        for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
            try {
                impact::read::SheetSummary s = wb.readSheet(i, visitor);
                (void)s;
            } catch (const impact::Error&) {
                // One unreadable sheet: the others are still read.
            }
        }
    } catch (const impact::Error&) {
    }
    return 0;
}
