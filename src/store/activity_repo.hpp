// Group activities (who do you trust, places mapping) and their follow-ups.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <optional>
#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "store/connection.hpp"

namespace trellis::store::activities {
// A follow-up must follow a run of the same kind on the same context, on or
// after its date. Young people must be linked to the context.
Result<RunId> create(Connection& db, PartnershipId p, const ActivityRun& r, const Actor& actor);
Result<ActivityRun> get(Connection& db, PartnershipId p, RunId id);
// Conflict while a follow-up compares itself with the run.
Result<ContextId> remove(Connection& db, PartnershipId p, RunId id, const Actor& actor);
// Oldest first, with participants; only runs of `kind` when given.
Result<std::vector<ActivityRun>> for_context(Connection& db, PartnershipId p, ContextId c,
                                             std::optional<ActivityKind> kind = std::nullopt);
}  // namespace trellis::store::activities
