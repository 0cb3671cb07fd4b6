// A PDF document over libharu 2.3.0: A4 portrait pages, DejaVu Sans (full UTF-8) embedded as
// subsets of the characters drawn, metadata, compression, page decoration (header, logo, "Page N of
// M" footer) and reproducible bytes. Drawing goes through Canvas; layout (Flow, tables, charts) is
// built on top of it. What Canvas draws is kept until the document is finished (bytes()) and
// written through libharu then, once the characters each font must hold are known.
//
// Errors: libharu reports through an error handler that only RECORDS the error; every call this
// layer makes is checked afterwards and a failure throws impact::WriteError (or impact::ReadError
// for an unreadable font or logo file) from C++ frames, never through libharu's C frames.
#pragma once

#include "pdf/types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::pdf {

class Canvas;

/// Page margins in points. The content frame (Document::frame) lies inside them; the header and
/// logo sit in the top margin, the footer in the bottom margin.
struct Margins {
    double top = 64, right = 56.7, bottom = 60, left = 56.7;   // ~22/20/21/20 mm
};

/// The PDF's document information. Creator is always "Impact <version>".
struct Metadata {
    std::string title, author, subject, keywords;
};

/// What is drawn on every page once the document is complete.
struct Decoration {
    std::string partnership;    ///< footer, left: "partnership · academic year"
    std::string academicYear;   ///< e.g. "2024/25"
    bool pageNumbers = true;    ///< footer, right: "Page N of M"
    std::string header;         ///< optional running header (top-left, small, muted)
    std::string logoPath;       ///< optional PNG or JPEG, scaled into the logo box (top-right)
    double logoWidth = 118, logoHeight = 34;   ///< the logo box, points
    bool logoOnEveryPage = false;              ///< else first page only
};

struct DocumentOptions {
    Metadata metadata;
    Theme theme;
    Typography type;
    Margins margins;
    Decoration decoration;
    /// Folder holding DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSans-Oblique.ttf.
    /// Empty: impact::templatesDir() + "/fonts".
    std::string fontDir;
    /// The creation/modification date (seconds since 1970, UTC) when SOURCE_DATE_EPOCH is not set,
    /// e.g. the workbook's last-modified time, so the same input gives the same bytes.
    /// Neither set: the PDF carries no dates.
    std::optional<std::int64_t> time;
};

/// The date the PDF records: SOURCE_DATE_EPOCH if set (a malformed value throws
/// impact::UsageError), else `fallback`.
std::optional<std::int64_t> documentTime(std::optional<std::int64_t> fallback);

/// Measures UTF-8 text. Document implements it; tests can supply a fake.
class TextMeasure {
public:
    virtual ~TextMeasure() = default;
    /// Advance width in points of `utf8` (one line, no breaks) in `font` at `size`.
    virtual double width(std::string_view utf8, FontStyle font, double size) const = 0;
};

class Document : public TextMeasure {
public:
    explicit Document(DocumentOptions options);
    ~Document() override;
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    /// Appends an A4 portrait page; returns its index (0-based).
    int addPage();
    int pageCount() const;
    /// Drawing surface of page `index`. Earlier pages stay drawable until the document is finished.
    Canvas page(int index);
    Canvas lastPage();

    double pageWidth() const;    ///< 595.276
    double pageHeight() const;   ///< 841.89
    /// The content area inside the margins.
    Rect frame() const;

    const DocumentOptions& options() const;
    const Theme& theme() const;
    const Typography& type() const;

    double width(std::string_view utf8, FontStyle font, double size) const override;
    /// Font ascent / descent (descent positive) per point of size.
    double ascent(FontStyle font) const;
    double descent(FontStyle font) const;

    /// Every string drawn on the pages, as drawn (cleanUtf8), in drawing order, then the document
    /// information (title, author, subject, keywords, creator, producer): strings on one baseline
    /// of one page separated by a space, others by a line break. Complete once bytes() has drawn
    /// the decoration. It is the text a reader can get out of the PDF, known without reading it
    /// back: the reports check it for pupils' names (report/record.h).
    std::string drawnText() const;

    /// Draws the decoration on every page (once), then returns the PDF. Further pages can't be
    /// added, nor anything drawn (std::logic_error).
    std::vector<unsigned char> bytes();
    /// bytes(), written to `path` through a temporary file renamed into place. Throws WriteError.
    void save(const std::string& path);

    struct Impl;

private:
    friend class Canvas;
    void finish();
    std::unique_ptr<Impl> impl_;
};

/// Draws on one page. Cheap to copy; valid while its Document lives.
class Canvas {
public:
    void fillRect(const Rect& r, const Rgb& colour);
    void strokeRect(const Rect& r, const Rgb& colour, double lineWidth);
    void line(double x1, double y1, double x2, double y2, const Rgb& colour, double lineWidth);
    /// One line of text, its baseline at `baseline`, starting at x.
    void text(double x, double baseline, std::string_view utf8, const TextStyle& style);
    /// One line of text aligned within [x, x + width] (Justify means Left). Returns its left x.
    double text(double x, double width, double baseline, std::string_view utf8, const TextStyle& style,
                Align align);
    /// A PNG or JPEG file scaled (aspect kept) to fit `box`, aligned within it horizontally and
    /// centred vertically. Each file is loaded once per document. Unreadable: impact::ReadError.
    void image(const std::string& path, const Rect& box, Align align = Align::Left);

    Document& document() const { return *doc_; }
    int index() const { return index_; }

private:
    friend class Document;
    Canvas(Document* doc, int index) : doc_(doc), index_(index) {}
    Document* doc_;
    int index_;
};

} // namespace impact::pdf
