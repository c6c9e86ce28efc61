// Before and after the framework: concerns and their screening, the concerns
// tracker, the managed list of places, the goal library, reviews with their
// sign-off, a conference's written summary and each context's chronology.
#include <algorithm>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "formats/simple_document.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/lifecycle.hpp"
#include "service/measures.hpp"
#include "service/meetings.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

nlohmann::json context_links(Ctx& c, const Concern& k)
{
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < k.contexts.size(); ++i) {
        auto ctx = service::context(c.db, c.who->user, k.contexts[i]);
        out.push_back({{"id", std::to_string(k.contexts[i].value)},
                       {"name", k.context_names[i]},
                       {"stage", ctx ? std::string(kContextStages.label(ctx->stage)) : ""},
                       {"stage_class", ctx ? stage_class(ctx->stage) : ""},
                       {"assess", ctx && ctx->stage == ContextStage::Assessment}});
    }
    return out;
}

std::string screening_state(const Concern& k)
{
    if (k.decision) return std::string(kScreeningDecisions.label(*k.decision));
    if (!k.screening_started_on.empty())
        return fmt::format("Being screened by {} since {}", k.screener, when(k.screening_started_on));
    return "Waiting for screening";
}

nlohmann::json place_options(Ctx& c, const std::string& chosen)
{
    nlohmann::json out = nlohmann::json::array();
    auto list = service::places(c.db, c.who->user);
    if (!list) return out;
    for (const auto& p : *list) {
        auto id = std::to_string(p.id.value);
        out.push_back({{"id", id},
                       {"name", fmt::format("{} ({})", p.name, kPlaceKinds.label(p.kind))},
                       {"selected", id == chosen}});
    }
    return out;
}

Response concern_form(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    model["sources"] =
        options(kConcernSources, kConcernSources.parse(model.value("source", "")).value_or(ConcernSource::Referral));
    model["kinds"] =
        options(kContextKinds, parse_context_kind(model.value("new_kind", "")).value_or(ContextKind::PeerGroup));
    model["places"] = place_options(c, model.value("place", ""));
    model["has_places"] = !model["places"].empty();
    model["can_manage_places"] = role_allows(c.who->user.role, Permission::ManageUsers);
    add_errors(model, errors);
    return c.page("concern_new", errors.empty() ? "Record a concern" : "Error: Record a concern", std::move(model),
                  status);
}

Response concern_page(Ctx& c, const Concern& k, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    nlohmann::json people = nlohmann::json::array();
    for (const auto& p : k.pseudonyms) people.push_back(p);
    model["id"] = std::to_string(k.id.value);
    model["raised_on"] = when(k.raised_on);
    model["raised_by"] = k.raised_by;
    model["source"] = kConcernSources.label(k.source);
    model["summary"] = paragraphs(k.summary);
    model["place"] = k.place_name;
    model["contexts"] = context_links(c, k);
    model["young_people"] = people;
    model["has_young_people"] = !people.empty();
    model["recorded_by"] = k.recorded_by;
    model["state"] = screening_state(k);
    model["decided"] = k.decision.has_value();
    model["started"] = !k.screening_started_on.empty();
    model["rationale"] = paragraphs(k.rationale);
    model["decided_by"] = k.decided_by;
    model["decided_on"] = when(k.decided_on);
    model["case_reference"] = k.case_reference;
    model["sees_case_references"] = service::sees_case_references(c.who->user);
    model["level_2"] = k.decision == ScreeningDecision::Level2;
    model["decisions"] = choice_options(kScreeningDecisions, [&](ScreeningDecision d) {
        return model.value("decision", "") == kScreeningDecisions.name(d);
    });
    add_errors(model, errors);
    auto title = fmt::format("Concern raised {}", when(k.raised_on));
    return c.page("concern", errors.empty() ? title : "Error: " + title, std::move(model), status);
}

}  // namespace

// ---- Concerns ----

