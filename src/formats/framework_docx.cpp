#include "formats/framework_docx.hpp"

#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "domain/clock.hpp"
#include "formats/docx_kit.hpp"

namespace trellis::formats {
namespace {

// Normal text in Arial 10 pt; TrellisNote (grey, 9 pt) marks what Trellis adds
// around the framework (actions, indicators, evidence, ratings), which an
// import of the document leaves out.
constexpr const char* kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    R"(<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>)"
    R"(<w:sz w:val="20"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>)"
    R"(<w:pPrDefault><w:pPr><w:spacing w:after="80"/></w:pPr></w:pPrDefault></w:docDefaults>)"
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="TrellisNote"><w:name w:val="Trellis note"/>)"
    R"(<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="505A5F"/><w:sz w:val="18"/></w:rPr></w:style>)"
    R"(</w:styles>)";

// Page: A4 landscape in twentieths of a point, with 1.5 cm margins.
constexpr int kPageWidth = 16838, kPageHeight = 11906, kMargin = 850;
constexpr int kGoalWidth = 2938, kStageWidth = 3025;  // 2938 + 4 * 3025 = 15038 = page - margins

pugi::xml_node run(pugi::xml_node paragraph, const std::string& text, bool bold = false, int half_points = 0)
{
    auto r = paragraph.append_child("w:r");
    if (bold || half_points) {
        auto props = r.append_child("w:rPr");
        if (bold) props.append_child("w:b");
        if (half_points) props.append_child("w:sz").append_attribute("w:val") = half_points;
    }
    auto t = r.append_child("w:t");
    t.append_attribute("xml:space") = "preserve";
    t.text().set(text.c_str());
    return r;
}

void paragraph(pugi::xml_node parent, const std::string& text, bool bold = false, int half_points = 0)
{
    run(parent.append_child("w:p"), text, bold, half_points);
}

// A paragraph Trellis adds to the framework's own text (see kStyles).
void note(pugi::xml_node parent, const std::string& text, bool bold = false)
{
    auto p = parent.append_child("w:p");
    p.append_child("w:pPr").append_child("w:pStyle").append_attribute("w:val") = "TrellisNote";
    run(p, text, bold);
}

void notes(pugi::xml_node cell, const char* heading, const std::vector<std::string>& lines)
{
    if (lines.empty()) return;
    note(cell, heading, true);
    for (const auto& l : lines) note(cell, "• " + l);
}

// Paragraphs of a stage text, split at blank lines.
void paragraphs(pugi::xml_node cell, const std::string& text)
{
    if (text.empty()) {
        paragraph(cell, "Not written yet.");
        return;
    }
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\n\n", start);
        if (end == std::string::npos) end = text.size();
        paragraph(cell, text.substr(start, end - start));
        start = end + 2;
    }
}

pugi::xml_node cell(pugi::xml_node row, int width, int span = 1, const char* fill = nullptr)
{
    auto tc = row.append_child("w:tc");
    auto props = tc.append_child("w:tcPr");
    auto w = props.append_child("w:tcW");
    w.append_attribute("w:w") = width;
    w.append_attribute("w:type") = "dxa";
    if (span > 1) props.append_child("w:gridSpan").append_attribute("w:val") = span;
    if (fill) {
        auto shd = props.append_child("w:shd");
        shd.append_attribute("w:val") = "clear";
        shd.append_attribute("w:color") = "auto";
        shd.append_attribute("w:fill") = fill;
    }
    return tc;
}

