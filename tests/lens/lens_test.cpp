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

TEST(Lens, AYoungPersonsQuoteIsSetAsideHoweverTheSentenceIsBuilt)
{
    using V = std::vector<std::string>;
    EXPECT_EQ(flagged("\"They treat us like a gang,\" said one girl."), V{});
    EXPECT_EQ(flagged("\"We hang around there,\" a boy replied."), V{});
    EXPECT_EQ(flagged("One young person told us: \"We get moved on.\""), V{});
    EXPECT_EQ(flagged("\"They are a gang,\" the sergeant said."), V{"gang"}) << "a professional's words are read";
    EXPECT_EQ(flagged("\"Stop loitering,\" the guard shouted at them."), V{"hanging-around"})
        << "\"them\" after the verb is who was spoken to, not who spoke";
}

TEST(Lens, EveryQuoteInALongSentenceIsAttributed)
{
    // One sentence of thousands of quotes: each is attributed on its own
    // (the speaker after the last verb decides), and the work grows with the
    // text, not with the text times its quotes.
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "\"a gang\", ";
    auto young = analyser()->analyse(text + "said one girl.");
    ASSERT_TRUE(young);
    EXPECT_EQ(young->young_persons_words.size(), 5000u);
    EXPECT_EQ(young->flagged(), 0);
    auto officer = analyser()->analyse(text + "the officer said.");
    ASSERT_TRUE(officer);
    EXPECT_TRUE(officer->young_persons_words.empty());
    EXPECT_EQ(officer->flagged(), 5000);
}

TEST(Lens, MinimisingLanguageAboutExploitationIsCaught)
{
    using V = std::vector<std::string>;
    EXPECT_EQ(flagged("She is in a relationship with a 24-year-old."), V{"relationship-with-adult"});
    EXPECT_EQ(flagged("Her boyfriend is 19."), V{"relationship-with-adult"});
    EXPECT_EQ(flagged("Her boyfriend is 15. He is 19 next year."), V{}) << "the age must be in the same sentence";
    EXPECT_EQ(flagged("Her boyfriend goes to the same school."), V{});
    EXPECT_EQ(flagged("She was trading sex for a place to stay."), V{"child-sex-work"});
    EXPECT_EQ(flagged("The young people gave consent to the mapping."), V{});
    EXPECT_EQ(flagged("Mum is not engaging with services."), V{"refuses-to-engage"});
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

struct Scores {
    int sentences = 0, right = 0, wrong = 0, missed = 0;
    double precision() const { return double(right) / (right + wrong); }
    double recall() const { return double(right) / (right + missed); }
};

// Scores the lens on a file of labelled sentences: each flagged entry counts
// as right when the label lists it, wrong when it does not; each listed entry
// the lens does not flag is missed.
Scores evaluate(const std::string& file)
{
    std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/tests/lens/" + file);
    EXPECT_TRUE(in.good()) << file;
    Scores s;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto tab = line.find('\t');
        EXPECT_NE(tab, std::string::npos) << line;
        if (tab == std::string::npos) continue;
        std::string sentence = line.substr(0, tab), expected_text = line.substr(tab + 1);
        std::multiset<std::string> expected;
        if (expected_text != "-") {
            std::stringstream ss(expected_text);
            for (std::string id; std::getline(ss, id, ',');) expected.insert(id);
        }
        ++s.sentences;
        for (const auto& id : flagged(sentence)) {
            if (auto at = expected.find(id); at != expected.end()) {
                ++s.right;
                expected.erase(at);
            } else {
                ++s.wrong;
                std::cout << "  wrongly flagged " << id << " in: " << sentence << "\n";
            }
        }
        s.missed += static_cast<int>(expected.size());
        for (const auto& id : expected) std::cout << "  missed " << id << " in: " << sentence << "\n";
    }
    std::cout << "lens evaluation on " << file << ": " << s.sentences << " sentences, precision " << s.precision()
              << ", recall " << s.recall() << " (" << s.right << " right, " << s.wrong << " wrongly flagged, "
              << s.missed << " missed)\n";
    return s;
}

TEST(Lens, EvaluationSetPrecisionAndRecall)
{
    auto s = evaluate("evaluation.tsv");
    RecordProperty("precision", std::to_string(s.precision()));
    RecordProperty("recall", std::to_string(s.recall()));
    EXPECT_GE(s.sentences, 130);
    EXPECT_GE(s.precision(), 0.9);
    EXPECT_GE(s.recall(), 0.9);
}

// The held-out split is only measured, never tuned on: its floor guards
// against a change that makes the lens worse on sentences it has not seen.
TEST(Lens, HeldOutSplitPrecisionAndRecall)
{
    auto s = evaluate("evaluation-held-out.tsv");
    RecordProperty("precision", std::to_string(s.precision()));
    RecordProperty("recall", std::to_string(s.recall()));
    EXPECT_GE(s.sentences, 70);
    EXPECT_GE(s.precision(), 0.75);
    EXPECT_GE(s.recall(), 0.75);
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
