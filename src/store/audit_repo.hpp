// The audit trail: who did what to which record, and when.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "store/connection.hpp"

namespace trellis::store::audit {
Result<void> record(Connection& db, const Actor& actor, const AuditEvent& event);
// Several events in one go, chained in order under one take of the chain head:
// all are recorded or none.
struct Recorded {
    const Actor& actor;
    const AuditEvent& event;
};
Result<void> record_all(Connection& db, std::span<const Recorded> events);

// Rows of a history made up for a generated partnership (`trellis demo
// --scale`), each at its own past time, chained like any other rows. Never
// for what a user did: those rows are written at the moment they happen.
struct PastEvent {
    Actor actor;
    AuditEvent event;
    std::string at;  // ISO 8601 UTC, as now_utc() writes it
};
Result<void> record_generated_history(Connection& db, const std::vector<PastEvent>& events);

// Where the trail stood at the last change (any row but a view or an export):
// the MAC of that row, so it differs between databases and moves with every
// audited change, in the change's own transaction. What is computed from the
// records alone (a dashboard's figures) can be kept under this stamp and is
// current while the stamp is the same, on every instance. Empty before the
// first change.
Result<std::string> change_stamp(Connection& db);

Result<std::vector<AuditRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit = 200);
Result<std::int64_t> count(Connection& db, PartnershipId p);

// The trail as people search it: newest first, a page at a time (rows older
// than `before_id` when it is set).
struct Filter {
    std::optional<UserId> actor;
    std::optional<ContextId> context;
    std::string entity;    // a kind of record; empty for every kind
    std::string from, to;  // UTC dates, inclusive; empty for open
    std::int64_t before_id = 0;
    int limit = 100;
    // Disclosures only: what went to a partner agency (a copy made for it, whose
    // detail ends "agency=N", or what its own users saw and did), to this
    // agency, or about contexts this young person is on.
    bool disclosures = false;
    std::optional<AgencyId> agency;
    std::optional<std::int64_t> young_person;
};
Result<std::vector<AuditRecord>> search(Connection& db, PartnershipId p, const Filter& filter);

// What each row's record is called now, read when the trail is read, so a
// destroyed record leaves no title behind. Keyed by entity and id; a kind
// Trellis names (contexts, goals, evidence ...) missing here was destroyed.
struct Titles {
    std::map<std::pair<std::string, std::int64_t>, std::string> titles;
    std::map<std::int64_t, std::string> contexts;
    std::map<std::int64_t, std::string> users;
};
bool titled_kind(std::string_view entity);
Result<Titles> titles(Connection& db, PartnershipId p, const std::vector<AuditRecord>& records);

// The chain. Every row carries an HMAC-SHA-256 over its own fields and the MAC
// of the row before it, keyed by a secret kept outside the database, so a row
// changed, inserted or removed by anything but Trellis shows. Rows are chained
// under the chain head's row lock (SQLite's write lock), so group commit and
// several instances keep one chain.
inline constexpr std::size_t kChainKeyBytes = 32;
// Set once at start-up, before any row is written; until then rows are chained
// with a fixed development key, which `verify` reports.
void use_chain_key(std::string key);
bool chain_key_set();

struct ChainHead {
    std::int64_t seq = 0;             // rows chained so far (the last row's number)
    std::string mac;                  // the last row's MAC, hex
    std::int64_t checkpoint_seq = 0;  // rows before this were destroyed by retention
};
Result<ChainHead> chain_head(Connection& db);

struct ChainReport {
    bool intact = true;
    std::int64_t checked = 0;        // chained rows verified
    std::int64_t unchained = 0;      // rows written before the chain began
    std::int64_t first_bad_seq = 0;  // the first row changed, or where one was removed
    std::int64_t first_bad_id = 0;   // its audit row id, when it still exists
    std::string problem;             // what was found there, in a sentence
};
// Walks the chain from the retention checkpoint, a page at a time.
Result<ChainReport> verify_chain(Connection& db);

// Retention destroyed rows up to and including `seq`: verification starts after it.
Result<void> checkpoint(Connection& db, std::int64_t seq);
}  // namespace trellis::store::audit
