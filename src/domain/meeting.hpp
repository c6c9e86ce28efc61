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

enum class MeetingType { MultiAgency, ContextConference, ReflectiveWorkshop, CommunityConference, ReviewConference };
inline constexpr Choices<MeetingType, 5> kMeetingTypes{{{
    {"multi_agency", "Multi-agency meeting"},
    {"context_conference", "Context conference (chaired by children's social care)"},
    {"reflective_workshop", "Reflective workshop"},
    {"community_conference", "Community conference (led by a family group conference coordinator)"},
    {"review_conference", "Review conference"},
}}};
// Conferences agree goals, list invitees and owe a written summary.
bool is_conference(MeetingType t);
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
    // Conferences: invitees by agency or community role, one a line, no child
    // named; the goals agreed; when the written summary was sent.
    std::string invitees;
    std::vector<GoalId> goals_agreed;
    std::vector<std::string> goal_statements;
    std::string summary_sent_on;
};

namespace limits {
inline constexpr std::size_t kMinutes = 50000;
inline constexpr std::size_t kDecision = 1000;
inline constexpr std::size_t kDecisions = 50;
inline constexpr std::size_t kMeetingInvitees = 2000;
}  // namespace limits

std::vector<Error> validate(const Meeting& m);

}  // namespace trellis
