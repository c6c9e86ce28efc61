#include "web/access.hpp"

namespace trellis::web {

Result<store::frameworks::Location> framework_access(Ctx& c, FrameworkId id)
{
    auto where = TRY(store::frameworks::locate_framework(c.db, c.partnership(), id));
    TRY(c.need_context(where.context));
    return where;
}

Result<store::frameworks::Location> area_access(Ctx& c, AreaId id)
{
    auto where = TRY(store::frameworks::locate_area(c.db, c.partnership(), id));
    TRY(c.need_context(where.context));
    return where;
}

Result<store::frameworks::Location> goal_access(Ctx& c, GoalId id)
{
    auto where = TRY(store::frameworks::locate_goal(c.db, c.partnership(), id));
    TRY(c.need_context(where.context));
    return where;
}

}  // namespace trellis::web
