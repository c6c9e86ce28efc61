// Versioned schema migrations, applied in order at start-up, each in its own
// transaction. The schema text is shared by both backends; only the identity
// column is spelled per backend.
#pragma once

#include <string>
#include <vector>

#include "store/connection.hpp"

namespace trellis::store {

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
    std::vector<std::string> applied;  // "3 add allocations"
};

// Brings the schema up to date. Safe to run from two processes at once: the
// second waits, then finds nothing to do.
Result<MigrationReport> migrate(Connection& db);

// The newest version this build knows.
int latest_schema_version();

}  // namespace trellis::store
