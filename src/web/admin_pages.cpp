// Administration: user accounts (admins) and allocations of practitioners to
// contexts (admins and leads).
#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/actions.hpp"
#include "service/administration.hpp"
#include "service/contexts.hpp"
#include "service/lifecycle.hpp"
#include "service/passwords.hpp"
#include "service/users.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

Response users_page(Ctx& c, const std::string& new_email, const std::string& new_password,
                    const std::string& banner = "", const std::vector<Error>& errors = {}, int status = 200)
{
    // A page at a time, narrowed by part of a name or email address and by role.
    constexpr std::int64_t kPerPage = 25;
    service::UserFilter filter{text::collapse_space(c.query.get("q")), std::nullopt};
    if (const auto& r = c.query.get("role"); !r.empty()) {
        filter.role = parse_role(r);
        if (!filter.role) return c.fail(Error::invalid("Choose a role from the list.", "role"));
    }
    auto list = service::users_page(c.db, c.who->user, filter, page_number(c.query.get("page")), kPerPage);
    if (!list) return c.fail(list.error());
    auto agencies = service::agencies_of(c.db, c.who->user);
    if (!agencies) return c.fail(agencies.error());
    auto signers = service::signers(c.db, c.who->user);
    if (!signers) return c.fail(signers.error());
    std::map<std::int64_t, std::string> agency_names;
    for (const auto& a : *agencies) agency_names[a.id.value] = a.name;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& u : list->items) {
        auto locked = service::sign_in_locked(c.db, u, c.app.config().sign_in_rules, now_unix());
        if (!locked) return c.fail(locked.error());
        rows.push_back({{"id", std::to_string(u.id.value)},
                        {"name", u.display_name},
                        {"email", u.email},
                        {"role", label(u.role)},
                        {"agency", u.agency ? agency_names[u.agency->value] : ""},
                        {"active", u.active},
                        {"lead", u.role == Role::Lead},
                        {"signs_off", std::ranges::find(*signers, u.id) != signers->end()},
                        {"locked", u.active && *locked}});
    }
    nlohmann::json roles = nlohmann::json::array();
    for (auto r : kRoles)
        roles.push_back({{"value", to_string(r)}, {"label", label(r)}, {"selected", filter.role == r}});
    bool filtered = !filter.words.empty() || filter.role;
    nlohmann::json model = {{"users", rows},
                            {"has_users", !rows.empty()},
                            {"count_text", counted(*list, "user")},
                            {"showing", showing(*list)},
                            {"pagination", pagination("/admin/users", c.query.fields(), list->number, list->pages())},
                            {"empty_text", filtered ? "No users match your search." : "There are no users yet."},
                            {"q", c.query.get("q")},
                            {"roles", roles},
                            {"new_email", new_email},
                            {"new_password", new_password},
                            {"banner", banner}};
    add_errors(model, errors);
    return c.page("users", errors.empty() ? "Users" : "Error: Users", model, status);
}

// Unlock, deactivate or reactivate: the users page again with what happened.
Response user_change(Ctx& c, Result<void> (*change)(store::Connection&, PartnershipId, UserId, const Actor&),
                     const char* done)
{
    UserId id{c.id(0)};
    auto user = service::account(c.db, c.who->user, id);
    if (!user) return c.fail(user.error());
    if (auto r = change(c.db, c.partnership(), id, c.actor()); !r) {
        if (r.error().kind == Error::Kind::Conflict) return users_page(c, "", "", "", {r.error()}, 409);
        return c.fail(r.error());
    }
    return users_page(c, "", "", fmt::format(fmt::runtime(done), user->email));
}

