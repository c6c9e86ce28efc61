// The server killed with SIGKILL at random moments under a write load through
// the API, and restarted: every write the client saw acknowledged is there
// with its audit row, every view the client was answered has its audit row
// (the server's default writes views without waiting for the disk, which a
// killed process must not lose), the audit chain verifies, and SQLite's
// integrity check passes. TRELLIS_KILL_CYCLES sets the number of kills (make kill-test runs
// many; make test a few).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"
#include "test_db.hpp"

namespace trellis {
namespace {

using testing::http;
using testing::ServerProcess;
using testing::trellis_command;

int kill_cycles()
{
    const char* env = std::getenv("TRELLIS_KILL_CYCLES");
    int n = env ? std::atoi(env) : 0;
    return n > 0 ? n : 6;
}

struct Acknowledged {
    std::vector<std::pair<std::int64_t, std::string>> contexts;  // id, name
    std::vector<std::string> responses;                          // the place each was recorded at
    int answers = 0;
    int views = 0;    // audited reads answered 200
    int refused = 0;  // no answer: the client does not count these as written
    std::vector<std::string> server_errors;
};

class CrashTest : public testing::BackendTest {};

TEST_P(CrashTest, EveryAcknowledgedWriteSurvivesSigkill)
{
    auto folder = testing::temp_folder("trellis-crash");
    const auto& url = database->url();
    trellis_command(folder, url, "demo");
    auto token = trellis_command(folder, url, "user token lead@demo.trellis.test --label 'crash test'");
    while (!token.empty() && token.back() == '\n') token.pop_back();
    ASSERT_TRUE(token.starts_with("trellis_")) << token;
    auto busy = ASSERT_OK(db->query("SELECT MIN(id) FROM contexts")).first().integer(0);
    const testing::Headers auth{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    constexpr const char* kViewsOfBusy =
        "SELECT COUNT(*) FROM audit_events WHERE action = 'view' AND entity = 'context' AND entity_id = $1";
    auto views_before = ASSERT_OK(db->query(kViewsOfBusy, {busy})).first().integer(0);

    auto seed = std::random_device{}();
    std::mt19937 random(seed);
    Acknowledged acked;
    std::mutex mutex;
    int cycles = kill_cycles();
    for (int cycle = 0; cycle < cycles; ++cycle) {
        ServerProcess server(folder, {"--db", url}, testing::free_port(), {"--workers", "4"});
        ASSERT_TRUE(server.wait_ready(std::chrono::seconds(20))) << "cycle " << cycle << " did not start";
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        clients.emplace_back([&] {
            while (!stop) {
                auto answer = http(server.port(), "GET", fmt::format("/api/v1/contexts/{}", busy), auth);
                std::lock_guard lock(mutex);
                if (answer.status == 200) {
                    ++acked.views;
                } else if (answer.status == 0) {
                    ++acked.refused;
                    return;
                } else {
                    acked.server_errors.push_back(fmt::format("{} {}", answer.status, answer.body));
                }
            }
        });
        for (int t = 0; t < 4; ++t) {
            clients.emplace_back([&, t] {
                for (int n = 0; !stop; ++n) {
                    auto key = fmt::format("{}-{}-{}", cycle, t, n);
                    bool context = n % 2 == 0;
                    auto body = context ? nlohmann::json{{"name", "Crash " + key}, {"kind", "place"}}
                                        : nlohmann::json{{"date", "2026-11-02"},
                                                         {"agency", "Police"},
                                                         {"type", "moved_on"},
                                                         {"place", "crash " + key},
                                                         {"young_people", 2}};
                    auto path =
                        context ? std::string("/api/v1/contexts") : fmt::format("/api/v1/contexts/{}/responses", busy);
                    auto answer = http(server.port(), "POST", path, auth, body.dump());
                    std::lock_guard lock(mutex);
                    if (answer.status == 201) {
                        ++acked.answers;
                        if (context)
                            acked.contexts.emplace_back(nlohmann::json::parse(answer.body).at("id").get<std::int64_t>(),
                                                        "Crash " + key);
                        else
                            acked.responses.push_back("crash " + key);
                    } else if (answer.status == 0) {
                        ++acked.refused;  // the server died under this request
                        return;
                    } else {
                        acked.server_errors.push_back(fmt::format("{} {}", answer.status, answer.body));
                    }
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(50, 600)(random)));
        int status = server.signal_and_wait(SIGKILL);
        stop = true;
        for (auto& c : clients) c.join();
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "cycle " << cycle;
    }
    EXPECT_TRUE(acked.server_errors.empty()) << acked.server_errors.front();
    ASSERT_GT(acked.contexts.size(), static_cast<std::size_t>(cycles)) << "the load wrote too little to test";
    ASSERT_FALSE(acked.responses.empty());

    // A last start recovers the database and stops cleanly.
    {
        ServerProcess server(folder, {"--db", url}, testing::free_port());
        ASSERT_TRUE(server.wait_ready(std::chrono::seconds(20)));
        int status = server.signal_and_wait(SIGTERM);
        std::ifstream in(folder / "serve.log");
        std::stringstream log;
        log << in.rdbuf();
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "status " << status
            << "; the log ends: " << log.str().substr(log.str().size() - std::min<std::size_t>(log.str().size(), 2000));
    }

    auto check = database->connect();
    for (const auto& [id, name] : acked.contexts) {
        auto row = ASSERT_OK(check->query("SELECT name FROM contexts WHERE id = $1", {id}));
        ASSERT_FALSE(row.empty()) << "acknowledged context " << id << " is missing (seed " << seed << ")";
        EXPECT_EQ(row.first().text(0), name);
    }
    for (const auto& place : acked.responses) {
        auto row = ASSERT_OK(check->query("SELECT COUNT(*) FROM responses WHERE place = $1", {place}));
        EXPECT_EQ(row.first().integer(0), 1) << "acknowledged response at " << place << " (seed " << seed << ")";
    }
    // Every change that was committed, acknowledged or not, has its audit row.
    auto unaudited = ASSERT_OK(check->query(
        "SELECT COUNT(*) FROM contexts c WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity = 'context' "
        "AND a.action = 'create' AND a.entity_id = c.id)"));
    EXPECT_EQ(unaudited.first().integer(0), 0);
    // Every view that was answered has its row (one sent unanswered may too).
    ASSERT_GT(acked.views, 0);
    auto views_after = ASSERT_OK(check->query(kViewsOfBusy, {busy})).first().integer(0);
    EXPECT_GE(views_after - views_before, acked.views)
        << "views answered without their audit row (seed " << seed << ")";
    auto committed = ASSERT_OK(check->query("SELECT COUNT(*) FROM contexts WHERE name LIKE 'Crash %'"));
    EXPECT_GE(committed.first().integer(0), static_cast<std::int64_t>(acked.contexts.size()));
    if (GetParam() == testing::Backend::Sqlite) {
        auto integrity = ASSERT_OK(check->query("PRAGMA integrity_check"));
        EXPECT_EQ(integrity.first().text(0), "ok");
    }
    auto verified = trellis_command(folder, url, "audit verify");
    EXPECT_NE(verified.find("intact"), std::string::npos) << verified;

    std::cout << fmt::format(
        "[ figures  ] {} kills; {} writes acknowledged ({} contexts, {} responses), {} views answered, {} "
        "unanswered (in flight at a kill); {} contexts committed; seed {}\n",
        cycles, acked.answers, acked.contexts.size(), acked.responses.size(), acked.views, acked.refused,
        committed.first().integer(0), seed);
    if (!HasFailure())
        std::filesystem::remove_all(folder);
    else
        std::cout << "kept " << folder << "\n";
}

TRELLIS_INSTANTIATE_BACKENDS(CrashTest);

}  // namespace
}  // namespace trellis
