// Need-to-know for records inside a context: find the framework, area or goal
// (NotFound outside the partnership), then check the user may see its context.
#pragma once

#include "store/repos.hpp"
#include "web/app.hpp"

namespace trellis::web {

Result<store::frameworks::Location> framework_access(Ctx& c, FrameworkId id);
Result<store::frameworks::Location> area_access(Ctx& c, AreaId id);
Result<store::frameworks::Location> goal_access(Ctx& c, GoalId id);

}  // namespace trellis::web
