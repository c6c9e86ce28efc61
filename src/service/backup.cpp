#include "service/backup.hpp"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/clock.hpp"
#include "service/database.hpp"
#include "service/retention.hpp"
#include "store/migrations.hpp"
#include "store/retention_repo.hpp"
#include "store/snapshot.hpp"

namespace trellis::service {

namespace {

// The file: this line, then libsodium's secretstream header, then messages of
// a 4-byte big-endian length and the ciphertext. The first message is the
// backup's description (JSON), then the database in chunks; the last carries
// the FINAL tag, so a truncated file is refused.
constexpr std::string_view kMagic = "TRELLIS-BACKUP 1\n";
constexpr std::size_t kChunk = 1 << 20;
constexpr const char* kKeyName = "backup.key";

Result<std::string> sqlite_path(const std::string& db_url)
{
    if (!db_url.starts_with("sqlite:"))
        return std::unexpected(
            Error::invalid("trellis backup and restore work on a SQLite database. Back PostgreSQL up with pg_dump "
                           "--format=custom and restore it with pg_restore, as the README describes."));
    return db_url.substr(7);
}

// The backup being written: a temporary file, readable by its owner alone
// from the start, renamed into place once it is whole and on the disk.
class Sealed {
public:
    static Result<Sealed> create(const std::string& file)
    {
        Sealed out;
        out.file_ = file;
        out.partial_ = file + ".partial";
        out.fd_ = ::open(out.partial_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out.fd_ < 0 || ::fchmod(out.fd_, 0600) != 0) return std::unexpected(out.failed());
        return out;
    }
    Sealed(Sealed&& other) noexcept
        : file_(std::move(other.file_)), partial_(std::move(other.partial_)), fd_(std::exchange(other.fd_, -1))
    {
    }
    Sealed& operator=(Sealed&&) = delete;
    ~Sealed()
    {
        if (fd_ < 0) return;
        ::close(fd_);
        ::unlink(partial_.c_str());
    }

    Result<void> write(std::string_view bytes)
    {
        while (!bytes.empty()) {
            auto n = ::write(fd_, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return std::unexpected(failed());
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return {};
    }

    // One message: its length (4 bytes, big-endian), then the ciphertext.
    Result<void> seal(crypto_secretstream_xchacha20poly1305_state& state, std::span<const unsigned char> message,
                      unsigned char tag)
    {
        cipher_.resize(4 + message.size() + crypto_secretstream_xchacha20poly1305_ABYTES);
        auto* out = reinterpret_cast<unsigned char*>(cipher_.data());
        unsigned long long length = 0;
        crypto_secretstream_xchacha20poly1305_push(&state, out + 4, &length, message.data(), message.size(), nullptr, 0,
                                                   tag);
        for (int i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>((length >> (24 - 8 * i)) & 0xff);
        return write(std::string_view(cipher_).substr(0, 4 + static_cast<std::size_t>(length)));
    }

    // Flushes the file to the disk and renames it into place.
    Result<void> finish()
    {
        if (::fsync(fd_) != 0) return std::unexpected(failed());
        ::close(std::exchange(fd_, -1));
        std::error_code ec;
        std::filesystem::rename(partial_, file_, ec);
        if (ec) {
            ::unlink(partial_.c_str());
            return std::unexpected(Error::unavailable(fmt::format("Cannot write {}: {}", file_, ec.message())));
        }
        // The rename too, before a schema update goes ahead on the strength of it.
        auto folder = std::filesystem::path(file_).parent_path();
        int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
            ::fsync(dir);
            ::close(dir);
        }
        return {};
    }

private:
    Sealed() = default;
    Error failed() const
    {
        return Error::unavailable(fmt::format("Cannot write {}: {}", partial_, std::strerror(errno)));
    }

    std::string file_, partial_;
    int fd_ = -1;
    std::string cipher_;
};

// Reads a backup a message at a time: its description, then the database
// straight into an image of the size the description gives.
struct Opened {
    nlohmann::json about;
    store::SqliteImage image;
};

Result<Opened> open_backup(const std::string& path, const std::string& key)
{
    auto damaged = [] {
        return std::unexpected(
            Error::invalid("The backup cannot be read: it is damaged, cut short, or was made with another key."));
    };
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(Error::invalid(fmt::format("Cannot read {}.", path)));
    std::error_code ec;
    auto file_size = std::filesystem::file_size(path, ec);
    if (ec) return std::unexpected(Error::invalid(fmt::format("Cannot read {}.", path)));

    std::string magic(kMagic.size(), '\0');
    if (!in.read(magic.data(), static_cast<std::streamsize>(magic.size())) || magic != kMagic)
        return std::unexpected(Error::invalid("The file is not a Trellis backup."));
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return damaged();
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header,
                                                        reinterpret_cast<const unsigned char*>(key.data())) != 0)
        return damaged();

