// Structured group activities on a context: who do you trust, and places
// mapping. A run can be a follow-up of an earlier run, and its page then
// compares the two as a chart and a table.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/activities.hpp"
#include "service/register.hpp"
#include "web/charts.hpp"
#include "web/evidence_pages.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

constexpr int kDefaultTrustRows = 5, kDefaultPlaceRows = 4, kDefaultPlacesEach = 4;

std::string signed_change(double v)
{
    if (std::abs(v) < 0.005) return "no change";
    return (v > 0 ? "+" : "−") + format_number(std::abs(v));
}

int clamp_query(const std::string& v, int fallback, int most)
{
    auto n = parse_id(v);
    return n ? static_cast<int>(std::min<std::int64_t>(*n, most)) : fallback;
}

// The run a new run follows up, when asked for: same context and kind only.
Result<std::optional<ActivityRun>> earlier_run(Ctx& c, ContextId context, ActivityKind kind, const std::string& value)
{
    if (value.empty()) return std::optional<ActivityRun>{};
    auto id = parse_id(value);
    if (!id) return std::unexpected(Error::invalid("Choose the run this follows up.", "follow_up_of"));
    auto run = service::activity_run(c.db, c.who->user, RunId{*id});
    if (!run || run->context != context || run->kind != kind)
        return std::unexpected(Error::not_found("There is no such earlier run of this activity on this context."));
    return std::optional<ActivityRun>{std::move(*run)};
}

Response activity_form(Ctx& c, const Context& ctx, ActivityKind kind, const std::optional<ActivityRun>& earlier,
                       const Form& values, int rows, int places_each, const std::vector<Error>& errors, int status,
                       const std::string& restored = {})
{
    auto people = service::register_choice(c.db, c.who->user, ctx.id);
    if (!people) return c.fail(people.error());
    nlohmann::json participants = nlohmann::json::array();
    for (int i = 0; i < rows; ++i) {
        auto p = fmt::format("p{}", i);
        std::string who = values.get(p + "_who");
        nlohmann::json options = nlohmann::json::array(
            {{{"value", ""}, {"label", "Not used"}, {"selected", who.empty()}},
             {{"value", "unnamed"}, {"label", "Someone not on the register"}, {"selected", who == "unnamed"}}});
        for (const auto& y : people->listed) {
            auto id = std::to_string(y.id.value);
            options.push_back({{"value", id}, {"label", y.pseudonym}, {"selected", who == id}});
        }
        // A register too long to list: the pseudonym is typed, and someone
        // chosen before (a follow-up, a draft) is shown by theirs.
        std::string who_name = values.get(p + "_who_name");
        if (auto id = parse_id(who); id && people->typed())
            if (auto y = service::young_person_on(c.db, c.who->user, ctx.id, YoungPersonId{*id}))
                who_name = y->pseudonym;
        nlohmann::json roles = nlohmann::json::array(), places = nlohmann::json::array();
        if (kind == ActivityKind::Trust)
            for (auto r : kAdultRoles.all()) {
                auto field = fmt::format("{}_{}", p, kAdultRoles.name(r));
                roles.push_back({{"field", field},
                                 {"label", kAdultRoles.label(r)},
                                 {"value", values.get(field)},
                                 {"respected", values.get(field + "_r") == "yes"}});
            }
        else
            for (int j = 0; j < places_each; ++j) {
                auto place = fmt::format("{}_place{}", p, j), cat = fmt::format("{}_cat{}", p, j),
                     at = fmt::format("{}_at{}", p, j);
                std::string chosen = values.get(cat);
                places.push_back({{"n", std::to_string(j + 1)},
                                  {"place_field", place},
                                  {"place", values.get(place)},
                                  {"cat_field", cat},
                                  {"categories", choice_options(kPlaceCategories,
                                                                [&](PlaceCategory pc) {
                                                                    return kPlaceCategories.name(pc) == chosen;
                                                                })},
                                  {"at_field", at},
                                  {"at", values.get(at)}});
            }
        nlohmann::json row = {{"n", std::to_string(i + 1)},
                              {"field", p},
                              {"options", options},
                              {"typed", people->typed()},
                              {"who_name", who_name},
                              {"unnamed", who == "unnamed"},
                              {"roles", roles},
                              {"places", places}};
        if (auto it = std::find_if(errors.begin(), errors.end(),
                                   [&](const Error& e) { return e.field.starts_with(p + "_"); });
            it != errors.end())
            row["error"] = it->message;
        participants.push_back(row);
    }
    nlohmann::json model = context_model(ctx);
    model.update(
        {{"kind", kActivityKinds.name(kind)},
         {"kind_label", kActivityKinds.label(kind)},
         {"trust", kind == ActivityKind::Trust},
         {"date", values.has("date") ? values.get("date") : today_utc()},
         {"note", values.get("note")},
         {"participants", participants},
         {"rows", std::to_string(rows)},
         {"places_each", std::to_string(places_each)},
         {"more_href", fmt::format("/contexts/{}/activities/new/{}?participants={}&places={}{}", ctx.id.value,
                                   kActivityKinds.name(kind), rows + 1, places_each,
                                   earlier ? fmt::format("&follow_up_of={}", earlier->id.value) : "")},
         {"more_places_href", fmt::format("/contexts/{}/activities/new/{}?participants={}&places={}{}", ctx.id.value,
                                          kActivityKinds.name(kind), rows, places_each + 2,
                                          earlier ? fmt::format("&follow_up_of={}", earlier->id.value) : "")}});
    if (earlier) {
        model["follow_up_of"] = std::to_string(earlier->id.value);
        model["earlier_date"] = when(earlier->date);
    }
    model["register_total"] = register_total(*people);
    model["restored"] = restored;
    model["draft_action"] = fmt::format("/contexts/{}/activities/{}/draft", ctx.id.value, kActivityKinds.name(kind));
    add_errors(model, errors);
    auto title = fmt::format("{}{}", earlier ? "Follow-up: " : "", kActivityKinds.label(kind));
    return c.page("activity_new", errors.empty() ? title : "Error: " + title, model, status);
}

