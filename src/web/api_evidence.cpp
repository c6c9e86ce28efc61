// The JSON API's read side of evidence and measured change: a context's
// evidence records and activity runs (summaries, not participants), a
// framework's indicators, and the partnership's dashboard counts. Every read
// of a context's records is audited like a page view.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "service/measures.hpp"
#include "store/repos.hpp"
#include "web/access.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

Json indicator_json(const Indicator& i)
{
    auto number = [](std::optional<double> v) { return v ? Json(*v) : Json(nullptr); };
    Json measurements = Json::array();
    for (const auto& m : i.measurements)
        measurements.push_back({{"date", m.date}, {"value", m.value}, {"note", m.note}});
    return {{"id", i.id.value},
            {"goal", i.goal.value},
            {"name", i.name},
            {"unit", i.unit},
            {"better", kBetter.name(i.better)},
            {"baseline", number(i.baseline)},
            {"baseline_date", i.baseline_date},
            {"target", number(i.target)},
            {"source", kIndicatorSources.name(i.source)},
            {"trend", label(trend(i))},
            {"measurements", measurements}};
}

}  // namespace

Result<Response> api_evidence(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(store::contexts::get(c.db, c.partnership(), id));
    auto records = TRY(store::evidence::for_context(c.db, c.partnership(), id, 1000));
    TRY(c.audit_view("evidence_list", id.value, id, "api"));
    Json out = Json::array();
    for (const auto& e : records) {
        Json adults = Json::array(), supports = Json::array();
        for (auto a : e.adults) adults.push_back(kAdultRoles.name(a));
        for (const auto& s : e.supports) supports.push_back({{"goal", s.goal.value}, {"stage", to_string(s.stage)}});
        out.push_back({{"id", e.id.value},
                       {"date", e.date},
                       {"method", kEvidenceMethods.name(e.method)},
                       {"provenance", kProvenances.name(e.provenance)},
                       {"narrative", e.narrative},
                       {"young_people", e.young_people_names},
                       {"unnamed_young_people", e.unnamed_young_people},
                       {"adults", adults},
                       {"supports", supports},
                       {"author", e.author_label}});
    }
    return c.json_response({{"evidence", out}});
}

Result<Response> api_activities(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(store::contexts::get(c.db, c.partnership(), id));
    auto runs = TRY(store::activities::for_context(c.db, c.partnership(), id));
    TRY(c.audit_view("activities", id.value, id, "api"));
    Json out = Json::array();
    for (const auto& r : runs) {
        Json run_json = {{"id", r.id.value},
                         {"kind", kActivityKinds.name(r.kind)},
                         {"date", r.date},
                         {"follow_up_of", r.follow_up_of ? Json(r.follow_up_of->value) : Json(nullptr)},
                         {"participants", r.participants.size()}};
        if (r.kind == ActivityKind::Trust) {
            auto s = summarise_trust(r);
            Json roles = Json::object();
            for (auto role : kAdultRoles.all()) {
                auto i = static_cast<std::size_t>(role);
                roles[std::string(kAdultRoles.name(role))] = {
                    {"adults", s.adults[i]}, {"per_young_person", s.mean(role)}, {"respected", s.respected[i]}};
            }
            run_json["trusted_adults"] = {{"total", s.total}, {"per_young_person", s.mean_total()}, {"by_role", roles}};
        } else {
            auto s = summarise_places(r);
            Json totals = Json::object(), places = Json::array();
            for (auto pc : kPlaceCategories.all())
                totals[std::string(kPlaceCategories.name(pc))] = s.totals[static_cast<std::size_t>(pc)];
            for (const auto& t : s.places) {
                Json marks = Json::object();
                for (auto pc : kPlaceCategories.all())
                    marks[std::string(kPlaceCategories.name(pc))] = t.marks[static_cast<std::size_t>(pc)];
                places.push_back({{"place", t.place}, {"marks", marks}});
            }
            run_json["places"] = {{"totals", totals}, {"by_place", places}};
        }
        out.push_back(run_json);
    }
    return c.json_response({{"runs", out}});
}

Result<Response> api_indicators(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto where = TRY(framework_access(c, id));
    auto list = TRY(store::indicators::for_framework(c.db, c.partnership(), id));
    TRY(c.audit_view("indicators", id.value, where.context, "api"));
    Json out = Json::array();
    for (const auto& i : list) out.push_back(indicator_json(i));
    return c.json_response({{"indicators", out}});
}

Result<Response> api_dashboard(Ctx& c)
{
    auto p = c.partnership();
    auto o = TRY(store::reports::overview(c.db, p));
    auto areas = TRY(store::reports::progress_by_area(c.db, p));
    auto inds = TRY(store::indicators::for_partnership(c.db, p));
    auto seen = TRY(store::reports::young_people_seen(c.db, p, std::nullopt));
    Json frameworks = Json::object(), area_rows = Json::array(), trends = Json::object();
    for (auto [s, n] : o.frameworks) frameworks[std::string(to_string(s))] = n;
    for (const auto& a : areas)
        area_rows.push_back(
            {{"area", a.area}, {"goals", a.goals}, {"reached", a.reached}, {"partly_reached", a.partly}});
    for (auto t : {Trend::Better, Trend::Same, Trend::Worse, Trend::NotYet})
        trends[std::string(label(t))] =
            std::count_if(inds.begin(), inds.end(), [&](const Indicator& i) { return trend(i) == t; });
    // Small numbers stay suppressed here too: a count under 5 is a string.
    Json young = seen < 5 ? Json("fewer than 5") : Json(seen);
    return c.json_response({{"contexts", o.contexts},
                            {"frameworks_by_status", frameworks},
                            {"goals_by_area", area_rows},
                            {"indicators_by_direction", trends},
                            {"young_people_in_evidence", young}});
}

Result<Response> api_measurement_add(Ctx& c)
{
    IndicatorId id{c.id(0)};
    Measurement m;
    m.date = TRY(required_text(c.json, "date"));
    m.note = TRY(text_member(c.json, "note")).value_or("");
    if (!c.json.contains("value") || !c.json["value"].is_number())
        return std::unexpected(Error::invalid("\"value\" must be a number.", "value"));
    m.value = c.json["value"].get<double>();
    auto added = TRY(service::add_measurement(c.db, c.who->user, c.actor(), id, m));
    return c.json_response({{"id", added}, {"indicator", id.value}, {"date", m.date}, {"value", m.value}}, 201);
}

Result<Response> api_outcome_rate(Ctx& c)
{
    GoalId goal{c.id(0)};
    auto rating = TRY(required_choice(c.json, "rating", kOutcomeRatings));
    auto rationale = TRY(text_member(c.json, "rationale")).value_or("");
    TRY(service::rate_outcome(c.db, c.who->user, c.actor(), goal, rating, rationale));
    return c.json_response({{"goal", goal.value}, {"rating", kOutcomeRatings.name(rating)}, {"rationale", rationale}},
                           201);
}

}  // namespace trellis::web::handlers
