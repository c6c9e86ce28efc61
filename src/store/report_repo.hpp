// Counts and texts across a partnership, for the dashboards and the language lens.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/framework.hpp"
#include "domain/report.hpp"
#include "store/connection.hpp"
#include "store/framework_repo.hpp"

namespace trellis::store::reports {
using Overview = trellis::Overview;
// Counts only: nothing here identifies a context or a young person.
Result<Overview> overview(Connection& db, PartnershipId p);

// Every version of every stage narrative of the partnership's frameworks, with
// where and when it was written and the author's agency: the professional
// text the language lens trends are computed from.
using trellis::StageText;
Result<std::vector<StageText>> stage_texts(Connection& db, PartnershipId p);

using trellis::GoalCount;
// Goals (not removed) of a context's frameworks by status.
Result<std::vector<GoalCount>> goals_by_status(Connection& db, PartnershipId p, ContextId c);
// Goals reached (or partly) per area of focus across the partnership's
// frameworks, areas with the same name counted together.
using trellis::AreaProgress;
Result<std::vector<AreaProgress>> progress_by_area(Connection& db, PartnershipId p);
// Distinct young people recorded in evidence or activity runs: for a context, or the whole partnership.
Result<std::int64_t> young_people_seen(Connection& db, PartnershipId p, std::optional<ContextId> c);
}  // namespace trellis::store::reports
