// The JSON API under /api/v1: the same operations, permissions and validation
// as the pages, for scripts and other systems. Described by openapi.json.
#include <algorithm>

#include <fmt/format.h>

#include "service/access.hpp"
#include "service/contexts.hpp"
#include "store/repos.hpp"
#include "web/access.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"
#include "web/openapi.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;
using store::frameworks::Location;

Json context_json(const Context& c)
{
    Json links = Json::array();
    for (const auto& l : c.links) links.push_back({{"id", l.to.value}, {"name", l.to_name}, {"label", l.label}});
    return {{"id", c.id.value},
            {"name", c.name},
            {"kind", to_string(c.kind)},
            {"description", c.description},
            {"links", links},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at}};
}

Json entry_json(const StageEntry& e)
{
    return {{"text", e.text}, {"version", e.version}, {"author", e.author_label}, {"written_at", e.written_at}};
}

Json framework_json(const Framework& f)
{
    Json questions = Json::object();
    for (auto s : kStages) questions[std::string(to_string(s))] = f.questions[index(s)];
    Json areas = Json::array();
    for (const auto& a : f.areas) {
        Json goals = Json::array();
        for (const auto& g : a.goals) {
            Json stages = Json::object();
            for (auto s : kStages) stages[std::string(to_string(s))] = entry_json(g.stage(s));
            goals.push_back(
                {{"id", g.id.value}, {"statement", g.statement}, {"status", to_string(g.status)}, {"stages", stages}});
        }
        areas.push_back({{"id", a.id.value}, {"name", a.name}, {"goals", goals}});
    }
    Json removed = Json::array();
    for (const auto& r : f.removed_goals)
        removed.push_back(
            {{"id", r.id.value}, {"statement", r.statement}, {"area", r.area_name}, {"removed_at", r.removed_at}});
    return {{"id", f.id.value},
            {"context_id", f.context.value},
            {"title", f.title},
            {"status", to_string(f.status)},
            {"start_date", f.start_date},
            {"next_review_date", f.next_review_date},
            {"template", f.template_key},
            {"questions", questions},
            {"areas", areas},
            {"removed_goals", removed},
            {"updated_at", f.updated_at}};
}

Result<std::optional<store::frameworks::Direction>> move_member(const Json& body)
{
    auto move = TRY(text_member(body, "move"));
    if (!move) return std::optional<store::frameworks::Direction>{};
    if (*move == "up") return std::optional{store::frameworks::Direction::Up};
    if (*move == "down") return std::optional{store::frameworks::Direction::Down};
    return std::unexpected(Error::invalid("\"move\" must be \"up\" or \"down\".", "move"));
}

}  // namespace

Response api_openapi(Ctx& c)
{
    return c.json_response(c.app.openapi());
}

Result<Response> api_contexts(Ctx& c)
{
    auto page = TRY(page_request(c.query));
    Json out = Json::array();
    for (const auto& ctx : TRY(service::visible_contexts(c.db, c.who->user))) out.push_back(context_json(ctx));
    return c.json_response(TRY(paged(c, "contexts", out, page)));
}

Result<Response> api_context_create(Ctx& c)
{
    Context ctx;
    ctx.partnership = c.partnership();
    ctx.name = TRY(required_text(c.json, "name"));
    ctx.description = TRY(text_member(c.json, "description")).value_or("");
    auto kind_text = TRY(text_member(c.json, "kind")).value_or("peer_group");
    auto kind = parse_context_kind(kind_text);
    if (!kind)
        return std::unexpected(Error::invalid("\"kind\" must be peer_group, place, school, online or other.", "kind"));
    ctx.kind = *kind;
    auto id = TRY(service::create_context(c.db, c.who->user, c.actor(), ctx, "api"));
    return c.json_response(context_json(TRY(store::contexts::get(c.db, c.partnership(), id))), 201);
}

Result<Response> api_context(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    auto ctx = TRY(store::contexts::get(c.db, c.partnership(), id));
    auto summaries = TRY(store::frameworks::list(c.db, c.partnership()));
    TRY(c.audit_view("context", id.value, id, "api"));
    Json out = context_json(ctx);
    Json frameworks = Json::array();
    for (const auto& s : summaries)
        if (s.context == id)
            frameworks.push_back({{"id", s.id.value},
                                  {"title", s.title},
                                  {"status", to_string(s.status)},
                                  {"goals", s.goals},
                                  {"next_review_date", s.next_review_date}});
    out["frameworks"] = frameworks;
    return c.json_response(out);
}

