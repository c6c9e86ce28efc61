// Test databases on both backends. Every storage test is instantiated for
// SQLite and PostgreSQL: a test that only one backend passes is a bug.
//
// SQLite: a fresh file in a temporary folder. PostgreSQL: a fresh schema in the
// cluster named by TRELLIS_TEST_PG_URL (scripts/pg-throwaway starts one; `make
// test` always does). Both are removed when the TestDatabase goes.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/connection.hpp"

namespace trellis::testing {

enum class Backend { Sqlite, Postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
void PrintTo(Backend backend, std::ostream* os);

class TestDatabase {
public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // The address to pass to store::open or `trellis --db`.
    const std::string& url() const { return url_; }
    // A new migrated connection (several may be open at once).
    std::unique_ptr<store::Connection> connect() const;
    bool ok() const { return !url_.empty(); }
    const std::string& problem() const { return problem_; }

private:
    Backend backend_;
    std::string url_;
    std::string problem_;
    std::string schema_;
    std::filesystem::path folder_;
};

// A fixture parameterised by backend, holding a migrated connection `db`.
class BackendTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    std::unique_ptr<TestDatabase> database;
    std::unique_ptr<store::Connection> db;
};

// Unique temporary folder for a test, removed by the caller.
std::filesystem::path temp_folder(const std::string& prefix);

// A loopback TCP port that was free a moment ago, outside the range the
// kernel hands to outgoing connections.
int free_port();

#define TRELLIS_INSTANTIATE_BACKENDS(Fixture)                                                          \
    INSTANTIATE_TEST_SUITE_P(                                                                          \
        Backends, Fixture,                                                                             \
        ::testing::Values(::trellis::testing::Backend::Sqlite, ::trellis::testing::Backend::Postgres), \
        ::trellis::testing::backend_name)

// ASSERT that a Result holds a value, printing its error message if not.
#define ASSERT_OK(expr)                                    \
    ({                                                     \
        auto _r = (expr);                                  \
        ASSERT_TRUE(_r.has_value()) << _r.error().message; \
        std::move(_r).value();                             \
    })

}  // namespace trellis::testing
