#include "domain/action.hpp"

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(ActionStatus s)
{
    switch (s) {
        case ActionStatus::Planned: return "planned";
        case ActionStatus::InProgress: return "in_progress";
        case ActionStatus::Done: return "done";
        case ActionStatus::Stopped: return "stopped";
    }
    return "planned";
}

std::string_view label(ActionStatus s)
{
    switch (s) {
        case ActionStatus::Planned: return "Planned";
        case ActionStatus::InProgress: return "In progress";
        case ActionStatus::Done: return "Done";
        case ActionStatus::Stopped: return "Stopped";
    }
    return "Planned";
}

std::optional<ActionStatus> parse_action_status(std::string_view s)
{
    for (auto v : kActionStatuses)
        if (to_string(v) == s) return v;
    return std::nullopt;
}

std::string_view to_string(Approach a)
{
    switch (a) {
        case Approach::Relational: return "relational";
        case Approach::PlacesAndResources: return "places";
        case Approach::Disruption: return "disruption";
        case Approach::Surveillance: return "surveillance";
    }
    return "relational";
}

std::string_view label(Approach a)
{
    switch (a) {
        case Approach::Relational: return "Relational / welfare-led";
        case Approach::PlacesAndResources: return "Places and resources";
        case Approach::Disruption: return "Disruption / enforcement";
        case Approach::Surveillance: return "Surveillance / monitoring";
    }
    return "Relational / welfare-led";
}

std::optional<Approach> parse_approach(std::string_view s)
{
    for (auto v : kApproaches)
        if (to_string(v) == s) return v;
    return std::nullopt;
}

bool welfare_led(Approach a)
{
    return a == Approach::Relational || a == Approach::PlacesAndResources;
}

std::vector<Error> validate(const Action& a)
{
    std::vector<Error> errors;
    if (auto e =
            text::check(a.what, "What will be done", "what", {.min = 1, .max = limits::kActionWhat, .multiline = true}))
        errors.push_back(std::move(*e));
    if (!a.owner_agency) errors.push_back(Error::invalid("Choose the agency that owns the action.", "owner_agency"));
    if (auto e = text::check(a.owner_name, "Named owner", "owner_name", {.min = 0, .max = limits::kOwnerName}))
        errors.push_back(std::move(*e));
    if (!a.start_date.empty() && !text::is_iso_date(a.start_date))
        errors.push_back(Error::invalid("Start date must be a real date written as YYYY-MM-DD.", "start_date"));
    if (!a.due_date.empty() && !text::is_iso_date(a.due_date))
        errors.push_back(Error::invalid("Due date must be a real date written as YYYY-MM-DD.", "due_date"));
    if (text::is_iso_date(a.start_date) && text::is_iso_date(a.due_date) && a.due_date < a.start_date)
        errors.push_back(Error::invalid("Due date must be on or after the start date.", "due_date"));
    return errors;
}

bool overdue(const Action& a, std::string_view today)
{
    return (a.status == ActionStatus::Planned || a.status == ActionStatus::InProgress) && !a.due_date.empty() &&
           a.due_date < today;
}

ApproachBalance balance(const std::vector<Action>& actions)
{
    ApproachBalance b;
    for (const auto& a : actions) {
        if (a.status == ActionStatus::Stopped) continue;
        (welfare_led(a.approach) ? b.welfare_led : b.enforcement) += 1;
    }
    return b;
}

}  // namespace trellis
