// Sign-in, sign-out, the start page, the overview and the user's own account.
#include <chrono>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/passwords.hpp"
#include "store/repos.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

constexpr const char* kPreCookie = "trellis_pre";
constexpr std::int64_t kThrottleWindow = 15 * 60;

std::int64_t now_unix()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string cookie(const Ctx& c, const std::string& name, const std::string& value, bool clear = false)
{
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite={}{}{}", name, value, name == kPreCookie ? "Strict" : "Lax",
                       c.app.config().secure_cookies ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

// Only a path on this site: never "//host" or an absolute URL.
std::string safe_next(const std::string& next)
{
    if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next.find('\\') == std::string::npos &&
        next.find("://") == std::string::npos)
        return next;
    return "/";
}

Response sign_in_page(Ctx& c, nlohmann::json model, int status)
{
    auto pre = service::random_token(24);
    model["pre_csrf"] = pre;
    c.extra_headers.emplace_back("Set-Cookie", cookie(c, kPreCookie, pre));
    return c.page("sign_in", "Sign in", std::move(model), status);
}

}  // namespace

Response sign_in_form(Ctx& c)
{
    if (c.who) return c.redirect("/");
    return sign_in_page(c, {{"next", safe_next(c.query.get("next"))}, {"signed_out", c.query.has("signed_out")}}, 200);
}

Response sign_in(Ctx& c)
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

    auto now = now_unix();
    auto by_email = store::sign_in_failures::count_for_email(c.db, email, now - kThrottleWindow);
    auto by_address = store::sign_in_failures::count_for_address(c.db, c.req.address, now - kThrottleWindow);
    if (!by_email || !by_address) return c.fail(!by_email ? by_email.error() : by_address.error());
    if (*by_email >= c.app.config().max_failures_per_account ||
        *by_address >= c.app.config().max_failures_per_address) {
        add_errors(model,
                   {Error::invalid("Too many failed attempts to sign in. Wait 15 minutes and try again.", "email")});
        return sign_in_page(c, std::move(model), 429);
    }

    auto found = store::users::find_with_hash(c.db, email);
    if (!found && found.error().kind != Error::Kind::NotFound) return c.fail(found.error());
    // Verify against a fixed hash when the account does not exist, so timing
    // does not reveal which addresses have accounts.
    static const std::string kDummy = service::hash_password("not a real password at all").value_or("");
    bool ok = found ? service::verify_password(found->second, c.form.get("password"))
                    : (service::verify_password(kDummy, c.form.get("password")), false);
    if (!ok || !found->first.active) {
        (void)store::sign_in_failures::record(c.db, email, c.req.address, now);
        add_errors(model, {Error::invalid("Enter a correct email address and password.", "email")});
        return sign_in_page(c, std::move(model), 401);
    }

    // A new session id at every sign-in; only its hash is stored.
    const User& user = found->first;
    auto session = service::random_token(32);
    auto csrf = service::random_token(32);
    auto done = [&]() -> Result<void> {
        auto tx = TRY(store::Transaction::begin(c.db));
        TRY(store::sessions::remove_expired(c.db, now - c.app.config().idle_timeout_seconds,
                                            now - c.app.config().absolute_timeout_seconds));
        TRY(store::sign_in_failures::clear_email(c.db, email));
        TRY(store::sessions::create(c.db, service::token_hash(session), user.id, csrf, now, c.req.address));
        TRY(store::audit::record(c.db, {user.id, user.display_name, c.req.address},
                                 {user.partnership, "sign-in", "user", user.id.value, {}, ""}));
        return tx.commit();
    }();
    if (!done) return c.fail(done.error());
    auto r = c.redirect(next);
    r.header("Set-Cookie", cookie(c, session_cookie_name(c.app.config().secure_cookies), session));
    r.header("Set-Cookie", cookie(c, kPreCookie, "", true));
    return r;
}

Response sign_out(Ctx& c)
{
    if (!c.who->session_hash.empty()) {
        (void)store::sessions::remove(c.db, c.who->session_hash);
        (void)store::audit::record(c.db, c.actor(),
                                   {c.partnership(), "sign-out", "user", c.who->user.id.value, {}, ""});
    }
    auto r = c.redirect("/sign-in?signed_out=1");
    r.header("Set-Cookie", cookie(c, session_cookie_name(c.app.config().secure_cookies), "", true));
    return r;
}

