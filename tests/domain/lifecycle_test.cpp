#include "domain/lifecycle.hpp"

#include <gtest/gtest.h>

namespace trellis {
namespace {

TEST(Lifecycle, ASummaryIsDueTwoWorkingDaysAfterTheConference)
{
    EXPECT_EQ(two_working_days_after("2026-03-16"), "2026-03-18");  // Monday to Wednesday
    EXPECT_EQ(two_working_days_after("2026-03-19"), "2026-03-23");  // Thursday to Monday
    EXPECT_EQ(two_working_days_after("2026-03-21"), "2026-03-24");  // Saturday to Tuesday
    EXPECT_EQ(two_working_days_after("2026-12-31"), "2027-01-04");  // over the year's end
    EXPECT_EQ(two_working_days_after("2026-02-30"), "");
}

TEST(Lifecycle, ScreeningMovesOnlyAContextWaitingForIt)
{
    using enum ContextStage;
    EXPECT_EQ(after_screening(Concern, ScreeningDecision::Level2), Assessment);
    EXPECT_EQ(after_screening(Screening, ScreeningDecision::NoFurtherAction), Closed);
    EXPECT_EQ(after_screening(Screening, ScreeningDecision::Level1), Closed);
    EXPECT_EQ(after_screening(Active, ScreeningDecision::NoFurtherAction), Active) << "a context in work stays";
    EXPECT_TRUE(reached(Active, Planning));
    EXPECT_FALSE(reached(Closed, Planning)) << "closed is not further on";
}

TEST(Lifecycle, MediansCountOnlyStagesAContextHasLeft)
{
    StageDurations d;
    add_durations({{ContextStage::Concern, "2026-01-01T09:00:00Z", ""},
                   {ContextStage::Screening, "2026-01-03", ""},
                   {ContextStage::Assessment, "2026-01-13", ""}},
                  d);
    add_durations({{ContextStage::Concern, "2026-02-01", ""}, {ContextStage::Screening, "2026-02-05", ""}}, d);
    EXPECT_EQ(d.days[static_cast<int>(ContextStage::Concern)], (std::vector<std::int64_t>{2, 4}));
    EXPECT_EQ(d.days[static_cast<int>(ContextStage::Screening)], (std::vector<std::int64_t>{10}));
    EXPECT_TRUE(d.days[static_cast<int>(ContextStage::Assessment)].empty()) << "still in it";
    EXPECT_EQ(median({2, 4}), 3.0);
    EXPECT_EQ(median({5, 1, 3}), 3.0);
    EXPECT_FALSE(median({}).has_value());
}

TEST(Lifecycle, FindingsAndConcernsAreValidated)
{
    Finding f{{}, 3, FindingKind::Concern, "", 4, {}};
    auto errors = validate(f, 3);
    ASSERT_EQ(errors.size(), 3u);
    Concern c;
    c.raised_on = "2026-01-01";
    c.raised_by = "Panel";
    c.summary = "x";
    c.context_names = {"A"};
    c.decision = ScreeningDecision::Level2;
    c.rationale = "why";
    EXPECT_TRUE(validate(c).empty());
    c.case_reference = "CIN-1";
    EXPECT_EQ(validate_screening(c).size(), 1u) << "a case reference goes with Level 1 only";
    c.decision = ScreeningDecision::Level1;
    EXPECT_TRUE(validate_screening(c).empty());
    Place p{{}, "Park", PlaceKind::Place, "53.4", ""};
    EXPECT_EQ(validate(p).size(), 1u) << "both coordinates or neither";
}

}  // namespace
}  // namespace trellis
