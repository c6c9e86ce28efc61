#include "domain/action.hpp"

#include "domain/choices.hpp"
#include "domain/text.hpp"

namespace trellis {

namespace {

constexpr Choices<ActionStatus, 4> kStatusChoices{
    {{{"planned", "Planned"}, {"in_progress", "In progress"}, {"done", "Done"}, {"stopped", "Stopped"}}}};
constexpr Choices<Approach, 4> kApproachChoices{{{{"relational", "Relational / welfare-led"},
                                                  {"places", "Places and resources"},
                                                  {"disruption", "Disruption / enforcement"},
                                                  {"surveillance", "Surveillance / monitoring"}}}};

}  // namespace

std::string_view to_string(ActionStatus s)
{
    return kStatusChoices.name(s);
}

std::string_view label(ActionStatus s)
{
    return kStatusChoices.label(s);
}

std::optional<ActionStatus> parse_action_status(std::string_view s)
{
    return kStatusChoices.parse(s);
}

std::string_view to_string(Approach a)
{
    return kApproachChoices.name(a);
}

std::string_view label(Approach a)
{
    return kApproachChoices.label(a);
}

std::optional<Approach> parse_approach(std::string_view s)
{
    return kApproachChoices.parse(s);
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
