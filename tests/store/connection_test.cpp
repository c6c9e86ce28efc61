#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "store/checkpointer.hpp"
#include "store/migrations.hpp"
#include "test_db.hpp"

namespace trellis::store {
namespace {

using testing::BackendTest;

class ConnectionTest : public BackendTest {
protected:
    void SetUp() override
    {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(db->exec_script("CREATE TABLE kv (k TEXT PRIMARY KEY, n BIGINT, t TEXT)"));
    }
    std::int64_t count()
    {
        auto r = db->query("SELECT COUNT(*) FROM kv");
        return r ? r->first().integer(0) : -1;
    }
};

TEST_P(ConnectionTest, ValuesReadBackTheSameOnBothBackends)
{
    const std::string unicode = "\xE2\x80\x9Cmove us on\xE2\x80\x9D \xC3\xA9 \xF0\x9F\x99\x82 '; DROP TABLE kv; --";
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    ASSERT_OK(db->query("INSERT INTO kv (k, n, t) VALUES ($1, $2, $3)", {std::string("a"), big, unicode}));
    ASSERT_OK(db->query("INSERT INTO kv (k, n, t) VALUES ($1, $2, $3)", {std::string("b"), nullptr, nullptr}));
    auto rows = ASSERT_OK(db->query("SELECT k, n, t FROM kv ORDER BY k"));
    ASSERT_EQ(rows.rows.size(), 2u);
    EXPECT_EQ(rows.rows[0].integer(1), big);
    EXPECT_EQ(rows.rows[0].text(2), unicode);
    EXPECT_TRUE(rows.rows[1].is_null(1));
    EXPECT_EQ(rows.rows[1].opt_integer(1), std::nullopt);
    EXPECT_EQ(rows.rows[1].opt_text(2), std::nullopt);
    EXPECT_EQ(rows.rows[1].text(2), "");
    EXPECT_THROW((void)rows.rows[1].integer(1), std::logic_error);
}

TEST_P(ConnectionTest, PlaceholdersMayRepeatAndComeOutOfOrder)
{
    ASSERT_OK(db->query("INSERT INTO kv (k, n, t) VALUES ($2, $1, $2)", {std::int64_t{5}, std::string("x")}));
    auto rows = ASSERT_OK(db->query("SELECT n, t FROM kv WHERE k = $1 AND t = $1", {std::string("x")}));
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.first().integer(0), 5);
}

TEST_P(ConnectionTest, UniqueViolationIsAConflictOnBothBackends)
{
    ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ($1)", {std::string("a")}));
    auto again = db->query("INSERT INTO kv (k) VALUES ($1)", {std::string("a")});
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().kind, Error::Kind::Conflict);
    auto bad_sql = db->query("SELECT nope FROM kv");
    ASSERT_FALSE(bad_sql.has_value());
    EXPECT_EQ(bad_sql.error().kind, Error::Kind::Unavailable);
}

TEST_P(ConnectionTest, StatementsPlannedEachTimeReadWriteAndFailAsPreparedOnesDo)
{
    const std::string unicode = "\xE2\x80\x9Cmove us on\xE2\x80\x9D '; DROP TABLE kv; --";
    auto added = ASSERT_OK(db->query_planned("INSERT INTO kv (k, n, t) VALUES ($1, $2, $3), ($4, $2, NULL)",
                                             {std::string("a"), std::int64_t{7}, unicode, std::string("b")}));
    EXPECT_EQ(added.affected, 2);
    auto rows = ASSERT_OK(db->query_planned("SELECT k, n, t FROM kv WHERE n = $1 ORDER BY k", {std::int64_t{7}}));
    ASSERT_EQ(rows.rows.size(), 2u);
    EXPECT_EQ(rows.rows[0].text(2), unicode);
    EXPECT_TRUE(rows.rows[1].is_null(2));
    auto again = db->query_planned("INSERT INTO kv (k) VALUES ($1)", {std::string("a")});
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().kind, Error::Kind::Conflict);
    if (db->backend() == Backend::Postgres) {
        // Not kept prepared, so planned for its values each time it runs.
        auto prepared = ASSERT_OK(db->query("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE $1",
                                            {std::string("%WHERE n = $1 ORDER BY k%")}));
        EXPECT_EQ(prepared.first().integer(0), 0);
    }
}

