// Actions on a goal, owned by an agency of the partnership: the use cases the
// pages, the API and the command line share.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/audit.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// A new action on a goal the caller may edit (need-to-know is the goal's
// context). Invalid naming the field when the action or its agencies do not fit.
Result<ActionId> create_action(store::Connection& db, const User& by, const Actor& actor, GoalId goal, Action action);

// The partnership's agencies, for choosing an owner or partners.
Result<std::vector<Agency>> agencies_of(store::Connection& db, const User& by);

// An action the caller may reach: leads and practitioners through its
// context, a partner only when their agency owns it or takes part (NotFound
// otherwise). With the goal it serves.
struct ActionDetail {
    Action action;
    ActionPlace place;
    std::string goal_statement;
};
Result<ActionDetail> action_detail(store::Connection& db, const User& by, ActionId id);

// Sets the action's status with a dated progress note (audited); anyone who
// may reach the action, partners included.
Result<void> record_progress(store::Connection& db, const User& by, const Actor& actor, ActionId id,
                             ActionStatus status, const std::string& note);

inline constexpr std::int64_t kActionsPerPage = 25;

// A page of the actions the caller's agency owns or takes part in, across
// every context, soonest due first, narrowed by `filter` (its agency and
// context are the caller's own to set: both are ignored); none without an
// agency. `page` counts from 1.
Result<Page<AgencyAction>> agency_actions(store::Connection& db, const User& by, ActionFilter filter,
                                          const std::string& today, std::int64_t page,
                                          std::int64_t per_page = kActionsPerPage);

// A page of the actions on every context the caller sees (leads: the whole
// partnership; practitioners: their allocated contexts), narrowed by `filter`.
// Forbidden for roles that see no context; NotFound when the filter names a
// context the caller may not see. `page` counts from 1.
Result<Page<AgencyAction>> partnership_actions(store::Connection& db, const User& by, const ActionFilter& filter,
                                               const std::string& today, std::int64_t page,
                                               std::int64_t per_page = kActionsPerPage);

// A new agency of the partnership (admins), audited in the same transaction.
Result<AgencyId> create_agency(store::Connection& db, const User& by, const Actor& actor, Agency agency);

}  // namespace trellis::service
