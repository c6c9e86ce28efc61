// The defects an outside security test found, each shown closed against a
// running server: the redirect after sign-in, guessing that locked people out,
// access that outlived its owner, connections and bodies a stranger could hold,
// pages a lens request could swell, ids that could be probed, and stage writes
// that skipped the conflict check.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "domain/user.hpp"
#include "harness.hpp"
#include "web/forms.hpp"
#include "web/http.hpp"

namespace trellis::testing {
namespace {

// A raw connection to the server with a receive timeout, for the tests that
// hold connections open or send half a request.
class Socket {
public:
    Socket(int port, int timeout_seconds = 5) : fd_(::socket(AF_INET, SOCK_STREAM, 0))
    {
        timeval tv{timeout_seconds, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Socket()
    {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket(Socket&& o) noexcept : fd_(o.fd_), connected_(o.connected_) { o.fd_ = -1; }
    bool connected() const { return connected_; }
    bool send(const std::string& data)
    {
        for (std::size_t sent = 0; sent < data.size();) {
            auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    // Everything until the server closes, or until the timeout ("" then).
    std::string read_all(bool* closed = nullptr)
    {
        std::string out;
        char buf[16384];
        for (;;) {
            auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n > 0) {
                out.append(buf, static_cast<std::size_t>(n));
                continue;
            }
            if (closed) *closed = n == 0 || (n < 0 && errno == ECONNRESET);
            return out;
        }
    }

private:
    int fd_;
    bool connected_ = false;
};

// Creates an API token on the account page and returns it ("" when none was shown).
std::string new_token(Client& owner, const std::map<std::string, std::string>& fields)
{
    auto made = owner.post("/account/tokens", fields);
    std::smatch m;
    static const std::regex token(R"((trellis_[A-Za-z0-9_-]+))");
    return std::regex_search(made.body, m, token) ? std::string(m[1]) : std::string();
}

std::string get_request(const std::string& path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

// ---- pure rules --------------------------------------------------------------

TEST(SignInRules, OnlyAPathOfThisSiteMadeOfSafeCharactersIsAPlaceToReturnTo)
{
    for (const char* good :
         {"/", "/contexts", "/contexts?q=park&kind=place", "/frameworks/3#goal-4", "/contexts?q=caf%C3%A9"}) {
        if (std::string_view(good).find('#') != std::string_view::npos) continue;  // fragments never reach the server
        EXPECT_EQ(web::local_path(good), std::optional<std::string>(good)) << good;
    }
    for (const char* bad :
         {"", "contexts", "//elsewhere.example", "/\\elsewhere.example", "/\t/elsewhere.example",
          "/\r\nSet-Cookie: x=y", "/ /x", "https://elsewhere.example/", "/%zz", "/%0", "/\"x\"", "/<script>"})
        EXPECT_FALSE(web::local_path(bad).has_value()) << bad;
}

TEST(DateInputs, ThreeBoxesBecomeOneDateAndADateSplitsBackIntoBoxes)
{
    auto form = web::with_dates(web::Form({{"date-day", "7"},
                                           {"date-month", "3"},
                                           {"date-year", "2026"},
                                           {"due_date-day", ""},
                                           {"due_date-month", ""},
                                           {"due_date-year", ""},
                                           {"start_date-day", "31"},
                                           {"start_date-month", "Feb"},
                                           {"start_date-year", "2026"},
                                           {"x_date", "2026-01-02"},
                                           {"x_date-day", "9"}}));
    EXPECT_EQ(form.get("date"), "2026-03-07");
    EXPECT_TRUE(form.has("due_date"));
    EXPECT_EQ(form.get("due_date"), "") << "three empty boxes: no date";
    EXPECT_EQ(form.get("start_date"), "2026-Feb-31") << "kept as typed, so the date check refuses it";
    EXPECT_EQ(form.get("x_date"), "2026-01-02") << "a date sent whole (the API, scripts) wins";
    auto parts = web::date_parts("2026-03-07");
    EXPECT_EQ(parts.day, "7");
    EXPECT_EQ(parts.month, "3");
    EXPECT_EQ(parts.year, "2026");
    auto typed = web::date_parts("2026-Feb-31");
    EXPECT_EQ(typed.month, "Feb");
    EXPECT_EQ(typed.day, "31");
    EXPECT_EQ(web::date_parts("").year, "");
}

TEST(SignInRules, TheWaitGrowsWithEachFailureBeyondTheFreeOnes)
{
    EXPECT_EQ(sign_in_wait(4, 5, 1000, 1000), 0);
    EXPECT_EQ(sign_in_wait(5, 5, 1000, 1000), 5);
    EXPECT_EQ(sign_in_wait(6, 5, 1000, 1000), 10);
    EXPECT_EQ(sign_in_wait(7, 5, 1000, 1003), 17);
    EXPECT_EQ(sign_in_wait(40, 5, 1000, 1000), 900) << "never more than 15 minutes";
    EXPECT_EQ(sign_in_wait(5, 5, 1000, 2000), 0) << "the wait is over";
}

TEST(SignInRules, TheClientAddressIsReadFromForwardedForOnlyBehindATrustedProxy)
{
    std::vector<std::string> proxies = {"10.0.0.5", "10.0.0.6"};
    EXPECT_EQ(web::client_address("192.0.2.1", "203.0.113.9", proxies), "192.0.2.1") << "not a proxy: ignored";
    EXPECT_EQ(web::client_address("10.0.0.5", "203.0.113.9", proxies), "203.0.113.9");
    EXPECT_EQ(web::client_address("10.0.0.5", "198.51.100.7, 203.0.113.9", proxies), "203.0.113.9")
        << "the rightmost untrusted hop; the left is written by the client";
    EXPECT_EQ(web::client_address("10.0.0.5", "203.0.113.9, 10.0.0.6", proxies), "203.0.113.9");
    EXPECT_EQ(web::client_address("10.0.0.5", "2001:db8::1", proxies), "2001:db8::1");
    EXPECT_EQ(web::client_address("10.0.0.5", "not-an-address", proxies), "10.0.0.5");
    EXPECT_EQ(web::client_address("10.0.0.5", "", proxies), "10.0.0.5");
}

// ---- against a running server, on both databases -----------------------------

class SecurityTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        server = std::make_unique<Server>(GetParam());
        ASSERT_TRUE(server->ok() && server->problem().empty()) << server->problem();
    }
    std::string sign_in_with_next(Client& c, const std::string& next)
    {
        auto form = c.get("/sign-in");
        std::smatch m;
        static const std::regex token(R"re(name="_csrf" value="([^"]+)")re");
        std::string pre = std::regex_search(form.body, m, token) ? std::string(m[1]) : "";
        auto r = c.request("POST", "/sign-in",
                           form_encode({{"email", "lead@demo.trellis.test"},
                                        {"password", server->password("lead")},
                                        {"_csrf", pre},
                                        {"next", next}}));
        EXPECT_EQ(r.status, 303);
        auto cookies = r.headers.equal_range("set-cookie");
        for (auto it = cookies.first; it != cookies.second; ++it)
            EXPECT_EQ(it->second.find("x=y"), std::string::npos) << "no injected cookie";
        return r.header("Location");
    }
    std::unique_ptr<Server> server;
};

TEST_P(SecurityTest, SignInReturnsOnlyToAPathOfThisSite)
{
    {
        Client c(*server);
        EXPECT_EQ(sign_in_with_next(c, "/\r\nSet-Cookie: x=y"), "/");
    }
    {
        Client c(*server);
        EXPECT_EQ(sign_in_with_next(c, "/\t/elsewhere.example"), "/");
    }
    {
        Client c(*server);
        EXPECT_EQ(sign_in_with_next(c, "//elsewhere.example"), "/");
    }
    {
        Client c(*server);
        EXPECT_EQ(sign_in_with_next(c, "/contexts?q=park"), "/contexts?q=park") << "a filter survives signing in";
    }
    Client c(*server);
    auto form = c.get("/sign-in?next=/%0D%0ASet-Cookie:x=y");
    EXPECT_EQ(form.status, 200);
    EXPECT_EQ(form.body.find("Set-Cookie:x=y"), std::string::npos);
    auto away = c.get("/contexts?q=park");
    EXPECT_EQ(away.status, 303);
    EXPECT_EQ(away.header("Location"), "/sign-in?next=%2Fcontexts%3Fq%3Dpark");
}

TEST_P(SecurityTest, GuessingSlowsStrangersButNotTheOwnersBrowser)
{
    Client owner(*server);
    ASSERT_EQ(owner.sign_in("viewer").status, 303);
    EXPECT_FALSE(owner.cookie("trellis_device").empty()) << "a device cookie at each sign-in";
    ASSERT_EQ(owner.post("/sign-out").status, 303);

    Client stranger(*server);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(stranger.sign_in_as("viewer@demo.trellis.test", "wrong guess " + std::to_string(i)).status, 401);
    auto held = stranger.sign_in("viewer");
    EXPECT_EQ(held.status, 429) << "a stranger waits, even with the right password";
    EXPECT_TRUE(std::regex_search(held.body, std::regex("Try again in [1-5] seconds?"))) << held.body;
    auto retry = held.header("Retry-After");
    EXPECT_TRUE(retry >= "1" && retry <= "5") << retry;
    EXPECT_EQ(owner.sign_in("viewer").status, 303) << "the owner's browser is not locked out";

    EXPECT_EQ(stranger.sign_in("viewer").status, 429) << "and the owner's sign-in does not end the stranger's wait";

    // An admin sees the account held back and lets it sign in again at once.
    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    auto users = admin.get("/admin/users");
    EXPECT_TRUE(users.has("govuk-tag--yellow\">Sign-in held back"));
    std::smatch m;
    std::regex unlock(R"re(/admin/users/(\d+)/unlock)re");
    ASSERT_TRUE(std::regex_search(users.body, m, unlock));
    auto unlocked = admin.post("/admin/users/" + std::string(m[1]) + "/unlock");
    EXPECT_EQ(unlocked.status, 200);
    EXPECT_TRUE(unlocked.has("viewer@demo.trellis.test can sign in again at once"));
    EXPECT_EQ(stranger.sign_in("viewer").status, 303);

    // The command line does the same for a sole admin locked out.
    Client guesser(*server);
    for (int i = 0; i < 6; ++i) (void)guesser.sign_in_as("admin@demo.trellis.test", "wrong guess");
    EXPECT_EQ(guesser.sign_in("admin").status, 429);
    auto out = server->cli("user unlock admin@demo.trellis.test");
    EXPECT_NE(out.find("can sign in again at once"), std::string::npos) << out;
    EXPECT_EQ(guesser.sign_in("admin").status, 303);
}

TEST_P(SecurityTest, ApiTokensExpireAndEndWithThePasswordOrTheAccount)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto too_long = lead.post("/account/tokens", {{"label", "report"}, {"days", "400"}});
    EXPECT_EQ(too_long.status, 400);
    EXPECT_TRUE(too_long.has("from 1 to 365"));
    EXPECT_TRUE(lead.get("/account").has("Days until it expires"));
    Client script(*server);
    script.bearer = new_token(lead, {{"label", "report"}});
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 200);

    // Expiry: move the token's end into the past.
    auto db = server->database().connect();
    ASSERT_TRUE(db->query("UPDATE api_tokens SET expires_unix = 1").has_value());
    auto expired = script.api("GET", "/api/v1/contexts");
    EXPECT_EQ(expired.status, 401);
    EXPECT_NE(expired.body.find("expired"), std::string::npos);

    // A new password ends every token.
    script.bearer = new_token(lead, {{"label", "second"}, {"days", "30"}});
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 200);
    server->cli("demo --new-passwords");
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 401);
}

TEST_P(SecurityTest, DeactivatingAUserEndsTheirSessionsAndTokensAtOnce)
{
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    Client script(*server);
    script.bearer = new_token(practitioner, {{"label", "phone"}});
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 200);

    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    auto users = admin.get("/admin/users");
    std::regex deactivate(R"re(/admin/users/(\d+)/deactivate)re");
    std::string practitioner_id, admin_id;
    for (std::sregex_iterator it(users.body.begin(), users.body.end(), deactivate), end; it != end; ++it) {
        auto row_start = users.body.rfind("<tr", static_cast<std::size_t>(it->position()));
        auto row = users.body.substr(row_start, static_cast<std::size_t>(it->position()) - row_start);
        if (row.find("practitioner@demo") != std::string::npos) practitioner_id = (*it)[1];
        if (row.find("admin@demo") != std::string::npos) admin_id = (*it)[1];
    }
    ASSERT_FALSE(practitioner_id.empty());
    ASSERT_FALSE(admin_id.empty());
    auto done = admin.post("/admin/users/" + practitioner_id + "/deactivate");
    EXPECT_EQ(done.status, 200);
    EXPECT_TRUE(done.has("Deactivated"));
    EXPECT_EQ(practitioner.get("/contexts").status, 303) << "the session ended";
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 401) << "the token ended";
    EXPECT_EQ(Client(*server).sign_in("practitioner").status, 401) << "no sign-in while deactivated";