Response user_form(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto agencies = service::agencies_of(c.db, c.who->user);
    if (!agencies) return c.fail(agencies.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : *agencies)
        list.push_back({{"id", std::to_string(a.id.value)},
                        {"name", a.name},
                        {"selected", model.value("agency", "") == std::to_string(a.id.value)}});
    model["agencies"] = list;
    nlohmann::json roles = nlohmann::json::array();
    for (auto r : kRoles)
        roles.push_back({{"value", to_string(r)},
                         {"label", label(r)},
                         {"hint", describe(r)},
                         {"selected", model.value("role", "") == to_string(r)}});
    model["roles"] = roles;
    add_errors(model, errors);
    return c.page("user_new", errors.empty() ? "Add a user" : "Error: Add a user", model, status);
}

}  // namespace

Result<Response> users(Ctx& c)
{
    return users_page(c, "", "");
}

Result<Response> user_new(Ctx& c)
{
    return user_form(c, nlohmann::json::object(), {}, 200);
}

Result<Response> user_create(Ctx& c)
{
    nlohmann::json model = {{"display_name", c.form.get("display_name")},
                            {"email", c.form.get("email")},
                            {"role", c.form.get("role")},
                            {"agency", c.form.get("agency")}};
    User u;
    u.display_name = c.form.get("display_name");
    u.email = normalise_email(c.form.get("email"));
    auto role = parse_role(c.form.get("role"));
    std::vector<Error> errors;
    if (!role) errors.push_back(Error::invalid("Choose a role.", "role-admin"));
    u.role = role.value_or(Role::Viewer);
    if (!c.form.get("agency").empty()) {
        auto agency = parse_id(c.form.get("agency"));
        if (!agency)
            errors.push_back(Error::invalid("Choose an agency from the list.", "agency"));
        else
            u.agency = AgencyId{*agency};
    }
    for (auto& e : validate(u)) errors.push_back(std::move(e));
    if (!errors.empty()) return user_form(c, model, errors, 400);
    auto account = service::create_account(c.db, c.who->user, c.actor(), u);
    if (!account) {
        if (account.error().kind == Error::Kind::Invalid || account.error().kind == Error::Kind::Conflict)
            return user_form(c, model, {account.error()}, account.error().kind == Error::Kind::Conflict ? 409 : 400);
        return std::unexpected(account.error());
    }
    return users_page(c, u.email, account->password);
}

Result<Response> user_unlock(Ctx& c)
{
    return user_change(c, service::unlock_user, "{} can sign in again at once.");
}

Result<Response> user_deactivate(Ctx& c)
{
    return user_change(c, service::deactivate_user,
                       "{} is deactivated: their sessions and API tokens have ended, and they cannot sign in.");
}

Result<Response> user_reactivate(Ctx& c)
{
    return user_change(c, service::reactivate_user,
                       "{} is active again. Their API tokens do not come back: they create new ones.");
}

namespace {

// The model of one practitioner's allocations: each context with what its
// Remove button needs to come back to the page it was pressed on.
nlohmann::json allocated_model(const User& u, const std::vector<service::AllocatedContext>& theirs, std::int64_t page,
                               const char* back)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& ctx : theirs)
        list.push_back({{"id", std::to_string(ctx.context.value)},
                        {"name", ctx.name},
                        {"user_id", std::to_string(u.id.value)},
                        {"user_name", u.display_name},
                        {"page", std::to_string(page)}});
    return {{"user_id", std::to_string(u.id.value)},
            {"name", u.display_name},
            {"page", std::to_string(page)},
            {"back", back},
            {"contexts", list},
            {"has_contexts", !list.empty()}};
}

std::string allocation_banner(const std::string& done)
{
    return done == "added" ? "The context was allocated." : done == "removed" ? "The allocation was removed." : "";
}

// Where an allocation form returns to: the practitioner's own page, or the
// page of the list of practitioners it was sent from.
std::string allocation_return(Ctx& c, UserId practitioner, const char* done)
{
    auto page = parse_id(c.form.get("page")).value_or(1);
    if (c.form.get("back") == "practitioner")
        return fmt::format("/allocations/{}?page={}&done={}", practitioner.value, page, done);
    return fmt::format("/allocations?page={}&done={}", page, done);
}

}  // namespace

