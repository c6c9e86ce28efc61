#include <gtest/gtest.h>

#include <zip.h>

#include <fstream>
#include <sstream>

#include <pugixml.hpp>

#include "docx_fixture.hpp"
#include "formats/docx_text.hpp"
#include "formats/framework_docx.hpp"
#include "formats/framework_docx_import.hpp"
#include "formats/framework_text.hpp"

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

// A framework in the layout of a Word table saved as plain text, kept with the tests.
std::string seed()
{
    std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/tests/fixtures/outcomes-framework-riverside.txt",
                     std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void expect_same_framework(const Framework& a, const Framework& b)
{
    ASSERT_EQ(a.areas.size(), b.areas.size());
    EXPECT_EQ(a.questions, b.questions);
    for (std::size_t i = 0; i < a.areas.size(); ++i) {
        EXPECT_EQ(a.areas[i].name, b.areas[i].name);
        ASSERT_EQ(a.areas[i].goals.size(), b.areas[i].goals.size()) << a.areas[i].name;
        for (std::size_t g = 0; g < a.areas[i].goals.size(); ++g) {
            const auto &x = a.areas[i].goals[g], &y = b.areas[i].goals[g];
            EXPECT_EQ(x.statement, y.statement);
            for (auto s : kStages) EXPECT_EQ(x.stage(s).text, y.stage(s).text) << x.statement << " " << label(s);
        }
    }
}

TEST(FrameworkDocxImport, TheSeedExportedToWordReadsBackWithEveryAreaGoalAndStage)
{
    auto parsed = parse_framework_text(seed());
    ASSERT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
    // Numbered goal ids so that the additions below attach to goals.
    std::int64_t id = 1;
    for (auto& a : parsed->areas)
        for (auto& g : a.goals) g.id = GoalId{id++};
    Action action;
    action.goal = GoalId{1};
    action.what = "Detached youth work";
    action.owner_agency_name = "Youth service";
    std::vector<Action> actions = {action};
    Indicator ind;
    ind.goal = GoalId{1};
    ind.name = "Trusted adults per young person";
    ind.measurements = {{0, "2026-03-01", 0.6, "", {}}, {0, "2026-09-01", 2.4, "", {}}};
    ExportInput in{*parsed,
                   "Millbrook Road",
                   actions,
                   {ind},
                   {{GoalId{1}, OutcomeRating::Reached, "Rose."}},
                   {{GoalId{2}, Stage::Scoping, "2026-03-04, Observation: the group at the park."}}};
    auto docx = to_docx(in);
    ASSERT_TRUE(docx.has_value());
    auto back = parse_framework_docx(*docx);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(back->title, parsed->title);
    expect_same_framework(*parsed, *back);
    EXPECT_NE(docx_text(*docx)->find("Trusted adults per young person"), std::string::npos) << "written, not read";
}

// A six-column table as a practitioner lays it out in a word processor: the
// area cell merged down over its goals.
std::string six_column_docx(const std::vector<std::vector<std::string>>& rows, bool merge_areas)
{
    std::string body = "<w:p><w:r><w:t>Park group framework</w:t></w:r></w:p>";
    if (!rows.empty()) body += "<w:tbl>";
    for (const auto& row : rows) {
        body += "<w:tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
            body += "<w:tc>";
            if (merge_areas && i == 0 && rows.size() > 2)
                body += row[0].empty() ? R"(<w:tcPr><w:vMerge w:val="continue"/></w:tcPr>)"
                                       : R"(<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>)";
            // "|" separates the cell's paragraphs.
            std::size_t start = 0;
            do {
                auto end = row[i].find('|', start);
                if (end == std::string::npos) end = row[i].size();
                body += "<w:p><w:r><w:t>" + row[i].substr(start, end - start) + "</w:t></w:r></w:p>";
                start = end + 1;
            } while (start <= row[i].size());
            body += "</w:tc>";
        }
        body += "</w:tr>";
    }
    if (!rows.empty()) body += "</w:tbl>";
    return testing::make_docx_body(body);
}

TEST(FrameworkDocxImport, ASixColumnTableWithMergedAreaCells)
{
    auto docx = six_column_docx(
        {{"Area of focus", "Goal statements", "1. After scoping: How was it found?", "2. Measuring: What will change?",
          "3. Action: What will you do?", "4. Outcome: What changed?"},
         {"Peers", "Young people trust adults", "We met the group.|They named few adults.", "Most name two.",
          "Youth work.", ""},
         {"", "Young people feel safe together", "Mapping.", "", "", "They said so."},
         {"Places", "Safe places", "The park.", "", "Lighting.", ""}},
        true);
    auto f = parse_framework_docx(docx);
    ASSERT_TRUE(f.has_value()) << f.error().message;
    EXPECT_EQ(f->title, "Park group framework");
    ASSERT_EQ(f->areas.size(), 2u);
    ASSERT_EQ(f->areas[0].goals.size(), 2u) << "the merged area cell continues Peers";
    EXPECT_EQ(f->areas[0].goals[0].stage(Stage::Scoping).text, "We met the group.\n\nThey named few adults.");
    EXPECT_FALSE(f->areas[0].goals[0].stage(Stage::Outcome).written());
    EXPECT_EQ(f->questions[0], "How was it found?");
    EXPECT_EQ(f->areas[1].goals[0].stage(Stage::Action).text, "Lighting.");
}

TEST(FrameworkDocxImport, DocumentsItCannotReadGetAClearError)
{
    auto not_docx = parse_framework_docx("plain text");
    ASSERT_FALSE(not_docx);
    EXPECT_EQ(not_docx.error().message, "This file is not a Word document (.docx).");
    auto no_table = parse_framework_docx(six_column_docx({}, false));
    ASSERT_FALSE(no_table);
    EXPECT_NE(no_table.error().message.find("no table"), std::string::npos) << no_table.error().message;
    auto short_row = parse_framework_docx(six_column_docx({{"Peers", "Goal", "Scoping"}}, false));
    ASSERT_FALSE(short_row);
    EXPECT_NE(short_row.error().message.find("Table row 1"), std::string::npos) << short_row.error().message;
}

}  // namespace
}  // namespace trellis::formats