    auto last = admin.post("/admin/users/" + admin_id + "/deactivate");
    EXPECT_EQ(last.status, 409);
    EXPECT_TRUE(last.has("last active admin"));

    EXPECT_EQ(admin.post("/admin/users/" + practitioner_id + "/reactivate").status, 200);
    EXPECT_EQ(Client(*server).sign_in("practitioner").status, 303);
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 401) << "old tokens do not come back";

    auto out = server->cli("user deactivate practitioner@demo.trellis.test");
    EXPECT_NE(out.find("is deactivated"), std::string::npos) << out;
    EXPECT_EQ(Client(*server).sign_in("practitioner").status, 401);
    out = server->cli("user reactivate practitioner@demo.trellis.test");
    EXPECT_NE(out.find("is active again"), std::string::npos) << out;
    out = server->cli("user deactivate admin@demo.trellis.test");
    EXPECT_NE(out.find("last active admin"), std::string::npos) << out;
}

TEST_P(SecurityTest, ARecordOutsideYourContextsAnswersExactlyAsAMissingOne)
{
    // A meeting recorded by the lead in a context the practitioner is not allocated to.
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto contexts = nlohmann::json::parse(lead.api("GET", "/api/v1/contexts").body)["contexts"];
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    auto mine = nlohmann::json::parse(practitioner.api("GET", "/api/v1/contexts").body)["contexts"];
    std::int64_t other = 0;
    for (const auto& c : contexts) {
        bool visible = false;
        for (const auto& v : mine) visible = visible || v["id"] == c["id"];
        if (!visible && other == 0) other = c["id"].get<std::int64_t>();  // the first: the last is closed
    }
    ASSERT_NE(other, 0) << "the demo has a context the practitioner does not see";
    auto made = lead.post("/contexts/" + std::to_string(other) + "/meetings",
                          {{"date", "2026-11-02"}, {"type", "multi_agency"}, {"minutes", "Met at the park."}});
    ASSERT_EQ(made.status, 303) << made.body;
    std::smatch m;
    auto location = made.header("Location");
    ASSERT_TRUE(std::regex_search(location, m, std::regex(R"(/meetings/(\d+))")));
    auto id = std::stoll(m[1]);
    auto hidden = practitioner.get("/meetings/" + std::to_string(id));
    auto missing = practitioner.get("/meetings/" + std::to_string(id + 100000));
    EXPECT_EQ(hidden.status, 404);
    EXPECT_EQ(missing.status, 404);
    auto message = [](const HttpResponse& r) {
        auto at = r.body.find("<main");
        return at == std::string::npos ? r.body : r.body.substr(at);
    };
    EXPECT_EQ(message(hidden), message(missing)) << "the same page whether the record exists or not";
}

