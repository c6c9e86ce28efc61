#include "web/view_helpers.hpp"

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "web/forms.hpp"

namespace trellis::web {

void add_errors(nlohmann::json& model, const std::vector<Error>& errors)
{
    model["has_errors"] = !errors.empty();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : errors) {
        std::string field = e.field.empty() ? "main-content" : e.field;
        list.push_back({{"field", field}, {"message", e.message}});
        if (!e.field.empty() && !model.contains(e.field + "_error")) model[e.field + "_error"] = e.message;
        // A radio's id ("tier-avoid") also marks its group ("tier") in error.
        if (auto dash = e.field.find('-');
            dash != std::string::npos && !model.contains(e.field.substr(0, dash) + "_error"))
            model[e.field.substr(0, dash) + "_error"] = e.message;
    }
    model["errors"] = list;
}

nlohmann::json paragraphs(const std::string& text)
{
    nlohmann::json out = nlohmann::json::array();
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("\n\n", start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

std::string tag_class(GoalStatus s)
{
    switch (s) {
        case GoalStatus::NotStarted: return "govuk-tag--grey";
        case GoalStatus::InProgress: return "govuk-tag--blue";
        case GoalStatus::ReadyForReview: return "govuk-tag--purple";
        case GoalStatus::Reached: return "govuk-tag--green";
        case GoalStatus::PartlyReached: return "govuk-tag--yellow";
        case GoalStatus::NotReached: return "govuk-tag--red";
    }
    return "";
}

std::string tag_class(FrameworkStatus s)
{
    switch (s) {
        case FrameworkStatus::Draft: return "govuk-tag--grey";
        case FrameworkStatus::Active: return "govuk-tag--green";
        case FrameworkStatus::InReview: return "govuk-tag--yellow";
        case FrameworkStatus::Closed: return "govuk-tag--purple";
    }
    return "";
}

std::string tag_class(ActionStatus s)
{
    switch (s) {
        case ActionStatus::Planned: return "govuk-tag--grey";
        case ActionStatus::InProgress: return "govuk-tag--blue";
        case ActionStatus::Done: return "govuk-tag--green";
        case ActionStatus::Stopped: return "govuk-tag--purple";
    }
    return "";
}

std::string stage_class(ContextStage s)
{
    switch (s) {
        case ContextStage::Concern: return "govuk-tag--orange";
        case ContextStage::Screening: return "govuk-tag--yellow";
        case ContextStage::Assessment: return "govuk-tag--light-blue";
        case ContextStage::Planning: return "govuk-tag--purple";
        case ContextStage::Active: return "govuk-tag--green";
        case ContextStage::Review: return "govuk-tag--pink";
        case ContextStage::Closed: return "govuk-tag--grey";
    }
    return "";
}

std::string when(const std::string& iso)
{
    return uk_date(iso);
}

nlohmann::json pagination(const std::string& path, const std::vector<std::pair<std::string, std::string>>& query,
                          std::int64_t number, std::int64_t pages, bool more, std::string_view param)
{
    std::string base = path + "?";
    for (const auto& [k, v] : query)
        if (k != param && !v.empty()) base += url_encode(k) + "=" + url_encode(v) + "&";
    auto href = [&](std::int64_t n) { return fmt::format("{}{}={}", base, param, n); };
    nlohmann::json items = nlohmann::json::array();
    bool gap = false;
    for (std::int64_t n = 1; n <= pages; ++n) {
        if (n == 1 || (n == pages && !more) || (n >= number - 1 && n <= number + 1)) {
            items.push_back({{"number", std::to_string(n)}, {"href", href(n)}, {"current", n == number}});
            gap = false;
        } else if (!gap) {
            items.push_back({{"ellipsis", true}});
            gap = true;
        }
    }
    // Pages past those counted: the list goes on after an ellipsis.
    if (more && !gap) items.push_back({{"ellipsis", true}});
    return {{"show", pages > 1 || more},
            {"previous", number > 1 ? href(number - 1) : ""},
            {"next", number < pages || more ? href(number + 1) : ""},
            {"items", items}};
}

std::string showing(std::int64_t number, std::int64_t size, std::size_t on_page, std::int64_t total, bool more)
{
    if (total <= size && !more) return "";
    auto first = (number - 1) * size + 1;
    auto last = first + static_cast<std::int64_t>(on_page) - 1;
    return fmt::format("Showing {} to {} of {}{}.", text::thousands(first), text::thousands(last),
                       more ? "more than " : "", text::thousands(total));
}

std::int64_t page_number(const std::string& value)
{
    auto n = parse_id(value);
    return n ? *n : 1;
}

}  // namespace trellis::web
