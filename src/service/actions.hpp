// Actions on a goal, owned by an agency of the partnership: the use cases the
// pages, the API and the command line share.
#pragma once

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

}  // namespace trellis::service