TEST_P(SecurityTest, AStageWriteThroughTheApiMustNameTheVersionItReplaces)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto blind = lead.api("PUT", "/api/v1/goals/3/stages/outcome", R"({"text":"No version named."})");
    EXPECT_EQ(blind.status, 428);
    EXPECT_NE(blind.body.find("based_on"), std::string::npos) << blind.body;
    auto with_header = lead.request("PUT", "/api/v1/goals/3/stages/outcome", R"({"text":"Named by If-Match."})",
                                    "application/json", {{"X-CSRF-Token", lead.csrf()}, {"If-Match", "\"1\""}});
    EXPECT_EQ(with_header.status, 200) << with_header.body;
    auto stale = lead.request("PUT", "/api/v1/goals/3/stages/outcome", R"({"text":"Stale."})", "application/json",
                              {{"X-CSRF-Token", lead.csrf()}, {"If-Match", "\"1\""}});
    EXPECT_EQ(stale.status, 409);

    // A JSON body nested 100,000 deep is refused before anything is built from it.
    auto deep =
        lead.api("POST", "/api/v1/contexts", R"({"name":)" + std::string(100000, '[') + std::string(100000, ']') + "}");
    EXPECT_EQ(deep.status, 400);
    EXPECT_NE(deep.body.find("more than 64 deep"), std::string::npos) << deep.body;
}

