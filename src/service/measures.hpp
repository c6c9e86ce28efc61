// Measured change on a goal: a measurement of an indicator entered by hand,
// and the outcome rating of a goal. Need-to-know is the goal's context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/framework.hpp"
#include "domain/indicator.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// A new indicator on a goal's Measuring stage (audited).
Result<IndicatorId> create_indicator(store::Connection& db, const User& by, const Actor& actor, GoalId goal,
                                     Indicator indicator);

// An indicator the caller may see, with its measurements (entered or computed)
// and where it sits.
struct LocatedIndicator {
    Indicator indicator;
    FrameworkLocation where;
    std::string goal_statement;
};
Result<LocatedIndicator> indicator_of(store::Connection& db, const User& by, IndicatorId id);

// Every indicator of a framework the caller may see.
Result<std::vector<Indicator>> indicators_of(store::Connection& db, const User& by, FrameworkId framework);

// Invalid for an indicator computed from activity runs or the response log.
Result<std::int64_t> add_measurement(store::Connection& db, const User& by, const Actor& actor, IndicatorId indicator,
                                     const Measurement& measurement);

// What an outcome rating of a goal is decided on: the goal's indicators, the
// evidence supporting any of its stages and its latest rating, if any.
struct GoalEvidence {
    GoalView goal;
    std::vector<Indicator> indicators;
    std::vector<EvidenceRecord> evidence;
    std::optional<RatedGoal> rating;
};
Result<GoalEvidence> goal_evidence(store::Connection& db, const User& by, GoalId goal);

// Records the rating (earlier ones are kept) and sets the goal's status to match.
Result<void> rate_outcome(store::Connection& db, const User& by, const Actor& actor, GoalId goal, OutcomeRating rating,
                          const std::string& rationale);

}  // namespace trellis::service
