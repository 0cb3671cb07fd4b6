// The record `impact report` writes beside the PDFs: for each PDF made, its SHA-256 and whether
// the text drawn into it names a pupil of the workbook (checked as it is drawn: pdf::Document's
// drawnText). `impact send` attaches a PDF only if its bytes still have the recorded SHA-256 and
// the check passed, so it never has to read a PDF back (docs/decisions.md, "The names check at
// report time, and a hash for send").
#pragma once

#include "report/reports.h"

#include <cstddef>
#include <string>
#include <vector>

namespace impact::report {

/// The record's file name in the reports folder. It ends in ".json", so no report (".pdf") and no
/// draft (".eml") can take it; the send log is "Impact send log.csv".
inline constexpr const char* kRecordFileName = "Impact reports record.json";

struct RecordEntry {
    std::string file;             ///< the PDF's file name in the folder
    std::string sha256;           ///< lower-case hex
    std::string audience;         ///< governors | funder
    std::size_t pupilNames = 0;   ///< how many names of pupils its text holds (0: the check passed)
};

struct Record {
    std::string version;          ///< the Impact that made the reports
    std::vector<RecordEntry> reports;
    std::string problem;          ///< why there is no usable record ("" when there is one)
    /// The entry for the PDF named `file`, or nullptr.
    const RecordEntry* find(const std::string& file) const;
};

/// The record of `files` as JSON text: the same files give the same bytes, with '\n' line ends.
std::string recordText(const std::vector<ReportFile>& files);

/// The record recordText wrote, read from the file `path` (named in `problem`). Never throws: for
/// text that is not such a record, `problem` says so and `reports` is empty.
Record parseRecord(const std::string& text, const std::string& path);

} // namespace impact::report
