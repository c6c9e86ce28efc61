// Sign-in, sign-out, the start page, the overview and the user's own account.
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/text.hpp"
#include "service/exceptional_access.hpp"
#include "service/lifecycle.hpp"
#include "service/passwords.hpp"
#include "service/reports.hpp"
#include "service/users.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

constexpr const char* kPreCookie = "trellis_pre";
constexpr std::int64_t kThrottleWindow = 15 * 60;

std::string cookie(const Ctx& c, const std::string& name, const std::string& value, bool clear = false)
{
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite={}{}{}", name, value, name == kPreCookie ? "Strict" : "Lax",
                       c.app.config().secure_cookies ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

// Only a path on this site made of safe characters; anything else goes home.
std::string safe_next(const std::string& next)
{
    return local_path(next).value_or("/");
}

// A browser that has signed in before: exempt from its account's sign-in wait.
std::string device_cookie_name(const Ctx& c)
{
    return c.app.config().secure_cookies ? "__Host-trellis_device" : "trellis_device";
}

Response sign_in_page(Ctx& c, nlohmann::json model, int status)
{
    auto pre = service::random_token(24);
    model["pre_csrf"] = pre;
    c.extra_headers.emplace_back("Set-Cookie", cookie(c, kPreCookie, pre));
    return c.page("sign_in", "Sign in", std::move(model), status);
}

}  // namespace

Result<Response> sign_in_form(Ctx& c)
{
    if (c.who) return c.redirect("/");
    return sign_in_page(c, {{"next", safe_next(c.query.get("next"))}, {"signed_out", c.query.has("signed_out")}}, 200);
}

Result<Response> sign_in(Ctx& c)
{
    std::string email = normalise_email(c.form.get("email"));
    std::string next = safe_next(c.form.get("next"));
    nlohmann::json model = {{"email", c.form.get("email")}, {"next", next}};
    auto pre = cookie_value(c.req.cookie, kPreCookie);
    if (!service::constant_time_equal(pre, c.form.get("_csrf"))) {
        add_errors(model, {Error::invalid("The sign-in form had expired. Enter your details again.", "email")});
        return sign_in_page(c, std::move(model), 403);
    }
    std::vector<Error> errors;
    if (email.empty()) errors.push_back(Error::invalid("Enter your email address.", "email"));
    if (c.form.get("password").empty()) errors.push_back(Error::invalid("Enter your password.", "password"));
    if (!errors.empty()) {
        add_errors(model, errors);
        return sign_in_page(c, std::move(model), 400);
    }

    service::SignInAttempt attempt{email,
                                   c.form.get("password"),
                                   c.req.address,
                                   cookie_value(c.req.cookie, device_cookie_name(c)),
                                   now_unix(),
                                   c.app.config().idle_timeout_seconds,
                                   c.app.config().absolute_timeout_seconds};
    auto result = TRY(service::sign_in(c.db, attempt, c.app.config().sign_in_rules));
    using Outcome = service::SignInResult::Outcome;
    if (result.outcome == Outcome::Wait) {
        auto wait = result.wait_seconds;
        add_errors(model, {Error::invalid(fmt::format("Too many failed attempts to sign in. Try again in {} {}, or "
                                                      "sign in from a browser you have used for Trellis before.",
                                                      wait < 120 ? wait : (wait + 59) / 60,
                                                      wait < 120 ? (wait == 1 ? "second" : "seconds") : "minutes"),
                                          "email")});
        auto r = sign_in_page(c, std::move(model), 429);
        r.header("Retry-After", std::to_string(wait));
        return r;
    }
    if (result.outcome == Outcome::Wrong) {
        add_errors(model, {Error::invalid("Enter a correct email address and password.", "email")});
        return sign_in_page(c, std::move(model), 401);
    }
    auto r = c.redirect(next);
    r.header("Set-Cookie", cookie(c, session_cookie_name(c.app.config().secure_cookies), result.session));
    r.header("Set-Cookie", cookie(c, kPreCookie, "", true));
    r.header("Set-Cookie", cookie(c, device_cookie_name(c), result.device) + "; Max-Age=34560000");
    return r;
}

Result<Response> sign_out(Ctx& c)
{
    if (!c.who->session_hash.empty()) {
        // Signing out always clears the cookie; a failure here is logged, not shown.
        if (auto ended = service::sign_out(c.db, c.who->user, c.who->session_hash, c.actor()); !ended)
            spdlog::warn("sign-out: {}", ended.error().message);
    }
    auto r = c.redirect("/sign-in?signed_out=1");
    r.header("Set-Cookie", cookie(c, session_cookie_name(c.app.config().secure_cookies), "", true));
    return r;
}

