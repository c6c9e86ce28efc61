// One repository per aggregate. Every function takes the partnership (tenant)
// and never returns another partnership's rows: a foreign id is NotFound, the
// same answer as a missing one, so ids cannot be probed.
//
// A function that writes more than one row opens a Transaction of its own; when
// the caller already holds one it becomes a savepoint, so callers compose
// several calls (and their audit rows) into one atomic change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/framework.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::store {

namespace audit {
Result<void> record(Connection& db, const Actor& actor, const AuditEvent& event);
Result<std::vector<AuditRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit = 200);
Result<std::int64_t> count(Connection& db, PartnershipId p);
}  // namespace audit

namespace partnerships {
Result<PartnershipId> create(Connection& db, const Partnership& p);
Result<Partnership> find_by_slug(Connection& db, std::string_view slug);
Result<std::vector<Partnership>> list(Connection& db);
Result<AgencyId> create_agency(Connection& db, const Agency& a);
Result<std::vector<Agency>> agencies(Connection& db, PartnershipId p);
}  // namespace partnerships

namespace users {
// Conflict when the email address is taken (in any partnership).
Result<UserId> create(Connection& db, const User& u, const std::string& password_hash);
Result<User> get(Connection& db, PartnershipId p, UserId id);
// Looks across partnerships: sign-in starts from the email address alone.
Result<std::pair<User, std::string>> find_with_hash(Connection& db, std::string_view email);
Result<std::vector<User>> list(Connection& db, PartnershipId p);
Result<void> set_password_hash(Connection& db, PartnershipId p, UserId id, const std::string& hash);
}  // namespace users

namespace contexts {
// Conflict when the partnership already has a context of that name.
Result<ContextId> create(Connection& db, const Context& c);
Result<Context> get(Connection& db, PartnershipId p, ContextId id);
Result<std::optional<Context>> find_by_name(Connection& db, PartnershipId p, std::string_view name);
Result<std::vector<Context>> list(Connection& db, PartnershipId p);
Result<void> add_link(Connection& db, PartnershipId p, ContextId from, ContextId to, const std::string& label);
}  // namespace contexts

struct FrameworkSummary {
    FrameworkId id;
    ContextId context;
    std::string context_name;
    std::string title;
    FrameworkStatus status = FrameworkStatus::Draft;
    std::string next_review_date;
    std::int64_t goals = 0;
};

namespace frameworks {
// Inserts the framework with its areas, goals and every stage version given
// (version numbers are kept when set, so an export re-imports unchanged).
Result<FrameworkId> create(Connection& db, PartnershipId p, const Framework& f);
enum class History { Omit, Include };
// The framework with the latest version of every stage; with History::Include
// each goal's earlier_versions holds every older version, oldest first.
Result<Framework> load(Connection& db, PartnershipId p, FrameworkId id, History with_history = History::Omit);
Result<std::vector<FrameworkSummary>> list(Connection& db, PartnershipId p);
// Appends a new version of one stage; returns its version number.
Result<int> write_stage(Connection& db, PartnershipId p, GoalId goal, Stage stage, const std::string& text,
                        const Actor& actor);
}  // namespace frameworks

}  // namespace trellis::store
