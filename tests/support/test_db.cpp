#include "test_db.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include <fmt/format.h>

#include "store/migrations.hpp"

namespace trellis::testing {

std::string backend_name(const ::testing::TestParamInfo<Backend>& info)
{
    return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

void PrintTo(Backend backend, std::ostream* os)
{
    *os << (backend == Backend::Sqlite ? "SQLite" : "PostgreSQL");
}

std::filesystem::path temp_folder(const std::string& prefix)
{
    static std::atomic<int> counter{0};
    std::random_device rd;
    auto path = std::filesystem::temp_directory_path() /
                fmt::format("{}-{}-{}-{}", prefix, ::getpid(), counter++, rd() % 100000);
    std::filesystem::create_directories(path);
    return path;
}

int free_port()
{
    // Below the kernel's ephemeral range (32768 and up), so that no client
    // connection of another test running beside this one can be handed the
    // port between this check and the server's bind.
    static std::mt19937 pick{std::random_device{}()};
    std::uniform_int_distribution<int> range(20000, 32000);
    for (int attempt = 0; attempt < 200; ++attempt) {
        int port = range(pick);
        int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        bool free = ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(s);
        if (free) return port;
    }
    return 0;
}

TestDatabase::TestDatabase(Backend backend) : backend_(backend)
{
    if (backend == Backend::Sqlite) {
        folder_ = temp_folder("trellis-test");
        url_ = "sqlite:" + (folder_ / "trellis.db").string();
        return;
    }
    const char* base = std::getenv("TRELLIS_TEST_PG_URL");
    if (!base || !*base) {
        problem_ = "TRELLIS_TEST_PG_URL is not set: run the tests with `make test` (or scripts/pg-throwaway).";
        return;
    }
    auto admin = store::open(base);
    if (!admin) {
        problem_ = admin.error().message;
        return;
    }
    static std::atomic<int> counter{0};
    std::random_device rd;
    schema_ = fmt::format("t_{}_{}_{}", ::getpid(), counter++, rd() % 1000000);
    auto created = (*admin)->exec_script(fmt::format("CREATE SCHEMA {}", schema_));
    if (!created) {
        problem_ = created.error().message;
        return;
    }
    std::string b(base);
    url_ = b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
}

TestDatabase::~TestDatabase()
{
    if (backend_ == Backend::Sqlite) {
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec);
    } else if (!schema_.empty()) {
        if (auto admin = store::open(std::getenv("TRELLIS_TEST_PG_URL")))
            (void)(*admin)->exec_script(fmt::format("DROP SCHEMA {} CASCADE", schema_));
    }
}

std::unique_ptr<store::Connection> TestDatabase::connect() const
{
    auto c = store::open(url_);
    if (!c) throw std::runtime_error(c.error().message);
    auto m = store::migrate(**c);
    if (!m) throw std::runtime_error(m.error().message);
    return std::move(*c);
}

void BackendTest::SetUp()
{
    database = std::make_unique<TestDatabase>(GetParam());
    ASSERT_TRUE(database->ok()) << database->problem();
    db = database->connect();
}

}  // namespace trellis::testing
