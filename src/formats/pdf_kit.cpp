#include "formats/pdf_kit.hpp"

#include <functional>

#include <fmt/format.h>
// qpdf 11: this code uses std::shared_ptr only, never the old PointerHolder.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

namespace trellis::formats::pdf {

void set(cairo_t* cr, Colour c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

std::string escape(const std::string& s)
{
    gchar* e = g_markup_escape_text(s.c_str(), static_cast<gssize>(s.size()));
    std::string out(e);
    g_free(e);
    return out;
}

Block make_block(cairo_t* cr, const std::string& markup, double width, double size)
{
    Block b;
    b.layout.reset(pango_cairo_create_layout(cr));
    auto* font = pango_font_description_from_string(fmt::format("{} {}", kFont, size).c_str());
    pango_layout_set_font_description(b.layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(b.layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(b.layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_markup(b.layout.get(), markup.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(b.layout.get(), &w, &h);
    b.height = double(h) / PANGO_SCALE;
    PangoLayoutIter* it = pango_layout_get_iter(b.layout.get());
    do {
        int y0 = 0, y1 = 0;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        b.line_ends.push_back(double(y1) / PANGO_SCALE);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return b;
}

std::string paragraphs_markup(const std::string& text)
{
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find("\n\n", start);
        if (end == std::string::npos) end = text.size();
        if (!out.empty()) out += "\n<span size=\"4000\"> </span>\n";
        out += escape(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length)
{
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard(void*, const unsigned char*, unsigned int)
{
    return CAIRO_STATUS_SUCCESS;
}

Result<std::string> accessible(const std::string& pdf, const std::vector<std::string>& alts)
{
    try {
        QPDF doc;
        doc.processMemoryFile("framework.pdf", pdf.data(), pdf.size());
        auto root = doc.getRoot();
        root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString("en-GB"));
        root.replaceKey("/MarkInfo", QPDFObjectHandle::parse("<< /Marked true >>"));
        root.replaceKey("/ViewerPreferences", QPDFObjectHandle::parse("<< /DisplayDocTitle true >>"));
        std::size_t next = 0;
        std::function<void(QPDFObjectHandle)> walk = [&](QPDFObjectHandle h) {
            if (h.isArray()) {
                for (int i = 0; i < h.getArrayNItems(); ++i) walk(h.getArrayItem(i));
                return;
            }
            if (!h.isDictionary()) return;
            auto type = h.getKey("/S");
            if (type.isName() && type.getName() == "/Figure" && next < alts.size())
                h.replaceKey("/Alt", QPDFObjectHandle::newUnicodeString(alts[next++]));
            if (h.hasKey("/K")) walk(h.getKey("/K"));
        };
        auto tree = root.getKey("/StructTreeRoot");
        if (tree.isDictionary()) walk(tree.getKey("/K"));
        QPDFWriter writer(doc);
        writer.setOutputMemory();
        writer.setObjectStreamMode(qpdf_o_disable);
        writer.write();
        auto buffer = writer.getBufferSharedPointer();
        return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
    } catch (const std::exception& e) {
        return std::unexpected(Error::unavailable(fmt::format("The PDF could not be made accessible: {}", e.what())));
    }
}

}  // namespace trellis::formats::pdf
