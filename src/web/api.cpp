// The JSON API under /api/v1: the same operations, permissions and validation
// as the pages, for scripts and other systems. Described by openapi.json.
#include <algorithm>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/frameworks.hpp"
#include "service/passwords.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"
#include "web/openapi.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

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

Result<std::optional<Direction>> move_member(const Json& body)
{
    auto move = TRY(text_member(body, "move"));
    if (!move) return std::optional<Direction>{};
    if (*move == "up") return std::optional{Direction::Up};
    if (*move == "down") return std::optional{Direction::Down};
    return std::unexpected(Error::invalid("\"move\" must be \"up\" or \"down\".", "move"));
}

}  // namespace

Result<Response> api_openapi(Ctx& c)
{
    return c.json_response(c.app.openapi());
}

Result<Response> api_contexts(Ctx& c)
{
    auto page = TRY(page_request(c.query));
    ContextFilter filter{text::collapse_space(c.query.get("name")), std::nullopt, std::nullopt};
    if (const auto& k = c.query.get("kind"); !k.empty()) {
        filter.kind = parse_context_kind(k);
        if (!filter.kind)
            return std::unexpected(
                Error::invalid("\"kind\" must be peer_group, place, school, online or other.", "kind"));
    }
    if (const auto& s = c.query.get("stage"); !s.empty()) {
        filter.stage = kContextStages.parse(s);
        if (!filter.stage) return std::unexpected(Error::invalid("\"stage\" is not a stage of a context.", "stage"));
    }
    auto after = TRY(typed_id_cursor<ContextId>(page));
    Json out = Json::array();
    for (const auto& ctx :
         TRY(service::contexts_after(c.db, c.who->user, filter, after, static_cast<std::int64_t>(page.limit) + 1)))
        out.push_back(context_json(ctx));
    return c.json_response(page_of(c, "contexts", std::move(out), page,
                                   [](const Json& item) { return std::to_string(item.at("id").get<std::int64_t>()); }));
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
    return c.json_response(context_json(TRY(service::context(c.db, c.who->user, id))), 201);
}

Result<Response> api_context(Ctx& c)
{
    ContextId id{c.id(0)};
    auto ctx = TRY(service::context(c.db, c.who->user, id));
    auto summaries = TRY(service::frameworks_of(c.db, c.who->user, id));
    TRY(c.audit_view("context", id.value, id, "api"));
    Json out = context_json(ctx);
    Json frameworks = Json::array();
    for (const auto& s : summaries)
        frameworks.push_back({{"id", s.id.value},
                              {"title", s.title},
                              {"status", to_string(s.status)},
                              {"goals", s.goals},
                              {"next_review_date", s.next_review_date}});
    out["frameworks"] = frameworks;
    return c.json_response(out);
}

Result<Response> api_context_link(Ctx& c)
{
    ContextId id{c.id(0)};
    auto to = TRY(id_member(c.json, "to", "the id of the context to link to"));
    if (!to) return std::unexpected(Error::invalid("Send \"to\": the id of the context to link to.", "to"));
    auto label = TRY(required_text(c.json, "label"));
    TRY(service::link_contexts(c.db, c.who->user, c.actor(), id, ContextId{*to}, label));
    return c.json_response(context_json(TRY(service::context(c.db, c.who->user, id))), 201);
}

Result<Response> api_context_audit(Ctx& c)
{
    ContextId id{c.id(0)};
    auto events = TRY(service::context_audit(c.db, c.who->user, id, 500));
    TRY(c.audit_view("audit", id.value, id, "api"));
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
    auto [f, ctx] = TRY(service::framework(c.db, c.who->user, id));
    TRY(c.audit_view("framework", id.value, ctx.id, "api"));
    return c.json_response(framework_json(f));
}

Result<Response> api_framework_create(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(service::context(c.db, c.who->user, id));
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
    return c.json_response(framework_json(TRY(service::framework(c.db, c.who->user, fid)).framework), 201);
}

namespace {

Json framework_upload_json(const service::FrameworkUpload& upload)
{
    return {{"id", upload.id}, {"file_name", upload.file_name}, {"framework", framework_json(upload.framework)}};
}

}  // namespace

Result<Response> api_framework_import_upload(Ctx& c)
{
    ContextId id{c.id(0)};
    auto name = TRY(text_member(c.json, "file_name")).value_or("");
    auto text = TRY(text_member(c.json, "text"));
    auto docx = TRY(text_member(c.json, "docx_base64"));
    if (text.has_value() == docx.has_value())
        return std::unexpected(Error::invalid(
            "Send the framework as \"docx_base64\" (a Word document in base64) or as \"text\" (the table as text).",
            "docx_base64"));
    auto bytes = text ? *text : TRY(service::from_base64(*docx, "docx_base64"));
    auto upload =
        TRY(service::upload_framework_document(c.db, c.who->user, id, name, bytes, text ? "text" : "docx_base64"));
    return c.json_response(framework_upload_json(TRY(service::uploaded_framework(c.db, c.who->user, id, upload))), 201);
}

Result<Response> api_framework_import(Ctx& c)
{
    return c.json_response(
        framework_upload_json(TRY(service::uploaded_framework(c.db, c.who->user, ContextId{c.id(0)}, c.id(1)))));
}