Result<Response> api_context_audit(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(store::contexts::get(c.db, c.partnership(), id));
    auto events = TRY(store::audit::for_context(c.db, c.partnership(), id, 500));
    Json out = Json::array();
    for (const auto& e : events)
        out.push_back({{"at", e.at},
                       {"actor", e.actor_label},
                       {"address", e.address},
                       {"action", e.event.action},
                       {"entity", e.event.entity},
                       {"entity_id", e.event.entity_id},
                       {"detail", e.event.detail}});
    return c.json_response({{"events", out}});
}

Result<Response> api_framework(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto where = TRY(framework_access(c, id));
    auto f = TRY(store::frameworks::load(c.db, c.partnership(), id));
    TRY(c.audit_view("framework", id.value, where.context, "api"));
    return c.json_response(framework_json(f));
}

Result<Response> api_framework_create(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    auto key = TRY(required_text(c.json, "template"));
    auto tmpl = std::ranges::find(c.app.templates(), key, &FrameworkTemplate::key);
    if (tmpl == c.app.templates().end()) {
        std::string keys;
        for (const auto& t : c.app.templates()) keys += (keys.empty() ? "" : ", ") + t.key;
        return std::unexpected(
            Error::invalid(fmt::format("There is no template \"{}\". Choose one of: {}.", key, keys), "template"));
    }
    service::NewFramework input{TRY(required_text(c.json, "title")),
                                TRY(text_member(c.json, "start_date")).value_or(""),
                                TRY(text_member(c.json, "next_review_date")).value_or("")};
    auto fid = TRY(service::create_framework(c.db, c.who->user, c.actor(), id, *tmpl, input, "api"));
    return c.json_response(framework_json(TRY(store::frameworks::load(c.db, c.partnership(), fid))), 201);
}

Result<Response> api_framework_update(Ctx& c)
{
    FrameworkId id{c.id(0)};
    TRY(framework_access(c, id));
    auto f = TRY(store::frameworks::load(c.db, c.partnership(), id));
    store::frameworks::Details d{f.title, f.status, f.start_date, f.next_review_date};
    if (auto v = TRY(text_member(c.json, "title"))) d.title = *v;
    if (auto v = TRY(text_member(c.json, "start_date"))) d.start_date = *v;
    if (auto v = TRY(text_member(c.json, "next_review_date"))) d.next_review_date = *v;
    if (auto v = TRY(text_member(c.json, "status"))) {
        auto s = parse_framework_status(*v);
        if (!s)
            return std::unexpected(Error::invalid("\"status\" must be draft, active, in_review or closed.", "status"));
        d.status = *s;
    }
    TRY(store::frameworks::update_details(c.db, c.partnership(), id, d, c.actor()));
    return c.json_response(framework_json(TRY(store::frameworks::load(c.db, c.partnership(), id))));
}

Result<Response> api_area_add(Ctx& c)
{
    FrameworkId id{c.id(0)};
    TRY(framework_access(c, id));
    auto name = TRY(required_text(c.json, "name"));
    auto area = TRY(store::frameworks::add_area(c.db, c.partnership(), id, name, c.actor()));
    return c.json_response({{"id", area.value}}, 201);
}

Result<Response> api_area_update(Ctx& c)
{
    AreaId id{c.id(0)};
    TRY(area_access(c, id));
    auto name = TRY(text_member(c.json, "name"));
    auto move = TRY(move_member(c.json));
    if (!name && !move) return std::unexpected(Error::invalid("Send \"name\" or \"move\".", "name"));
    auto tx = TRY(store::Transaction::begin(c.db));
    if (name) TRY(store::frameworks::rename_area(c.db, c.partnership(), id, *name, c.actor()));
    if (move) TRY(store::frameworks::move_area(c.db, c.partnership(), id, *move, c.actor()));
    TRY(tx.commit());
    auto area = TRY(store::frameworks::area(c.db, c.partnership(), id));
    return c.json_response({{"id", id.value}, {"name", area.second}});
}

Result<Response> api_area_delete(Ctx& c)
{
    AreaId id{c.id(0)};
    TRY(area_access(c, id));
    TRY(store::frameworks::delete_area(c.db, c.partnership(), id, c.actor()));
    return no_content();
}

