// The framework page and everything that edits a framework: details, areas,
// goals and the four stages with their history.
#include <algorithm>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "formats/export_formats.hpp"
#include "formats/framework_json.hpp"
#include "service/actions.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/frameworks.hpp"
#include "service/privacy.hpp"
#include "web/evidence_pages.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

// The download links of the framework page, one per export format.
nlohmann::json downloads(bool partner_copies = false)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : formats::export_formats()) {
        if (partner_copies && !f.partner_copy) continue;
        out.push_back({{"format", f.name}, {"label", f.label}, {"query", partner_copies ? "?audience=partner" : ""}});
    }
    return out;
}

std::string framework_url(FrameworkId id, const std::string& done = {}, std::int64_t anchor_goal = 0)
{
    std::string url = fmt::format("/frameworks/{}", id.value);
    if (!done.empty()) url += "?done=" + done;
    if (anchor_goal) url += fmt::format("#goal-{}", anchor_goal);
    return url;
}

const char* stage_hint(Stage s)
{
    switch (s) {
        case Stage::Scoping:
            return "The baseline evidence from the assessment: what you saw and heard, and who told you.";
        case Stage::Measuring:
            return "Decide this before the action: what will be different, and how you will find out (for example, "
                   "re-run the 'who do you trust' activity).";
        case Stage::Action: return "The responses, who owns them and which partners take part.";
        case Stage::Outcome: return "What changed after the response, and the evidence that shows it.";
    }
    return "";
}

std::string banner_for(const std::string& done)
{
    if (done == "created") return "The framework was created.";
    if (done == "from-assessment")
        return "The framework was created from the assessment. Each goal's Scoping stage starts from the findings it "
               "came from; edit them as the team sees fit.";
    if (done == "details") return "The framework details were saved.";
    if (done == "stage") return "The stage was saved as a new version.";
    if (done == "goal-added") return "The goal was added.";
    if (done == "goal-saved") return "The goal was saved.";
    if (done == "goal-removed")
        return "The goal was removed. It is listed under Removed goals, where you can restore it.";
    if (done == "goal-restored") return "The goal was restored.";
    if (done == "area-added") return "The area of focus was added.";
    if (done == "area-saved") return "The area of focus was renamed.";
    if (done == "area-deleted") return "The area of focus was deleted.";
    if (done == "action-added") return "The action was added.";
    if (done == "rated") return "The outcome rating was saved.";
    if (done == "imported") return "The framework was imported as a draft. Check it, then change its status to Active.";
    return "";
}

std::optional<Direction> direction(const Ctx& c)
{
    if (c.form.get("direction") == "up") return Direction::Up;
    if (c.form.get("direction") == "down") return Direction::Down;
    return std::nullopt;
}

Response details_form(Ctx& c, FrameworkId id, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto status_value = parse_framework_status(model.value("status", "draft")).value_or(FrameworkStatus::Draft);
    model["statuses"] = options(kFrameworkStatuses, status_value);
    model["id"] = std::to_string(id.value);
    add_errors(model, errors);
    return c.page("framework_edit", errors.empty() ? "Framework details" : "Error: Framework details", std::move(model),
                  status);
}

Response goal_form(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto s = parse_goal_status(model.value("status", "not_started")).value_or(GoalStatus::NotStarted);
    model["statuses"] = options(kGoalStatuses, s);
    add_errors(model, errors);
    std::string heading = model.value("heading", "Goal");
    return c.page("goal_form", errors.empty() ? heading : "Error: " + heading, std::move(model), status);
}

// One row of the summary at the top of the framework page: where a goal
// stands, stage by stage, with its indicators, rating and overdue actions.
nlohmann::json summary_row(const Goal& goal, const std::string& area, const nlohmann::json& indicators,
                           const nlohmann::json& rating, const nlohmann::json& actions)
{
    nlohmann::json stages = nlohmann::json::array();
    for (auto s : kStages) {
        const auto& e = goal.stage(s);
        stages.push_back({{"label", label(s)},
                          {"written", e.written()},
                          {"state", e.written() ? fmt::format("Written (version {})", e.version) : "Not written"}});
    }
    auto overdue_count =
        std::ranges::count_if(actions, [](const nlohmann::json& a) { return a.value("overdue", false); });
    return {{"id", std::to_string(goal.id.value)},
            {"statement", goal.statement},
            {"area", area},
            {"status", label(goal.status)},
            {"status_class", tag_class(goal.status)},
            {"stages", stages},
            {"indicators", indicators},
            {"has_indicators", !indicators.empty()},
            {"rating", rating.is_null() ? std::string("Not rated") : rating.value("label", "")},
            {"overdue", overdue_count > 0},
            {"overdue_text", text::count(overdue_count, "overdue action")}};
}

}  // namespace

