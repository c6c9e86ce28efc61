// The young people register on the API: a context's register, and adding
// someone to it. Pseudonyms only; reads are audited like a page view.
#include <nlohmann/json.hpp>

#include "service/register.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

nlohmann::json young_person_json(const YoungPerson& y)
{
    return {{"id", y.id.value},
            {"pseudonym", y.pseudonym},
            {"local_ref", y.local_ref},
            {"age_band", kAgeBands.name(y.age_band)}};
}

}  // namespace

Result<Response> api_young_people(Ctx& c)
{
    ContextId id{c.id(0)};
    auto people = TRY(service::young_people_of(c.db, c.who->user, id));
    TRY(c.audit_view("young_people", id.value, id, "api"));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& y : people) out.push_back(young_person_json(y));
    return c.json_response({{"young_people", out}});
}

Result<Response> api_young_person_create(Ctx& c)
{
    ContextId id{c.id(0)};
    YoungPerson y;
    y.pseudonym = TRY(required_text(c.json, "pseudonym"));
    y.local_ref = TRY(text_member(c.json, "local_ref")).value_or("");
    auto band = TRY(text_member(c.json, "age_band")).value_or("not_known");
    auto parsed = kAgeBands.parse(band);
    if (!parsed)
        return std::unexpected(
            Error::invalid("\"age_band\" must be under_11, 11_13, 14_15, 16_17, 18_25 or not_known.", "age_band"));
    y.age_band = *parsed;
    auto person = TRY(service::add_young_person(c.db, c.who->user, c.actor(), id, y));
    y.id = person;
    return c.json_response(young_person_json(y), 201);
}

}  // namespace trellis::web::handlers
