// Helpers for tests/pdf: temp folders, running poppler/qpdf, rendered-page pixels, small images,
// and the sample report used by several tests (and by `pdf_tests --write-sample FILE`).
#pragma once

#include "pdf/document.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace pdftest {

namespace fs = std::filesystem;

/// A fresh folder per test; removed afterwards unless the test failed (to inspect its PDFs).
class PdfTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    fs::path dir;
};

struct Tool {
    const char* name;
    const char* path;   ///< empty if CMake did not find it
};
extern const Tool kPdfToText, kPdfFonts, kPdfInfo, kPdfToPpm, kQpdf;
/// Skips the test when the tool is missing.
#define REQUIRE_TOOL(t)                                                                          \
    do {                                                                                         \
        if (!*(t).path) GTEST_SKIP() << (t).name << " is not installed (apt-get install poppler-utils qpdf)"; \
    } while (0)

struct Result {
    int status = -1;
    std::string out;
};
/// Runs `tool args...` (arguments are shell-quoted), capturing stdout; stderr is discarded.
Result run(const Tool& tool, const std::vector<std::string>& args);

std::string readText(const fs::path& p);
std::vector<unsigned char> readBytes(const fs::path& p);
std::size_t count(const std::string& haystack, const std::string& needle);

/// pdftotext of page `page` (1-based), or of all pages when page == 0.
std::string pageText(const fs::path& pdf, int page = 0);
int pageCount(const fs::path& pdf);

/// A rendered page (pdftoppm, PPM).
struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    const unsigned char* at(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};
Image render(const fs::path& pdf, int page, int dpi, const fs::path& scratch);
/// Pixels in the box (given in PDF points, top-left origin) that are not near-white.
std::size_t inkInBox(const Image& img, int dpi, double x, double y, double w, double h);

/// A solid-colour RGB PNG (written with zlib).
void writePng(const fs::path& p, int w, int h, unsigned char r, unsigned char g, unsigned char b);

/// Options every test document shares (fonts from the source tree's templates/fonts).
impact::pdf::DocumentOptions baseOptions();
/// A representative multi-page report: title, tiles, headings, runs, bullets, charts, table...
void buildSample(impact::pdf::Document& doc);
void writeSample(const std::string& path);

} // namespace pdftest