Result<Response> framework_new(Ctx& c)
{
    auto ctx = TRY(service::context(c.db, c.who->user, ContextId{c.id(0)}));
    nlohmann::json model = {{"context_id", std::to_string(ctx.id.value)},
                            {"context_name", ctx.name},
                            {"title", ctx.name + ": outcomes framework"}};
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& t : c.app.templates()) {
        std::string areas;
        for (const auto& a : t.areas) areas += (areas.empty() ? "" : ", ") + a.name;
        templates.push_back({{"key", t.key},
                             {"name", t.name},
                             {"description", t.description},
                             {"areas", areas},
                             {"selected", t.context_kind == ctx.kind}});
    }
    model["templates"] = templates;
    add_errors(model, {});
    return c.page("framework_new", "Create an outcomes framework", model);
}

Result<Response> framework_create(Ctx& c)
{
    auto ctx = TRY(service::context(c.db, c.who->user, ContextId{c.id(0)}));
    auto tmpl = std::ranges::find(c.app.templates(), c.form.get("template"), &FrameworkTemplate::key);
    Framework f;
    std::vector<Error> errors;
    if (tmpl == c.app.templates().end()) {
        errors.push_back(Error::invalid("Choose a template.", "template"));
    } else {
        f = framework_from_template(*tmpl, ctx.id, c.form.get("title"));
    }
    f.title = c.form.get("title");
    f.start_date = c.form.get("start_date");
    f.next_review_date = c.form.get("next_review_date");
    f.owner = c.who->user.id;
    for (auto& e : validate(f)) errors.push_back(std::move(e));
    if (!errors.empty()) {
        nlohmann::json model = {{"context_id", std::to_string(ctx.id.value)},
                                {"context_name", ctx.name},
                                {"title", f.title},
                                {"start_date", f.start_date},
                                {"next_review_date", f.next_review_date}};
        nlohmann::json templates = nlohmann::json::array();
        for (const auto& t : c.app.templates())
            templates.push_back({{"key", t.key},
                                 {"name", t.name},
                                 {"description", t.description},
                                 {"areas", ""},
                                 {"selected", t.key == c.form.get("template")}});
        model["templates"] = templates;
        add_errors(model, errors);
        return c.page("framework_new", "Error: Create an outcomes framework", model, 400);
    }
    auto fid = TRY(service::create_framework(c.db, c.who->user, c.actor(), ctx.id, *tmpl,
                                             {f.title, f.start_date, f.next_review_date}));
    return c.redirect(framework_url(fid, "created"));
}

