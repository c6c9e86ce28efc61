// Group activities on the API: record a who-do-you-trust or places-mapping run
// (a baseline, or a follow-up of one), and read a follow-up against its
// baseline, role by role. Participants are pseudonyms from the register or
// unnamed; the comparison gives counts only.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/activities.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

Error bad(const std::string& where, const std::string& what)
{
    return Error::invalid(fmt::format("{}: {}", where, what), "participants");
}

Result<Participant> read_participant(const Json& p, std::size_t n, ActivityKind kind)
{
    auto where = fmt::format("participants[{}]", n);
    if (!p.is_object()) return std::unexpected(bad(where, "must be an object."));
    Participant out;
    if (p.contains("young_person") && !p["young_person"].is_null()) {
        if (!p["young_person"].is_number_integer())
            return std::unexpected(bad(where, "\"young_person\" must be the id of someone on the register."));
        out.young_person = YoungPersonId{p["young_person"].get<std::int64_t>()};
    }
    out.label = TRY(text_member(p, "label")).value_or(fmt::format("Participant {}", n + 1));
    const char* list = kind == ActivityKind::Trust ? "trusted" : "places";
    if (p.contains(list) && !p[list].is_array())
        return std::unexpected(bad(where, fmt::format("\"{}\" must be a list.", list)));
    for (const auto& item : p.value(list, Json::array())) {
        if (!item.is_object())
            return std::unexpected(bad(where, fmt::format("each of \"{}\" must be an object.", list)));
        if (kind == ActivityKind::Trust) {
            auto role = kAdultRoles.parse(item.value("role", ""));
            if (!role) return std::unexpected(bad(where, "\"role\" must be one of the adult roles (youth_worker, …)."));
            if (!item.contains("adults") || !item["adults"].is_number_integer())
                return std::unexpected(bad(where, "\"adults\" must be a whole number."));
            out.trusted.push_back({*role, item["adults"].get<int>(), item.value("respected", false)});
        } else {
            auto category = kPlaceCategories.parse(item.value("category", ""));
            if (!category || !item.contains("place") || !item["place"].is_string())
                return std::unexpected(bad(where,
                                           "each place needs \"place\" and a \"category\" (safe, unsafe, fun, "
                                           "nothing)."));
            PlaceMark mark{item["place"].get<std::string>(), *category, std::nullopt, std::nullopt};
            if (item.contains("latitude") && item["latitude"].is_number())
                mark.latitude = item["latitude"].get<double>();
            if (item.contains("longitude") && item["longitude"].is_number())
                mark.longitude = item["longitude"].get<double>();
            out.places.push_back(std::move(mark));
        }
    }
    return out;
}

Json trust_json(const TrustSummary& s)
{
    Json roles = Json::object();
    for (auto role : kAdultRoles.all())
        roles[std::string(kAdultRoles.name(role))] = {{"adults", s.adults[static_cast<std::size_t>(role)]},
                                                      {"per_young_person", s.mean(role)},
                                                      {"respected", s.respected[static_cast<std::size_t>(role)]}};
    return {{"participants", s.participants},
            {"adults", s.total},
            {"per_young_person", s.mean_total()},
            {"by_role", roles}};
}

Json places_json(const PlacesSummary& s)
{
    Json totals = Json::object();
    for (auto c : kPlaceCategories.all())
        totals[std::string(kPlaceCategories.name(c))] = s.totals[static_cast<std::size_t>(c)];
    return {{"participants", s.participants}, {"marks", totals}};
}

}  // namespace

Result<Response> api_activity_create(Ctx& c)
{
    auto kind = kActivityKinds.parse(c.params.at(1));
    if (!kind) return std::unexpected(Error::not_found("There is no such activity."));
    ActivityRun run;
    run.context = ContextId{c.id(0)};
    run.kind = *kind;
    run.date = TRY(required_text(c.json, "date"));
    run.note = TRY(text_member(c.json, "note")).value_or("");
    if (auto earlier = TRY(id_member(c.json, "follow_up_of", "the id of an earlier run")))
        run.follow_up_of = RunId{*earlier};
    if (!c.json.contains("participants") || !c.json["participants"].is_array())
        return std::unexpected(Error::invalid("\"participants\" must be a list.", "participants"));
    for (std::size_t i = 0; i < c.json["participants"].size(); ++i)
        run.participants.push_back(TRY(read_participant(c.json["participants"][i], i, *kind)));
    auto id = TRY(service::record_activity_run(c.db, c.who->user, c.actor(), run));
    return c.json_response({{"id", id.value},
                            {"kind", kActivityKinds.name(run.kind)},
                            {"date", run.date},
                            {"follow_up_of", run.follow_up_of ? Json(run.follow_up_of->value) : Json(nullptr)}},
                           201);
}

Result<Response> api_activity_comparison(Ctx& c)
{
    auto pair = TRY(service::follow_up_pair(c.db, c.who->user, RunId{c.id(0)}));
    TRY(c.audit_view("activity_run", pair.later.id.value, pair.later.context, "api comparison"));
    Json body = {{"kind", kActivityKinds.name(pair.later.kind)},
                 {"baseline", {{"id", pair.earlier.id.value}, {"date", pair.earlier.date}}},
                 {"follow_up", {{"id", pair.later.id.value}, {"date", pair.later.date}}}};
    if (pair.later.kind == ActivityKind::Trust) {
        auto before = summarise_trust(pair.earlier), after = summarise_trust(pair.later);
        body["baseline"]["trust"] = trust_json(before);
        body["follow_up"]["trust"] = trust_json(after);
        body["change"] = {{"adults", after.total - before.total},
                          {"per_young_person", after.mean_total() - before.mean_total()}};
    } else {
        auto before = summarise_places(pair.earlier), after = summarise_places(pair.later);
        body["baseline"]["places"] = places_json(before);
        body["follow_up"]["places"] = places_json(after);
    }
    return c.json_response(body);
}

}  // namespace trellis::web::handlers