    std::optional<nlohmann::json> about;
    std::optional<store::SqliteImage> image;
    std::size_t filled = 0;
    // The plain text of a message, zeroed however the reading ends.
    struct Wiped {
        std::string bytes;
        ~Wiped() { sodium_memzero(bytes.data(), bytes.size()); }
    } plain;
    std::string cipher;
    bool finished = false;
    while (!finished) {
        unsigned char prefix[4];
        if (!in.read(reinterpret_cast<char*>(prefix), sizeof prefix)) return damaged();
        std::size_t length = 0;
        for (auto byte : prefix) length = (length << 8) | byte;
        if (length < crypto_secretstream_xchacha20poly1305_ABYTES ||
            length > kChunk + crypto_secretstream_xchacha20poly1305_ABYTES)
            return damaged();
        cipher.resize(length);
        if (!in.read(cipher.data(), static_cast<std::streamsize>(length))) return damaged();
        plain.bytes.resize(length - crypto_secretstream_xchacha20poly1305_ABYTES);
        unsigned long long plain_length = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &state, reinterpret_cast<unsigned char*>(plain.bytes.data()), &plain_length, &tag,
                reinterpret_cast<const unsigned char*>(cipher.data()), length, nullptr, 0) != 0)
            return damaged();
        finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        std::string_view message(plain.bytes.data(), static_cast<std::size_t>(plain_length));
        if (!about) {
            about = nlohmann::json::parse(message, nullptr, false);
            // The size is authenticated, and no larger than the file.
            if (!about->is_object()) return damaged();
            auto size = about->find("bytes");
            if (size == about->end() || !size->is_number_unsigned()) return damaged();
            auto bytes = size->get<std::uint64_t>();
            if (bytes > file_size) return damaged();
            image = TRY(store::SqliteImage::blank(static_cast<std::int64_t>(bytes)));
            continue;
        }
        auto into = image->bytes();
        if (message.size() > into.size() - filled) return damaged();
        std::memcpy(into.data() + filled, message.data(), message.size());
        filled += message.size();
    }
    if (!image || filled != image->bytes().size() || in.peek() != std::char_traits<char>::eof()) return damaged();
    return Opened{std::move(*about), std::move(*image)};
}

}  // namespace