namespace {

Result<RenderCache::Rendered> render_framework(Ctx& c, FrameworkId id, bool can_edit, bool can_edit_details,
                                               const std::string& banner, const std::string& today)
{
    auto page = TRY(service::framework_page(c.db, c.who->user, id));
    const Framework* f = &page.framework;
    auto actions_of = [&](GoalId goal) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& a : page.actions) {
            if (a.goal != goal) continue;
            list.push_back({{"id", std::to_string(a.id.value)},
                            {"what", a.what},
                            {"owner", a.owner_agency_name},
                            {"due", a.due_date.empty() ? "" : when(a.due_date)},
                            {"approach", label(a.approach)},
                            {"status", label(a.status)},
                            {"status_class", tag_class(a.status)},
                            {"overdue", overdue(a, today)}});
        }
        return list;
    };
    auto plan = balance(page.actions);
    auto evidence_of = [&](GoalId goal, Stage stage) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : page.evidence)
            if (std::find(e.supports.begin(), e.supports.end(), StageRef{goal, stage}) != e.supports.end())
                list.push_back({{"id", std::to_string(e.id.value)},
                                {"date", when(e.date)},
                                {"method", kEvidenceMethods.label(e.method)}});
        return list;
    };

    nlohmann::json areas = nlohmann::json::array(), summary = nlohmann::json::array();
    for (std::size_t a = 0; a < f->areas.size(); ++a) {
        const auto& area = f->areas[a];
        nlohmann::json goals = nlohmann::json::array();
        for (std::size_t g = 0; g < area.goals.size(); ++g) {
            const auto& goal = area.goals[g];
            nlohmann::json goal_indicators = nlohmann::json::array();
            for (const auto& i : page.indicators)
                if (i.goal == goal.id) goal_indicators.push_back(indicator_model(i));
            nlohmann::json stages = nlohmann::json::array();
            for (auto s : kStages) {
                const auto& e = goal.stage(s);
                auto stage_evidence = evidence_of(goal.id, s);
                stages.push_back({{"evidence", stage_evidence},
                                  {"has_evidence", !stage_evidence.empty()},
                                  {"evidence_count", std::to_string(stage_evidence.size())},
                                  {"is_measuring", s == Stage::Measuring},
                                  {"indicators", s == Stage::Measuring ? goal_indicators : nlohmann::json::array()},
                                  {"has_indicators", s == Stage::Measuring && !goal_indicators.empty()},
                                  // Decide how you will measure before you act.
                                  {"measure_first", s == Stage::Action && goal_indicators.empty() &&
                                                        !goal.stage(Stage::Measuring).written()},
                                  {"key", to_string(s)},
                                  {"number", std::to_string(index(s) + 1)},
                                  {"label", label(s)},
                                  {"question", f->questions[index(s)]},
                                  {"written", e.written()},
                                  {"paragraphs", paragraphs(e.text)},
                                  {"version", std::to_string(e.version)},
                                  {"author", e.author_label.empty() ? "imported" : e.author_label},
                                  {"written_at", when(e.written_at)},
                                  {"has_history", e.version > 1},
                                  {"goal_id", std::to_string(goal.id.value)},
                                  {"goal_statement", goal.statement},
                                  {"edit_text", e.written() ? "Edit" : "Write"}});
            }
            auto goal_actions = actions_of(goal.id);
            nlohmann::json rating = nullptr;
            for (const auto& r : page.ratings)
                if (r.goal == goal.id)
                    rating = {{"label", kOutcomeRatings.label(r.rating)},
                              {"rationale", r.rationale},
                              {"by", fmt::format("{}, {}", r.author_label, when(r.created_at))}};
            summary.push_back(summary_row(goal, area.name, goal_indicators, rating, goal_actions));
            goals.push_back({{"id", std::to_string(goal.id.value)},
                             {"rating", rating},
                             {"actions", goal_actions},
                             {"has_actions", !goal_actions.empty()},
                             {"statement", goal.statement},
                             {"status", label(goal.status)},
                             {"status_class", tag_class(goal.status)},
                             {"stages", stages},
                             {"first", g == 0},
                             {"last", g + 1 == area.goals.size()}});
        }
        areas.push_back({{"id", std::to_string(area.id.value)},
                         {"name", area.name},
                         {"goals", goals},
                         {"empty", area.goals.empty()},
                         {"first", a == 0},
                         {"last", a + 1 == f->areas.size()}});
    }
    nlohmann::json removed = nlohmann::json::array();
    for (const auto& r : f->removed_goals)
        removed.push_back({{"id", std::to_string(r.id.value)},
                           {"statement", r.statement},
                           {"area", r.area_name},
                           {"removed_at", when(r.removed_at)}});
    nlohmann::json model = {{"id", std::to_string(id.value)},
                            {"title", f->title},
                            {"context_id", std::to_string(f->context.value)},
                            {"context_name", page.context.name},
                            {"status", label(f->status)},
                            {"status_class", tag_class(f->status)},
                            {"start_date", when(f->start_date)},
                            {"next_review_date", when(f->next_review_date)},
                            {"goal_count", std::to_string(f->goal_count())},
                            {"areas", areas},
                            {"summary", summary},
                            {"has_summary", !summary.empty()},
                            {"removed", removed},
                            {"has_removed", !removed.empty()},
                            {"can_edit", can_edit},
                            {"can_edit_details", can_edit_details},
                            {"enforcement_led", plan.enforcement_led()},
                            {"enforcement_count", std::to_string(plan.enforcement)},
                            {"welfare_count", std::to_string(plan.welfare_led)},
                            {"banner", banner},
                            {"downloads", downloads()}};
    return RenderCache::Rendered{f->title, c.render_for_cache("framework", model)};
}

}  // namespace

