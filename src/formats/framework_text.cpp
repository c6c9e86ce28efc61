#include "formats/framework_text.hpp"

#include <fmt/format.h>
#include <string>
#include <vector>

#include "domain/text.hpp"

namespace trellis::formats {
namespace {

struct Cell {
    int line = 0;      // 1-based line where the cell starts
    std::string text;  // paragraphs normalised, joined by a blank line
};

struct Split {
    std::string title;
    std::vector<Cell> cells;
};

Split split_cells(std::string_view input)
{
    Split out;
    std::string raw;
    int cell_line = 0;
    bool in_cell = false;
    int line_no = 0;
    auto flush = [&] {
        if (in_cell) out.cells.push_back({cell_line, text::normalise_paragraphs(raw)});
        raw.clear();
    };
    std::size_t start = 0;
    while (start < input.size()) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos) end = input.size();
        std::string_view line = input.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++line_no;
        if (!line.empty() && line.front() == '\t') {
            flush();
            in_cell = true;
            cell_line = line_no;
            raw = std::string(line.substr(1));
        } else if (in_cell) {
            raw += '\n';
            raw += line;
        } else if (out.title.empty()) {
            out.title = text::collapse_space(line);
        }
        start = end + 1;
    }
    flush();
    return out;
}

std::string key_of(const std::string& s)
{
    return text::name_key(s);
}

bool is_single_paragraph(const std::string& s)
{
    return s.find("\n\n") == std::string::npos;
}

Error at(int line, std::string message)
{
    return Error::invalid(fmt::format("line {}: {}", line, message));
}

}  // namespace

// "1. After scoping: How have you identified this goal?" -> (Scoping, "How have ...")
std::optional<std::pair<Stage, std::string>> parse_stage_question(const std::string& cell)
{
    auto colon = cell.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::string head = text::name_key(cell.substr(0, colon));
    std::string question = text::collapse_space(cell.substr(colon + 1));
    if (question.empty()) return std::nullopt;
    for (auto s : kStages) {
        std::string word(to_string(s));
        if (head.find(word) != std::string::npos) return std::pair{s, question};
    }
    return std::nullopt;
}

Result<Framework> parse_framework_text(std::string_view input)
{
    if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);
    if (!text::is_valid_utf8(input)) {
        int line = 1;
        for (std::size_t start = 0; start < input.size(); ++line) {
            std::size_t end = input.find('\n', start);
            if (end == std::string_view::npos) end = input.size();
            if (!text::is_valid_utf8(input.substr(start, end - start))) break;
            start = end + 1;
        }
        return std::unexpected(at(line, "the file is not UTF-8 text; save it as UTF-8 (\"Unicode\") and try again."));
    }
    Split split = split_cells(input);
    if (split.cells.empty())
        return std::unexpected(Error::invalid(
            "line 1: no table cells found; expected cells that each begin on a line starting with a tab, "
            "as Word writes a table saved as plain text."));

    Framework f;
    f.title = split.title.empty() ? "Outcomes framework" : split.title;
    auto& cells = split.cells;
    std::size_t i = 0;

    // Optional header row: column names, then the four stage questions.
    if (key_of(cells[0].text).starts_with("area of focus") || key_of(cells[0].text).starts_with("areas of focus")) {
        ++i;
        if (i < cells.size() && key_of(cells[i].text).starts_with("goal")) ++i;
        int expected = 0;
        while (i < cells.size() && expected < 4) {
            auto q = parse_stage_question(cells[i].text);
            if (!q) break;
            if (index(q->first) != static_cast<std::size_t>(expected))
                return std::unexpected(at(
                    cells[i].line, fmt::format("expected the {} question in the header, found "
                                               "the {} question.",
                                               label(kStages[static_cast<std::size_t>(expected)]), label(q->first))));
            f.questions[index(q->first)] = q->second;
            ++expected;
            ++i;
        }
        if (expected != 0 && expected != 4)
            return std::unexpected(at(i < cells.size() ? cells[i].line : cells.back().line,
                                      fmt::format("expected the {} question in the header row (a cell such as "
                                                  "\"{}. {}: ...\").",
                                                  label(kStages[static_cast<std::size_t>(expected)]), expected + 1,
                                                  label(kStages[static_cast<std::size_t>(expected)]))));
    }

    // Body rows of six cells. Stray empty cells after the last row, and wholly
    // empty rows at the end, are ignored; empty stage cells inside a row are kept.
    constexpr std::size_t kRow = 6;
    std::size_t end = cells.size();
    while (end > i && (end - i) % kRow != 0 && cells[end - 1].text.empty()) --end;
    auto all_empty = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k)
            if (!cells[k].text.empty()) return false;
        return true;
    };
    while (end >= i + kRow && (end - i) % kRow == 0 && all_empty(end - kRow, end)) end -= kRow;
    AreaOfFocus* area = nullptr;
    for (; i < end; i += kRow) {
        if (end - i < kRow) {
            std::size_t have = end - i;
            const char* names[] = {"an area of focus",   "a goal statement", "the Scoping cell",
                                   "the Measuring cell", "the Action cell",  "the Outcome cell"};
            return std::unexpected(at(cells[end - 1].line + 1,
                                      fmt::format("the row that starts on line {} has {} of its 6 cells; expected {} "
                                                  "next (each row is: area of focus, goal statement, scoping, "
                                                  "measuring, action, outcome).",
                                                  cells[i].line, have, names[have])));
        }
        const Cell& area_cell = cells[i];
        const Cell& goal_cell = cells[i + 1];
        if (!area_cell.text.empty()) {
            if (!is_single_paragraph(area_cell.text) || text::length(area_cell.text) > limits::kAreaName)
                return std::unexpected(
                    at(area_cell.line, fmt::format("expected the name of an area of focus (a short heading) "
                                                   "but found {} characters of text; is a cell missing from "
                                                   "the row above?",
                                                   text::length(area_cell.text))));
            area = nullptr;
            for (auto& a : f.areas)
                if (key_of(a.name) == key_of(area_cell.text)) area = &a;
            if (!area) {
                f.areas.push_back({AreaId{}, area_cell.text, {}});
                area = &f.areas.back();
            }
        } else if (!area) {
            return std::unexpected(at(area_cell.line,
                                      "expected the name of an area of focus in the first cell of "
                                      "the first row."));
        }
        if (goal_cell.text.empty())
            return std::unexpected(at(goal_cell.line, "expected a goal statement, found an empty cell."));
        if (!is_single_paragraph(goal_cell.text) || text::length(goal_cell.text) > limits::kGoalStatement)
            return std::unexpected(
                at(goal_cell.line, fmt::format("expected a goal statement (one short paragraph) but found {} "
                                               "characters of text; is a cell missing from the row above?",
                                               text::length(goal_cell.text))));
        Goal goal;
        goal.statement = goal_cell.text;
        for (auto s : kStages) {
            const Cell& c = cells[i + 2 + index(s)];
            if (!c.text.empty()) goal.stage(s) = StageEntry{c.text, std::nullopt, "", "", 1};
        }
        goal.status = status_after_writing(goal.status, goal.stages_written());  // the document has no status column
        area->goals.push_back(std::move(goal));
    }
    if (f.goal_count() == 0)
        return std::unexpected(at(cells.back().line,
                                  "expected at least one row with an area of focus, a goal "
                                  "statement and its four stage cells."));
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    return f;
}

}  // namespace trellis::formats
