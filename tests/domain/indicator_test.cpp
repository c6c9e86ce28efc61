// Measurements computed from activity runs and the response log: what the
// framework page, the dashboards and the API show for a computed indicator.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "domain/evidence.hpp"
#include "domain/indicator.hpp"
#include "domain/response.hpp"

namespace trellis {
namespace {

Participant trusting(std::initializer_list<int> adults_per_role)
{
    Participant p;
    int role = 0;
    for (int n : adults_per_role) p.trusted.push_back({kAdultRoles.all()[role++], n, false});
    return p;
}

Participant marking(std::initializer_list<std::pair<const char*, PlaceCategory>> marks)
{
    Participant p;
    for (const auto& [place, category] : marks) p.places.push_back({place, category, std::nullopt, std::nullopt});
    return p;
}

ActivityRun run(std::int64_t id, ActivityKind kind, const char* date, std::vector<Participant> people)
{
    ActivityRun r;
    r.id = RunId{id};
    r.kind = kind;
    r.date = date;
    r.participants = std::move(people);
    return r;
}

TEST(ComputedIndicators, TrustRunsGiveTheMeanOfTrustedAdultsPerYoungPersonRoundedToHundredths)
{
    std::vector<ActivityRun> runs = {
        run(1, ActivityKind::Trust, "2026-01-10", {trusting({1, 1}), trusting({3}), trusting({2})}),
        run(2, ActivityKind::Places, "2026-02-01", {marking({{"The park", PlaceCategory::Safe}})}),
        run(3, ActivityKind::Trust, "2026-04-10", {trusting({2, 2}), trusting({4})}),
    };
    auto m = measurements_from_runs(IndicatorSource::TrustedAdultsPerYoungPerson, runs);
    ASSERT_EQ(m.size(), 2u) << "only the who-do-you-trust runs";
    EXPECT_EQ(m[0].date, "2026-01-10");
    EXPECT_DOUBLE_EQ(m[0].value, 2.33);
    EXPECT_EQ(m[0].run, RunId{1});
    EXPECT_EQ(m[0].note, "Who-do-you-trust run, 3 participants");
    EXPECT_DOUBLE_EQ(m[1].value, 4.0);
    EXPECT_EQ(m[1].run, RunId{3});
}

TEST(ComputedIndicators, PlacesRunsCountEachPlaceMarkedOnceHoweverManyMarkedIt)
{
    std::vector<ActivityRun> runs = {
        run(7, ActivityKind::Places, "2026-03-01",
            {marking({{"The park", PlaceCategory::Safe}, {"Bus station", PlaceCategory::Unsafe}}),
             marking({{"The park", PlaceCategory::Safe}, {"Chip shop", PlaceCategory::Fun}}),
             marking({{"The park", PlaceCategory::Unsafe}, {"Library", PlaceCategory::Safe}})})};
    auto summary = summarise_places(runs[0]);
    EXPECT_EQ(places_marked(summary, PlaceCategory::Safe), 2) << "the park (twice) and the library";
    EXPECT_EQ(places_marked(summary, PlaceCategory::Unsafe), 2) << "the bus station, and the park for one of them";
    EXPECT_EQ(places_marked(summary, PlaceCategory::NothingToDo), 0);

    auto safe = measurements_from_runs(IndicatorSource::PlacesMarkedSafe, runs);
    ASSERT_EQ(safe.size(), 1u);
    EXPECT_DOUBLE_EQ(safe[0].value, 2.0);
    EXPECT_EQ(safe[0].note, "Places mapping run, 3 participants");
    auto unsafe = measurements_from_runs(IndicatorSource::PlacesMarkedUnsafe, runs);
    ASSERT_EQ(unsafe.size(), 1u);
    EXPECT_DOUBLE_EQ(unsafe[0].value, 2.0);
}

TEST(ComputedIndicators, AnIndicatorEnteredByHandTakesNothingFromRunsOrTheResponseLog)
{
    std::vector<ActivityRun> runs = {run(1, ActivityKind::Trust, "2026-01-10", {trusting({1})})};
    std::vector<ResponseMonth> months = {{"2026-01", 4, 1}};
    EXPECT_TRUE(measurements_from_runs(IndicatorSource::Entered, runs).empty());
    EXPECT_TRUE(measurements_from_responses(IndicatorSource::Entered, months).empty());
    EXPECT_TRUE(measurements_from_responses(IndicatorSource::TrustedAdultsPerYoungPerson, months).empty());
    EXPECT_TRUE(measurements_from_runs(IndicatorSource::EnforcementResponses, runs).empty());
}

TEST(ComputedIndicators, TheResponseLogGivesOneMeasurementAMonthOfTheChosenFraming)
{
    std::vector<ResponseMonth> months = {{"2026-01", 9, 2}, {"2026-02", 5, 6}};
    auto enforcement = measurements_from_responses(IndicatorSource::EnforcementResponses, months);
    ASSERT_EQ(enforcement.size(), 2u);
    EXPECT_EQ(enforcement[0].date, "2026-01-01");
    EXPECT_DOUBLE_EQ(enforcement[0].value, 9.0);
    EXPECT_EQ(enforcement[0].note, "Response log, January 2026");
    EXPECT_FALSE(enforcement[0].run.has_value());
    auto welfare = measurements_from_responses(IndicatorSource::WelfareResponses, months);
    ASSERT_EQ(welfare.size(), 2u);
    EXPECT_DOUBLE_EQ(welfare[1].value, 6.0);

    Indicator fewer{};
    fewer.source = IndicatorSource::EnforcementResponses;
    fewer.better = Better::Lower;
    fewer.measurements = enforcement;
    EXPECT_EQ(trend(fewer), Trend::Better) << "enforcement-led responses fell from 9 to 5";
}

Indicator measured(Better better, std::optional<double> target, std::initializer_list<double> values)
{
    Indicator i{};
    i.better = better;
    i.baseline = 4;
    i.baseline_date = "2026-01-01";
    i.target = target;
    int month = 2;
    for (double v : values) i.measurements.push_back({0, fmt::format("2026-{:02}-01", month++), v, "", {}});
    return i;
}

TEST(IndicatorTrend, ALatestValueAtOrPastTheTargetReadsAsReachedNotAsAFall)
{
    EXPECT_EQ(trend(measured(Better::Higher, 8, {9, 8.5})), Trend::Reached) << "down from 9, still past 8";
    EXPECT_EQ(trend(measured(Better::Higher, 8, {8})), Trend::Reached) << "exactly the target";
    EXPECT_EQ(trend(measured(Better::Lower, 2, {1, 1.5})), Trend::Reached);
    EXPECT_EQ(trend(measured(Better::Higher, 8, {6})), Trend::Better);
    EXPECT_EQ(trend(measured(Better::Higher, 8, {3})), Trend::Worse);
    EXPECT_EQ(trend(measured(Better::Lower, 2, {5})), Trend::Worse);
    EXPECT_EQ(trend(measured(Better::Higher, std::nullopt, {4})), Trend::Same);
    EXPECT_EQ(trend(measured(Better::Higher, 8, {})), Trend::NotYet) << "a baseline alone has no latest value";
    EXPECT_EQ(label(Trend::Reached), "Target reached");
}

TEST(IndicatorValues, TheUnitIsSingularForExactlyOne)
{
    EXPECT_EQ(with_unit(9, "responses"), "9 responses");
    EXPECT_EQ(with_unit(1, "responses"), "1 response");
    EXPECT_EQ(with_unit(1, "young people"), "1 young person");
    EXPECT_EQ(with_unit(1.5, "adults"), "1.5 adults");
    EXPECT_EQ(with_unit(1, "%"), "1 %");
    EXPECT_EQ(with_unit(1, "class"), "1 class");
    EXPECT_EQ(with_unit(4, ""), "4");
}

}  // namespace
}  // namespace trellis
