#include <gtest/gtest.h>

#include <zip.h>

#include <pugixml.hpp>

#include "formats/docx_text.hpp"
#include "formats/framework_docx.hpp"

namespace trellis::formats {
namespace {

std::string entry(const std::string& docx, const char* name)
{
    zip_error_t error;
    zip_error_init(&error);
    auto* src = zip_source_buffer_create(docx.data(), docx.size(), 0, &error);
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (!z) return {};
    zip_stat_t st;
    std::string out;
    if (zip_stat(z, name, 0, &st) == 0) {
        out.resize(st.size);
        auto* f = zip_fopen(z, name, 0);
        zip_fread(f, out.data(), st.size);
        zip_fclose(f);
    }
    zip_discard(z);
    return out;
}

TEST(FrameworkDocx, TheOutcomesFrameworkLayoutInValidOpenXml)
{
    Framework f;
    f.title = "Park plan <&>";
    f.areas = {{AreaId{1}, "Peers", {}}, {AreaId{2}, "Place", {}}};
    Goal g;
    g.id = GoalId{7};
    g.statement = "Young people feel safe";
    g.stage(Stage::Scoping) = {"First paragraph.\n\nSecond paragraph.", {}, "", "", 1};
    g.stage(Stage::Outcome) = {"What changed.", {}, "", "", 1};
    f.areas[0].goals.push_back(g);
    Action a;
    a.goal = GoalId{7};
    a.what = "Youth work sessions";
    a.owner_agency_name = "Youth service";
    std::vector<Action> actions = {a};
    auto docx = to_docx({f, "Hollins Park", actions});
    ASSERT_TRUE(docx.has_value()) << docx.error().message;
    EXPECT_FALSE(entry(*docx, "[Content_Types].xml").empty());
    EXPECT_FALSE(entry(*docx, "_rels/.rels").empty());
    pugi::xml_document doc;
    auto xml = entry(*docx, "word/document.xml");
    ASSERT_TRUE(doc.load_string(xml.c_str())) << "well-formed";
    auto body = doc.child("w:document").child("w:body");
    auto table = body.child("w:tbl");
    ASSERT_TRUE(table);
    EXPECT_TRUE(table.child("w:tr").child("w:trPr").child("w:tblHeader")) << "the header row repeats on each page";
    EXPECT_EQ(std::string(body.child("w:sectPr").child("w:pgSz").attribute("w:orient").value()), "landscape");
    int rows = 0;
    for (auto tr : table.children("w:tr")) ++rows, (void)tr;
    EXPECT_EQ(rows, 1 + 2 + 1) << "header, two area rows, one goal row";
    auto text = docx_text(*docx);
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->find("Park plan <&>"), std::string::npos);
    EXPECT_NE(text->find("First paragraph.\nSecond paragraph."), std::string::npos);
    EXPECT_NE(text->find("Not written yet."), std::string::npos);
    EXPECT_NE(text->find("Youth work sessions"), std::string::npos);
}

}  // namespace
}  // namespace trellis::formats
