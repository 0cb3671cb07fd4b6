// The text a PDF shows, for the privacy check before a report is emailed (issue 6): a byte
// search is not enough, because content streams are compressed and the text is glyph-encoded
// (libharu writes Type0 fonts with Identity-H codes and a ToUnicode CMap).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace impact::mail {

/// The PDF's text cannot be extracted reliably, so it cannot be checked for names.
class PdfTextError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Every piece of text the PDF shows (pages' content streams, decoded through each font's
/// ToUnicode CMap) and its document information (title, author, subject, keywords), as UTF-8,
/// runs separated by spaces or newlines. Supports what PDF writers without object streams and
/// encryption produce: FlateDecode or unfiltered streams, Type0 fonts with a ToUnicode CMap
/// (bfchar, bfrange, cidrange), simple fonts (read as Latin-1 without a CMap).
/// Throws PdfTextError for anything else (encrypted, object streams, form XObjects, an unknown
/// filter, a composite font without ToUnicode, a page with no extractable text).
std::string pdfText(std::string_view pdf);

} // namespace impact::mail
