// pdf_tests: GoogleTest main, plus `pdf_tests --write-sample FILE` which writes the sample report
// (the reproducibility test runs it in separate processes and compares the bytes).
#include "pdf_helpers.h"

#include "common/error.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--write-sample") == 0) {
        try {
            pdftest::writeSample(argv[2]);
            return 0;
        } catch (const impact::Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return e.exitCode();
        }
    }
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
