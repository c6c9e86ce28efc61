#include "service/measures.hpp"

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/repos.hpp"

namespace trellis::service {
namespace {

Result<void> may_edit(store::Connection& db, const User& by, ContextId context)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include recording measured change."));
    return need_context(db, by, context);
}

}  // namespace

Result<std::int64_t> add_measurement(store::Connection& db, const User& by, const Actor& actor, IndicatorId indicator,
                                     const Measurement& measurement)
{
    auto where = TRY(store::indicators::locate(db, by.partnership, indicator));
    TRY(may_edit(db, by, where.context));
    if (auto errors = validate(measurement); !errors.empty()) return std::unexpected(errors.front());
    return store::indicators::add_measurement(db, by.partnership, indicator, measurement, actor);
}

Result<void> rate_outcome(store::Connection& db, const User& by, const Actor& actor, GoalId goal, OutcomeRating rating,
                          const std::string& rationale)
{
    auto where = TRY(store::frameworks::locate_goal(db, by.partnership, goal));
    TRY(may_edit(db, by, where.context));
    return store::outcomes::rate(db, by.partnership, goal, rating, rationale, actor);
}

}  // namespace trellis::service
