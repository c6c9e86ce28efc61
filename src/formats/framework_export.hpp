// A framework as Markdown and as CSV (one row per goal and stage), for people
// who work in other tools. The lossless form is framework_json.hpp.
#pragma once

#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/framework.hpp"
#include "domain/indicator.hpp"

namespace trellis::formats {

struct GoalRating {
    GoalId goal;
    OutcomeRating rating = OutcomeRating::NotReached;
    std::string rationale;
};

// One evidence record under the stage it supports, already written as a line
// ("4 March 2026, Observation (seen directly): ..."). Left out of a
// partner-safe export.
struct EvidenceNote {
    GoalId goal;
    Stage stage = Stage::Scoping;
    std::string text;
};

struct ExportInput {
    const Framework& framework;
    std::string context_name;
    const std::vector<Action>& actions;
    std::vector<Indicator> indicators = {};
    std::vector<GoalRating> ratings = {};
    std::vector<EvidenceNote> evidence = {};
    bool partner_safe = false;  // printed on the document, so a reader knows what was left out

    const GoalRating* rating_of(GoalId goal) const;
};

// "Trusted adults named per young person: 0.63 → 2.38 adults (target 2; moving the right way)".
std::string indicator_line(const Indicator& i);

std::string to_markdown(const ExportInput& in);

// Columns: area, goal, goal status, stage, question, text, version, author,
// written at. A cell a spreadsheet would run as a formula (=, +, -, @, tab,
// carriage return) is prefixed with an apostrophe.
std::string to_csv(const ExportInput& in);

std::string csv_cell(std::string_view value);

}  // namespace trellis::formats
