// A mixed load against a running Trellis for a set time, reporting errors,
// latency percentiles and the server's resident memory at every interval.
// bench/soak/run starts the server and calls this; see README.md, "Soak".
//
// Each client loops over what a partnership does all day: reading the
// framework page and the list of contexts signed in by cookie, reading the
// framework and the contexts through the API, fetching the stylesheet,
// recording responses through the API, and saving a stage of a goal through
// the page's form (a new version each time). Every answer must have the status
// its request expects; anything else, or no answer, is an error.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"

namespace {

using trellis::testing::http;
using trellis::testing::HttpAnswer;
using Clock = std::chrono::steady_clock;

struct Options {
    int port = 0;
    int pid = 0;
    std::string email;
    std::string password;
    std::string token;
    int seconds = 1800;
    int interval = 60;
    int clients = 8;
    int judge_memory_after = 600;  // runs shorter than this report memory but do not judge it
};

// The server's resident memory in kB, from /proc; 0 when it cannot be read.
long resident_kb(int pid)
{
    std::ifstream status(fmt::format("/proc/{}/status", pid));
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return 0;
}

std::string url_encode(const std::string& s)
{
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::string match(const std::string& text, const std::regex& re)
{
    std::smatch m;
    return std::regex_search(text, m, re) ? std::string(m[1]) : "";
}

struct Session {
    std::string cookie;  // Cookie header value
    std::string csrf;
};

// Signs in through the form, as a browser does.
Session sign_in(const Options& o)
{
    static const std::regex csrf(R"re(name="_csrf" value="([^"]+)")re");
    static const std::regex pre("Set-Cookie: trellis_pre=([^;\r]+)");
    static const std::regex session("Set-Cookie: trellis_session=([^;\r]+)");
    auto form = http(o.port, "GET", "/sign-in");
    auto pre_cookie = "trellis_pre=" + match(form.headers, pre);
    auto answer = http(o.port, "POST", "/sign-in",
                       {{"Cookie", pre_cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                       "email=" + url_encode(o.email) + "&password=" + url_encode(o.password) +
                           "&_csrf=" + url_encode(match(form.body, csrf)));
    Session s;
    s.cookie = "trellis_session=" + match(answer.headers, session);
    s.csrf = match(http(o.port, "GET", "/account", {{"Cookie", s.cookie}}).body, csrf);
    if (answer.status != 303 || s.csrf.empty()) {
        std::fprintf(stderr, "soak: cannot sign in as %s (status %d)\n", o.email.c_str(), answer.status);
        std::exit(2);
    }
    return s;
}

struct Interval {
    std::vector<double> ms;
    std::map<std::size_t, std::vector<double>> by_step;  // by index into the steps
    long errors = 0;
    std::vector<std::string> first_errors;
};

double percentile(std::vector<double>& v, double p)
{
    if (v.empty()) return 0;
    auto at = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(at), v.end());
    return v[at];
}

}  // namespace

int main(int argc, char** argv)
{
    Options o;
    CLI::App app{"A mixed load against a running Trellis, reporting errors, latency and memory over time"};
    app.add_option("--port", o.port, "The server's port")->required();
    app.add_option("--pid", o.pid, "The server's process id (for its resident memory)")->required();
    app.add_option("--email", o.email, "An account that can edit the framework")->required();
    app.add_option("--password", o.password)->required();
    app.add_option("--token", o.token, "An API token of the same account")->required();
    app.add_option("--seconds", o.seconds, "How long to run")->capture_default_str()->check(CLI::Range(5, 86400));
    app.add_option("--interval", o.interval, "Seconds between reports")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    app.add_option("--clients", o.clients, "Clients at once")->capture_default_str()->check(CLI::Range(1, 256));
    app.add_option("--judge-memory-after", o.judge_memory_after,
                   "Judge memory growth only in runs at least this long (seconds)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    const trellis::testing::Headers bearer{{"Authorization", "Bearer " + o.token}};
    auto framework_json =
        nlohmann::json::parse(http(o.port, "GET", "/api/v1/frameworks/1", bearer).body, nullptr, false);
    if (framework_json.is_discarded() || !framework_json.contains("areas")) {
        std::fprintf(stderr, "soak: cannot read framework 1 through the API\n");
        return 2;
    }
    const auto context = framework_json.at("context_id").get<long>();
    const auto goal = framework_json.at("areas").at(0).at("goals").at(0).at("id").get<long>();
    const auto session = sign_in(o);
    const trellis::testing::Headers cookie{{"Cookie", session.cookie}};
    auto json_bearer = bearer;
    json_bearer.emplace_back("Content-Type", "application/json");
    auto form_cookie = cookie;
    form_cookie.emplace_back("Content-Type", "application/x-www-form-urlencoded");

    struct Step {
        int weight;
        std::string method, path;
        const trellis::testing::Headers* headers;
        int expect;
        bool stage_form = false;
        bool response_json = false;
    };
    const std::vector<Step> steps{
        {30, "GET", "/frameworks/1", &cookie, 200},
        {12, "GET", "/contexts", &cookie, 200},
        {12, "GET", "/api/v1/frameworks/1", &bearer, 200},
        {6, "GET", "/api/v1/contexts", &bearer, 200},
        {10, "GET", "/static/trellis.css", &cookie, 200},
        {20, "POST", fmt::format("/api/v1/contexts/{}/responses", context), &json_bearer, 201, false, true},
        {10, "POST", fmt::format("/goals/{}/stages/measuring", goal), &form_cookie, 303, true},
    };
    int total_weight = 0;
    for (const auto& s : steps) total_weight += s.weight;

    std::mutex mutex;
    Interval current;
    std::atomic<bool> stop{false};
    std::atomic<long> sequence{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < o.clients; ++c)
        clients.emplace_back([&, c] {
            unsigned pick = static_cast<unsigned>(c) * 7919u;
            while (!stop) {
                pick = pick * 1103515245u + 12345u;
                int roll = static_cast<int>((pick >> 8) % static_cast<unsigned>(total_weight));
                const Step* step = &steps.front();
                for (const auto& s : steps) {
                    if (roll < s.weight) {
                        step = &s;
                        break;
                    }
                    roll -= s.weight;
                }
                long n = ++sequence;
                std::string body;
                if (step->response_json)
                    body = nlohmann::json{{"date", "2026-11-02"},
                                          {"agency", "Police"},
                                          {"type", n % 2 ? "moved_on" : "youth_work_outreach"},
                                          {"place", fmt::format("soak {}", n)},
                                          {"young_people", 1 + n % 4}}
                               .dump();
                if (step->stage_form)
                    body = "text=" +
                           url_encode(fmt::format("Soak note {}: the group met youth workers by the shops.", n)) +
                           "&_csrf=" + url_encode(session.csrf);
                auto started = Clock::now();
                HttpAnswer a = http(o.port, step->method, step->path, *step->headers, body, 30000);
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
                std::lock_guard lock(mutex);
                current.ms.push_back(ms);
                current.by_step[static_cast<std::size_t>(step - steps.data())].push_back(ms);
                if (a.status != step->expect) {
                    ++current.errors;
                    if (current.first_errors.size() < 3)
                        current.first_errors.push_back(
                            fmt::format("{} {} -> {} {}", step->method, step->path, a.status, a.body.substr(0, 160)));
                }
            }
        });

    const long rss_at_start = resident_kb(o.pid);
    long rss_after_warmup = 0, rss_now = rss_at_start;
    long requests = 0, errors = 0;
    double first_p99 = -1, last_p99 = 0, worst_p99 = 0;
    std::map<std::size_t, std::vector<double>> first_by_step, last_by_step;
    std::printf("soak: %d clients for %d s, a report every %d s; server RSS at start %.1f MB\n", o.clients, o.seconds,
                o.interval, static_cast<double>(rss_at_start) / 1024);
    std::printf("%8s %9s %9s %7s %8s %8s %8s %9s\n", "seconds", "requests", "per-sec", "errors", "p50-ms", "p99-ms",
                "max-ms", "rss-MB");
    auto begin = Clock::now();
    for (int elapsed = 0; elapsed < o.seconds;) {
        int step = std::min(o.interval, o.seconds - elapsed);
        std::this_thread::sleep_until(begin + std::chrono::seconds(elapsed + step));
        elapsed += step;
        Interval done;
        {
            std::lock_guard lock(mutex);
            std::swap(done, current);
        }
        rss_now = resident_kb(o.pid);
        if (rss_after_warmup == 0) rss_after_warmup = rss_now;
        double p99 = percentile(done.ms, 0.99);
        if (first_p99 < 0) {
            first_p99 = p99;
            first_by_step = done.by_step;
        }
        last_by_step = done.by_step;
        last_p99 = p99;
        worst_p99 = std::max(worst_p99, p99);
        double worst = done.ms.empty() ? 0 : *std::max_element(done.ms.begin(), done.ms.end());
        std::printf("%8d %9zu %9.0f %7ld %8.1f %8.1f %8.1f %9.1f\n", elapsed, done.ms.size(),
                    static_cast<double>(done.ms.size()) / step, done.errors, percentile(done.ms, 0.5), p99, worst,
                    static_cast<double>(rss_now) / 1024);
        for (const auto& e : done.first_errors) std::printf("         error: %s\n", e.c_str());
        std::fflush(stdout);
        requests += static_cast<long>(done.ms.size());
        errors += done.errors;
    }
    stop = true;
    for (auto& t : clients) t.join();

    std::printf("soak: p99 by request, first interval and last (ms):\n");
    for (std::size_t i = 0; i < steps.size(); ++i)
        std::printf("  %-4s %-32s %8.1f %8.1f\n", steps[i].method.c_str(), steps[i].path.c_str(),
                    percentile(first_by_step[i], 0.99), percentile(last_by_step[i], 0.99));
    double growth = rss_after_warmup ? 100.0 * static_cast<double>(rss_now - rss_after_warmup) /
                                           static_cast<double>(rss_after_warmup)
                                     : 0;
    bool judge_memory = o.seconds >= o.judge_memory_after;
    bool memory_ok = !judge_memory || growth <= 10.0;
    std::printf(
        "soak: %ld requests, %ld errors; p99 %.1f ms in the first interval, %.1f ms in the last, %.1f ms at worst\n",
        requests, errors, first_p99, last_p99, worst_p99);
    std::printf("soak: RSS %.1f MB at start, %.1f MB after the first interval, %.1f MB at the end (%+.1f%%)%s\n",
                static_cast<double>(rss_at_start) / 1024, static_cast<double>(rss_after_warmup) / 1024,
                static_cast<double>(rss_now) / 1024, growth,
                judge_memory ? (memory_ok ? ": within 10%" : ": MORE THAN 10%")
                             : fmt::format(" (not judged in a run under {} s)", o.judge_memory_after).c_str());
    bool ok = errors == 0 && memory_ok && requests > 0;
    std::printf("soak: %s\n", ok ? "passed" : "FAILED");
    return ok ? 0 : 1;
}
