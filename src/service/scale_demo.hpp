// The demo partnership at the size of a large one, for measuring Trellis
// (`trellis demo --scale N`): thousands of contexts, millions of responses and
// audit rows, spread as real work spreads (a few busy contexts, many quiet).
// Every name, quote and narrative is made up from fixed phrases; the same N
// gives the same partnership.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "domain/ids.hpp"
#include "domain/template.hpp"
#include "service/demo.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// What one unit of scale adds; --scale N adds N times as much.
struct ScaleCounts {
    std::int64_t contexts = 1000;
    std::int64_t young_people = 3000;
    std::int64_t evidence = 100'000;
    std::int64_t voices = 10'000;
    std::int64_t responses = 1'000'000;
    std::int64_t audit_rows = 2'000'000;
    std::int64_t users = 60;
};

ScaleCounts counts_for(int scale);

struct ScaleReport {
    ScaleCounts made;
    std::int64_t frameworks = 0;
    std::int64_t goals = 0;
    std::int64_t actions = 0;
    std::int64_t meetings = 0;
    std::int64_t runs = 0;
    std::int64_t indicators = 0;
};

// Told how far each part has got: ("responses", 412'000, 1'000'000).
using Progress = std::function<void(std::string_view part, std::int64_t done, std::int64_t total)>;

// Grows the demo partnership `p` (whose busiest context is `busy`, taking a
// tenth of its responses, evidence and views) by `counts`, in the caller's
// transaction or one of its own.
Result<ScaleReport> grow_demo(store::Connection& db, PartnershipId p, ContextId busy,
                              const std::vector<FrameworkTemplate>& templates, const ScaleCounts& counts,
                              const Progress& progress);

// The demo partnership (create_demo) grown by `counts`, in one transaction:
// nothing is left behind when it fails or is stopped.
struct ScaleDemo {
    DemoReport demo;
    ScaleReport grown;
};
Result<ScaleDemo> create_scale_demo(store::Connection& db, const std::vector<FrameworkTemplate>& templates,
                                    const ScaleCounts& counts, const Progress& progress);

}  // namespace trellis::service
