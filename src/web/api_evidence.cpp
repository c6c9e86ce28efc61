// The JSON API's read side of evidence and measured change: a context's
// evidence records and activity runs (summaries, not participants), a
// framework's indicators, and the partnership's dashboard counts. Every read
// of a context's records is audited like a page view.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/activities.hpp"
#include "service/framework_editing.hpp"
#include "service/measures.hpp"
#include "service/register.hpp"
#include "service/reports.hpp"
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

Json run_json(const ActivityRun& r)
{
    Json out = {{"id", r.id.value},
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
        out["trusted_adults"] = {{"total", s.total}, {"per_young_person", s.mean_total()}, {"by_role", roles}};
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
        out["places"] = {{"totals", totals}, {"by_place", places}};
    }
    return out;
}

Json evidence_json(const EvidenceRecord& e)
{
    Json adults = Json::array(), supports = Json::array(), young = Json::array();
    for (auto a : e.adults) adults.push_back(kAdultRoles.name(a));
    for (const auto& s : e.supports) supports.push_back({{"goal", s.goal.value}, {"stage", to_string(s.stage)}});
    for (auto y : e.young_people) young.push_back(y.value);
    return {{"id", e.id.value},
            {"context", e.context.value},
            {"date", e.date},
            {"method", kEvidenceMethods.name(e.method)},
            {"provenance", kProvenances.name(e.provenance)},
            {"narrative", e.narrative},
            {"young_people", young},
            {"young_people_names", e.young_people_names},
            {"unnamed_young_people", e.unnamed_young_people},
            {"adults", adults},
            {"supports", supports},
            {"author", e.author_label}};
}

}  // namespace

Result<Response> api_evidence(Ctx& c)
{
    ContextId id{c.id(0)};
    auto page = TRY(page_request(c.query));
    auto after = TRY(after_cursor(page));
    auto records = TRY(service::evidence_of(c.db, c.who->user, id, static_cast<int>(page.limit) + 1, after));
    TRY(c.audit_view("evidence_list", id.value, id, "api"));
    Json out = Json::array();
    for (const auto& e : records) out.push_back(evidence_json(e));
    return c.json_response(
        page_of(c, "evidence", std::move(out), page, [](const Json& item) { return dated_cursor(item, "date"); }));
}

Result<Response> api_evidence_record(Ctx& c)
{
    auto e = TRY(service::evidence_record(c.db, c.who->user, EvidenceId{c.id(0)}));
    TRY(c.audit_view("evidence", e.id.value, e.context, "api"));
    return c.json_response(evidence_json(e));
}

Result<Response> api_evidence_delete(Ctx& c)
{
    TRY(service::delete_evidence(c.db, c.who->user, c.actor(), EvidenceId{c.id(0)}));
    return no_content();
}

Result<Response> api_voice_delete(Ctx& c)
{
    TRY(service::delete_voice(c.db, c.who->user, c.actor(), VoiceId{c.id(0)}));
    return no_content();
}

Result<Response> api_activity_delete(Ctx& c)
{
    TRY(service::delete_activity_run(c.db, c.who->user, c.actor(), RunId{c.id(0)}));
    return no_content();
}

Result<Response> api_activities(Ctx& c)
{
    ContextId id{c.id(0)};
    auto page = TRY(page_request(c.query));
    auto runs = TRY(service::activity_runs_of(c.db, c.who->user, id));
    TRY(c.audit_view("activities", id.value, id, "api"));
    Json out = Json::array();
    for (const auto& r : runs) out.push_back(run_json(r));
    return c.json_response(TRY(paged(c, "runs", out, page)));
}

Result<Response> api_activity(Ctx& c)
{
    auto run = TRY(service::activity_run(c.db, c.who->user, RunId{c.id(0)}));
    TRY(c.audit_view("activity", run.id.value, run.context, "api"));
    return c.json_response(run_json(run));
}

