#include "service/search.hpp"

#include "domain/clock.hpp"
#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/search_repo.hpp"

namespace trellis::service {

Result<SearchResults> search(store::Connection& db, const User& by, std::string_view typed,
                             std::optional<SearchKind> kind, std::int64_t page, std::int64_t size)
{
    TRY(need_permission(by, Permission::WorkOnActions, "searching records"));
    auto words = TRY(parse_search_words(typed));
    store::search::Scope scope{by.partnership, std::nullopt, std::nullopt, now_utc()};
    if (sees_own_agency_actions_only(by.role)) {
        // A partner account with no agency owns no actions, so finds nothing.
        if (!by.agency) {
            SearchResults none;
            none.size = size;
            return none;
        }
        scope.agency = by.agency;
    } else if (works_by_allocation(by.role)) {
        scope.allocated_to = by.id;
    } else if (!may_access_context(by.role, false)) {
        return std::unexpected(Error::forbidden("Your role does not include searching records."));
    }
    return store::search::find(db, scope, words, kind, std::max<std::int64_t>(page, 1), size);
}

Result<int> tidy_search(store::Connection& db)
{
    return store::search::tidy(db);
}

}  // namespace trellis::service
