#include "formats/framework_docx_import.hpp"

#include <map>
#include <optional>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "domain/text.hpp"
#include "formats/bounds.hpp"
#include "formats/docx_text.hpp"
#include "formats/framework_text.hpp"

namespace trellis::formats {
namespace {

struct Cell {
    std::string text;     // paragraphs normalised, joined by a blank line
    int span = 1;         // grid columns covered
    bool merged = false;  // continues the cell above (vertical merge)
};

std::string paragraph_text(const pugi::xml_node& p)
{
    std::string out;
    for (auto node : p.select_nodes(".//w:t | .//w:tab | .//w:br | .//w:cr")) {
        std::string_view name = node.node().name();
        if (name == "w:t") {
            // Deleted text in tracked changes is not what a reader sees.
            if (std::string_view(node.node().parent().parent().name()) == "w:del") continue;
            out += node.node().text().get();
        } else {
            out += ' ';
        }
    }
    return out;
}

// Paragraphs Trellis writes around the framework itself: skipped on reading.
bool generated(const pugi::xml_node& p)
{
    return std::string_view(p.child("w:pPr").child("w:pStyle").attribute("w:val").value()) == "TrellisNote";
}

Cell read_cell(const pugi::xml_node& tc)
{
    Cell c;
    auto props = tc.child("w:tcPr");
    if (auto span = props.child("w:gridSpan")) c.span = std::max(1, span.attribute("w:val").as_int(1));
    if (auto merge = props.child("w:vMerge"))
        c.merged = std::string_view(merge.attribute("w:val").value()) != "restart";
    std::string raw;
    for (auto p : tc.children("w:p")) {
        if (generated(p)) continue;
        auto t = text::collapse_space(paragraph_text(p));
        if (t.empty()) continue;
        if (!raw.empty()) raw += "\n\n";
        raw += t;
    }
    c.text = c.merged ? std::string() : text::normalise_paragraphs(raw);
    return c;
}

Error at_row(std::size_t row, const std::string& message)
{
    return Error::invalid(fmt::format("Table row {}: {}", row, message));
}

// The goal cell of Trellis's own export holds the statement, then "Status: …".
std::pair<std::string, std::optional<GoalStatus>> goal_cell(const std::string& text)
{
    auto cut = text.find("\n\nStatus: ");
    if (cut == std::string::npos) return {text, std::nullopt};
    auto status_text = text.substr(cut + 10);
    status_text = status_text.substr(0, status_text.find("\n\n"));
    std::optional<GoalStatus> status;
    for (auto s : kGoalStatuses)
        if (text::name_key(label(s)) == text::name_key(status_text)) status = s;
    return {text.substr(0, cut), status};
}

}  // namespace

Result<Framework> parse_framework_docx(std::string_view bytes)
{
    auto slot = TRY(ParseSlot::take());
    auto xml = TRY(docx_document_xml(bytes));
    TRY(check_xml_items(xml, "Word document"));
    pugi::xml_document doc;
    if (!doc.load_buffer_inplace(xml.data(), xml.size()))
        return std::unexpected(Error::invalid("The Word document's text is damaged (its XML is not well-formed)."));
    auto body = doc.child("w:document").child("w:body");
    Framework f;
    pugi::xml_node table;
    for (auto node : body.children()) {
        std::string_view name = node.name();
        if (name == "w:p" && f.title.empty() && !table) f.title = text::collapse_space(paragraph_text(node));
        if (name == "w:tbl" && !table) table = node;
    }
    if (!table)
        return std::unexpected(Error::invalid(
            "The document has no table. Trellis reads a framework from a table with a row per goal and a column "
            "per stage (scoping, measuring, action, outcome)."));
    if (f.title.empty() || text::length(f.title) > limits::kTitle) f.title = "Outcomes framework";

    // Areas by name, so a long document is read in one pass; the area limit is
    // checked as each area appears, not after everything is read.
    std::map<std::string, std::size_t> area_index;
    std::optional<std::size_t> area;
    auto use_area = [&](const std::string& name) -> Result<void> {
        auto [it, added] = area_index.try_emplace(text::name_key(name), f.areas.size());
        if (added) {
            if (f.areas.size() >= limits::kAreas)
                return std::unexpected(Error::invalid(fmt::format(
                    "The document has more than {} areas of focus, more than a framework can have.", limits::kAreas)));
            f.areas.push_back({AreaId{}, name, {}});
        }
        area = it->second;
        return {};
    };
    std::size_t row_no = 0;
    std::size_t goals = 0;
    for (auto tr : table.children("w:tr")) {
        ++row_no;
        std::vector<Cell> cells;
        int columns = 0;
        for (auto tc : tr.children("w:tc")) {
            cells.push_back(read_cell(tc));
            columns += cells.back().span;
        }
        std::size_t filled = 0;
        for (const auto& c : cells)
            if (!c.text.empty()) ++filled;
        if (filled == 0) continue;
        // A header row: the stage questions, with any column titles before them.
        int questions = 0;
        for (const auto& c : cells)
            if (auto q = parse_stage_question(c.text)) {
                f.questions[index(q->first)] = q->second;
                ++questions;
            }
        if (questions > 0) continue;
        auto first = text::name_key(cells.front().text);
        if (first.starts_with("area of focus") || first.starts_with("areas of focus") || first == "goal statement" ||
            first == "goal statements")
            continue;
        // An area row: a single filled cell (often spanning the table).
        if (cells.size() == 1 || (filled == 1 && !cells.front().text.empty() && cells.front().span > 1)) {
            const auto& name = cells.front().text;
            if (name.find("\n\n") != std::string::npos || text::length(name) > limits::kAreaName)
                return std::unexpected(at_row(row_no,
                                              "a row with one cell is read as an area of focus, but this "
                                              "one holds more than a short heading."));
            TRY(use_area(name));
            continue;
        }
        std::size_t first_stage;
        if (cells.size() == 6) {
            if (!cells[0].text.empty()) {
                if (cells[0].text.find("\n\n") != std::string::npos || text::length(cells[0].text) > limits::kAreaName)
                    return std::unexpected(
                        at_row(row_no, "the first of six cells should be an area of focus (a short heading)."));
                TRY(use_area(cells[0].text));
            }
            first_stage = 2;
        } else if (cells.size() == 5) {
            first_stage = 1;
        } else {
            return std::unexpected(at_row(
                row_no, fmt::format("it has {} cells; expected a goal row of five cells (goal, scoping, measuring, "
                                    "action, outcome) or six (area of focus first), or an area heading.",
                                    cells.size())));
        }
        auto [statement, status] = goal_cell(cells[first_stage - 1].text);
        if (statement.empty()) return std::unexpected(at_row(row_no, "the goal statement cell is empty."));
        if (!area) TRY(use_area("Goals"));
        if (++goals > limits::kGoalsPerFramework)
            return std::unexpected(at_row(row_no, fmt::format("the document has more than {} goals, more than a "
                                                              "framework can have.",
                                                              limits::kGoalsPerFramework)));
        Goal g;
        g.statement = text::collapse_space(statement);
        for (auto s : kStages) {
            const auto& t = cells[first_stage + index(s)].text;
            if (!t.empty() && t != "Not written yet.") g.stage(s) = StageEntry{t, std::nullopt, "", "", 1};
        }
        // Trellis's own Word export names each goal's status; otherwise it follows the work written.
        g.status = status ? *status : status_after_writing(g.status, g.stages_written());
        f.areas[*area].goals.push_back(std::move(g));
    }
    if (f.goal_count() == 0)
        return std::unexpected(Error::invalid(
            "The table has no goal rows. Each goal needs a row: its statement, then its scoping, measuring, action "
            "and outcome cells."));
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    return f;
}

}  // namespace trellis::formats
