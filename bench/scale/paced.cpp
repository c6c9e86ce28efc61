// Requests at a fixed rate, for latency that is not hidden by a slow server:
// request i is due at start + i / rate, and its latency counts from when it
// was due, not from when a client got round to sending it. Given several
// servers (`--port` again, with a `--header` for each), the requests take
// turns among them, each server at the rate, so that every server meets the
// machine's noise of the same seconds: on a busy two-core machine a quiet
// minute and a busy one differ more than two databases do. bench/scale/run
// calls this once a page; it prints "p50_ms p99_ms errors sent", a line for
// each server in the order given.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "http_client.hpp"

int main(int argc, char** argv)
{
    CLI::App app{
        "Requests at a fixed rate; prints p50 and p99 latency in ms, errors and requests sent, a line for "
        "each server"};
    std::vector<int> ports;
    std::vector<std::string> header_lines;
    std::string path;
    double rate = 20, seconds = 5;
    int clients = 32;
    app.add_option("--port", ports, "A server's port; again for more, which take turns")->required();
    app.add_option("--path", path)->required();
    app.add_option("--header", header_lines, "One request header, \"Name: value\": one for each port, or none");
    app.add_option("--rate", rate, "Requests a second to each server");
    app.add_option("--seconds", seconds);
    app.add_option("--clients", clients, "At most this many requests at once");
    CLI11_PARSE(app, argc, argv);
    if (!header_lines.empty() && header_lines.size() != ports.size()) {
        std::fprintf(stderr, "paced: give a --header for each --port, or none\n");
        return 2;
    }

    const auto servers = ports.size();
    std::vector<trellis::testing::Headers> headers(servers);
    for (std::size_t s = 0; s < header_lines.size(); ++s)
        if (auto colon = header_lines[s].find(": "); colon != std::string::npos)
            headers[s].emplace_back(header_lines[s].substr(0, colon), header_lines[s].substr(colon + 2));
    using Clock = std::chrono::steady_clock;
    const double overall_rate = rate * static_cast<double>(servers);
    auto total = static_cast<std::int64_t>(overall_rate * seconds);
    auto start = Clock::now() + std::chrono::milliseconds(50);
    std::atomic<std::int64_t> next{0};
    std::vector<std::atomic<int>> errors(servers);
    std::mutex mutex;
    std::vector<std::vector<double>> latencies(servers);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t)
        threads.emplace_back([&] {
            for (std::int64_t i; (i = next++) < total;) {
                const auto s = static_cast<std::size_t>(i) % servers;
                auto due = start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(static_cast<double>(i) / overall_rate));
                std::this_thread::sleep_until(due);
                auto answer = trellis::testing::http(ports[s], "GET", path, headers[s], {}, 30000);
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
                if (answer.status != 200) ++errors[s];
                std::lock_guard lock(mutex);
                latencies[s].push_back(ms);
            }
        });
    for (auto& t : threads) t.join();
    int failed = 0;
    for (std::size_t s = 0; s < servers; ++s) {
        auto& sorted = latencies[s];
        std::ranges::sort(sorted);
        auto at = [&](double q) {
            return sorted.empty() ? 0.0
                                  : sorted[std::min(sorted.size() - 1,
                                                    static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
        };
        std::printf("%.2f %.2f %d %zu\n", at(0.50), at(0.99), errors[s].load(), sorted.size());
        failed += errors[s].load();
    }
    return failed == 0 ? 0 : 1;
}
