#include "web/metrics.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

namespace trellis::web {

RouteClass route_class(std::string_view path)
{
    if (path.starts_with("/static/")) return RouteClass::Static;
    if (path.starts_with("/api/")) return RouteClass::Api;
    if (path == "/healthz" || path == "/metrics") return RouteClass::Health;
    return RouteClass::Page;
}

std::string_view to_string(RouteClass c)
{
    switch (c) {
        case RouteClass::Page: return "page";
        case RouteClass::Api: return "api";
        case RouteClass::Static: return "static";
        case RouteClass::Health: return "health";
    }
    return "page";
}

void Metrics::observe(RouteClass c, bool write, int status, std::chrono::nanoseconds took, std::chrono::nanoseconds db)
{
    double seconds = std::chrono::duration<double>(took).count();
    auto bucket = std::ranges::lower_bound(kBuckets, seconds) - kBuckets.begin();
    auto i = static_cast<std::size_t>(c);
    std::lock_guard lock(mutex_);
    ++requests_[{c, write, status}];
    auto& h = latency_[i];
    if (bucket < static_cast<std::ptrdiff_t>(kBuckets.size())) ++h.at_most[static_cast<std::size_t>(bucket)];
    ++h.count;
    h.sum += seconds;
    database_seconds_[i] += std::chrono::duration<double>(db).count();
}

std::string Metrics::render(const Gauges& g) const
{
    std::string out;
    auto line = [&out](std::string_view text) {
        out += text;
        out += '\n';
    };
    std::lock_guard lock(mutex_);
    line("# HELP trellis_requests_total Requests answered, by class of route, read or write, and status.");
    line("# TYPE trellis_requests_total counter");
    for (const auto& [key, n] : requests_) {
        const auto& [c, write, status] = key;
        line(fmt::format(R"(trellis_requests_total{{class="{}",kind="{}",status="{}"}} {})", to_string(c),
                         write ? "write" : "read", status, n));
    }
    line("# HELP trellis_request_duration_seconds Time from a request's arrival at a worker to its answer.");
    line("# TYPE trellis_request_duration_seconds histogram");
    for (std::size_t i = 0; i < kRouteClasses; ++i) {
        auto name = to_string(static_cast<RouteClass>(i));
        const auto& h = latency_[i];
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < kBuckets.size(); ++b) {
            cumulative += h.at_most[b];
            line(fmt::format(R"(trellis_request_duration_seconds_bucket{{class="{}",le="{}"}} {})", name, kBuckets[b],
                             cumulative));
        }
        line(fmt::format(R"(trellis_request_duration_seconds_bucket{{class="{}",le="+Inf"}} {})", name, h.count));
        line(fmt::format(R"(trellis_request_duration_seconds_sum{{class="{}"}} {})", name, h.sum));
        line(fmt::format(R"(trellis_request_duration_seconds_count{{class="{}"}} {})", name, h.count));
    }
    line("# HELP trellis_database_seconds_total Time requests spent waiting on the database.");
    line("# TYPE trellis_database_seconds_total counter");
    for (std::size_t i = 0; i < kRouteClasses; ++i)
        line(fmt::format(R"(trellis_database_seconds_total{{class="{}"}} {})", to_string(static_cast<RouteClass>(i)),
                         database_seconds_[i]));
    line("# HELP trellis_requests_in_flight Requests handed to a worker and not yet answered.");
    line("# TYPE trellis_requests_in_flight gauge");
    line(fmt::format("trellis_requests_in_flight {}", g.in_flight));
    line("# HELP trellis_open_connections Client connections open now.");
    line("# TYPE trellis_open_connections gauge");
    line(fmt::format("trellis_open_connections {}", g.open_connections));
    line("# HELP trellis_audit_queue_length Views of records waiting for the audit log's next commit.");
    line("# TYPE trellis_audit_queue_length gauge");
    line(fmt::format("trellis_audit_queue_length {}", g.audit_queue));
    line("# HELP trellis_database_up 1 when the database answered this scrape, else 0.");
    line("# TYPE trellis_database_up gauge");
    line(fmt::format("trellis_database_up {}", g.sessions ? 1 : 0));
    if (g.sessions) {
        line("# HELP trellis_sessions Browser sessions signed in and not expired, across all partnerships.");
        line("# TYPE trellis_sessions gauge");
        line(fmt::format("trellis_sessions {}", *g.sessions));
    }
    line("# HELP trellis_schema_version The database schema this build uses.");
    line("# TYPE trellis_schema_version gauge");
    line(fmt::format("trellis_schema_version {}", g.schema_version));
    line("# HELP process_resident_memory_bytes Resident memory of the server process.");
    line("# TYPE process_resident_memory_bytes gauge");
    line(fmt::format("process_resident_memory_bytes {}", resident_bytes()));
    return out;
}

std::int64_t resident_bytes()
{
    std::ifstream statm("/proc/self/statm");
    std::int64_t size = 0;
    std::int64_t resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * ::sysconf(_SC_PAGESIZE);
}

}  // namespace trellis::web
