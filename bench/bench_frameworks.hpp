// What the benchmarks share: the 50-goal framework they measure with, and medians.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "domain/framework.hpp"

namespace trellis::bench {

// Five areas of ten goals, each stage six sentences long: a large framework.
inline Framework fifty_goals(ContextId context, std::string title = "Benchmark framework")
{
    Framework f;
    f.context = context;
    f.title = std::move(title);
    std::string paragraph =
        "Youth workers met the group in the park and ran the 'who do you trust' activity; the young people named "
        "few adults they trust and described being moved on. ";
    for (int a = 0; a < 5; ++a) {
        AreaOfFocus area{AreaId{}, fmt::format("Area {}", a + 1), {}};
        for (int g = 0; g < 10; ++g) {
            Goal goal;
            goal.statement = fmt::format("Goal {}.{}: young people have safe places and trusted adults", a + 1, g + 1);
            for (auto s : kStages) {
                std::string text;
                for (int k = 0; k < 6; ++k) text += paragraph;
                goal.stage(s) = {text, std::nullopt, "Bench", "", 1};
            }
            area.goals.push_back(std::move(goal));
        }
        f.areas.push_back(std::move(area));
    }
    return f;
}

inline double median(std::vector<double> v)
{
    std::ranges::sort(v);
    return v[v.size() / 2];
}

}  // namespace trellis::bench
