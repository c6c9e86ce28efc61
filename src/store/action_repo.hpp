// Actions on goals, each owned by an agency, with their progress notes.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/audit.hpp"
#include "store/connection.hpp"

namespace trellis::store::actions {
using Place = ActionPlace;
Result<Place> locate(Connection& db, PartnershipId p, ActionId id);
// Creates the action (owner and partner agencies must belong to the
// partnership) and audits it in the same transaction.
Result<ActionId> create(Connection& db, PartnershipId p, const Action& a, const Actor& actor);
// Every action of a framework, keyed by goal, with its notes.
Result<std::vector<Action>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
Result<Action> get(Connection& db, PartnershipId p, ActionId id);
// Sets the status and adds a dated progress note, audited.
Result<void> progress(Connection& db, PartnershipId p, ActionId id, ActionStatus status, const std::string& note,
                      const Actor& actor);

using AgencyView = AgencyAction;
// A page of the partnership's actions narrowed by `filter`, soonest due first
// (undated last); with `allocated_to`, only those on contexts allocated to
// that user. Counted and paged by the database.
Result<Page<AgencyView>> list(Connection& db, PartnershipId p, const ActionFilter& filter, const std::string& today,
                              std::optional<UserId> allocated_to, std::int64_t page, std::int64_t page_size);
Result<std::int64_t> overdue_count(Connection& db, PartnershipId p, const std::string& today);
}  // namespace trellis::store::actions
