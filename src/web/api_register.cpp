// The young people register on the API: a context's register, and adding
// someone to it. Pseudonyms only; reads are audited like a page view.
#include <fmt/format.h>
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
    auto page = TRY(page_request(c.query));
    auto after = TRY(typed_id_cursor<YoungPersonId>(page));
    // Read a page at a time by pseudonym; `name` keeps those whose pseudonym
    // holds it (the forms' suggestions as someone types).
    auto people = TRY(
        service::register_named(c.db, c.who->user, id, c.query.get("name"), after, static_cast<int>(page.limit) + 1));
    if (after && people.empty() && !service::young_person_on(c.db, c.who->user, id, *after))
        return std::unexpected(Error::invalid(
            "The cursor no longer names someone on this register (they may have been taken off it): start again "
            "without it.",
            "cursor"));
    TRY(c.audit_view("young_people", id.value, id, "api"));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& y : people) out.push_back(young_person_json(y));
    return c.json_response(page_of(c, "young_people", std::move(out), page, [](const nlohmann::json& item) {
        return std::to_string(item.at("id").get<std::int64_t>());
    }));
}

Result<Response> api_young_person_create(Ctx& c)
{
    ContextId id{c.id(0)};
    YoungPerson y;
    y.pseudonym = TRY(required_text(c.json, "pseudonym"));
    y.local_ref = TRY(text_member(c.json, "local_ref")).value_or("");
    y.age_band = TRY(choice_member(c.json, "age_band", kAgeBands)).value_or(AgeBand::NotKnown);
    auto person = TRY(service::add_young_person(c.db, c.who->user, c.actor(), id, y));
    y.id = person;
    return c.json_response(young_person_json(y), 201);
}

Result<Response> api_young_person_update(Ctx& c)
{
    ContextId id{c.id(0)};
    auto y = TRY(service::young_person_on(c.db, c.who->user, id, YoungPersonId{c.id(1)}));
    if (auto v = TRY(text_member(c.json, "pseudonym"))) y.pseudonym = *v;
    if (auto v = TRY(text_member(c.json, "local_ref"))) y.local_ref = *v;
    if (auto v = TRY(choice_member(c.json, "age_band", kAgeBands))) y.age_band = *v;
    TRY(service::update_young_person(c.db, c.who->user, c.actor(), id, y));
    return c.json_response(young_person_json(y));
}

Result<Response> api_young_person_link(Ctx& c)
{
    TRY(service::link_young_person(c.db, c.who->user, c.actor(), ContextId{c.id(0)}, YoungPersonId{c.id(1)}));
    return no_content();
}

Result<Response> api_young_person_unlink(Ctx& c)
{
    TRY(service::unlink_young_person(c.db, c.who->user, c.actor(), ContextId{c.id(0)}, YoungPersonId{c.id(1)}));
    return no_content();
}

Result<Response> api_voices(Ctx& c)
{
    ContextId id{c.id(0)};
    auto page = TRY(page_request(c.query));
    auto after = TRY(after_cursor(page));
    auto voices =
        TRY(service::voices_of(c.db, c.who->user, id, c.query.get("theme"), static_cast<int>(page.limit) + 1, after));
    TRY(c.audit_view("voices", id.value, id, "api"));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : voices)
        out.push_back(
            {{"id", v.id.value},
             {"date", v.date},
             {"speaker", kSpeakers.name(v.speaker)},
             {"young_person", v.young_person ? nlohmann::json(v.young_person->value) : nlohmann::json(nullptr)},
             {"quote", v.quote},
             {"themes", v.themes}});
    return c.json_response(page_of(c, "voices", std::move(out), page,
                                   [](const nlohmann::json& item) { return dated_cursor(item, "date"); }));
}

Result<Response> api_voice_create(Ctx& c)
{
    Voice v;
    v.context = ContextId{c.id(0)};
    v.date = TRY(required_text(c.json, "date"));
    v.quote = TRY(required_text(c.json, "quote"));
    v.speaker = TRY(required_choice(c.json, "speaker", kSpeakers));
    if (auto who = TRY(id_member(c.json, "young_person", "an id from the context's register")))
        v.young_person = YoungPersonId{*who};
    if (c.json.contains("themes")) {
        if (!c.json["themes"].is_array())
            return std::unexpected(Error::invalid("\"themes\" must be a list of words.", "themes"));
        std::string joined;
        for (const auto& t : c.json["themes"]) {
            if (!t.is_string()) return std::unexpected(Error::invalid("\"themes\" must be a list of words.", "themes"));
            joined += (joined.empty() ? "" : ", ") + t.get<std::string>();
        }
        v.themes = parse_themes(joined);
    }
    auto id = TRY(service::record_voice(c.db, c.who->user, c.actor(), v));
    return c.json_response({{"id", id.value}, {"context", v.context.value}, {"themes", v.themes}}, 201);
}

Result<Response> api_evidence_create(Ctx& c)
{
    using Json = nlohmann::json;
    EvidenceRecord e;
    e.context = ContextId{c.id(0)};
    e.date = TRY(required_text(c.json, "date"));
    e.narrative = TRY(required_text(c.json, "narrative"));
    e.method = TRY(required_choice(c.json, "method", kEvidenceMethods));
    e.provenance = TRY(required_choice(c.json, "provenance", kProvenances));
    auto list = [&](const char* key) -> Result<Json> {
        if (!c.json.contains(key) || c.json[key].is_null()) return Json::array();
        if (!c.json[key].is_array())
            return std::unexpected(Error::invalid(fmt::format("\"{}\" must be a list.", key), key));
        return c.json[key];
    };
    for (auto id : TRY(id_list(c.json, "young_people", "ids from the context's register")))
        e.young_people.push_back(YoungPersonId{id});
    for (const auto& v : TRY(list("adults"))) {
        auto role = v.is_string() ? kAdultRoles.parse(v.get<std::string>()) : std::nullopt;
        if (!role)
            return std::unexpected(Error::invalid("\"adults\" must list adult roles (youth_worker, …).", "adults"));
        e.adults.push_back(*role);
    }
    for (const auto& v : TRY(list("supports"))) {
        auto stage = v.is_object() && v.contains("stage") && v["stage"].is_string()
                         ? parse_stage(v["stage"].get<std::string>())
                         : std::nullopt;
        if (!stage || !v.contains("goal") || !v["goal"].is_number_integer())
            return std::unexpected(Error::invalid(
                "\"supports\" must list {\"goal\": id, \"stage\": scoping|measuring|action|outcome}.", "supports"));
        e.supports.push_back({GoalId{v["goal"].get<std::int64_t>()}, *stage});
    }
    if (c.json.contains("unnamed_young_people")) {
        if (!c.json["unnamed_young_people"].is_number_integer())
            return std::unexpected(
                Error::invalid("\"unnamed_young_people\" must be a whole number.", "unnamed_young_people"));
        e.unnamed_young_people = c.json["unnamed_young_people"].get<int>();
    }
    auto id = TRY(service::record_evidence(c.db, c.who->user, c.actor(), e));
    return c.json_response({{"id", id.value}, {"context", e.context.value}, {"date", e.date}}, 201);
}

}  // namespace trellis::web::handlers
