// How long each kind of record is kept, and what stops its destruction.
//
// A schedule gives each kind a period in days, editable by admins within the
// bounds below. The defaults are conservative: children's records are commonly
// kept until the child is 18 plus a few years of inactivity, so a closed
// context is kept 25 years, and the audit trail longer than what it describes.
// A legal hold on a context, or over the whole partnership, stops destruction.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

enum class RetentionKind { ClosedContext, UnlinkedYoungPerson, UnconfirmedUpload, ExpiredSession, AuditTrail };

struct RetentionKindInfo {
    RetentionKind kind;
    std::string_view key;    // stored
    std::string_view label;  // "A closed context and everything on it"
    std::string_view from;   // what the period counts from
    int default_days;
    int min_days;
    int max_days;
    bool held;  // whether a legal hold stops it (technical leftovers go regardless)
};

inline constexpr int kYear = 365;

inline constexpr std::array<RetentionKindInfo, 5> kRetentionKinds{{
    {RetentionKind::ClosedContext, "closed_context", "A closed context and everything recorded on it",
     "the day its closure was signed off", 25 * kYear, kYear, 100 * kYear, true},
    {RetentionKind::UnlinkedYoungPerson, "unlinked_young_person", "A register entry no longer on any context or record",
     "the day the entry was added", 6 * kYear, 30, 100 * kYear, true},
    {RetentionKind::AuditTrail, "audit_trail", "The audit trail", "the day of the event", 26 * kYear, 2 * kYear,
     110 * kYear, true},
    {RetentionKind::UnconfirmedUpload, "unconfirmed_upload", "An upload never confirmed", "the upload", 1, 1, 30,
     false},
    {RetentionKind::ExpiredSession, "expired_session", "A sign-in session no longer used", "its last use", 7, 1, 365,
     false},
}};

const RetentionKindInfo& info(RetentionKind kind);
std::optional<RetentionKind> retention_kind(std::string_view key);

using RetentionSchedule = std::map<RetentionKind, int>;  // days
RetentionSchedule default_schedule();

// Each period within its bounds, and the audit trail kept at least a year
// longer than the closed contexts it describes. One error per field, named by key.
std::vector<Error> check_schedule(const RetentionSchedule& schedule);

// "25 years" when the days are whole years of 365, "30 days" otherwise.
std::string describe_days(int days);

struct LegalHold {
    std::int64_t id = 0;
    std::optional<ContextId> context;  // none: the whole partnership
    std::string context_name;
    std::string reason;
    std::string placed_by, placed_at;
    std::string lifted_by, lifted_at, lift_reason;  // empty while in force
    bool in_force() const { return lifted_at.empty(); }
};

// One line of what a retention run destroyed (or, dry, would destroy).
struct Destruction {
    RetentionKind kind;
    std::optional<ContextId> context;   // the context's number only: it is gone
    std::int64_t count = 0;             // rows destroyed
    std::string rule;                   // "closed_context after 9125 days"
    std::string at;                     // when, for the log
    std::vector<std::int64_t> records;  // register entries destroyed, by number, so a restore can destroy them again
};

// A line of the destruction log as a restore reads it from the database it
// replaces, to destroy the same records again in the restored one.
struct LoggedDestruction {
    PartnershipId partnership;
    std::string kind;
    std::optional<ContextId> context;
    std::vector<std::int64_t> records;
    std::string at;
};

}  // namespace trellis