namespace {

Response open_context_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto mine = service::my_exceptional_access(c.db, c.who->user);
    if (!mine) return c.fail(mine.error());
    nlohmann::json open = nlohmann::json::array();
    for (const auto& a : *mine)
        open.push_back({{"context", a.context_name},
                        {"context_id", std::to_string(a.context.value)},
                        {"until", when(a.expires_at)}});
    model["open"] = open;
    model["has_open"] = !open.empty();
    model["hours"] = std::to_string(kExceptionalAccessHours);
    model["reasons"] = choice_options(
        kAccessReasons, [&](AccessReason r) { return model.value("reason", "") == kAccessReasons.name(r); });
    add_errors(model, errors);
    return c.page("open_context",
                  errors.empty() ? "Open a context not allocated to you" : "Error: Open a context not allocated to you",
                  std::move(model), status);
}

}  // namespace

Result<Response> home(Ctx& c)
{
    return c.redirect(std::string(landing_page(c.who->user.role)));
}

Result<Response> access_review(Ctx& c)
{
    auto reviewed = TRY(service::review_exceptional_access(c.db, c.who->user, c.actor(), c.id(0), c.form.get("outcome"),
                                                           c.form.get("note")));
    if (c.form.get("outcome") == "concern")
        return c.redirect(fmt::format("/concerns/new?context={}", url_encode(reviewed.context_name)));
    return c.redirect("/overview?done=reviewed");
}

Result<Response> open_context_form(Ctx& c)
{
    return open_context_page(c, nlohmann::json::object(), {}, 200);
}

Result<Response> open_context(Ctx& c)
{
    service::AccessRequest request{c.form.get("context"), c.form.get("reason"), c.form.get("detail")};
    auto opened = service::open_exceptional_access(c.db, c.who->user, c.actor(), request);
    if (!opened && opened.error().kind == Error::Kind::Invalid)
        return open_context_page(c,
                                 {{"context", request.context}, {"reason", request.reason}, {"detail", request.detail}},
                                 {opened.error()}, 400);
    auto id = TRY(std::move(opened));
    return c.redirect(fmt::format("/contexts/{}", id.value));
}

Result<std::shared_ptr<const service::HomeOverview>> kept_overview(Ctx& c)
{
    // The partnership's counts are read from every framework, goal and action
    // (69 ms at scale 10): kept until something audited changes, or the day does.
    auto stamp = TRY(service::reports_stamp(c.db));
    auto key = fmt::format("{}:{}:{}:{}", c.partnership().value, may_access_context(c.who->user.role, false) ? 1 : 0,
                           today_utc(), stamp);
    return c.app.overview_cache().find_or_make(key, [&] { return service::home_overview(c.db, c.who->user); });
}

Result<Response> overview(Ctx& c)
{
    auto kept = TRY(kept_overview(c));
    const auto& o = *kept;
    auto waiting = TRY(service::waiting(c.db, c.who->user));
    nlohmann::json sign_offs = nlohmann::json::array();
    for (std::size_t i = 0; i < waiting.sign_offs.size(); ++i) {
        const auto& r = waiting.sign_offs[i];
        sign_offs.push_back({{"id", std::to_string(r.id.value)},
                             {"context", waiting.sign_off_contexts[i]},
                             {"decision", kReviewDecisions.label(r.decision)},
                             {"date", when(r.held_on)},
                             {"author", r.author_label}});
    }
    // Exceptional access others opened, for a lead to review.
    nlohmann::json accesses = nlohmann::json::array();
    if (c.who->user.role == Role::Lead)
        for (const auto& a : TRY(service::access_awaiting_review(c.db, c.who->user)))
            accesses.push_back({{"id", std::to_string(a.id)},
                                {"who", a.user_name},
                                {"context", a.context_name},
                                {"context_id", std::to_string(a.context.value)},
                                {"reason", std::string(kAccessReasons.label(a.reason))},
                                {"detail", a.detail},
                                {"when", when(a.opened_at)}});
    nlohmann::json review_list = nlohmann::json::array();
    for (const auto& f : o.reviews)
        review_list.push_back(
            {{"id", std::to_string(f.id.value)}, {"title", f.title}, {"due", when(f.next_review_date)}});
    nlohmann::json fs = nlohmann::json::array(), gs = nlohmann::json::array();
    for (auto [s, n] : o.overview.frameworks) fs.push_back({{"label", label(s)}, {"count", std::to_string(n)}});
    for (auto [s, n] : o.overview.goals) gs.push_back({{"label", label(s)}, {"count", std::to_string(n)}});
    return c.page("overview", "Overview",
                  {{"partnership", o.partnership_name},
                   {"overdue_actions", std::to_string(o.overdue_actions)},
                   {"overdue_reviews", std::to_string(o.overdue_reviews)},
                   // The list behind the count, for those who see every context.
                   {"can_list_actions", may_access_context(c.who->user.role, false) && o.overdue_actions > 0},
                   {"can_see_trends", role_allows(c.who->user.role, Permission::ReadReports)},
                   {"reviews", review_list},
                   {"lead", c.who->user.role == Role::Lead},
                   {"unscreened", text::count(waiting.unscreened, "concern waits", "concerns wait")},
                   {"sign_offs", sign_offs},
                   {"accesses", accesses},
                   {"has_accesses", !accesses.empty()},
                   {"banner", c.query.get("done") == "reviewed" ? "The access was marked reviewed." : ""},
                   {"has_sign_offs", !sign_offs.empty()},
                   {"has_reviews", !review_list.empty()},
                   {"contexts", std::to_string(o.overview.contexts)},
                   {"framework_statuses", fs},
                   {"goal_statuses", gs}});
}

