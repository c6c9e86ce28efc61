// Running the partnership on the API (admins, and leads for allocations):
// accounts, allocations of practitioners to contexts, and the partnership's
// own lexicon entries.
#include <nlohmann/json.hpp>

#include "service/administration.hpp"
#include "service/users.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

Json user_json(const User& u)
{
    return {{"id", u.id.value},
            {"email", u.email},
            {"display_name", u.display_name},
            {"role", to_string(u.role)},
            {"agency", u.agency ? Json(u.agency->value) : Json()},
            {"active", u.active},
            {"created_at", u.created_at}};
}

Json entry_json(const LexiconEntry& e)
{
    return {{"id", e.id},
            {"key", e.key},
            {"phrases", e.phrases},
            {"tier", e.tier},
            {"category", e.category},
            {"alternative", e.alternative},
            {"why", e.why},
            {"source_title", e.source_title}};
}

Result<Response> user_change(Ctx& c, Result<void> (*change)(store::Connection&, PartnershipId, UserId, const Actor&))
{
    UserId id{c.id(0)};
    TRY(service::account(c.db, c.who->user, id));
    TRY(change(c.db, c.partnership(), id, c.actor()));
    return c.json_response(user_json(TRY(service::account(c.db, c.who->user, id))));
}
}  // namespace

Result<Response> api_users(Ctx& c)
{
    // By id, read a page at a time: the cursor is the last id.
    auto page = TRY(page_request(c.query));
    auto after = TRY(typed_id_cursor<UserId>(page));
    Json fetched = Json::array();
    for (const auto& u : TRY(service::users_after(c.db, c.who->user, after, static_cast<std::int64_t>(page.limit) + 1)))
        fetched.push_back(user_json(u));
    return c.json_response(page_of(c, "users", std::move(fetched), page,
                                   [](const Json& item) { return std::to_string(item.at("id").get<std::int64_t>()); }));
}

Result<Response> api_user_create(Ctx& c)
{
    User u;
    u.email = TRY(required_text(c.json, "email"));
    u.display_name = TRY(required_text(c.json, "display_name"));
    u.role = TRY(required_choice(c.json, "role", kRoles));
    if (auto agency = TRY(id_member(c.json, "agency", "the id of the user's agency"))) u.agency = AgencyId{*agency};
    auto account = TRY(service::create_account(c.db, c.who->user, c.actor(), u));
    auto out = user_json(TRY(service::account(c.db, c.who->user, account.id)));
    // Shown once: give it to the user by a safe route; they change it when they sign in.
    out["password"] = account.password;
    return c.json_response(out, 201);
}

Result<Response> api_user_unlock(Ctx& c)
{
    return user_change(c, service::unlock_user);
}

Result<Response> api_user_deactivate(Ctx& c)
{
    return user_change(c, service::deactivate_user);
}

Result<Response> api_user_reactivate(Ctx& c)
{
    return user_change(c, service::reactivate_user);
}

Result<Response> api_allocations(Ctx& c)
{
    // Practitioners by id, read a page at a time: the cursor is the last id.
    auto page = TRY(page_request(c.query));
    auto after = TRY(typed_id_cursor<UserId>(page));
    Json fetched = Json::array();
    for (const auto& a :
         TRY(service::allocations_after(c.db, c.who->user, after, static_cast<std::int64_t>(page.limit) + 1))) {
        Json contexts = Json::array();
        for (const auto& allocated : a.contexts) contexts.push_back(allocated.context.value);
        fetched.push_back(
            {{"id", a.practitioner.id.value}, {"display_name", a.practitioner.display_name}, {"contexts", contexts}});
    }
    return c.json_response(page_of(c, "practitioners", std::move(fetched), page,
                                   [](const Json& item) { return std::to_string(item.at("id").get<std::int64_t>()); }));
}

Result<Response> api_allocation_put(Ctx& c)
{
    TRY(service::allocate(c.db, c.who->user, c.actor(), UserId{c.id(0)}, ContextId{c.id(1)}));
    return no_content();
}

Result<Response> api_allocation_delete(Ctx& c)
{
    TRY(service::deallocate(c.db, c.who->user, c.actor(), UserId{c.id(0)}, ContextId{c.id(1)}));
    return no_content();
}

Result<Response> api_lexicon(Ctx& c)
{
    auto page = TRY(page_request(c.query));
    Json out = Json::array();
    for (const auto& e : TRY(service::lexicon_entries(c.db, c.who->user))) out.push_back(entry_json(e));
    return c.json_response(TRY(paged(c, "entries", out, page)));
}

Result<Response> api_lexicon_add(Ctx& c)
{
    LexiconEntry e;
    e.key = TRY(required_text(c.json, "key"));
    if (!c.json.contains("phrases") || !c.json["phrases"].is_array())
        return std::unexpected(Error::invalid("\"phrases\" must be a list of phrases.", "phrases"));
    for (const auto& p : c.json["phrases"]) {
        if (!p.is_string()) return std::unexpected(Error::invalid("\"phrases\" must be a list of phrases.", "phrases"));
        e.phrases.push_back(p.get<std::string>());
    }
    e.tier = TRY(required_text(c.json, "tier"));
    if (e.tier != "avoid" && e.tier != "caution" && e.tier != "preferred")
        return std::unexpected(Error::invalid("\"tier\" must be avoid, caution or preferred.", "tier"));
    e.category = TRY(text_member(c.json, "category")).value_or("");
    e.alternative = TRY(text_member(c.json, "alternative")).value_or("");
    e.why = TRY(text_member(c.json, "why")).value_or("");
    e.source_title = TRY(text_member(c.json, "source_title")).value_or("");
    e.id = TRY(service::add_lexicon_entry(c.db, c.who->user, c.actor(), c.app.lenses(), e));
    return c.json_response(entry_json(e), 201);
}

Result<Response> api_lexicon_remove(Ctx& c)
{
    TRY(service::remove_lexicon_entry(c.db, c.who->user, c.actor(), c.id(0)));
    return no_content();
}

}  // namespace trellis::web::handlers