Result<Response> concerns(Ctx& c)
{
    auto page = TRY(service::concerns(c.db, c.who->user, page_number(c.query.get("page"))));
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& k : page.items) {
        std::string names;
        for (const auto& n : k.context_names) names += (names.empty() ? "" : ", ") + n;
        rows.push_back({{"id", std::to_string(k.id.value)},
                        {"raised_on", when(k.raised_on)},
                        {"raised_by", k.raised_by},
                        {"contexts", names},
                        {"place", k.place_name},
                        {"state", screening_state(k)},
                        {"waiting", !k.decision}});
    }
    auto rule = TRY(service::repeat_rule(c.db, c.who->user));
    nlohmann::json tracker = nlohmann::json::array();
    for (const auto& t : TRY(service::tracker(c.db, c.who->user)))
        tracker.push_back({{"kind", t.kind},
                           {"name", t.name},
                           {"href", t.href},
                           {"in_window", std::to_string(t.in_window)},
                           {"all_time", std::to_string(t.all_time)},
                           {"latest", when(t.latest)},
                           {"repeat", t.repeat}});
    TRY(c.audit_view("concerns", 0, std::nullopt, fmt::format("page={}", page.number)));
    return c.page("concerns", "Concerns and screening",
                  {{"concerns", rows},
                   {"has_concerns", !rows.empty()},
                   {"showing", showing(page)},
                   {"pagination", pagination("/concerns", c.query.fields(), page.number, page.pages())},
                   {"tracker", tracker},
                   {"has_tracker", !tracker.empty()},
                   {"rule", fmt::format("{} or more concerns within {} days", rule.threshold, rule.window_days)},
                   {"window", std::to_string(rule.window_days)},
                   {"can_manage_places", role_allows(c.who->user.role, Permission::ManageUsers)}});
}

Result<Response> concern_new(Ctx& c)
{
    nlohmann::json model = nlohmann::json::object();
    if (auto id = parse_id(c.query.get("context"))) {
        auto ctx = TRY(service::context(c.db, c.who->user, ContextId{*id}));
        model["contexts_text"] = ctx.name;
    }
    return concern_form(c, model, {}, 200);
}

Result<Response> concern_create(Ctx& c)
{
    Concern k;
    k.raised_on = c.form.get("raised_date");
    k.raised_by = c.form.get("raised_by");
    k.summary = c.form.get("summary");
    std::vector<Error> errors;
    k.source = chosen(kConcernSources, c.form.get("source"), ConcernSource::Referral, "source",
                      "Choose how the concern came to attention.", errors);
    auto new_kind = chosen(kContextKinds, c.form.get("new_kind"), ContextKind::PeerGroup, "new_kind",
                           "Choose the kind of any new context.", errors);
    if (const auto& place = c.form.get("place"); !place.empty()) {
        if (auto id = parse_id(place))
            k.place = PlaceId{*id};
        else
            errors.push_back(Error::invalid("Choose the place or school from the list.", "place"));
    }
    std::string contexts_text = c.form.get("contexts");
    k.context_names = text::nonblank_lines(contexts_text);
    std::string people_text = c.form.get("young_people");
    k.pseudonyms = text::nonblank_lines(people_text);
    for (auto& e : validate(k)) errors.push_back(std::move(e));
    nlohmann::json model = {
        {"raised_date", k.raised_on},     {"raised_by", k.raised_by},           {"summary", k.summary},
        {"source", c.form.get("source")}, {"new_kind", c.form.get("new_kind")}, {"place", c.form.get("place")},
        {"contexts_text", contexts_text}, {"young_people_text", people_text}};
    if (!errors.empty()) return concern_form(c, model, errors, 400);
    auto made = service::record_concern(c.db, c.who->user, c.actor(), k, new_kind);
    if (!made && (made.error().kind == Error::Kind::Invalid || made.error().kind == Error::Kind::Conflict))
        return concern_form(c, model, {made.error()}, 400);
    if (!made) return std::unexpected(made.error());
    const auto& recorded = *made;
    std::string done = "created";
    if (!recorded.created.empty()) done += fmt::format("&added={}", recorded.created.size());
    if (!recorded.reopened.empty()) done += fmt::format("&reopened={}", recorded.reopened.size());
    return c.redirect(fmt::format("/concerns/{}?done={}", recorded.id.value, done));
}