TRELLIS_INSTANTIATE_BACKENDS(SecurityTest);

// ---- connections and bodies (no storage involved: SQLite only) --------------

TEST(Connections, ALongLensRequestShowsTheFirstMatchesNotAHugePage)
{
    Server server(Backend::Sqlite);
    ASSERT_TRUE(server.ok()) << server.problem();
    Client lead(server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "The youths were associating with a gang. ";
    std::string boundary = "trellisboundary";
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + lead.csrf() +
                       "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + text +
                       "\r\n--" + boundary + "--\r\n";
    auto r = lead.request("POST", "/lens", body, "multipart/form-data; boundary=" + boundary);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.has("The first 200 of 9000 matches")) << r.body.substr(0, 2000);
    EXPECT_LT(r.body.size(), 1024u * 1024) << "the page stays small";
}

TEST(Connections, StrangersCannotHoldMoreThanAFewConnectionsOrLargeBodies)
{
    Server server(Backend::Sqlite, {"--max-connections-per-address", "8", "--read-timeout", "2"});
    ASSERT_TRUE(server.ok()) << server.problem();
    std::vector<Socket> held;
    for (int i = 0; i < 8; ++i) held.emplace_back(server.port());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Socket extra(server.port(), 3);
    ASSERT_TRUE(extra.connected());
    extra.send(get_request("/healthz"));
    bool closed = false;
    EXPECT_EQ(extra.read_all(&closed), "") << "the ninth connection from one address is refused";
    EXPECT_TRUE(closed);

    // An idle connection or a body that never finishes is closed after the read timeout.
    held.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Socket slow(server.port(), 6);
    slow.send("POST /lens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nabc");
    auto started = std::chrono::steady_clock::now();
    slow.read_all(&closed);
    EXPECT_TRUE(closed);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));

    // A body larger than the largest upload is refused as soon as it is announced.
    Socket huge(server.port(), 5);
    huge.send(
        "POST /lens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        "Content-Length: 18874368\r\n\r\n");
    started = std::chrono::steady_clock::now();
    huge.read_all(&closed);
    EXPECT_TRUE(closed) << "closed without waiting for 18 MB";
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));

    Client c(server);
    EXPECT_EQ(c.get("/sign-in").status, 200) << "everyone else is still served";
}

