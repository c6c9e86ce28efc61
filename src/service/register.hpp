// The young people register of a context: pseudonyms only, never a legal
// name. Need-to-know is the context's.
#pragma once

#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

Result<std::vector<YoungPerson>> young_people_of(store::Connection& db, const User& by, ContextId context);

// Adds someone to the context's register (audited). Invalid naming the field,
// Conflict when the partnership's register already has the pseudonym.
Result<YoungPersonId> add_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                       YoungPerson person);

}  // namespace trellis::service
