#include "domain/meeting.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(MeetingType t)
{
    switch (t) {
        case MeetingType::MultiAgency: return "multi_agency";
        case MeetingType::ContextConference: return "context_conference";
        case MeetingType::ReflectiveWorkshop: return "reflective_workshop";
        case MeetingType::CommunityConference: return "community_conference";
    }
    return "multi_agency";
}

std::string_view label(MeetingType t)
{
    switch (t) {
        case MeetingType::MultiAgency: return "Multi-agency meeting";
        case MeetingType::ContextConference: return "Context conference";
        case MeetingType::ReflectiveWorkshop: return "Reflective workshop";
        case MeetingType::CommunityConference: return "Community conference";
    }
    return "Multi-agency meeting";
}

std::optional<MeetingType> parse_meeting_type(std::string_view s)
{
    for (auto t : kMeetingTypes)
        if (to_string(t) == s) return t;
    return std::nullopt;
}

std::vector<Error> validate(const Meeting& m)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(m.date))
        errors.push_back(Error::invalid("Enter the date of the meeting as YYYY-MM-DD.", "date"));
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
