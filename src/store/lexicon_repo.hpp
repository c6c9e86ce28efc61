// A partnership's own lexicon entries.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/lexicon.hpp"
#include "store/connection.hpp"

namespace trellis::store::lexicon {
// A partnership's own lexicon entries, added by its admins on top of the
// lexicon that ships with Trellis. Phrases are stored one per line.
using LocalEntry = LexiconEntry;
Result<std::vector<LocalEntry>> list(Connection& db, PartnershipId p);
// Changes whenever an entry is added or removed: what a compiled lens is cached by.
Result<std::string> stamp(Connection& db, PartnershipId p);
Result<std::int64_t> add(Connection& db, PartnershipId p, const LocalEntry& e, const Actor& actor);
Result<void> remove(Connection& db, PartnershipId p, std::int64_t id, const Actor& actor);
}  // namespace trellis::store::lexicon