Result<Response> concern_show(Ctx& c)
{
    auto k = TRY(service::concern(c.db, c.who->user, ConcernId{c.id(0)}));
    TRY(c.audit_view("concern", k.id.value, k.contexts.empty() ? std::nullopt : std::optional{k.contexts.front()}));
    std::string done = c.query.get("done");
    std::string banner;
    if (done == "created") {
        banner = "The concern was recorded.";
        if (auto n = parse_id(c.query.get("added")))
            banner += " " + text::count(*n, "new context was", "new contexts were") + " added for it.";
        if (auto n = parse_id(c.query.get("reopened")))
            banner +=
                " " + text::count(*n, "closed context was", "closed contexts were") + " reopened, its history kept.";
    } else if (done == "started") {
        banner = "Screening has begun.";
    } else if (done == "screened") {
        banner = "The screening decision was recorded.";
    }
    return concern_page(c, k, {{"banner", banner}}, {}, 200);
}

Result<Response> screening_start(Ctx& c)
{
    ConcernId id{c.id(0)};
    TRY(service::start_screening(c.db, c.who->user, c.actor(), id));
    return c.redirect(fmt::format("/concerns/{}?done=started", id.value));
}

Result<Response> screening_decide(Ctx& c)
{
    ConcernId id{c.id(0)};
    Concern decision;
    decision.decision = kScreeningDecisions.parse(c.form.get("decision"));
    decision.rationale = c.form.get("rationale");
    decision.case_reference =
        decision.decision == ScreeningDecision::Level1 ? text::collapse_space(c.form.get("case_reference")) : "";
    nlohmann::json model = {{"decision", c.form.get("decision")},
                            {"rationale_text", decision.rationale},
                            {"case_reference_text", decision.case_reference}};
    auto done = service::screen(c.db, c.who->user, c.actor(), id, decision);
    if (!done && done.error().kind == Error::Kind::Invalid) {
        auto k = TRY(service::concern(c.db, c.who->user, id));
        return concern_page(c, k, model, {done.error()}, 400);
    }
    TRY(std::move(done));
    return c.redirect(fmt::format("/concerns/{}?done=screened", id.value));
}

// ---- Places and the repeat rule ----

namespace {

Response places_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto list = service::places(c.db, c.who->user);
    if (!list) return c.fail(list.error());
    auto rule = service::repeat_rule(c.db, c.who->user);
    if (!rule) return c.fail(rule.error());
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : *list)
        rows.push_back({{"name", p.name},
                        {"kind", kPlaceKinds.label(p.kind)},
                        {"where", p.latitude.empty() ? "" : fmt::format("{}, {}", p.latitude, p.longitude)}});
    model["places"] = rows;
    model["has_places"] = !rows.empty();
    model["kinds"] = options(kPlaceKinds, kPlaceKinds.parse(model.value("kind", "")).value_or(PlaceKind::Place));
    if (!model.contains("threshold")) model["threshold"] = std::to_string(rule->threshold);
    if (!model.contains("window_days")) model["window_days"] = std::to_string(rule->window_days);
    add_errors(model, errors);
    return c.page("places", errors.empty() ? "Places and schools" : "Error: Places and schools", std::move(model),
                  status);
}

}  // namespace

Result<Response> places_admin(Ctx& c)
{
    return places_page(c, nlohmann::json::object(), {}, 200);
}

Result<Response> place_add(Ctx& c)
{
    Place p;
    p.name = c.form.get("name");
    p.latitude = text::collapse_space(c.form.get("latitude"));
    p.longitude = text::collapse_space(c.form.get("longitude"));
    std::vector<Error> errors;
    p.kind = chosen(kPlaceKinds, c.form.get("kind"), PlaceKind::Place, "kind", "Choose a place or a school.", errors);
    for (auto& e : validate(p)) errors.push_back(std::move(e));
    nlohmann::json model = {
        {"name", p.name}, {"kind", c.form.get("kind")}, {"latitude", p.latitude}, {"longitude", p.longitude}};
    if (!errors.empty()) return places_page(c, model, errors, 400);
    auto added = service::add_place(c.db, c.who->user, c.actor(), p);
    if (!added && (added.error().kind == Error::Kind::Invalid || added.error().kind == Error::Kind::Conflict))
        return places_page(c, model, {added.error()}, added.error().kind == Error::Kind::Conflict ? 409 : 400);
    if (!added) return std::unexpected(added.error());
    return places_page(c, {{"banner", fmt::format("{} was added to the list.", text::collapse_space(p.name))}}, {},
                       200);
}