// Statement texts that differ with their values (a list of ids written into
// the text) are kept prepared only up to a bound, then all let go: a server
// running for months holds a bounded number, and every statement still runs.
TEST_P(ConnectionTest, AConnectionKeepsABoundedNumberOfPreparedStatements)
{
    ASSERT_OK(db->query("INSERT INTO kv (k, n) VALUES ($1, $2)", {std::string("a"), std::int64_t{7}}));
    const std::string kept = "SELECT n FROM kv WHERE k = $1";
    ASSERT_EQ(ASSERT_OK(db->query(kept, {std::string("a")})).first().integer(0), 7);
    const auto texts = store::kMostPreparedStatements + 200;
    for (std::size_t i = 0; i < texts; ++i) {
        auto sum = ASSERT_OK(db->query(fmt::format("SELECT n + {} FROM kv WHERE k = $1", i), {std::string("a")}));
        ASSERT_EQ(sum.first().integer(0), 7 + static_cast<std::int64_t>(i));
        ASSERT_LE(db->prepared_statements(), store::kMostPreparedStatements);
    }
    EXPECT_LT(db->prepared_statements(), store::kMostPreparedStatements) << "let go once, then refilled";
    EXPECT_EQ(ASSERT_OK(db->query(kept, {std::string("a")})).first().integer(0), 7) << "prepared again";
    if (db->backend() == Backend::Postgres) {
        auto held = ASSERT_OK(db->query("SELECT COUNT(*) FROM pg_prepared_statements"));
        EXPECT_LE(held.first().integer(0), static_cast<std::int64_t>(store::kMostPreparedStatements));
        EXPECT_EQ(static_cast<std::size_t>(held.first().integer(0)), db->prepared_statements());
    }
}

TEST_P(ConnectionTest, AffectedRowsAreCounted)
{
    ASSERT_OK(db->query("INSERT INTO kv (k, n) VALUES ('a', 1), ('b', 1), ('c', 2)"));
    auto r = ASSERT_OK(db->query("UPDATE kv SET t = 'x' WHERE n = $1", {std::int64_t{1}}));
    EXPECT_EQ(r.affected, 2);
}

TEST_P(ConnectionTest, RollbackLeavesNothingBehind)
{
    {
        auto tx = ASSERT_OK(Transaction::begin(*db));
        ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ('a')"));
        // tx goes out of scope without commit
    }
    EXPECT_EQ(count(), 0);
    EXPECT_FALSE(db->in_transaction());
}

TEST_P(ConnectionTest, NestedTransactionsAreSavepoints)
{
    auto outer = ASSERT_OK(Transaction::begin(*db));
    ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ('outer')"));
    {
        auto inner = ASSERT_OK(Transaction::begin(*db));
        ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ('inner')"));
    }
    {
        auto inner = ASSERT_OK(Transaction::begin(*db));
        ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ('kept')"));
        ASSERT_OK(inner.commit());
    }
    ASSERT_OK(outer.commit());
    auto rows = ASSERT_OK(db->query("SELECT k FROM kv ORDER BY k"));
    ASSERT_EQ(rows.rows.size(), 2u);
    EXPECT_EQ(rows.rows[0].text(0), "kept");
    EXPECT_EQ(rows.rows[1].text(0), "outer");
}

// A request's reads share one snapshot on SQLite; a write within the scope
// (a bare statement or a Transaction) is never made in that read transaction,
// which would fail once another connection had committed since it began.
TEST_P(ConnectionTest, ReadsTogetherSeeOneStateAndStillLetTheRequestWrite)
{
    auto other = database->connect();
    ASSERT_OK(db->query("INSERT INTO kv (k, n) VALUES ('a', 1)"));
    const bool snapshot = db->backend() == Backend::Sqlite;
    {
        Reads together(*db);
        EXPECT_EQ(count(), 1);
        ASSERT_OK(other->query("INSERT INTO kv (k, n) VALUES ('b', 2)"));
        EXPECT_EQ(count(), snapshot ? 1 : 2) << "the reads before a write see the state of the first";
        EXPECT_FALSE(db->in_transaction());
        // Another connection has committed since the reads began.
        ASSERT_OK(db->query("UPDATE kv SET n = n + 10 WHERE k = 'b'"));
        EXPECT_EQ(count(), 2) << "a read after the write begins afresh";
        ASSERT_OK(other->query("INSERT INTO kv (k, n) VALUES ('c', 3)"));
        EXPECT_EQ(count(), snapshot ? 2 : 3);
        {
            auto tx = ASSERT_OK(Transaction::begin(*db));
            ASSERT_OK(db->query("UPDATE kv SET n = n + 10 WHERE k = 'c'"));
            ASSERT_OK(tx.commit());
        }
        auto sum = ASSERT_OK(db->query("SELECT SUM(n) FROM kv"));
        EXPECT_EQ(sum.first().integer(0), 1 + 12 + 13);
        auto failed = db->query("SELECT no_such_column FROM kv");
        EXPECT_FALSE(failed.has_value());
        EXPECT_EQ(count(), 3) << "a failed read leaves the others working";
    }
    // The scope ended its read transaction: another connection may write and
    // this one reads what it wrote.
    ASSERT_OK(other->query("DELETE FROM kv WHERE k = 'a'"));
    EXPECT_EQ(count(), 2);
    if (snapshot) {
        // No read transaction is left open to hold back a checkpoint.
        auto ran = ASSERT_OK(other->query("PRAGMA wal_checkpoint(TRUNCATE)"));
        EXPECT_EQ(ran.first().integer(0), 0) << "the checkpoint was not blocked";
    }
}

