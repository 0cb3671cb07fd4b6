// Streams one worksheet part's XML into rows of typed cells.
#pragma once

#include "read/shared_strings.h"
#include "read/styles.h"
#include "read/workbook.h"
#include "read/xml_parser.h"

#include <string>
#include <vector>

namespace impact::read {

/// The XML handler for a worksheet (or macro sheet) part. Only cached values are read;
/// formulas are ignored. Cells and rows without `r` follow their predecessor.
class SheetParser : public XmlHandler {
public:
    SheetParser(RowVisitor& visitor, const SharedStrings* strings, const CellFormats& formats, bool date1904,
                const ReadLimits& limits, std::string what);

    void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) override;
    void endElement(Ns ns, std::string_view local) override;
    void characters(std::string_view text) override;

    SheetSummary& summary() { return summary_; }

private:
    enum class Collect : unsigned char { None, Value, Inline };
    enum class ValueType : unsigned char { Number, Shared, FormulaString, Inline, Boolean, Error, IsoDate };

    void startRow(const XmlAttributes& atts);
    void startCell(const XmlAttributes& atts);
    void endCell();
    void endRow();
    [[noreturn]] void fail(const std::string& what) const;
    std::string here() const;

    RowVisitor& visitor_;
    const SharedStrings* strings_;
    const CellFormats& formats_;
    bool date1904_;
    const ReadLimits& limits_;
    std::string what_;
    SheetSummary summary_;

    Row row_;
    std::vector<std::uint32_t> arenaIndex_; // per cell: offset into arena_ + 1, or 0
    std::vector<std::uint32_t> arenaLength_;
    std::string arena_;
    bool inSheetData_ = false, inRow_ = false, inCell_ = false, rowPlaced_ = false, rowSorted_ = true;
    long long lastRow_ = -1;
    long long lastCol_ = -1;
    std::uint32_t cellRowFromRef_ = 0;
    ValueType type_ = ValueType::Number;
    std::uint32_t xf_ = 0;
    Collect collect_ = Collect::None;
    bool hasValue_ = false;
    int phonetic_ = 0;
    std::string value_;
};

} // namespace impact::read
