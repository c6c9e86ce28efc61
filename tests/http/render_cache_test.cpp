#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "gunzip.hpp"
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
// of it, and in it, gets the response's masking of the token.
RenderCache::Shell test_shell()
{
    return {Stencil::cut("<title>", "T"), Stencil::cut("</title><head>[T]</head><main>|", "T"),
            Stencil::cut("</main><foot>[T]</foot>", "T")};
}

TEST(RenderCacheTest, APageIsTheShellAroundTheContentWithTheTokenMaskedAfreshForEachResponse)
{
    const std::string token = service::random_token(32);
    auto shell = test_shell();
    auto content = Stencil::cut("<form>T</form><form>T</form>", "T");

    // A mask is a long run of base64url; the rest of the page is the skeleton.
    const std::regex mask_pattern("[A-Za-z0-9_-]{40,}");
    std::set<std::string> responses;
    for (int response = 0; response < 8; ++response) {
        auto page = assemble(shell, "A &amp; B", content, token);
        std::vector<std::string> masks;
        for (std::sregex_iterator it(page.begin(), page.end(), mask_pattern), end; it != end; ++it)
            masks.push_back(it->str());
        std::string skeleton = std::regex_replace(page, mask_pattern, "");
        EXPECT_EQ(skeleton,
                  "<title>A &amp; B</title><head>[]</head><main>|<form></form><form></form></main><foot>[]</foot>");
        ASSERT_EQ(masks.size(), 4U);
        EXPECT_EQ(std::set<std::string>(masks.begin(), masks.end()).size(), 1U) << "one masking a response";
        EXPECT_NE(masks.front(), token);
        EXPECT_TRUE(service::token_matches(masks.front(), token)) << masks.front();
        responses.insert(masks.front());
    }
    EXPECT_EQ(responses.size(), 8U) << "a masking was sent in two responses";

    // Signed out: there is no token, and the holes stay empty.
    EXPECT_EQ(assemble(shell, "A &amp; B", content, ""),
              "<title>A &amp; B</title><head>[]</head><main>|<form></form><form></form></main><foot>[]</foot>");
}

// The gzip stream joined from compressed pieces is the same page, whole and
// valid, with the tokens in stored blocks: they appear in the bytes as sent.
TEST(RenderCacheTest, APageGzippedFromCompressedPiecesInflatesToThePage)
{
    const std::string token = service::random_token(32);
    auto shell = test_shell();
    std::string long_text;
    for (int i = 0; i < 2000; ++i) long_text += "<p class=\"govuk-body\">Goal " + std::to_string(i % 37) + "</p>\n";
    auto content = Stencil::cut("T" + long_text + "<form>T</form>" + long_text + "<form>T</form>T", "T");
    EXPECT_FALSE(content.compressed());
    const auto width = service::masked_size(token.size());
    for (auto* s : {&shell.head, &shell.before, &shell.after, &content}) s->compress(9, width);
    ASSERT_TRUE(content.compressed());

    auto zipped = assemble_gzip(shell, "A &amp; B", content, token);
    auto page = gunzip(zipped);
    ASSERT_FALSE(page.empty()) << "not a valid gzip stream";
    EXPECT_LT(zipped.size(), page.size() / 10);
    const std::regex mask_pattern("[A-Za-z0-9_-]{40,}");
    EXPECT_EQ(std::regex_replace(page, mask_pattern, "M"), "<title>A &amp; B</title><head>[M]</head><main>|M" +
                                                               long_text + "<form>M</form>" + long_text +
                                                               "<form>M</form>M</main><foot>[M]</foot>");
    int masks = 0;
    for (std::sregex_iterator it(page.begin(), page.end(), mask_pattern), end; it != end; ++it, ++masks) {
        EXPECT_TRUE(service::token_matches(it->str(), token));
        EXPECT_NE(zipped.find(it->str()), std::string::npos) << "a token was compressed";
    }
    EXPECT_EQ(masks, 6);

    // Pieces compressed for holes of another width are refused, not corrupted.
    EXPECT_TRUE(assemble_gzip(shell, "A &amp; B", content, "").empty()) << "signed out, the holes would be empty";
    EXPECT_TRUE(assemble_gzip(shell, "A &amp; B", content, token + "x").empty());

    // Compressed for empty holes (signed out), and a content with nothing to fill.
    for (auto* s : {&shell.head, &shell.before, &shell.after, &content}) s->compress(1, 0);
    EXPECT_EQ(gunzip(assemble_gzip(shell, "A &amp; B", content, "")), "<title>A &amp; B</title><head>[]</head><main>|" +
                                                                          long_text + "<form></form>" + long_text +
                                                                          "<form></form></main><foot>[]</foot>");
    // A title longer than one stored block holds.
    const std::string long_title(70000, 't');
    EXPECT_EQ(gunzip(assemble_gzip(shell, long_title, content, "")), assemble(shell, long_title, content, ""));
    auto empty = Stencil::cut("", "T");
    empty.compress(1, 0);
    EXPECT_EQ(gunzip(assemble_gzip(shell, "", empty, "")),
              "<title></title><head>[]</head><main>|</main><foot>[]</foot>");
}

TEST(RenderCacheTest, MarkersAreDrawnAfreshAndNeedNoEscaping)
{
    RenderCache a, b;
    EXPECT_NE(a.csrf_placeholder(), b.csrf_placeholder());
    EXPECT_NE(a.content_marker(), b.content_marker());
    EXPECT_NE(a.csrf_placeholder(), a.content_marker());
    EXPECT_NE(a.title_marker(), a.content_marker());
    for (const auto& marker : {a.csrf_placeholder(), a.content_marker(), a.title_marker()})
        EXPECT_EQ(marker.find_first_of("<>&\"'=/ "), std::string::npos) << marker;
}

}  // namespace
}  // namespace trellis::web
