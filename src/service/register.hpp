// The young people register of a context (pseudonyms only, never a legal
// name) and the evidence recorded about the context. Need-to-know is the
// context's.
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

// Records evidence on the context (audited): the young people must be on its
// register and the stages it supports goals of its frameworks.
Result<EvidenceId> record_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceRecord record);

}  // namespace trellis::service
