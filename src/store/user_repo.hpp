// User accounts of a partnership.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/paging.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::store::users {
// Reads the columns id, partnership_id, email, display_name, role, agency_id,
// active, created_at (in that order, from column 0) into a User.
User user_from_row(const Row& r);
// Conflict when the email address is taken (in any partnership).
Result<UserId> create(Connection& db, const User& u, const std::string& password_hash);
Result<User> get(Connection& db, PartnershipId p, UserId id);
// Looks across partnerships: sign-in starts from the email address alone.
Result<std::pair<User, std::string>> find_with_hash(Connection& db, std::string_view email);
Result<std::vector<User>> list(Connection& db, PartnershipId p);
// What the users page is narrowed to: part of a name or email address, a role.
struct UserFilter {
    std::string words;
    std::optional<Role> role;
};
// A page of the partnership's users, by role and then email address.
Result<Page<User>> page(Connection& db, PartnershipId p, const UserFilter& filter, std::int64_t number,
                        std::int64_t size);
// A page of the partnership's users of one role, by email address.
Result<Page<User>> page_with_role(Connection& db, PartnershipId p, Role role, std::int64_t number, std::int64_t size);
// Up to `limit` users (with `role`, when given) after the one with id `after`
// (from the first when not given), by id: the API's pages, read by key.
Result<std::vector<User>> with_role_after(Connection& db, PartnershipId p, std::optional<Role> role,
                                          std::optional<UserId> after, std::int64_t limit);
Result<void> set_password_hash(Connection& db, PartnershipId p, UserId id, const std::string& hash);
// NotFound when the user is not of this partnership.
Result<void> set_active(Connection& db, PartnershipId p, UserId id, bool active);
// The right to sign off a decision to close or step down a context, which
// admins grant to named leads.
Result<bool> can_sign_off(Connection& db, PartnershipId p, UserId id);
Result<void> set_sign_off(Connection& db, PartnershipId p, UserId id, bool can);
Result<std::vector<UserId>> signers(Connection& db, PartnershipId p);
Result<std::int64_t> count_active(Connection& db, PartnershipId p, Role role);
}  // namespace trellis::store::users
