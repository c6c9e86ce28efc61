// The PDF export, read back with poppler's pdftotext and pdffonts (installed
// by `make test`): every word of every stage in order, the header row and a
// page number on every page, and every font embedded.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "formats/framework_pdf.hpp"
#include "test_db.hpp"

namespace trellis::formats {
namespace {

std::string run(const std::string& command)
{
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, p)) > 0;) out.append(buffer, n);
    pclose(p);
    return out;
}

std::vector<std::string> words(const std::string& s)
{
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Every word of `expected`, in order, within the words of `text`.
bool in_order(const std::vector<std::string>& text, const std::vector<std::string>& expected, std::string& missing)
{
    std::size_t at = 0;
    for (const auto& w : expected) {
        while (at < text.size() && text[at] != w) ++at;
        if (at == text.size()) {
            missing = w;
            return false;
        }
        ++at;
    }
    return true;
}

// A framework of `goals` goals whose stage texts are made of words used once
// each ("g3s2w41"), long enough that rows run over several pages.
Framework numbered(int goals, int words_per_stage)
{
    Framework f;
    f.title = "Fifty goals";
    f.areas = {{AreaId{1}, "Peers", {}}, {AreaId{2}, "Places", {}}, {AreaId{3}, "Guardians", {}}};
    for (int g = 0; g < goals; ++g) {
        Goal goal;
        goal.id = GoalId{g + 1};
        goal.statement = fmt::format("Goal g{} statement", g);
        for (auto s : kStages) {
            std::string text;
            for (int w = 0; w < words_per_stage; ++w)
                text += fmt::format("{}g{}s{}w{}", w == 0 ? "" : (w % 60 == 0 ? "\n\n" : " "), g, index(s), w);
            goal.stage(s) = {text, {}, "", "", 1};
        }
        f.areas[static_cast<std::size_t>(g % 3)].goals.push_back(goal);
    }
    return f;
}

struct Pdf {
    std::string path;
    int pages = 0;
    std::vector<std::string> page_text;
};

Pdf write(const ExportInput& in, const std::string& name)
{
    auto bytes = to_pdf(in, "2026-11-26");
    EXPECT_TRUE(bytes.has_value()) << (bytes ? "" : bytes.error().message);
    Pdf pdf;
    static const auto folder = testing::temp_folder("trellis-pdf");
    pdf.path = (folder / name).string();
    std::ofstream(pdf.path, std::ios::binary) << bytes.value_or("");
    std::smatch m;
    auto info = run("pdfinfo '" + pdf.path + "' 2>&1");
    if (std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)"))) pdf.pages = std::stoi(m[1]);
    // pdftotext ends each page with a form feed: one run reads them all.
    auto text = run("pdftotext -raw '" + pdf.path + "' - 2>&1");
    for (std::size_t start = 0, end; (end = text.find('\f', start)) != std::string::npos; start = end + 1)
        pdf.page_text.push_back(text.substr(start, end - start));
    EXPECT_EQ(static_cast<int>(pdf.page_text.size()), pdf.pages) << "one form feed a page";
    return pdf;
}

TEST(FrameworkPdf, PopplerIsInstalled)
{
    ASSERT_NE(run("pdftotext -v 2>&1").find("pdftotext"), std::string::npos)
        << "pdftotext (poppler-utils) is needed: scripts/install-deps --test";
}

TEST(FrameworkPdf, LongRowsContinueOnTheNextPageWithoutLosingALine)
{
    auto f = numbered(50, 450);
    std::vector<Action> actions;
    auto pdf = write({f, "Hollins Park", actions}, "fifty.pdf");
    ASSERT_GT(pdf.pages, 90);
    std::vector<std::string> all;
    for (int i = 0; i < pdf.pages; ++i) {
        const auto& t = pdf.page_text[static_cast<std::size_t>(i)];
        EXPECT_NE(t.find("1. Scoping:"), std::string::npos) << "header row on page " << i + 1;
        EXPECT_NE(t.find("4. Outcome:"), std::string::npos) << "header row on page " << i + 1;
        EXPECT_NE(t.find(fmt::format("Page {} of {}", i + 1, pdf.pages)), std::string::npos) << "page " << i + 1;
        for (auto& w : words(t)) all.push_back(w);
    }
    // Each cell's words are drawn in order, so a lost or repeated line shows as
    // a missing word or one out of order.
    for (const auto& area : f.areas)
        for (const auto& g : area.goals)
            for (auto s : kStages) {
                std::string missing;
                EXPECT_TRUE(in_order(all, words(g.stage(s).text), missing))
                    << g.statement << " " << label(s) << ": missing " << missing;
            }
    EXPECT_GT(std::count(all.begin(), all.end(), "continued:"), 40) << "rows were split across pages";
    for (int w = 0; w < 450; ++w)
        EXPECT_EQ(std::count(all.begin(), all.end(), fmt::format("g7s2w{}", w)), 1) << "word " << w << " once";
    auto fonts = run("pdffonts '" + pdf.path + "'");
    EXPECT_NE(fonts.find("TrueType"), std::string::npos) << fonts;
    std::istringstream lines(fonts);
    int font_rows = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("name") || line.starts_with("---") || line.empty()) continue;
        ++font_rows;
        EXPECT_NE(line.find(" yes "), std::string::npos) << "font not embedded: " << line;
    }
    EXPECT_GT(font_rows, 0);
}

