// Measured change: indicators on a goal's Measuring stage with their
// measurements, outcome ratings, and the context and partnership dashboards.
#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/framework_editing.hpp"
#include "service/lifecycle.hpp"
#include "service/measures.hpp"
#include "service/reports.hpp"
#include "web/charts.hpp"
#include "web/evidence_pages.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web {

std::string trend_class(Trend t)
{
    switch (t) {
        case Trend::Reached:
        case Trend::Better: return "govuk-tag--green";
        case Trend::Worse: return "govuk-tag--red";
        case Trend::Same:
        case Trend::NotYet: return "govuk-tag--grey";
    }
    return "";
}

nlohmann::json indicator_model(const Indicator& i)
{
    auto value = [&](std::optional<double> v) {
        if (!v) return std::string("—");
        return with_unit(*v, i.unit);
    };
    const auto* last = i.latest();
    auto t = trend(i);
    return {{"id", std::to_string(i.id.value)},
            {"name", i.name},
            {"start", value(i.start())},
            {"latest", last ? value(last->value) : std::string("—")},
            {"latest_date", last ? when(last->date) : ""},
            {"target", value(i.target)},
            {"better", kBetter.label(i.better)},
            {"trend", label(t)},
            {"trend_class", trend_class(t)},
            {"computed", i.source != IndicatorSource::Entered},
            // Where a computed indicator's measurements come from, relative to its context.
            {"source_page", from_response_log(i.source) ? "responses" : "activities"},
            {"source_page_label", from_response_log(i.source) ? "response log" : "group activities"}};
}

