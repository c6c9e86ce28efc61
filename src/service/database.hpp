// The database as the server and the command line see it: a connection from
// a URL (sqlite:PATH or postgresql://...), the schema brought up to date, and
// the log that audits views as they happen.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "domain/audit.hpp"
#include "store/connection.hpp"

namespace trellis::store {
class AuditWriter;
}

namespace trellis::service {

Result<std::unique_ptr<store::Connection>> open_database(const std::string& url);

// A request's reads made together, in one snapshot (see store::Reads).
using ReadsTogether = store::Reads;

// Opens the database and applies every migration it has not had yet.
Result<std::unique_ptr<store::Connection>> prepare_database(const std::string& url);

// The schema version this build of Trellis writes.
int schema_version();

// A secret kept outside the database, as 64 hex digits: read from `path`, or
// when that is empty from `name` beside a SQLite database ("trellis-" + name in
// the working folder for PostgreSQL). A missing file is created first (only
// if it does not exist, so instances starting together agree), private to
// this user, with a new random key. Invalid when the file holds anything else.
inline constexpr std::size_t kSecretBytes = 32;
std::string secret_path(const std::string& path, const std::string& db_url, const std::string& name);
Result<std::string> load_secret(const std::string& path, const std::string& db_url, const std::string& name);

// The audit trail's chain key lives outside the database: in `path`, or when
// that is empty in audit.key beside a SQLite database (trellis-audit.key in the
// working folder for PostgreSQL). A missing file is created, private to this
// user, with a new random key; a file that is not 64 hex digits is Invalid.
// Returns the file used.
Result<std::string> load_audit_key(const std::string& path, const std::string& db_url);

struct AuditCheck {
    bool intact = true;
    bool development_key = false;  // no key was loaded: the chain proves nothing
    std::int64_t checked = 0;
    std::int64_t unchained = 0;
    std::int64_t head = 0;
    std::string problem;
};
// "row 1234 mac 3f9a…": the chain's head, written to the log daily so a copy
// lives outside the database.
Result<std::string> audit_head(store::Connection& db);

// Recomputes every row's MAC from the retention checkpoint to the head.
Result<AuditCheck> verify_audit_trail(store::Connection& db);

// While the handle lives, a SQLite database's write-ahead log is checkpointed
// from a thread of its own every `every`, and connections opened meanwhile
// leave checkpoints to it, so no request's commit waits while the log is
// copied into the database (store/checkpointer.hpp). A server takes it before
// opening its connections. Nothing on PostgreSQL.
Result<std::shared_ptr<void>> checkpoint_in_background(const std::string& url, std::chrono::milliseconds every);

// When the record of a view is on disk: before its page is sent, or within a
// second of it (store/audit_writer.hpp gives what each costs and risks).
enum class ViewDurability { BeforeSending, WithinASecond };

// Views of records about children are audited before the page is sent. On a
// server this log commits the views of many requests in one transaction, from
// a connection of its own, and releases each request once its row is
// committed; without one, a view is written on the request's connection.
// Changes are audited inside their own transaction instead, by the use case
// that makes them.
class ViewLog {
public:
    static Result<std::unique_ptr<ViewLog>> start(const std::string& url, ViewDurability durability);
    ~ViewLog();
    ViewLog(const ViewLog&) = delete;
    ViewLog& operator=(const ViewLog&) = delete;

    // Hands the view over and returns at once; `then` is called with the
    // outcome, on the log's own thread, once its row is committed.
    void submit(const Actor& actor, const AuditEvent& event, std::function<void(Result<void>)> then);
    // Views waiting for the next commit.
    std::size_t queued();

private:
    explicit ViewLog(std::unique_ptr<store::AuditWriter> writer);
    std::unique_ptr<store::AuditWriter> writer_;
};

}  // namespace trellis::service
