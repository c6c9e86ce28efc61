#include "formats/framework_pdf.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib.h>
#include <pango/pangocairo.h>
// qpdf 11: this code uses std::shared_ptr only, never the old PointerHolder.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

#include "domain/clock.hpp"

namespace trellis::formats {
namespace {

// A4 landscape in points.
constexpr double kPageW = 841.89, kPageH = 595.28, kMargin = 36, kPad = 5;
constexpr double kFooter = 22;  // space kept at the bottom for the page number
constexpr double kTableW = kPageW - 2 * kMargin;
constexpr double kGoalW = 150, kStageW = (kTableW - kGoalW) / 4;
constexpr const char* kFont = "Liberation Sans, DejaVu Sans, Sans";

struct Colour {
    double r, g, b;
};
constexpr Colour kInk{0.04, 0.05, 0.05}, kGrey{0.31, 0.35, 0.37}, kHeaderFill{0.87, 0.89, 0.91},
    kAreaFill{0.95, 0.95, 0.95}, kRule{0.31, 0.35, 0.37}, kBlue{0.11, 0.44, 0.72}, kGreen{0.0, 0.44, 0.24};

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

using LayoutPtr = std::unique_ptr<PangoLayout, decltype(&g_object_unref)>;

// A block of wrapped text of a fixed width, with where each of its lines ends
// (in points from its top), so that it can be split between two lines.
struct Block {
    LayoutPtr layout{nullptr, g_object_unref};
    double height = 0;
    std::vector<double> line_ends;
};

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

// Paragraphs separated by blank lines become pango paragraphs with a gap.
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

// A chart's alternative text: what a reader of the chart would take from it.
std::string chart_alt(const Indicator& ind)
{
    auto n = ind.measurements.size();
    std::string alt =
        n == 1
            ? fmt::format("Line chart of {}, measured once, on {}.", ind.name, uk_date(ind.measurements.front().date))
            : fmt::format("Line chart of {}, measured {} times from {} to {}.", ind.name, n,
                          uk_date(ind.measurements.front().date), uk_date(ind.measurements.back().date));
    if (auto start = ind.start()) alt += fmt::format(" Baseline {}.", with_unit(*start, ind.unit));
    alt += fmt::format(" Latest {}.", with_unit(ind.measurements.back().value, ind.unit));
    if (ind.target) alt += fmt::format(" Target {}.", with_unit(*ind.target, ind.unit));
    return alt + " " + std::string(label(trend(ind))) + ".";
}

// What cairo 1.16 cannot write: the document's language, that it is tagged,
// that viewers show its title, and each figure's alternative text (given in
// the order the figures were drawn), added to the PDF with qpdf.
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

// The document is drawn twice onto PDF surfaces, so that both passes measure
// text alike: first to count its pages, then for real with "Page i of n" in
// each footer. Text is drawn straight onto the PDF inside its structure
// elements (replaying recorded pages would lose that link).
class Writer {
public:
    Writer(const ExportInput& in, std::string generated_on, cairo_t* pdf, std::size_t total_pages)
        : in_(in), generated_on_(std::move(generated_on)), cr_(pdf), total_pages_(total_pages)
    {
    }

    // Draws the document; returns the figures' alternative texts in the order drawn.
    std::vector<std::string> write()
    {
        new_page();
        {
            Tag document(cr_, "Document");
            title();
            table();
            charts();
        }
        footer();
        cairo_show_page(cr_);
        return alts_;
    }

    std::size_t pages() const { return page_number_; }

private:
    void footer()
    {
        auto b = make_block(cr_,
                            escape(fmt::format("{} · Page {} of {} · Generated by Trellis on {} · Special category "
                                               "personal data: share on a need-to-know basis.",
                                               in_.framework.title, page_number_, total_pages_, generated_on_)),
                            kTableW, 7);
        text_at(b, kMargin, kPageH - kMargin - b.height + 6, kGrey);
    }

    void new_page()
    {
        if (page_number_ > 0) {
            footer();
            cairo_show_page(cr_);
        }
        ++page_number_;
        y_ = kMargin;
    }

    double bottom() const { return kPageH - kMargin - kFooter; }

    // Draws only the lines of `b` that lie between `from` and `to` (points from
    // its top), with `from` at y: the part of a cell that fits on this page.
    void lines_at(const Block& b, double x, double y, double from, double to, Colour c)
    {
        set(cr_, c);
        PangoLayoutIter* it = pango_layout_get_iter(b.layout.get());
        do {
            int y0 = 0, y1 = 0;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            double top = double(y0) / PANGO_SCALE, end = double(y1) / PANGO_SCALE;
            if (top < from - 0.01 || end > to + 0.01) continue;
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            cairo_move_to(cr_, x + double(logical.x) / PANGO_SCALE,
                          y + double(pango_layout_iter_get_baseline(it)) / PANGO_SCALE - from);
            pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }

    void text_at(const Block& b, double x, double y, Colour c)
    {
        set(cr_, c);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, b.layout.get());
    }