// The form with each participant typed by pseudonym (a register too long to
// list) chosen by id, as a listed register sends it; errors name the rows
// whose pseudonym is not on the context's register.
Result<Form> participants_named(Ctx& c, ContextId context, const Form& f, int rows, std::vector<Error>& errors)
{
    auto fields = f.fields();
    for (int i = 0; i < rows; ++i) {
        auto p = fmt::format("p{}", i);
        auto name = text::collapse_space(f.get(p + "_who_name"));
        if (name.empty() || !f.get(p + "_who").empty()) {
            if (!name.empty() && f.get(p + "_who") == "unnamed")
                errors.push_back(Error::invalid(
                    fmt::format("Row {}: type their pseudonym or tick “not on the register”, not both.", i + 1),
                    p + "_who_name"));
            continue;
        }
        auto named = service::register_called(c.db, c.who->user, context, {name}, p + "_who_name");
        if (!named && named.error().kind != Error::Kind::Invalid) return std::unexpected(named.error());
        if (!named)
            errors.push_back(Error::invalid(fmt::format("Row {}: {}", i + 1, named.error().message), p + "_who_name"));
        else
            fields.emplace_back(p + "_who", std::to_string(named->front().value));
    }
    return Form(std::move(fields));
}

// Reads the participant rows of the form; a row counts when someone is chosen.
std::vector<Participant> read_participants(const Form& f, ActivityKind kind, int rows, int places_each,
                                           std::vector<Error>& errors)
{
    std::vector<Participant> out;
    for (int i = 0; i < rows; ++i) {
        auto p = fmt::format("p{}", i);
        std::string who = f.get(p + "_who");
        if (who.empty()) continue;
        Participant part;
        if (who != "unnamed") {
            auto id = parse_id(who);
            if (!id) {
                errors.push_back(Error::invalid(fmt::format("Row {}: choose who took part.", i + 1), p + "_who"));
                continue;
            }
            part.young_person = YoungPersonId{*id};
        }
        part.label = fmt::format("Participant {}", out.size() + 1);
        if (kind == ActivityKind::Trust) {
            for (auto r : kAdultRoles.all()) {
                auto field = fmt::format("{}_{}", p, kAdultRoles.name(r));
                std::string v = text::collapse_space(f.get(field));
                int adults = 0;
                if (!v.empty()) {
                    auto n = v == "0" ? std::optional<std::int64_t>{0} : parse_id(v);
                    if (!n || *n > limits::kAdultsPerRole) {
                        errors.push_back(Error::invalid(
                            fmt::format("Row {}: enter how many {} they trust as a number from 0 to {}.", i + 1,
                                        text::name_key(kAdultRoles.label(r)), limits::kAdultsPerRole),
                            field));
                        continue;
                    }
                    adults = static_cast<int>(*n);
                }
                part.trusted.push_back({r, adults, f.get(field + "_r") == "yes"});
            }
        } else {
            for (int j = 0; j < places_each; ++j) {
                std::string place = text::collapse_space(f.get(fmt::format("{}_place{}", p, j)));
                if (place.empty()) continue;
                auto cat = kPlaceCategories.parse(f.get(fmt::format("{}_cat{}", p, j)));
                if (!cat) {
                    errors.push_back(Error::invalid(
                        fmt::format("Row {}: choose whether “{}” is safe, unsafe, fun or has nothing to do.", i + 1,
                                    place.substr(0, 40)),
                        fmt::format("{}_cat{}", p, j)));
                    continue;
                }
                PlaceMark mark{place, *cat, std::nullopt, std::nullopt};
                std::string at = text::collapse_space(f.get(fmt::format("{}_at{}", p, j)));
                if (!at.empty()) {
                    auto comma = at.find(',');
                    auto lat = comma == std::string::npos ? std::nullopt : parse_number(at.substr(0, comma));
                    auto lon = comma == std::string::npos ? std::nullopt : parse_number(at.substr(comma + 1));
                    if (!lat || !lon) {
                        errors.push_back(Error::invalid(
                            fmt::format("Row {}: write map coordinates as latitude, longitude, for example "
                                        "“53.4808, -2.2426”.",
                                        i + 1),
                            fmt::format("{}_at{}", p, j)));
                        continue;
                    }
                    mark.latitude = lat;
                    mark.longitude = lon;
                }
                part.places.push_back(std::move(mark));
            }
        }
        out.push_back(std::move(part));
    }
    return out;
}