Result<Response> framework_show(Ctx& c)
{
    FrameworkId id{c.id(0)};
    const User& me = c.who->user;
    auto [where, rev] = TRY(service::framework_revision(c.db, me, id));
    bool can_edit = role_allows(me.role, Permission::EditFrameworks);
    bool can_edit_details = role_allows(me.role, Permission::CreateFrameworks);
    std::string banner = banner_for(c.query.get("done"));
    std::string today = today_utc();
    TRY(c.audit_view("framework", id.value, where.context));
    // The rendered framework depends only on this key (the day marks actions overdue).
    auto key = fmt::format("framework:{}:{}:{}:{}:{}:{}:{}", id.value, rev.number, rev.context_stamp, can_edit,
                           can_edit_details, banner, today);
    return c.cached_page(key, [&] { return render_framework(c, id, can_edit, can_edit_details, banner, today); });
}

Result<Response> framework_export(Ctx& c)
{
    FrameworkId id{c.id(0)};
    TRY(service::locate_framework(c.db, c.who->user, id));
    const auto* format = formats::find_export_format(c.params.at(1));
    if (!format)
        return std::unexpected(
            Error::not_found(fmt::format("Trellis exports frameworks as {}.", formats::export_format_names())));
    Response r;
    std::string base = fmt::format("trellis-framework-{}", id.value);
    r.content_type = std::string(format->media_type);
    if (!format->write) {  // the lossless JSON, with every earlier version
        auto doc = TRY(service::export_framework(c.db, c.partnership(), id, c.actor()));
        r.body = formats::to_json(doc, service::email_lookup(c.db, c.partnership())).dump(2) + "\n";
    } else {
        bool partner = c.query.get("audience") == "partner" && format->partner_copy;
        if (partner) base += "-partner-safe";
        std::optional<AgencyId> recipient;
        if (partner)
            if (auto agency = parse_id(c.query.get("agency"))) recipient = AgencyId{*agency};
        auto data = TRY(service::document_export(c.db, c.partnership(), id, std::string(format->name),
                                                 partner ? service::Audience::Partner : service::Audience::Team,
                                                 c.actor(), recipient));
        r.body = TRY(format->write(data.input(), uk_date(today_utc())));
    }
    r.header("Content-Disposition", fmt::format("attachment; filename=\"{}.{}\"", base, format->extension));
    return r;
}

// Partner-safe copies, one agency at a time: only agencies with an information
// sharing agreement in force today are offered a copy.
Result<Response> framework_share(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto [f, ctx] = TRY(service::framework(c.db, c.who->user, id));
    auto agencies = TRY(service::agencies_of(c.db, c.who->user));
    auto agreements = TRY(service::agreements_in_force(c.db, c.who->user, today_utc()));
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& a : agencies) {
        auto agreement = std::ranges::find(agreements, a.id, &SharingAgreement::agency);
        nlohmann::json row = {{"name", a.name}, {"shares", agreement != agreements.end()}};
        if (agreement != agreements.end()) {
            row["until"] = when(agreement->ends_on);
            row["what"] = agreement->what;
            nlohmann::json links = nlohmann::json::array();
            for (const auto& d : downloads(true))
                links.push_back({{"href", fmt::format("/frameworks/{}/export/{}?audience=partner&agency={}", id.value,
                                                      d["format"].get<std::string>(), a.id.value)},
                                 {"label", d["label"]}});
            row["links"] = links;
        }
        rows.push_back(std::move(row));
    }
    return c.page(
        "framework_share", "Send a partner-safe copy: " + f.title,
        {{"id", std::to_string(id.value)}, {"title", f.title}, {"context_name", ctx.name}, {"agencies", rows}});
}

Result<Response> framework_edit(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto [f, ctx] = TRY(service::framework(c.db, c.who->user, id));
    return details_form(c, id,
                        {{"title", f.title},
                         {"status", to_string(f.status)},
                         {"start_date", f.start_date},
                         {"next_review_date", f.next_review_date},
                         {"context_name", ctx.name}},
                        {}, 200);
}

