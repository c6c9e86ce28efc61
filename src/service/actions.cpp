#include "service/actions.hpp"

#include <algorithm>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/action_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/partnership_repo.hpp"

namespace trellis::service {

Result<ActionId> create_action(store::Connection& db, const User& by, const Actor& actor, GoalId goal, Action action)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include adding actions to a plan."));
    auto where = TRY(store::frameworks::locate_goal(db, by.partnership, goal));
    TRY(need_context(db, by, where.context));
    action.goal = goal;
    if (auto errors = validate(action); !errors.empty()) return std::unexpected(errors.front());
    return store::actions::create(db, by.partnership, action, actor);
}

Result<std::vector<Agency>> agencies_of(store::Connection& db, const User& by)
{
    return store::partnerships::agencies(db, by.partnership);
}

Result<ActionDetail> action_detail(store::Connection& db, const User& by, ActionId id)
{
    auto place = TRY(store::actions::locate(db, by.partnership, id));
    if (sees_own_agency_actions_only(by.role)) {
        if (!by.agency || std::ranges::find(place.agencies, *by.agency) == place.agencies.end())
            return std::unexpected(Error::not_found("There is no such action."));
    } else if (!role_allows(by.role, Permission::WorkOnActions)) {
        return std::unexpected(Error::not_found("There is no such action."));
    } else {
        TRY(need_context(db, by, place.context));
    }
    auto action = TRY(store::actions::get(db, by.partnership, id));
    auto goal = TRY(store::frameworks::goal(db, by.partnership, place.goal));
    return ActionDetail{std::move(action), std::move(place), goal.statement};
}

Result<void> record_progress(store::Connection& db, const User& by, const Actor& actor, ActionId id,
                             ActionStatus status, const std::string& note)
{
    TRY(action_detail(db, by, id));
    return store::actions::progress(db, by.partnership, id, status, note, actor);
}

Result<Page<AgencyAction>> agency_actions(store::Connection& db, const User& by, ActionFilter filter,
                                          const std::string& today, std::int64_t page, std::int64_t per_page)
{
    if (!by.agency) return Page<AgencyAction>{};
    filter.agency = *by.agency;
    filter.context.reset();
    return store::actions::list(db, by.partnership, filter, today, std::nullopt, std::max<std::int64_t>(page, 1),
                                std::clamp<std::int64_t>(per_page, 1, 100000));
}

Result<Page<AgencyAction>> partnership_actions(store::Connection& db, const User& by, const ActionFilter& filter,
                                               const std::string& today, std::int64_t page, std::int64_t per_page)
{
    TRY(need_permission(by, Permission::ReadContexts, "the partnership's actions"));
    if (filter.context) TRY(need_context(db, by, *filter.context));
    std::optional<UserId> allocated_to;
    if (works_by_allocation(by.role)) allocated_to = by.id;
    return store::actions::list(db, by.partnership, filter, today, allocated_to, std::max<std::int64_t>(page, 1),
                                std::clamp<std::int64_t>(per_page, 1, 100000));
}

Result<AgencyId> create_agency(store::Connection& db, const User& by, const Actor& actor, Agency agency)
{
    if (!role_allows(by.role, Permission::ManageUsers))
        return std::unexpected(Error::forbidden("Your role does not include adding agencies."));
    agency.partnership = by.partnership;
    auto tx = TRY(store::Transaction::begin(db));
    auto id = TRY(store::partnerships::create_agency(db, agency));
    TRY(store::audit::record(db, actor, {by.partnership, "create", "agency", id.value, {}, ""}));
    TRY(tx.commit());
    return id;
}

}  // namespace trellis::service
