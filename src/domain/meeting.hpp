// Multi-agency meetings and context conferences: who came, the minutes, and
// the decisions that become actions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action.hpp"
#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

using MeetingId = Id<struct MeetingTag>;
using DecisionId = Id<struct DecisionTag>;

enum class MeetingType { MultiAgency, ContextConference, ReflectiveWorkshop, CommunityConference };
inline constexpr Choices<MeetingType, 4> kMeetingTypes{{{
    {"multi_agency", "Multi-agency meeting"},
    {"context_conference", "Context conference"},
    {"reflective_workshop", "Reflective workshop"},
    {"community_conference", "Community conference"},
}}};
std::string_view to_string(MeetingType t);
std::string_view label(MeetingType t);
std::optional<MeetingType> parse_meeting_type(std::string_view s);

struct Decision {
    DecisionId id;
    std::string text;
    std::optional<ActionId> action;  // the action it became, if any
};

struct Meeting {
    MeetingId id;
    ContextId context;
    std::string date;
    MeetingType type = MeetingType::MultiAgency;
    std::vector<AgencyId> attendees;
    std::vector<std::string> attendee_names;
    std::string minutes;
    std::vector<Decision> decisions;
    std::string author_label;
};

namespace limits {
inline constexpr std::size_t kMinutes = 50000;
inline constexpr std::size_t kDecision = 1000;
inline constexpr std::size_t kDecisions = 50;
}  // namespace limits

std::vector<Error> validate(const Meeting& m);

}  // namespace trellis