TEST(FrameworkPdf, IndicatorsActionsRatingsAndEvidenceAreIncluded)
{
    auto f = numbered(2, 30);
    Action a;
    a.goal = GoalId{1};
    a.what = "Detached youth work on Fridays";
    a.owner_agency_name = "Youth service";
    std::vector<Action> actions = {a};
    Indicator i;
    i.goal = GoalId{1};
    i.name = "Trusted adults per young person";
    i.baseline = 0.6;
    i.baseline_date = "2026-03-01";
    i.target = 2;
    i.measurements = {{0, "2026-09-01", 2.4, "", {}}};
    ExportInput in{f,
                   "Hollins Park",
                   actions,
                   {i},
                   {{GoalId{1}, OutcomeRating::Reached, "Doubled at follow-up."}},
                   {{GoalId{1}, Stage::Outcome, "2026-09-16, Observation: seen at the leisure centre."}}};
    auto pdf = write(in, "extras.pdf");
    std::string all;
    for (const auto& t : pdf.page_text) all += t;
    std::string flat = std::regex_replace(all, std::regex("\\s+"), " ");
    for (const char* expected : {"Detached youth work on Fridays", "Trusted adults per young person: 0.6 → 2.4",
                                 "Outcome: Reached.", "seen at the leisure centre", "Measured change"})
        EXPECT_NE(flat.find(expected), std::string::npos) << expected;

    // A tagged PDF: headings, the table with header cells, paragraphs and the
    // chart as a figure with alternative text, in reading order, in British English.
    auto tree = run("pdfinfo -struct-text '" + pdf.path + "' 2>&1");
    std::vector<std::string> order;
    for (const char* element : {"Document", "H1 (block)", "\"Fifty goals\"", "P (block)", "Table (block)", "TH",
                                "\"Goal statement\"", "TD", "H2 (block)", "\"Measured change\"", "Figure"}) {
        auto at = tree.find(element, order.empty() ? 0 : tree.find(order.back()));
        EXPECT_NE(at, std::string::npos) << element << " in reading order:\n" << tree.substr(0, 2000);
        order.emplace_back(element);
    }
    std::ifstream file(pdf.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_NE(bytes.find("/Lang (en-GB)"), std::string::npos);
    EXPECT_NE(bytes.find("/Marked true"), std::string::npos);
    EXPECT_NE(bytes.find("/Alt (Line chart of Trusted adults per young person, measured once, on 1 September 2026. "
                         "Baseline 0.6. Latest 2.4. Target 2. Target reached.)"),
              std::string::npos);

    in.evidence.clear();
    in.partner_safe = true;
    auto safe = write(in, "partner.pdf");
    std::string safe_text;
    for (const auto& t : safe.page_text) safe_text += t;
    EXPECT_EQ(safe_text.find("leisure centre"), std::string::npos);
    EXPECT_NE(std::regex_replace(safe_text, std::regex("\\s+"), " ").find("Partner-safe copy"), std::string::npos);
}

}  // namespace
}  // namespace trellis::formats
