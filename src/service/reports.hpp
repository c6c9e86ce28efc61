// Read-only views across a context or the whole partnership: the dashboards
// and the overview. Counts only where the reader is not on the context.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/context.hpp"
#include "domain/evidence.hpp"
#include "domain/indicator.hpp"
#include "domain/report.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// The partnership dashboard (leads and viewers): counts, never a context's
// or a young person's details. The pages and the API show the same figures.
struct PartnershipDashboard {
    Overview overview;
    std::vector<AreaProgress> areas;
    std::int64_t indicators = 0;
    std::vector<std::pair<Trend, std::int64_t>> trends;  // better, same, worse, not yet
    std::int64_t young_people_seen = 0;
};
Result<PartnershipDashboard> partnership_dashboard(store::Connection& db, const User& by);

// One context's dashboard, for someone who may see the context.
struct IndicatorOfFramework {
    std::string framework_title;
    Indicator indicator;
};
struct ContextDashboard {
    Context context;
    std::vector<GoalCount> goals;
    std::vector<IndicatorOfFramework> indicators;
    std::vector<EvidenceRecord> latest_evidence;  // the five newest
    std::vector<ActivityRun> runs;                // oldest first
    std::int64_t on_register = 0;
    std::int64_t young_people_seen = 0;
};
Result<ContextDashboard> context_dashboard(store::Connection& db, const User& by, ContextId id);

// Stands as it is while nothing the reports are computed from has changed, on
// any instance (see store::audit::change_stamp): the key under which a
// report's page can be kept.
Result<std::string> reports_stamp(store::Connection& db);

// What a signed-in user sees first: the partnership's counts and what is overdue.
struct HomeOverview {
    std::string partnership_name;
    Overview overview;
    std::int64_t overdue_actions = 0;
    std::int64_t overdue_reviews = 0;
    std::vector<FrameworkSummary> reviews;  // named only for leads
};
Result<HomeOverview> home_overview(store::Connection& db, const User& by);

}  // namespace trellis::service
