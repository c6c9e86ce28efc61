// The outcomes framework aggregate: areas of focus -> goals -> four stages.
// Plain values with validation rules; no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

enum class FrameworkStatus { Draft, Active, InReview, Closed };
enum class GoalStatus { NotStarted, InProgress, ReadyForReview, Reached, PartlyReached, NotReached };
enum class Stage { Scoping = 0, Measuring = 1, Action = 2, Outcome = 3 };

inline constexpr Choices<Stage, 4> kStages{{{
    {"scoping", "Scoping"},
    {"measuring", "Measuring"},
    {"action", "Action"},
    {"outcome", "Outcome"},
}}};
inline constexpr Choices<FrameworkStatus, 4> kFrameworkStatuses{{{
    {"draft", "Draft"},
    {"active", "Active"},
    {"in_review", "In review"},
    {"closed", "Closed"},
}}};
inline constexpr Choices<GoalStatus, 6> kGoalStatuses{{{
    {"not_started", "Not started"},
    {"in_progress", "In progress"},
    {"ready_for_review", "Ready for review"},
    {"reached", "Reached"},
    {"partly_reached", "Partly reached"},
    {"not_reached", "Not reached"},
}}};

// Stable machine names ("in_review") used in storage, JSON and the command line.
std::string_view to_string(FrameworkStatus s);
std::string_view to_string(GoalStatus s);
std::string_view to_string(Stage s);
// Words a person reads ("In review").
std::string_view label(FrameworkStatus s);
std::string_view label(GoalStatus s);
std::string_view label(Stage s);

std::optional<FrameworkStatus> parse_framework_status(std::string_view s);
std::optional<GoalStatus> parse_goal_status(std::string_view s);
std::optional<Stage> parse_stage(std::string_view s);

constexpr std::size_t index(Stage s)
{
    return static_cast<std::size_t>(s);
}

// A goal's status follows the work: in progress once any stage is written,
// ready for review once all four are. A goal already rated (reached, partly
// reached, not reached) keeps its status: writing never moves it backwards.
GoalStatus status_after_writing(GoalStatus current, int stages_written);

// The fixed question each stage answers, worded by the framework's template.
using StageQuestions = std::array<std::string, 4>;
StageQuestions default_stage_questions();

// One version of one stage's narrative. Versions count from 1; version 0 means
// the stage has never been written.
struct StageEntry {
    std::string text;
    std::optional<UserId> author;
    std::string author_label;  // the author's name when written, kept if the account goes
    std::string written_at;    // ISO 8601 UTC
    int version = 0;

    bool written() const { return version > 0 && !text.empty(); }
};

struct Goal {
    GoalId id;
    std::string statement;
    GoalStatus status = GoalStatus::NotStarted;
    std::array<StageEntry, 4> stages;                         // the latest version of each
    std::array<std::vector<StageEntry>, 4> earlier_versions;  // oldest first; filled on request

    const StageEntry& stage(Stage s) const { return stages[index(s)]; }
    StageEntry& stage(Stage s) { return stages[index(s)]; }
    int stages_written() const;
};

struct AreaOfFocus {
    AreaId id;
    std::string name;
    std::vector<Goal> goals;
};

// A goal taken off the framework; kept, with its history, until restored.
struct RemovedGoal {
    GoalId id;
    std::string statement;
    std::string area_name;
    std::string removed_at;
};

struct Framework {
    FrameworkId id;
    ContextId context;
    std::string title;
    FrameworkStatus status = FrameworkStatus::Draft;
    std::optional<UserId> owner;
    std::string start_date;        // YYYY-MM-DD or empty
    std::string next_review_date;  // YYYY-MM-DD or empty
    std::string template_key;
    StageQuestions questions = default_stage_questions();
    std::vector<AreaOfFocus> areas;
    std::vector<RemovedGoal> removed_goals;
    std::string created_at;
    std::string updated_at;

    std::size_t goal_count() const;
};

// A framework as the lists show it: its context, status and size.
struct FrameworkSummary {
    FrameworkId id;
    ContextId context;
    std::string context_name;
    std::string title;
    FrameworkStatus status = FrameworkStatus::Draft;
    std::string next_review_date;
    std::int64_t goals = 0;
};

// Where an area or goal sits: its framework and context (for access checks).
struct FrameworkLocation {
    FrameworkId framework;
    ContextId context;
};

// Changes with every edit of the framework (its revision counter) or of its
// context: what a cache of the rendered framework is keyed on.
struct FrameworkRevision {
    std::int64_t number = 0;
    std::string context_stamp;
};

// The fields of a framework that are not its areas and goals.
struct FrameworkDetails {
    std::string title;
    FrameworkStatus status = FrameworkStatus::Draft;
    std::string start_date;
    std::string next_review_date;
};

// Moving an area or a goal one place.
enum class Direction { Up, Down };

// One goal with where it sits, for the pages that edit it.
struct GoalView {
    GoalId id;
    AreaId area;
    std::string area_name;
    std::string statement;
    GoalStatus status = GoalStatus::NotStarted;
    bool removed = false;
    FrameworkLocation where;
};

struct AreaView {
    AreaId id;
    std::string name;
    FrameworkLocation where;
};

namespace limits {
inline constexpr std::size_t kTitle = 200;
inline constexpr std::size_t kAreaName = 120;
inline constexpr std::size_t kGoalStatement = 500;
inline constexpr std::size_t kStageText = 20000;
inline constexpr std::size_t kQuestion = 300;
inline constexpr std::size_t kAreas = 12;
inline constexpr std::size_t kGoalsPerFramework = 200;
}  // namespace limits

// Field-level checks, each returning a message a person understands.
std::optional<Error> check_area_name(std::string_view name);
std::optional<Error> check_goal_statement(std::string_view statement);
std::optional<Error> check_stage_text(Stage stage, std::string_view text);

// Checks the whole framework: titles, dates, every area, goal and stage, and
// that no two areas share a name. Returns every problem found, in order.
std::vector<Error> validate(const Framework& framework);

}  // namespace trellis