TEST_P(ConnectionTest, CommittedWritesSurviveAReconnect)
{
    ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ('durable')"));
    ASSERT_OK(db->begin());
    ASSERT_OK(db->query("INSERT INTO kv (k) VALUES ('uncommitted')"));
    db.reset();  // the connection goes away holding an open transaction
    db = database->connect();
    auto rows = ASSERT_OK(db->query("SELECT k FROM kv"));
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.first().text(0), "durable");
}

TEST_P(ConnectionTest, MigrationsAreVersionedAndIdempotent)
{
    auto again = ASSERT_OK(migrate(*db));
    EXPECT_TRUE(again.applied.empty());
    EXPECT_EQ(again.from_version, latest_schema_version());
    auto v = ASSERT_OK(db->query("SELECT MAX(version) FROM schema_migrations"));
    EXPECT_EQ(v.first().integer(0), latest_schema_version());
}

TEST_P(ConnectionTest, ANewerSchemaIsRefused)
{
    ASSERT_OK(db->query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')"));
    auto r = migrate(*db);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("newer than this build"), std::string::npos);
}

TRELLIS_INSTANTIATE_BACKENDS(ConnectionTest);

TEST(Open, UnknownAddressesAreRefusedClearly)
{
    auto r = open("mysql://x");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, Error::Kind::Invalid);
    auto pg = open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
    ASSERT_FALSE(pg.has_value());
    EXPECT_EQ(pg.error().kind, Error::Kind::Unavailable);
    EXPECT_NE(pg.error().message.find("Cannot connect to PostgreSQL"), std::string::npos);
}

TEST(Open, SqliteCreatesAPrivateFolderAndFile)
{
    auto dir = testing::temp_folder("trellis-open");
    auto path = dir / "nested" / "trellis.db";
    {
        auto c = open("sqlite:" + path.string());
        ASSERT_TRUE(c.has_value()) << c.error().message;
    }
    ASSERT_TRUE(std::filesystem::exists(path));
    auto perms = std::filesystem::status(path).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none);
    std::filesystem::remove_all(dir);
}

TEST(Checkpoints, WhileACheckpointerRunsCommitsLeaveTheLogToItAndItKeepsTheLogShort)
{
    auto dir = testing::temp_folder("trellis-checkpoints");
    auto url = "sqlite:" + (dir / "trellis.db").string();
    auto autocheckpoint = [](Connection& c) { return c.query("PRAGMA wal_autocheckpoint")->first().integer(0); };
    {
        auto checkpointer = LogCheckpointer::start(url, std::chrono::milliseconds(5), 64);
        ASSERT_TRUE(checkpointer.has_value()) << checkpointer.error().message;
        ASSERT_NE(*checkpointer, nullptr);
        auto db = open(url);
        ASSERT_TRUE(db.has_value());
        EXPECT_EQ(autocheckpoint(**db), 0) << "commits do not checkpoint";
        ASSERT_OK((*db)->exec_script("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b TEXT NOT NULL)"));
        // 400 commits of 16 KB: 6.4 MB through the log, which the background
        // checkpoints keep well below that (without them it holds it all; a
        // loaded machine delays some of them, so the bound leaves room).
        std::uintmax_t largest = 0;
        for (int i = 0; i < 400; ++i) {
            ASSERT_OK((*db)->query("INSERT INTO blobs (b) VALUES ($1)",
                                   {std::string(16384, static_cast<char>('a' + i % 26))}));
            std::this_thread::sleep_for(std::chrono::microseconds(500));
            std::error_code ec;
            largest = std::max(largest, std::filesystem::file_size(dir / "trellis.db-wal", ec));
        }
        EXPECT_LT(largest, 4u << 20) << "the log grew to " << largest << " bytes";
        EXPECT_EQ((*db)->query("SELECT COUNT(*) FROM blobs")->first().integer(0), 400);
    }
    auto after = open(url);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(autocheckpoint(**after), 1000) << "without a checkpointer, commits checkpoint again";
    EXPECT_EQ((*after)->query("SELECT COUNT(*) FROM blobs")->first().integer(0), 400);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace trellis::store
