// Exceptional access to contexts not allocated to the user, and its review.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <vector>

#include "domain/audit.hpp"
#include "domain/exceptional_access.hpp"
#include "store/connection.hpp"

namespace trellis::store::access {

// Opens the context to the user until `expires_at` (audited on the context).
Result<std::int64_t> open(Connection& db, PartnershipId p, const ExceptionalAccess& a, const Actor& actor);
// Whether the user holds an access to the context that has not expired at `now`.
Result<bool> holds(Connection& db, UserId user, ContextId c, const std::string& now);
// The user's accesses that have not expired, soonest to end first.
Result<std::vector<ExceptionalAccess>> current_for(Connection& db, PartnershipId p, UserId user,
                                                   const std::string& now);
// Accesses nobody has reviewed yet, oldest first, leaving out those `except` opened.
Result<std::vector<ExceptionalAccess>> awaiting_review(Connection& db, PartnershipId p, UserId except);
// Records the review (audited on the context). NotFound when it is not awaiting
// review or `reviewer` opened it.
Result<ExceptionalAccess> review(Connection& db, PartnershipId p, std::int64_t id, UserId reviewer,
                                 AccessOutcome outcome, const std::string& note, const Actor& actor);

}  // namespace trellis::store::access
