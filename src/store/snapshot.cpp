#include "store/snapshot.hpp"

#include <sqlite3.h>

#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace trellis::store {

namespace {

struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Result<Handle> open_file(const std::string& path, int flags)
{
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Handle db(raw);
    if (rc != SQLITE_OK)
        return std::unexpected(Error::unavailable(
            fmt::format("Cannot open {}: {}", path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))));
    sqlite3_busy_timeout(db.get(), 10000);
    return db;
}

// Copies every page of `from` into `to`, a few hundred at a time so writers
// on `from` are not held up for the whole copy.
Result<void> copy(sqlite3* from, sqlite3* to, const char* what)
{
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (!backup) return std::unexpected(Error::unavailable(fmt::format("{}: {}", what, sqlite3_errmsg(to))));
    int rc;
    do {
        rc = sqlite3_backup_step(backup, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return std::unexpected(Error::unavailable(fmt::format("{}: {}", what, sqlite3_errstr(rc))));
    return {};
}

// An in-memory database holding `image`.
Result<Handle> from_image(const std::string& image)
{
    auto db = TRY(open_file(":memory:", SQLITE_OPEN_READWRITE));
    auto size = static_cast<sqlite3_int64>(image.size());
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(image.size())));
    if (!buffer) return std::unexpected(Error::unavailable("Not enough memory to read the backup."));
    std::memcpy(buffer, image.data(), image.size());
    // A copy of a WAL database says so in its header (bytes 18 and 19); in
    // memory it can only be read in rollback mode. Restoring into a WAL
    // database sets the destination's header back.
    if (image.size() >= 100 && buffer[18] == 2 && buffer[19] == 2) buffer[18] = buffer[19] = 1;
    if (sqlite3_deserialize(db.get(), "main", buffer, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        return std::unexpected(Error::invalid("The backup does not hold a SQLite database."));
    return db;
}

Result<std::string> scalar(sqlite3* db, const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
        return std::unexpected(Error::invalid("The backup does not hold a Trellis database."));
    std::string out;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return std::unexpected(Error::invalid("The backup does not hold a sound SQLite database."));
    return out;
}

}  // namespace

Result<std::string> sqlite_snapshot(const std::string& path)
{
    auto source = TRY(open_file(path, SQLITE_OPEN_READONLY));
    auto memory = TRY(open_file(":memory:", SQLITE_OPEN_READWRITE));
    TRY(copy(source.get(), memory.get(), "Taking the snapshot failed"));
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(memory.get(), "main", &size, 0);
    if (!bytes) return std::unexpected(Error::unavailable("Not enough memory to hold the snapshot."));
    std::string image(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    return image;
}

Result<int> sqlite_image_version(const std::string& image)
{
    auto db = TRY(from_image(image));
    auto integrity = scalar(db.get(), "PRAGMA integrity_check");
    if (!integrity) return std::unexpected(integrity.error());
    if (*integrity != "ok") return std::unexpected(Error::invalid("The backup fails SQLite's integrity check."));
    auto version = scalar(db.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!version) return std::unexpected(version.error());
    return version->empty() ? 0 : std::stoi(*version);
}

Result<void> sqlite_restore(const std::string& image, const std::string& path)
{
    auto source = TRY(from_image(image));
    auto target = TRY(open_file(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    return copy(source.get(), target.get(), "Restoring the backup failed");
}

}  // namespace trellis::store
