#include "formats/framework_export.hpp"

#include <csv.h>

#include <fmt/format.h>

#include "domain/response.hpp"

namespace trellis::formats {
namespace {

std::string text_lower(std::string_view s)
{
    std::string out(s);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
    return out;
}

// Markdown special characters at the start of a line would change the
// structure; escape them so text stays text.
std::string md_text(std::string_view s)
{
    std::string out;
    bool line_start = true;
    for (char c : s) {
        if (line_start && (c == '#' || c == '>' || c == '-' || c == '+' || c == '*' || c == '|')) out += '\\';
        if (c == '<') {
            out += "&lt;";
        } else {
            out += c;
        }
        line_start = c == '\n';
    }
    return out;
}

}  // namespace

const GoalRating* ExportInput::rating_of(GoalId goal) const
{
    for (const auto& r : ratings)
        if (r.goal == goal) return &r;
    return nullptr;
}

std::string indicator_line(const Indicator& i)
{
    auto value = [&](std::optional<double> v) { return v ? with_unit(*v, i.unit) : std::string("not measured"); };
    const auto* last = i.latest();
    std::string target = i.target ? fmt::format("; target {}", value(i.target)) : "";
    return fmt::format("{}: {} → {}{} ({})", i.name, value(i.start()),
                       value(last ? std::optional(last->value) : std::nullopt), target, text_lower(label(trend(i))));
}

std::string to_markdown(const ExportInput& in)
{
    const Framework& f = in.framework;
    std::string out = fmt::format("# {}\n\n", md_text(f.title));
    out += fmt::format("- Context: {}\n- Status: {}\n- Start date: {}\n- Next review: {}\n\n", md_text(in.context_name),
                       label(f.status), f.start_date.empty() ? "not set" : f.start_date,
                       f.next_review_date.empty() ? "not set" : f.next_review_date);
    if (in.partner_safe) out += "_Partner-safe copy: evidence about individual young people is left out._\n\n";
    for (const auto& area : f.areas) {
        out += fmt::format("## {}\n\n", md_text(area.name));
        if (area.goals.empty()) out += "No goals yet.\n\n";
        for (const auto& goal : area.goals) {
            out += fmt::format("### {}\n\nStatus: {}\n\n", md_text(goal.statement), label(goal.status));
            if (const auto* r = in.rating_of(goal.id))
                out += fmt::format("Outcome: {}. {}\n\n", kOutcomeRatings.label(r->rating), md_text(r->rationale));
            for (auto s : kStages) {
                const auto& e = goal.stage(s);
                out += fmt::format("#### {}. {}: {}\n\n", index(s) + 1, label(s), md_text(f.questions[index(s)]));
                out += e.written() ? md_text(e.text) + "\n\n" : "_Not written yet._\n\n";
                std::string extra;
                if (s == Stage::Measuring)
                    for (const auto& i : in.indicators)
                        if (i.goal == goal.id) extra += "- " + md_text(indicator_line(i)) + "\n";
                if (!extra.empty()) out += "Indicators:\n\n" + extra + "\n";
                extra.clear();
                for (const auto& n : in.evidence)
                    if (n.goal == goal.id && n.stage == s) extra += "- " + md_text(n.text) + "\n";
                if (!extra.empty()) out += "Evidence:\n\n" + extra + "\n";
            }
            bool any = false;
            for (const auto& a : in.actions) {
                if (a.goal != goal.id) continue;
                if (!any) out += "#### Actions\n\n";
                any = true;
                out += fmt::format("- {} ({}; {}; {}{})\n", md_text(a.what), md_text(a.owner_agency_name),
                                   label(a.approach), label(a.status),
                                   a.due_date.empty() ? "" : fmt::format("; due {}", a.due_date));
            }
            if (any) out += "\n";
        }
    }
    return out;
}

std::string csv_cell(std::string_view value)
{
    std::string safe(value);
    if (looks_like_formula(safe)) safe = "'" + safe;
    std::string out(safe.size() * 2 + 2, '\0');
    out.resize(csv_write(out.data(), out.size(), safe.data(), safe.size()));
    return out;
}

std::string to_csv(const ExportInput& in)
{
    const Framework& f = in.framework;
    std::string out = "area,goal,goal status,stage,question,text,version,author,written at\r\n";
    for (const auto& area : f.areas)
        for (const auto& goal : area.goals)
            for (auto s : kStages) {
                const auto& e = goal.stage(s);
                std::vector<std::string> cells = {area.name,
                                                  goal.statement,
                                                  std::string(label(goal.status)),
                                                  std::string(label(s)),
                                                  f.questions[index(s)],
                                                  e.text,
                                                  e.version ? std::to_string(e.version) : "",
                                                  e.author_label,
                                                  e.written_at};
                for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
                out += "\r\n";
            }
    return out;
}

}  // namespace trellis::formats
