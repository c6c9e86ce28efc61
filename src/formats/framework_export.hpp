// A framework as Markdown and as CSV (one row per goal and stage), for people
// who work in other tools. The lossless form is framework_json.hpp.
#pragma once

#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/framework.hpp"

namespace trellis::formats {

struct ExportInput {
    const Framework& framework;
    std::string context_name;
    const std::vector<Action>& actions;
};

std::string to_markdown(const ExportInput& in);

// Columns: area, goal, goal status, stage, question, text, version, author,
// written at. A cell a spreadsheet would run as a formula (=, +, -, @, tab,
// carriage return) is prefixed with an apostrophe.
std::string to_csv(const ExportInput& in);

std::string csv_cell(std::string_view value);

}  // namespace trellis::formats