Result<Response> api_goal_add(Ctx& c)
{
    AreaId id{c.id(0)};
    TRY(area_access(c, id));
    auto statement = TRY(required_text(c.json, "statement"));
    auto goal = TRY(store::frameworks::add_goal(c.db, c.partnership(), id, statement, c.actor()));
    return c.json_response({{"id", goal.value}}, 201);
}

Result<Response> api_goal_update(Ctx& c)
{
    GoalId id{c.id(0)};
    TRY(goal_access(c, id));
    auto g = TRY(store::frameworks::goal(c.db, c.partnership(), id));
    auto statement = TRY(text_member(c.json, "statement"));
    auto status_text = TRY(text_member(c.json, "status"));
    auto move = TRY(move_member(c.json));
    bool restore = c.json.contains("removed") && c.json["removed"].is_boolean() && !c.json["removed"].get<bool>();
    if (c.json.contains("removed") && !c.json["removed"].is_boolean())
        return std::unexpected(Error::invalid("\"removed\" must be true or false.", "removed"));
    GoalStatus status = g.status;
    if (status_text) {
        auto s = parse_goal_status(*status_text);
        if (!s)
            return std::unexpected(Error::invalid(
                "\"status\" must be not_started, in_progress, reached, partly_reached or not_reached.", "status"));
        status = *s;
    }
    auto tx = TRY(store::Transaction::begin(c.db));
    if (restore && g.removed) TRY(store::frameworks::restore_goal(c.db, c.partnership(), id, c.actor()));
    if (statement || status_text)
        TRY(store::frameworks::update_goal(c.db, c.partnership(), id, statement.value_or(g.statement), status,
                                           c.actor()));
    if (move) TRY(store::frameworks::move_goal(c.db, c.partnership(), id, *move, c.actor()));
    TRY(tx.commit());
    auto now = TRY(store::frameworks::goal(c.db, c.partnership(), id));
    return c.json_response(
        {{"id", id.value}, {"statement", now.statement}, {"status", to_string(now.status)}, {"removed", now.removed}});
}

Result<Response> api_goal_delete(Ctx& c)
{
    GoalId id{c.id(0)};
    TRY(goal_access(c, id));
    TRY(store::frameworks::remove_goal(c.db, c.partnership(), id, c.actor()));
    return no_content();
}

Result<Response> api_stage_put(Ctx& c)
{
    GoalId id{c.id(0)};
    auto stage = parse_stage(c.params.at(1));
    if (!stage) return std::unexpected(Error::not_found("There is no such stage."));
    TRY(goal_access(c, id));
    auto text = TRY(required_text(c.json, "text"));
    // Every write names the version it was written from, so nobody overwrites
    // a colleague's newer text without seeing it.
    std::optional<int> based_on;
    if (c.json.contains("based_on")) {
        if (!c.json["based_on"].is_number_integer())
            return std::unexpected(Error::invalid("\"based_on\" must be a version number.", "based_on"));
        based_on = c.json["based_on"].get<int>();
    } else if (!c.req.if_match.empty()) {
        auto tag = c.req.if_match;
        if (tag.starts_with("W/")) tag.erase(0, 2);
        if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
        auto n = parse_id(tag);
        if (!n && tag != "0")
            return std::unexpected(Error::invalid("If-Match must be a stage version such as \"3\".", "based_on"));
        based_on = static_cast<int>(n.value_or(0));
    }
    if (!based_on)
        return c.error_page(428, "Precondition required",
                            "Send \"based_on\" (or an If-Match header) with the version of the stage this text was "
                            "written from, 0 for a stage never written, so a newer version is never overwritten.");
    int version = TRY(store::frameworks::write_stage(c.db, c.partnership(), id, *stage, text, c.actor(), based_on));
    return c.json_response({{"goal_id", id.value}, {"stage", to_string(*stage)}, {"version", version}});
}

Result<Response> api_stage_history(Ctx& c)
{
    GoalId id{c.id(0)};
    auto stage = parse_stage(c.params.at(1));
    if (!stage) return std::unexpected(Error::not_found("There is no such stage."));
    auto where = TRY(goal_access(c, id));
    auto versions = TRY(store::frameworks::stage_history(c.db, c.partnership(), id, *stage));
    TRY(c.audit_view("stage_history", id.value, where.context, "api"));
    Json out = Json::array();
    for (const auto& v : versions) out.push_back(entry_json(v));
    return c.json_response({{"versions", out}});
}

}  // namespace trellis::web::handlers