namespace {

std::string date_of(std::int64_t unix_seconds)
{
    auto days = std::chrono::sys_days{std::chrono::days{unix_seconds / 86400}};
    std::chrono::year_month_day ymd{days};
    return when(fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                            static_cast<unsigned>(ymd.day())));
}

Response account_page(Ctx& c, const std::string& new_token, const std::string& banner,
                      const nlohmann::json& form = nlohmann::json::object(), const std::vector<Error>& errors = {},
                      int status = 200)
{
    auto tokens = service::api_tokens_of(c.db, c.who->user);
    if (!tokens) return c.fail(tokens.error());
    auto now = now_unix();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : *tokens)
        list.push_back({{"id", std::to_string(t.id)},
                        {"label", t.label},
                        {"created_at", when(t.created_at)},
                        {"last_used_at", t.last_used_at.empty() ? "Never" : when(t.last_used_at)},
                        {"expires", t.expires_unix <= now ? "Expired" : date_of(t.expires_unix)},
                        {"access", t.read_only ? "Reads only" : "Reads and writes"}});
    nlohmann::json model = {{"name", c.who->user.display_name},
                            {"email", c.who->user.email},
                            {"role", label(c.who->user.role)},
                            {"tokens", list},
                            {"has_tokens", !list.empty()},
                            {"new_token", new_token},
                            {"banner", banner},
                            {"label", form.value("label", "")},
                            {"days", form.value("days", std::to_string(kTokenDefaultDays))}};
    add_errors(model, errors);
    return c.page("account", errors.empty() ? "Your account" : "Error: Your account", model, status);
}

}  // namespace

Result<Response> account(Ctx& c)
{
    return account_page(c, "", "");
}

Result<Response> create_token(Ctx& c)
{
    nlohmann::json form = {{"label", c.form.get("label")}, {"days", c.form.get("days")}};
    auto days_text = text::collapse_space(c.form.get("days"));
    auto days = days_text.empty() ? std::optional<std::int64_t>{kTokenDefaultDays} : parse_id(days_text);
    if (!days || *days > kTokenMaxDays)
        return account_page(
            c, "", "", form,
            {Error::invalid(fmt::format("Enter a number of days from 1 to {}.", kTokenMaxDays), "days")}, 400);
    auto made = service::create_api_token(c.db, c.who->user, c.form.get("label"), static_cast<int>(*days),
                                          c.form.get("read_only") == "yes", c.actor(), now_unix());
    if (!made) {
        if (made.error().kind == Error::Kind::Invalid) return account_page(c, "", "", form, {made.error()}, 400);
        return std::unexpected(made.error());
    }
    return account_page(c, made->token, "");
}

Result<Response> api_guide(Ctx& c)
{
    return c.page("api_guide", "The Trellis API", nlohmann::json::object());
}

Result<Response> revoke_token(Ctx& c)
{
    TRY(service::revoke_api_token(c.db, c.who->user, c.id(0), c.actor()));
    return account_page(c, "", "The token was revoked.");
}

}  // namespace trellis::web::handlers
