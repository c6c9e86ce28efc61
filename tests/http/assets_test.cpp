#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "gunzip.hpp"
#include "test_db.hpp"
#include "web/assets.hpp"

namespace trellis::web {
namespace {

class AssetsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = testing::temp_folder("trellis-assets");
        std::filesystem::create_directories(dir / "images");
        write("site.css", "body{background:url(/static/images/mark.svg)}" + std::string(2000, ' ') + "p{margin:0}");
        write("images/mark.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        write("init.js", "import { go } from './lib.js'\ngo()\n");
        write("lib.js", "export function go () {}\n");
        write("images/photo.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\x07'));
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    void write(const std::string& name, const std::string& body)
    {
        std::ofstream(dir / name, std::ios::binary) << body;
    }

    std::filesystem::path dir;
};

TEST_F(AssetsTest, EachAssetHasAContentHashedNameAndReferencesFollowIt)
{
    auto assets = Assets::load(dir);
    auto css = assets.url("/static/site.css");
    EXPECT_TRUE(std::regex_match(css, std::regex(R"(/static/site\.[0-9a-f]{10}\.css)"))) << css;
    auto svg = assets.url("/static/images/mark.svg");
    EXPECT_TRUE(std::regex_match(svg, std::regex(R"(/static/images/mark\.[0-9a-f]{10}\.svg)"))) << svg;
    EXPECT_EQ(assets.url("/static/none.css"), "/static/none.css") << "an unknown asset keeps its name";

    bool immutable = true;
    const Asset* plain = assets.find("/static/site.css", immutable);
    ASSERT_NE(plain, nullptr);
    EXPECT_FALSE(immutable) << "the plain name may change content";
    const Asset* hashed = assets.find(css, immutable);
    ASSERT_EQ(hashed, plain) << "both names are one asset";
    EXPECT_TRUE(immutable);
    EXPECT_NE(hashed->body.find("url(" + svg + ")"), std::string::npos) << "the stylesheet names the hashed image";
    EXPECT_EQ(hashed->content_type, "text/css; charset=utf-8");

    const Asset* init = assets.find(assets.url("/static/init.js"), immutable);
    ASSERT_NE(init, nullptr);
    auto lib = assets.url("/static/lib.js");
    EXPECT_NE(init->body.find("'./" + lib.substr(std::string("/static/").size()) + "'"), std::string::npos)
        << init->body;

    // A changed image renames the image and the stylesheet that shows it, and nothing else.
    write("images/mark.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>");
    auto again = Assets::load(dir);
    EXPECT_NE(again.url("/static/images/mark.svg"), svg);
    EXPECT_NE(again.url("/static/site.css"), css);
    EXPECT_EQ(again.url("/static/init.js"), assets.url("/static/init.js"));
    EXPECT_EQ(again.find(css, immutable), nullptr) << "the old name is gone";
}

TEST_F(AssetsTest, TextIsKeptGzippedAndImagesAsTheyAre)
{
    auto assets = Assets::load(dir);
    bool immutable = false;
    const Asset* css = assets.find("/static/site.css", immutable);
    ASSERT_NE(css, nullptr);
    ASSERT_FALSE(css->gzipped.empty());
    EXPECT_LT(css->gzipped.size(), css->body.size() / 4);
    EXPECT_EQ(gunzip(css->gzipped), css->body);
    const Asset* png = assets.find("/static/images/photo.png", immutable);
    ASSERT_NE(png, nullptr);
    EXPECT_TRUE(png->gzipped.empty());
    EXPECT_EQ(png->content_type, "image/png");
    EXPECT_EQ(png->etag.front(), '"');
    EXPECT_NE(png->etag, css->etag);
}

}  // namespace
}  // namespace trellis::web
