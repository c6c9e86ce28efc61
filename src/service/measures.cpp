#include "service/measures.hpp"

#include <algorithm>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "service/framework_editing.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"

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
    auto indicator = TRY(store::indicators::get(db, by.partnership, id));
    auto goal = TRY(store::frameworks::goal(db, by.partnership, indicator.goal));
    return LocatedIndicator{std::move(indicator), where, std::move(goal.statement)};
}

Result<GoalEvidence> goal_evidence(store::Connection& db, const User& by, GoalId goal)
{
    auto where = TRY(locate_goal(db, by, goal));
    GoalEvidence out;
    out.goal = TRY(store::frameworks::goal(db, by.partnership, goal));
    for (auto& i : TRY(store::indicators::for_framework(db, by.partnership, where.framework)))
        if (i.goal == goal) out.indicators.push_back(std::move(i));
    for (auto& e : TRY(store::evidence::for_framework(db, by.partnership, where.framework)))
        if (std::ranges::any_of(e.supports, [&](const StageRef& s) { return s.goal == goal; }))
            out.evidence.push_back(std::move(e));
    for (auto& r : TRY(store::outcomes::for_framework(db, by.partnership, where.framework)))
        if (r.goal == goal) out.rating = std::move(r);
    return out;
}

Result<std::vector<Indicator>> indicators_of(store::Connection& db, const User& by, FrameworkId framework)
{
    TRY(locate_framework(db, by, framework));
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
