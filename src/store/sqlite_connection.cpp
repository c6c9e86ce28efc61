#include <sqlite3.h>
#include <sys/stat.h>

#include <fmt/format.h>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/backends.hpp"

namespace trellis::store {
namespace {

// How many LogCheckpointers are running in this process.
std::atomic<int> background_checkpoints{0};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override
    {
        for (auto& [sql, prepared] : cache_) sqlite3_finalize(prepared.stmt);
        sqlite3_close_v2(db_);
    }

    Backend backend() const override { return Backend::Sqlite; }
    std::size_t prepared_statements() const override { return cache_.size(); }

    Result<QueryResult> run_query(std::string_view sql, const Params& params) override
    {
        const Prepared* found = TRY(prepare(sql));
        const bool writes = sqlite3_stmt_readonly(found->stmt) == 0;
        if (writes ? reading_ : together_ && !reading_ && depth_ == 0) {
            if (writes) {
                end_shared_read();
            } else {
                TRY(run_control("BEGIN"));
                reading_ = true;
            }
            found = TRY(prepare(sql));  // preparing BEGIN or COMMIT may have emptied the cache
        }
        const Prepared& prepared = *found;
        sqlite3_stmt* stmt = prepared.stmt;
        struct Reset {
            sqlite3_stmt* s;
            ~Reset()
            {
                sqlite3_reset(s);
                sqlite3_clear_bindings(s);
            }
        } reset{stmt};

        for (std::size_t i = 0; i < params.size(); ++i) {
            int index = i < prepared.slots.size() ? prepared.slots[i] : 0;
            if (index == 0) continue;  // parameter not used by this statement
            int rc = std::visit(
                [&](const auto& v) -> int {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::nullptr_t>)
                        return sqlite3_bind_null(stmt, index);
                    else if constexpr (std::is_same_v<T, std::int64_t>)
                        return sqlite3_bind_int64(stmt, index, v);
                    else
                        return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
                },
                params[i]);
            if (rc != SQLITE_OK) return std::unexpected(failure(rc));
        }

        QueryResult result;
        int columns = sqlite3_column_count(stmt);
        for (;;) {
            int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return std::unexpected(failure(rc));
            std::vector<std::optional<std::string>> cells;
            cells.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
                    cells.emplace_back(std::nullopt);
                } else {
                    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                    cells.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
                }
            }
            result.rows.emplace_back(std::move(cells));
        }
        result.affected = sqlite3_changes64(db_);
        return result;
    }

    Result<void> run_script(std::string_view sql) override
    {
        std::string s(sql);
        char* message = nullptr;
        int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            return std::unexpected(Error::unavailable(fmt::format("SQLite: {}", text)));
        }
        return {};
    }

    // Kept prepared, as the request's statements are: parsing BEGIN and COMMIT
    // afresh was a tenth of the audit writer's work.
    Result<void> run_control(std::string_view sql) override
    {
        sqlite3_stmt* stmt = TRY(prepare(sql))->stmt;
        int rc = sqlite3_step(stmt);
        std::string message = rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(db_);
        sqlite3_reset(stmt);
        if (rc != SQLITE_DONE) return std::unexpected(Error::unavailable(fmt::format("SQLite: {}", message)));
        return {};
    }

    void read_together(bool on) noexcept override
    {
        together_ = on;
        if (!on) end_shared_read();
    }

protected:
    void end_shared_read() noexcept override
    {
        if (!reading_) return;
        reading_ = false;
        if (!run_control("COMMIT")) (void)run_script("ROLLBACK");
    }

    // IMMEDIATE takes the write lock up front, so two writers queue on the
    // busy timeout instead of deadlocking when both try to upgrade.
    std::string_view begin_statement() const override { return "BEGIN IMMEDIATE"; }

