#include <gtest/gtest.h>

#include <fstream>

#include "formats/template_files.hpp"
#include "test_db.hpp"

namespace trellis::formats {
namespace {

TEST(Templates, TheShippedTemplatesLoadWithThreeAreasAndFourQuestions)
{
    auto templates = load_templates(std::string(TRELLIS_SOURCE_DIR) + "/share/templates");
    ASSERT_TRUE(templates.has_value()) << templates.error().message;
    ASSERT_EQ(templates->size(), 4u);
    std::vector<std::string> keys;
    for (const auto& t : *templates) {
        keys.push_back(t.key);
        EXPECT_EQ(t.areas.size(), 3u) << t.key;
        EXPECT_EQ(t.questions[3], "After the response, what has changed and how do you know?") << t.key;
        for (const auto& a : t.areas) EXPECT_FALSE(a.hint.empty()) << t.key << " " << a.name;
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"friendship-and-peer-group", "neighbourhood", "online-space",
                                              "school-or-college"}));
    const auto& peer = templates->front();
    EXPECT_EQ(peer.areas[0].name, "Young People and Peer Groups");
    EXPECT_EQ(peer.areas[1].name, "Environment and Community");
    EXPECT_EQ(peer.areas[2].name, "Guardianship Capacity");
    EXPECT_EQ(peer.context_kind, ContextKind::PeerGroup);
}

TEST(Templates, ABrokenTemplateIsRefusedByName)
{
    auto dir = testing::temp_folder("trellis-templates");
    std::ofstream(dir / "good.json") << R"({"name":"Good","questions":{"scoping":"a","measuring":"b","action":"c",
        "outcome":"d"},"areas":[{"name":"One"}]})";
    std::ofstream(dir / "twice.json") << R"({"name":"Twice","questions":{"scoping":"a","measuring":"b","action":"c",
        "outcome":"d"},"areas":[{"name":"One"},{"name":"ONE"}]})";
    auto r = load_templates(dir);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("Template \"twice\""), std::string::npos) << r.error().message;
    std::filesystem::remove(dir / "twice.json");
    std::ofstream(dir / "noquestion.json") << R"({"name":"N","questions":{"scoping":"a"},"areas":[{"name":"One"}]})";
    r = load_templates(dir);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("Measuring question is missing"), std::string::npos) << r.error().message;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace trellis::formats
