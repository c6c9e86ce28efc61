// The audit trail as people read it: one plain-English sentence a row, with
// names and UK dates, built when it is read from the ids kept in the row, so
// destroying a record leaves no title behind in the trail.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct AuditFilter {
    std::optional<UserId> actor;
    std::optional<ContextId> context;
    std::string kind;      // an entity ("evidence"); empty for all
    std::string from, to;  // YYYY-MM-DD, inclusive
    std::int64_t before_id = 0;
    int limit = 100;
    bool disclosures = false;  // only what was shared with partner agencies
    std::optional<AgencyId> agency;
    std::optional<std::int64_t> young_person;
};

struct AuditLine {
    std::int64_t id = 0;
    std::string at;    // stored UTC time
    std::string when;  // "3 March 2026, 6:40pm" in UK time
    std::string who;
    std::string sentence;  // "Sam Patel recorded evidence 'observation, 2026-03-03' on ..., 3 March 2026, 6:40pm"
    std::string kind;
    std::string action;
    std::string context_name;
    std::optional<ContextId> context;
    std::string address;
    std::string detail;  // what changed, as the row keeps it ("format=csv audience=partner")
    std::optional<UserId> actor;
    std::optional<AgencyId> disclosed_to;
};

struct AuditPage {
    std::vector<AuditLine> lines;
    std::int64_t next_before = 0;  // pass as before_id for the next page; 0 when this is the last
};

// Leads only (ReadAudit). Invalid when a date is not a date or the range runs backwards.
Result<AuditPage> audit_trail(store::Connection& db, const User& by, const AuditFilter& filter);

// The disclosure log: what was shared with partner agencies (copies made for
// an agency, and what its own users saw and did), with the agency and the
// information sharing agreement in force that day. Leads only.
struct Disclosure {
    AuditLine line;
    std::string agency;     // its name
    std::string agreement;  // "1 January 2026 to 31 December 2027: purposes", or "None in force"
    bool covered = false;
};
struct DisclosurePage {
    std::vector<Disclosure> items;
    std::int64_t next_before = 0;
};
Result<DisclosurePage> disclosure_log(store::Connection& db, const User& by, AuditFilter filter);

// The person the trail is filtered by, from their name or email address as
// typed (or part of either): Invalid on `field` when no one in the
// partnership, or more than one, answers to it, naming the first few.
Result<User> audit_person_called(store::Connection& db, const User& by, const std::string& typed, const char* field);
Result<User> audit_person(store::Connection& db, const User& by, UserId id);

// The kinds of record the trail can be filtered by, with a label each.
struct AuditKind {
    const char* key;
    const char* label;
};
const std::vector<AuditKind>& audit_kinds();

}  // namespace trellis::service
