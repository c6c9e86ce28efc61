#include "service/meetings.hpp"

#include <cctype>
#include "service/access.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/meeting_repo.hpp"

namespace trellis::service {

namespace {

// Whether `word` appears in `text` as a whole word, in any case.
bool names(const std::string& text, const std::string& word)
{
    auto hay = text::name_key(text), needle = text::name_key(word);
    auto is_word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; };
    for (std::size_t at = hay.find(needle); !needle.empty() && at != std::string::npos; at = hay.find(needle, at + 1)) {
        bool before = at == 0 || !is_word(hay[at - 1]);
        bool after = at + needle.size() >= hay.size() || !is_word(hay[at + needle.size()]);
        if (before && after) return true;
    }
    return false;
}

}  // namespace

Result<MeetingId> record_meeting(store::Connection& db, const User& by, const Actor& actor, Meeting meeting)
{
    TRY(may_edit_context(db, by, meeting.context, "recording meetings"));
    if (auto errors = validate(meeting); !errors.empty()) return std::unexpected(errors.front());
    // A conference discusses the context, not individual children: invitees
    // are listed by agency or community role, never by a young person's name.
    if (!meeting.invitees.empty())
        for (const auto& y : TRY(store::young_people::for_context(db, by.partnership, meeting.context)))
            if (names(meeting.invitees, y.pseudonym))
                return std::unexpected(Error::invalid(
                    fmt::format("List invitees by agency or community role; \"{}\" is a young person on this "
                                "context's register.",
                                y.pseudonym),
                    "invitees"));
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
