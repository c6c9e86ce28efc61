#include <gtest/gtest.h>

#include "domain/context.hpp"
#include "domain/framework.hpp"
#include "domain/template.hpp"
#include "domain/user.hpp"

namespace trellis {
namespace {

Framework sample()
{
    Framework f;
    f.title = "Park friendship group";
    f.areas = {{AreaId{}, "Young People and Peer Groups", {}}, {AreaId{}, "Environment and Community", {}}};
    Goal g;
    g.statement = "Young people know adults who like them";
    g.stage(Stage::Scoping).text = "We met the group in the park.";
    f.areas[0].goals.push_back(g);
    return f;
}

TEST(FrameworkValidation, AcceptsAWellFormedFramework)
{
    EXPECT_TRUE(validate(sample()).empty());
}

TEST(FrameworkValidation, EmptyGoalStatementNamesTheGoalAndField)
{
    auto f = sample();
    f.areas[0].goals[0].statement = "   \t ";
    auto errors = validate(f);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "statement");
    EXPECT_EQ(errors[0].message, "Area of focus 1, goal 1: Enter the goal statement.");
}

TEST(FrameworkValidation, TextOverTheLimitSaysTheLimitAndTheLength)
{
    auto f = sample();
    f.areas[0].goals[0].statement = std::string(limits::kGoalStatement + 1, 'a');
    auto errors = validate(f);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].message.find("must be 500 characters or fewer; it is 501"), std::string::npos)
        << errors[0].message;
}

TEST(FrameworkValidation, LimitsCountCharactersNotBytes)
{
    auto f = sample();
    std::string statement;
    for (std::size_t i = 0; i < limits::kGoalStatement; ++i) statement += "\xC3\xA9";  // é, two bytes
    f.areas[0].goals[0].statement = statement;
    EXPECT_TRUE(validate(f).empty());
}

TEST(FrameworkValidation, TwoAreasWithOneNameIgnoringCaseAndSpacing)
{
    auto f = sample();
    f.areas[1].name = "young people  and peer groups";
    auto errors = validate(f);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "area_name");
    EXPECT_NE(errors[0].message.find("Two areas of focus are called"), std::string::npos);
}

TEST(FrameworkValidation, DatesMustExistAndReviewFollowsStart)
{
    auto f = sample();
    f.start_date = "2026-02-30";
    ASSERT_EQ(validate(f).size(), 1u);
    EXPECT_EQ(validate(f)[0].field, "start_date");
    f.start_date = "2026-03-01";
    f.next_review_date = "2026-02-01";
    ASSERT_EQ(validate(f).size(), 1u);
    EXPECT_EQ(validate(f)[0].field, "next_review_date");
    f.next_review_date = "2026-09-01";
    EXPECT_TRUE(validate(f).empty());
}

TEST(FrameworkValidation, ControlCharactersAndBrokenUtf8AreRefused)
{
    auto f = sample();
    f.areas[0].goals[0].stage(Stage::Outcome).text = "ok\x01";
    ASSERT_EQ(validate(f).size(), 1u);
    EXPECT_EQ(validate(f)[0].field, "outcome");
    f.areas[0].goals[0].stage(Stage::Outcome).text = "bad \xC3";
    ASSERT_EQ(validate(f).size(), 1u);
    EXPECT_NE(validate(f)[0].message.find("not valid text"), std::string::npos);
}

TEST(FrameworkValidation, StageTextMayHaveParagraphsButAreaNamesMayNot)
{
    auto f = sample();
    f.areas[0].goals[0].stage(Stage::Action).text = "First.\n\nSecond.";
    EXPECT_TRUE(validate(f).empty());
    f.areas[0].name = "Two\nlines";
    EXPECT_EQ(validate(f).size(), 1u);
}

