#include "service/actions.hpp"

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/repos.hpp"

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

}  // namespace trellis::service
