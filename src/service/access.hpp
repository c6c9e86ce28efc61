// Need-to-know for contexts, in one place: which contexts a user sees, and
// whether one of them may be touched. The pages, the API and the command line
// ask here; role-level rules (what a role may do at all, its landing page) are
// in domain/policy.hpp.
#pragma once

#include <vector>

#include "domain/context.hpp"
#include "domain/policy.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// Leads see every context of their partnership; practitioners those allocated
// to them (and, one at a time, a context opened by exceptional access for the
// hours it lasts: see service/exceptional_access.hpp); other roles none.
Result<std::vector<Context>> visible_contexts(store::Connection& db, const User& user);

Result<bool> may_see_context(store::Connection& db, const User& user, ContextId context);

// NotFound, worded as for a context that does not exist, when the user may not
// see it: a record's existence is never revealed to someone without need to know.
Result<void> need_context(store::Connection& db, const User& user, ContextId context);

// Forbidden, naming `what` ("Your role does not include {what}."), unless
// the caller's role holds the permission.
Result<void> need_permission(const User& user, Permission permission, const char* what);

// A change to a context's records: Forbidden (naming `what`) when the role does
// not edit frameworks, NotFound when the context is not one the user sees.
Result<void> may_edit_context(store::Connection& db, const User& user, ContextId context, const char* what);

}  // namespace trellis::service
