// Backups of a SQLite database: a consistent snapshot taken while the server
// runs, encrypted and authenticated with a key kept outside the database, and
// a restore that refuses a damaged, tampered or newer backup, brings an older
// one up to date, and destroys again everything the destruction log says was
// destroyed after the backup was taken. PostgreSQL is backed up with its own
// tools (see the README).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/retention.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct BackupReport {
    std::string taken_at;  // UTC
    int schema = 0;
    std::int64_t bytes = 0;  // of the database, before encryption
    std::string key_file;
};
// Writes `file` (through a temporary file renamed into place, so a crash
// leaves the old file or the new). The key is `key_path`, or backup.key beside
// the database, created on first use.
Result<BackupReport> backup_database(const std::string& db_url, const std::string& file, const std::string& key_path);

struct RestoreReport {
    std::string taken_at;
    int schema = 0;                    // of the backup
    std::vector<std::string> applied;  // migrations that brought it up to date
    std::int64_t destructions = 0;     // lines of the destruction log applied again
    std::int64_t rows = 0;             // rows they destroyed
};
// Replaces the database with the backup. Stop the server first.
Result<RestoreReport> restore_database(const std::string& db_url, const std::string& file, const std::string& key_path,
                                       const Actor& actor);

// Before an older SQLite database is migrated: a backup of it beside the
// database ("trellis.db.before-schema-19.backup"), returning its path; empty
// when there is nothing to migrate, the database is new, or it is PostgreSQL.
Result<std::string> backup_before_migrating(const std::string& db_url, const std::string& key_path);

// The destruction log's lines after `since`, to keep before a restore made
// with other tools, and applying them again to the restored database.
Result<std::vector<LoggedDestruction>> destroyed_since(store::Connection& db, const std::string& since);
// Returns the rows destroyed.
Result<std::int64_t> destroy_again(store::Connection& db, const std::vector<LoggedDestruction>& log,
                                   const Actor& actor);

}  // namespace trellis::service
