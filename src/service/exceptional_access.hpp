// Exceptional access ("break the glass"): a practitioner opens a context not
// allocated to them by giving a reason; it lasts kExceptionalAccessHours and
// waits on the other leads' overview until one reviews it or raises a concern.
#pragma once

#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/exceptional_access.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct AccessRequest {
    std::string context;  // the context's name or number, as the practitioner was given it
    std::string reason;   // a key of kAccessReasons
    std::string detail;   // required for "other"
};
// Practitioners only (leads see every context already). Invalid naming the
// field when the context is not found or the reason is missing; the context's
// id when opened.
Result<ContextId> open_exceptional_access(store::Connection& db, const User& by, const Actor& actor,
                                          const AccessRequest& request);
// The caller's accesses still open.
Result<std::vector<ExceptionalAccess>> my_exceptional_access(store::Connection& db, const User& by);
// Leads: accesses other people opened that nobody has reviewed.
Result<std::vector<ExceptionalAccess>> access_awaiting_review(store::Connection& db, const User& by);
// Leads, never for their own access.
Result<ExceptionalAccess> review_exceptional_access(store::Connection& db, const User& by, const Actor& actor,
                                                    std::int64_t id, const std::string& outcome,
                                                    const std::string& note);

}  // namespace trellis::service
