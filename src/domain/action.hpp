// Actions on a goal's Action stage: who does what, by when, and whether the
// response works with young people or watches over them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"
#include "domain/paging.hpp"

namespace trellis {

using ActionId = Id<struct ActionTag>;

enum class ActionStatus { Planned, InProgress, Done, Stopped };
inline constexpr Choices<ActionStatus, 4> kActionStatuses{{{
    {"planned", "Planned"},
    {"in_progress", "In progress"},
    {"done", "Done"},
    {"stopped", "Stopped"},
}}};

// Contextual Safeguarding favours working with young people (relational,
// welfare-led) and changing places and resources over disrupting or watching them.
enum class Approach { Relational, PlacesAndResources, Disruption, Surveillance };
inline constexpr Choices<Approach, 4> kApproaches{{{
    {"relational", "Relational / welfare-led"},
    {"places", "Places and resources"},
    {"disruption", "Disruption / enforcement"},
    {"surveillance", "Surveillance / monitoring"},
}}};

std::string_view to_string(ActionStatus s);
std::string_view label(ActionStatus s);
std::optional<ActionStatus> parse_action_status(std::string_view s);
std::string_view to_string(Approach a);
std::string_view label(Approach a);
std::optional<Approach> parse_approach(std::string_view s);
bool welfare_led(Approach a);

struct ProgressNote {
    std::string text;
    std::string author_label;
    std::string written_at;
    std::string status;  // the status the note set, as a machine name
};

struct Action {
    ActionId id;
    GoalId goal;
    std::string what;
    std::optional<AgencyId> owner_agency;
    std::string owner_agency_name;
    std::string owner_name;  // the named person who owns it
    std::vector<AgencyId> partners;
    std::vector<std::string> partner_names;
    std::string start_date;
    std::string due_date;
    ActionStatus status = ActionStatus::Planned;
    Approach approach = Approach::Relational;
    std::vector<ProgressNote> notes;  // oldest first
    std::string updated_at;
};

namespace limits {
inline constexpr std::size_t kActionWhat = 1000;
inline constexpr std::size_t kOwnerName = 120;
inline constexpr std::size_t kProgressNote = 5000;
}  // namespace limits

std::vector<Error> validate(const Action& action);

// Not done or stopped, and due before `today` (YYYY-MM-DD).
bool overdue(const Action& action, std::string_view today);

struct ApproachBalance {
    int welfare_led = 0;  // relational, places and resources
    int enforcement = 0;  // disruption, surveillance
    // The plan leans on enforcement and surveillance more than on welfare-led work.
    bool enforcement_led() const { return enforcement > welfare_led; }
};
ApproachBalance balance(const std::vector<Action>& actions);

// Where an action sits, for access checks: its goal's framework and context,
// and every agency involved (owner and partners).
struct ActionPlace {
    GoalId goal;
    FrameworkId framework;
    ContextId context;
    std::vector<AgencyId> agencies;
};

// An action as a partner agency sees it: the goal statement and the context's
// name, never the stage narratives or any evidence about young people.
struct AgencyAction {
    Action action;
    std::string goal_statement;
    std::string context_name;
    ContextId context;
};

// What the partnership's list of actions is narrowed to; each filter left
// empty lets every action through.
struct ActionFilter {
    bool overdue_only = false;       // planned or in progress, due before today
    std::optional<AgencyId> agency;  // owns it or takes part
    std::optional<ContextId> context;
    std::optional<Approach> approach;
    std::optional<ActionStatus> status;
    // Only the actions after this one in the list's order (undated last, then
    // by due date and id): how the API reads the list a page at a time.
    std::optional<std::pair<std::string, std::int64_t>> after;  // its due date and id
};

}  // namespace trellis
