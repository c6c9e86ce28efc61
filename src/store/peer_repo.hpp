// The peer map of a context: links between young people on its register.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <vector>

#include "domain/audit.hpp"
#include "domain/peer_map.hpp"
#include "store/connection.hpp"

namespace trellis::store::peer_links {

// Records a link (audited on the context). Both young people must be on the
// context's register (Invalid naming the field); Conflict when the pair is
// already linked.
Result<PeerLinkId> create(Connection& db, PartnershipId p, const PeerLink& link, const Actor& actor);
// The context's links, by the first pseudonym and then the second.
Result<std::vector<PeerLink>> for_context(Connection& db, PartnershipId p, ContextId c);
// Every link that names the young person, on any context.
Result<std::vector<PeerLink>> for_young_person(Connection& db, PartnershipId p, YoungPersonId y);
// Deletes a link recorded in error (audited); returns its context.
Result<ContextId> remove(Connection& db, PartnershipId p, PeerLinkId id, const Actor& actor);

}  // namespace trellis::store::peer_links
