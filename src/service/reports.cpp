#include "service/reports.hpp"

#include <algorithm>

#include "domain/clock.hpp"
#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/action_repo.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/partnership_repo.hpp"
#include "store/report_repo.hpp"

namespace trellis::service {

Result<PartnershipDashboard> partnership_dashboard(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ReadReports, "the partnership's reports"));
    auto p = by.partnership;
    PartnershipDashboard d;
    d.overview = TRY(store::reports::overview(db, p));
    d.areas = TRY(store::reports::progress_by_area(db, p));
    auto indicators = TRY(store::indicators::for_partnership(db, p));
    d.indicators = static_cast<std::int64_t>(indicators.size());
    for (auto t : {Trend::Reached, Trend::Better, Trend::Same, Trend::Worse, Trend::NotYet})
        d.trends.emplace_back(t, std::ranges::count_if(indicators, [&](const Indicator& i) { return trend(i) == t; }));
    d.young_people_seen = TRY(store::reports::young_people_seen(db, p, std::nullopt));
    return d;
}

Result<ContextDashboard> context_dashboard(store::Connection& db, const User& by, ContextId id)
{
    TRY(need_context(db, by, id));
    auto p = by.partnership;
    ContextDashboard d;
    d.context = TRY(store::contexts::get(db, p, id));
    d.goals = TRY(store::reports::goals_by_status(db, p, id));
    for (const auto& f : TRY(store::frameworks::list(db, p, id))) {
        for (auto& i : TRY(store::indicators::for_framework(db, p, f.id)))
            d.indicators.push_back({f.title, std::move(i)});
    }
    d.latest_evidence = TRY(store::evidence::for_context(db, p, id, 5));
    d.runs = TRY(store::activities::for_context(db, p, id));
    d.on_register = TRY(store::young_people::count_for_context(db, p, id));
    d.young_people_seen = TRY(store::reports::young_people_seen(db, p, id));
    return d;
}

Result<std::string> reports_stamp(store::Connection& db)
{
    return store::audit::change_stamp(db);
}

Result<HomeOverview> home_overview(store::Connection& db, const User& by)
{
    HomeOverview o;
    o.partnership_name = "the partnership";
    for (const auto& p : TRY(store::partnerships::list(db)))
        if (p.id == by.partnership) o.partnership_name = p.name;
    o.overview = TRY(store::reports::overview(db, by.partnership));
    auto today = today_utc();
    o.overdue_actions = TRY(store::actions::overdue_count(db, by.partnership, today));
    auto reviews = TRY(store::frameworks::due_for_review(db, by.partnership, today));
    o.overdue_reviews = static_cast<std::int64_t>(reviews.size());
    if (may_access_context(by.role, false)) o.reviews = std::move(reviews);  // sees every context
    return o;
}

}  // namespace trellis::service
