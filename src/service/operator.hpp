// Use cases of whoever runs the installation, from the command line: they act
// on a whole partnership at once (no user's need-to-know applies) and every
// change and every view of a framework is audited as Actor::command_line().
#pragma once

#include <string>
#include <vector>

#include "domain/context.hpp"
#include "domain/framework.hpp"
#include "domain/user.hpp"
#include "service/framework_editing.hpp"
#include "store/connection.hpp"
#include "store/migrations.hpp"

namespace trellis::service {

// Brings the schema up to date (safe to run from two processes at once).
using SchemaReport = store::MigrationReport;
Result<SchemaReport> migrate_database(store::Connection& db);

Result<std::vector<Partnership>> partnerships(store::Connection& db);
// Conflict when the handle is taken. Audited.
Result<PartnershipId> create_partnership(store::Connection& db, const Partnership& partnership);

Result<std::vector<Agency>> agencies_in(store::Connection& db, PartnershipId p);
Result<std::vector<User>> users_in(store::Connection& db, PartnershipId p);
// NotFound when the partnership has no account for the address.
Result<User> user_by_email(store::Connection& db, PartnershipId p, const std::string& email);
Result<std::vector<Context>> contexts_in(store::Connection& db, PartnershipId p);
Result<std::vector<FrameworkSummary>> frameworks_in(store::Connection& db, PartnershipId p);
// A framework with its context, to print; the view is audited.
Result<FrameworkWithContext> framework_in(store::Connection& db, PartnershipId p, FrameworkId id);

}  // namespace trellis::service
