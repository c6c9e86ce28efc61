#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "docx_fixture.hpp"
#include "formats/docx_text.hpp"
#include "lens/analyser.hpp"
#include "service/lens.hpp"

namespace trellis::lens {
namespace {

std::shared_ptr<const Analyser> analyser()
{
    static auto a = [] {
        auto built = service::load_lens(std::string(TRELLIS_SOURCE_DIR) + "/share");
        if (!built) throw std::runtime_error(built.error().message);
        return *built;
    }();
    return a;
}

std::vector<std::string> flagged(std::string_view text, Voice voice = Voice::Professional)
{
    auto a = analyser()->analyse(text, voice);
    EXPECT_TRUE(a.has_value());
    std::vector<std::string> out;
    for (const auto& m : a->matches)
        if (m.entry->tier != Tier::Preferred && !m.in_young_persons_words) out.push_back(m.entry->id);
    return out;
}

TEST(Lexicon, PhrasesCompileToWordBoundedPatterns)
{
    EXPECT_EQ(*phrase_to_regex("anti-social"), "\\banti[\\s\\-]*social\\b");
    EXPECT_EQ(*phrase_to_regex("{put,puts} at risk"), "\\b(?:put|puts)[\\s\\-]+at[\\s\\-]+risk\\b");
    EXPECT_FALSE(phrase_to_regex("a.*b").has_value());
    EXPECT_EQ(phrase_spellings("{keeps,keep} going missing"),
              (std::vector<std::string>{"keeps going missing", "keep going missing"}));
}

TEST(Lexicon, BrokenEntriesAreRefusedByName)
{
    auto r = parse_lexicon(R"({"entries":[{"id":"x","phrases":["ok"],"tier":"avoid","category":"c"}]})");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "Lexicon entry \"x\": \"alternative\" is missing.");
    r = parse_lexicon(R"({"entries":[{"id":"y","phrases":["a+b"],"tier":"avoid","category":"c","alternative":"d"}]})");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("Lexicon entry \"y\""), std::string::npos);
    r = parse_lexicon(R"({"entries":[{"id":"z","phrases":["a"],"tier":"often","category":"c","alternative":"d"}]})");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("\"tier\""), std::string::npos);
}

TEST(Lens, InflectionsPronounsCaseHyphensAndLineBreaks)
{
    for (const char* text : {"was putting himself at risk", "PUT HERSELF AT RISK", "puts themselves\nat\r\nrisk",
                             "putting\xC2\xA0themselves at risk"})
        EXPECT_EQ(flagged(text), std::vector<std::string>{"putting-themselves-at-risk"}) << text;
    for (const char* text : {"anti-social", "antisocial", "anti social", "Anti-\nsocial"})
        EXPECT_EQ(flagged(text), std::vector<std::string>{"anti-social"}) << text;
    EXPECT_TRUE(flagged("the gangway and the gangster film").empty()) << "whole words only";
    EXPECT_EQ(flagged("she keeps going missing"), std::vector<std::string>{"keeps-going-missing"});
    EXPECT_EQ(flagged("they\xE2\x80\x99re \xE2\x80\x9Cgang\xE2\x80\x9D members, the police said"),
              std::vector<std::string>{"gang"})
        << "the police are the speaker, named after the quote";
}

TEST(Lens, YoungPeoplesWordsAreShownButNotScored)
{
    auto a = analyser()->analyse(
        "Young people said the police \xE2\x80\x9Cmove us on\xE2\x80\x9D. One boy told us "
        "\xE2\x80\x9Cthey think we're a gang\xE2\x80\x9D.");
    ASSERT_TRUE(a.has_value());
    ASSERT_EQ(a->matches.size(), 2u);
    EXPECT_TRUE(a->matches[0].in_young_persons_words);
    EXPECT_TRUE(a->matches[1].in_young_persons_words);
    EXPECT_EQ(a->flagged(), 0);
    EXPECT_FALSE(a->welfare_share().has_value());

    auto police = analyser()->analyse("Police described the group as \"a gang\".");
    ASSERT_TRUE(police.has_value());
    EXPECT_EQ(police->caution, 1) << "a professional's words in quotes are still professional framing";

    auto whole = analyser()->analyse("we are a gang and they move us on", Voice::YoungPerson);
    ASSERT_TRUE(whole.has_value());
    EXPECT_EQ(whole->matches.size(), 2u);
    EXPECT_EQ(whole->flagged(), 0);
}

TEST(Lens, TheScoreIsTheShareOfWelfareLedFraming)
{
    auto a = analyser()->analyse("The youths are a nuisance. We focus on their safety and the harm they face.");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->avoid, 1);
    EXPECT_EQ(a->caution, 1);
    EXPECT_EQ(a->preferred, 2);
    EXPECT_DOUBLE_EQ(*a->welfare_share(), 0.5);
    EXPECT_FALSE(analyser()->analyse("\xC3").has_value()) << "not UTF-8";
}

TEST(Lens, EvaluationSetPrecisionAndRecall)
{
    std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/tests/lens/evaluation.tsv");
    ASSERT_TRUE(in.good());
    int true_positive = 0, false_positive = 0, false_negative = 0, sentences = 0, welfare_sentences_flagged = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto tab = line.find('\t');
        ASSERT_NE(tab, std::string::npos) << line;
        std::string sentence = line.substr(0, tab), expected_text = line.substr(tab + 1);
        std::multiset<std::string> expected, got;
        if (expected_text != "-") {
            std::stringstream ss(expected_text);
            for (std::string id; std::getline(ss, id, ',');) expected.insert(id);
        }
        for (const auto& id : flagged(sentence)) got.insert(id);
        ++sentences;
        for (const auto& id : got) {
            if (expected.count(id) > 0) {
                ++true_positive;
                expected.erase(expected.find(id));
            } else {
                ++false_positive;
                std::cout << "  wrongly flagged " << id << " in: " << sentence << "\n";
            }
        }
        false_negative += static_cast<int>(expected.size());
        for (const auto& id : expected) std::cout << "  missed " << id << " in: " << sentence << "\n";
        if (expected_text == "-" && !got.empty()) ++welfare_sentences_flagged;
    }
    double precision = double(true_positive) / (true_positive + false_positive);
    double recall = double(true_positive) / (true_positive + false_negative);
    std::cout << "lens evaluation: " << sentences << " sentences, precision " << precision << ", recall " << recall
              << " (" << true_positive << " right, " << false_positive << " wrongly flagged, " << false_negative
              << " missed)\n";
    RecordProperty("precision", std::to_string(precision));
    RecordProperty("recall", std::to_string(recall));
    EXPECT_GE(precision, 0.9);
    EXPECT_GE(recall, 0.9);
}

TEST(Docx, TextComesOutParagraphByParagraph)
{
    auto docx = testing::make_docx_body(
        R"(<w:p><w:r><w:t xml:space="preserve">She keeps going </w:t></w:r><w:r><w:t>missing.</w:t></w:r></w:p>)"
        R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A table cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)"
        R"(<w:p><w:r><w:delText>deleted</w:delText><w:t>Kept</w:t></w:r></w:p>)");
    auto text = formats::docx_text(docx);
    ASSERT_TRUE(text.has_value()) << text.error().message;
    EXPECT_EQ(*text, "She keeps going missing.\nA table cell\nKept\n");
    EXPECT_FALSE(formats::docx_text("plain text").has_value());
    EXPECT_NE(formats::docx_text("PK\x03\x04garbage").error().message.find("not a Word document"), std::string::npos);
}

}  // namespace
}  // namespace trellis::lens
