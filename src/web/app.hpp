// The web application: one route table (method, path, permission, handler),
// authentication, CSRF, need-to-know checks, error pages and security headers.
// It runs on a worker thread with that worker's database connection; nothing
// here knows about RESTinio.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/audit.hpp"
#include "domain/policy.hpp"
#include "domain/template.hpp"
#include "domain/user.hpp"
#include "lens/analyser.hpp"
#include "service/database.hpp"
#include "service/lens.hpp"
#include "service/reports.hpp"
#include "web/forms.hpp"
#include "web/http.hpp"
#include "web/render_cache.hpp"
#include "web/views.hpp"

namespace trellis::web {

// Seconds since 1970 (UTC), for sessions, sign-in waits and token expiry.
std::int64_t now_unix();

struct Config {
    bool secure_cookies = false;  // served over TLS (behind a proxy)
    std::int64_t idle_timeout_seconds = 30 * 60;
    std::int64_t absolute_timeout_seconds = 12 * 60 * 60;
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_upload_bytes = 16 * 1024 * 1024;  // a multipart form with a document or a CSV export
    SignInRules sign_in_rules;
    // Where pages link the stylesheet, the script and the icon: the server
    // gives their content-hashed names (web/assets.hpp).
    std::string stylesheet_url = "/static/trellis.css";
    std::string script_url = "/static/init.js";
    std::string icon_url = "/static/images/favicon.svg";
};

struct Principal {
    User user;
    std::string csrf_token;
    std::string session_hash;  // empty when signed in by API token
    bool by_token = false;
    bool read_only = false;  // a read-only API token: GET only
};

struct Ctx;
// A handler returns its response, or an Error the dispatcher turns into the
// status and page (or JSON error); only "show the form again with what was
// typed" is a response a page handler builds itself.
using Handler = std::function<Result<Response>(Ctx&)>;

enum class Surface { Page, Api };

struct Route {
    Method method;
    std::string pattern;  // "/goals/{id}/stages/{stage}"; {id} matches digits, other names a word
    Permission permission;
    Surface surface;
    Handler handler;
};

class App;

// The views one request has handed to the server's ViewLog. `then` is called
// once every one of them is on record, with the first error, on the thread
// that finished last: at once when none is still pending.
class PendingViews : public std::enable_shared_from_this<PendingViews> {
public:
    // One more view on its way: the callback to hand the ViewLog with it.
    std::function<void(Result<void>)> expect();
    void when_recorded(std::function<void(Result<void>)> then);

private:
    void recorded(Result<void> outcome);

    std::mutex mutex_;
    int left_ = 0;
    Result<void> outcome_;
    std::function<void(Result<void>)> then_;
};

// An answer and the views it shows, which must be on record before it is sent.
struct Answer {
    Response response;
    std::shared_ptr<PendingViews> views;  // none when nothing is pending
};

// Everything a handler needs for one request.
struct Ctx {
    const Request& req;
    store::Connection& db;
    const App& app;
    std::optional<Principal> who;
    std::vector<std::string> params;  // the {placeholders} of the route, in order
    Form query;
    Form form;
    nlohmann::json json;      // the body of an API request
    std::vector<Part> files;  // uploaded files of a multipart form
    Surface surface = Surface::Page;
    std::vector<std::pair<std::string, std::string>> extra_headers;
    mutable std::shared_ptr<PendingViews> views_pending;

    Actor actor() const;
    std::int64_t id(std::size_t i) const;
    PartnershipId partnership() const { return who->user.partnership; }

    // Need-to-know for a context: NotFound (never Forbidden) when this user may
    // not see it, so ids cannot be probed.
    Result<void> need_context(ContextId c) const;

    // The context a list is narrowed to: `by_id` (from ?context=, as links
    // carry it) or ?context_name= (typed: its name or part of it, matching
    // one context this user sees; Invalid naming the matches otherwise); none
    // when neither is given. `shown` is set to the name for the filter's box.
    Result<std::optional<ContextId>> context_filter(std::optional<ContextId> by_id, std::string& shown) const;

    // Audits a view of a context's records before the page is sent. Through
    // the server's ViewLog (group commit) the row is handed over at once and
    // the page built meanwhile; the answer is sent once the row is on record,
    // and App::unrecorded instead when it could not be written. Without a
    // ViewLog the row is written here, on the request's connection. A page
    // calls it as soon as it knows the viewer may see what it will show (and
    // its filters are valid), before reading it, so the row commits while the
    // page is read and built.
    Result<void> audit_view(const char* entity, std::int64_t id, std::optional<ContextId> context,
                            std::string detail = {}) const;