Result<Response> repeat_rule_set(Ctx& c)
{
    nlohmann::json model = {{"threshold", c.form.get("threshold")}, {"window_days", c.form.get("window_days")}};
    auto threshold = parse_id(c.form.get("threshold"));
    auto days = parse_id(c.form.get("window_days"));
    std::vector<Error> errors;
    if (!threshold) errors.push_back(Error::invalid("Enter a number of concerns from 2 to 50.", "threshold"));
    if (!days) errors.push_back(Error::invalid("Enter a number of days from 7 to 730.", "window_days"));
    if (!errors.empty()) return places_page(c, model, errors, 400);
    auto set = service::set_repeat_rule(c.db, c.who->user, c.actor(), {*threshold, *days});
    if (!set && set.error().kind == Error::Kind::Invalid) return places_page(c, model, {set.error()}, 400);
    TRY(std::move(set));
    return places_page(c, {{"banner", "The repeat rule was saved."}}, {}, 200);
}

// ---- Goal library ----

namespace {

Response library_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto own = service::own_library_goals(c.db, c.who->user);
    if (!own) return c.fail(own.error());
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& t : c.app.templates()) {
        nlohmann::json sides = nlohmann::json::array();
        for (std::size_t i = 0; i < t.areas.size(); ++i) {
            nlohmann::json goals = nlohmann::json::array();
            for (const auto& g : t.areas[i].goals) goals.push_back({{"statement", g}, {"own", false}});
            for (const auto& g : *own)
                if (g.kind == t.context_kind && g.side == static_cast<int>(i))
                    goals.push_back({{"statement", g.statement}, {"own", true}, {"id", std::to_string(g.id->value)}});
            sides.push_back({{"name", t.areas[i].side}, {"goals", goals}});
        }
        kinds.push_back({{"name", t.triangle}, {"draft", t.triangle_draft}, {"sides", sides}});
    }
    nlohmann::json choices = nlohmann::json::array();
    for (const auto& t : c.app.templates())
        for (std::size_t i = 0; i < t.areas.size(); ++i) {
            auto value = fmt::format("{}:{}", to_string(t.context_kind), i);
            choices.push_back({{"value", value},
                               {"label", fmt::format("{}: {}", label(t.context_kind), t.areas[i].side)},
                               {"selected", model.value("side", "") == value}});
        }
    model["kinds"] = kinds;
    model["choices"] = choices;
    add_errors(model, errors);
    return c.page("goal_library", errors.empty() ? "Goal library" : "Error: Goal library", std::move(model), status);
}

}  // namespace

Result<Response> goal_library(Ctx& c)
{
    return library_page(c, nlohmann::json::object(), {}, 200);
}

Result<Response> goal_library_add(Ctx& c)
{
    LibraryGoal g;
    g.statement = c.form.get("statement");
    std::string side = c.form.get("side");
    nlohmann::json model = {{"statement", g.statement}, {"side", side}};
    auto colon = side.find(':');
    auto kind = parse_context_kind(side.substr(0, colon));
    auto index = colon == std::string::npos ? std::nullopt : parse_id(side.substr(colon + 1));
    if (!kind || !index || *index > 2)
        return library_page(c, model, {Error::invalid("Choose the side of a triangle from the list.", "side")}, 400);
    g.kind = *kind;
    g.side = static_cast<int>(*index);
    auto added = service::add_library_goal(c.db, c.who->user, c.actor(), g);
    if (!added && added.error().kind == Error::Kind::Invalid) return library_page(c, model, {added.error()}, 400);
    if (!added) return std::unexpected(added.error());
    return library_page(c, {{"banner", "The goal was added to the library."}}, {}, 200);
}

Result<Response> goal_library_remove(Ctx& c)
{
    TRY(service::remove_library_goal(c.db, c.who->user, c.actor(), LibraryGoalId{c.id(0)}));
    return library_page(c, {{"banner", "The goal was removed from the library. Frameworks that use it keep it."}}, {},
                        200);
}

