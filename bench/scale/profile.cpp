// Where the main pages' time goes in the database: runs the use cases behind
// them against a database (the demo, or one grown by `trellis demo --scale`)
// as the demo lead, on the friendship group, and prints for each the time in
// the database and its slowest statements.
//
//   profile --db URL [--rounds N] [--show-from MS]
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "domain/clock.hpp"
#include "service/actions.hpp"
#include "service/administration.hpp"
#include "service/audit_trail.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/register.hpp"
#include "service/reports.hpp"
#include "service/responses.hpp"
#include "service/retention.hpp"
#include "service/search.hpp"
#include "store/connection.hpp"
#include "store/user_repo.hpp"

using namespace trellis;

int main(int argc, char** argv)
{
    CLI::App app{"The main pages' use cases, timed statement by statement"};
    std::string url;
    int rounds = 5;
    double shown_from = 0.5;
    std::int64_t context = 0;
    app.add_option("--db", url)->required();
    app.add_option("--context", context, "The context whose pages are timed (default: the friendship group)");
    app.add_option("--rounds", rounds, "Runs of each use case; the median is shown");
    app.add_option("--show-from", shown_from, "Statements taking at least this many ms are shown (default 0.5)");
    CLI11_PARSE(app, argc, argv);

    auto db = store::open(url);
    if (!db) {
        fmt::print(stderr, "profile: {}\n", db.error().message);
        return 1;
    }
    auto& c = **db;
    auto ids = c.query(
        "SELECT u.id, u.partnership_id, x.id FROM users u JOIN contexts x ON x.partnership_id = "
        "u.partnership_id AND x.name = 'Millbrook Road friendship group' WHERE u.email = "
        "'lead@demo.trellis.test'");
    if (!ids || ids->empty()) {
        fmt::print(stderr, "profile: the database holds no demo partnership\n");
        return 1;
    }
    auto lead = store::users::get(c, PartnershipId{ids->first().integer(1)}, UserId{ids->first().integer(0)});
    if (!lead) return 1;
    ContextId group{context > 0 ? context : ids->first().integer(2)};
    auto framework = c.query("SELECT id FROM frameworks WHERE context_id = $1 ORDER BY id LIMIT 1", {group.value});

    // The demo's partner and admin, and the practitioner allocated the fewest
    // contexts (most see few; the demo's own sees many in generated data).
    auto user_of = [&](const std::string& sql) -> std::optional<User> {
        auto row = c.query(sql);
        if (!row || row->empty()) return std::nullopt;
        auto u = store::users::get(c, lead->partnership, UserId{row->first().integer(0)});
        return u ? std::optional<User>{*u} : std::nullopt;
    };
    auto partner = user_of("SELECT id FROM users WHERE email = 'partner@demo.trellis.test'");
    auto admin = user_of("SELECT id FROM users WHERE email = 'admin@demo.trellis.test'");
    auto practitioner = user_of(
        "SELECT u.id FROM users u JOIN allocations a ON a.user_id = u.id WHERE u.role = 'practitioner' "
        "GROUP BY u.id ORDER BY COUNT(*), u.id LIMIT 1");
    auto demo_practitioner = user_of("SELECT id FROM users WHERE email = 'practitioner@demo.trellis.test'");
    if (!partner || !admin || !practitioner || !demo_practitioner) {
        fmt::print(stderr, "profile: the demo's partner, admin or a practitioner is missing\n");
        return 1;
    }

    struct UseCase {
        const char* name;
        std::function<bool()> run;
    };
    auto ok = [](const auto& r) { return r.has_value(); };
    const std::vector<UseCase> cases = {
        {"contexts", [&] { return ok(service::contexts_page(c, *lead, {}, 1)); }},
        {"context", [&] { return ok(service::context(c, *lead, group)); }},
        {"framework",
         [&] { return ok(service::framework(c, *lead, FrameworkId{framework.value().first().integer(0)})); }},
        {"context dashboard", [&] { return ok(service::context_dashboard(c, *lead, group)); }},
        {"responses", [&] { return ok(service::response_log(c, *lead, group, {}, 1)); }},
        {"evidence", [&] { return ok(service::evidence_of(c, *lead, group, 25)); }},
        // The voices page also counts each theme's quotes, and the register, to
        // decide whether its form lists it.
        {"voices",
         [&] {
             return ok(service::voices_page(c, *lead, group, "", 1)) && ok(service::voice_themes(c, *lead, group)) &&
                    ok(service::register_choice(c, *lead, group));
         }},
        {"young people", [&] { return ok(service::register_page(c, *lead, group, 1, 50)); }},
        {"partnership dashboard", [&] { return ok(service::partnership_dashboard(c, *lead)); }},
        {"actions", [&] { return ok(service::partnership_actions(c, *lead, {}, today_utc(), 1)); }},
        {"audit", [&] { return ok(service::audit_trail(c, *lead, {})); }},
        {"audit of the context",
         [&] {
             service::AuditFilter of_group;
             of_group.context = group;
             return ok(service::audit_trail(c, *lead, of_group));
         }},
        {"disclosures", [&] { return ok(service::disclosure_log(c, *lead, {})); }},
        {"search", [&] { return ok(service::search(c, *lead, "underpass", std::nullopt, 1)); }},
        {"agency's actions", [&] { return ok(service::agency_actions(c, *partner, {}, today_utc(), 1)); }},
        {"practitioner's search", [&] { return ok(service::search(c, *practitioner, "underpass", std::nullopt, 1)); }},
        {"demo practitioner's search",
         [&] { return ok(service::search(c, *demo_practitioner, "underpass", std::nullopt, 1)); }},
        {"users", [&] { return ok(service::users_page(c, *admin, {}, 1, 25)); }},
        {"retention preview", [&] { return ok(service::retention_preview(c, *admin, today_utc())); }},
        {"contexts named",
         [&] {
             return ok(service::contexts_after(c, *lead, {.name = "park", .kind = {}, .stage = {}}, std::nullopt, 8));
         }},
    };
    using Ms = std::chrono::duration<double, std::milli>;
    for (const auto& use : cases) {
        std::vector<double> totals;
        std::map<std::string, std::vector<double>> by_statement;
        for (int r = 0; r < rounds; ++r) {
            double total = 0;
            std::map<std::string, double> round;
            c.observe([&](std::string_view sql, const store::Params&, std::chrono::nanoseconds took) {
                total += Ms(took).count();
                round[std::string(sql)] += Ms(took).count();
            });
            if (!use.run()) {
                fmt::print(stderr, "profile: {} failed\n", use.name);
                return 1;
            }
            c.observe({});
            totals.push_back(total);
            for (const auto& [sql, ms] : round) by_statement[sql].push_back(ms);
        }
        auto median = [](std::vector<double> v) {
            std::ranges::sort(v);
            return v[v.size() / 2];
        };
        fmt::print("{:<24} {:8.2f} ms in {} statements\n", use.name, median(totals), by_statement.size());
        std::vector<std::pair<double, std::string>> slowest;
        for (const auto& [sql, times] : by_statement) slowest.emplace_back(median(times), sql);
        std::ranges::sort(slowest, std::greater{});
        for (std::size_t i = 0; i < std::min<std::size_t>(30, slowest.size()) && slowest[i].first >= shown_from; ++i)
            fmt::print("    {:8.2f} ms  {}\n", slowest[i].first, slowest[i].second.substr(0, 150));
    }
    fmt::print("statements kept prepared: {} (at most {})\n", c.prepared_statements(), store::kMostPreparedStatements);
    return 0;
}
