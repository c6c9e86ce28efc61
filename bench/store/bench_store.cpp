// Saves and loads a 50-goal framework on SQLite and PostgreSQL, side by side
// in one run, and prints the median times and the PostgreSQL/SQLite ratio.
//
//   bench_store [--rounds N] [--pg URL]     (bench/store/run starts a throwaway cluster)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_frameworks.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/migrations.hpp"
#include "store/partnership_repo.hpp"

using namespace trellis;
using trellis::bench::fifty_goals;
using trellis::bench::median;

namespace {

struct Figures {
    double save_ms = 0;
    double load_ms = 0;
};

Figures run(store::Connection& db, int rounds)
{
    auto check = [](auto r) {
        if (!r) {
            std::cerr << "bench_store: " << r.error().message << "\n";
            std::exit(1);
        }
        return std::move(r).value();
    };
    check(store::migrate(db));
    auto p = check(store::partnerships::create(db, {{}, fmt::format("bench-{}", ::getpid()), "Bench"}));
    Context c;
    c.partnership = p;
    c.name = "Bench context";
    auto context = check(store::contexts::create(db, c));
    auto framework = fifty_goals(context);
    std::vector<double> saves, loads;
    FrameworkId last;
    for (int i = 0; i < rounds; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        last = check(store::frameworks::create(db, p, framework));
        auto t1 = std::chrono::steady_clock::now();
        auto loaded = check(store::frameworks::load(db, p, last));
        auto t2 = std::chrono::steady_clock::now();
        if (loaded.goal_count() != 50) std::exit(1);
        saves.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        loads.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    return {median(saves), median(loads)};
}

}  // namespace

int main(int argc, char** argv)
{
    int rounds = 30;
    std::string pg;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--rounds") rounds = std::max(3, std::atoi(argv[i + 1]));
        if (flag == "--pg") pg = argv[i + 1];
    }
    auto dir = std::filesystem::temp_directory_path() / fmt::format("trellis-bench-{}", ::getpid());
    std::filesystem::create_directories(dir);
    auto sqlite = store::open("sqlite:" + (dir / "bench.db").string());
    if (!sqlite) {
        std::cerr << sqlite.error().message << "\n";
        return 1;
    }
    std::cout << fmt::format("50-goal framework (5 areas x 10 goals, 200 stage texts), median of {} rounds\n", rounds);
    std::cout << fmt::format("{:<12} {:>10} {:>10}\n", "backend", "save ms", "load ms");
    auto s = run(**sqlite, rounds);
    std::cout << fmt::format("{:<12} {:>10.2f} {:>10.2f}\n", "SQLite", s.save_ms, s.load_ms);
    if (!pg.empty()) {
        auto pgc = store::open(pg);
        if (!pgc) {
            std::cerr << pgc.error().message << "\n";
            return 1;
        }
        auto p = run(**pgc, rounds);
        std::cout << fmt::format("{:<12} {:>10.2f} {:>10.2f}\n", "PostgreSQL", p.save_ms, p.load_ms);
        std::cout << fmt::format("ratio PostgreSQL/SQLite: save {:.2f}, load {:.2f}\n", p.save_ms / s.save_ms,
                                 p.load_ms / s.load_ms);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
