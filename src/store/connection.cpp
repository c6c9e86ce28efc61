#include "store/connection.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <thread>

#include "store/backends.hpp"

namespace trellis::store {

bool Row::is_null(std::size_t column) const
{
    return !cells_.at(column).has_value();
}

std::int64_t Row::integer(std::size_t column) const
{
    const auto& cell = cells_.at(column);
    if (!cell) throw std::logic_error(fmt::format("column {} is NULL where an integer was expected", column));
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(cell->data(), cell->data() + cell->size(), v);
    if (ec != std::errc{} || ptr != cell->data() + cell->size())
        throw std::logic_error(fmt::format("column {} is not an integer", column));
    return v;
}

std::optional<std::int64_t> Row::opt_integer(std::size_t column) const
{
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

const std::string& Row::text(std::size_t column) const
{
    static const std::string empty;
    const auto& cell = cells_.at(column);
    return cell ? *cell : empty;
}

std::optional<std::string> Row::opt_text(std::size_t column) const
{
    return cells_.at(column);
}

Result<std::unique_ptr<Connection>> open(std::string_view url)
{
    if (url.starts_with("sqlite:")) return open_sqlite(url.substr(7));
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return open_postgres(url);
    return std::unexpected(
        Error::invalid("Database address must be sqlite:PATH or postgresql://USER@HOST:PORT/NAME.", "db"));
}

void let_writers_in(const Connection& db, std::chrono::steady_clock::time_point began)
{
    if (db.backend() != Backend::Sqlite) return;
    using namespace std::chrono_literals;
    std::this_thread::sleep_for(std::max<std::chrono::steady_clock::duration>(
        std::chrono::steady_clock::now() - began, std::chrono::steady_clock::duration{100ms}));
}

Result<Transaction> Transaction::begin(Connection& c)
{
    TRY(c.begin());
    return Transaction(c);
}

Transaction::~Transaction()
{
    if (conn_) conn_->rollback();
}

Result<void> Transaction::commit()
{
    Connection* c = conn_;
    conn_ = nullptr;
    return c->commit();
}

Result<QueryResult> Connection::query(std::string_view sql, const Params& params)
{
    return timed(sql, params, false);
}

Result<QueryResult> Connection::query_planned(std::string_view sql, const Params& params)
{
    return timed(sql, params, true);
}

Result<QueryResult> Connection::timed(std::string_view sql, const Params& params, bool planned)
{
    auto started = std::chrono::steady_clock::now();
    auto r = planned ? run_query_planned(sql, params) : run_query(sql, params);
    auto took = std::chrono::steady_clock::now() - started;
    busy_ += took;
    if (observer_) observer_(sql, params, took);
    return r;
}

Result<void> Connection::exec_script(std::string_view sql)
{
    auto started = std::chrono::steady_clock::now();
    auto r = run_script(sql);
    busy_ += std::chrono::steady_clock::now() - started;
    return r;
}

Result<void> Connection::control(std::string_view sql)
{
    auto started = std::chrono::steady_clock::now();
    auto r = run_control(sql);
    busy_ += std::chrono::steady_clock::now() - started;
    return r;
}

Result<void> Connection::begin()
{
    if (depth_ == 0) end_shared_read();
    TRY(control(depth_ == 0 ? std::string(begin_statement()) : fmt::format("SAVEPOINT sp{}", depth_)));
    ++depth_;
    return {};
}

Result<void> Connection::commit()
{
    if (depth_ == 0) return std::unexpected(Error::unavailable("commit without a transaction"));
    --depth_;
    auto r = control(depth_ == 0 ? std::string("COMMIT") : fmt::format("RELEASE SAVEPOINT sp{}", depth_));
    if (!r && depth_ == 0) (void)exec_script("ROLLBACK");
    return r;
}

void Connection::rollback() noexcept
{
    if (depth_ == 0) return;
    --depth_;
    if (depth_ == 0) {
        (void)exec_script("ROLLBACK");
    } else {
        (void)exec_script(fmt::format("ROLLBACK TO SAVEPOINT sp{0}; RELEASE SAVEPOINT sp{0}", depth_));
    }
}

}  // namespace trellis::store
