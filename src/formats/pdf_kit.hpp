// What the PDF writers share: pango text blocks that split between lines,
// structure tags, the output stream and what cairo 1.16 cannot write into a
// tagged PDF (added with qpdf). Included by the PDF writers only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "domain/error.hpp"

namespace trellis::formats::pdf {

inline constexpr const char* kFont = "Liberation Sans, DejaVu Sans, Sans";

struct Colour {
    double r, g, b;
};
inline constexpr Colour kInk{0.04, 0.05, 0.05}, kGrey{0.31, 0.35, 0.37};

void set(cairo_t* cr, Colour c);
std::string escape(const std::string& s);

using LayoutPtr = std::unique_ptr<PangoLayout, decltype(&g_object_unref)>;

// A block of wrapped text of a fixed width, with where each of its lines ends
// (in points from its top), so that it can be split between two lines.
struct Block {
    LayoutPtr layout{nullptr, g_object_unref};
    double height = 0;
    std::vector<double> line_ends;
};
Block make_block(cairo_t* cr, const std::string& markup, double width, double size);

// Paragraphs separated by blank lines become pango paragraphs with a gap.
std::string paragraphs_markup(const std::string& text);

// cairo write callbacks: into a std::string, or nowhere (a counting pass).
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length);
cairo_status_t discard(void*, const unsigned char*, unsigned int);

// What cairo 1.16 cannot write: the document's language, that it is tagged,
// that viewers show its title, and each figure's alternative text (given in
// the order the figures were drawn), added to the PDF with qpdf.
Result<std::string> accessible(const std::string& pdf, const std::vector<std::string>& alts);

// A structure element of the tagged PDF (cairo writes the structure tree),
// open for the life of the object.
class Tag {
public:
    Tag(cairo_t* cr, const char* name) : cr_(cr), name_(name) { cairo_tag_begin(cr_, name_, ""); }
    ~Tag() { cairo_tag_end(cr_, name_); }
    Tag(const Tag&) = delete;
    Tag& operator=(const Tag&) = delete;

private:
    cairo_t* cr_;
    const char* name_;
};

}  // namespace trellis::formats::pdf