// `first` is the run the chain of follow-ups started from, when the baseline
// is itself a follow-up: the change since then is shown too.
nlohmann::json trust_results(const ActivityRun& run, const std::optional<ActivityRun>& baseline,
                             const std::optional<ActivityRun>& first, std::string& chart)
{
    auto now = summarise_trust(run);
    std::optional<TrustSummary> before, start;
    if (baseline) before = summarise_trust(*baseline);
    if (first) start = summarise_trust(*first);
    nlohmann::json rows = nlohmann::json::array();
    charts::Bars bars{"trust-chart",
                      before ? "Trusted adults named per young person: baseline and follow-up"
                             : "Trusted adults named per young person",
                      "Mean number of trusted adults each participant named, by the adult's role; the same figures are "
                      "in the table below.",
                      {},
                      {}};
    if (before) bars.series.push_back({fmt::format("Baseline ({})", when(baseline->date)), "s1", {}});
    bars.series.push_back({fmt::format("{} ({})", before ? "Follow-up" : "This run", when(run.date)), "s0", {}});
    auto add = [&](const std::string& label, int adults, double mean, int respected, int b_adults, double b_mean,
                   int b_respected, double first_mean, bool total) {
        nlohmann::json row = {{"label", label},
                              {"adults", std::to_string(adults)},
                              {"mean", format_number(mean)},
                              {"respected", total ? "" : std::to_string(respected)},
                              {"total", total}};
        if (before)
            row.update({{"b_adults", std::to_string(b_adults)},
                        {"b_mean", format_number(b_mean)},
                        {"b_respected", total ? "" : std::to_string(b_respected)},
                        {"change", signed_change(mean - b_mean)}});
        if (start) row["first_change"] = signed_change(mean - first_mean);
        rows.push_back(row);
        bars.categories.push_back(label);
        if (before) bars.series[0].values.push_back(b_mean);
        bars.series.back().values.push_back(mean);
    };
    for (auto r : kAdultRoles.all()) {
        auto i = static_cast<std::size_t>(r);
        add(std::string(kAdultRoles.label(r)), now.adults[i], now.mean(r), now.respected[i],
            before ? before->adults[i] : 0, before ? before->mean(r) : 0, before ? before->respected[i] : 0,
            start ? start->mean(r) : 0, false);
    }
    add("All trusted adults", now.total, now.mean_total(), 0, before ? before->total : 0,
        before ? before->mean_total() : 0, 0, start ? start->mean_total() : 0, true);
    chart = charts::bars(bars);
    return {{"rows", rows},
            {"participants", std::to_string(now.participants)},
            {"b_participants", before ? std::to_string(before->participants) : ""}};
}

