// Reads an outcomes framework from a Word document laid out like the
// exemplar: a table with a row per goal and a column per stage.
//
// Two layouts are understood, with or without a header row of stage questions
// ("1. Scoping: How have you identified this goal?"):
//   six columns:  area of focus | goal statement | scoping | measuring | action | outcome
//                 (an empty or merged area cell continues the area above)
//   five columns: goal statement | scoping | measuring | action | outcome,
//                 with each area of focus as a row of its own (one cell, or one
//                 filled cell across the table), as Trellis's own export writes.
// Paragraphs Trellis adds to its own export (actions, indicators, evidence,
// ratings, in the TrellisNote style) are left out, so an export reads back as
// the framework it came from.
#pragma once

#include <string_view>

#include "domain/error.hpp"
#include "domain/framework.hpp"

namespace trellis::formats {

// The parsed framework (ids unset, status draft). Invalid, naming the table
// row, when the document has no such table or a row does not fit the layout.
Result<Framework> parse_framework_docx(std::string_view bytes);

}  // namespace trellis::formats
