// Meetings on the API: a context's meetings and conferences with their
// decisions, recording one, and turning a decision into an action.
#include <nlohmann/json.hpp>

#include "service/meetings.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

Json meeting_json(const Meeting& m)
{
    Json attendees = Json::array(), decisions = Json::array();
    for (std::size_t i = 0; i < m.attendees.size(); ++i)
        attendees.push_back({{"id", m.attendees[i].value},
                             {"name", i < m.attendee_names.size() ? m.attendee_names[i] : std::string()}});
    for (const auto& d : m.decisions)
        decisions.push_back(
            {{"id", d.id.value}, {"text", d.text}, {"action", d.action ? Json(d.action->value) : Json()}});
    return {{"id", m.id.value},          {"context", m.context.value}, {"date", m.date},
            {"type", to_string(m.type)}, {"attendees", attendees},     {"minutes", m.minutes},
            {"decisions", decisions},    {"author", m.author_label}};
}

}  // namespace

Result<Response> api_meetings(Ctx& c)
{
    ContextId id{c.id(0)};
    auto page = TRY(page_request(c.query));
    Json out = Json::array();
    for (const auto& m : TRY(service::meetings_of(c.db, c.who->user, id))) out.push_back(meeting_json(m));
    TRY(c.audit_view("meetings", id.value, id, "api"));
    return c.json_response(TRY(paged(c, "meetings", out, page)));
}

Result<Response> api_meeting_create(Ctx& c)
{
    Meeting m;
    m.context = ContextId{c.id(0)};
    m.date = TRY(required_text(c.json, "date"));
    m.type = TRY(required_choice(c.json, "type", kMeetingTypes));
    m.minutes = TRY(text_member(c.json, "minutes")).value_or("");
    for (auto id : TRY(id_list(c.json, "attendees", "agency ids"))) m.attendees.push_back(AgencyId{id});
    if (c.json.contains("decisions")) {
        if (!c.json["decisions"].is_array())
            return std::unexpected(Error::invalid("\"decisions\" must be a list of texts.", "decisions"));
        for (const auto& d : c.json["decisions"]) {
            if (!d.is_string())
                return std::unexpected(Error::invalid("\"decisions\" must be a list of texts.", "decisions"));
            m.decisions.push_back({DecisionId{}, d.get<std::string>(), std::nullopt});
        }
    }
    auto id = TRY(service::record_meeting(c.db, c.who->user, c.actor(), m));
    return c.json_response(meeting_json(TRY(service::meeting(c.db, c.who->user, id))), 201);
}

Result<Response> api_meeting(Ctx& c)
{
    auto m = TRY(service::meeting(c.db, c.who->user, MeetingId{c.id(0)}));
    TRY(c.audit_view("meeting", m.id.value, m.context, "api"));
    return c.json_response(meeting_json(m));
}

Result<Response> api_decision_action(Ctx& c)
{
    Action a;
    auto goal = TRY(id_member(c.json, "goal", "the id of a goal of the meeting's context"));
    if (!goal) return std::unexpected(Error::invalid("\"goal\" is required.", "goal"));
    a.goal = GoalId{*goal};
    auto owner = TRY(id_member(c.json, "owner_agency", "the id of the agency that owns the action"));
    if (owner) a.owner_agency = AgencyId{*owner};
    a.approach = TRY(choice_member(c.json, "approach", kApproaches)).value_or(Approach::Relational);
    auto made = TRY(service::act_on_decision(c.db, c.who->user, c.actor(), DecisionId{c.id(0)}, a));
    return c.json_response({{"meeting", made.meeting.value}, {"decision", c.id(0)}, {"action", made.action.value}},
                           201);
}

}  // namespace trellis::web::handlers
