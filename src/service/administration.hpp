// Running a partnership: its accounts, who is allocated to which context, and
// the partnership's own lexicon entries. Admins manage accounts and the
// lexicon; admins and leads allocate contexts.
#pragma once

#include <vector>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/lexicon.hpp"
#include "domain/paging.hpp"
#include "domain/user.hpp"
#include "service/lens.hpp"
#include "store/connection.hpp"
#include "store/context_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::service {

// A page of the partnership's accounts (admins), by role and email address.
using UserFilter = store::users::UserFilter;
Result<Page<User>> users_page(store::Connection& db, const User& by, const UserFilter& filter, std::int64_t number,
                              std::int64_t size);
// Up to `limit` accounts after the one with id `after`, by id (admins): the API's pages.
Result<std::vector<User>> users_after(store::Connection& db, const User& by, std::optional<UserId> after,
                                      std::int64_t limit);

// One account of the partnership (admins).
Result<User> account(store::Connection& db, const User& by, UserId id);

// A new account with a generated password, returned once (only its hash is
// kept). Conflict when the email address already has an account.
struct NewAccount {
    UserId id;
    std::string password;
};
Result<NewAccount> create_account(store::Connection& db, const User& by, const Actor& actor, User user);

// A context allocated to a practitioner, by name.
using AllocatedContext = store::allocations::Allocated;
// Each practitioner with the contexts allocated to them, by name.
struct Allocation {
    User practitioner;
    std::vector<AllocatedContext> contexts;
    std::int64_t total = 0;  // how many are allocated to them; more than `contexts` holds on a page
};
// Up to `limit` practitioners after the one with id `after`, by id, each with
// every context allocated to them (the API's pages).
Result<std::vector<Allocation>> allocations_after(store::Connection& db, const User& by, std::optional<UserId> after,
                                                  std::int64_t limit);
// A page of them, by email address, each with the first `shown_each` contexts
// allocated to them: three queries whatever the partnership's size.
Result<Page<Allocation>> allocations_page(store::Connection& db, const User& by, std::int64_t number, std::int64_t size,
                                          std::int64_t shown_each);
// One practitioner of the partnership and a page of the contexts allocated
// to them; NotFound for anyone else.
struct PractitionerAllocations {
    User practitioner;
    Page<AllocatedContext> contexts;
};
Result<PractitionerAllocations> practitioner_allocations(store::Connection& db, const User& by, UserId practitioner,
                                                         std::int64_t number, std::int64_t size);
Result<void> allocate(store::Connection& db, const User& by, const Actor& actor, UserId practitioner,
                      ContextId context);
Result<void> deallocate(store::Connection& db, const User& by, const Actor& actor, UserId practitioner,
                        ContextId context);

// The partnership's own lexicon entries (on top of the shipped lexicon).
Result<std::vector<LexiconEntry>> lexicon_entries(store::Connection& db, const User& by);
// Checked against the merged lexicon first: Invalid naming the field, Conflict
// when the key is taken.
Result<std::int64_t> add_lexicon_entry(store::Connection& db, const User& by, const Actor& actor,
                                       const PartnershipLenses& lenses, const LexiconEntry& entry);
Result<void> remove_lexicon_entry(store::Connection& db, const User& by, const Actor& actor, std::int64_t id);

}  // namespace trellis::service
