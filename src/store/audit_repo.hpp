// The audit trail: who did what to which record, and when.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/audit.hpp"
#include "store/connection.hpp"

namespace trellis::store::audit {
Result<void> record(Connection& db, const Actor& actor, const AuditEvent& event);
Result<std::vector<AuditRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit = 200);
Result<std::int64_t> count(Connection& db, PartnershipId p);
}  // namespace trellis::store::audit
