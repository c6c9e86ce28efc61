// Actions on the API: the partnership's agencies (to choose an owner; admins
// add them), a new action on a goal for an agency to own, an agency's own
// actions, and progress notes on an action.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/actions.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

Json action_json(const Action& a)
{
    Json partners = Json::array(), notes = Json::array();
    for (auto p : a.partners) partners.push_back(p.value);
    for (const auto& n : a.notes)
        notes.push_back(
            {{"text", n.text}, {"status", n.status}, {"author", n.author_label}, {"written_at", n.written_at}});
    return {{"id", a.id.value},
            {"goal", a.goal.value},
            {"what", a.what},
            {"owner_agency", a.owner_agency ? Json(a.owner_agency->value) : Json(nullptr)},
            {"owner_agency_name", a.owner_agency_name},
            {"owner_name", a.owner_name},
            {"partners", partners},
            {"start_date", a.start_date},
            {"due_date", a.due_date},
            {"approach", to_string(a.approach)},
            {"status", to_string(a.status)},
            {"notes", notes}};
}

// Actions in a list across contexts, each with the goal it serves and its context's name.
Json listed_actions_json(const std::vector<AgencyAction>& list)
{
    Json out = Json::array();
    for (const auto& v : list) {
        auto row = action_json(v.action);
        row["goal_statement"] = v.goal_statement;
        row["context_name"] = v.context_name;
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

Result<Response> api_agencies(Ctx& c)
{
    auto page = TRY(page_request(c.query));
    Json out = Json::array();
    for (const auto& a : TRY(service::agencies_of(c.db, c.who->user)))
        out.push_back({{"id", a.id.value}, {"name", a.name}, {"kind", to_string(a.kind)}});
    return c.json_response(TRY(paged(c, "agencies", out, page)));
}

Result<Response> api_action_create(Ctx& c)
{
    GoalId goal{c.id(0)};
    Action a;
    a.what = TRY(required_text(c.json, "what"));
    auto owner = TRY(id_member(c.json, "owner_agency", "the id of the agency that owns the action"));
    if (!owner)
        return std::unexpected(
            Error::invalid("\"owner_agency\" must be the id of the agency that owns the action.", "owner_agency"));
    a.owner_agency = AgencyId{*owner};
    a.owner_name = TRY(text_member(c.json, "owner_name")).value_or("");
    for (auto id : TRY(id_list(c.json, "partners", "agency ids"))) a.partners.push_back(AgencyId{id});
    a.start_date = TRY(text_member(c.json, "start_date")).value_or("");
    a.due_date = TRY(text_member(c.json, "due_date")).value_or("");
    a.approach = TRY(choice_member(c.json, "approach", kApproaches)).value_or(Approach::Relational);
    auto id = TRY(service::create_action(c.db, c.who->user, c.actor(), goal, a));
    return c.json_response(action_json(TRY(service::action_detail(c.db, c.who->user, id)).action), 201);
}

Result<Response> api_agency_create(Ctx& c)
{
    Agency a;
    a.name = TRY(required_text(c.json, "name"));
    a.kind = TRY(required_choice(c.json, "kind", kAgencyKinds));
    a.contact_name = TRY(text_member(c.json, "contact_name")).value_or("");
    a.contact_email = TRY(text_member(c.json, "contact_email")).value_or("");
    a.contact_phone = TRY(text_member(c.json, "contact_phone")).value_or("");
    auto id = TRY(service::create_agency(c.db, c.who->user, c.actor(), a));
    return c.json_response({{"id", id.value}, {"name", a.name}, {"kind", to_string(a.kind)}}, 201);
}

Result<Response> api_my_actions(Ctx& c)
{
    // As the partnership's list is read: soonest due first, a page at a time
    // after the cursor ("due date~id" of the last action of the page before).
    auto page = TRY(page_request(c.query));
    auto filter = TRY(action_filter(c.query));
    auto after = TRY(after_cursor(page));
    if (after) filter.after = std::pair{after->date, after->id};
    auto found = TRY(
        service::agency_actions(c.db, c.who->user, filter, today_utc(), 1, static_cast<std::int64_t>(page.limit) + 1));
    TRY(c.audit_view("actions", 0, std::nullopt, "agency api"));
    return c.json_response(page_of(c, "actions", listed_actions_json(found.items), page,
                                   [](const Json& item) { return dated_cursor(item, "due_date"); }));
}

Result<Response> api_partnership_actions(Ctx& c)
{
    auto page = TRY(page_request(c.query));
    auto filter = TRY(action_filter(c.query));
    // Soonest due first, a page at a time after the cursor ("due date~id" of
    // the last action of the page before).
    auto after = TRY(after_cursor(page));
    if (after) filter.after = std::pair{after->date, after->id};
    auto found = TRY(service::partnership_actions(c.db, c.who->user, filter, today_utc(), 1,
                                                  static_cast<std::int64_t>(page.limit) + 1));
    TRY(c.audit_view("actions", 0, filter.context, "api"));
    return c.json_response(page_of(c, "actions", listed_actions_json(found.items), page,
                                   [](const Json& item) { return dated_cursor(item, "due_date"); }));
}

Result<Response> api_action(Ctx& c)
{
    auto detail = TRY(service::action_detail(c.db, c.who->user, ActionId{c.id(0)}));
    TRY(c.audit_view("action", detail.action.id.value, detail.place.context, "api"));
    auto out = action_json(detail.action);
    out["goal_statement"] = detail.goal_statement;
    return c.json_response(out);
}

Result<Response> api_action_progress(Ctx& c)
{
    ActionId id{c.id(0)};
    auto status = TRY(required_choice(c.json, "status", kActionStatuses));
    auto note = TRY(required_text(c.json, "note"));
    TRY(service::record_progress(c.db, c.who->user, c.actor(), id, status, note));
    return c.json_response(action_json(TRY(service::action_detail(c.db, c.who->user, id)).action), 201);
}

}  // namespace trellis::web::handlers