Result<Response> allocations(Ctx& c)
{
    // Ten practitioners a page, each with their first ten contexts (the rest
    // on their own page); a context is allocated by typing its name.
    constexpr std::int64_t kPerPage = 10;
    constexpr std::int64_t kShownEach = 10;
    auto allocations = TRY(
        service::allocations_page(c.db, c.who->user, parse_id(c.query.get("page")).value_or(1), kPerPage, kShownEach));
    nlohmann::json practitioners = nlohmann::json::array();
    for (const auto& a : allocations.items) {
        auto model = allocated_model(a.practitioner, a.contexts, allocations.number, "");
        model["more"] = a.total > std::ssize(a.contexts);
        model["total"] = std::to_string(a.total);
        practitioners.push_back(std::move(model));
    }
    nlohmann::json model = {{"practitioners", practitioners},
                            {"pagination", pagination("/allocations", {}, allocations.number, allocations.pages())},
                            {"showing", showing(allocations)},
                            {"banner", allocation_banner(c.query.get("done"))}};
    add_errors(model, {});
    return c.page("allocations", "Allocations", model);
}

Result<Response> practitioner_allocations(Ctx& c)
{
    constexpr std::int64_t kPerPage = 25;
    UserId id{c.id(0)};
    auto theirs = TRY(
        service::practitioner_allocations(c.db, c.who->user, id, parse_id(c.query.get("page")).value_or(1), kPerPage));
    auto model = allocated_model(theirs.practitioner, theirs.contexts.items, theirs.contexts.number, "practitioner");
    model["allocated"] = theirs.contexts.total == 0
                             ? std::string("None is allocated yet")
                             : text::count(theirs.contexts.total, "context is allocated", "contexts are allocated");
    model["showing"] = showing(theirs.contexts);
    model["pagination"] =
        pagination(fmt::format("/allocations/{}", id.value), {}, theirs.contexts.number, theirs.contexts.pages());
    model["banner"] = allocation_banner(c.query.get("done"));
    add_errors(model, {});
    return c.page("allocation", "Allocations: " + theirs.practitioner.display_name, model);
}

Result<Response> allocation_add(Ctx& c)
{
    // By id from a form that lists contexts, or by the name typed.
    UserId practitioner{c.id(0)};
    auto context = parse_id(c.form.get("context"));
    ContextId id = context
                       ? ContextId{*context}
                       : TRY(service::context_called(c.db, c.who->user, c.form.get("context_name"), "context_name"));
    TRY(service::allocate(c.db, c.who->user, c.actor(), practitioner, id));
    return c.redirect(allocation_return(c, practitioner, "added"));
}

Result<Response> allocation_remove(Ctx& c)
{
    UserId practitioner{c.id(0)};
    TRY(service::deallocate(c.db, c.who->user, c.actor(), practitioner, ContextId{c.id(1)}));
    // Back to the page the practitioner is on.
    return c.redirect(allocation_return(c, practitioner, "removed"));
}

}  // namespace trellis::web::handlers

namespace trellis::web::handlers {

Result<Response> user_sign_off(Ctx& c)
{
    UserId id{c.id(0)};
    auto user = TRY(service::account(c.db, c.who->user, id));
    std::string can = c.form.get("can");
    if (can != "yes" && can != "no")
        return std::unexpected(Error::invalid("Choose whether they may sign off decisions.", "can"));
    auto set = service::set_sign_off(c.db, c.who->user, c.actor(), id, can == "yes");
    if (!set && set.error().kind == Error::Kind::Invalid) return users_page(c, "", "", "", {set.error()}, 400);
    TRY(std::move(set));
    return users_page(c, "", "",
                      can == "yes"
                          ? fmt::format("{} may now sign off decisions to close or step down a context.", user.email)
                          : fmt::format("{} may no longer sign off decisions.", user.email));
}

}  // namespace trellis::web::handlers
