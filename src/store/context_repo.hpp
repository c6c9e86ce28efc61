// Contexts, the links between them, and which practitioner is allocated to which.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/paging.hpp"
#include "store/connection.hpp"

namespace trellis::store::contexts {
// Conflict when the partnership already has a context of that name.
Result<ContextId> create(Connection& db, const Context& c);
Result<Context> get(Connection& db, PartnershipId p, ContextId id);
Result<std::optional<Context>> find_by_name(Connection& db, PartnershipId p, std::string_view name);
Result<std::vector<Context>> list(Connection& db, PartnershipId p);
// Up to `limit` of the partnership's contexts in name order, narrowed like
// page(), from the one after `after` (Invalid on "cursor" when that context is
// gone): a list read a page at a time without counting it.
Result<std::vector<Context>> in_order(Connection& db, PartnershipId p, const ContextFilter& filter,
                                      std::optional<UserId> allocated_to, std::optional<ContextId> after,
                                      std::int64_t limit);
// A page of the partnership's contexts by name, narrowed by `filter` and, with
// `allocated_to`, to those allocated to that user; counted and paged by the
// database (a page past the end gives the last). With `count_up_to`, counted
// only that far (and to the page), `more` set when there are more.
Result<Page<ContextListing>> page(Connection& db, PartnershipId p, const ContextFilter& filter,
                                  std::optional<UserId> allocated_to, std::int64_t number, std::int64_t size,
                                  std::int64_t count_up_to = 0);
Result<void> add_link(Connection& db, PartnershipId p, ContextId from, ContextId to, const std::string& label);
}  // namespace trellis::store::contexts

namespace trellis::store::allocations {
Result<void> add(Connection& db, PartnershipId p, UserId user, ContextId context, const Actor& actor);
Result<void> remove(Connection& db, PartnershipId p, UserId user, ContextId context, const Actor& actor);
Result<bool> has(Connection& db, UserId user, ContextId context);
Result<std::vector<ContextId>> for_user(Connection& db, PartnershipId p, UserId user);
struct Allocated {
    UserId user;
    ContextId context;
    std::string name;
    std::int64_t of = 0;  // from first_named: how many the user has in all
};
// The allocations of `users` (of every practitioner when not given), by user
// and then context name: one query however many there are.
Result<std::vector<Allocated>> named(Connection& db, PartnershipId p, std::optional<std::vector<UserId>> users);
// The first `limit` allocations of each of `users` by context name, each with
// how many that user has in all: one query, however many each has.
Result<std::vector<Allocated>> first_named(Connection& db, PartnershipId p, const std::vector<UserId>& users,
                                           std::int64_t limit);
// One user's allocations by context name, a page at a time.
Result<Page<Allocated>> page_named(Connection& db, PartnershipId p, UserId user, std::int64_t number,
                                   std::int64_t size);
}  // namespace trellis::store::allocations
