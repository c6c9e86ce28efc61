#include "web/app.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>

#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include "domain/text.hpp"
#include "formats/json_input.hpp"
#include "service/access.hpp"
#include "service/contexts.hpp"
#include "service/idempotency.hpp"
#include "service/passwords.hpp"
#include "service/privacy.hpp"
#include "service/users.hpp"
#include "web/assets.hpp"
#include "web/openapi.hpp"

namespace trellis::web {
namespace {

bool changes_state(Method m)
{
    return m != Method::Get;
}

// Matches "/goals/{id}/stages/{stage}" against a path; fills params.
bool match(std::string_view pattern, std::string_view path, std::vector<std::string>& params)
{
    params.clear();
    std::size_t pi = 0, si = 0;
    while (pi < pattern.size() && si < path.size()) {
        if (pattern[pi] == '{') {
            std::size_t close = pattern.find('}', pi);
            std::string_view name = pattern.substr(pi + 1, close - pi - 1);
            std::size_t end = path.find('/', si);
            if (end == std::string_view::npos) end = path.size();
            std::string_view value = path.substr(si, end - si);
            if (value.empty() || value.size() > 18) return false;
            for (char c : value) {
                bool digit = c >= '0' && c <= '9';
                bool word = (c >= 'a' && c <= 'z') || c == '-' || c == '_';
                if (name == "id" || name.ends_with("_id") ? !digit : !word) return false;
            }
            params.emplace_back(value);
            pi = close + 1;
            si = end;
        } else {
            if (pattern[pi] != path[si]) return false;
            ++pi;
            ++si;
        }
    }
    return pi == pattern.size() && si == path.size();
}

nlohmann::json nav(const Principal* who, std::string_view path)
{
    nlohmann::json items = nlohmann::json::array();
    if (!who) return items;
    auto add = [&](const char* href, const char* text, Permission p) {
        if (!role_allows(who->user.role, p)) return;
        bool active = path == href || (std::string_view(href) != "/" && path.starts_with(href));
        items.push_back({{"href", href}, {"text", text}, {"active", active}});
    };
    add("/contexts", "Contexts", Permission::ReadContexts);
    // Partners see their agency's actions; everyone who sees contexts, the actions on them.
    add(sees_own_agency_actions_only(who->user.role) ? "/my-actions" : "/actions", "Actions",
        Permission::WorkOnActions);
    add("/search", "Search", Permission::WorkOnActions);
    add("/overview", "Overview", Permission::SignedIn);
    add("/dashboard", "Dashboard", Permission::ReadReports);
    add("/lens", "Language lens", Permission::SignedIn);
    add("/audit", "Audit trail", Permission::ReadAudit);
    add("/subject-requests", "Subject requests", Permission::ReadAudit);
    add("/allocations", "Allocations", Permission::ManageAllocations);
    add("/admin/users", "Users", Permission::ManageUsers);
    add("/admin/agencies", "Agencies", Permission::ManageUsers);
    add("/admin/lexicon", "Lexicon", Permission::ManageUsers);
    add("/admin/retention", "Retention", Permission::ManageUsers);
    add("/account", "Your account", Permission::SignedIn);
    return items;
}

// The sub-navigation of a context's pages, on /contexts/{id} and the pages
// under it; empty elsewhere.
nlohmann::json context_nav(const Principal* who, std::string_view path)
{
    nlohmann::json items = nlohmann::json::array();
    constexpr std::string_view kPrefix = "/contexts/";
    if (!who || !path.starts_with(kPrefix)) return items;
    auto rest = path.substr(kPrefix.size());
    auto id = rest.substr(0, rest.find('/'));
    if (id.empty() || !std::ranges::all_of(id, [](char ch) { return ch >= '0' && ch <= '9'; })) return items;
    auto sub = rest.substr(id.size());  // "" or "/evidence/new", ...
    std::string base = std::string(kPrefix) + std::string(id);
    struct Item {
        const char* suffix;
        const char* text;
        Permission needs;
    };
    static constexpr Item kItems[] = {
        {"", "Overview", Permission::ReadContexts},
        {"/assessment", "Assessment", Permission::ReadContexts},
        {"/dashboard", "Dashboard", Permission::ReadContexts},
        {"/evidence", "Evidence", Permission::ReadContexts},
        {"/voices", "Voices", Permission::ReadContexts},
        {"/activities", "Group activities", Permission::ReadContexts},
        {"/young-people", "Young people", Permission::ReadContexts},
        {"/peer-map", "Peer map", Permission::ReadContexts},
        {"/responses", "Response log", Permission::ReadContexts},
        {"/meetings", "Meetings", Permission::ReadContexts},
        {"/reviews", "Reviews", Permission::ReadContexts},
        {"/chronology", "Chronology", Permission::ReadContexts},
        {"/audit", "Audit trail", Permission::ReadAudit},
        {"/holds", "Legal holds", Permission::CreateContexts},
    };
    for (const auto& item : kItems) {
        if (!role_allows(who->user.role, item.needs)) continue;
        std::string_view suffix = item.suffix;
        bool active = suffix.empty() ? (sub.empty() || sub.starts_with("/frameworks"))
                                     : sub == suffix || sub.starts_with(std::string(suffix) + "/");
        items.push_back({{"href", base + item.suffix}, {"text", item.text}, {"active", active}});
    }
    return items;
}

// The path as far as the layout tells paths apart: every number but a
// context's id (the context's sub-navigation links to it) reads "#", so the
// pages of one kind share a layout. No navigation link holds a digit.
std::string navigation_key(std::string_view path)
{
    std::string key;
    key.reserve(path.size());
    std::size_t segment = 0;
    bool in_contexts = false;
    while (!path.empty()) {
        auto slash = path.find('/', 1);
        auto part = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
        bool number =
            part.size() > 1 && std::ranges::all_of(part.substr(1), [](char ch) { return ch >= '0' && ch <= '9'; });
        key += number && !(in_contexts && segment == 1) ? std::string_view("/#") : part;
        in_contexts = segment == 0 ? part == "/contexts" : in_contexts;
        ++segment;
    }
    return key;
}

constexpr const char* kNotFoundMessage =
    "There is no such page, or it is not shared with you. If you typed the web address, check it is correct.";

constexpr const char* kUnrecordedMessage =
    "This page was not shown because its viewing could not be recorded in the audit trail. Try again shortly.";

std::string incident_id()
{
    return service::random_token(6);
}

}  // namespace

std::int64_t now_unix()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string session_cookie_name(bool secure)
{
    return secure ? "__Host-trellis_session" : "trellis_session";
}

namespace {

// The policy allows scripts from Trellis itself and the one inline script of
// the layout, named by its SHA-256.
std::string content_security_policy()
{
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(kEnhanceScript.data()),
                       kEnhanceScript.size());
    std::string base64(sodium_base64_ENCODED_LEN(digest.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(base64.data(), base64.size(), digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
    base64.resize(base64.find('\0'));
    return fmt::format(
        "default-src 'self'; script-src 'self' 'sha256-{}'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; object-src 'none'",
        base64);
}

}  // namespace

void add_security_headers(Response& r, std::string_view cache_control)
{
    static const std::string policy = content_security_policy();
    r.header("Content-Security-Policy", policy);
    r.header("X-Content-Type-Options", "nosniff");
    r.header("Referrer-Policy", "same-origin");
    r.header("X-Frame-Options", "DENY");
    r.header("Cross-Origin-Opener-Policy", "same-origin");
    r.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    r.header("Cache-Control", std::string(cache_control));
}

Actor Ctx::actor() const
{
    if (!who) return {std::nullopt, "anonymous", req.address};
    return {who->user.id, who->user.display_name, req.address};
}

std::int64_t Ctx::id(std::size_t i) const
{
    return std::stoll(params.at(i));
}

Result<void> Ctx::need_context(ContextId c) const
{
    if (!who) return std::unexpected(Error::not_found("There is no such context."));
    return service::need_context(db, who->user, c);
}

Result<std::optional<ContextId>> Ctx::context_filter(std::optional<ContextId> by_id, std::string& shown) const
{
    if (!by_id) {
        const auto& typed = query.get("context_name");
        if (text::name_key(typed).empty()) return std::optional<ContextId>{};
        by_id = TRY(service::context_called(db, who->user, typed, "context_name"));
    }
    shown = TRY(service::context(db, who->user, *by_id)).name;
    return by_id;
}

Result<void> Ctx::audit_view(const char* entity, std::int64_t id, std::optional<ContextId> context,
                             std::string detail) const
{
    AuditEvent e{partnership(), "view", entity, id, context, std::move(detail)};
    if (auto* log = app.view_log()) {
        if (!views_pending) views_pending = std::make_shared<PendingViews>();
        log->submit(actor(), e, views_pending->expect());
        return {};
    }
    return service::record_event(db, actor(), e);
}

std::function<void(Result<void>)> PendingViews::expect()
{
    {
        std::lock_guard lock(mutex_);
        ++left_;
    }
    return [self = shared_from_this()](Result<void> outcome) { self->recorded(std::move(outcome)); };
}

void PendingViews::recorded(Result<void> outcome)
{
    std::function<void(Result<void>)> then;
    Result<void> first;
    {
        std::lock_guard lock(mutex_);
        if (!outcome && outcome_) outcome_ = std::move(outcome);
        if (--left_ > 0 || !then_) return;
        then = std::move(then_);
        first = outcome_;
    }
    then(std::move(first));
}

void PendingViews::when_recorded(std::function<void(Result<void>)> then)
{
    Result<void> first;
    {
        std::lock_guard lock(mutex_);
        if (left_ > 0) {
            then_ = std::move(then);
            return;
        }
        first = outcome_;
    }
    then(std::move(first));
}

namespace {

// Date fields ("date", "due_date", ...) also as the day, month and year boxes
// of the GOV.UK date input.
void add_date_parts(nlohmann::json& model)
{
    if (!model.is_object()) return;
    std::vector<std::pair<std::string, DateParts>> dates;
    for (const auto& [key, value] : model.items())
        if ((key == "date" || key.ends_with("_date")) && value.is_string())
            dates.emplace_back(key, date_parts(value.get<std::string>()));
    for (const auto& [key, parts] : dates) {
        model[key + "_day"] = parts.day;
        model[key + "_month"] = parts.month;
        model[key + "_year"] = parts.year;
    }
}

}  // namespace

Response Ctx::page(std::string_view view, const std::string& title, nlohmann::json model, int status) const
{
    // Rendered for this answer alone: the server compresses the whole page.
    return page_with(
        title, Stencil::cut(render_for_cache(view, std::move(model)), app.render_cache().csrf_placeholder()), status);
}

std::string Ctx::render_for_cache(std::string_view view, nlohmann::json model) const
{
    model["csrf"] = app.render_cache().csrf_placeholder();
    add_date_parts(model);
    return app.views().render(view, model);
}

Result<Response> Ctx::cached_page(const std::string& key,
                                  const std::function<Result<RenderCache::Rendered>()>& build) const
{
    auto& cache = app.render_cache();
    auto page = cache.pages.find(key);
    if (!page) {
        auto built = TRY(build());
        auto kept = std::make_shared<RenderCache::Page>(
            RenderCache::Page{std::move(built.title), Stencil::cut(built.content, cache.csrf_placeholder())});
        // Compressed once, as well as it goes: every answer reuses it.
        kept->content.compress(Z_BEST_COMPRESSION, hole_width());
        page = std::move(kept);
        cache.pages.put(key, page);
    }
    return page_with(page->title, page->content);
}

std::shared_ptr<const RenderCache::Shell> Ctx::shell(int status) const
{
    const Principal* p = who ? &*who : nullptr;
    // Error pages carry no context sub-navigation: the context may not exist or be shared.
    const bool with_context_nav = status < 300;
    // Everything the layout shows: the viewer, and the path as far as the
    // navigation tells paths apart. The title and the CSRF token are holes in it.
    std::string key = p ? fmt::format("{}\x1f{}\x1f{}\x1f{}", static_cast<int>(p->user.role), p->user.display_name,
                                      with_context_nav, navigation_key(req.path))
                        : fmt::format("-\x1f{}\x1f{}", with_context_nav, navigation_key(req.path));
    auto& cache = app.render_cache();
    if (auto found = cache.shells.find(key)) return found;
    nlohmann::json layout = {
        {"title", cache.title_marker()},
        {"content", cache.content_marker()},
        {"signed_in", p != nullptr},
        {"user_name", p ? p->user.display_name : ""},
        {"user_role", p ? std::string(label(p->user.role)) : ""},
        {"csrf", cache.csrf_placeholder()},
        {"nav", nav(p, req.path)},
        {"has_nav", p != nullptr},
        {"stylesheet_url", app.config().stylesheet_url},
        {"script_url", app.config().script_url},
        {"icon_url", app.config().icon_url},
        {"enhance_script", kEnhanceScript},
    };
    auto sub_nav = with_context_nav ? context_nav(p, req.path) : nlohmann::json::array();
    layout["context_nav"] = sub_nav;
    layout["has_context_nav"] = !sub_nav.empty();
    const std::string html = app.views().render("layout", layout);
    const auto title_at = html.find(cache.title_marker());
    const auto content_at = html.find(cache.content_marker());
    const std::string& token = cache.csrf_placeholder();
    const auto middle = title_at + cache.title_marker().size();
    auto shell = std::make_shared<RenderCache::Shell>(RenderCache::Shell{
        Stencil::cut(html.substr(0, title_at), token), Stencil::cut(html.substr(middle, content_at - middle), token),
        Stencil::cut(html.substr(content_at + cache.content_marker().size()), token)});
    for (auto* part : {&shell->head, &shell->before, &shell->after}) part->compress(Z_BEST_COMPRESSION, hole_width());
    cache.shells.put(key, shell);
    return shell;
}

bool Ctx::takes_gzip() const
{
    return accepts_gzip(req.accept_encoding);
}

std::size_t Ctx::hole_width() const
{
    return who && !who->csrf_token.empty() ? service::masked_size(who->csrf_token.size()) : 0;
}

Response Ctx::page_with(const std::string& title, const Stencil& content, int status) const
{
    auto shell = this->shell(status);
    const std::string escaped_title = Views::escape(title);
    std::string_view token = who ? std::string_view(who->csrf_token) : std::string_view();
    Response r;
    r.status = status;
    if (content.compressed() && takes_gzip()) r.body = assemble_gzip(*shell, escaped_title, content, token);
    if (!r.body.empty())
        r.header("Content-Encoding", "gzip");
    else
        r.body = assemble(*shell, escaped_title, content, token);
    for (const auto& [k, v] : extra_headers) r.header(k, v);
    return r;
}

Response Ctx::error_page(int status, const std::string& title, const std::string& message) const
{
    if (surface == Surface::Api) return json_response({{"error", {{"status", status}, {"message", message}}}}, status);
    return page("error", title, {{"heading", title}, {"message", message}}, status);
}

Response Ctx::not_found() const
{
    return error_page(404, "Page not found", kNotFoundMessage);
}

Response Ctx::json_response(const nlohmann::json& body, int status) const
{
    Response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = body.dump();
    return r;
}

Response Ctx::fail(const Error& e) const
{
    int status = 500;
    std::string title;
    switch (e.kind) {
        case Error::Kind::NotFound:
            // One answer for a record that does not exist and one this user may
            // not see, whatever the store said, so ids cannot be probed.
            return not_found();
        case Error::Kind::Forbidden: status = 403, title = "You cannot do this"; break;
        case Error::Kind::Invalid: status = 400, title = "There is a problem"; break;
        case Error::Kind::Conflict: status = 409, title = "There is a conflict"; break;
        case Error::Kind::Unavailable:
            status = 503, title = "Sorry, the service is unavailable";
            spdlog::error("unavailable path={} detail={}", req.path, e.message);
            if (surface == Surface::Api)
                return json_response(
                    {{"error", {{"status", 503}, {"message", "The service is unavailable; try again."}}}}, 503);
            return error_page(503, title, "Try again in a few minutes.");
    }
    if (surface == Surface::Api) {
        nlohmann::json err = {{"status", status}, {"message", e.message}};
        if (!e.field.empty()) err["field"] = e.field;
        return json_response({{"error", err}}, status);
    }
    return error_page(status, title, e.message);
}

App::App(Config config, Views views, std::vector<FrameworkTemplate> templates,
         std::shared_ptr<const lens::Analyser> lens)
    : config_(config),
      views_(std::move(views)),
      templates_(std::move(templates)),
      routes_(route_table()),
      lenses_(std::make_unique<service::PartnershipLenses>(lens->lexicon(), lens))
{
}

Result<App> App::create(Config config, Views views, std::vector<FrameworkTemplate> templates,
                        std::shared_ptr<const lens::Analyser> lens)
{
    if (!lens) return std::unexpected(Error::unavailable("The language lens is not loaded."));
    for (const char* needed : {"layout", "error"})
        if (!views.has(needed))
            return std::unexpected(Error::unavailable(fmt::format("The {} template is missing.", needed)));
    App app(config, std::move(views), std::move(templates), std::move(lens));
    std::set<std::pair<Method, std::string>> seen;
    for (const auto& r : app.routes_) {
        if (!r.handler) return std::unexpected(Error::unavailable(fmt::format("Route {} has no handler.", r.pattern)));
        if (!seen.insert({r.method, r.pattern}).second)
            return std::unexpected(
                Error::unavailable(fmt::format("Route {} {} is declared twice.", to_string(r.method), r.pattern)));
    }
    app.openapi_ = TRY(openapi_document(app.routes_));
    return app;
}

Response App::unrecorded(Method method, const std::string& path, const Error& e) const
{
    spdlog::error("view not recorded method={} path={}: {}", to_string(method), path, e.message);
    Response r;
    r.status = 503;
    if (path.starts_with("/api/")) {
        r.content_type = "application/json";
        r.body = nlohmann::json{{"error", {{"status", 503}, {"message", kUnrecordedMessage}}}}.dump();
    } else {
        r.body =
            views_.render("error", {{"heading", "Sorry, the service is unavailable"}, {"message", kUnrecordedMessage}});
    }
    add_security_headers(r);
    return r;
}

Answer App::answer(const Request& req, store::Connection& db) const
{
    Response r;
    Ctx ctx{req, db, *this, std::nullopt, {}, {}, {}, {}, {}, Surface::Page, {}, {}};
    service::ReadsTogether together(db);
    try {
        r = dispatch(ctx);
    } catch (const std::exception& e) {
        if (db.in_transaction()) db.rollback();
        auto id = incident_id();
        spdlog::error("incident={} method={} path={} exception={}", id, to_string(req.method), req.path, e.what());
        r = Response{};
        r.status = 500;
        bool api = req.path.starts_with("/api/");
        r.content_type = api ? "application/json" : "text/html; charset=utf-8";
        r.body = api ? nlohmann::json{{"error", {{"status", 500}, {"incident", id}}}}.dump()
                     : views_.render("error", {{"heading", "Sorry, there is a problem with the service"},
                                               {"message",
                                                "Nothing you entered was lost by this error page: go back "
                                                "and try again. If it happens again, give your support "
                                                "team this incident number."},
                                               {"incident", id}});
    }
    add_security_headers(r);
    return {std::move(r), std::move(ctx.views_pending)};
}

Response App::dispatch(Ctx& ctx) const
{
    const Request& req = ctx.req;
    store::Connection& db = ctx.db;
    ctx.surface = req.path.starts_with("/api/") ? Surface::Api : Surface::Page;

    // Find the route: 404 for an unknown path, 405 for a known path and wrong method.
    const Route* route = nullptr;
    bool path_known = false;
    std::vector<std::string> params;
    for (const auto& r : routes_) {
        if (!match(r.pattern, req.path, params)) continue;
        path_known = true;
        if (r.method == req.method) {
            route = &r;
            ctx.params = params;
            break;
        }
    }

    // Who is asking: a session cookie, or an API token on the API.
    auto cookie = cookie_value(req.cookie, session_cookie_name(config_.secure_cookies));
    auto now = now_unix();
    if (!cookie.empty()) {
        auto hash = service::token_hash(cookie);
        auto found =
            service::session_for(db, hash, now, config_.idle_timeout_seconds, config_.absolute_timeout_seconds);
        if (!found) return ctx.fail(found.error());
        if (*found) ctx.who = Principal{(*found)->user, (*found)->csrf_token, hash, false};
    }
    if (!ctx.who && ctx.surface == Surface::Api && req.authorization.starts_with("Bearer ")) {
        auto user = service::token_holder(db, service::token_hash(req.authorization.substr(7)), now);
        if (!user) return ctx.fail(user.error());
        if (!*user)
            return ctx.error_page(401, "Sign in",
                                  "The API token is not valid: it may have expired, been revoked, or ended when its "
                                  "owner's password changed or their account was deactivated.");
        ctx.who = Principal{(*user)->user, "", "", true, (*user)->read_only};
    }

    if (!route) {
        if (path_known) return ctx.error_page(405, "Method not allowed", "This address does not accept that request.");
        return ctx.not_found();
    }
    ctx.surface = route->surface;

    if (route->permission != Permission::Public && !ctx.who) {
        if (ctx.surface == Surface::Api) return ctx.error_page(401, "Sign in", "Sign in or send an API token.");
        if (req.method == Method::Get) {
            // The query comes along, so a filtered list survives signing in.
            auto back = req.query.empty() ? req.path : req.path + "?" + req.query;
            if (!local_path(back)) return Response::redirect("/sign-in");
            return Response::redirect("/sign-in?next=" + url_encode(back));
        }
        return Response::redirect("/sign-in");
    }
    if (ctx.who && ctx.who->read_only && req.method != Method::Get)
        return ctx.error_page(403, "This token only reads",
                              "This API token was created read-only (for reporting tools): it cannot change anything.");
    if (ctx.who && !role_allows(ctx.who->user.role, route->permission))
        return ctx.error_page(403, "You do not have access to this page",
                              "Your role does not include this. Ask a Contextual Safeguarding lead if you need it.");
    // A partner agency sees nothing while it has no current information
    // sharing agreement (agreements lapse by date, so this is asked each time).
    if (ctx.who && route->permission == Permission::WorkOnActions) {
        auto shares = service::shares_with(db, ctx.who->user);
        if (!shares) return ctx.fail(shares.error());
        if (!*shares)
            return ctx.error_page(403, "No information sharing agreement",
                                  "Your agency has no current information sharing agreement with the partnership, "
                                  "so Trellis shares nothing with it. Ask the partnership's administrator.");
    }

    auto query = parse_urlencoded(req.query);
    if (!query) return ctx.fail(query.error());
    ctx.query = std::move(*query);

    if (changes_state(req.method)) {
        std::size_t limit = req.multipart ? config_.max_upload_bytes : config_.max_body_bytes;
        if (req.body.size() > limit)
            return ctx.error_page(413, "The request is too large",
                                  fmt::format("Send at most {} kilobytes at a time.", limit / 1024));
        bool is_json = req.content_type.starts_with("application/json");
        bool is_form = req.content_type.starts_with("application/x-www-form-urlencoded");
        if (ctx.surface == Surface::Api) {
            if (!req.body.empty() && !is_json)
                return ctx.error_page(415, "Unsupported media type", "Send JSON (Content-Type: application/json).");
            if (!req.body.empty()) {
                if (!text::is_valid_utf8(req.body))
                    return ctx.fail(Error::invalid("The request body is not valid UTF-8 text."));
                auto parsed = formats::parse_json(req.body);
                if (!parsed)
                    return ctx.fail(
                        Error::invalid("The request body must be a JSON object. " + parsed.error().message));
                if (!parsed->is_object()) return ctx.fail(Error::invalid("The request body must be a JSON object."));
                ctx.json = std::move(*parsed);
            }
        } else if (req.multipart) {
            // Split only now, for a signed-in user whose role may use the route.
            auto parts = req.read_parts ? req.read_parts() : std::nullopt;
            if (!parts) return ctx.fail(Error::invalid("The uploaded form is malformed."));
            std::vector<std::pair<std::string, std::string>> fields;
            for (auto& part : *parts) {
                if (part.filename) {
                    ctx.files.push_back(std::move(part));
                    continue;
                }
                if (!text::is_valid_utf8(part.body) || !text::is_valid_utf8(part.name))
                    return ctx.fail(Error::invalid("The form data is not valid UTF-8 text."));
                fields.emplace_back(std::move(part.name), std::move(part.body));
            }
            ctx.form = Form(std::move(fields));
        } else {
            if (!req.body.empty() && !is_form)
                return ctx.error_page(415, "Unsupported media type", "Send the form as a web form.");
            auto form = parse_urlencoded(req.body);
            if (!form) return ctx.fail(form.error());
            ctx.form = std::move(*form);
        }
        ctx.form = with_dates(std::move(ctx.form));
        // CSRF: a request signed in by cookie must carry the session's token.
        if (ctx.who && !ctx.who->by_token) {
            const std::string& sent = ctx.surface == Surface::Api ? req.csrf_header : ctx.form.get("_csrf");
            if (!service::token_matches(sent, ctx.who->csrf_token))
                return ctx.error_page(403, "Your session has expired or the form is out of date",
                                      "Go back, reload the page and try again. Nothing was saved.");
        }
    }
    if (ctx.surface == Surface::Api && req.method == Method::Post && ctx.who && !req.idempotency_key.empty())
        return run_once(ctx, *route);
    auto response = route->handler(ctx);
    if (!response) return ctx.fail(response.error());
    return std::move(*response);
}

Response App::run_once(Ctx& ctx, const Route& route) const
{
    const auto& key = ctx.req.idempotency_key;
    bool printable = std::ranges::all_of(key, [](char ch) { return ch > ' ' && ch < 127; });
    if (key.size() > 255 || !printable)
        return ctx.fail(Error::invalid("Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID will do).",
                                       "Idempotency-Key"));
    auto request_hash =
        service::token_hash(fmt::format("{} {}\n{}", to_string(ctx.req.method), ctx.req.path, ctx.req.body));
    Response response;
    auto once = service::run_once(ctx.db, ctx.who->user.id, key, request_hash, now_unix(), [&] {
        auto handled = route.handler(ctx);
        response = handled ? std::move(*handled) : ctx.fail(handled.error());
        std::string location;
        for (const auto& [name, value] : response.headers)
            if (name == "Location") location = value;
        return service::KeptAnswer{"", response.status, response.content_type, response.body, location};
    });
    if (!once) return ctx.fail(once.error());
    switch (once->outcome) {
        case service::Once::Outcome::Answered: return response;
        case service::Once::Outcome::KeyReused:
            return ctx.error_page(422, "Idempotency-Key reused",
                                  "This Idempotency-Key was used with a different request in the last 24 "
                                  "hours. Use a new key for a new request.");
        case service::Once::Outcome::Replayed: break;
    }
    Response replay;
    replay.status = once->answer.status;
    replay.content_type = once->answer.content_type;
    replay.body = once->answer.body;
    if (!once->answer.location.empty()) replay.header("Location", once->answer.location);
    replay.header("Idempotent-Replayed", "true");
    return replay;
}

}  // namespace trellis::web
