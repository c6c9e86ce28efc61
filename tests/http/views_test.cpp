#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_db.hpp"
#include "web/views.hpp"

namespace trellis::web {
namespace {

class ViewsTest : public ::testing::Test {
protected:
    void SetUp() override { folder_ = testing::temp_folder("trellis-views"); }
    void TearDown() override { std::filesystem::remove_all(folder_); }
    void write(const std::string& name, const std::string& text)
    {
        std::ofstream(folder_ / (name + ".mustache"), std::ios::binary) << text;
    }
    std::filesystem::path folder_;
};

// Partials are written into the templates that use them when the views load,
// and render as partials do: with the data where they stand, in a list for
// each row, and through a partial that uses another.
TEST_F(ViewsTest, PartialsRenderWhereTheyStandWithTheDataThere)
{
    write("_row", "<li>{{name}}{{>_mark}}</li>");
    write("_mark", "{{#done}}*{{/done}}");
    write("page", "<h1>{{title}}</h1><ul>{{#rows}}{{> _row }}{{/rows}}</ul>{{>_mark}}");
    auto views = ASSERT_OK(Views::load(folder_));
    nlohmann::json model = {{"title", "A & B"},
                            {"done", false},
                            {"rows", {{{"name", "one"}, {"done", true}}, {{"name", "<two>"}, {"done", false}}}}};
    EXPECT_EQ(views.render("page", model), "<h1>A &amp; B</h1><ul><li>one*</li><li>&lt;two&gt;</li></ul>");
}

TEST_F(ViewsTest, AMissingOrEndlessPartialStopsTheViewsLoading)
{
    write("page", "<p>{{>_gone}}</p>");
    auto missing = Views::load(folder_);
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().message.find("_gone"), std::string::npos) << missing.error().message;

    std::filesystem::remove(folder_ / "page.mustache");
    write("_self", "<li>{{>_self}}</li>");
    auto endless = Views::load(folder_);
    ASSERT_FALSE(endless.has_value());
    EXPECT_NE(endless.error().message.find("_self"), std::string::npos) << endless.error().message;
}

}  // namespace
}  // namespace trellis::web
