// The retention schedule, legal holds, the destruction log, and destroying
// what has passed its period. The rules every repository keeps are at the top
// of store/connection.hpp.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "domain/retention.hpp"
#include "store/connection.hpp"

namespace trellis::store::retention {

// The partnership's periods, defaults where none was set.
Result<RetentionSchedule> schedule(Connection& db, PartnershipId p);
// Saves the periods that differ from what is stored (each change audited).
Result<void> save_schedule(Connection& db, PartnershipId p, const RetentionSchedule& s, const Actor& actor);

// Holds in force first, then lifted ones, newest first.
Result<std::vector<LegalHold>> holds(Connection& db, PartnershipId p);
// Places a hold on a context, or over the partnership (no context); audited.
Result<std::int64_t> place_hold(Connection& db, PartnershipId p, std::optional<ContextId> c, const std::string& reason,
                                const Actor& actor);
// Lifts a hold in force; NotFound for another partnership's or a lifted one.
Result<void> lift_hold(Connection& db, PartnershipId p, std::int64_t hold, const std::string& reason,
                       const Actor& actor);

// What has passed its period today, held records left out.
Result<std::vector<Destruction>> due(Connection& db, PartnershipId p, const std::string& today);
// Destroys what is due, logs each line (kind, count, context number, rule,
// never content) and audits the run, all in one transaction. Returns the lines.
Result<std::vector<Destruction>> destroy(Connection& db, PartnershipId p, const std::string& today, const Actor& actor);

// The audit trail is one chain for the install, so it is trimmed once a run,
// from its oldest end only: up to the first row some partnership must still
// keep (not yet due, or under a partnership hold). A checkpoint records where
// the chain now starts; each partnership's rows destroyed are logged and
// audited. A dry run counts.
Result<std::vector<std::pair<PartnershipId, Destruction>>> trim_audit_trail(Connection& db, const std::string& today,
                                                                            bool dry, const Actor& actor);

// The destruction log, newest first.
Result<std::vector<Destruction>> log(Connection& db, PartnershipId p, int limit);

// A register entry erased by hand (the register's own rule): logged with its
// number, in the caller's transaction, so a restored backup erases it again.
Result<void> log_erasure(Connection& db, PartnershipId p, std::int64_t young_person, const Actor& actor);

// Every line logged after `since` (a stored UTC time), oldest first.
Result<std::vector<LoggedDestruction>> destroyed_since(Connection& db, const std::string& since);
// Destroys again, in a restored copy, what the line destroyed: the context and
// everything on it, or the register entries it names (with whatever still
// names them). Audited; returns the rows destroyed (0 when already gone).
Result<std::int64_t> destroy_again(Connection& db, const LoggedDestruction& d, const Actor& actor);

// Claims `job` for `day` (YYYY-MM-DD): true for exactly one caller per day,
// however many instances share the database.
Result<bool> claim_day(Connection& db, const std::string& job, const std::string& day);

}  // namespace trellis::store::retention
