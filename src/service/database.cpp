#include "service/database.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "store/audit_repo.hpp"
#include "store/audit_writer.hpp"
#include "store/checkpointer.hpp"
#include "store/migrations.hpp"

namespace trellis::service {

Result<std::unique_ptr<store::Connection>> open_database(const std::string& url)
{
    return store::open(url);
}

namespace {

// Creates the file only when it does not exist (O_EXCL), so instances starting
// together agree on one key.
Result<void> create_key_file(const std::string& path)
{
    if (sodium_init() < 0) return std::unexpected(Error::unavailable("libsodium could not start."));
    std::array<unsigned char, kSecretBytes> key{};
    randombytes_buf(key.data(), key.size());
    std::string hex(key.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    hex.back() = '\n';
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return {};
        return std::unexpected(
            Error::unavailable(fmt::format("Cannot create the audit key {}: {}", path, std::strerror(errno))));
    }
    bool written = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size());
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced)
        return std::unexpected(Error::unavailable(fmt::format("Cannot write the audit key {}.", path)));
    return {};
}

}  // namespace

std::string secret_path(const std::string& path, const std::string& db_url, const std::string& name)
{
    if (!path.empty()) return path;
    if (db_url.starts_with("sqlite:")) {
        std::filesystem::path db = db_url.substr(7);
        return (db.parent_path() / name).string();
    }
    return "trellis-" + name;
}

Result<std::string> load_secret(const std::string& path, const std::string& db_url, const std::string& name)
{
    std::string file = secret_path(path, db_url, name);
    if (!std::filesystem::exists(file)) TRY(create_key_file(file));
    std::ifstream in(file);
    std::string hex;
    in >> hex;
    std::string key(kSecretBytes, '\0');
    std::size_t length = 0;
    if (hex.size() != key.size() * 2 ||
        sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(), hex.size(), nullptr,
                       &length, nullptr) != 0 ||
        length != key.size())
        return std::unexpected(Error::invalid(fmt::format("The key {} is not 64 hexadecimal digits.", file)));
    return key;
}

Result<std::string> load_audit_key(const std::string& path, const std::string& db_url)
{
    std::string file = secret_path(path, db_url, "audit.key");
    store::audit::use_chain_key(TRY(load_secret(file, db_url, "audit.key")));
    return file;
}

Result<std::string> audit_head(store::Connection& db)
{
    auto head = TRY(store::audit::chain_head(db));
    return fmt::format("row {} mac {}", head.seq, head.mac);
}

Result<AuditCheck> verify_audit_trail(store::Connection& db)
{
    auto report = TRY(store::audit::verify_chain(db));
    auto head = TRY(store::audit::chain_head(db));
    return AuditCheck{report.intact, !store::audit::chain_key_set(), report.checked, report.unchained, head.seq,
                      report.problem};
}

Result<std::unique_ptr<store::Connection>> prepare_database(const std::string& url)
{
    auto db = TRY(store::open(url));
    TRY(store::migrate(*db));
    return db;
}

int schema_version()
{
    return store::latest_schema_version();
}

ViewLog::ViewLog(std::unique_ptr<store::AuditWriter> writer) : writer_(std::move(writer)) {}

ViewLog::~ViewLog() = default;

Result<std::shared_ptr<void>> checkpoint_in_background(const std::string& url, std::chrono::milliseconds every)
{
    return std::shared_ptr<void>(TRY(store::LogCheckpointer::start(url, every)));
}

Result<std::unique_ptr<ViewLog>> ViewLog::start(const std::string& url, ViewDurability durability)
{
    using Sync = store::AuditWriter::Sync;
    auto writer = TRY(store::AuditWriter::start(
        url, durability == ViewDurability::BeforeSending ? Sync::EachCommit : Sync::WithinASecond));
    return std::unique_ptr<ViewLog>(new ViewLog(std::move(writer)));
}

std::size_t ViewLog::queued()
{
    return writer_->queued();
}

void ViewLog::submit(const Actor& actor, const AuditEvent& event, std::function<void(Result<void>)> then)
{
    writer_->submit(actor, event, std::move(then));
}

}  // namespace trellis::service
