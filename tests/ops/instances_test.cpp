// Two Trellis servers on one PostgreSQL behind nginx, round robin, as a
// partnership that has outgrown one machine runs them. Any instance must answer
// any request the same way: a session begun on one is good on the other, a
// sign-out or a revoked token stops at once on both, an edit made through one
// is on the other's next page (render caches follow the framework's revision),
// and an instance that stops under load leaves no view unaudited.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "http_client.hpp"
#include "server_process.hpp"
#include "test_db.hpp"
#include "web/forms.hpp"

namespace trellis {
namespace {

using testing::HttpAnswer;
using testing::ServerProcess;
using testing::trellis_command;

constexpr const char* kNginx = "/usr/sbin/nginx";

// nginx on `port` in front of the given instances, configured as
// packaging/nginx-trellis.conf is (keep-alive upstream, HTTP/1.1, the client's
// address in X-Forwarded-For), without TLS. Each answer names the instance
// that gave it in X-Upstream.
class Nginx {
public:
    Nginx(const std::filesystem::path& folder, const std::vector<int>& instances, int port) : port_(port)
    {
        auto root = folder / "nginx";
        std::filesystem::create_directories(root / "logs");
        std::string upstream;
        for (int p : instances) upstream += fmt::format("    server 127.0.0.1:{};\n", p);
        std::ofstream(root / "nginx.conf") << fmt::format(
            R"({user}daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/logs/error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  upstream trellis {{
{upstream}    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 1m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $remote_addr;
    add_header X-Upstream $upstream_addr always;
    location / {{ proxy_pass http://trellis; }}
  }}
}}
)",
            fmt::arg("user", ::geteuid() == 0 ? "user root;\n" : ""), fmt::arg("root", root.string()),
            fmt::arg("upstream", upstream), fmt::arg("port", port));
        pid_ = testing::spawn(folder, {kNginx, "-p", root.string(), "-c", (root / "nginx.conf").string()}, "nginx.log");
    }
    ~Nginx()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    bool wait_ready() const
    {
        for (int i = 0; i < 250; ++i) {
            if (testing::http(port_, "GET", "/healthz", {}, {}, 1000).status == 200) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_;
};

// The header's value in an answer, or "".
std::string header(const HttpAnswer& a, const std::string& name)
{
    std::smatch m;
    std::regex line("(?:^|\r\n)" + name + ": ([^\r]*)", std::regex::icase);
    return std::regex_search(a.headers, m, line) ? std::string(m[1]) : "";
}

// A browser's cookie jar and CSRF token, sent to whichever port is named.
class Browser {
public:
    HttpAnswer get(int port, const std::string& path) { return keep(testing::http(port, "GET", path, sent())); }

    HttpAnswer post(int port, const std::string& path, std::vector<std::pair<std::string, std::string>> fields)
    {
        fields.emplace_back("_csrf", csrf_);
        std::string body;
        for (const auto& [name, value] : fields)
            body += (body.empty() ? "" : "&") + web::url_encode(name) + "=" + web::url_encode(value);
        auto headers = sent();
        headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        return keep(testing::http(port, "POST", path, headers, body));
    }

    // Signs in: the form from one port, the password posted to another.
    int sign_in(int form_port, int post_port, const std::string& email, const std::string& password)
    {
        get(form_port, "/sign-in");
        auto answer = post(post_port, "/sign-in", {{"email", email}, {"password", password}});
        if (answer.status == 303) get(post_port, "/account");  // any signed-in page carries the CSRF token
        return answer.status;
    }

    bool has_session() const { return cookies_.contains("trellis_session"); }

    // What this browser sends: its cookies.
    testing::Headers sent() const
    {
        std::string cookie;
        for (const auto& [name, value] : cookies_) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
        if (cookie.empty()) return {};
        return {{"Cookie", cookie}};
    }

private:
    HttpAnswer keep(HttpAnswer a)
    {
        static const std::regex set_cookie("(?:^|\r\n)Set-Cookie: ([^=]+)=([^;\r]*)([^\r]*)", std::regex::icase);
        for (std::sregex_iterator it(a.headers.begin(), a.headers.end(), set_cookie), end; it != end; ++it) {
            if (std::string((*it)[3]).find("Max-Age=0") != std::string::npos)
                cookies_.erase((*it)[1]);
            else
                cookies_[(*it)[1]] = (*it)[2];
        }
        static const std::regex token(R"re(name="_csrf" value="([^"]+)")re");
        std::smatch m;
        if (std::regex_search(a.body, m, token)) csrf_ = m[1];
        return a;
    }

    std::map<std::string, std::string> cookies_;
    std::string csrf_;
};

// The demo password printed for an account by `trellis demo`.
std::string demo_password(const std::string& demo_output, const std::string& email)
{
    std::smatch m;
    std::regex line(email + " +([a-z0-9-]+)");
    return std::regex_search(demo_output, m, line) ? std::string(m[1]) : "";
}

TEST(Instances, TwoServersBehindNginxAnswerAsOne)
{
    testing::TestDatabase database(testing::Backend::Postgres);
    ASSERT_TRUE(database.ok()) << database.problem();
    ASSERT_TRUE(std::filesystem::exists(kNginx)) << "nginx is missing: scripts/install-deps --test installs it";
    auto db = database.connect();
    const auto& url = database.url();
    auto folder = testing::temp_folder("trellis-instances");
    auto demo = trellis_command(folder, url, "demo");
    auto email = std::string("lead@demo.trellis.test");
    auto password = demo_password(demo, email);
    ASSERT_FALSE(password.empty()) << demo;

    std::vector<std::string> serve{"--trusted-proxy", "127.0.0.1", "--workers", "4"};
    auto a =
        std::make_unique<ServerProcess>(folder, std::vector<std::string>{"--db", url}, testing::free_port(), serve);
    auto b =
        std::make_unique<ServerProcess>(folder, std::vector<std::string>{"--db", url}, testing::free_port(), serve);
    ASSERT_TRUE(a->wait_ready(std::chrono::seconds(20)));
    ASSERT_TRUE(b->wait_ready(std::chrono::seconds(20)));
    const int port_a = a->port(), port_b = b->port();
    Nginx nginx(folder, {port_a, port_b}, testing::free_port());
    ASSERT_TRUE(nginx.wait_ready()) << "nginx did not start; see " << folder / "nginx" / "logs" / "error.log";

    auto framework = ASSERT_OK(db->query("SELECT id FROM frameworks ORDER BY id LIMIT 1")).first().integer(0);
    auto goal = ASSERT_OK(db->query("SELECT g.id FROM goals g JOIN areas a ON a.id = g.area_id "
                                    "WHERE a.framework_id = $1 ORDER BY g.id LIMIT 1",
                                    {framework}))
                    .first()
                    .integer(0);
    const auto framework_page = fmt::format("/frameworks/{}", framework);

    // Signed in through one instance (the form from A, the password to B), used on the other.
    Browser lead;
    ASSERT_EQ(lead.sign_in(port_a, port_b, email, password), 303);
    ASSERT_TRUE(lead.has_session());
    EXPECT_EQ(lead.get(port_a, framework_page).status, 200);
    EXPECT_EQ(lead.get(port_b, framework_page).status, 200);

    // Through nginx: both instances answer, and every answer is the signed-in page.
    std::set<std::string> answered_by;
    for (int i = 0; i < 8; ++i) {
        auto page = lead.get(nginx.port(), framework_page);
        ASSERT_EQ(page.status, 200) << page.headers;
        answered_by.insert(header(page, "X-Upstream"));
    }
    EXPECT_EQ(answered_by,
              (std::set<std::string>{fmt::format("127.0.0.1:{}", port_a), fmt::format("127.0.0.1:{}", port_b)}));

    // An edit through A is on B's next page, though B rendered the page before it.
    auto before = lead.get(port_b, framework_page);
    ASSERT_EQ(before.status, 200);
    auto version = ASSERT_OK(db->query("SELECT COALESCE(MAX(version), 0) FROM stage_entries WHERE goal_id = $1 AND "
                                       "stage = 'scoping'",
                                       {goal}))
                       .first()
                       .integer(0);
    const std::string edit = "Seen on both instances: the walkabout on the footbridge";
    ASSERT_EQ(before.body.find(edit), std::string::npos);
    auto saved = lead.post(port_a, fmt::format("/goals/{}/stages/scoping", goal),
                           {{"text", edit}, {"based_on", std::to_string(version)}});
    ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 2000);
    EXPECT_NE(lead.get(port_b, framework_page).body.find(edit), std::string::npos) << "B showed a stale framework";
    EXPECT_NE(lead.get(port_a, framework_page).body.find(edit), std::string::npos);

    // An API token works on both; revoked on A, it is refused by B at once.
    auto token = trellis_command(folder, url, "user token " + email + " --label 'two instances'");
    while (!token.empty() && token.back() == '\n') token.pop_back();
    const testing::Headers bearer{{"Authorization", "Bearer " + token}};
    const auto api_path = fmt::format("/api/v1/frameworks/{}", framework);
    EXPECT_EQ(testing::http(port_a, "GET", api_path, bearer).status, 200);
    EXPECT_EQ(testing::http(port_b, "GET", api_path, bearer).status, 200);
    auto token_id = ASSERT_OK(db->query("SELECT id FROM api_tokens WHERE label = 'two instances'")).first().integer(0);
    ASSERT_EQ(lead.post(port_a, fmt::format("/account/tokens/{}/revoke", token_id), {}).status, 200);
    EXPECT_EQ(testing::http(port_b, "GET", api_path, bearer).status, 401);
    EXPECT_EQ(testing::http(nginx.port(), "GET", api_path, bearer).status, 401);
    EXPECT_EQ(testing::http(nginx.port(), "GET", api_path, bearer).status, 401);

    // Signed out through B: the session is refused by A, by B and through nginx at once.
    Browser other;
    ASSERT_EQ(other.sign_in(port_a, port_a, email, password), 303);
    auto kept = other;  // the same cookie, kept by someone after sign-out
    EXPECT_EQ(kept.get(port_b, framework_page).status, 200);
    ASSERT_EQ(other.post(port_b, "/sign-out", {}).status, 303);
    EXPECT_EQ(kept.get(port_a, framework_page).status, 303);
    EXPECT_EQ(kept.get(port_b, framework_page).status, 303);
    EXPECT_EQ(kept.get(nginx.port(), framework_page).status, 303);
    EXPECT_EQ(kept.get(nginx.port(), framework_page).status, 303);

    // Views through nginx while B stops (SIGTERM): every page a client received
    // has its audit row, whichever instance served it.
    auto framework_views = [&]() -> std::int64_t {
        auto rows = db->query(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'view' AND entity = 'framework' AND entity_id = $1",
            {framework});
        return rows ? rows->first().integer(0) : -1;
    };
    auto views_before = framework_views();
    std::atomic<bool> stop{false};
    std::atomic<int> received{0};
    std::vector<std::string> failures;
    std::mutex mutex;
    std::set<std::string> load_served_by;
    std::vector<std::thread> readers;
    const auto signed_in = lead.sent();
    for (int t = 0; t < 4; ++t)
        readers.emplace_back([&] {
            while (!stop) {
                auto page = testing::http(nginx.port(), "GET", framework_page, signed_in);
                // X-Upstream lists every instance tried; the last one answered.
                auto upstream = header(page, "X-Upstream");
                upstream = upstream.substr(upstream.rfind(' ') == std::string::npos ? 0 : upstream.rfind(' ') + 1);
                std::lock_guard lock(mutex);
                if (page.status == 200) {
                    ++received;
                    load_served_by.insert(upstream);
                } else {
                    failures.push_back(fmt::format("{} from {}", page.status, header(page, "X-Upstream")));
                }
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    int status_b = b->signal_and_wait(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    stop = true;
    for (auto& r : readers) r.join();
    EXPECT_TRUE(WIFEXITED(status_b) && WEXITSTATUS(status_b) == 0) << "B stopped with status " << status_b;
    EXPECT_EQ(load_served_by.size(), 2u) << "the load did not reach both instances";
    auto views_after = framework_views();
    EXPECT_GE(views_after - views_before, received.load()) << "a page was served without its audit row";
    EXPECT_TRUE(failures.empty()) << failures.size() << " requests failed while B stopped, the first "
                                  << failures.front();

    auto verified = trellis_command(folder, url, "audit verify");
    EXPECT_NE(verified.find("intact"), std::string::npos) << verified;

    std::cout << fmt::format(
        "[ figures  ] {} pages served through nginx while an instance stopped, {} view rows written, {} failed\n",
        received.load(), views_after - views_before, failures.size());
    if (!HasFailure())
        std::filesystem::remove_all(folder);
    else
        std::cout << "kept " << folder << "\n";
}

}  // namespace
}  // namespace trellis
