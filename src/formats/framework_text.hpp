// Reads an outcomes framework from the plain-text dump of a Word table, the
// layout the Contextual Safeguarding toolkit's exemplar is shared in.
//
// The layout: every table cell begins on a line whose first character is a tab;
// its text runs to the next such line. Blank lines inside a cell separate
// paragraphs; tabs, no-break and narrow no-break spaces count as white space.
// Lines before the first cell hold the title. An optional header row names the
// columns ("Area of focus", "Goal statements") and gives the four stage
// questions. Every row after it has six cells:
//
//   area of focus | goal statement | scoping | measuring | action | outcome
//
// An empty area cell continues the area above (Word's merged cell), so an area
// holds any number of goals; an empty stage cell is a stage not yet written.
#pragma once

#include <optional>
#include <utility>

#include <string_view>

#include "domain/error.hpp"
#include "domain/framework.hpp"

namespace trellis::formats {

// The parsed framework (ids unset, status draft). On failure the error names
// the line and what was expected there; nothing is partially returned.
Result<Framework> parse_framework_text(std::string_view text);

// A header cell such as "1. After scoping: How have you identified this goal?":
// the stage it names and its question; nullopt for any other text.
std::optional<std::pair<Stage, std::string>> parse_stage_question(const std::string& cell);

}  // namespace trellis::formats
