// Measured change on a goal: a measurement of an indicator entered by hand,
// and the outcome rating of a goal. Need-to-know is the goal's context.
#pragma once

#include <string>

#include "domain/audit.hpp"
#include "domain/indicator.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// Invalid for an indicator computed from activity runs or the response log.
Result<std::int64_t> add_measurement(store::Connection& db, const User& by, const Actor& actor, IndicatorId indicator,
                                     const Measurement& measurement);

// Records the rating (earlier ones are kept) and sets the goal's status to match.
Result<void> rate_outcome(store::Connection& db, const User& by, const Actor& actor, GoalId goal, OutcomeRating rating,
                          const std::string& rationale);

}  // namespace trellis::service
