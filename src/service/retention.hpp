// Retention: the schedule admins keep, legal holds (leads on a context, admins
// over the partnership), previewing and running destruction, and the daily job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/retention.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct RetentionOverview {
    RetentionSchedule schedule;
    std::vector<LegalHold> holds;
    std::vector<Destruction> log;  // the latest 200 lines
};
// Admins only.
Result<RetentionOverview> retention_overview(store::Connection& db, const User& by);
// Admins only; Invalid (one error per period, see check_schedule) when out of bounds.
Result<void> set_retention_schedule(store::Connection& db, const User& by, const Actor& actor,
                                    const RetentionSchedule& schedule);
// What a run today would destroy for the caller's partnership (admins).
Result<std::vector<Destruction>> retention_preview(store::Connection& db, const User& by, const std::string& today);

// A hold on a context (leads who see it) or, with no context, over the whole
// partnership (admins). The reason is required.
Result<std::int64_t> place_legal_hold(store::Connection& db, const User& by, const Actor& actor,
                                      std::optional<ContextId> context, const std::string& reason);
Result<void> lift_legal_hold(store::Connection& db, const User& by, const Actor& actor, std::int64_t hold,
                             const std::string& reason);
// The holds on one context, in force first (leads who see it).
Result<std::vector<LegalHold>> context_holds(store::Connection& db, const User& by, ContextId context);

// One partnership's part of a run.
struct RetentionRun {
    Partnership partnership;
    std::vector<Destruction> lines;
};
// Every partnership on the install (the command line and the daily job):
// counts what is due (dry) or destroys it, each partnership in its own
// transaction, then trims the audit trail's oldest end.
Result<std::vector<RetentionRun>> run_retention(store::Connection& db, const std::string& today, bool dry,
                                                const Actor& actor);
// The daily job: runs once for `today` however many instances share the
// database; false when another instance (or an earlier call) already ran it.
Result<bool> run_daily_retention(store::Connection& db, const std::string& today);

}  // namespace trellis::service
