// What /metrics reports, in the Prometheus text format. Labels name classes of
// things only (a kind of route, a status code): never an id, a name, a path or
// a query, so nothing about a child or a user can reach a metrics store.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace trellis::web {

enum class RouteClass { Page, Api, Static, Health };
inline constexpr std::size_t kRouteClasses = 4;
RouteClass route_class(std::string_view path);
std::string_view to_string(RouteClass c);

// Read when /metrics is asked for.
struct Gauges {
    std::int64_t in_flight = 0;
    std::int64_t open_connections = 0;
    std::int64_t audit_queue = 0;
    std::optional<std::int64_t> sessions;  // nullopt when the database did not answer
    int schema_version = 0;
};

class Metrics {
public:
    // One answered request: its class, whether it was a write (not GET or
    // HEAD), its status, how long it took and how much of that was database time.
    void observe(RouteClass c, bool write, int status, std::chrono::nanoseconds took, std::chrono::nanoseconds db);

    std::string render(const Gauges& g) const;

    static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> at_most{};  // counts per bucket, not yet cumulative
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<RouteClass, bool, int>, std::uint64_t> requests_;
    std::array<Histogram, kRouteClasses> latency_{};
    std::array<double, kRouteClasses> database_seconds_{};
};

// The process's resident memory in bytes (from /proc), 0 when unknown.
std::int64_t resident_bytes();

}  // namespace trellis::web