nlohmann::json places_results(const ActivityRun& run, const std::optional<ActivityRun>& baseline,
                              const std::optional<ActivityRun>& first, std::string& chart)
{
    auto now = summarise_places(run);
    std::optional<PlacesSummary> before, start;
    if (baseline) before = summarise_places(*baseline);
    if (first) start = summarise_places(*first);
    charts::Bars bars{"places-chart",
                      before ? "Places by category: baseline and follow-up" : "Places by category",
                      "How many times participants marked a place in each category; the same figures are in the "
                      "tables below.",
                      {},
                      {}};
    if (before) bars.series.push_back({fmt::format("Baseline ({})", when(baseline->date)), "s1", {}});
    bars.series.push_back({fmt::format("{} ({})", before ? "Follow-up" : "This run", when(run.date)), "s0", {}});
    nlohmann::json categories = nlohmann::json::array();
    for (auto pc : kPlaceCategories.all()) {
        auto i = static_cast<std::size_t>(pc);
        nlohmann::json row = {{"label", kPlaceCategories.label(pc)}, {"marks", std::to_string(now.totals[i])}};
        if (before)
            row.update({{"b_marks", std::to_string(before->totals[i])},
                        {"change", signed_change(double(now.totals[i]) - double(before->totals[i]))}});
        if (start) row["first_change"] = signed_change(double(now.totals[i]) - double(start->totals[i]));
        categories.push_back(row);
        bars.categories.emplace_back(kPlaceCategories.label(pc));
        if (before) bars.series[0].values.push_back(double(before->totals[i]));
        bars.series.back().values.push_back(double(now.totals[i]));
    }
    // Every place named in either run, in the order first named.
    std::vector<std::string> names;
    std::set<std::string> seen;
    auto collect = [&](const PlacesSummary& s) {
        for (const auto& t : s.places)
            if (seen.insert(text::name_key(t.place)).second) names.push_back(t.place);
    };
    if (before) collect(*before);
    collect(now);
    auto tally = [](const PlacesSummary& s, const std::string& name) {
        for (const auto& t : s.places)
            if (text::name_key(t.place) == text::name_key(name)) return t.marks;
        return std::array<int, kPlaceCategories.size()>{};
    };
    auto describe = [](const std::array<int, kPlaceCategories.size()>& marks) {
        std::string out;
        for (auto pc : kPlaceCategories.all())
            if (int n = marks[static_cast<std::size_t>(pc)])
                out += fmt::format("{}{} {}", out.empty() ? "" : ", ", kPlaceCategories.label(pc), n);
        return out.empty() ? std::string("—") : out;
    };
    nlohmann::json places = nlohmann::json::array();
    for (const auto& name : names) {
        nlohmann::json row = {{"place", name}, {"marks", describe(tally(now, name))}};
        if (before) row["b_marks"] = describe(tally(*before, name));
        places.push_back(row);
    }
    chart = charts::bars(bars);
    return {
        {"categories", categories},
        {"places", places},
        {"distinct_safe", text::count(places_marked(now, PlaceCategory::Safe), "distinct place")},
        {"b_distinct_safe", before ? text::count(places_marked(*before, PlaceCategory::Safe), "distinct place") : ""},
        {"participants", std::to_string(now.participants)},
        {"b_participants", before ? std::to_string(before->participants) : ""}};
}

}  // namespace

Result<Response> activities(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    auto runs = TRY(service::activity_runs_of(c.db, c.who->user, ctx.id));
    nlohmann::json rows = nlohmann::json::array();
    for (auto it = runs.rbegin(); it != runs.rend(); ++it)
        rows.push_back({{"id", std::to_string(it->id.value)},
                        {"date", when(it->date)},
                        {"kind", kActivityKinds.label(it->kind)},
                        {"kind_key", kActivityKinds.name(it->kind)},
                        {"participants", std::to_string(it->participants.size())},
                        {"follow_up", it->follow_up_of.has_value()}});
    nlohmann::json model = context_model(ctx);
    model["runs"] = rows;
    model["has_runs"] = !rows.empty();
    model["can_add"] = role_allows(c.who->user.role, Permission::EditFrameworks);
    if (c.query.get("done") == "deleted") model["banner"] = "The run was deleted.";
    TRY(c.audit_view("activities", ctx.id.value, ctx.id));
    return c.page("activities", "Group activities", model);
}