TEST(Connections, TheListenerKeepsAcceptingWhenOpenFilesRunOut)
{
    // 256 open files at most: the cap keeps connections below that, so accept()
    // never fails; the connections beyond it wait their turn.
    Server server(Backend::Sqlite, {"--max-connections-per-address", "100000"}, 256);
    ASSERT_TRUE(server.ok()) << server.problem();
    {
        std::vector<Socket> idle;
        for (int i = 0; i < 400; ++i) idle.emplace_back(server.port());
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    Socket after(server.port(), 10);
    ASSERT_TRUE(after.connected());
    after.send(get_request("/sign-in"));
    auto answer = after.read_all();
    EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << "the server still accepts: " << server.log();
}

TEST(Connections, AListenerThatStopsAcceptingIsNoticedAndStartedAgain)
{
    // Lower the server's open-file limit under its feet, so accept() fails
    // (EMFILE): RESTinio then stops accepting for good, and only the watchdog
    // can bring the listener back once files are free again.
    Server server(Backend::Sqlite, {"--max-connections-per-address", "100000"});
    ASSERT_TRUE(server.ok()) << server.problem();
    {
        std::vector<Socket> idle;
        for (int i = 0; i < 120; ++i) idle.emplace_back(server.port());
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        rlimit low{100, 100};
        ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &low, nullptr), 0);
        for (int i = 0; i < 20; ++i) idle.emplace_back(server.port(), 1);  // these fail to be accepted
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    bool served = false;
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(40);
         !served && std::chrono::steady_clock::now() < until;) {
        Socket s(server.port(), 2);
        s.send(get_request("/sign-in"));
        served = s.read_all().find("HTTP/1.1 200") != std::string::npos;
    }
    EXPECT_TRUE(served) << "the listener came back";
    EXPECT_NE(server.log().find("listener stopped accepting connections"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace trellis::testing
