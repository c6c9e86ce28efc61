#include <libpq-fe.h>

#include <fmt/format.h>
#include <string>
#include <unordered_map>

#include "store/backends.hpp"

namespace trellis::store {
namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

constexpr const char* kUniqueViolation = "23505";

class PgConnection final : public Connection {
public:
    explicit PgConnection(PGconn* conn) : conn_(conn) {}
    ~PgConnection() override { PQfinish(conn_); }

    Backend backend() const override { return Backend::Postgres; }
    std::size_t prepared_statements() const override { return cache_.size(); }

    Result<QueryResult> run_query(std::string_view sql, const Params& params) override
    {
        const std::string& name = TRY(prepare(sql, params.size()));
        return run(params, [&](const char* const* values) {
            return PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values, nullptr, nullptr, 0);
        });
    }

    // The unnamed statement, which PostgreSQL plans for the values given.
    Result<QueryResult> run_query_planned(std::string_view sql, const Params& params) override
    {
        std::string text(sql);
        return run(params, [&](const char* const* values) {
            return PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, values, nullptr, nullptr,
                                0);
        });
    }

    Result<void> run_script(std::string_view sql) override
    {
        std::string s(sql);
        PgResult res(PQexec(conn_, s.c_str()));
        auto status = PQresultStatus(res.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return std::unexpected(failure(res.get()));
        return {};
    }

private:
    // Runs `execute` with the parameters as text, and reads what it returns.
    template <typename Execute>
    Result<QueryResult> run(const Params& params, Execute execute)
    {
        std::vector<std::string> numbers;
        numbers.reserve(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (auto* n = std::get_if<std::int64_t>(&params[i])) {
                numbers.push_back(std::to_string(*n));
                values[i] = numbers.back().c_str();
            } else if (auto* s = std::get_if<std::string>(&params[i])) {
                values[i] = s->c_str();
            }
        }
        // `numbers` never reallocates past reserve(), so the pointers above stay valid.
        PgResult res(execute(values.data()));
        auto status = PQresultStatus(res.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return std::unexpected(failure(res.get()));

        QueryResult result;
        int rows = PQntuples(res.get());
        int columns = PQnfields(res.get());
        result.rows.reserve(static_cast<std::size_t>(rows));
        for (int r = 0; r < rows; ++r) {
            std::vector<std::optional<std::string>> cells;
            cells.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (PQgetisnull(res.get(), r, c)) {
                    cells.emplace_back(std::nullopt);
                } else {
                    cells.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                                   static_cast<std::size_t>(PQgetlength(res.get(), r, c))));
                }
            }
            result.rows.emplace_back(std::move(cells));
        }
        const char* affected = PQcmdTuples(res.get());
        if (affected && *affected) result.affected = std::stoll(affected);
        return result;
    }

    Result<const std::string*> prepare_impl(std::string_view sql, std::size_t nparams)
    {
        auto it = cache_.find(std::string(sql));
        if (it != cache_.end()) return &it->second;
        if (cache_.size() >= kMostPreparedStatements) {
            PgResult dropped(PQexec(conn_, "DEALLOCATE ALL"));
            if (PQresultStatus(dropped.get()) != PGRES_COMMAND_OK) return std::unexpected(failure(dropped.get()));
            cache_.clear();
        }
        std::string name = fmt::format("t{}", ++prepared_);
        std::string text(sql);
        PgResult res(PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(nparams), nullptr));
        if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) return std::unexpected(failure(res.get()));
        auto [pos, _] = cache_.emplace(std::move(text), std::move(name));
        return &pos->second;
    }

    Result<std::reference_wrapper<const std::string>> prepare(std::string_view sql, std::size_t nparams)
    {
        const std::string* name = TRY(prepare_impl(sql, nparams));
        return std::cref(*name);
    }

    Error failure(const PGresult* res)
    {
        const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        if (state && std::string_view(state) == kUniqueViolation) {
            const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
            return Error::conflict("A record with these details already exists.", constraint ? constraint : "");
        }
        if (state && std::string_view(state).starts_with("23"))
            return Error::invalid(fmt::format("The database refused the change: {}", message));
        if (PQstatus(conn_) == CONNECTION_BAD) {
            // The server went away: reconnect for the next request; prepared
            // statements and any open transaction died with the old session.
            PQreset(conn_);
            cache_.clear();
            depth_ = 0;
        }
        return Error::unavailable(fmt::format("PostgreSQL: {}", message));
    }

    PGconn* conn_;
    std::unordered_map<std::string, std::string> cache_;  // SQL text -> prepared statement name
    std::uint64_t prepared_ = 0;                          // statements prepared, naming the next
};

}  // namespace

Result<std::unique_ptr<Connection>> open_postgres(std::string_view url)
{
    std::string conninfo(url);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        PQfinish(conn);
        return std::unexpected(Error::unavailable(fmt::format("Cannot connect to PostgreSQL: {}", message)));
    }
    auto c = std::make_unique<PgConnection>(conn);
    TRY(c->exec_script("SET client_encoding = 'UTF8'; SET client_min_messages = WARNING;"));
    return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace trellis::store
