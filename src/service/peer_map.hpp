// The peer map of a peer-group context: who on its register is linked to whom,
// how that is known and how reliable it is. Leads record it; leads and the
// practitioners allocated to the context read it (every view audited by the
// page); it is never in partner copies, the API, search or exports, only in a
// subject access bundle for someone it names.
#pragma once

#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/peer_map.hpp"
#include "domain/user.hpp"
#include "service/register.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct PeerMap {
    Context context;
    // The register by pseudonym, or only the people the links name when the
    // register is too long to draw or list (`typed`): nobody can read a circle
    // of hundreds, and a choice of hundreds is typed rather than scrolled.
    std::vector<YoungPerson> people;
    std::int64_t register_total = 0;
    std::vector<PeerLink> links;
    bool applies = false;   // a peer group: other kinds of context have no map
    bool may_edit = false;  // leads, while the context is open
    bool typed() const { return register_typed(register_total); }
};

// NotFound when the user may not see the context.
Result<PeerMap> peer_map(store::Connection& db, const User& by, ContextId context);

struct PeerLinkForm {
    std::string a, b;         // young people's ids on the register
    std::string source;       // a key of kLinkSources
    std::string reliability;  // a key of kLinkReliabilities
    std::string note;
};
// Leads only. Invalid naming the field (or when the context is not a peer
// group); Conflict when the pair is linked.
Result<PeerLinkId> add_peer_link(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                 const PeerLinkForm& form);
// Leads only; returns the link's context.
Result<ContextId> remove_peer_link(store::Connection& db, const User& by, const Actor& actor, PeerLinkId id);

}  // namespace trellis::service
