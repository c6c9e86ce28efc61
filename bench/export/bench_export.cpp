// Time per export format, side by side in one run: the demo framework (3 goals
// with indicators, actions and evidence) and a 50-goal framework, each written
// as JSON, Markdown, CSV, Word and PDF. Prints the median of N rounds and each
// format's time as a multiple of Markdown's, measured in the same run.
//
//   bench_export [--rounds N]          (bench/export/run)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_frameworks.hpp"
#include "formats/export_formats.hpp"
#include "formats/framework_export.hpp"
#include "formats/framework_json.hpp"
#include "formats/template_files.hpp"
#include "service/demo.hpp"
#include "service/frameworks.hpp"
#include "store/framework_repo.hpp"
#include "store/migrations.hpp"

using namespace trellis;
using trellis::bench::fifty_goals;
using trellis::bench::median;

namespace {

template <typename T>
T check(Result<T> r)
{
    if (!r) {
        std::cerr << "bench_export: " << r.error().message << "\n";
        std::exit(1);
    }
    return std::move(*r);
}

}  // namespace

int main(int argc, char** argv)
{
    int rounds = 15;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
    auto folder = std::filesystem::temp_directory_path() / fmt::format("trellis-bench-export-{}", getpid());
    std::filesystem::create_directories(folder);
    auto db = check(store::open("sqlite:" + (folder / "bench.db").string()));
    check(store::migrate(*db));
    auto templates = check(formats::load_templates(TRELLIS_SHARE_DIR "/templates"));
    auto demo = check(service::create_demo(*db, templates));
    auto p = demo.partnership;
    auto big = check(store::frameworks::create(*db, p, fifty_goals(ContextId{2})));
    Actor bench{std::nullopt, "bench", "bench"};

    struct Format {
        const char* name;
        std::function<std::size_t(const service::DocumentData&)> write;
    };
    // Every format of the registry, Markdown first (the others are measured against it).
    std::vector<Format> formats_;
    for (const auto& f : formats::export_formats()) {
        if (f.write) {
            formats_.push_back({f.name.data(), [write = f.write](const service::DocumentData& d) {
                                    return check(write(d.input(), "2026-11-26")).size();
                                }});
        } else {
            formats_.push_back({f.name.data(), [](const service::DocumentData& d) {
                                    formats::FrameworkDocument doc{d.framework, std::nullopt, ""};
                                    return formats::to_json(doc, [](UserId) { return std::string(); }).dump(2).size();
                                }});
        }
    }
    std::ranges::stable_partition(formats_, [](const Format& f) { return std::string_view(f.name) == "markdown"; });
    std::cout << fmt::format("Export formats, median of {} rounds (SQLite; load and audit measured once per round)\n\n",
                             rounds);
    std::cout << fmt::format("{:<28} {:>9} {:>10} {:>10} {:>12}\n", "framework / format", "load ms", "write ms",
                             "size KB", "× markdown");
    for (auto [label, id] : {std::pair{"demo (3 goals)", demo.framework}, std::pair{"50 goals", big}}) {
        std::vector<double> load;
        std::vector<std::vector<double>> times(formats_.size());
        std::vector<std::size_t> sizes(formats_.size());
        for (int r = 0; r < rounds; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            auto data = check(service::document_export(*db, p, id, "bench", service::Audience::Team, bench));
            load.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            // Formats take turns in a different order each round, so drift on a noisy machine spreads evenly.
            for (std::size_t k = 0; k < formats_.size(); ++k) {
                std::size_t f = (k + static_cast<std::size_t>(r)) % formats_.size();
                auto s = std::chrono::steady_clock::now();
                sizes[f] = formats_[f].write(data);
                times[f].push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
            }
        }
        double base = median(times[0]);
        for (std::size_t f = 0; f < formats_.size(); ++f)
            std::cout << fmt::format("{:<28} {:>9.2f} {:>10.2f} {:>10.1f} {:>12.1f}\n",
                                     fmt::format("{} / {}", label, formats_[f].name), median(load), median(times[f]),
                                     double(sizes[f]) / 1024, median(times[f]) / base);
    }
    std::filesystem::remove_all(folder);
    return 0;
}
