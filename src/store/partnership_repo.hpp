// Partnerships (the tenants) and their agencies.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <string>
#include <vector>

#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::store::partnerships {
Result<PartnershipId> create(Connection& db, const Partnership& p);
Result<Partnership> find_by_slug(Connection& db, std::string_view slug);
Result<std::vector<Partnership>> list(Connection& db);
Result<AgencyId> create_agency(Connection& db, const Agency& a);
Result<std::vector<Agency>> agencies(Connection& db, PartnershipId p);
}  // namespace trellis::store::partnerships
