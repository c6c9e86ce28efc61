#include "service/backup.hpp"

#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

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

void put_length(std::string& out, std::size_t n)
{
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
}

Result<void> seal(crypto_secretstream_xchacha20poly1305_state& state, std::string& out, std::string_view message,
                  unsigned char tag)
{
    std::string cipher(message.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
    unsigned long long length = 0;
    crypto_secretstream_xchacha20poly1305_push(&state, reinterpret_cast<unsigned char*>(cipher.data()), &length,
                                               reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                               nullptr, 0, tag);
    put_length(out, static_cast<std::size_t>(length));
    out.append(cipher.data(), static_cast<std::size_t>(length));
    return {};
}

struct Opened {
    nlohmann::json about;
    std::string image;
};

Result<Opened> open_backup(const std::string& bytes, const std::string& key)
{
    auto damaged = [] {
        return std::unexpected(
            Error::invalid("The backup cannot be read: it is damaged, cut short, or was made with another key."));
    };
    if (!bytes.starts_with(kMagic)) return std::unexpected(Error::invalid("The file is not a Trellis backup."));
    std::size_t at = kMagic.size();
    if (bytes.size() < at + crypto_secretstream_xchacha20poly1305_HEADERBYTES) return damaged();
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state,
                                                        reinterpret_cast<const unsigned char*>(bytes.data() + at),
                                                        reinterpret_cast<const unsigned char*>(key.data())) != 0)
        return damaged();
    at += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    Opened out;
    bool first = true, finished = false;
    while (at < bytes.size()) {
        if (finished || bytes.size() - at < 4) return damaged();
        std::size_t length = 0;
        for (int i = 0; i < 4; ++i) length = (length << 8) | static_cast<unsigned char>(bytes[at + i]);
        at += 4;
        if (length < crypto_secretstream_xchacha20poly1305_ABYTES || bytes.size() - at < length) return damaged();
        std::string plain(length - crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
        unsigned long long plain_length = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &state, reinterpret_cast<unsigned char*>(plain.data()), &plain_length, &tag,
                reinterpret_cast<const unsigned char*>(bytes.data() + at), length, nullptr, 0) != 0)
            return damaged();
        at += length;
        plain.resize(static_cast<std::size_t>(plain_length));
        if (first) {
            out.about = nlohmann::json::parse(plain, nullptr, false);
            if (!out.about.is_object()) return damaged();
            first = false;
        } else {
            out.image += plain;
        }
        finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    if (!finished) return damaged();
    return out;
}

Result<std::string> read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(Error::invalid(fmt::format("Cannot read {}.", path)));
    return std::string(std::istreambuf_iterator<char>(in), {});
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
    auto image = TRY(store::sqlite_snapshot(path));
    report.schema = TRY(store::sqlite_image_version(image));
    report.bytes = static_cast<std::int64_t>(image.size());

    std::string out(kMagic);
    crypto_secretstream_xchacha20poly1305_state state;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state, header, reinterpret_cast<const unsigned char*>(key.data()));
    out.append(reinterpret_cast<const char*>(header), sizeof header);
    nlohmann::json about{{"format", "trellis-backup"},
                         {"schema", report.schema},
                         {"taken_at", report.taken_at},
                         {"bytes", report.bytes}};
    TRY(seal(state, out, about.dump(), image.empty() ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0));
    for (std::size_t at = 0; at < image.size(); at += kChunk) {
        bool last = at + kChunk >= image.size();
        TRY(seal(state, out, std::string_view(image).substr(at, kChunk),
                 last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0));
    }
    sodium_memzero(image.data(), image.size());

    auto partial = file + ".partial";
    {
        std::ofstream f(partial, std::ios::binary | std::ios::trunc);
        f.write(out.data(), static_cast<std::streamsize>(out.size()));
        f.flush();
        if (!f) return std::unexpected(Error::unavailable(fmt::format("Cannot write {}.", partial)));
    }
    std::error_code ec;
    std::filesystem::permissions(partial, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    if (!ec) std::filesystem::rename(partial, file, ec);
    if (ec) return std::unexpected(Error::unavailable(fmt::format("Cannot write {}: {}", file, ec.message())));
    return report;
}

Result<RestoreReport> restore_database(const std::string& db_url, const std::string& file, const std::string& key_path,
                                       const Actor& actor)
{
    auto path = TRY(sqlite_path(db_url));
    if (sodium_init() < 0) return std::unexpected(Error::unavailable("libsodium could not start."));
    auto key = TRY(load_secret(key_path, db_url, kKeyName));
    auto bytes = TRY(read_file(file));
    auto opened = TRY(open_backup(bytes, key));
    RestoreReport report;
    report.taken_at = opened.about.value("taken_at", "");
    report.schema = TRY(store::sqlite_image_version(opened.image));
    if (report.schema > store::latest_schema_version())
        return std::unexpected(Error::conflict(
            fmt::format("The backup's schema is version {}, newer than this build of Trellis understands ({}); "
                        "restore it with a newer build.",
                        report.schema, store::latest_schema_version())));

    // What the database being replaced destroyed after the backup was taken.
    std::vector<LoggedDestruction> destroyed;
    if (std::filesystem::exists(path)) {
        auto live = TRY(prepare_database(db_url));
        destroyed = TRY(store::retention::destroyed_since(*live, report.taken_at));
    }
    TRY(store::sqlite_restore(opened.image, path));
    sodium_memzero(opened.image.data(), opened.image.size());

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
