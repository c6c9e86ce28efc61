#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "service/passwords.hpp"
#include "web/render_cache.hpp"

namespace trellis::web {
namespace {

TEST(RenderCacheTest, AStencilKeepsTheTextAndWhereEachPlaceholderStood)
{
    auto s = Stencil::cut("<a>PH</a>PHPH<b>", "PH");
    EXPECT_EQ(s.text, "<a></a><b>");
    EXPECT_EQ(s.holes, (std::vector<std::size_t>{3, 7, 7}));

    auto none = Stencil::cut("no placeholder", "PH");
    EXPECT_EQ(none.text, "no placeholder");
    EXPECT_TRUE(none.holes.empty());
}

// The content goes in at its place in the shell, and every hole on either side
// of it, and in it, gets its own masking of the token.
TEST(RenderCacheTest, APageIsTheShellAroundTheContentWithEachTokenMaskedAfresh)
{
    const std::string token = service::random_token(32);
    RenderCache::Shell shell{Stencil::cut("<head>[T]</head><main>|</main><foot>[T]</foot>", "T"), 0};
    shell.content_at = shell.text.text.find('|') + 1;
    auto content = Stencil::cut("<form>T</form><form>T</form>", "T");

    auto page = assemble(shell, content, token);
    // A mask is a long run of base64url; the rest of the page is the skeleton.
    const std::regex mask_pattern("[A-Za-z0-9_-]{40,}");
    std::vector<std::string> masks;
    for (std::sregex_iterator it(page.begin(), page.end(), mask_pattern), end; it != end; ++it)
        masks.push_back(it->str());
    std::string skeleton = std::regex_replace(page, mask_pattern, "");
    EXPECT_EQ(skeleton, "<head>[]</head><main>|<form></form><form></form></main><foot>[]</foot>");
    ASSERT_EQ(masks.size(), 4U);
    std::set<std::string> distinct(masks.begin(), masks.end());
    EXPECT_EQ(distinct.size(), 4U) << "a mask was used twice";
    for (const auto& mask : masks) {
        EXPECT_NE(mask, token);
        EXPECT_TRUE(service::token_matches(mask, token)) << mask;
    }

    // Signed out: there is no token, and the holes stay empty.
    EXPECT_EQ(assemble(shell, content, ""), "<head>[]</head><main>|<form></form><form></form></main><foot>[]</foot>");
}

TEST(RenderCacheTest, MarkersAreDrawnAfreshAndNeedNoEscaping)
{
    RenderCache a, b;
    EXPECT_NE(a.csrf_placeholder(), b.csrf_placeholder());
    EXPECT_NE(a.content_marker(), b.content_marker());
    EXPECT_NE(a.csrf_placeholder(), a.content_marker());
    for (const auto& marker : {a.csrf_placeholder(), a.content_marker()})
        EXPECT_EQ(marker.find_first_of("<>&\"'=/ "), std::string::npos) << marker;
}

}  // namespace
}  // namespace trellis::web