private:
    // A statement with where each of $1, $2 ... is bound: SQLite numbers
    // parameters in the order they first appear, so $2 may be its first.
    struct Prepared {
        sqlite3_stmt* stmt = nullptr;
        std::vector<int> slots;  // slots[n - 1] is $n's index, 0 when unused
    };

    Result<const Prepared*> prepare(std::string_view sql)
    {
        auto it = cache_.find(std::string(sql));
        if (it != cache_.end()) return &it->second;
        if (cache_.size() >= kMostPreparedStatements) {
            for (auto& [text, kept] : cache_) sqlite3_finalize(kept.stmt);
            cache_.clear();
        }
        Prepared prepared;
        int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &prepared.stmt, nullptr);
        if (rc != SQLITE_OK) return std::unexpected(failure(rc));
        for (int index = 1, count = sqlite3_bind_parameter_count(prepared.stmt); index <= count; ++index) {
            const char* name = sqlite3_bind_parameter_name(prepared.stmt, index);
            if (!name || name[0] != '$') continue;
            auto n = static_cast<std::size_t>(std::strtoul(name + 1, nullptr, 10));
            if (n == 0) continue;
            if (prepared.slots.size() < n) prepared.slots.resize(n, 0);
            prepared.slots[n - 1] = index;
        }
        return &cache_.emplace(std::string(sql), std::move(prepared)).first->second;
    }

    Error failure(int rc) const
    {
        int extended = sqlite3_extended_errcode(db_);
        std::string message = sqlite3_errmsg(db_);
        if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
            // "UNIQUE constraint failed: areas.framework_id, areas.name_key"
            auto colon = message.find(": ");
            return Error::conflict("A record with these details already exists.",
                                   colon == std::string::npos ? message : message.substr(colon + 2));
        }
        if ((rc & 0xFF) == SQLITE_CONSTRAINT)
            return Error::invalid(fmt::format("The database refused the change: {}", message));
        return Error::unavailable(fmt::format("SQLite: {}", message));
    }

    sqlite3* db_;
    std::unordered_map<std::string, Prepared> cache_;
    bool together_ = false;  // within a Reads scope
    bool reading_ = false;   // in the read transaction it began
};

}  // namespace

void configure_sqlite()
{
    // SQLite counts the memory it holds under one lock for the whole process,
    // taken on every allocation by every connection: with a connection per
    // worker that lock was contended on each page. Trellis never reads the
    // count. Only possible before SQLite's first use, hence once here.
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Result<std::unique_ptr<Connection>> open_sqlite(std::string_view path_text)
{
    configure_sqlite();
    if (path_text.empty()) return std::unexpected(Error::invalid("SQLite database path is empty.", "db"));
    std::filesystem::path path(path_text);
    std::error_code ec;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            return std::unexpected(Error::unavailable(
                fmt::format("Cannot create the folder {}: {}", path.parent_path().string(), ec.message())));
        // The database holds personal data about children: the folder is private.
        ::chmod(path.parent_path().c_str(), 0700);
    }
    bool existed = std::filesystem::exists(path, ec);
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return std::unexpected(Error::unavailable(fmt::format("Cannot open {}: {}", path.string(), message)));
    }
    if (!existed) ::chmod(path.c_str(), 0600);
    auto conn = std::make_unique<SqliteConnection>(db);
    sqlite3_busy_timeout(db, 10000);
    // WAL lets readers work while one writer commits; synchronous=FULL makes every
    // acknowledged commit survive a power cut, not only a process crash.
    // secure_delete overwrites deleted content with zeros, so a record retention
    // destroyed cannot be read back from the file's free pages.
    TRY(conn->exec_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"));
    // A server's connections (the ones opened while its checkpointer runs) also
    // keep a small page cache: SQLite empties a connection's cache whenever
    // another has committed since its last read, and a server commits an audit
    // row for nearly every request, so a large cache is memory refilled for
    // each request. 256 KB holds what one request reads: at scale 1 resident
    // memory went from 81 to 54 MB with the same latencies.
    if (background_checkpoints.load() > 0)
        TRY(conn->exec_script("PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-256;"));
    return std::unique_ptr<Connection>(std::move(conn));
}

void leave_checkpoints_to_background(bool on)
{
    background_checkpoints += on ? 1 : -1;
}

}  // namespace trellis::store
