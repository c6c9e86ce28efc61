// Meetings and context conferences of a context, their minutes (read through
// the language lens) and the decisions that become actions.
#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/lifecycle.hpp"
#include "domain/text.hpp"
#include "service/actions.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/meetings.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

nlohmann::json agency_options(Ctx& c, const std::vector<std::string>& chosen)
{
    nlohmann::json out = nlohmann::json::array();
    auto agencies = service::agencies_of(c.db, c.who->user);
    if (!agencies) return out;
    for (const auto& a : *agencies) {
        auto id = std::to_string(a.id.value);
        out.push_back({{"id", id}, {"name", a.name}, {"checked", std::ranges::find(chosen, id) != chosen.end()}});
    }
    return out;
}

Response meetings_page(Ctx& c, ContextId id, nlohmann::json model, const std::vector<std::string>& chosen,
                       const std::vector<Error>& errors, int status)
{
    auto ctx = service::context(c.db, c.who->user, id);
    if (!ctx) return c.fail(ctx.error());
    auto list = service::meetings_of(c.db, c.who->user, id);
    if (!list) return c.fail(list.error());
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& m : *list)
        rows.push_back({{"id", std::to_string(m.id.value)},
                        {"date", when(m.date)},
                        {"type", label(m.type)},
                        {"decisions", std::to_string(m.decisions.size())}});
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = ctx->name;
    model["meetings"] = rows;
    model["has_meetings"] = !rows.empty();
    model["types"] =
        options(kMeetingTypes, parse_meeting_type(model.value("type", "")).value_or(MeetingType::MultiAgency));
    model["agencies"] = agency_options(c, chosen);
    model["can_add"] = role_allows(c.who->user.role, Permission::EditFrameworks) && ctx->stage != ContextStage::Closed;
    // Conferences: the goals to agree, and an agenda that follows the triangle.
    nlohmann::json goals = nlohmann::json::array();
    auto frameworks = service::open_frameworks(c.db, c.who->user, id);
    if (!frameworks) return c.fail(frameworks.error());
    std::vector<std::string> agreed;
    if (model.contains("goals_agreed")) agreed = model["goals_agreed"].get<std::vector<std::string>>();
    for (const auto& f : *frameworks)
        for (const auto& a : f.areas)
            for (const auto& g : a.goals) {
                auto gid = std::to_string(g.id.value);
                goals.push_back({{"id", gid},
                                 {"statement", g.statement},
                                 {"checked", std::ranges::find(agreed, gid) != agreed.end()}});
            }
    model["goals"] = goals;
    model["has_goals"] = !goals.empty();
    nlohmann::json agenda = nlohmann::json::array();
    if (const auto* t = template_for(c.app.templates(), ctx->kind))
        for (const auto& a : t->areas) agenda.push_back(a.side);
    model["agenda"] = agenda;
    add_errors(model, errors);
    return c.page("meetings", errors.empty() ? "Meetings" : "Error: Meetings", model, status);
}

}  // namespace

Result<Response> meetings(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    nlohmann::json model = nlohmann::json::object();
    if (auto type = parse_meeting_type(c.query.get("type"))) model["type"] = to_string(*type);
    return meetings_page(c, id, model, {}, {}, 200);
}

Result<Response> meeting_create(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    Meeting m;
    m.context = id;
    m.date = c.form.get("date");
    m.minutes = c.form.get("minutes");
    std::vector<Error> errors;
    auto type = parse_meeting_type(c.form.get("type"));
    if (!type) errors.push_back(Error::invalid("Choose the kind of meeting.", "type"));
    m.type = type.value_or(MeetingType::MultiAgency);
    std::vector<std::string> chosen;
    for (const auto& [k, v] : c.form.fields()) {
        if (k != "attendees") continue;
        auto agency = parse_id(v);
        if (!agency) {
            errors.push_back(Error::invalid("Choose attending agencies from the list.", "attendees"));
            break;
        }
        m.attendees.push_back(AgencyId{*agency});
        chosen.push_back(v);
    }
    m.invitees = c.form.get("invitees");
    std::vector<std::string> agreed;
    for (const auto& [k, v] : c.form.fields()) {
        if (k != "goals") continue;
        auto goal = parse_id(v);
        if (!goal) {
            errors.push_back(Error::invalid("Choose the agreed goals from the list.", "goals"));
            break;
        }
        m.goals_agreed.push_back(GoalId{*goal});
        agreed.push_back(v);
    }
    std::string decisions = c.form.get("decisions");
    for (auto& line : text::nonblank_lines(decisions))
        m.decisions.push_back({DecisionId{}, std::move(line), std::nullopt});
    for (auto& e : validate(m)) errors.push_back(std::move(e));
    nlohmann::json model = {{"date", m.date},         {"type", c.form.get("type")},
                            {"minutes", m.minutes},   {"decisions_text", decisions},
                            {"invitees", m.invitees}, {"goals_agreed", agreed}};
    // "Check wording" shows the lens's flags on the minutes and saves nothing.
    if (c.form.get("action") == "check") {
        model["wording"] = TRY(wording_check(c, m.minutes));
        return meetings_page(c, id, model, chosen, {}, 200);
    }
    if (!errors.empty()) return meetings_page(c, id, model, chosen, errors, 400);
    auto created = service::record_meeting(c.db, c.who->user, c.actor(), m);
    if (!created) {
        if (created.error().kind == Error::Kind::Invalid)
            return meetings_page(c, id, model, chosen, {created.error()}, 400);
        return std::unexpected(created.error());
    }
    return c.redirect(fmt::format("/meetings/{}?done=created", created->value));
}

