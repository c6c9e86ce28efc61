// Multi-agency meetings and context conferences of a context, and decisions
// that become actions. Need-to-know is the meeting's context.
#pragma once

#include <vector>

#include "domain/audit.hpp"
#include "domain/meeting.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// Records a meeting with its decisions (audited). Invalid naming the field.
Result<MeetingId> record_meeting(store::Connection& db, const User& by, const Actor& actor, Meeting meeting);

// The context's meetings, newest first.
Result<std::vector<Meeting>> meetings_of(store::Connection& db, const User& by, ContextId context);

// One meeting the caller may see, with its decisions and the actions they became.
Result<Meeting> meeting(store::Connection& db, const User& by, MeetingId id);

// Turns a decision into an action on a goal of the meeting's context: the
// action's text is the decision's. Conflict when it already is an action.
// Returns the meeting and the new action.
struct DecisionAction {
    MeetingId meeting;
    ActionId action;
};
Result<DecisionAction> act_on_decision(store::Connection& db, const User& by, const Actor& actor, DecisionId decision,
                                       Action action);

}  // namespace trellis::service
