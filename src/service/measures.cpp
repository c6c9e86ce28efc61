#include "service/measures.hpp"

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/repos.hpp"

namespace trellis::service {
Result<IndicatorId> create_indicator(store::Connection& db, const User& by, const Actor& actor, GoalId goal,
                                     Indicator indicator)
{
    auto where = TRY(store::frameworks::locate_goal(db, by.partnership, goal));
    TRY(may_edit_context(db, by, where.context, "adding indicators"));
    indicator.goal = goal;
    if (auto errors = validate(indicator); !errors.empty()) return std::unexpected(errors.front());
    return store::indicators::create(db, by.partnership, indicator, actor);
}

Result<LocatedIndicator> indicator_of(store::Connection& db, const User& by, IndicatorId id)
{
    auto where = TRY(store::indicators::locate(db, by.partnership, id));
    TRY(need_context(db, by, where.context));
    return LocatedIndicator{TRY(store::indicators::get(db, by.partnership, id)), where};
}

Result<std::vector<Indicator>> indicators_of(store::Connection& db, const User& by, FrameworkId framework)
{
    auto where = TRY(store::frameworks::locate_framework(db, by.partnership, framework));
    TRY(need_context(db, by, where.context));
    return store::indicators::for_framework(db, by.partnership, framework);
}

Result<std::int64_t> add_measurement(store::Connection& db, const User& by, const Actor& actor, IndicatorId indicator,
                                     const Measurement& measurement)
{
    auto where = TRY(store::indicators::locate(db, by.partnership, indicator));
    TRY(may_edit_context(db, by, where.context, "recording measured change"));
    if (auto errors = validate(measurement); !errors.empty()) return std::unexpected(errors.front());
    return store::indicators::add_measurement(db, by.partnership, indicator, measurement, actor);
}

Result<void> rate_outcome(store::Connection& db, const User& by, const Actor& actor, GoalId goal, OutcomeRating rating,
                          const std::string& rationale)
{
    auto where = TRY(store::frameworks::locate_goal(db, by.partnership, goal));
    TRY(may_edit_context(db, by, where.context, "recording measured change"));
    return store::outcomes::rate(db, by.partnership, goal, rating, rationale, actor);
}

}  // namespace trellis::service
