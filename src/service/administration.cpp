#include "service/administration.hpp"

#include <map>

#include "store/context_repo.hpp"
#include "store/lexicon_repo.hpp"
#include "store/user_repo.hpp"

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "service/passwords.hpp"
#include "service/users.hpp"

namespace trellis::service {
Result<Page<User>> users_page(store::Connection& db, const User& by, const UserFilter& filter, std::int64_t number,
                              std::int64_t size)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing accounts"));
    return store::users::page(db, by.partnership, filter, number, size);
}

Result<std::vector<User>> users_after(store::Connection& db, const User& by, std::optional<UserId> after,
                                      std::int64_t limit)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing accounts"));
    return store::users::with_role_after(db, by.partnership, std::nullopt, after, limit);
}

Result<User> account(store::Connection& db, const User& by, UserId id)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing accounts"));
    return store::users::get(db, by.partnership, id);
}

Result<NewAccount> create_account(store::Connection& db, const User& by, const Actor& actor, User user)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing accounts"));
    user.partnership = by.partnership;
    user.email = normalise_email(user.email);
    if (auto errors = validate(user); !errors.empty()) return std::unexpected(errors.front());
    auto password = generate_password();
    auto id = TRY(add_user(db, user, password, actor));
    return NewAccount{id, std::move(password)};
}

namespace {

// Practitioners are the role that works by allocation.
constexpr Role kAllocated = Role::Practitioner;

std::vector<Allocation> with_contexts(std::vector<User> users, const std::vector<store::allocations::Allocated>& all)
{
    std::map<std::int64_t, std::vector<store::allocations::Allocated>> by_user;
    for (const auto& a : all) by_user[a.user.value].push_back(a);
    std::vector<Allocation> out;
    out.reserve(users.size());
    for (auto& u : users) {
        auto& theirs = by_user[u.id.value];
        auto total = theirs.empty() || theirs.front().of == 0 ? std::ssize(theirs) : theirs.front().of;
        out.push_back({std::move(u), std::move(theirs), total});
    }
    return out;
}

}  // namespace

Result<std::vector<Allocation>> allocations_after(store::Connection& db, const User& by, std::optional<UserId> after,
                                                  std::int64_t limit)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    auto users = TRY(store::users::with_role_after(db, by.partnership, kAllocated, after, limit));
    std::vector<UserId> ids;
    for (const auto& u : users) ids.push_back(u.id);
    return with_contexts(std::move(users), TRY(store::allocations::named(db, by.partnership, ids)));
}

Result<Page<Allocation>> allocations_page(store::Connection& db, const User& by, std::int64_t number, std::int64_t size,
                                          std::int64_t shown_each)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    auto users = TRY(store::users::page_with_role(db, by.partnership, kAllocated, number, size));
    std::vector<UserId> ids;
    for (const auto& u : users.items) ids.push_back(u.id);
    Page<Allocation> out;
    out.total = users.total;
    out.number = users.number;
    out.size = users.size;
    out.items = with_contexts(std::move(users.items),
                              TRY(store::allocations::first_named(db, by.partnership, ids, shown_each)));
    return out;
}

Result<PractitionerAllocations> practitioner_allocations(store::Connection& db, const User& by, UserId practitioner,
                                                         std::int64_t number, std::int64_t size)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    auto user = TRY(store::users::get(db, by.partnership, practitioner));
    if (!works_by_allocation(user.role)) return std::unexpected(Error::not_found("There is no such practitioner."));
    return PractitionerAllocations{std::move(user),
                                   TRY(store::allocations::page_named(db, by.partnership, practitioner, number, size))};
}

Result<void> allocate(store::Connection& db, const User& by, const Actor& actor, UserId practitioner, ContextId context)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    return store::allocations::add(db, by.partnership, practitioner, context, actor);
}

Result<void> deallocate(store::Connection& db, const User& by, const Actor& actor, UserId practitioner,
                        ContextId context)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    return store::allocations::remove(db, by.partnership, practitioner, context, actor);
}

Result<std::vector<LexiconEntry>> lexicon_entries(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the lexicon"));
    return store::lexicon::list(db, by.partnership);
}

Result<std::int64_t> add_lexicon_entry(store::Connection& db, const User& by, const Actor& actor,
                                       const PartnershipLenses& lenses, const LexiconEntry& entry)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the lexicon"));
    TRY(lenses.check(db, by.partnership, entry));
    return store::lexicon::add(db, by.partnership, entry, actor);
}

Result<void> remove_lexicon_entry(store::Connection& db, const User& by, const Actor& actor, std::int64_t id)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the lexicon"));
    return store::lexicon::remove(db, by.partnership, id, actor);
}

}  // namespace trellis::service
