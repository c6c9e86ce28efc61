#include <gtest/gtest.h>

#include "formats/framework_json.hpp"

namespace trellis::formats {
namespace {

FrameworkDocument sample()
{
    FrameworkDocument doc;
    Framework& f = doc.framework;
    f.title = "Park group";
    f.status = FrameworkStatus::InReview;
    f.start_date = "2026-01-05";
    f.next_review_date = "2026-07-05";
    f.template_key = "friendship-and-peer-group";
    f.created_at = "2026-01-05T10:00:00.000000Z";
    f.questions[2] = "What will you do?";
    Goal g;
    g.statement = "Young people feel safe in the park";
    g.status = GoalStatus::PartlyReached;
    g.stage(Stage::Scoping) = {"Latest scoping.\n\nSecond paragraph.", UserId{3}, "Sam", "2026-02-01T09:00:00.000000Z",
                               3};
    g.earlier_versions[0] = {{"First", UserId{3}, "Sam", "2026-01-06T09:00:00.000000Z", 1},
                             {"Second", std::nullopt, "Former worker", "2026-01-07T09:00:00.000000Z", 2}};
    g.stage(Stage::Outcome) = {"Outcome \"quoted\" <b>", std::nullopt, "", "", 1};
    f.areas = {{AreaId{}, "Environment and Community", {g}}, {AreaId{}, "Empty area", {}}};
    Context c;
    c.name = "Hollins Park";
    c.kind = ContextKind::Place;
    c.description = "A park.";
    doc.context = c;
    doc.owner_email = "lead@example.org";
    return doc;
}

std::string email_of(UserId id)
{
    return id == UserId{3} ? "sam@example.org" : "";
}
std::optional<UserId> by_email(std::string_view e)
{
    return e == "sam@example.org" ? std::optional{UserId{3}} : std::nullopt;
}

TEST(FrameworkJson, RoundTripsWithoutLoss)
{
    auto first = to_json(sample(), email_of).dump(2);
    auto back = from_json(first, by_email);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(to_json(*back, email_of).dump(2), first);
    const auto& g = back->framework.areas[0].goals[0];
    ASSERT_EQ(g.earlier_versions[0].size(), 2u);
    EXPECT_EQ(g.earlier_versions[0][1].author_label, "Former worker");
    EXPECT_EQ(g.stage(Stage::Scoping).author, UserId{3});
    EXPECT_EQ(back->framework.status, FrameworkStatus::InReview);
    EXPECT_EQ(back->context->kind, ContextKind::Place);
}

TEST(FrameworkJson, ErrorsNameThePath)
{
    auto j = to_json(sample(), email_of);
    j["areas"][0]["goals"][0]["statement"] = 42;
    auto r = from_json(j.dump(), by_email);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "$.areas[0].goals[0].statement: expected text.");

    j = to_json(sample(), email_of);
    j["areas"][0]["goals"][0]["status"] = "done";
    r = from_json(j.dump(), by_email);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("\"done\" is not a goal status"), std::string::npos);

    j = to_json(sample(), email_of);
    j["areas"][0]["goals"][0]["stages"]["scoping"]["earlier_versions"][1]["version"] = 7;
    r = from_json(j.dump(), by_email);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("earlier versions must count up"), std::string::npos);
}

TEST(FrameworkJson, RefusesWhatIsNotAFramework)
{
    EXPECT_EQ(from_json("{not json", by_email).error().message, "The file is not valid JSON.");
    EXPECT_FALSE(from_json("[]", by_email).has_value());
    EXPECT_NE(from_json(R"({"format":"other","title":"x","areas":[]})", by_email).error().message.find("$.format"),
              std::string::npos);
    EXPECT_NE(from_json(R"({"title":"x"})", by_email).error().message.find("\"areas\" is missing"), std::string::npos);
}

TEST(FrameworkJson, ValidationAppliesToImportedDocuments)
{
    auto j = to_json(sample(), email_of);
    j["areas"][1]["name"] = "environment and community";
    auto r = from_json(j.dump(), by_email);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("Two areas of focus"), std::string::npos);
}

}  // namespace
}  // namespace trellis::formats
