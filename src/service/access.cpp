#include "service/access.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "store/access_repo.hpp"
#include "store/context_repo.hpp"

namespace trellis::service {

Result<std::vector<Context>> visible_contexts(store::Connection& db, const User& user)
{
    if (!may_access_context(user.role, true)) return std::vector<Context>{};
    auto all = TRY(store::contexts::list(db, user.partnership));
    if (may_access_context(user.role, false)) return all;
    auto mine = TRY(store::allocations::for_user(db, user.partnership, user.id));
    std::erase_if(all, [&](const Context& x) { return std::ranges::find(mine, x.id) == mine.end(); });
    return all;
}

Result<bool> may_see_context(store::Connection& db, const User& user, ContextId context)
{
    if (!may_access_context(user.role, true)) return false;
    if (may_access_context(user.role, false)) return true;
    if (TRY(store::allocations::has(db, user.id, context))) return true;
    // Exceptional access, for the hours it lasts.
    return store::access::holds(db, user.id, context, now_utc());
}

Result<void> need_context(store::Connection& db, const User& user, ContextId context)
{
    if (!TRY(may_see_context(db, user, context))) return std::unexpected(Error::not_found("There is no such context."));
    return {};
}

Result<void> need_permission(const User& user, Permission permission, const char* what)
{
    if (!role_allows(user.role, permission))
        return std::unexpected(Error::forbidden(fmt::format("Your role does not include {}.", what)));
    return {};
}

Result<void> may_edit_context(store::Connection& db, const User& user, ContextId context, const char* what)
{
    TRY(need_permission(user, Permission::EditFrameworks, what));
    TRY(need_context(db, user, context));
    TRY(store::contexts::get(db, user.partnership, context));
    return {};
}

}  // namespace trellis::service
