#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "domain/text.hpp"
#include "formats/framework_text.hpp"

namespace trellis::formats {
namespace {

// A framework written for these tests in the layout of a Word table saved as
// plain text: cells start on a tab, with runs of blank and no-break-space lines.
std::string fixture_path()
{
    return std::string(TRELLIS_SOURCE_DIR) + "/tests/fixtures/outcomes-framework-riverside.txt";
}

// The published exemplar the layout comes from, when TRELLIS_SEED names a copy
// of it; its test is skipped otherwise (the repository does not hold it).
std::string exemplar_path()
{
    const char* env = std::getenv("TRELLIS_SEED");
    return env ? env : "";
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Words of a text, splitting on ASCII space and the no-break spaces a Word dump
// holds; written independently of the parser's own normalisation.
std::vector<std::string> words(std::string s)
{
    for (const char* nbsp : {"\xC2\xA0", "\xE2\x80\xAF"})
        for (std::size_t pos; (pos = s.find(nbsp)) != std::string::npos;) s.replace(pos, std::strlen(nbsp), " ");
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

int paragraphs(const std::string& s)
{
    int n = s.empty() ? 0 : 1;
    for (std::size_t pos = 0; (pos = s.find("\n\n", pos)) != std::string::npos; pos += 2) ++n;
    return n;
}

struct ExpectedStage {
    const char* starts;
    const char* ends;
    int paragraphs;
};

// Nothing lost, nothing added: every word of the table body, in order.
void expect_every_word(const std::string& seed, const Framework& f)
{
    auto body_start = seed.find("\t" + f.areas.at(0).name);
    ASSERT_NE(body_start, std::string::npos);
    std::string rebuilt;
    for (const auto& area : f.areas) {
        rebuilt += area.name + "\n";
        for (const auto& goal : area.goals) {
            rebuilt += goal.statement + "\n";
            for (auto s : kStages) rebuilt += goal.stage(s).text + "\n";
        }
    }
    EXPECT_EQ(words(rebuilt), words(seed.substr(body_start)));
}

void expect_stage(const Goal& goal, Stage s, const ExpectedStage& e)
{
    const auto& text = goal.stage(s).text;
    SCOPED_TRACE(testing::Message() << goal.statement.substr(0, 40) << " / " << to_string(s));
    EXPECT_TRUE(text.starts_with(e.starts)) << text.substr(0, 80);
    EXPECT_TRUE(text.ends_with(e.ends)) << text.substr(text.size() > 80 ? text.size() - 80 : 0);
    EXPECT_EQ(paragraphs(text), e.paragraphs);
}

TEST(ExemplarImport, ReadsEveryAreaGoalAndStageOfTheFixture)
{
    std::string seed = read_file(fixture_path());
    ASSERT_FALSE(seed.empty()) << "fixture not found at " << fixture_path();
    auto parsed = parse_framework_text(seed);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    const Framework& f = *parsed;
    EXPECT_EQ(f.title, "Outcomes framework: Riverside estate friendship group");
    EXPECT_EQ(f.questions[1], "What will have changed for you to know that the goal is reached?");
    ASSERT_EQ(f.areas.size(), 3u);
    EXPECT_EQ(f.areas[0].name, "Young People and Peer Groups");
    EXPECT_EQ(f.areas[2].name, "Guardianship Capacity");
    ASSERT_EQ(f.areas[0].goals.size(), 2u) << "an empty area cell continues the area above";
    ASSERT_EQ(f.areas[1].goals.size(), 1u);
    ASSERT_EQ(f.areas[2].goals.size(), 1u);
    const auto& trust = f.areas[0].goals[0];
    EXPECT_EQ(trust.statement,
              "Young people in the group name adults on the estate they trust and who they feel respected by");
    expect_stage(trust, Stage::Scoping, {"Detached youth workers met the group", "both family members.", 1});
    expect_stage(trust, Stage::Action, {"Youth workers will keep meeting", "compare the two.", 2});
    expect_stage(trust, Stage::Outcome, {"At the follow-up", "says hello by name.", 2});
    const auto& underpass = f.areas[0].goals[1];
    expect_stage(underpass, Stage::Measuring,
                 {"We will know we have reached this goal when the underpass", "in the follow-up mapping.", 1});
    EXPECT_TRUE(underpass.stage(Stage::Action).text.empty()) << "an empty cell is a stage not yet written";
    EXPECT_TRUE(underpass.stage(Stage::Outcome).text.empty());
    expect_stage(f.areas[1].goals[0], Stage::Action, {"The leisure centre will open", "sessions to offer.", 3});
    expect_stage(f.areas[2].goals[0], Stage::Outcome, {"In the last quarter", "rather than as a risk.", 1});
    expect_every_word(seed, f);
}

TEST(ExemplarImport, ReadsEveryAreaGoalAndStageOfThePublishedExemplarWhenPresent)
{
    if (exemplar_path().empty()) GTEST_SKIP() << "set TRELLIS_SEED to a copy of the published exemplar to check it";
    std::string seed = read_file(exemplar_path());
    ASSERT_FALSE(seed.empty()) << "TRELLIS_SEED names " << exemplar_path() << ", which cannot be read";
    auto parsed = parse_framework_text(seed);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    const Framework& f = *parsed;

    EXPECT_EQ(f.title, "Outcomes framework: friendships and peer exemplar");
    EXPECT_EQ(f.questions[0], "How have you have identified this goal?");
    EXPECT_EQ(f.questions[3], "After the response, what has changed and how do you know?");
    ASSERT_EQ(f.areas.size(), 3u);
    EXPECT_EQ(f.areas[0].name, "Young People and Peer Groups");
    EXPECT_EQ(f.areas[1].name, "Environment and Community");
    EXPECT_EQ(f.areas[2].name, "Guardianship Capacity");
    for (const auto& a : f.areas) ASSERT_EQ(a.goals.size(), 1u);
    EXPECT_EQ(f.areas[0].goals[0].statement,
              "Young people have positive relationships with adults (residents, workers, etc.) in the context and "
              "know that these adults like them");
    EXPECT_EQ(f.areas[1].goals[0].statement,
              "Young people have access to resources in the area that supports their wellbeing (including fun and "
              "friendship)");
    EXPECT_EQ(f.areas[2].goals[0].statement,
              "Partners deliver responses that are welfare-led and resist those that criminalise, blame, or seek only "
              "to alter young people\xE2\x80\x99s behaviour");

    // Each cell landed in the right stage: its first and last words, its paragraphs.
    const ExpectedStage expected[3][4] = {
        {{"We spent time with the group of friends in the park", "sports teachers at their college.", 1},
         {"We will know we have reached this goal when young people tell us that there are adults",
          "relationships in their community.", 1},
         {"Detached youth workers will continue", "shift the experiences of young people.", 2},
         {"During follow-up", "skateboarding space in the park.", 2}},
        {{"We spent time in Westside Park", "activities they enjoyed together.", 1},
         {"We will know we have reached this goal when young people tell us that they have safe places",
          "supportive local resources.", 1},
         {"Alongside the direct work with young people, we will attend", "safety, belonging and wellbeing.", 3},
         {"The young people now report", "available locally for the group.", 1}},
        {{"We held multi-agency discussions", "within professional responses.", 1},
         {"We will know we have reached this goal when young people and parents report",
          "harm (and not just as the group causing concern).", 1},
         {"We are planning several responses", "the peer group and their families.", 3},
         {"Professionals across the partnership are now", "dispersal activity around the park.", 1}},
    };
    for (std::size_t a = 0; a < 3; ++a) {
        for (auto s : kStages) {
            expect_stage(f.areas[a].goals[0], s, expected[a][index(s)]);
            EXPECT_EQ(f.areas[a].goals[0].stage(s).version, 1);
        }
    }
    expect_every_word(seed, f);
}

// A table as Word would dump it; `rows` are six cells each.
std::string table(const std::vector<std::vector<std::string>>& rows, bool header = true)
{
    std::string out = "  My framework\n\n";
    if (header) {
        out += "\tArea of focus\n\tGoal statements\n\n";
        out += "\t1. After scoping: Why this goal?\n\t2. Measuring: How will we know?\n";
        out += "\t3. Action: What will we do?\n\t4. Outcome: What changed?\n\n";
    }
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += (i == 0 || i == 2) ? "\t" + row[i] + "\n" : "\t\n" + row[i] + "\n\n\n\xC2\xA0\n";
        }
    }
    return out;
}

TEST(ExemplarImport, MoreGoalsPerAreaFromMergedAreaCells)
{
    auto text = table({{"Peers", "Goal one", "s1", "m1", "a1", "o1"},
                       {"", "Goal two", "s2", "m2", "a2", "o2"},
                       {"Place", "Goal three", "s3", "m3", "a3", "o3"},
                       {"", "Goal four", "s4", "m4", "a4", "o4"}});
    auto f = parse_framework_text(text);
    ASSERT_TRUE(f.has_value()) << f.error().message;
    ASSERT_EQ(f->areas.size(), 2u);
    ASSERT_EQ(f->areas[0].goals.size(), 2u);
    ASSERT_EQ(f->areas[1].goals.size(), 2u);
    EXPECT_EQ(f->areas[1].goals[1].statement, "Goal four");
    EXPECT_EQ(f->areas[1].goals[1].stage(Stage::Outcome).text, "o4");
    EXPECT_EQ(f->questions[1], "How will we know?");
    EXPECT_EQ(f->title, "My framework");
}

TEST(ExemplarImport, RepeatedAreaNameContinuesThatArea)
{
    auto f = parse_framework_text(
        table({{"Online Spaces", "G1", "s", "m", "a", "o"}, {"online spaces", "G2", "s", "m", "a", "o"}}));
    ASSERT_TRUE(f.has_value()) << f.error().message;
    ASSERT_EQ(f->areas.size(), 1u);
    EXPECT_EQ(f->areas[0].goals.size(), 2u);
}

TEST(ExemplarImport, AnEmptyStageCellIsAStageNotYetWritten)
{
    auto f = parse_framework_text(table({{"Peers", "Goal one", "scoped", "measured", "", ""}}));
    ASSERT_TRUE(f.has_value()) << f.error().message;
    const auto& g = f->areas[0].goals[0];
    EXPECT_TRUE(g.stage(Stage::Measuring).written());
    EXPECT_FALSE(g.stage(Stage::Action).written());
    EXPECT_FALSE(g.stage(Stage::Outcome).written());
}

TEST(ExemplarImport, WithoutAHeaderRowTheDefaultQuestionsApply)
{
    auto f = parse_framework_text(table({{"Peers", "Goal", "s", "m", "a", "o"}}, false));
    ASSERT_TRUE(f.has_value()) << f.error().message;
    EXPECT_EQ(f->questions, default_stage_questions());
}

TEST(ExemplarImport, WindowsLineEndingsAndByteOrderMark)
{
    std::string text = "\xEF\xBB\xBF" + table({{"Peers", "Goal", "s", "m", "a", "o"}});
    std::string crlf;
    for (char c : text) crlf += (c == '\n') ? std::string("\r\n") : std::string(1, c);
    auto f = parse_framework_text(crlf);
    ASSERT_TRUE(f.has_value()) << f.error().message;
    EXPECT_EQ(f->areas[0].goals[0].stage(Stage::Outcome).text, "o");
}

TEST(ExemplarImport, AMissingCellFailsNamingTheLineAndWhatWasExpected)
{
    auto text = table({{"Peers", "Goal one", "s1", "m1", "a1", "o1"}, {"", "Goal two", "s2", "m2"}});
    auto f = parse_framework_text(text);
    ASSERT_FALSE(f.has_value());
    EXPECT_TRUE(f.error().message.starts_with("line ")) << f.error().message;
    EXPECT_NE(f.error().message.find("has 4 of its 6 cells; expected the Action cell"), std::string::npos)
        << f.error().message;
}

TEST(ExemplarImport, ACellMissingMidTableFailsRatherThanShiftingSilently)
{
    // The first row lost its goal statement cell, so every later cell sits one
    // column to the left; the import must fail, not file texts under wrong stages.
    std::string long_text(300, 'x');
    auto text = table(
        {{"Peers", long_text, long_text, long_text, long_text, long_text}, {"", "Goal two", "s2", "m2", "a2", "o2"}});
    auto pos = text.find("\t\n" + long_text);  // the goal statement cell
    text.erase(pos, 2 + long_text.size());
    auto f = parse_framework_text(text);
    ASSERT_FALSE(f.has_value());
    EXPECT_NE(f.error().message.find("line "), std::string::npos);
    EXPECT_NE(f.error().message.find("expected"), std::string::npos) << f.error().message;
}

TEST(ExemplarImport, RefusesFilesWithNoCellsOrNoRowsOrBrokenText)
{
    auto none = parse_framework_text("Just a title\nand some prose\n");
    ASSERT_FALSE(none.has_value());
    EXPECT_NE(none.error().message.find("no table cells found"), std::string::npos);

    auto header_only = parse_framework_text(table({}));
    ASSERT_FALSE(header_only.has_value());
    EXPECT_NE(header_only.error().message.find("expected at least one row"), std::string::npos);

    auto broken = parse_framework_text("title\n\tArea\n\tGoal \xFF\n");
    ASSERT_FALSE(broken.has_value());
    EXPECT_TRUE(broken.error().message.starts_with("line 3: the file is not UTF-8")) << broken.error().message;
}

TEST(ExemplarImport, HeaderQuestionsOutOfOrderAreRefused)
{
    std::string text =
        "\tArea of focus\n\tGoal statements\n\t1. Measuring: q\n\t2. Scoping: q\n\t3. Action: q\n\t4. Outcome: q\n"
        "\tPeers\n\tGoal\n\ts\n\tm\n\ta\n\to\n";
    auto f = parse_framework_text(text);
    ASSERT_FALSE(f.has_value());
    EXPECT_EQ(f.error().message, "line 3: expected the Scoping question in the header, found the Measuring question.");
}

}  // namespace
}  // namespace trellis::formats