TEST(Enums, MachineNamesRoundTrip)
{
    for (auto s : kFrameworkStatuses) EXPECT_EQ(parse_framework_status(to_string(s)), s);
    for (auto s : kGoalStatuses) EXPECT_EQ(parse_goal_status(to_string(s)), s);
    for (auto s : kStages) EXPECT_EQ(parse_stage(to_string(s)), s);
    for (auto k : kContextKinds) EXPECT_EQ(parse_context_kind(to_string(k)), k);
    for (auto r : kRoles) EXPECT_EQ(parse_role(to_string(r)), r);
    EXPECT_FALSE(parse_goal_status("done"));
    EXPECT_EQ(label(FrameworkStatus::InReview), "In review");
}

TEST(Template, FrameworkFromTemplateHasItsAreasAndQuestions)
{
    FrameworkTemplate t{
        "k", "Name", ContextKind::Place, "", default_stage_questions(), {{"A", "", "", {}, {}}, {"B", "", "", {}, {}}},
        "",  false};
    t.questions[0] = "Why this goal?";
    auto f = framework_from_template(t, ContextId{7}, "Title");
    EXPECT_EQ(f.context, ContextId{7});
    ASSERT_EQ(f.areas.size(), 2u);
    EXPECT_EQ(f.areas[1].name, "B");
    EXPECT_EQ(f.questions[0], "Why this goal?");
    EXPECT_EQ(f.template_key, "k");
}

TEST(ContextValidation, NameIsRequiredAndLabelsAreChecked)
{
    Context c;
    c.name = "";
    ASSERT_EQ(validate(c).size(), 1u);
    EXPECT_EQ(validate(c)[0].message, "Enter the context name.");
    c.name = "Hollins Park";
    c.links.push_back({ContextId{2}, "", ""});
    ASSERT_EQ(validate(c).size(), 1u);
    EXPECT_EQ(validate(c)[0].field, "link_label");
}

TEST(UserValidation, EmailRoleAndPassword)
{
    User u;
    u.email = "not-an-address";
    u.display_name = "Sam";
    ASSERT_EQ(validate(u).size(), 1u);
    EXPECT_EQ(validate(u)[0].field, "email");
    u.email = "sam@example.org";
    u.role = Role::Partner;
    ASSERT_EQ(validate(u).size(), 1u);
    EXPECT_EQ(validate(u)[0].field, "agency");
    EXPECT_TRUE(check_password("short").has_value());
    EXPECT_FALSE(check_password("twelve chars").has_value());
    EXPECT_EQ(normalise_email("  Sam@Example.ORG "), "sam@example.org");
}

TEST(GoalStatusFollowsTheWork, InProgressOnceAStageIsWrittenAndReadyForReviewWhenAllFourAre)
{
    EXPECT_EQ(status_after_writing(GoalStatus::NotStarted, 0), GoalStatus::NotStarted);
    EXPECT_EQ(status_after_writing(GoalStatus::NotStarted, 1), GoalStatus::InProgress);
    EXPECT_EQ(status_after_writing(GoalStatus::InProgress, 3), GoalStatus::InProgress);
    EXPECT_EQ(status_after_writing(GoalStatus::InProgress, 4), GoalStatus::ReadyForReview);
    EXPECT_EQ(status_after_writing(GoalStatus::NotStarted, 4), GoalStatus::ReadyForReview);
    EXPECT_EQ(status_after_writing(GoalStatus::ReadyForReview, 3), GoalStatus::InProgress)
        << "a stage emptied again means the goal is not ready";
    for (auto rated : {GoalStatus::Reached, GoalStatus::PartlyReached, GoalStatus::NotReached})
        EXPECT_EQ(status_after_writing(rated, 4), rated) << "a rated goal keeps its rating's status";

    Goal g;
    EXPECT_EQ(g.stages_written(), 0);
    g.stage(Stage::Scoping) = StageEntry{"Seen in the park.", std::nullopt, "", "", 1};
    g.stage(Stage::Action) = StageEntry{"", std::nullopt, "", "", 2};
    EXPECT_EQ(g.stages_written(), 1) << "a version with no text is not written";
}

}  // namespace
}  // namespace trellis