// ---- Reviews ----

namespace {

// Progress per goal as the review starts from it: each open framework's goals
// with their status and indicators (baseline, latest, target, trend).
Result<std::string> progress_text(Ctx& c, ContextId context)
{
    std::string out;
    for (const auto& f : TRY(service::open_frameworks(c.db, c.who->user, context))) {
        auto indicators = TRY(service::indicators_of(c.db, c.who->user, f.id));
        for (const auto& a : f.areas)
            for (const auto& g : a.goals) {
                out += fmt::format("{}{}: {}.", out.empty() ? "" : "\n\n", g.statement, label(g.status));
                for (const auto& ind : indicators) {
                    if (ind.goal != g.id || ind.measurements.empty()) continue;
                    out += fmt::format(" {}: {} to {}", ind.name, with_unit(ind.start().value_or(0), ind.unit),
                                       with_unit(ind.measurements.back().value, ind.unit));
                    if (ind.target) out += fmt::format(", target {}", with_unit(*ind.target, ind.unit));
                    out += fmt::format(" ({}).", text::name_key(label(trend(ind))));
                }
            }
    }
    return out;
}

// The review date of the context's open frameworks that falls soonest, when it
// is within two weeks or past: a review conference is due.
Result<std::string> review_due(Ctx& c, ContextId context)
{
    std::string soonest;
    for (const auto& f : TRY(service::open_frameworks(c.db, c.who->user, context)))
        if (!f.next_review_date.empty() && (soonest.empty() || f.next_review_date < soonest))
            soonest = f.next_review_date;
    if (soonest.empty() || soonest > add_days(today_utc(), 14)) return std::string();
    return soonest;
}

Response reviews_page(Ctx& c, ContextId id, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto ctx = service::context(c.db, c.who->user, id);
    if (!ctx) return c.fail(ctx.error());
    auto list = service::reviews_of(c.db, c.who->user, id);
    if (!list) return c.fail(list.error());
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : *list)
        rows.push_back({{"id", std::to_string(r.id.value)},
                        {"date", when(r.held_on)},
                        {"decision", kReviewDecisions.label(r.decision)},
                        {"state", !r.needs_sign_off() ? "Takes effect at once"
                                  : r.signed_off()    ? "Signed off by " + r.signed_off_by
                                                      : "Waiting for sign-off"}});
    if (!model.contains("progress")) {
        auto progress = progress_text(c, id);
        if (!progress) return c.fail(progress.error());
        model["progress"] = *progress;
    }
    auto due = review_due(c, id);
    if (!due) return c.fail(due.error());
    model["review_due"] = due->empty() ? "" : when(*due);
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = ctx->name;
    model["stage"] = kContextStages.label(ctx->stage);
    model["stage_class"] = stage_class(ctx->stage);
    model["reviews"] = rows;
    model["has_reviews"] = !rows.empty();
    model["can_record"] =
        role_allows(c.who->user.role, Permission::CreateFrameworks) && ctx->stage != ContextStage::Closed;
    model["decisions"] = choice_options(kReviewDecisions, [&](ReviewDecision d) {
        return model.value("decision", "continue") == kReviewDecisions.name(d);
    });
    add_errors(model, errors);
    return c.page("reviews", errors.empty() ? "Reviews" : "Error: Reviews", std::move(model), status);
}

}  // namespace

Result<Response> reviews(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(c.audit_view("reviews", id.value, id));
    return reviews_page(c, id, nlohmann::json::object(), {}, 200);
}

Result<Response> review_create(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    Review r;
    r.context = id;
    r.held_on = c.form.get("review_date");
    r.progress = c.form.get("progress");
    r.rationale = c.form.get("rationale");
    std::vector<Error> errors;
    r.decision = chosen(kReviewDecisions, c.form.get("decision"), ReviewDecision::Continue, "decision",
                        "Choose the decision.", errors);
    for (auto& e : validate(r)) errors.push_back(std::move(e));
    nlohmann::json model = {{"review_date", r.held_on},
                            {"progress", r.progress},
                            {"rationale", r.rationale},
                            {"decision", c.form.get("decision")}};
    if (!errors.empty()) return reviews_page(c, id, model, errors, 400);
    auto made = service::record_review(c.db, c.who->user, c.actor(), r);
    if (!made && made.error().kind == Error::Kind::Invalid) return reviews_page(c, id, model, {made.error()}, 400);
    if (!made) return std::unexpected(made.error());
    return c.redirect(fmt::format("/reviews/{}?done=created", made->value));
}

