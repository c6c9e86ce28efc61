// Measured change on a goal: indicators set on the Measuring stage (with a
// baseline, a target and which direction is better), their measurements over
// time, and the outcome rating a team gives a goal at review.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/evidence.hpp"
#include "domain/ids.hpp"
#include "domain/response.hpp"

namespace trellis {

using IndicatorId = Id<struct IndicatorTag>;

enum class Better { Higher, Lower };
inline constexpr Choices<Better, 2> kBetter{{{{"higher", "Higher is better"}, {"lower", "Lower is better"}}}};

// Where measurements come from: entered by hand, or computed from the
// context's activity runs each time they are read.
enum class IndicatorSource {
    Entered,
    TrustedAdultsPerYoungPerson,
    PlacesMarkedSafe,
    PlacesMarkedUnsafe,
    EnforcementResponses,
    WelfareResponses
};
inline constexpr Choices<IndicatorSource, 6> kIndicatorSources{
    {{{"entered", "Entered by hand"},
      {"trust_mean", "Computed: trusted adults named per young person (who-do-you-trust runs)"},
      {"places_safe", "Computed: distinct places marked safe (places mapping runs)"},
      {"places_unsafe", "Computed: distinct places marked unsafe (places mapping runs)"},
      {"enforcement_month", "Computed: enforcement-led responses a month (response log)"},
      {"welfare_month", "Computed: welfare-led responses a month (response log)"}}}};

struct Measurement {
    std::int64_t id = 0;  // 0 when computed
    std::string date;
    double value = 0;
    std::string note;
    std::optional<RunId> run;  // the activity run it was computed from
};

struct Indicator {
    IndicatorId id;
    GoalId goal;
    std::string name;
    std::string unit;
    Better better = Better::Higher;
    std::optional<double> baseline;
    std::string baseline_date;
    std::optional<double> target;
    std::string method;  // how it is measured
    IndicatorSource source = IndicatorSource::Entered;
    std::vector<Measurement> measurements;  // oldest first

    // The baseline as entered, or the first measurement when none was.
    std::optional<double> start() const;
    const Measurement* latest() const;
};

// Computed from the context's response log (not its activity runs).
inline bool from_response_log(IndicatorSource s)
{
    return s == IndicatorSource::EnforcementResponses || s == IndicatorSource::WelfareResponses;
}

enum class Trend { Reached, Better, Worse, Same, NotYet };
// Reached when the latest measurement meets or passes the target in the
// indicator's better direction (so a value beyond the target never reads as a
// fall); otherwise the latest against the start, read the same way.
Trend trend(const Indicator& i);
std::string_view label(Trend t);

namespace limits {
inline constexpr std::size_t kIndicatorName = 200;
inline constexpr std::size_t kUnit = 40;
inline constexpr std::size_t kMethod = 2000;
inline constexpr std::size_t kMeasurementNote = 500;
}  // namespace limits

std::vector<Error> validate(const Indicator& i);
std::vector<Error> validate(const Measurement& m);

// A number typed into a form: digits with an optional sign and decimal point,
// nothing else ("12", "-3.5"); nullopt for anything else or a value beyond ±1e9.
std::optional<double> parse_number(std::string_view s);
// 3 → "3", 2.5 → "2.5", 1/3 → "0.33".
std::string format_number(double v);
// A value with its unit, the unit in the singular for exactly 1: (9,
// "responses") → "9 responses", (1, "responses") → "1 response", (1, "young
// people") → "1 young person"; the number alone when there is no unit.
std::string with_unit(double v, std::string_view unit);

enum class OutcomeRating { Reached, PartlyReached, NotReached, Worse };
inline constexpr Choices<OutcomeRating, 4> kOutcomeRatings{
    {{{"reached", "Reached"}, {"partly", "Partly reached"}, {"not_reached", "Not reached"}, {"worse", "Worse"}}}};
// The goal status a rating sets.
GoalStatus goal_status_for(OutcomeRating r);

// Small-number suppression for counts of young people on dashboards and
// reports: any count under 5 is shown as "fewer than 5".
std::string young_people_count(std::int64_t n);

// The latest outcome rating of a goal.
struct RatedGoal {
    GoalId goal;
    OutcomeRating rating = OutcomeRating::NotReached;
    std::string rationale;
    std::string author_label;
    std::string created_at;
};

// The measurements an indicator of `source` takes from a context's activity
// runs (oldest first): the mean of trusted adults named per young person for
// each who-do-you-trust run, or the places marked safe (or unsafe) on each
// places-mapping run. Empty for any other source.
std::vector<Measurement> measurements_from_runs(IndicatorSource source, const std::vector<ActivityRun>& runs);

// The measurements an indicator of the enforcement-led or welfare-led
// responses takes from a context's response log, one per month. Empty for
// any other source.
std::vector<Measurement> measurements_from_responses(IndicatorSource source, const std::vector<ResponseMonth>& months);

}  // namespace trellis
