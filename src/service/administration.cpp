#include "service/administration.hpp"

#include "store/context_repo.hpp"
#include "store/lexicon_repo.hpp"
#include "store/user_repo.hpp"

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "service/passwords.hpp"
#include "service/users.hpp"

namespace trellis::service {
Result<std::vector<User>> users_of(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing accounts"));
    return store::users::list(db, by.partnership);
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

Result<std::vector<Allocation>> allocations_of(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    std::vector<Allocation> out;
    for (auto& u : TRY(store::users::list(db, by.partnership))) {
        if (!works_by_allocation(u.role)) continue;
        auto mine = TRY(store::allocations::for_user(db, by.partnership, u.id));
        out.push_back({std::move(u), std::move(mine)});
    }
    return out;
}

Result<std::vector<Context>> allocatable_contexts(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageAllocations, "allocating contexts"));
    return store::contexts::list(db, by.partnership);
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