Result<Response> framework_update(Ctx& c)
{
    FrameworkId id{c.id(0)};
    TRY(service::locate_framework(c.db, c.who->user, id));
    FrameworkDetails d{c.form.get("title"), FrameworkStatus::Draft, c.form.get("start_date"),
                       c.form.get("next_review_date")};
    auto status = parse_framework_status(c.form.get("status"));
    nlohmann::json model = {{"title", d.title},
                            {"status", c.form.get("status")},
                            {"start_date", d.start_date},
                            {"next_review_date", d.next_review_date}};
    if (!status) return details_form(c, id, model, {Error::invalid("Choose a status.", "status-draft")}, 400);
    d.status = *status;
    auto r = service::update_framework_details(c.db, c.who->user, c.actor(), id, d);
    if (!r && r.error().kind == Error::Kind::Invalid) return details_form(c, id, model, {r.error()}, 400);
    TRY(std::move(r));
    return c.redirect(framework_url(id, "details"));
}

namespace {

bool shown_on_form(const Error& e)
{
    return e.kind == Error::Kind::Invalid || e.kind == Error::Kind::Conflict;
}

Response area_form(Ctx& c, const std::string& heading, const std::string& action, const std::string& name,
                   FrameworkId framework, const std::vector<Error>& errors)
{
    nlohmann::json model = {
        {"heading", heading}, {"action", action}, {"area_name", name}, {"back", framework_url(framework)}};
    add_errors(model, errors);
    return c.page("area_edit", errors.empty() ? heading : "Error: " + heading, model, errors.empty() ? 200 : 400);
}

}  // namespace

Result<Response> area_add(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto r = service::add_area(c.db, c.who->user, c.actor(), id, c.form.get("area_name"));
    if (!r && shown_on_form(r.error()))
        return area_form(c, "Add an area of focus", fmt::format("/frameworks/{}/areas", id.value),
                         c.form.get("area_name"), id, {r.error()});
    TRY(std::move(r));
    return c.redirect(framework_url(id, "area-added"));
}

Result<Response> area_edit(Ctx& c)
{
    auto area = TRY(service::area(c.db, c.who->user, AreaId{c.id(0)}));
    return area_form(c, "Rename the area of focus", fmt::format("/areas/{}", area.id.value), area.name,
                     area.where.framework, {});
}

Result<Response> area_rename(Ctx& c)
{
    AreaId id{c.id(0)};
    auto where = TRY(service::locate_area(c.db, c.who->user, id));
    auto r = service::change_area(c.db, c.who->user, c.actor(), id, c.form.get("area_name"));
    if (!r && shown_on_form(r.error()))
        return area_form(c, "Rename the area of focus", fmt::format("/areas/{}", id.value), c.form.get("area_name"),
                         where.framework, {r.error()});
    TRY(std::move(r));
    return c.redirect(framework_url(where.framework, "area-saved"));
}

Result<Response> area_move(Ctx& c)
{
    AreaId id{c.id(0)};
    auto where = TRY(service::locate_area(c.db, c.who->user, id));
    auto d = direction(c);
    if (!d) return std::unexpected(Error::invalid("Say whether to move the area up or down.", "direction"));
    TRY(service::change_area(c.db, c.who->user, c.actor(), id, std::nullopt, *d));
    return c.redirect(framework_url(where.framework) + fmt::format("#area-{}", id.value));
}

Result<Response> area_delete(Ctx& c)
{
    AreaId id{c.id(0)};
    auto where = TRY(service::locate_area(c.db, c.who->user, id));
    TRY(service::delete_area(c.db, c.who->user, c.actor(), id));
    return c.redirect(framework_url(where.framework, "area-deleted"));
}

Result<Response> goal_new(Ctx& c)
{
    auto area = TRY(service::area(c.db, c.who->user, AreaId{c.id(0)}));
    return goal_form(c,
                     {{"heading", "Add a goal"},
                      {"area_name", area.name},
                      {"action", fmt::format("/areas/{}/goals", area.id.value)},
                      {"back", framework_url(area.where.framework)},
                      {"show_status", false},
                      {"guided", true}},
                     {}, 200);
}