Result<Response> review_show(Ctx& c)
{
    auto r = TRY(service::review(c.db, c.who->user, ReviewId{c.id(0)}));
    TRY(c.audit_view("review", r.id.value, r.context));
    auto ctx = TRY(service::context(c.db, c.who->user, r.context));
    auto why = TRY(service::why_not_sign_off(c.db, c.who->user, r));
    std::string done = c.query.get("done");
    std::string banner = done == "created"      ? (r.needs_sign_off() ? "The review was recorded. The decision takes "
                                                                        "effect when it is signed off."
                                                                      : "The review was recorded.")
                         : done == "signed-off" ? "The decision was signed off and the context is closed."
                                                : "";
    return c.page("review", fmt::format("Review, {}", when(r.held_on)),
                  {{"id", std::to_string(r.id.value)},
                   {"context_id", std::to_string(r.context.value)},
                   {"context_name", ctx.name},
                   {"date", when(r.held_on)},
                   {"progress", paragraphs(r.progress)},
                   {"decision", kReviewDecisions.label(r.decision)},
                   {"rationale", paragraphs(r.rationale)},
                   {"author", r.author_label},
                   {"needs_sign_off", r.needs_sign_off()},
                   {"signed_off", r.signed_off()},
                   {"signed_off_by", r.signed_off_by},
                   {"signed_off_at", when(r.signed_off_at)},
                   {"may_sign_off", why.empty()},
                   {"why_not", why},
                   {"banner", banner}});
}

Result<Response> review_sign_off(Ctx& c)
{
    ReviewId id{c.id(0)};
    TRY(service::sign_off(c.db, c.who->user, c.actor(), id));
    return c.redirect(fmt::format("/reviews/{}?done=signed-off", id.value));
}

// ---- Chronology ----

Result<Response> chronology(Ctx& c)
{
    ContextId id{c.id(0)};
    auto ctx = TRY(service::context(c.db, c.who->user, id));
    const std::string& format = c.query.get("format");
    auto entries = TRY(service::chronology(c.db, c.who->user, id, !format.empty()));
    if (!format.empty() && format != "csv" && format != "pdf" && format != "docx")
        return std::unexpected(Error::invalid("Choose CSV, PDF or Word.", "format"));
    TRY(c.audit_view("chronology", id.value, id, format.empty() ? "" : "format=" + format));
    if (format == "csv") {
        std::string csv = "date,what,detail\r\n";
        auto cell = [](const std::string& v) {
            std::string s = v;
            // A leading =, +, - or @ would run as a formula in a spreadsheet.
            if (!s.empty() && std::string_view("=+-@").find(s.front()) != std::string_view::npos) s = "'" + s;
            std::string out = "\"";
            for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            return out + "\"";
        };
        for (const auto& e : entries)
            csv += fmt::format("{},{},{}\r\n", cell(e.at.substr(0, 10)), cell(e.what), cell(e.detail));
        Response r;
        r.body = std::move(csv);
        r.content_type = "text/csv; charset=utf-8";
        r.header("Content-Disposition", fmt::format("attachment; filename=\"chronology-{}.csv\"", id.value));
        return r;
    }
    if (format == "pdf" || format == "docx") {
        formats::SimpleDocument doc;
        doc.title = fmt::format("Chronology: {}", ctx.name);
        doc.meta = {fmt::format("{} · Stage: {}", label(ctx.kind), kContextStages.label(ctx.stage)),
                    fmt::format("Produced by Trellis on {}", when(today_utc()))};
        doc.footer = "Special category personal data: share on a need-to-know basis";
        formats::SimpleSection s{"Every step, oldest first", {}, {}};
        for (const auto& e : entries)
            s.bullets.push_back(fmt::format("{}: {}{}{}", when(e.at), e.what, e.detail.empty() ? "" : ". ", e.detail));
        doc.sections.push_back(std::move(s));
        auto bytes = TRY(format == "pdf" ? formats::simple_pdf(doc) : formats::simple_docx(doc));
        Response r;
        r.body = std::move(bytes);
        r.content_type = format == "pdf" ? "application/pdf"
                                         : "application/vnd.openxmlformats-officedocument."
                                           "wordprocessingml.document";
        r.header("Content-Disposition", fmt::format("attachment; filename=\"chronology-{}.{}\"", id.value, format));
        return r;
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : entries)
        rows.push_back({{"date", when(e.at)}, {"what", e.what}, {"detail", e.detail}, {"href", e.href}});
    return c.page("chronology", fmt::format("Chronology: {}", ctx.name),
                  {{"context_id", std::to_string(id.value)},
                   {"context_name", ctx.name},
                   {"stage", kContextStages.label(ctx.stage)},
                   {"stage_class", stage_class(ctx.stage)},
                   {"entries", rows},
                   {"has_entries", !rows.empty()}});
}

