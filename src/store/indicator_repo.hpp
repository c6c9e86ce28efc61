// Indicators with their measurements, and outcome ratings of goals.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/indicator.hpp"
#include "store/connection.hpp"
#include "store/framework_repo.hpp"

namespace trellis::store::indicators {
// Audited, in the goal's framework (which is marked changed).
Result<IndicatorId> create(Connection& db, PartnershipId p, const Indicator& i, const Actor& actor);
// With measurements: entered ones, or computed from the context's activity runs.
Result<Indicator> get(Connection& db, PartnershipId p, IndicatorId id);
Result<frameworks::Location> locate(Connection& db, PartnershipId p, IndicatorId id);
Result<std::vector<Indicator>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
// Every indicator of the partnership's frameworks that are not closed.
Result<std::vector<Indicator>> for_partnership(Connection& db, PartnershipId p);
// Invalid for a computed indicator.
Result<std::int64_t> add_measurement(Connection& db, PartnershipId p, IndicatorId id, const Measurement& m,
                                     const Actor& actor);
}  // namespace trellis::store::indicators

namespace trellis::store::outcomes {
using Rated = RatedGoal;
// Records the rating (earlier ratings are kept) and sets the goal's status to
// match, in one audited transaction.
Result<void> rate(Connection& db, PartnershipId p, GoalId goal, OutcomeRating rating, const std::string& rationale,
                  const Actor& actor);
// The latest rating of each rated goal of the framework.
Result<std::vector<Rated>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
}  // namespace trellis::store::outcomes