Result<Response> activity_new(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    auto kind = kActivityKinds.parse(c.params.at(1));
    if (!kind) return std::unexpected(Error::not_found("There is no such activity."));
    auto earlier = TRY(earlier_run(c, ctx.id, *kind, c.query.get("follow_up_of")));
    int fallback = *kind == ActivityKind::Trust ? kDefaultTrustRows : kDefaultPlaceRows;
    std::vector<std::pair<std::string, std::string>> prefill;
    // A follow-up starts with the same participants as the run it follows.
    if (earlier) {
        fallback = std::max<int>(1, static_cast<int>(earlier->participants.size()));
        for (std::size_t i = 0; i < earlier->participants.size(); ++i) {
            const auto& p = earlier->participants[i];
            prefill.emplace_back(fmt::format("p{}_who", i),
                                 p.young_person ? std::to_string(p.young_person->value) : "unnamed");
        }
    }
    int rows = clamp_query(c.query.get("participants"), fallback, static_cast<int>(limits::kParticipants));
    int places =
        clamp_query(c.query.get("places"), kDefaultPlacesEach, static_cast<int>(limits::kPlacesPerParticipant));
    // A run left part-way (a dropped signal, an expired session) is put back as it was last saved.
    service::ActivityDraftKey key{ctx.id, *kind, earlier ? std::optional(earlier->id) : std::nullopt};
    if (auto draft = TRY(service::activity_draft(c.db, c.who->user, key))) {
        auto saved = parse_urlencoded(draft->content);
        if (saved) {
            rows = clamp_query(saved->get("participants"), rows, static_cast<int>(limits::kParticipants));
            places = clamp_query(saved->get("places"), places, static_cast<int>(limits::kPlacesPerParticipant));
            return activity_form(c, ctx, *kind, earlier, *saved, std::max(rows, 1), std::max(places, 1), {}, 200,
                                 fmt::format("This run was not finished: what was entered up to {} has been put back.",
                                             when(draft->saved_at)));
        }
    }
    return activity_form(c, ctx, *kind, earlier, Form(prefill), std::max(rows, 1), std::max(places, 1), {}, 200);
}

namespace {

// Which draft a request to /contexts/{id}/activities/{kind}/draft names.
Result<service::ActivityDraftKey> draft_key(Ctx& c, const Form& values)
{
    auto kind = kActivityKinds.parse(c.params.at(1));
    if (!kind) return std::unexpected(Error::not_found("There is no such activity."));
    service::ActivityDraftKey key{ContextId{c.id(0)}, *kind, std::nullopt};
    if (const auto& f = values.get("follow_up_of"); !f.empty()) {
        auto id = parse_id(f);
        if (!id) return std::unexpected(Error::invalid("The form is damaged (follow_up_of).", "follow_up_of"));
        key.follow_up_of = RunId{*id};
    }
    return key;
}

}  // namespace

