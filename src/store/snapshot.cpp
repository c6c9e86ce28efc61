#include "store/snapshot.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <limits>
#include <utility>

#include <fmt/format.h>

#include "store/backends.hpp"

namespace trellis::store {

namespace {

Result<sqlite3*> open_file(const char* path, int flags)
{
    configure_sqlite();
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        auto message = fmt::format("Cannot open {}: {}", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return std::unexpected(Error::unavailable(message));
    }
    sqlite3_busy_timeout(db, 10000);
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
    if (rc == SQLITE_NOMEM || rc == SQLITE_FULL)
        return std::unexpected(Error::unavailable(fmt::format("{}: not enough memory to hold the database.", what)));
    if (rc != SQLITE_DONE) return std::unexpected(Error::unavailable(fmt::format("{}: {}", what, sqlite3_errstr(rc))));
    return {};
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

void SqliteImage::Closer::operator()(sqlite3* db) const
{
    sqlite3_close(db);
}

SqliteImage::SqliteImage(SqliteImage&& other) noexcept
    : owner_(std::move(other.owner_)),
      reader_(std::move(other.reader_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      allocated_(std::exchange(other.allocated_, false))
{
}

SqliteImage& SqliteImage::operator=(SqliteImage&& other) noexcept
{
    if (this != &other) {
        release();
        owner_ = std::move(other.owner_);
        reader_ = std::move(other.reader_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        allocated_ = std::exchange(other.allocated_, false);
    }
    return *this;
}

SqliteImage::~SqliteImage()
{
    release();
}

void SqliteImage::release()
{
    reader_.reset();
    if (data_) sodium_memzero(data_, size_);
    if (allocated_) sqlite3_free(data_);
    owner_.reset();
    data_ = nullptr;
    size_ = 0;
    allocated_ = false;
}

Result<SqliteImage> SqliteImage::snapshot(const std::string& path)
{
    SqliteImage image;
    // The copy goes into an in-memory database on SQLite's memdb VFS, whose
    // bytes lie in one block that can be read where they are.
    image.owner_.reset(TRY(
        open_file("file:trellis-snapshot?vfs=memdb", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI)));
    {
        Handle source(TRY(open_file(path.c_str(), SQLITE_OPEN_READONLY)));
        // The block is taken at the database's size before the copy, rather
        // than grown as pages arrive: an allocator may move a growing block,
        // holding both copies while it does.
        sqlite3_int64 bytes = 0;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(source.get(),
                               "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", -1, &stmt,
                               nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            bytes = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        if (bytes > 0) {
            auto* block = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(bytes)));
            if (!block) return std::unexpected(Error::unavailable("Not enough memory to hold the snapshot."));
            if (sqlite3_deserialize(image.owner_.get(), "main", block, 0, bytes,
                                    SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
                return std::unexpected(Error::unavailable(
                    fmt::format("Taking the snapshot failed: {}", sqlite3_errmsg(image.owner_.get()))));
        }
        // memdb stops at 1 GiB unless told otherwise (told after deserialising, which sets the cap afresh).
        sqlite3_int64 limit = std::numeric_limits<sqlite3_int64>::max() / 2;
        sqlite3_file_control(image.owner_.get(), "main", SQLITE_FCNTL_SIZE_LIMIT, &limit);
        TRY(copy(source.get(), image.owner_.get(), "Taking the snapshot failed"));
    }
    sqlite3_int64 size = 0;
    image.data_ = sqlite3_serialize(image.owner_.get(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
    if (!image.data_) return std::unexpected(Error::unavailable("Taking the snapshot failed: it is not in memory."));
    image.size_ = static_cast<std::size_t>(size);
    return image;
}

Result<SqliteImage> SqliteImage::blank(std::int64_t size)
{
    SqliteImage image;
    image.data_ = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size > 0 ? size : 1)));
    if (!image.data_) return std::unexpected(Error::unavailable("Not enough memory to read the backup."));
    image.size_ = static_cast<std::size_t>(size);
    image.allocated_ = true;
    return image;
}

Result<sqlite3*> SqliteImage::reader()
{
    if (reader_) return reader_.get();
    Handle db(TRY(open_file(":memory:", SQLITE_OPEN_READWRITE)));
    // A copy of a WAL database says so in its header (bytes 18 and 19); in
    // memory it can only be read in rollback mode. Restoring into a WAL
    // database sets the destination's header back.
    if (size_ >= 100 && data_[18] == 2 && data_[19] == 2) data_[18] = data_[19] = 1;
    auto size = static_cast<sqlite3_int64>(size_);
    if (sqlite3_deserialize(db.get(), "main", data_, size, size, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
        return std::unexpected(Error::invalid("The backup does not hold a SQLite database."));
    reader_ = std::move(db);
    return reader_.get();
}

Result<int> SqliteImage::version()
{
    auto* db = TRY(reader());
    auto integrity = TRY(scalar(db, "PRAGMA integrity_check"));
    if (integrity != "ok") return std::unexpected(Error::invalid("The backup fails SQLite's integrity check."));
    auto version = TRY(scalar(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    return version.empty() ? 0 : std::stoi(version);
}

Result<void> SqliteImage::restore_into(const std::string& path)
{
    auto* source = TRY(reader());
    Handle target(TRY(open_file(path.c_str(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)));
    return copy(source, target.get(), "Restoring the backup failed");
}

}  // namespace trellis::store
