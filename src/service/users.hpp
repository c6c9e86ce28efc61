// Account management used by the command line and, later, the admin pages.
#pragma once

#include "domain/audit.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// Validates the password, hashes it and creates the user, audited, in one
// transaction. Conflict when the email address already has an account.
Result<UserId> add_user(store::Connection& db, const User& user, std::string_view password, const Actor& actor);

Result<void> set_password(store::Connection& db, PartnershipId p, UserId id, std::string_view password,
                          const Actor& actor);

// The partnership named by slug, or the only one when slug is empty.
Result<Partnership> resolve_partnership(store::Connection& db, std::string_view slug);

}  // namespace trellis::service