namespace handlers {
namespace {

Result<Response> indicator_form(Ctx& c, GoalId goal_id, nlohmann::json model, const std::vector<Error>& errors,
                                int status)
{
    auto goal = TRY(service::goal(c.db, c.who->user, goal_id));
    std::string better = model.value("better", std::string("higher"));
    std::string source = model.value("source", std::string("entered"));
    model.update({{"goal_id", std::to_string(goal_id.value)},
                  {"goal_statement", goal.statement},
                  {"framework_id", std::to_string(goal.where.framework.value)},
                  {"betters", choice_options(kBetter, [&](Better b) { return kBetter.name(b) == better; })},
                  {"sources", choice_options(kIndicatorSources,
                                             [&](IndicatorSource s) { return kIndicatorSources.name(s) == source; })}});
    add_errors(model, errors);
    return c.page("indicator_new", errors.empty() ? "Add an indicator" : "Error: Add an indicator", model, status);
}

Result<Response> indicator_page(Ctx& c, IndicatorId id, nlohmann::json model, const std::vector<Error>& errors,
                                int status)
{
    auto located = TRY(service::indicator_of(c.db, c.who->user, id));
    const auto* i = &located.indicator;
    const auto* where = &located.where;
    nlohmann::json rows = nlohmann::json::array();
    charts::Line chart{"indicator-chart",
                       i->name,
                       "Each measurement over time, with the baseline and the target as lines; the same figures are in "
                       "the table below.",
                       {},
                       {},
                       i->baseline,
                       i->target};
    for (const auto& m : i->measurements) {
        rows.push_back({{"date", when(m.date)},
                        {"value", format_number(m.value)},
                        {"note", m.note},
                        {"run", m.run ? std::to_string(m.run->value) : ""}});
        chart.labels.push_back(when(m.date));
        chart.values.push_back(m.value);
    }
    model.update(indicator_model(*i));
    model.update({{"goal_statement", located.goal_statement},
                  {"goal_id", std::to_string(i->goal.value)},
                  {"framework_id", std::to_string(where->framework.value)},
                  {"context_id", std::to_string(where->context.value)},
                  {"unit", i->unit},
                  {"method", paragraphs(i->method)},
                  {"source_label", kIndicatorSources.label(i->source)},
                  {"baseline_date", i->baseline_date.empty() ? "" : when(i->baseline_date)},
                  {"measurements", rows},
                  {"has_measurements", !rows.empty()},
                  {"chart", i->measurements.empty() ? "" : charts::line(chart)},
                  {"can_add", role_allows(c.who->user.role, Permission::EditFrameworks) &&
                                  i->source == IndicatorSource::Entered}});
    if (!model.contains("date")) model["date"] = today_utc();
    add_errors(model, errors);
    TRY(c.audit_view("indicator", id.value, where->context));
    return c.page("indicator", errors.empty() ? i->name : "Error: " + i->name, model, status);
}

Result<Response> outcome_page(Ctx& c, GoalId goal_id, nlohmann::json model, const std::vector<Error>& errors,
                              int status)
{
    auto basis = TRY(service::goal_evidence(c.db, c.who->user, goal_id));
    const auto* goal = &basis.goal;
    nlohmann::json indicators = nlohmann::json::array(), records = nlohmann::json::array();
    for (const auto& i : basis.indicators) indicators.push_back(indicator_model(i));
    for (const auto& e : basis.evidence)
        if (std::find(e.supports.begin(), e.supports.end(), StageRef{goal_id, Stage::Outcome}) != e.supports.end())
            records.push_back({{"id", std::to_string(e.id.value)},
                               {"date", when(e.date)},
                               {"method", kEvidenceMethods.label(e.method)},
                               {"summary", evidence_summary(e)}});
    std::string chosen = model.value("rating", std::string());
    if (const auto& r = basis.rating) {
        model["current"] = kOutcomeRatings.label(r->rating);
        model["current_by"] = fmt::format("{}, {}", r->author_label, when(r->created_at));
        if (chosen.empty()) chosen = kOutcomeRatings.name(r->rating);
    }
    model.update({{"goal_id", std::to_string(goal_id.value)},
                  {"goal_statement", goal->statement},
                  {"framework_id", std::to_string(goal->where.framework.value)},
                  {"context_id", std::to_string(goal->where.context.value)},
                  {"indicators", indicators},
                  {"has_indicators", !indicators.empty()},
                  {"records", records},
                  {"has_records", !records.empty()},
                  {"ratings", choice_options(kOutcomeRatings,
                                             [&](OutcomeRating r) { return kOutcomeRatings.name(r) == chosen; })}});
    add_errors(model, errors);
    return c.page("outcome", errors.empty() ? "Rate the outcome" : "Error: Rate the outcome", model, status);
}

nlohmann::json status_rows(const std::vector<GoalCount>& counts, charts::Bars& chart)
{
    nlohmann::json rows = nlohmann::json::array();
    chart.series = {{"Goals", "s0", {}}};
    for (const auto& g : counts) {
        rows.push_back({{"label", label(g.status)}, {"count", std::to_string(g.count)}});
        chart.categories.emplace_back(label(g.status));
        chart.series[0].values.push_back(double(g.count));
    }
    return rows;
}

}  // namespace

Result<Response> indicator_new(Ctx& c)
{
    GoalId goal{c.id(0)};
    return indicator_form(c, goal, nlohmann::json::object(), {}, 200);
}

Result<Response> indicator_create(Ctx& c)
{
    GoalId goal{c.id(0)};
    TRY(service::locate_goal(c.db, c.who->user, goal));
    Indicator i;
    i.goal = goal;
    i.name = c.form.get("name");
    i.unit = c.form.get("unit");
    i.method = c.form.get("method");
    i.baseline_date = text::collapse_space(c.form.get("baseline_date"));
    nlohmann::json model = nlohmann::json::object();
    for (const char* f : {"name", "unit", "method", "baseline", "baseline_date", "target", "better", "source"})
        model[f] = c.form.get(f);
    std::vector<Error> errors;
    i.better = chosen(kBetter, c.form.get("better"), Better::Higher, "better",
                      "Choose whether a higher or a lower value is better.", errors);
    i.source = chosen(kIndicatorSources, c.form.get("source"), IndicatorSource::Entered, "source",
                      "Choose where the measurements come from.", errors);
    auto number = [&](const char* field, const char* what) -> std::optional<double> {
        auto v = text::collapse_space(c.form.get(field));
        if (v.empty()) return std::nullopt;
        auto n = parse_number(v);
        if (!n) errors.push_back(Error::invalid(fmt::format("Enter the {} as a number, like 12 or 2.5.", what), field));
        return n;
    };
    i.baseline = number("baseline", "baseline");
    i.target = number("target", "target");
    for (auto& e : validate(i)) errors.push_back(std::move(e));
    if (errors.empty()) {
        auto id = service::create_indicator(c.db, c.who->user, c.actor(), goal, i);
        if (id) return c.redirect(fmt::format("/indicators/{}?done=added", id->value));
        if (id.error().kind != Error::Kind::Invalid) return std::unexpected(id.error());
        errors.push_back(id.error());
    }
    return indicator_form(c, goal, model, errors, 400);
}

Result<Response> indicator_show(Ctx& c)
{
    nlohmann::json model = nlohmann::json::object();
    if (c.query.get("done") == "added") model["banner"] = "The indicator was added.";
    if (c.query.get("done") == "measured") model["banner"] = "The measurement was added.";
    return indicator_page(c, IndicatorId{c.id(0)}, model, {}, 200);
}

Result<Response> measurement_add(Ctx& c)
{
    IndicatorId id{c.id(0)};
    Measurement m;
    m.date = c.form.get("date");
    m.note = c.form.get("note");
    nlohmann::json model = {{"date", m.date}, {"value", c.form.get("value")}, {"note", m.note}};
    std::vector<Error> errors;
    auto value = parse_number(c.form.get("value"));
    if (!value) errors.push_back(Error::invalid("Enter the value as a number, like 12 or 2.5.", "value"));
    m.value = value.value_or(0);
    for (auto& e : validate(m)) errors.push_back(std::move(e));
    if (errors.empty()) {
        auto added = service::add_measurement(c.db, c.who->user, c.actor(), id, m);
        if (added) return c.redirect(fmt::format("/indicators/{}?done=measured", id.value));
        if (added.error().kind != Error::Kind::Invalid) return std::unexpected(added.error());
        errors.push_back(added.error());
    }
    return indicator_page(c, id, model, errors, 400);
}

Result<Response> outcome_form(Ctx& c)
{
    GoalId goal{c.id(0)};
    return outcome_page(c, goal, nlohmann::json::object(), {}, 200);
}

Result<Response> outcome_rate(Ctx& c)
{
    GoalId goal{c.id(0)};
    auto where = TRY(service::locate_goal(c.db, c.who->user, goal));
    nlohmann::json model = {{"rating", c.form.get("rating")}, {"rationale", c.form.get("rationale")}};
    auto rating = kOutcomeRatings.parse(c.form.get("rating"));
    if (!rating)
        return outcome_page(c, goal, model, {Error::invalid("Choose how far the goal was reached.", "rating")}, 400);
    auto rated = service::rate_outcome(c.db, c.who->user, c.actor(), goal, *rating, c.form.get("rationale"));
    if (!rated && rated.error().kind == Error::Kind::Invalid) return outcome_page(c, goal, model, {rated.error()}, 400);
    TRY(std::move(rated));
    return c.redirect(fmt::format("/frameworks/{}?done=rated#goal-{}", where.framework.value, goal.value));
}

namespace {

Result<RenderCache::Rendered> render_context_dashboard(Ctx& c, ContextId id)
{
    auto d = TRY(service::context_dashboard(c.db, c.who->user, id));
    const auto* ctx = &d.context;
    const auto* runs = &d.runs;
    charts::Bars goal_chart{"goals-chart",
                            "Goals by status",
                            "How many of this context's goals are at each status; the same figures are in the table.",
                            {},
                            {}};
    auto goal_rows = status_rows(d.goals, goal_chart);
    nlohmann::json indicators = nlohmann::json::array();
    for (const auto& [framework, i] : d.indicators) {
        auto row = indicator_model(i);
        row["framework"] = framework;
        indicators.push_back(row);
    }
    nlohmann::json latest = nlohmann::json::array(), comparisons = nlohmann::json::array();
    for (const auto& e : d.latest_evidence)
        latest.push_back({{"id", std::to_string(e.id.value)},
                          {"date", when(e.date)},
                          {"method", kEvidenceMethods.label(e.method)},
                          {"summary", evidence_summary(e)}});
    // The latest follow-up of each activity, against the run it follows.
    for (auto kind : kActivityKinds.all()) {
        auto it = std::find_if(runs->rbegin(), runs->rend(),
                               [&](const ActivityRun& r) { return r.kind == kind && r.follow_up_of; });
        if (it == runs->rend()) continue;
        auto base =
            std::find_if(runs->begin(), runs->end(), [&](const ActivityRun& r) { return r.id == *it->follow_up_of; });
        if (base == runs->end()) continue;
        std::string before, after;
        if (kind == ActivityKind::Trust) {
            before = format_number(summarise_trust(*base).mean_total());
            after = format_number(summarise_trust(*it).mean_total());
        } else {
            auto safe = [](const ActivityRun& r) {
                return std::to_string(places_marked(summarise_places(r), PlaceCategory::Safe));
            };
            before = safe(*base);
            after = safe(*it);
        }
        comparisons.push_back({{"id", std::to_string(it->id.value)},
                               {"label", kActivityKinds.label(kind)},
                               {"measure", kind == ActivityKind::Trust ? "Trusted adults named per young person"
                                                                       : "Distinct places marked safe"},
                               {"before", before},
                               {"after", after},
                               {"before_date", when(base->date)},
                               {"after_date", when(it->date)}});
    }
    nlohmann::json model = context_model(*ctx);
    model.update({{"goal_rows", goal_rows},
                  {"goal_chart", charts::bars(goal_chart)},
                  {"indicators", indicators},
                  {"has_indicators", !indicators.empty()},
                  {"latest", latest},
                  {"has_latest", !latest.empty()},
                  {"comparisons", comparisons},
                  {"has_comparisons", !comparisons.empty()},
                  {"on_register", young_people_count(d.on_register)},
                  {"seen", young_people_count(d.young_people_seen)},
                  {"runs", std::to_string(runs->size())}});
    return RenderCache::Rendered{"Dashboard: " + ctx->name, c.render_for_cache("context_dashboard", model)};
}

Result<RenderCache::Rendered> render_dashboard(Ctx& c, bool can_list)
{
    auto d = TRY(service::partnership_dashboard(c.db, c.who->user));
    auto stages = TRY(service::stage_report(c.db, c.who->user));
    nlohmann::json stage_rows = nlohmann::json::array();
    for (auto s : kContextStages) {
        auto i = static_cast<std::size_t>(s);
        // The small-number rule: a median over fewer than 5 stays would give
        // away one context's timing, so it is not shown.
        std::string median = stages.left[i] == 0 ? "None yet"
                             : stages.left[i] < 5
                                 ? "Fewer than 5 contexts have left this stage"
                                 : text::count(static_cast<std::int64_t>(*stages.median_days[i] + 0.5), "day");
        if (s == ContextStage::Closed) median = "";
        stage_rows.push_back({{"label", kContextStages.label(s)},
                              {"href", fmt::format("/contexts?stage={}", kContextStages.name(s))},
                              {"count", std::to_string(stages.counts[i])},
                              {"median", median}});
    }
    nlohmann::json fs = nlohmann::json::array(), area_rows = nlohmann::json::array(), trends = nlohmann::json::array();
    for (auto [s, n] : d.overview.frameworks) fs.push_back({{"label", label(s)}, {"count", std::to_string(n)}});
    charts::Bars area_chart{"areas-chart",
                            "Goals reached by area of focus",
                            "For each area of focus, the goals reached and partly reached against all goals; the same "
                            "figures are in the table.",
                            {},
                            {{"All goals", "s1", {}}, {"Partly reached", "s0", {}}, {"Reached", "s2", {}}}};
    for (const auto& a : d.areas) {
        area_rows.push_back({{"area", a.area},
                             {"goals", std::to_string(a.goals)},
                             {"reached", std::to_string(a.reached)},
                             {"partly", std::to_string(a.partly)}});
        area_chart.categories.push_back(a.area);
        area_chart.series[0].values.push_back(double(a.goals));
        area_chart.series[1].values.push_back(double(a.partly));
        area_chart.series[2].values.push_back(double(a.reached));
    }
    for (auto [t, n] : d.trends) {
        trends.push_back({{"label", label(t)}, {"count", std::to_string(n)}, {"class", trend_class(t)}});
    }
    nlohmann::json model = {{"contexts", text::count(d.overview.contexts, "context")},
                            {"stages", stage_rows},
                            {"can_list", can_list},
                            {"framework_statuses", fs},
                            {"areas", area_rows},
                            {"has_areas", !area_rows.empty()},
                            {"area_chart", area_rows.empty() ? "" : charts::bars(area_chart)},
                            {"trends", trends},
                            {"indicators", std::to_string(d.indicators)},
                            {"seen", young_people_count(d.young_people_seen)}};
    return RenderCache::Rendered{"Dashboard", c.render_for_cache("dashboard", model)};
}

}  // namespace

// The dashboards are read far more often than the records under them change:
// each is kept rendered under the audit trail's change stamp, so any audited
// change (on any instance) makes the next view compute it afresh.
Result<Response> context_dashboard(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    auto stamp = TRY(service::reports_stamp(c.db));
    TRY(c.audit_view("dashboard", id.value, id));
    return c.cached_page(fmt::format("context-dashboard:{}:{}", id.value, stamp),
                         [&] { return render_context_dashboard(c, id); });
}

Result<Response> dashboard(Ctx& c)
{
    TRY(service::need_permission(c.who->user, Permission::ReadReports, "the partnership's reports"));
    auto stamp = TRY(service::reports_stamp(c.db));
    bool can_list = role_allows(c.who->user.role, Permission::ReadContexts);
    // The median days in each stage count up to today.
    return c.cached_page(fmt::format("dashboard:{}:{}:{}:{}", c.partnership().value, can_list, stamp, today_utc()),
                         [&] { return render_dashboard(c, can_list); });
}

}  // namespace handlers
}  // namespace trellis::web
