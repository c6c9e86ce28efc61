#include "domain/framework.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <unordered_set>

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(FrameworkStatus s)
{
    return kFrameworkStatuses.name(s);
}

std::string_view label(FrameworkStatus s)
{
    return kFrameworkStatuses.label(s);
}

std::string_view to_string(GoalStatus s)
{
    return kGoalStatuses.name(s);
}

std::string_view label(GoalStatus s)
{
    return kGoalStatuses.label(s);
}

std::string_view to_string(Stage s)
{
    return kStages.name(s);
}

std::string_view label(Stage s)
{
    return kStages.label(s);
}

std::optional<FrameworkStatus> parse_framework_status(std::string_view s)
{
    return kFrameworkStatuses.parse(s);
}

std::optional<GoalStatus> parse_goal_status(std::string_view s)
{
    return kGoalStatuses.parse(s);
}

std::optional<Stage> parse_stage(std::string_view s)
{
    return kStages.parse(s);
}

StageQuestions default_stage_questions()
{
    return {"How have you identified this goal?", "What will have changed for you to know that the goal is reached?",
            "What will you do to achieve this?", "After the response, what has changed and how do you know?"};
}

std::size_t Framework::goal_count() const
{
    std::size_t n = 0;
    for (const auto& area : areas) n += area.goals.size();
    return n;
}

std::optional<Error> check_area_name(std::string_view name)
{
    return text::check(name, "Area of focus name", "area_name", {.min = 1, .max = limits::kAreaName});
}

std::optional<Error> check_goal_statement(std::string_view statement)
{
    return text::check(statement, "Goal statement", "statement",
                       {.min = 1, .max = limits::kGoalStatement, .multiline = true});
}

std::optional<Error> check_stage_text(Stage stage, std::string_view value)
{
    auto what = fmt::format("{} text", label(stage));
    return text::check(value, what, to_string(stage), {.min = 0, .max = limits::kStageText, .multiline = true});
}

int Goal::stages_written() const
{
    return static_cast<int>(std::ranges::count_if(stages, [](const StageEntry& e) { return e.written(); }));
}

GoalStatus status_after_writing(GoalStatus current, int stages_written)
{
    switch (current) {
        case GoalStatus::Reached:
        case GoalStatus::PartlyReached:
        case GoalStatus::NotReached: return current;
        case GoalStatus::NotStarted:
        case GoalStatus::InProgress:
        case GoalStatus::ReadyForReview: break;
    }
    if (stages_written >= static_cast<int>(kStages.size())) return GoalStatus::ReadyForReview;
    if (stages_written > 0) return GoalStatus::InProgress;
    return current;
}

std::vector<Error> validate(const Framework& f)
{
    std::vector<Error> errors;
    auto add = [&](std::optional<Error> e, std::string_view where = {}) {
        if (!e) return;
        if (!where.empty()) e->message = fmt::format("{}: {}", where, e->message);
        errors.push_back(std::move(*e));
    };
    add(text::check(f.title, "Title", "title", {.min = 1, .max = limits::kTitle}));
    if (!f.start_date.empty() && !text::is_iso_date(f.start_date))
        errors.push_back(Error::invalid("Start date must be a real date.", "start_date"));
    if (!f.next_review_date.empty() && !text::is_iso_date(f.next_review_date))
        errors.push_back(Error::invalid("Next review date must be a real date.", "next_review_date"));
    if (!f.start_date.empty() && !f.next_review_date.empty() && text::is_iso_date(f.start_date) &&
        text::is_iso_date(f.next_review_date) && f.next_review_date < f.start_date)
        errors.push_back(Error::invalid("Next review date must be on or after the start date.", "next_review_date"));
    for (auto s : kStages)
        add(text::check(f.questions[index(s)], fmt::format("{} question", label(s)),
                        fmt::format("question_{}", to_string(s)), {.min = 1, .max = limits::kQuestion}));
    if (f.areas.size() > limits::kAreas)
        errors.push_back(Error::invalid(fmt::format("A framework can have at most {} areas of focus; this one has {}.",
                                                    limits::kAreas, f.areas.size()),
                                        "areas"));
    if (f.goal_count() > limits::kGoalsPerFramework)
        errors.push_back(Error::invalid(fmt::format("A framework can have at most {} goals; this one has {}.",
                                                    limits::kGoalsPerFramework, f.goal_count()),
                                        "goals"));
    std::unordered_set<std::string> names;
    for (std::size_t a = 0; a < f.areas.size(); ++a) {
        const auto& area = f.areas[a];
        auto where = fmt::format("Area of focus {}", a + 1);
        add(check_area_name(area.name), where);
        if (!names.insert(text::name_key(area.name)).second)
            errors.push_back(
                Error::invalid(fmt::format("Two areas of focus are called \"{}\"; give each area its own name.",
                                           text::collapse_space(area.name)),
                               "area_name"));
        for (std::size_t g = 0; g < area.goals.size(); ++g) {
            const auto& goal = area.goals[g];
            auto goal_where = fmt::format("{}, goal {}", where, g + 1);
            add(check_goal_statement(goal.statement), goal_where);
            for (auto s : kStages) add(check_stage_text(s, goal.stage(s).text), goal_where);
        }
    }
    return errors;
}

}  // namespace trellis

#include "domain/template.hpp"

namespace trellis {

Framework framework_from_template(const FrameworkTemplate& t, ContextId context, std::string title)
{
    Framework f;
    f.context = context;
    f.title = std::move(title);
    f.template_key = t.key;
    f.questions = t.questions;
    for (const auto& area : t.areas) f.areas.push_back({AreaId{}, area.name, {}});
    return f;
}

const FrameworkTemplate* template_for(const std::vector<FrameworkTemplate>& all, ContextKind kind)
{
    for (auto k : {kind, ContextKind::Place})
        for (const auto& t : all)
            if (t.context_kind == k) return &t;
    return all.empty() ? nullptr : &all.front();
}

}  // namespace trellis