    void title()
    {
        const Framework& f = in_.framework;
        auto t = make_block(cr_, "<b>" + escape(f.title) + "</b>", kTableW, 16);
        {
            Tag h1(cr_, "H1");
            text_at(t, kMargin, y_, kInk);
        }
        y_ += t.height + 4;
        std::string meta = fmt::format("Context: {}. Status: {}. Start date: {}. Next review: {}.", in_.context_name,
                                       label(f.status), f.start_date.empty() ? "not set" : uk_date(f.start_date),
                                       f.next_review_date.empty() ? "not set" : uk_date(f.next_review_date));
        if (in_.partner_safe) meta += " Partner-safe copy: evidence about individual young people is left out.";
        auto m = make_block(cr_, escape(meta), kTableW, 9);
        Tag para(cr_, "P");
        text_at(m, kMargin, y_, kGrey);
        y_ += m.height + 10;
    }

    void rect(double x, double y, double w, double h, const Colour* fill)
    {
        cairo_rectangle(cr_, x, y, w, h);
        if (fill) {
            set(cr_, *fill);
            cairo_fill_preserve(cr_);
        }
        set(cr_, kRule);
        cairo_set_line_width(cr_, 0.5);
        cairo_stroke(cr_);
    }

    void header_row()
    {
        std::vector<Block> cells;
        cells.push_back(make_block(cr_, "<b>Goal statement</b>", kGoalW - 2 * kPad, 8));
        for (auto s : kStages)
            cells.push_back(make_block(
                cr_,
                fmt::format("<b>{}. {}:</b> {}", index(s) + 1, label(s), escape(in_.framework.questions[index(s)])),
                kStageW - 2 * kPad, 8));
        double h = 0;
        for (const auto& c : cells) h = std::max(h, c.height);
        h += 2 * kPad;
        header_h_ = h;
        // The header row is a row of header cells once; repeated on later
        // pages it is drawn only, so the table reads as one table.
        std::optional<Tag> row;
        if (!header_tagged_) row.emplace(cr_, "TR");
        double x = kMargin;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            double w = i == 0 ? kGoalW : kStageW;
            rect(x, y_, w, h, &kHeaderFill);
            std::optional<Tag> cell;
            if (!header_tagged_) cell.emplace(cr_, "TH");
            text_at(cells[i], x + kPad, y_ + kPad, kInk);
            x += w;
        }
        header_tagged_ = true;
        y_ += h;
    }

    void page_break()
    {
        new_page();
        header_row();
        table_top_ = y_;
    }

    void area_row(const std::string& name)
    {
        auto b = make_block(cr_, "<b>" + escape(name) + "</b>", kTableW - 2 * kPad, 11);
        double h = b.height + 2 * kPad;
        // An area heading never sits alone at the foot of a page.
        if (y_ + h + 40 > bottom()) page_break();
        rect(kMargin, y_, kTableW, h, &kAreaFill);
        Tag row(cr_, "TR");
        Tag cell(cr_, "TH");
        text_at(b, kMargin + kPad, y_ + kPad, kInk);
        y_ += h;
    }

    std::string goal_markup(const Goal& g)
    {
        std::string m = "<b>" + escape(g.statement) + "</b>\n" + escape(fmt::format("Status: {}", label(g.status)));
        if (const auto* r = in_.rating_of(g.id))
            m += fmt::format("\n<b>Outcome: {}.</b> {}", kOutcomeRatings.label(r->rating), escape(r->rationale));
        return m;
    }

    std::string stage_markup(const Goal& g, Stage s)
    {
        const auto& e = g.stage(s);
        std::string m = e.written() ? paragraphs_markup(e.text) : "<i>Not written yet.</i>";
        auto section = [&](const char* heading, const std::vector<std::string>& lines) {
            if (lines.empty()) return;
            m += fmt::format("\n<span size=\"4000\"> </span>\n<span foreground=\"#505a5f\"><b>{}</b>", heading);
            for (const auto& l : lines) m += "\n• " + escape(l);
            m += "</span>";
        };
        std::vector<std::string> lines;
        if (s == Stage::Measuring)
            for (const auto& i : in_.indicators)
                if (i.goal == g.id) lines.push_back(indicator_line(i));
        section("Indicators", lines);
        lines.clear();
        if (s == Stage::Action)
            for (const auto& a : in_.actions)
                if (a.goal == g.id)
                    lines.push_back(fmt::format("{} ({}; {}; {}{})", a.what, a.owner_agency_name, label(a.approach),
                                                label(a.status),
                                                a.due_date.empty() ? "" : "; due " + uk_date(a.due_date)));
        section("Actions", lines);
        lines.clear();
        for (const auto& n : in_.evidence)
            if (n.goal == g.id && n.stage == s) lines.push_back(n.text);
        section("Evidence", lines);
        return m;
    }

