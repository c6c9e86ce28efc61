// Requests at a fixed rate, for latency that is not hidden by a slow server:
// request i is due at start + i / rate, and its latency counts from when it
// was due, not from when a client got round to sending it. bench/scale/run
// calls this once a page; it prints "p50_ms p99_ms errors sent".
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
    CLI::App app{"Requests at a fixed rate; prints p50 and p99 latency in ms, errors and requests sent"};
    int port = 0;
    std::string path, header;
    double rate = 20, seconds = 5;
    int clients = 32;
    app.add_option("--port", port)->required();
    app.add_option("--path", path)->required();
    app.add_option("--header", header, "One request header, \"Name: value\"");
    app.add_option("--rate", rate, "Requests a second");
    app.add_option("--seconds", seconds);
    app.add_option("--clients", clients, "At most this many requests at once");
    CLI11_PARSE(app, argc, argv);

    trellis::testing::Headers headers;
    if (auto colon = header.find(": "); colon != std::string::npos)
        headers.emplace_back(header.substr(0, colon), header.substr(colon + 2));
    using Clock = std::chrono::steady_clock;
    auto total = static_cast<std::int64_t>(rate * seconds);
    auto start = Clock::now() + std::chrono::milliseconds(50);
    std::atomic<std::int64_t> next{0};
    std::atomic<int> errors{0};
    std::mutex mutex;
    std::vector<double> latencies;
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t)
        threads.emplace_back([&] {
            for (std::int64_t i; (i = next++) < total;) {
                auto due = start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(static_cast<double>(i) / rate));
                std::this_thread::sleep_until(due);
                auto answer = trellis::testing::http(port, "GET", path, headers, {}, 30000);
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
                if (answer.status != 200) ++errors;
                std::lock_guard lock(mutex);
                latencies.push_back(ms);
            }
        });
    for (auto& t : threads) t.join();
    std::ranges::sort(latencies);
    auto at = [&](double q) {
        return latencies.empty()
                   ? 0.0
                   : latencies[std::min(latencies.size() - 1,
                                        static_cast<std::size_t>(q * static_cast<double>(latencies.size())))];
    };
    std::printf("%.2f %.2f %d %zu\n", at(0.50), at(0.99), errors.load(), latencies.size());
    return errors.load() == 0 ? 0 : 1;
}
