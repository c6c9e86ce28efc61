#include "domain/action.hpp"

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(ActionStatus s)
{
    return kActionStatuses.name(s);
}

std::string_view label(ActionStatus s)
{
    return kActionStatuses.label(s);
}

std::optional<ActionStatus> parse_action_status(std::string_view s)
{
    return kActionStatuses.parse(s);
}

std::string_view to_string(Approach a)
{
    return kApproaches.name(a);
}

std::string_view label(Approach a)
{
    return kApproaches.label(a);
}

std::optional<Approach> parse_approach(std::string_view s)
{
    return kApproaches.parse(s);
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
        errors.push_back(Error::invalid("Start date must be a real date.", "start_date"));
    if (!a.due_date.empty() && !text::is_iso_date(a.due_date))
        errors.push_back(Error::invalid("Due date must be a real date.", "due_date"));
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
