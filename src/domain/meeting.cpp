#include "domain/meeting.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(MeetingType t)
{
    return kMeetingTypes.name(t);
}

std::string_view label(MeetingType t)
{
    return kMeetingTypes.label(t);
}

std::optional<MeetingType> parse_meeting_type(std::string_view s)
{
    return kMeetingTypes.parse(s);
}

bool is_conference(MeetingType t)
{
    return t == MeetingType::ContextConference || t == MeetingType::CommunityConference ||
           t == MeetingType::ReviewConference;
}

std::vector<Error> validate(const Meeting& m)
{
    std::vector<Error> errors;
    if (auto e = text::check(m.invitees, "Invitees", "invitees",
                             {.min = 0, .max = limits::kMeetingInvitees, .multiline = true}))
        errors.push_back(std::move(*e));
    if (!is_conference(m.type) && (!m.invitees.empty() || !m.goals_agreed.empty()))
        errors.push_back(Error::invalid("Invitees and agreed goals are recorded for conferences only.", "type"));
    if (!text::is_iso_date(m.date))
        errors.push_back(Error::invalid("Enter the date of the meeting as a real date.", "date"));
    if (auto e = text::check(m.minutes, "Minutes", "minutes", {.min = 0, .max = limits::kMinutes, .multiline = true}))
        errors.push_back(std::move(*e));
    if (m.decisions.size() > limits::kDecisions)
        errors.push_back(Error::invalid(fmt::format("Record at most {} decisions.", limits::kDecisions), "decisions"));
    for (const auto& d : m.decisions)
        if (auto e = text::check(d.text, "Each decision", "decisions", {.min = 1, .max = limits::kDecision})) {
            errors.push_back(std::move(*e));
            break;
        }
    return errors;
}

}  // namespace trellis