Response home(Ctx& c)
{
    switch (c.who->user.role) {
        case Role::Lead:
        case Role::Practitioner: return c.redirect("/contexts");
        case Role::Admin: return c.redirect("/admin/users");
        case Role::Partner: return c.redirect("/my-actions");
        default: return c.redirect("/overview");
    }
}

Response overview(Ctx& c)
{
    auto o = store::reports::overview(c.db, c.partnership());
    if (!o) return c.fail(o.error());
    auto partnership = store::partnerships::list(c.db);
    std::string name = "the partnership";
    if (partnership)
        for (const auto& p : *partnership)
            if (p.id == c.partnership()) name = p.name;
    auto today = store::today_utc();
    auto overdue = store::actions::overdue_count(c.db, c.partnership(), today);
    if (!overdue) return c.fail(overdue.error());
    auto reviews = store::reports::reviews_overdue(c.db, c.partnership(), today);
    if (!reviews) return c.fail(reviews.error());
    // Leads see which frameworks; everyone else the count only.
    bool named = c.who->user.role == Role::Lead;
    nlohmann::json review_list = nlohmann::json::array();
    if (named)
        for (const auto& f : *reviews)
            review_list.push_back(
                {{"id", std::to_string(f.id.value)}, {"title", f.title}, {"due", when(f.next_review_date)}});
    nlohmann::json fs = nlohmann::json::array(), gs = nlohmann::json::array();
    for (auto [s, n] : o->frameworks) fs.push_back({{"label", label(s)}, {"count", std::to_string(n)}});
    for (auto [s, n] : o->goals) gs.push_back({{"label", label(s)}, {"count", std::to_string(n)}});
    return c.page("overview", "Overview",
                  {{"partnership", name},
                   {"overdue_actions", std::to_string(*overdue)},
                   {"overdue_reviews", std::to_string(reviews->size())},
                   {"can_see_trends", role_allows(c.who->user.role, Permission::ReadReports)},
                   {"reviews", review_list},
                   {"has_reviews", !review_list.empty()},
                   {"contexts", std::to_string(o->contexts)},
                   {"framework_statuses", fs},
                   {"goal_statuses", gs}});
}

namespace {

Response account_page(Ctx& c, const std::string& new_token, const std::string& banner)
{
    auto tokens = store::api_tokens::list(c.db, c.who->user.id);
    if (!tokens) return c.fail(tokens.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : *tokens)
        list.push_back({{"id", std::to_string(t.id)},
                        {"label", t.label},
                        {"created_at", when(t.created_at)},
                        {"last_used_at", t.last_used_at.empty() ? "Never" : when(t.last_used_at)}});
    return c.page("account", "Your account",
                  {{"name", c.who->user.display_name},
                   {"email", c.who->user.email},
                   {"role", label(c.who->user.role)},
                   {"tokens", list},
                   {"has_tokens", !list.empty()},
                   {"new_token", new_token},
                   {"banner", banner}});
}

}  // namespace

Response account(Ctx& c)
{
    return account_page(c, "", "");
}

Response create_token(Ctx& c)
{
    std::string label = c.form.get("label");
    if (auto e = text::check(label, "Token label", "label", {.min = 1, .max = 60})) return c.fail(*e);
    auto token = "trellis_" + service::random_token(32);
    auto created = [&]() -> Result<void> {
        auto tx = TRY(store::Transaction::begin(c.db));
        auto id = TRY(
            store::api_tokens::create(c.db, c.who->user.id, service::token_hash(token), text::collapse_space(label)));
        TRY(store::audit::record(c.db, c.actor(), {c.partnership(), "create", "api_token", id, {}, ""}));
        return tx.commit();
    }();
    if (!created) return c.fail(created.error());
    return account_page(c, token, "");
}

Response revoke_token(Ctx& c)
{
    auto r = store::api_tokens::revoke(c.db, c.who->user.id, c.id(0));
    if (!r) return c.fail(r.error());
    (void)store::audit::record(c.db, c.actor(), {c.partnership(), "revoke", "api_token", c.id(0), {}, ""});
    return account_page(c, "", "The token was revoked.");
}

}  // namespace trellis::web::handlers
