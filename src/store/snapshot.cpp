#include "store/snapshot.hpp"

#include <sodium.h>
#include <sqlite3.h>
#include <sys/mman.h>

#include <algorithm>
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

// A block of `bytes` for an image, taken from the kernel rather than the heap:
// SQLite's own allocator refuses a block of 2 GiB or more, and a database
// grows past that. Its pages cost memory only once written, and are kept out
// of core dumps, since they hold children's records.
Result<unsigned char*> map_block(std::size_t bytes, const char* what)
{
    void* block = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED)  // NOLINT(performance-no-int-to-ptr): the kernel's own constant
        return std::unexpected(
            Error::unavailable(fmt::format("Not enough memory to {}: it needs {} MB.", what, bytes >> 20)));
    madvise(block, bytes, MADV_DONTDUMP);
    return static_cast<unsigned char*>(block);
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
      capacity_(std::exchange(other.capacity_, 0))
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
        capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
}

SqliteImage::~SqliteImage()
{
    release();
}

void SqliteImage::release()
{
    // The connections over the block close before it is zeroed and unmapped.
    reader_.reset();
    owner_.reset();
    if (data_) {
        sodium_memzero(data_, size_);
        munmap(data_, capacity_);
    }
    data_ = nullptr;
    size_ = 0;
    capacity_ = 0;
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
        sqlite3_int64 bytes = 0;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(source.get(),
                               "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", -1, &stmt,
                               nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            bytes = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        // The block is taken once, at the database's size and room for what
        // is written during the copy, rather than grown as pages arrive (a
        // growing block may move, holding both copies while it does).
        auto room = static_cast<std::size_t>(bytes) + static_cast<std::size_t>(bytes) / 4 + (std::size_t{64} << 20);
        image.data_ = TRY(map_block(room, "take the snapshot"));
        image.capacity_ = room;
        if (sqlite3_deserialize(image.owner_.get(), "main", image.data_, 0, static_cast<sqlite3_int64>(room), 0) !=
            SQLITE_OK)
            return std::unexpected(
                Error::unavailable(fmt::format("Taking the snapshot failed: {}", sqlite3_errmsg(image.owner_.get()))));
        TRY(copy(source.get(), image.owner_.get(), "Taking the snapshot failed"));
    }
    sqlite3_int64 size = 0;
    if (sqlite3_serialize(image.owner_.get(), "main", &size, SQLITE_SERIALIZE_NOCOPY) != image.data_)
        return std::unexpected(Error::unavailable("Taking the snapshot failed: it is not in memory."));
    image.size_ = static_cast<std::size_t>(size);
    return image;
}

Result<SqliteImage> SqliteImage::blank(std::int64_t size)
{
    SqliteImage image;
    image.capacity_ = static_cast<std::size_t>(std::max<std::int64_t>(size, 1));
    image.data_ = TRY(map_block(image.capacity_, "read the backup"));
    image.size_ = static_cast<std::size_t>(size);
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
