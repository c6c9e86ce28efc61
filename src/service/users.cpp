#include "service/users.hpp"

#include <fmt/format.h>

#include "service/passwords.hpp"
#include "store/repos.hpp"

namespace trellis::service {

Result<UserId> add_user(store::Connection& db, const User& user, std::string_view password, const Actor& actor)
{
    if (auto e = check_password_strength(password, user.email)) return std::unexpected(*e);
    if (auto errors = validate(user); !errors.empty()) return std::unexpected(errors.front());
    auto hash = TRY(hash_password(password));  // before the transaction: it is slow
    auto tx = TRY(store::Transaction::begin(db));
    UserId id = TRY(store::users::create(db, user, hash));
    TRY(store::audit::record(
        db, actor,
        {user.partnership, "create", "user", id.value, std::nullopt, fmt::format("role={}", to_string(user.role))}));
    TRY(tx.commit());
    return id;
}

Result<void> set_password(store::Connection& db, PartnershipId p, UserId id, std::string_view password,
                          const Actor& actor)
{
    if (auto e = check_password_strength(password, "")) return std::unexpected(*e);
    auto hash = TRY(hash_password(password));
    auto tx = TRY(store::Transaction::begin(db));
    TRY(store::users::set_password_hash(db, p, id, hash));
    TRY(store::sessions::remove_for_user(db, id));  // a new password ends every open session
    TRY(store::audit::record(db, actor, {p, "update", "user", id.value, std::nullopt, "password"}));
    TRY(tx.commit());
    return {};
}

Result<Partnership> resolve_partnership(store::Connection& db, std::string_view slug)
{
    if (!slug.empty()) return store::partnerships::find_by_slug(db, slug);
    auto all = TRY(store::partnerships::list(db));
    if (all.empty())
        return std::unexpected(
            Error::not_found("There is no partnership yet; run `trellis demo` or `trellis partnership add`."));
    if (all.size() > 1)
        return std::unexpected(
            Error::invalid("This install holds several partnerships; name one with --partnership.", "partnership"));
    return all.front();
}

}  // namespace trellis::service