Result<Response> activity_draft_save(Ctx& c)
{
    auto key = TRY(draft_key(c, c.form));
    std::string fields;
    for (const auto& [k, v] : c.form.fields())
        if (k != "_csrf") fields += (fields.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
    TRY(service::save_activity_draft(c.db, c.who->user, c.actor(), key, fields));
    return c.json_response({{"saved", true}, {"saved_at", when(now_utc())}});
}

Result<Response> activity_draft_discard(Ctx& c)
{
    auto key = TRY(draft_key(c, c.form));
    TRY(service::discard_activity_draft(c.db, c.who->user, key));
    return c.redirect(fmt::format("/contexts/{}/activities/new/{}{}", key.context.value, kActivityKinds.name(key.kind),
                                  key.follow_up_of ? fmt::format("?follow_up_of={}", key.follow_up_of->value) : ""));
}

Result<Response> activity_create(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    auto kind = kActivityKinds.parse(c.params.at(1));
    if (!kind) return std::unexpected(Error::not_found("There is no such activity."));
    int rows = clamp_query(c.form.get("participants"), 0, static_cast<int>(limits::kParticipants));
    int places = clamp_query(c.form.get("places"), kDefaultPlacesEach, static_cast<int>(limits::kPlacesPerParticipant));
    auto earlier = TRY(earlier_run(c, ctx.id, *kind, c.form.get("follow_up_of")));
    std::vector<Error> errors;
    ActivityRun run;
    run.context = ctx.id;
    run.kind = *kind;
    run.date = c.form.get("date");
    run.note = c.form.get("note");
    if (earlier) run.follow_up_of = earlier->id;
    auto chosen = TRY(participants_named(c, ctx.id, c.form, rows, errors));
    run.participants = read_participants(chosen, *kind, rows, places, errors);
    for (auto& e : validate(run)) errors.push_back(std::move(e));
    if (errors.empty()) {
        auto id = service::record_activity_run(c.db, c.who->user, c.actor(), run);
        if (id) {
            // The run is saved, so its draft has done its work (a failure here only leaves it for a day).
            (void)service::discard_activity_draft(c.db, c.who->user, {ctx.id, *kind, run.follow_up_of});
            return c.redirect(fmt::format("/activities/{}?done=added", id->value));
        }
        if (id.error().kind != Error::Kind::Invalid) return std::unexpected(id.error());
        errors.push_back(id.error());
    }
    return activity_form(c, ctx, *kind, earlier, c.form, std::max(rows, 1), std::max(places, 1), errors, 400);
}

Result<Response> activity_show(Ctx& c)
{
    auto run = TRY(service::activity_run(c.db, c.who->user, RunId{c.id(0)}));
    auto ctx = TRY(context_for(c, run.context));
    std::optional<ActivityRun> baseline, first;
    if (run.follow_up_of) {
        auto b = TRY(service::activity_run(c.db, c.who->user, *run.follow_up_of));
        baseline = std::move(b);
    }
    auto all = TRY(service::activity_runs_of(c.db, c.who->user, run.context));
    // A follow-up of a follow-up: walk back to the run the chain started from.
    if (baseline && baseline->follow_up_of) {
        std::optional<RunId> at = baseline->follow_up_of;
        for (int hops = 0; at && hops < 100; ++hops) {
            auto it = std::ranges::find(all, *at, &ActivityRun::id);
            if (it == all.end()) break;
            first = *it;
            at = it->follow_up_of;
        }
    }
    nlohmann::json follow_ups = nlohmann::json::array();
    for (const auto& r : all)
        if (r.follow_up_of == run.id && r.kind == run.kind)
            follow_ups.push_back({{"id", std::to_string(r.id.value)}, {"date", when(r.date)}});
    std::string chart;
    nlohmann::json results = run.kind == ActivityKind::Trust ? trust_results(run, baseline, first, chart)
                                                             : places_results(run, baseline, first, chart);
    nlohmann::json people = nlohmann::json::array();
    for (const auto& p : run.participants) {
        int adults = 0;
        for (const auto& t : p.trusted) adults += t.adults;
        people.push_back({{"label", p.young_person ? p.label : "Not on the register"},
                          {"detail", run.kind == ActivityKind::Trust
                                         ? text::count(adults, "trusted adult")
                                         : text::count(static_cast<std::int64_t>(p.places.size()), "place")}});
    }
    nlohmann::json model = context_model(ctx);
    model.update({{"id", std::to_string(run.id.value)},
                  {"kind", kActivityKinds.name(run.kind)},
                  {"kind_label", kActivityKinds.label(run.kind)},
                  {"trust", run.kind == ActivityKind::Trust},
                  {"date", when(run.date)},
                  {"note", paragraphs(run.note)},
                  {"has_note", !run.note.empty()},
                  {"author", run.author_label},
                  {"compared", baseline.has_value()},
                  {"baseline_id", baseline ? std::to_string(baseline->id.value) : ""},
                  {"baseline_date", baseline ? when(baseline->date) : ""},
                  {"has_first", first.has_value()},
                  {"first_id", first ? std::to_string(first->id.value) : ""},
                  {"first_date", first ? when(first->date) : ""},
                  {"chart", chart},
                  {"results", results},
                  {"people", people},
                  {"follow_ups", follow_ups},
                  {"has_follow_ups", !follow_ups.empty()},
                  {"can_add", role_allows(c.who->user.role, Permission::EditFrameworks)}});
    if (c.query.get("done") == "added") model["banner"] = "The run was recorded.";
    TRY(c.audit_view("activity_run", run.id.value, run.context));
    return c.page("activity", fmt::format("{}, {}", kActivityKinds.label(run.kind), when(run.date)), model);
}

Result<Response> activity_delete(Ctx& c)
{
    auto context = TRY(service::delete_activity_run(c.db, c.who->user, c.actor(), RunId{c.id(0)}));
    return c.redirect(fmt::format("/contexts/{}/activities?done=deleted", context.value));
}

}  // namespace trellis::web::handlers
