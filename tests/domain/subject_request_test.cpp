#include "domain/subject_request.hpp"

#include <gtest/gtest.h>

namespace trellis {
namespace {

TEST(SubjectRequest, AMonthIsTheSameDayNextMonthOrItsLastDay)
{
    EXPECT_EQ(add_months("2026-03-04", 1), "2026-04-04");
    EXPECT_EQ(add_months("2026-01-31", 1), "2026-02-28");
    EXPECT_EQ(add_months("2028-01-31", 1), "2028-02-29");  // a leap year
    EXPECT_EQ(add_months("2026-12-15", 1), "2027-01-15");
    EXPECT_EQ(add_months("2026-11-30", 3), "2027-02-28");
    EXPECT_EQ(add_months("2026-02-30", 1), "");
}

TEST(SubjectRequest, TheDueDateMovesWithExtensionAndPausedDays)
{
    SubjectRequest r;
    r.received_on = "2026-03-04";
    r.status = RequestStatus::Open;
    EXPECT_EQ(due_date(r, "2026-03-10"), "2026-04-04");
    r.extended = true;
    EXPECT_EQ(due_date(r, "2026-03-10"), "2026-06-04");
    r.extended = false;
    r.paused_days = 6;  // identity took six days to confirm
    EXPECT_EQ(due_date(r, "2026-03-20"), "2026-04-10");
    // While still paused the due date slips a day each day.
    r.status = RequestStatus::AwaitingIdentity;
    r.paused_on = "2026-03-15";
    EXPECT_EQ(due_date(r, "2026-03-20"), "2026-04-15");
    EXPECT_EQ(due_date(r, "2026-03-21"), "2026-04-16");
    EXPECT_EQ(days_between("2026-03-15", "2026-03-20"), 5);
    EXPECT_EQ(days_between("2026-03-20", "2026-03-15"), -5);
}

TEST(SubjectRequest, ANewRequestNeedsWhoWhenAndForWhom)
{
    SubjectRequest r;
    auto errors = validate(r, "2026-03-10");
    ASSERT_EQ(errors.size(), 3U);
    EXPECT_EQ(errors[0].field, "requester");
    EXPECT_EQ(errors[1].field, "received_on");
    EXPECT_EQ(errors[2].field, "young_person");
    r.requester = "Mo's mum";
    r.received_on = "2026-03-11";  // tomorrow
    r.young_person = YoungPersonId{3};
    ASSERT_EQ(validate(r, "2026-03-10").size(), 1U);
    r.received_on = "2026-03-10";
    r.relationship = Relationship::Other;
    ASSERT_EQ(validate(r, "2026-03-10").size(), 1U);
    r.notes = "Her aunt, who has parental responsibility";
    EXPECT_TRUE(validate(r, "2026-03-10").empty());
}

TEST(SubjectRequest, OthersAreRedactedWholeWordAndTheSubjectIsKept)
{
    Redactor r({{"T", ""},
                {"Little T", "another young person"},
                {"Mo", "another young person"},
                {"the boss", "another young person"},
                {"Sam Patel", "a professional"}});
    EXPECT_EQ(r.apply("Little T and T were with MO near the   Boss's car; Sam Patel saw Moses."),
              "another young person and T were with another young person near another young person's car; a "
              "professional saw Moses.");
    EXPECT_TRUE(r.mentions_kept("seen with t at the park"));
    EXPECT_FALSE(r.mentions_kept("Little T at the park"));
    EXPECT_FALSE(r.mentions_kept("Tomás and Tia"));
    // A curly apostrophe or a dash ends a name as a straight one does.
    EXPECT_EQ(r.apply("Mo’s friend—Mo—and “Mo”"),
              "another young person’s friend—another young person—and “another young person”");
    EXPECT_EQ(r.apply(""), "");
}

TEST(SubjectRequest, AliasesAreOneALineWithoutRepeats)
{
    EXPECT_EQ(alias_list("  Kezza \n\nkezza\nK  dog\n"), (std::vector<std::string>{"Kezza", "K dog"}));
}

}  // namespace
}  // namespace trellis
