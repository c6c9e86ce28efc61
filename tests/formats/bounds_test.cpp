// Hostile documents: nesting deeper than any stack, archives that inflate far
// past their size, files of nothing but separators. Each reader gives a clear
// error naming the limit (or reads the document), never a crash.
#include <gtest/gtest.h>

#include <chrono>

#include "docx_fixture.hpp"
#include "formats/bounds.hpp"
#include "formats/csv.hpp"
#include "formats/docx_text.hpp"
#include "formats/framework_docx_import.hpp"
#include "formats/framework_json.hpp"
#include "formats/json_input.hpp"
#include "formats/template_files.hpp"
#include "lens/lexicon.hpp"

namespace trellis::formats {
namespace {

std::string repeat(std::string_view piece, std::size_t times)
{
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

// 200,000 elements nested in one another around a line of text: a recursive
// walk needs a stack frame per level and dies long before the bottom.
std::string deeply_nested(const std::string& inner, std::size_t depth = 200'000)
{
    return repeat("<w:r>", depth) + inner + repeat("</w:r>", depth);
}

bool mentions(const Error& e, std::string_view text)
{
    return e.message.find(text) != std::string::npos;
}

TEST(Bounds, TheLensReadsADeeplyNestedWordDocumentWithoutRecursion)
{
    auto docx = testing::make_docx_body("<w:p>" + deeply_nested("<w:t>They were groomed</w:t>") + "</w:p>");
    auto text = docx_text(docx);
    ASSERT_TRUE(text.has_value()) << text.error().message;
    EXPECT_EQ(*text, "They were groomed\n");
}

TEST(Bounds, TheFrameworkImportReadsADeeplyNestedCellWithoutRecursion)
{
    auto cell = [](const std::string& inner) { return "<w:tc><w:p>" + inner + "</w:p></w:tc>"; };
    auto row = "<w:tr>" + cell("<w:r><w:t>Peers</w:t></w:r>") + cell("<w:r><w:t>Goal</w:t></w:r>") +
               cell(deeply_nested("<w:t>Scoping text</w:t>")) + cell("") + cell("") + cell("") + "</w:tr>";
    auto f = parse_framework_docx(testing::make_docx_body("<w:tbl>" + row + "</w:tbl>"));
    ASSERT_TRUE(f.has_value()) << f.error().message;
    EXPECT_EQ(f->areas.at(0).goals.at(0).stage(Stage::Scoping).text, "Scoping text");
}

TEST(Bounds, MillionsOfEmptyElementsAreRefusedBeforeAnyParse)
{
    // 8 MB of <a/> compresses to a few kilobytes and would build 2 million nodes.
    auto docx = testing::make_docx_body("<w:p>" + repeat("<a/>", 2'000'000) + "</w:p>");
    EXPECT_LT(docx.size(), 100u * 1024);
    for (auto result : {docx_text(docx).error(), parse_framework_docx(docx).error()}) {
        EXPECT_EQ(result.kind, Error::Kind::Invalid);
        EXPECT_TRUE(mentions(result, "more than 1,000,000 XML elements")) << result.message;
    }
}

TEST(Bounds, AWordDocumentThatInflatesPastTheLimitIsRefusedWhileInflating)
{
    // 24 MB of spaces: a few kilobytes zipped, counted as it inflates.
    auto docx = testing::make_docx_body("<w:p><w:r><w:t>" + std::string(24 * 1024 * 1024, ' ') + "</w:t></w:r></w:p>");
    EXPECT_LT(docx.size(), 200u * 1024);
    auto text = docx_text(docx);
    ASSERT_FALSE(text.has_value());
    EXPECT_TRUE(mentions(text.error(), "more than 20 MB")) << text.error().message;
}

TEST(Bounds, OnlyAFewDocumentsAreReadAtOnce)
{
    std::vector<ParseSlot> held;
    for (int i = 0; i < bounds::kConcurrentParses; ++i) {
        auto slot = ParseSlot::take(std::chrono::milliseconds(10));
        ASSERT_TRUE(slot.has_value());
        held.push_back(std::move(*slot));
    }
    auto busy = ParseSlot::take(std::chrono::milliseconds(50));
    ASSERT_FALSE(busy.has_value());
    EXPECT_EQ(busy.error().kind, Error::Kind::Unavailable);
    held.pop_back();
    EXPECT_TRUE(ParseSlot::take(std::chrono::milliseconds(50)).has_value()) << "a slot comes back when released";
}

TEST(Bounds, DeeplyNestedJsonIsRefusedByEveryReader)
{
    auto deep = repeat("[", 100'000) + repeat("]", 100'000);
    auto object = R"({"title":)" + deep + "}";
    auto parsed = parse_json(deep);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_TRUE(mentions(parsed.error(), "more than 64 deep")) << parsed.error().message;
    auto framework = from_json(object, [](std::string_view) { return std::optional<UserId>{}; });
    ASSERT_FALSE(framework.has_value());
    EXPECT_TRUE(mentions(framework.error(), "more than 64 deep")) << framework.error().message;
    EXPECT_FALSE(lens::parse_lexicon(object).has_value());
    EXPECT_FALSE(parse_template("deep", object).has_value());
    EXPECT_TRUE(parse_json(repeat("[", 60) + repeat("]", 60)).has_value()) << "ordinary nesting still reads";
}

TEST(Bounds, ACsvOfNothingButCommasIsRefusedNamingTheLimit)
{
    auto commas = parse_csv("date,agency\n" + std::string(15 * 1024 * 1024, ','));
    ASSERT_FALSE(commas.has_value());
    EXPECT_TRUE(mentions(commas.error(), "line 2: a row has more than 200 columns")) << commas.error().message;
    auto rows = parse_csv(repeat("a,b\n", 220'000));
    ASSERT_FALSE(rows.has_value());
    EXPECT_TRUE(mentions(rows.error(), "more than 200,000 rows")) << rows.error().message;
    auto cells = parse_csv(repeat(repeat("x,", 150) + "x\n", 14'000));
    ASSERT_FALSE(cells.has_value());
    EXPECT_TRUE(mentions(cells.error(), "more than 2,000,000 values")) << cells.error().message;
}

TEST(Bounds, AWordImportWithThousandsOfAreaRowsStopsAtTheAreaLimit)
{
    std::string rows;
    for (int i = 0; i < 8000; ++i)
        rows += "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"5\"/></w:tcPr><w:p><w:r><w:t>Area " + std::to_string(i) +
                "</w:t></w:r></w:p></w:tc></w:tr>";
    auto f = parse_framework_docx(testing::make_docx_body("<w:tbl>" + rows + "</w:tbl>"));
    ASSERT_FALSE(f.has_value());
    EXPECT_TRUE(mentions(f.error(), "more than 12 areas of focus")) << f.error().message;
}

}  // namespace
}  // namespace trellis::formats