Result<Response> meeting_show(Ctx& c)
{
    auto m = TRY(service::meeting(c.db, c.who->user, MeetingId{c.id(0)}));
    TRY(c.audit_view("meeting", m.id.value, m.context));
    auto ctx = TRY(service::context(c.db, c.who->user, m.context));
    // Goals of the context's frameworks, for turning a decision into an action.
    nlohmann::json goals = nlohmann::json::array();
    auto frameworks = TRY(service::open_frameworks(c.db, c.who->user, m.context));
    for (const auto& f : frameworks)
        for (const auto& a : f.areas)
            for (const auto& g : a.goals)
                goals.push_back({{"id", std::to_string(g.id.value)}, {"statement", g.statement}});
    nlohmann::json decisions = nlohmann::json::array();
    for (const auto& d : m.decisions)
        decisions.push_back({{"id", std::to_string(d.id.value)},
                             {"text", d.text},
                             {"action_id", d.action ? std::to_string(d.action->value) : ""},
                             {"open", !d.action}});
    std::string attendees;
    for (const auto& n : m.attendee_names) attendees += (attendees.empty() ? "" : ", ") + n;
    nlohmann::json model = {{"id", std::to_string(m.id.value)},
                            {"context_id", std::to_string(m.context.value)},
                            {"context_name", ctx.name},
                            {"date", when(m.date)},
                            {"type", label(m.type)},
                            {"attendees", attendees},
                            {"minutes", paragraphs(m.minutes)},
                            {"decisions", decisions},
                            {"has_decisions", !decisions.empty()},
                            {"goals", goals},
                            {"has_goals", !goals.empty()},
                            {"agencies", agency_options(c, {})},
                            {"approaches", options(kApproaches, Approach::Relational)},
                            {"can_edit", role_allows(c.who->user.role, Permission::EditFrameworks)},
                            {"author", m.author_label}};
    if (is_conference(m.type)) {
        nlohmann::json invitees = nlohmann::json::array();
        for (const auto& line : text::nonblank_lines(m.invitees)) invitees.push_back(line);
        nlohmann::json agreed = nlohmann::json::array();
        for (const auto& g : m.goal_statements) agreed.push_back(g);
        model["conference"] = true;
        model["invitees"] = invitees;
        model["has_invitees"] = !invitees.empty();
        model["goals_agreed"] = agreed;
        model["has_goals_agreed"] = !agreed.empty();
        model["send_by"] = when(two_working_days_after(m.date));
        model["sent"] = !m.summary_sent_on.empty();
        model["sent_on"] = when(m.summary_sent_on);
        model["overdue"] = m.summary_sent_on.empty() && two_working_days_after(m.date) < today_utc();
    }
    if (!m.minutes.empty()) {
        // The phrases the lens flags in the minutes, not only a percentage.
        auto wording = TRY(wording_check(c, m.minutes));
        wording["before_saving"] = false;
        model["wording"] = std::move(wording);
    }
    std::string done = c.query.get("done");
    model["banner"] = done == "created"  ? "The meeting was recorded."
                      : done == "action" ? "The decision is now an action."
                      : done == "sent"   ? "The written summary is marked as sent."
                                         : "";
    add_errors(model, {});
    return c.page("meeting", fmt::format("{}, {}", label(m.type), when(m.date)), model);
}

Result<Response> decision_action(Ctx& c)
{
    Action a;
    auto goal = parse_id(c.form.get("goal"));
    if (!goal) return std::unexpected(Error::invalid("Choose the goal the action serves.", "goal"));
    a.goal = GoalId{*goal};
    if (auto owner = parse_id(c.form.get("owner_agency"))) a.owner_agency = AgencyId{*owner};
    auto approach = parse_approach(c.form.get("approach"));
    if (!approach) return std::unexpected(Error::invalid("Choose the approach of the action.", "approach"));
    a.approach = *approach;
    auto made = TRY(service::act_on_decision(c.db, c.who->user, c.actor(), DecisionId{c.id(0)}, a));
    return c.redirect(fmt::format("/meetings/{}?done=action", made.meeting.value));
}

}  // namespace trellis::web::handlers