    // Draws a goal row; a row longer than the rest of the page continues on
    // the next page, each cell split between two of its own lines.
    void goal_row(const Goal& g)
    {
        std::vector<Block> cells;
        cells.push_back(make_block(cr_, goal_markup(g), kGoalW - 2 * kPad, 8.5));
        for (auto s : kStages) cells.push_back(make_block(cr_, stage_markup(g, s), kStageW - 2 * kPad, 8.5));
        double full = 0;
        for (const auto& c : cells) full = std::max(full, c.height);
        // Room below the header row on a fresh page.
        double page_room = bottom() - (kMargin + header_h_) - 2 * kPad;
        // Keep the row whole when it fits on a page of its own.
        if (y_ + full + 2 * kPad > bottom() && full <= page_room) page_break();
        std::vector<double> offset(cells.size(), 0.0);
        bool continued = false;
        while (true) {
            double room = bottom() - y_ - 2 * kPad;
            std::vector<double> until(cells.size());
            double h = 0;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                until[i] = offset[i];
                for (double end : cells[i].line_ends)
                    if (end > offset[i] && end - offset[i] <= room) until[i] = end;
                // On a fresh page at least one line goes down, so a row always moves on.
                if (until[i] == offset[i] && offset[i] < cells[i].height - 0.5 && y_ <= table_top_ + 0.01)
                    for (double end : cells[i].line_ends)
                        if (end > offset[i]) {
                            until[i] = end;
                            break;
                        }
                h = std::max(h, until[i] - offset[i]);
            }
            double row_h = h + 2 * kPad;
            double x = kMargin;
            // Each part of a row split across pages is a row of its own, closed
            // before the page turns so the footer and the repeated header stay out of it.
            std::optional<Tag> row(std::in_place, cr_, "TR");
            for (std::size_t i = 0; i < cells.size(); ++i) {
                double w = i == 0 ? kGoalW : kStageW;
                rect(x, y_, w, row_h, nullptr);
                Tag cell(cr_, i == 0 ? "TH" : "TD");
                lines_at(cells[i], x + kPad, y_ + kPad, offset[i], until[i], kInk);
                // On a continuation page, an emptied goal cell names the goal again.
                if (i == 0 && continued && offset[0] >= cells[0].height - 0.5) {
                    auto note = make_block(cr_, "<i>continued:</i> " + escape(g.statement), kGoalW - 2 * kPad, 7.5);
                    cairo_save(cr_);
                    cairo_rectangle(cr_, kMargin, y_, kGoalW, row_h);
                    cairo_clip(cr_);
                    text_at(note, kMargin + kPad, y_ + kPad, kGrey);
                    cairo_restore(cr_);
                }
                x += w;
            }
            row.reset();
            y_ += row_h;
            bool more = false;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                offset[i] = until[i];
                if (offset[i] < cells[i].height - 0.5) more = true;
            }
            if (!more) break;
            page_break();
            continued = true;
        }
    }

    void table()
    {
        Tag table(cr_, "Table");
        header_row();
        table_top_ = y_;
        for (const auto& area : in_.framework.areas) {
            area_row(area.name);
            for (const auto& g : area.goals) goal_row(g);
        }
    }

    // One line chart per indicator with measurements, two to a row.
    void charts()
    {
        std::vector<const Indicator*> measured;
        for (const auto& i : in_.indicators)
            if (!i.measurements.empty()) measured.push_back(&i);
        if (measured.empty()) return;
        new_page();
        auto heading = make_block(cr_, "<b>Measured change</b>", kTableW, 13);
        {
            Tag h2(cr_, "H2");
            text_at(heading, kMargin, y_, kInk);
        }
        y_ += heading.height + 8;
        constexpr double kChartW = (kTableW - 24) / 2, kChartH = 200;
        for (std::size_t n = 0; n < measured.size(); ++n) {
            if (n % 2 == 0 && n > 0) y_ += kChartH + 24;
            if (y_ + kChartH > bottom()) {
                new_page();
            }
            chart(*measured[n], kMargin + double(n % 2) * (kChartW + 24), y_, kChartW, kChartH);
        }
    }

    void chart(const Indicator& ind, double x, double y, double w, double h)
    {
        Tag figure(cr_, "Figure");
        alts_.push_back(chart_alt(ind));
        auto t = make_block(cr_, "<b>" + escape(ind.name) + "</b>", w, 9);
        text_at(t, x, y, kInk);
        double top_y = y + t.height + 8, left = x + 30, right = x + w - 10, base = y + h - 24;
        double top = 0;
        for (const auto& m : ind.measurements) top = std::max(top, m.value);
        if (ind.start()) top = std::max(top, *ind.start());
        if (ind.target) top = std::max(top, *ind.target);
        top = top <= 0 ? 1 : top * 1.15;
        auto y_of = [&](double v) { return base - (base - top_y) * std::max(0.0, v) / top; };
        std::size_t n = ind.measurements.size();
        auto x_of = [&](std::size_t i) {
            return n > 1 ? left + (right - left) * double(i) / double(n - 1) : (left + right) / 2;
        };
        set(cr_, kRule);
        cairo_set_line_width(cr_, 0.75);
        cairo_move_to(cr_, left, top_y);
        cairo_line_to(cr_, left, base);
        cairo_line_to(cr_, right, base);
        cairo_stroke(cr_);
        auto reference = [&](double v, Colour c, const char* name) {
            set(cr_, c);
            const double dash[] = {4, 3};
            cairo_set_dash(cr_, dash, 2, 0);
            cairo_move_to(cr_, left, y_of(v));
            cairo_line_to(cr_, right, y_of(v));
            cairo_stroke(cr_);
            cairo_set_dash(cr_, nullptr, 0, 0);
            auto l = make_block(cr_, fmt::format("{} {}", name, format_number(v)), 80, 6.5);
            text_at(l, right - 80, y_of(v) - l.height - 1, c);
        };
        if (ind.baseline) reference(*ind.baseline, kGrey, "Baseline");
        if (ind.target) reference(*ind.target, kGreen, "Target");
        set(cr_, kBlue);
        cairo_set_line_width(cr_, 2);
        for (std::size_t i = 0; i < n; ++i) {
            double px = x_of(i), py = y_of(ind.measurements[i].value);
            if (i == 0)
                cairo_move_to(cr_, px, py);
            else
                cairo_line_to(cr_, px, py);
        }
        cairo_stroke(cr_);
        for (std::size_t i = 0; i < n; ++i) {
            double px = x_of(i), py = y_of(ind.measurements[i].value);
            set(cr_, kBlue);
            cairo_new_sub_path(cr_);
            cairo_arc(cr_, px, py, 3, 0, 6.2832);
            cairo_fill(cr_);
            auto v = make_block(cr_, format_number(ind.measurements[i].value), 40, 7);
            text_at(v, px - 6, py - v.height - 3, kInk);
            // Dates under at most six points, so that they never overlap.
            if (i % ((n + 5) / 6) == 0 || i + 1 == n) {
                auto d = make_block(cr_, escape(uk_date(ind.measurements[i].date)), 60, 6.5);
                text_at(d, px - 22, base + 3, kGrey);
            }
        }
        auto scale = make_block(cr_, format_number(top / 1.15), 28, 6.5);
        text_at(scale, x, top_y, kGrey);
    }