Result<BackupReport> backup_database(const std::string& db_url, const std::string& file, const std::string& key_path)
{
    auto path = TRY(sqlite_path(db_url));
    if (sodium_init() < 0) return std::unexpected(Error::unavailable("libsodium could not start."));
    if (!std::filesystem::exists(path))
        return std::unexpected(Error::invalid(fmt::format("There is no database at {}.", path)));
    auto key = TRY(load_secret(key_path, db_url, kKeyName));
    BackupReport report;
    report.key_file = secret_path(key_path, db_url, kKeyName);
    report.taken_at = now_utc();
    auto image = TRY(store::SqliteImage::snapshot(path));
    report.schema = TRY(image.version());
    auto bytes = image.bytes();
    report.bytes = static_cast<std::int64_t>(bytes.size());

    auto out = TRY(Sealed::create(file));
    TRY(out.write(kMagic));
    crypto_secretstream_xchacha20poly1305_state state;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state, header, reinterpret_cast<const unsigned char*>(key.data()));
    TRY(out.write(std::string_view(reinterpret_cast<const char*>(header), sizeof header)));
    auto about = nlohmann::json{{"format", "trellis-backup"},
                                {"schema", report.schema},
                                {"taken_at", report.taken_at},
                                {"bytes", report.bytes}}
                     .dump();
    TRY(out.seal(state, std::span(reinterpret_cast<const unsigned char*>(about.data()), about.size()),
                 bytes.empty() ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0));
    for (std::size_t at = 0; at < bytes.size(); at += kChunk) {
        bool last = at + kChunk >= bytes.size();
        TRY(out.seal(state, bytes.subspan(at, std::min(kChunk, bytes.size() - at)),
                     last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0));
    }
    TRY(out.finish());
    return report;
}

Result<RestoreReport> restore_database(const std::string& db_url, const std::string& file, const std::string& key_path,
                                       const Actor& actor)
{
    auto path = TRY(sqlite_path(db_url));
    if (sodium_init() < 0) return std::unexpected(Error::unavailable("libsodium could not start."));
    auto key = TRY(load_secret(key_path, db_url, kKeyName));
    RestoreReport report;
    std::vector<LoggedDestruction> destroyed;
    {
        auto opened = TRY(open_backup(file, key));
        report.taken_at = opened.about.value("taken_at", "");
        report.schema = TRY(opened.image.version());
        if (report.schema > store::latest_schema_version())
            return std::unexpected(Error::conflict(
                fmt::format("The backup's schema is version {}, newer than this build of Trellis understands ({}); "
                            "restore it with a newer build.",
                            report.schema, store::latest_schema_version())));

        // What the database being replaced destroyed after the backup was taken.
        if (std::filesystem::exists(path)) {
            auto live = TRY(prepare_database(db_url));
            destroyed = TRY(store::retention::destroyed_since(*live, report.taken_at));
        }
        TRY(opened.image.restore_into(path));
    }  // the image's memory, zeroed and freed before the migrations take more

    auto db = TRY(store::open(db_url));
    auto migrated = TRY(store::migrate(*db));
    report.applied = migrated.applied;
    report.rows += TRY(destroy_again(*db, destroyed, actor));
    report.destructions = static_cast<std::int64_t>(destroyed.size());
    // And what has fallen due since, by the schedule the backup carries.
    for (const auto& run : TRY(run_retention(*db, today_utc(), false, actor)))
        for (const auto& line : run.lines) report.rows += line.count;
    return report;
}

Result<std::string> backup_before_migrating(const std::string& db_url, const std::string& key_path)
{
    if (!db_url.starts_with("sqlite:")) return std::string();
    auto path = db_url.substr(7);
    if (!std::filesystem::exists(path)) return std::string();
    std::int64_t version = 0;
    {
        auto db = TRY(store::open(db_url));
        auto rows = db->query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!rows) return std::string();  // no schema yet: nothing to lose
        version = rows->first().integer(0);
    }
    if (version == 0 || version >= store::latest_schema_version()) return std::string();
    auto file = fmt::format("{}.before-schema-{}.backup", path, version);
    TRY(backup_database(db_url, file, key_path));
    return file;
}

Result<std::vector<LoggedDestruction>> destroyed_since(store::Connection& db, const std::string& since)
{
    return store::retention::destroyed_since(db, since);
}

Result<std::int64_t> destroy_again(store::Connection& db, const std::vector<LoggedDestruction>& log, const Actor& actor)
{
    std::int64_t rows = 0;
    for (const auto& d : log) rows += TRY(store::retention::destroy_again(db, d, actor));
    return rows;
}

}  // namespace trellis::service
