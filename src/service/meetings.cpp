#include "service/meetings.hpp"

#include "service/access.hpp"
#include "store/context_repo.hpp"
#include "store/meeting_repo.hpp"

namespace trellis::service {

Result<MeetingId> record_meeting(store::Connection& db, const User& by, const Actor& actor, Meeting meeting)
{
    TRY(may_edit_context(db, by, meeting.context, "recording meetings"));
    if (auto errors = validate(meeting); !errors.empty()) return std::unexpected(errors.front());
    return store::meetings::create(db, by.partnership, meeting, actor);
}

Result<std::vector<Meeting>> meetings_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    return store::meetings::for_context(db, by.partnership, context);
}

Result<Meeting> meeting(store::Connection& db, const User& by, MeetingId id)
{
    auto m = TRY(store::meetings::get(db, by.partnership, id));
    TRY(need_context(db, by, m.context));
    return m;
}

Result<DecisionAction> act_on_decision(store::Connection& db, const User& by, const Actor& actor, DecisionId decision,
                                       Action action)
{
    auto m = TRY(store::meetings::of_decision(db, by.partnership, decision));
    TRY(may_edit_context(db, by, m.context, "turning decisions into actions"));
    action.what = "from decision";  // replaced by the decision's text
    if (auto errors = validate(action); !errors.empty()) return std::unexpected(errors.front());
    auto id = TRY(store::meetings::make_action(db, by.partnership, decision, action, actor));
    return DecisionAction{m.id, id};
}

}  // namespace trellis::service