Result<Response> api_indicator_create(Ctx& c)
{
    GoalId goal{c.id(0)};
    Indicator i;
    i.name = TRY(required_text(c.json, "name"));
    i.unit = TRY(text_member(c.json, "unit")).value_or("");
    i.method = TRY(text_member(c.json, "method")).value_or("");
    i.better = TRY(choice_member(c.json, "better", kBetter)).value_or(Better::Higher);
    i.source = TRY(choice_member(c.json, "source", kIndicatorSources)).value_or(IndicatorSource::Entered);
    i.baseline = TRY(number_member(c.json, "baseline"));
    i.baseline_date = TRY(text_member(c.json, "baseline_date")).value_or("");
    i.target = TRY(number_member(c.json, "target"));
    auto id = TRY(service::create_indicator(c.db, c.who->user, c.actor(), goal, i));
    return c.json_response(indicator_json(TRY(service::indicator_of(c.db, c.who->user, id)).indicator), 201);
}

Result<Response> api_indicator(Ctx& c)
{
    auto located = TRY(service::indicator_of(c.db, c.who->user, IndicatorId{c.id(0)}));
    TRY(c.audit_view("indicator", located.indicator.id.value, located.where.context, "api"));
    return c.json_response(indicator_json(located.indicator));
}

Result<Response> api_indicators(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto where = TRY(service::locate_framework(c.db, c.who->user, id));
    auto list = TRY(service::indicators_of(c.db, c.who->user, id));
    TRY(c.audit_view("indicators", id.value, where.context, "api"));
    Json out = Json::array();
    for (const auto& i : list) out.push_back(indicator_json(i));
    return c.json_response({{"indicators", out}});
}

Result<Response> api_overview(Ctx& c)
{
    auto kept = TRY(kept_overview(c));
    const auto& o = *kept;
    Json frameworks = Json::object(), goals = Json::object(), reviews = Json::array();
    for (auto [s, n] : o.overview.frameworks) frameworks[std::string(to_string(s))] = n;
    for (auto [s, n] : o.overview.goals) goals[std::string(to_string(s))] = n;
    for (const auto& f : o.reviews)
        reviews.push_back({{"id", f.id.value}, {"title", f.title}, {"next_review_date", f.next_review_date}});
    return c.json_response({{"partnership", o.partnership_name},
                            {"contexts", o.overview.contexts},
                            {"frameworks_by_status", frameworks},
                            {"goals_by_status", goals},
                            {"overdue_actions", o.overdue_actions},
                            {"overdue_reviews", o.overdue_reviews},
                            {"reviews_overdue", reviews}});
}

Result<Response> api_dashboard(Ctx& c)
{
    TRY(service::need_permission(c.who->user, Permission::ReadReports, "the partnership's reports"));
    // Worked out once for each change to the records, as the dashboard page is
    // (see handlers::dashboard): at scale 1 it is tens of statements and 28 ms.
    auto stamp = TRY(service::reports_stamp(c.db));
    auto make = [&]() -> Result<std::string> {
        auto d = TRY(service::partnership_dashboard(c.db, c.who->user));
        Json frameworks = Json::object(), area_rows = Json::array(), trends = Json::object();
        for (auto [s, n] : d.overview.frameworks) frameworks[std::string(to_string(s))] = n;
        for (const auto& a : d.areas)
            area_rows.push_back(
                {{"area", a.area}, {"goals", a.goals}, {"reached", a.reached}, {"partly_reached", a.partly}});
        for (auto [t, n] : d.trends) trends[std::string(label(t))] = n;
        // Small numbers stay suppressed here too: a count under 5 is a string.
        Json young = d.young_people_seen < 5 ? Json("fewer than 5") : Json(d.young_people_seen);
        return Json{{"contexts", d.overview.contexts},
                    {"frameworks_by_status", frameworks},
                    {"goals_by_area", area_rows},
                    {"indicators_by_direction", trends},
                    {"young_people_in_evidence", young}}
            .dump();
    };
    auto body = TRY(c.app.render_cache().answers.find_or_make(
        fmt::format("api-dashboard:{}:{}", c.partnership().value, stamp), make));
    Response r;
    r.content_type = "application/json";
    r.body = *body;
    return r;
}

Result<Response> api_measurement_add(Ctx& c)
{
    IndicatorId id{c.id(0)};
    Measurement m;
    m.date = TRY(required_text(c.json, "date"));
    m.note = TRY(text_member(c.json, "note")).value_or("");
    auto value = TRY(number_member(c.json, "value"));
    if (!value) return std::unexpected(Error::invalid("\"value\" must be a number.", "value"));
    m.value = *value;
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