Result<Response> api_framework_import_confirm(Ctx& c)
{
    ContextId id{c.id(0)};
    auto upload = TRY(service::uploaded_framework(c.db, c.who->user, id, c.id(1)));
    if (auto title = TRY(text_member(c.json, "title"))) upload.framework.title = *title;
    auto framework = TRY(service::confirm_framework_import(c.db, c.who->user, c.actor(), id, upload));
    return c.json_response(framework_json(TRY(service::framework(c.db, c.who->user, framework)).framework), 201);
}

Result<Response> api_framework_update(Ctx& c)
{
    FrameworkId id{c.id(0)};
    auto f = TRY(service::framework(c.db, c.who->user, id)).framework;
    FrameworkDetails d{f.title, f.status, f.start_date, f.next_review_date};
    if (auto v = TRY(text_member(c.json, "title"))) d.title = *v;
    if (auto v = TRY(text_member(c.json, "start_date"))) d.start_date = *v;
    if (auto v = TRY(text_member(c.json, "next_review_date"))) d.next_review_date = *v;
    if (auto v = TRY(text_member(c.json, "status"))) {
        auto s = parse_framework_status(*v);
        if (!s)
            return std::unexpected(Error::invalid("\"status\" must be draft, active, in_review or closed.", "status"));
        d.status = *s;
    }
    TRY(service::update_framework_details(c.db, c.who->user, c.actor(), id, d));
    return c.json_response(framework_json(TRY(service::framework(c.db, c.who->user, id)).framework));
}

Result<Response> api_area_add(Ctx& c)
{
    FrameworkId id{c.id(0)};
    TRY(service::locate_framework(c.db, c.who->user, id));
    auto name = TRY(required_text(c.json, "name"));
    auto area = TRY(service::add_area(c.db, c.who->user, c.actor(), id, name));
    return c.json_response({{"id", area.value}}, 201);
}

Result<Response> api_area_update(Ctx& c)
{
    AreaId id{c.id(0)};
    TRY(service::locate_area(c.db, c.who->user, id));
    auto name = TRY(text_member(c.json, "name"));
    auto move = TRY(move_member(c.json));
    if (!name && !move) return std::unexpected(Error::invalid("Send \"name\" or \"move\".", "name"));
    TRY(service::change_area(c.db, c.who->user, c.actor(), id, name, move));
    auto area = TRY(service::area(c.db, c.who->user, id));
    return c.json_response({{"id", id.value}, {"name", area.name}});
}

Result<Response> api_area_delete(Ctx& c)
{
    AreaId id{c.id(0)};
    TRY(service::delete_area(c.db, c.who->user, c.actor(), id));
    return no_content();
}

Result<Response> api_goal_add(Ctx& c)
{
    AreaId id{c.id(0)};
    TRY(service::locate_area(c.db, c.who->user, id));
    auto statement = TRY(required_text(c.json, "statement"));
    auto goal = TRY(service::add_goal(c.db, c.who->user, c.actor(), id, statement));
    return c.json_response({{"id", goal.value}}, 201);
}

Result<Response> api_goal_update(Ctx& c)
{
    GoalId id{c.id(0)};
    TRY(service::goal(c.db, c.who->user, id));
    auto statement = TRY(text_member(c.json, "statement"));
    auto status_text = TRY(text_member(c.json, "status"));
    auto move = TRY(move_member(c.json));
    bool restore = c.json.contains("removed") && c.json["removed"].is_boolean() && !c.json["removed"].get<bool>();
    if (c.json.contains("removed") && !c.json["removed"].is_boolean())
        return std::unexpected(Error::invalid("\"removed\" must be true or false.", "removed"));
    service::GoalChange change{restore, statement, std::nullopt, move};
    if (status_text) {
        change.status = parse_goal_status(*status_text);
        if (!change.status)
            return std::unexpected(Error::invalid(
                "\"status\" must be not_started, in_progress, reached, partly_reached or not_reached.", "status"));
    }
    TRY(service::change_goal(c.db, c.who->user, c.actor(), id, change));
    auto now = TRY(service::goal(c.db, c.who->user, id));
    return c.json_response(
        {{"id", id.value}, {"statement", now.statement}, {"status", to_string(now.status)}, {"removed", now.removed}});
}

Result<Response> api_goal_delete(Ctx& c)
{
    GoalId id{c.id(0)};
    TRY(service::remove_goal(c.db, c.who->user, c.actor(), id));
    return no_content();
}

Result<Response> api_stage_put(Ctx& c)
{
    GoalId id{c.id(0)};
    auto stage = parse_stage(c.params.at(1));
    if (!stage) return std::unexpected(Error::not_found("There is no such stage."));
    TRY(service::locate_goal(c.db, c.who->user, id));
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
    int version = TRY(service::write_stage(c.db, c.who->user, c.actor(), id, *stage, text, based_on));
    return c.json_response({{"goal_id", id.value}, {"stage", to_string(*stage)}, {"version", version}});
}

Result<Response> api_stage_history(Ctx& c)
{
    GoalId id{c.id(0)};
    auto stage = parse_stage(c.params.at(1));
    if (!stage) return std::unexpected(Error::not_found("There is no such stage."));
    auto where = TRY(service::locate_goal(c.db, c.who->user, id));
    auto versions = TRY(service::stage_history(c.db, c.who->user, id, *stage));
    TRY(c.audit_view("stage_history", id.value, where.context, "api"));
    Json out = Json::array();
    for (const auto& v : versions) out.push_back(entry_json(v));
    return c.json_response({{"versions", out}});
}

}  // namespace trellis::web::handlers
