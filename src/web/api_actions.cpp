// Actions on the API: the partnership's agencies (to choose an owner), and a
// new action on a goal for an agency to own.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/actions.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

Result<std::vector<AgencyId>> agency_ids(const Json& body, const char* key)
{
    std::vector<AgencyId> out;
    if (!body.contains(key) || body[key].is_null()) return out;
    if (!body[key].is_array())
        return std::unexpected(Error::invalid(fmt::format("\"{}\" must be a list of agency ids.", key), key));
    for (const auto& v : body[key]) {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1)
            return std::unexpected(Error::invalid(fmt::format("\"{}\" must be a list of agency ids.", key), key));
        out.push_back(AgencyId{v.get<std::int64_t>()});
    }
    return out;
}

}  // namespace

Result<Response> api_agencies(Ctx& c)
{
    Json out = Json::array();
    for (const auto& a : TRY(service::agencies_of(c.db, c.who->user)))
        out.push_back({{"id", a.id.value}, {"name", a.name}, {"kind", to_string(a.kind)}});
    return c.json_response({{"agencies", out}});
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
    a.partners = TRY(agency_ids(c.json, "partners"));
    a.start_date = TRY(text_member(c.json, "start_date")).value_or("");
    a.due_date = TRY(text_member(c.json, "due_date")).value_or("");
    auto approach = parse_approach(TRY(text_member(c.json, "approach")).value_or("relational"));
    if (!approach)
        return std::unexpected(
            Error::invalid("\"approach\" must be relational, places, disruption or surveillance.", "approach"));
    a.approach = *approach;
    auto id = TRY(service::create_action(c.db, c.who->user, c.actor(), goal, a));
    return c.json_response({{"id", id.value},
                            {"goal", goal.value},
                            {"what", a.what},
                            {"owner_agency", a.owner_agency->value},
                            {"approach", to_string(a.approach)},
                            {"status", to_string(a.status)}},
                           201);
}

}  // namespace trellis::web::handlers