Result<Response> goal_create(Ctx& c)
{
    auto area = TRY(service::area(c.db, c.who->user, AreaId{c.id(0)}));
    auto r = service::add_goal(c.db, c.who->user, c.actor(), area.id, c.form.get("statement"));
    if (!r && r.error().kind == Error::Kind::Invalid)
        return goal_form(c,
                         {{"heading", "Add a goal"},
                          {"area_name", area.name},
                          {"statement", c.form.get("statement")},
                          {"action", fmt::format("/areas/{}/goals", area.id.value)},
                          {"back", framework_url(area.where.framework)},
                          {"show_status", false},
                          {"guided", true}},
                         {r.error()}, 400);
    auto goal = TRY(std::move(r));
    // "Add the goal and write its stages" starts the guided flow at Scoping.
    if (c.form.get("next") == "write")
        return c.redirect(fmt::format("/goals/{}/stages/scoping/edit?flow=guided", goal.value));
    return c.redirect(framework_url(area.where.framework, "goal-added", goal.value));
}

namespace {

// The goal within its loaded framework.
Result<const Goal*> goal_of(const Framework& f, GoalId id)
{
    for (const auto& a : f.areas)
        for (const auto& g : a.goals)
            if (g.id == id) return &g;
    return std::unexpected(Error::not_found("There is no such goal."));
}

Result<GoalView> goal_in_place(Ctx& c, GoalId id)
{
    auto g = TRY(service::goal(c.db, c.who->user, id));
    if (g.removed)
        return std::unexpected(Error::not_found("This goal was removed; restore it from the framework page first."));
    return g;
}

}  // namespace

Result<Response> goal_edit(Ctx& c)
{
    GoalId id{c.id(0)};
    auto g = TRY(goal_in_place(c, id));
    return goal_form(c,
                     {{"heading", "Change the goal"},
                      {"area_name", g.area_name},
                      {"statement", g.statement},
                      {"status", to_string(g.status)},
                      {"action", fmt::format("/goals/{}", id.value)},
                      {"back", framework_url(g.where.framework, "", id.value)},
                      {"show_status", true}},
                     {}, 200);
}

Result<Response> goal_update(Ctx& c)
{
    GoalId id{c.id(0)};
    auto g = TRY(service::goal(c.db, c.who->user, id));
    auto status = parse_goal_status(c.form.get("status"));
    auto r = status ? service::change_goal(c.db, c.who->user, c.actor(), id, {false, c.form.get("statement"), *status})
                    : Result<void>(std::unexpected(Error::invalid("Choose the goal's status.", "status-not_started")));
    if (!r && r.error().kind == Error::Kind::Invalid)
        return goal_form(c,
                         {{"heading", "Change the goal"},
                          {"area_name", g.area_name},
                          {"statement", c.form.get("statement")},
                          {"status", c.form.get("status")},
                          {"action", fmt::format("/goals/{}", id.value)},
                          {"back", framework_url(g.where.framework, "", id.value)},
                          {"show_status", true}},
                         {r.error()}, 400);
    TRY(std::move(r));
    return c.redirect(framework_url(g.where.framework, "goal-saved", id.value));
}

Result<Response> goal_move(Ctx& c)
{
    GoalId id{c.id(0)};
    auto where = TRY(service::locate_goal(c.db, c.who->user, id));
    auto d = direction(c);
    if (!d) return std::unexpected(Error::invalid("Say whether to move the goal up or down.", "direction"));
    TRY(service::change_goal(c.db, c.who->user, c.actor(), id, {.move = *d}));
    return c.redirect(framework_url(where.framework, "", id.value));
}

Result<Response> goal_remove(Ctx& c)
{
    GoalId id{c.id(0)};
    auto where = TRY(service::locate_goal(c.db, c.who->user, id));
    TRY(service::remove_goal(c.db, c.who->user, c.actor(), id));
    return c.redirect(framework_url(where.framework, "goal-removed"));
}

Result<Response> goal_restore(Ctx& c)
{
    GoalId id{c.id(0)};
    auto where = TRY(service::locate_goal(c.db, c.who->user, id));
    TRY(service::change_goal(c.db, c.who->user, c.actor(), id, {.restore = true}));
    return c.redirect(framework_url(where.framework, "goal-restored", id.value));
}