    Response page(std::string_view view, const std::string& title, nlohmann::json model, int status = 200) const;
    // A page whose content is kept in the render cache under `key`, which must
    // name everything the content depends on; on a miss `build` renders it
    // with render_for_cache. The CSRF token is filled in for each response.
    Result<Response> cached_page(const std::string& key,
                                 const std::function<Result<RenderCache::Rendered>()>& build) const;
    // A view's content as page() renders it, with the CSRF token left as the
    // render cache's placeholder.
    std::string render_for_cache(std::string_view view, nlohmann::json model) const;
    // The page: the layout around content that is already rendered and escaped.
    Response page_with(const std::string& title, const Stencil& content, int status = 200) const;
    // The layout for this request's path and viewer, rendered once and kept.
    std::shared_ptr<const RenderCache::Shell> shell(int status) const;
    // Whether the client takes a gzipped answer.
    bool takes_gzip() const;
    // How many bytes each CSRF token takes on this viewer's pages, masked.
    std::size_t hole_width() const;
    Response error_page(int status, const std::string& title, const std::string& message) const;
    // Maps an Error to its status: a page, or a JSON body on the API.
    Response fail(const Error& e) const;
    // 404 with one message for everything missing or not shared with this user.
    Response not_found() const;
    Response json_response(const nlohmann::json& body, int status = 200) const;
    Response redirect(const std::string& to) const { return Response::redirect(to); }
};

class App {
public:
    // Fails when a route has no permission declared or two routes collide.
    static Result<App> create(Config config, Views views, std::vector<FrameworkTemplate> templates,
                              std::shared_ptr<const lens::Analyser> lens);

    // Answers the request without waiting for the views it shows: the caller
    // sends the response only once `views` (when set) reports them on record,
    // and unrecorded() instead when it reports an error. The server's workers
    // go on to the next request meanwhile.
    Answer answer(const Request& req, store::Connection& db) const;
    // The answer in place of a page whose views could not be put on record.
    Response unrecorded(Method method, const std::string& path, const Error& e) const;

    const std::vector<Route>& routes() const { return routes_; }
    const Views& views() const { return views_; }
    const Config& config() const { return config_; }
    const std::vector<FrameworkTemplate>& templates() const { return templates_; }
    // The shipped lexicon's lens, and each partnership's own (with its additions).
    const lens::Analyser& lens() const { return lenses_->base(); }
    const service::PartnershipLenses& lenses() const { return *lenses_; }
    // Views are then audited through this writer; it must outlive the App.
    void use_view_log(service::ViewLog* log) { view_log_ = log; }
    service::ViewLog* view_log() const { return view_log_; }
    RenderCache& render_cache() const { return *render_cache_; }
    // Reports worked out from the whole partnership, kept under the reports'
    // change stamp: the language trends, and the counts of the overview.
    SharedCache<service::LanguageTrends>& trends_cache() const { return *trends_cache_; }
    SharedCache<service::HomeOverview>& overview_cache() const { return *overview_cache_; }
    // The OpenAPI document of /api/v1, built once from the route table.
    const nlohmann::json& openapi() const { return openapi_; }

private:
    App(Config config, Views views, std::vector<FrameworkTemplate> templates,
        std::shared_ptr<const lens::Analyser> lens);
    Response dispatch(Ctx& ctx) const;
    // Runs an API POST that carries an Idempotency-Key at most once per key.
    Response run_once(Ctx& ctx, const Route& route) const;

    Config config_;
    Views views_;
    std::vector<FrameworkTemplate> templates_;
    std::vector<Route> routes_;
    std::unique_ptr<service::PartnershipLenses> lenses_;
    service::ViewLog* view_log_ = nullptr;
    std::unique_ptr<RenderCache> render_cache_ = std::make_unique<RenderCache>();
    std::unique_ptr<SharedCache<service::LanguageTrends>> trends_cache_ =
        std::make_unique<SharedCache<service::LanguageTrends>>(16);
    std::unique_ptr<SharedCache<service::HomeOverview>> overview_cache_ =
        std::make_unique<SharedCache<service::HomeOverview>>(64);
    nlohmann::json openapi_;
};

// The route table, in one readable list (routes.cpp).
std::vector<Route> route_table();

// Adds the headers every response carries (CSP, nosniff, framing, caching).
// The headers every answer carries; pages are never stored by a browser or a
// proxy, static assets say their own caching.
void add_security_headers(Response& r, std::string_view cache_control = "no-store");

// The layout's one inline script, first in the body: it marks the page as
// scripted before anything is drawn, so what JavaScript reshapes (the header's
// Menu button on a phone) is drawn once, in its final shape, and nothing moves
// when the module script runs. The Content-Security-Policy allows exactly this
// text, by its hash.
inline constexpr std::string_view kEnhanceScript =
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? "
    "' govuk-frontend-supported' : '');";

std::string session_cookie_name(bool secure);

}  // namespace trellis::web
