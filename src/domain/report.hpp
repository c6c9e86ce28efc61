// Read models of the reports: counts and texts across a partnership.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/framework.hpp"

namespace trellis {

// Counts only: nothing here identifies a context or a young person.
struct Overview {
    std::int64_t contexts = 0;
    std::vector<std::pair<FrameworkStatus, std::int64_t>> frameworks;
    std::vector<std::pair<GoalStatus, std::int64_t>> goals;
};

// Every version of every stage narrative of the partnership's frameworks, with
// where and when it was written and the author's agency: the professional
// text the language lens trends are computed from.
struct StageText {
    ContextId context;
    std::string context_name;
    std::string agency;  // the author's agency, or "" when none is recorded
    std::string month;   // YYYY-MM
    std::string body;
};

struct GoalCount {
    GoalStatus status = GoalStatus::NotStarted;
    std::int64_t count = 0;
};

struct AreaProgress {
    std::string area;
    std::int64_t goals = 0;
    std::int64_t reached = 0;
    std::int64_t partly = 0;
};

}  // namespace trellis
