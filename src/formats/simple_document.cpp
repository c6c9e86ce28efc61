#include "formats/simple_document.hpp"

#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "formats/docx_kit.hpp"
#include "formats/pdf_kit.hpp"

namespace trellis::formats {
namespace {

// ---- Word ----

constexpr const char* kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    R"(<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>)"
    R"(<w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>)"
    R"(<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>)"
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="1"/></w:pPr>)"
    R"(<w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>)"
    R"(<w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>)"
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="Meta"><w:name w:val="Meta"/>)"
    R"(<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="505A5F"/></w:rPr></w:style>)"
    R"(</w:styles>)";

void para(pugi::xml_node body, const char* style, const std::string& text)
{
    auto p = body.append_child("w:p");
    if (style) p.append_child("w:pPr").append_child("w:pStyle").append_attribute("w:val") = style;
    auto r = p.append_child("w:r");
    auto t = r.append_child("w:t");
    t.append_attribute("xml:space") = "preserve";
    t.text().set(text.c_str());
}

// Blank-line-separated paragraphs of a text, each line of one kept together.
std::vector<std::string> split_paragraphs(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find("\n\n", start);
        if (end == std::string::npos) end = text.size();
        auto part = text.substr(start, end - start);
        if (!part.empty()) out.push_back(part);
        start = end + 2;
    }
    return out;
}

// ---- PDF ----

constexpr double kPageW = 595.28, kPageH = 841.89, kMargin = 56, kFooter = 24;
constexpr double kTextW = kPageW - 2 * kMargin;

class Writer {
public:
    Writer(const SimpleDocument& doc, cairo_t* cr, std::size_t total) : doc_(doc), cr_(cr), total_(total) {}

    std::size_t write()
    {
        new_page();
        {
            pdf::Tag h1(cr_, "H1");
            block("<b>" + pdf::escape(doc_.title) + "</b>", 18, 0, pdf::kInk);
        }
        for (const auto& m : doc_.meta) {
            pdf::Tag p(cr_, "P");
            block(pdf::escape(m), 10, 0, pdf::kGrey);
        }
        for (const auto& s : doc_.sections) {
            y_ += 8;
            if (y_ + 60 > bottom()) new_page();  // a heading is not left alone at a page's foot
            {
                pdf::Tag h2(cr_, "H2");
                block("<b>" + pdf::escape(s.heading) + "</b>", 13, 0, pdf::kInk);
            }
            for (const auto& text : s.paragraphs)
                for (const auto& p : split_paragraphs(text)) {
                    pdf::Tag tag(cr_, "P");
                    block(pdf::escape(p), 10.5, 0, pdf::kInk);
                }
            if (!s.bullets.empty()) {
                pdf::Tag list(cr_, "L");
                for (const auto& b : s.bullets) {
                    pdf::Tag item(cr_, "LI");
                    pdf::Tag body(cr_, "LBody");
                    block("•  " + pdf::escape(b), 10.5, 12, pdf::kInk);
                }
            }
        }
        footer();
        return page_;
    }

private:
    double bottom() const { return kPageH - kMargin - kFooter; }

    void footer()
    {
        auto b = pdf::make_block(
            cr_,
            pdf::escape(fmt::format("{}{}Page {} of {}", doc_.footer, doc_.footer.empty() ? "" : " · ", page_, total_)),
            kTextW, 7.5);
        pdf::set(cr_, pdf::kGrey);
        cairo_move_to(cr_, kMargin, kPageH - kMargin - b.height + 8);
        pango_cairo_show_layout(cr_, b.layout.get());
    }

    void new_page()
    {
        if (page_ > 0) {
            footer();
            cairo_show_page(cr_);
        }
        ++page_;
        y_ = kMargin;
    }

    // Draws a block of text, line by line, continuing on a new page at a line
    // boundary when it does not fit.
    void block(const std::string& markup, double size, double indent, pdf::Colour colour)
    {
        auto b = pdf::make_block(cr_, markup, kTextW - indent, size);
        pdf::set(cr_, colour);
        double from = 0;  // top of the first line not yet drawn, in the block
        PangoLayoutIter* it = pango_layout_get_iter(b.layout.get());
        do {
            int y0 = 0, y1 = 0;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            double top = double(y0) / PANGO_SCALE, end = double(y1) / PANGO_SCALE;
            if (y_ + (end - from) > bottom() && y_ + (top - from) > kMargin) {
                new_page();
                pdf::set(cr_, colour);
                from = top;
            }
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            cairo_move_to(cr_, kMargin + indent + double(logical.x) / PANGO_SCALE,
                          y_ + double(pango_layout_iter_get_baseline(it)) / PANGO_SCALE - from);
            pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        y_ += b.height - from + size * 0.6;
    }

    const SimpleDocument& doc_;
    cairo_t* cr_;
    std::size_t total_;
    std::size_t page_ = 0;
    double y_ = kMargin;
};

}  // namespace

Result<std::string> simple_docx(const SimpleDocument& doc)
{
    pugi::xml_document xml;
    auto decl = xml.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    decl.append_attribute("standalone") = "yes";
    auto root = xml.append_child("w:document");
    root.append_attribute("xmlns:w") = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    auto body = root.append_child("w:body");
    para(body, "Title", doc.title);
    for (const auto& m : doc.meta) para(body, "Meta", m);
    for (const auto& s : doc.sections) {
        para(body, "Heading1", s.heading);
        for (const auto& text : s.paragraphs)
            for (const auto& p : split_paragraphs(text)) para(body, nullptr, p);
        for (const auto& b : s.bullets) para(body, "ListBullet", "•\t" + b);
    }
    auto sect = body.append_child("w:sectPr");
    auto size = sect.append_child("w:pgSz");
    size.append_attribute("w:w") = 11906;
    size.append_attribute("w:h") = 16838;
    auto margins = sect.append_child("w:pgMar");
    for (const char* side : {"w:top", "w:right", "w:bottom", "w:left"}) margins.append_attribute(side) = 1134;
    for (const char* side : {"w:header", "w:footer", "w:gutter"}) margins.append_attribute(side) = 0;
    std::ostringstream out;
    xml.save(out, "", pugi::format_raw);
    return package_docx(out.str(), kStyles);
}

Result<std::string> simple_pdf(const SimpleDocument& doc)
{
    auto draw = [&](std::string* out, std::size_t total) -> Result<std::size_t> {
        cairo_surface_t* surface =
            cairo_pdf_surface_create_for_stream(out ? pdf::append : pdf::discard, out, kPageW, kPageH);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Trellis");
        cairo_t* cr = cairo_create(surface);
        std::size_t pages = 0;
        {
            Writer w(doc, cr, total);
            pages = w.write();
        }
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        auto status = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
        if (status != CAIRO_STATUS_SUCCESS)
            return std::unexpected(
                Error::unavailable(fmt::format("The PDF could not be written: {}", cairo_status_to_string(status))));
        return pages;
    };
    auto pages = TRY(draw(nullptr, 0));
    std::string out;
    TRY(draw(&out, pages));
    return pdf::accessible(out, {});
}

}  // namespace trellis::formats