private:
    const ExportInput& in_;
    std::string generated_on_;
    cairo_t* cr_;
    std::size_t total_pages_ = 0;
    std::size_t page_number_ = 0;
    bool header_tagged_ = false;
    std::vector<std::string> alts_;
    double y_ = kMargin;
    double table_top_ = kMargin;  // where rows start below the header on the current page
    double header_h_ = 0;
};

}  // namespace

Result<std::string> to_pdf(const ExportInput& in, const std::string& generated_on)
{
    // One pass onto a PDF surface: the bytes (when `out` is given), the page
    // count and the figures' alternative texts.
    struct Drawn {
        std::size_t pages = 0;
        std::vector<std::string> alts;
    };
    auto draw = [&](std::string* out, std::size_t total) -> Result<Drawn> {
        cairo_surface_t* pdf = cairo_pdf_surface_create_for_stream(out ? append : discard, out, kPageW, kPageH);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, in.framework.title.c_str());
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "Trellis");
        cairo_t* cr = cairo_create(pdf);
        Drawn d;
        {
            Writer w(in, generated_on, cr, total);
            d.alts = w.write();
            d.pages = w.pages();
        }
        cairo_destroy(cr);
        cairo_surface_finish(pdf);
        auto status = cairo_surface_status(pdf);
        cairo_surface_destroy(pdf);
        if (status != CAIRO_STATUS_SUCCESS)
            return std::unexpected(
                Error::unavailable(fmt::format("The PDF could not be written: {}", cairo_status_to_string(status))));
        return d;
    };
    auto counted = TRY(draw(nullptr, 0));
    std::string out;
    auto drawn = TRY(draw(&out, counted.pages));
    return accessible(out, drawn.alts);
}

}  // namespace trellis::formats
