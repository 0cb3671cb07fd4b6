// A hand-written scanner for worksheet parts: the fast front end of the sheet reader.
//
// libexpat spends most of a sheet read on work a worksheet does not need (hashing every name,
// copying every token, tracking columns, entity accounting). The scanner finds each '<' with
// memchr, dispatches on the tag, reads attributes in place and hands SheetCells only what it
// uses, decoding the five XML entities and character references where they occur.
//
// It is as strict as the reader needs: the input must be well-formed UTF-8 XML (checked byte by
// byte: encoding, control characters, tag nesting, attribute syntax, references, namespace
// prefixes bound, one root element), and anything else is refused with the same ReadError as
// libexpat's (file, part, line). A DOCTYPE or any other DTD declaration is refused outright.
// What it does not handle it leaves to libexpat before a single element reaches SheetCells:
// an encoding other than UTF-8 (a UTF-16/32 byte-order mark or declaration, any other
// encoding="..."), or an XML declaration it cannot read.
//
// Known differences from libexpat, all on malformed input only: non-ASCII characters that XML
// does not allow in names (U+00D7, say) are let through in element and attribute names; a
// single tag, comment, processing instruction or CDATA section longer than 16 MB is refused.
#pragma once

#include "read/sheet_parser.h"

#include <cstddef>
#include <functional>
#include <string>

namespace impact::read {

/// Where the scanner reads its bytes: fills up to `size` bytes of `buffer`, returns 0 only at the end.
using ByteSource = std::function<std::size_t(char* buffer, std::size_t size)>;

enum class ScanResult {
    Done,     ///< the whole part was read into `cells`
    UseExpat, ///< nothing was passed to `cells`: read the part again with parseXml and SheetParser
};

/// Reads one worksheet part from `source` into `cells`, asking for `chunk` bytes at a time.
/// Throws ReadError naming `what` for anything that is not well-formed, and whatever SheetCells throws.
ScanResult scanSheet(const ByteSource& source, SheetCells& cells, const std::string& what,
                     std::size_t chunk = std::size_t(1) << 18);

/// Whether worksheets are to be read with libexpat only: the environment variable
/// IMPACT_READER=expat (for comparisons and as a way round a scanner bug).
bool sheetScannerDisabled();

} // namespace impact::read
