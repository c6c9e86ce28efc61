// Whole-database copies of a SQLite file through SQLite's online backup: a
// consistent snapshot taken while other connections read and write, held in
// memory (so no unencrypted copy touches the disk), and copied back over a
// live database in one step. An image takes memory once the database's size:
// it is read, checked, encrypted and restored where it lies, never copied.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "domain/error.hpp"

struct sqlite3;

namespace trellis::store {

class SqliteImage {
public:
    // The database at `path` as one consistent image, even while the server writes.
    static Result<SqliteImage> snapshot(const std::string& path);
    // `size` bytes for the caller to fill through bytes(), from a backup.
    static Result<SqliteImage> blank(std::int64_t size);

    SqliteImage(SqliteImage&&) noexcept;
    SqliteImage& operator=(SqliteImage&&) noexcept;
    ~SqliteImage();  // zeroes the bytes before freeing them

    std::span<unsigned char> bytes() { return {data_, size_}; }
    std::span<const unsigned char> bytes() const { return {data_, size_}; }

    // The image's schema version, after SQLite's integrity check passes (Invalid
    // when it is not a sound Trellis database).
    Result<int> version();

    // Replaces the content of the database at `path` with the image; other
    // connections see the old content or the new, never a mixture.
    Result<void> restore_into(const std::string& path);

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    using Handle = std::unique_ptr<sqlite3, Closer>;

    SqliteImage() = default;
    void release();
    // A read-only connection over the bytes where they lie.
    Result<sqlite3*> reader();

    Handle owner_;  // the in-memory database a snapshot was copied into, if any
    Handle reader_;
    unsigned char* data_ = nullptr;  // mapped, capacity_ bytes, of which size_ hold the image
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace trellis::store
