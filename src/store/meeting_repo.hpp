// Multi-agency meetings and context conferences, with decisions that become actions.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <vector>

#include "domain/action.hpp"
#include "domain/audit.hpp"
#include "domain/meeting.hpp"
#include "store/connection.hpp"

namespace trellis::store::meetings {
Result<MeetingId> create(Connection& db, PartnershipId p, const Meeting& m, const Actor& actor);
Result<std::vector<Meeting>> for_context(Connection& db, PartnershipId p, ContextId c);
Result<Meeting> get(Connection& db, PartnershipId p, MeetingId id);
// The meeting a decision belongs to (NotFound outside the partnership).
// Marks a conference's written summary as sent on `on`. Conflict when it
// is not a conference or the summary is already marked.
Result<void> mark_summary_sent(Connection& db, PartnershipId p, MeetingId id, const std::string& on,
                               const Actor& actor);
Result<Meeting> of_decision(Connection& db, PartnershipId p, DecisionId id);
// Creates the action for a decision and links them, in one audited transaction.
Result<ActionId> make_action(Connection& db, PartnershipId p, DecisionId id, Action action, const Actor& actor);
}  // namespace trellis::store::meetings