std::string document_xml(const ExportInput& in)
{
    const Framework& f = in.framework;
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    decl.append_attribute("standalone") = "yes";
    auto root = doc.append_child("w:document");
    root.append_attribute("xmlns:w") = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    auto body = root.append_child("w:body");
    paragraph(body, f.title, true, 32);
    paragraph(body, fmt::format("Context: {}. Status: {}. Start date: {}. Next review: {}.", in.context_name,
                                label(f.status), f.start_date.empty() ? "not set" : uk_date(f.start_date),
                                f.next_review_date.empty() ? "not set" : uk_date(f.next_review_date)));
    if (in.partner_safe) paragraph(body, "Partner-safe copy: evidence about individual young people is left out.");

    auto table = body.append_child("w:tbl");
    auto tbl_props = table.append_child("w:tblPr");
    auto tbl_w = tbl_props.append_child("w:tblW");
    tbl_w.append_attribute("w:w") = kGoalWidth + 4 * kStageWidth;
    tbl_w.append_attribute("w:type") = "dxa";
    auto borders = tbl_props.append_child("w:tblBorders");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
        auto b = borders.append_child(side);
        b.append_attribute("w:val") = "single";
        b.append_attribute("w:sz") = 4;
        b.append_attribute("w:color") = "505A5F";
    }
    tbl_props.append_child("w:tblLayout").append_attribute("w:type") = "fixed";
    auto grid = table.append_child("w:tblGrid");
    grid.append_child("w:gridCol").append_attribute("w:w") = kGoalWidth;
    for (int i = 0; i < 4; ++i) grid.append_child("w:gridCol").append_attribute("w:w") = kStageWidth;

    // The header row repeats on every page.
    auto header = table.append_child("w:tr");
    auto header_props = header.append_child("w:trPr");
    header_props.append_child("w:tblHeader");
    paragraph(cell(header, kGoalWidth, 1, "DDE3E8"), "Goal statement", true);
    for (auto s : kStages)
        paragraph(cell(header, kStageWidth, 1, "DDE3E8"),
                  fmt::format("{}. {}: {}", index(s) + 1, label(s), f.questions[index(s)]), true);

    for (const auto& area : f.areas) {
        auto row = table.append_child("w:tr");
        row.append_child("w:trPr").append_child("w:cantSplit");
        paragraph(cell(row, kGoalWidth + 4 * kStageWidth, 5, "F3F2F1"), area.name, true, 24);
        for (const auto& goal : area.goals) {
            auto goal_row = table.append_child("w:tr");
            auto goal_cell = cell(goal_row, kGoalWidth);
            paragraph(goal_cell, goal.statement, true);
            paragraph(goal_cell, fmt::format("Status: {}", label(goal.status)));
            if (const auto* r = in.rating_of(goal.id))
                note(goal_cell, fmt::format("Outcome: {}. {}", kOutcomeRatings.label(r->rating), r->rationale));
            for (auto s : kStages) {
                auto c = cell(goal_row, kStageWidth);
                paragraphs(c, goal.stage(s).written() ? goal.stage(s).text : std::string());
                std::vector<std::string> lines;
                if (s == Stage::Measuring)
                    for (const auto& i : in.indicators)
                        if (i.goal == goal.id) lines.push_back(indicator_line(i));
                notes(c, "Indicators", lines);
                lines.clear();
                if (s == Stage::Action)
                    for (const auto& a : in.actions)
                        if (a.goal == goal.id)
                            lines.push_back(fmt::format("{} ({}; {}; {}{})", a.what, a.owner_agency_name,
                                                        label(a.approach), label(a.status),
                                                        a.due_date.empty() ? "" : "; due " + uk_date(a.due_date)));
                notes(c, "Actions", lines);
                lines.clear();
                for (const auto& e : in.evidence)
                    if (e.goal == goal.id && e.stage == s) lines.push_back(e.text);
                notes(c, "Evidence", lines);
            }
        }
    }
    paragraph(body, "");
    auto sect = body.append_child("w:sectPr");
    auto size = sect.append_child("w:pgSz");
    size.append_attribute("w:w") = kPageWidth;
    size.append_attribute("w:h") = kPageHeight;
    size.append_attribute("w:orient") = "landscape";
    auto margins = sect.append_child("w:pgMar");
    for (const char* side : {"w:top", "w:right", "w:bottom", "w:left"}) margins.append_attribute(side) = kMargin;
    for (const char* side : {"w:header", "w:footer", "w:gutter"}) margins.append_attribute(side) = 0;
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw);
    return out.str();
}

}  // namespace

Result<std::string> to_docx(const ExportInput& in)
{
    return package_docx(document_xml(in), kStyles);
}

}  // namespace trellis::formats