// ---- Conference summaries ----

Result<Response> summary_sent(Ctx& c)
{
    MeetingId id{c.id(0)};
    TRY(service::mark_summary_sent(c.db, c.who->user, c.actor(), id));
    return c.redirect(fmt::format("/meetings/{}?done=sent", id.value));
}

Result<Response> conference_summary(Ctx& c)
{
    const std::string& format = c.params.at(1);
    if (format != "pdf" && format != "docx") return c.not_found();
    auto m = TRY(service::meeting(c.db, c.who->user, MeetingId{c.id(0)}));
    if (!is_conference(m.type)) return c.not_found();
    auto ctx = TRY(service::context(c.db, c.who->user, m.context));
    TRY(c.audit_view("meeting", m.id.value, m.context, "summary format=" + format));
    const auto* layout = template_for(c.app.templates(), ctx.kind);
    formats::SimpleDocument doc;
    doc.title = fmt::format("{}: written summary", label(m.type));
    doc.meta = {fmt::format("Context: {} ({})", ctx.name, label(ctx.kind)),
                fmt::format("Held on {}. Summary due to participants by {}.", when(m.date),
                            when(two_working_days_after(m.date)))};
    doc.footer = fmt::format("{}, {} · Special category personal data: share on a need-to-know basis", label(m.type),
                             when(m.date));
    formats::SimpleSection invited{"Invited", {}, text::nonblank_lines(m.invitees)};
    for (const auto& a : m.attendee_names) invited.bullets.push_back(a + " (attended)");
    if (invited.bullets.empty()) invited.paragraphs.push_back("No invitees were recorded.");
    doc.sections.push_back(std::move(invited));
    formats::SimpleSection agenda{"Agenda",
                                  {},
                                  {"Welcome, purpose and the ground rules: the context is discussed, "
                                   "not individual children"}};
    if (layout)
        for (const auto& a : layout->areas) agenda.bullets.push_back(a.side);
    agenda.bullets.push_back("Goals and the plan: what each agency will do");
    agenda.bullets.push_back("Review date and how progress will be measured");
    doc.sections.push_back(std::move(agenda));
    if (!m.minutes.empty()) doc.sections.push_back({"Discussion", {m.minutes}, {}});
    formats::SimpleSection goals{"Goals agreed", {}, m.goal_statements};
    if (goals.bullets.empty()) goals.paragraphs.push_back("No goals were recorded as agreed.");
    doc.sections.push_back(std::move(goals));
    formats::SimpleSection decisions{"Decisions and actions", {}, {}};
    for (const auto& d : m.decisions) decisions.bullets.push_back(d.action ? d.text + " (now an action)" : d.text);
    if (decisions.bullets.empty()) decisions.paragraphs.push_back("No decisions were recorded.");
    doc.sections.push_back(std::move(decisions));
    auto bytes = TRY(format == "pdf" ? formats::simple_pdf(doc) : formats::simple_docx(doc));
    Response r;
    r.body = std::move(bytes);
    r.content_type =
        format == "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    r.header("Content-Disposition",
             fmt::format("attachment; filename=\"conference-summary-{}.{}\"", m.id.value, format));
    return r;
}

}  // namespace trellis::web::handlers