namespace {

// How a stage is being written: from the goal's card, stage by stage through
// "Save and continue" (guided), or back from the check-your-answers page.
enum class Flow { Single, Guided, Check };

Flow flow_of(const Ctx& c)
{
    const auto& v = c.form.has("flow") ? c.form.get("flow") : c.query.get("flow");
    return v == "guided" ? Flow::Guided : v == "check" ? Flow::Check : Flow::Single;
}

std::string_view flow_name(Flow f)
{
    return f == Flow::Guided ? "guided" : f == Flow::Check ? "check" : "";
}

// Where writing goes after this stage: the next stage, the answers, or the card.
std::string after_stage(Flow flow, FrameworkId framework, GoalId goal, Stage stage, const char* done)
{
    if (flow == Flow::Guided && stage != Stage::Outcome)
        return fmt::format("/goals/{}/stages/{}/edit?flow=guided", goal.value,
                           to_string(kStages[static_cast<std::size_t>(index(stage)) + 1]));
    if (flow != Flow::Single) return fmt::format("/goals/{}/check", goal.value);
    return framework_url(framework, done, goal.value);
}

struct StageForm {
    std::optional<std::string> text;  // as typed; the latest version when empty
    std::optional<int> based_on;
    std::vector<Error> errors;
    std::string conflict;
    nlohmann::json wording = nullptr;  // the lens's flags, when "Check wording" was pressed
    std::string confirm;               // "unchanged" or "blank": asked before saving
};

Result<Response> stage_page(Ctx& c, GoalId id, Stage stage, const StageForm& form, int status)
{
    auto g = TRY(goal_in_place(c, id));
    auto [f, ctx] = TRY(service::framework(c.db, c.who->user, g.where.framework));
    const Goal* goal = TRY(goal_of(f, id));
    const auto& latest = goal->stage(stage);
    std::string label_text(label(stage));
    std::string lower = label_text;
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    std::string hint = stage_hint(stage);
    if (stage == Stage::Action && !goal->stage(Stage::Measuring).written())
        hint = "This goal has no Measuring stage yet: decide how you will know it is reached before you act. " + hint;
    auto flow = flow_of(c);
    std::string save_label = flow == Flow::Guided  ? "Save and continue"
                             : flow == Flow::Check ? "Save and return to your answers"
                                                   : "Save " + lower;
    nlohmann::json model = {{"goal_id", std::to_string(id.value)},
                            {"framework_id", std::to_string(g.where.framework.value)},
                            {"goal_statement", goal->statement},
                            {"stage", to_string(stage)},
                            {"stage_label", label_text},
                            {"stage_label_lower", lower},
                            {"question", f.questions[index(stage)]},
                            {"hint", hint},
                            {"text", form.text ? *form.text : latest.text},
                            {"based_on", std::to_string(form.based_on.value_or(latest.version))},
                            {"conflict", form.conflict},
                            {"latest_version", std::to_string(latest.version)},
                            {"latest_author", latest.author_label},
                            {"latest_at", when(latest.written_at)},
                            {"latest_paragraphs", paragraphs(latest.text)},
                            {"flow", flow_name(flow)},
                            {"step", flow == Flow::Guided ? fmt::format("Step {} of 4", index(stage) + 1) : ""},
                            {"save_label", save_label},
                            {"cancel", flow == Flow::Single ? framework_url(g.where.framework, "", id.value)
                                                            : fmt::format("/goals/{}/check", id.value)},
                            {"wording", form.wording},
                            {"confirm_unchanged", form.confirm == "unchanged"},
                            {"confirm_blank", form.confirm == "blank"},
                            {"continue_to", after_stage(flow, g.where.framework, id, stage, "")}};
    add_errors(model, form.errors);
    std::string title = fmt::format("{}: {}", label_text, goal->statement);
    bool trouble = !form.errors.empty() || !form.conflict.empty();
    return c.page("stage_edit", trouble ? "Error: " + title : title, model, status);
}

Result<Stage> stage_param(const Ctx& c)
{
    auto stage = parse_stage(c.params.at(1));
    if (!stage) return std::unexpected(Error::not_found("There is no such stage."));
    return *stage;
}

}  // namespace

Result<Response> stage_edit(Ctx& c)
{
    return stage_page(c, GoalId{c.id(0)}, TRY(stage_param(c)), {}, 200);
}

