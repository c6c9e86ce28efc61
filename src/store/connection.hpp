// The thin storage layer: one interface over sqlite3 and libpq.
//
// SQL is written once with $1, $2 ... placeholders and runs on both backends.
// Every value crosses the boundary as text or a 64-bit integer, so a column reads
// back the same on SQLite and PostgreSQL. Statements are prepared once per
// connection and cached by their SQL text.
//
// A Connection is used by one thread at a time; open one per worker.
// Repositories (one header per aggregate, store/*_repo.hpp):
// One repository per aggregate. Every function takes the partnership (tenant)
// and never returns another partnership's rows: a foreign id is NotFound, the
// same answer as a missing one, so ids cannot be probed.
//
// A function that writes more than one row opens a Transaction of its own; when
// the caller already holds one it becomes a savepoint, so callers compose
// several calls (and their audit rows) into one atomic change.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/clock.hpp"
#include "domain/error.hpp"

namespace trellis::store {

enum class Backend { Sqlite, Postgres };

using Param = std::variant<std::nullptr_t, std::int64_t, std::string>;
using Params = std::vector<Param>;

// Makes a parameter from an optional: empty becomes NULL.
template <typename T>
Param nullable(const std::optional<T>& v)
{
    if (!v) return nullptr;
    if constexpr (requires { v->value; })
        return std::int64_t{v->value};
    else
        return *v;
}

class Row {
public:
    explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}

    bool is_null(std::size_t column) const;
    // Throws std::logic_error on NULL or a non-integer: a schema bug, never user input.
    std::int64_t integer(std::size_t column) const;
    std::optional<std::int64_t> opt_integer(std::size_t column) const;
    // NULL reads as the empty string.
    const std::string& text(std::size_t column) const;
    std::optional<std::string> opt_text(std::size_t column) const;

    template <typename IdT>
    IdT id(std::size_t column) const
    {
        return IdT{integer(column)};
    }
    template <typename IdT>
    std::optional<IdT> opt_id(std::size_t column) const
    {
        auto v = opt_integer(column);
        return v ? std::optional<IdT>{IdT{*v}} : std::nullopt;
    }

private:
    std::vector<std::optional<std::string>> cells_;
};

// How many prepared statements a connection keeps. Trellis runs a few hundred
// statement texts (its lists of ids are bound, never written into the text);
// past this many the cache is emptied and refilled, so a text that varied
// with its values could cost time, never unbounded memory.
inline constexpr std::size_t kMostPreparedStatements = 1000;

struct QueryResult {
    std::vector<Row> rows;
    std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

    bool empty() const { return rows.empty(); }
    const Row& first() const { return rows.front(); }
};

class Connection {
public:
    virtual ~Connection() = default;
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    virtual Backend backend() const = 0;

    // Runs one statement with parameters. A unique-key violation returns a
    // Conflict error (field = the constraint or columns, as the backend names
    // them); a lost connection or any other database failure returns Unavailable.
    Result<QueryResult> query(std::string_view sql, const Params& params = {});
    // As query(), but planned for these values each time it runs. PostgreSQL
    // plans a prepared statement once for any values after its fifth run, and
    // a plan for any context cannot tell the busy context from a quiet one:
    // the register's page of the context with 3,800 people read every one of
    // them (6 ms) where the plan for that context walks 300 (0.8 ms). For the
    // few statements whose best plan depends on how much their values select;
    // the same as query() on SQLite.
    Result<QueryResult> query_planned(std::string_view sql, const Params& params = {});
    // How many statements this connection keeps prepared (at most
    // kMostPreparedStatements).
    virtual std::size_t prepared_statements() const = 0;

    // Runs several statements without parameters (migrations).
    Result<void> exec_script(std::string_view sql);

    // Time this connection has spent in the database so far, for the server's
    // metrics and request log.
    std::chrono::nanoseconds busy() const { return busy_; }

    // Told every statement once it has run, with its parameters and how long
    // it took (tests read the plans of what a use case runs; bench/scale
    // profiles it); empty to stop.
    using Observer = std::function<void(std::string_view sql, const Params& params, std::chrono::nanoseconds took)>;
    void observe(Observer observer) { observer_ = std::move(observer); }

    // Transactions nest: the outermost is the database's transaction, each
    // inner one a savepoint, so use cases compose repository calls that open
    // transactions of their own into one atomic change.
    Result<void> begin();
    Result<void> commit();
    void rollback() noexcept;
    bool in_transaction() const { return depth_ > 0; }

    // While on, the statements that only read share one read transaction on
    // SQLite (see Reads below); a no-op on PostgreSQL.
    virtual void read_together(bool on) noexcept { (void)on; }

protected:
    virtual Result<QueryResult> run_query(std::string_view sql, const Params& params) = 0;
    virtual Result<QueryResult> run_query_planned(std::string_view sql, const Params& params)
    {
        return run_query(sql, params);
    }
    virtual Result<void> run_script(std::string_view sql) = 0;
    // Runs BEGIN, COMMIT, SAVEPOINT or RELEASE: one statement, run for nearly
    // every request, which a backend may keep prepared.
    virtual Result<void> run_control(std::string_view sql) { return run_script(sql); }
    // The statement that opens the outermost transaction.
    virtual std::string_view begin_statement() const { return "BEGIN"; }
    // Ends a read transaction that read_together() opened, before a write.
    virtual void end_shared_read() noexcept {}
    int depth_ = 0;

private:
    Result<void> control(std::string_view sql);
    // Runs a statement, prepared or planned each time, counting its time.
    Result<QueryResult> timed(std::string_view sql, const Params& params, bool planned);

    std::chrono::nanoseconds busy_{0};
    Observer observer_;
};

// Opens "sqlite:PATH" (creating the file and its folder, private to this user)
// or "postgresql://..." / "postgres://...". Unavailable when it cannot connect;
// Invalid when the address is not understood.
Result<std::unique_ptr<Connection>> open(std::string_view url);

// A request's reads, made together. On SQLite each statement outside a
// transaction is a read transaction of its own: it takes the log's read lock
// (under a mutex every connection of the process shares) and checks whether
// another connection has committed since, emptying its page cache if so. A
// page runs a dozen statements, and that took a fifth of the server's CPU
// under load. Within this scope the statements that only read share one read
// transaction, begun at the first of them, so a page also reads one state of
// the database. A statement that writes, or a Transaction, first ends it (a
// read transaction that then wrote could fail, once another connection had
// committed); the reads after it begin another. PostgreSQL is left alone.
class Reads {
public:
    explicit Reads(Connection& c) : conn_(c) { conn_.read_together(true); }
    ~Reads() { conn_.read_together(false); }
    Reads(const Reads&) = delete;
    Reads& operator=(const Reads&) = delete;

private:
    Connection& conn_;
};

// A scope that commits only when told to; otherwise rolls back on exit, so an
// early return on error never leaves half a change behind.
class Transaction {
public:
    static Result<Transaction> begin(Connection& c);
    Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Connection& c) : conn_(&c) {}
    Connection* conn_;
};

// For long work done as a run of short transactions (merging the search
// index, destroying contexts one by one): a pause after a step that began at
// `began`, as long as the step and at least 100 ms, so that writers waiting
// meanwhile (each page's view in the audit trail) go first. SQLite's busy
// handler tries again at most 100 ms apart; a step begun straight after the
// last would otherwise take the lock again before them, step after step.
// PostgreSQL locks rows, not the database: there it returns at once.
void let_writers_in(const Connection& db, std::chrono::steady_clock::time_point began);

using trellis::now_utc;
using trellis::today_utc;

}  // namespace trellis::store