Result<Response> stage_save(Ctx& c)
{
    auto stage = TRY(stage_param(c));
    GoalId id{c.id(0)};
    auto where = TRY(service::locate_goal(c.db, c.who->user, id));
    StageForm form;
    if (c.form.has("based_on")) {
        auto v = parse_id(c.form.get("based_on"));
        if (!v && c.form.get("based_on") != "0")
            return std::unexpected(Error::invalid("The form is damaged (based_on).", "based_on"));
        form.based_on = static_cast<int>(v.value_or(0));
    }
    form.text = c.form.get("text");
    // "Check wording" shows the lens's flags beside the box and saves nothing.
    if (c.form.get("action") == "check") {
        form.wording = TRY(wording_check(c, *form.text));
        return stage_page(c, id, stage, form, 200);
    }
    // Saving what is already there, or saving blank, is asked about first: an
    // unchanged stage never becomes a new version.
    auto latest = TRY(service::latest_stage(c.db, c.who->user, id, stage));
    std::string typed = text::normalise_paragraphs(*form.text);
    std::string before = latest ? latest->text : "";
    if (typed == before && form.based_on.value_or(0) == (latest ? latest->version : 0)) {
        form.confirm = "unchanged";
        return stage_page(c, id, stage, form, 200);
    }
    if (typed.empty() && c.form.get("confirm") != "blank") {
        form.confirm = "blank";
        return stage_page(c, id, stage, form, 200);
    }
    auto r = service::write_stage(c.db, c.who->user, c.actor(), id, stage, *form.text, form.based_on);
    if (!r && r.error().kind == Error::Kind::Invalid) {
        form.errors = {Error::invalid(r.error().message, "text")};
        return stage_page(c, id, stage, form, 400);
    }
    if (!r && r.error().kind == Error::Kind::Conflict) {
        form.conflict = r.error().message;
        form.based_on.reset();  // the next save is based on the version now there
        return stage_page(c, id, stage, form, 409);
    }
    TRY(std::move(r));
    return c.redirect(after_stage(flow_of(c), where.framework, id, stage, "stage"));
}

Result<Response> goal_check(Ctx& c)
{
    GoalId id{c.id(0)};
    auto g = TRY(goal_in_place(c, id));
    auto [f, ctx] = TRY(service::framework(c.db, c.who->user, g.where.framework));
    const Goal* goal = TRY(goal_of(f, id));
    nlohmann::json rows = nlohmann::json::array();
    for (auto s : kStages) {
        const auto& e = goal->stage(s);
        rows.push_back(
            {{"key", to_string(s)},
             {"label", label(s)},
             {"question", f.questions[index(s)]},
             {"written", e.written()},
             {"paragraphs", paragraphs(e.text)},
             {"meta",
              e.written() ? fmt::format("Version {} by {}, {}", e.version, e.author_label, when(e.written_at)) : ""}});
    }
    nlohmann::json model = {{"goal_id", std::to_string(id.value)},
                            {"goal_statement", goal->statement},
                            {"status", label(goal->status)},
                            {"status_class", tag_class(goal->status)},
                            {"stages", rows},
                            {"written", text::count(goal->stages_written(), "stage")},
                            {"framework_url", framework_url(g.where.framework, "", id.value)}};
    return c.page("goal_check", "Check your answers: " + goal->statement, model);
}

Result<Response> stage_history(Ctx& c)
{
    auto stage = TRY(stage_param(c));
    GoalId id{c.id(0)};
    auto g = TRY(service::goal(c.db, c.who->user, id));
    auto versions = TRY(service::stage_history(c.db, c.who->user, id, stage));
    TRY(c.audit_view("stage_history", id.value, g.where.context, fmt::format("stage={}", to_string(stage))));
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const auto& v = versions[i];
        list.push_back({{"version", std::to_string(v.version)},
                        {"latest", i == 0},
                        {"author", v.author_label.empty() ? "imported" : v.author_label},
                        {"written_at", when(v.written_at)},
                        {"paragraphs", paragraphs(v.text)}});
    }
    return c.page("stage_history", fmt::format("{}: every version", label(stage)),
                  {{"goal_id", std::to_string(id.value)},
                   {"framework_id", std::to_string(g.where.framework.value)},
                   {"goal_statement", g.statement},
                   {"stage_label", label(stage)},
                   {"versions", list}});
}

}  // namespace trellis::web::handlers
