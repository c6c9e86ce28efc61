#include "service/users.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/passwords.hpp"
#include "store/audit_repo.hpp"
#include "store/partnership_repo.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"

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
    TRY(store::sessions::remove_for_user(db, id));    // a new password ends every open session
    TRY(store::api_tokens::remove_for_user(db, id));  // and every API token
    TRY(store::audit::record(db, actor, {p, "update", "user", id.value, std::nullopt, "password"}));
    TRY(tx.commit());
    return {};
}

Result<SignInResult> sign_in(store::Connection& db, const SignInAttempt& a, const SignInRules& rules)
{
    SignInResult result;
    auto email = normalise_email(a.email);
    auto found = store::users::find_with_hash(db, email);
    if (!found && found.error().kind != Error::Kind::NotFound) return std::unexpected(found.error());
    bool known = false;
    if (found && !a.device.empty()) known = TRY(store::known_devices::known(db, token_hash(a.device), found->first.id));
    if (!known) {
        auto since = a.now_unix - rules.window_seconds;
        auto by_email = TRY(store::sign_in_failures::for_email(db, email, since));
        auto by_address = TRY(store::sign_in_failures::for_address(db, a.address, since));
        auto wait =
            std::max(sign_in_wait(by_email.count, rules.free_per_account, by_email.latest_unix, a.now_unix),
                     sign_in_wait(by_address.count, rules.free_per_address, by_address.latest_unix, a.now_unix));
        if (wait > 0) {
            result.outcome = SignInResult::Outcome::Wait;
            result.wait_seconds = wait;
            return result;
        }
    }
    // Verify against a fixed hash when the account does not exist, so timing
    // does not reveal which addresses have accounts.
    static const std::string kDummy = hash_password("not a real password at all").value_or("");
    bool ok = found ? verify_password(found->second, a.password) : (verify_password(kDummy, a.password), false);
    if (!ok || !found->first.active) {
        TRY(store::sign_in_failures::record(db, email, a.address, a.now_unix));
        result.outcome = SignInResult::Outcome::Wrong;
        return result;
    }
    // A hash made at another cost (an account from a test suite's run) is
    // made again at the interactive cost, while the password is at hand. A
    // server at the minimum cost never remakes one: it would weaken it.
    std::optional<std::string> rehashed;
    if (password_cost() == PasswordCost::Interactive && password_needs_rehash(found->second))
        rehashed = TRY(hash_password(a.password));
    // A new session id and a new device token at every sign-in; only hashes are stored.
    result.user = found->first;
    result.session = random_token(32);
    result.csrf = random_token(32);
    result.device = random_token(32);
    auto tx = TRY(store::Transaction::begin(db));
    TRY(store::sessions::remove_expired(db, a.now_unix - a.session_idle_seconds, a.now_unix - a.session_max_seconds));
    // A known browser does not reset the count: the failures came from elsewhere,
    // and whoever is guessing still waits.
    if (!known) TRY(store::sign_in_failures::clear_email(db, email));
    if (rehashed) TRY(store::users::set_password_hash(db, result.user.partnership, result.user.id, *rehashed));
    TRY(store::sessions::create(db, token_hash(result.session), result.user.id, result.csrf, a.now_unix, a.address));
    if (known) TRY(store::known_devices::forget(db, token_hash(a.device)));
    TRY(store::known_devices::remember(db, token_hash(result.device), result.user.id, a.now_unix));
    TRY(store::audit::record(
        db, {result.user.id, result.user.display_name, a.address},
        {result.user.partnership, "sign-in", "user", result.user.id.value, {}, known ? "known browser" : ""}));
    TRY(tx.commit());
    result.outcome = SignInResult::Outcome::SignedIn;
    return result;
}

Result<bool> sign_in_locked(store::Connection& db, const User& user, const SignInRules& rules, std::int64_t now_unix)
{
    auto tally = TRY(store::sign_in_failures::for_email(db, user.email, now_unix - rules.window_seconds));
    return tally.count >= rules.free_per_account;
}

Result<void> unlock_user(store::Connection& db, PartnershipId p, UserId id, const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    auto user = TRY(store::users::get(db, p, id));
    TRY(store::sign_in_failures::clear_email(db, user.email));
    TRY(store::audit::record(db, actor, {p, "unlock", "user", id.value, std::nullopt, ""}));
    return tx.commit();
}

Result<void> deactivate_user(store::Connection& db, PartnershipId p, UserId id, const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    auto user = TRY(store::users::get(db, p, id));
    if (!user.active) return std::unexpected(Error::conflict(fmt::format("{} is already deactivated.", user.email)));
    if (user.role == Role::Admin && TRY(store::users::count_active(db, p, Role::Admin)) <= 1)
        return std::unexpected(Error::conflict(
            fmt::format("{} is the last active admin: add or reactivate another admin first, so someone can still "
                        "manage accounts.",
                        user.email)));
    TRY(store::users::set_active(db, p, id, false));
    TRY(store::sessions::remove_for_user(db, id));
    TRY(store::api_tokens::remove_for_user(db, id));
    TRY(store::audit::record(db, actor, {p, "deactivate", "user", id.value, std::nullopt, ""}));
    return tx.commit();
}

Result<void> reactivate_user(store::Connection& db, PartnershipId p, UserId id, const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    auto user = TRY(store::users::get(db, p, id));
    if (user.active) return std::unexpected(Error::conflict(fmt::format("{} is already active.", user.email)));
    TRY(store::users::set_active(db, p, id, true));
    TRY(store::sign_in_failures::clear_email(db, user.email));
    TRY(store::audit::record(db, actor, {p, "reactivate", "user", id.value, std::nullopt, ""}));
    return tx.commit();
}

Result<NewToken> create_api_token(store::Connection& db, const User& owner, const std::string& label, int days,
                                  bool read_only, const Actor& actor, std::int64_t now_unix)
{
    if (auto e = text::check(label, "Token label", "label", {.min = 1, .max = 60})) return std::unexpected(*e);
    if (days < 1 || days > kTokenMaxDays)
        return std::unexpected(
            Error::invalid(fmt::format("Choose how many days the token lasts, from 1 to {}.", kTokenMaxDays), "days"));
    NewToken t;
    t.token = "trellis_" + random_token(32);
    t.expires_unix = now_unix + std::int64_t{days} * 86400;
    auto tx = TRY(store::Transaction::begin(db));
    t.id = TRY(store::api_tokens::create(db, owner.id, token_hash(t.token), text::collapse_space(label), t.expires_unix,
                                         read_only));
    TRY(store::audit::record(db, actor,
                             {owner.partnership, "create", "api_token", t.id, std::nullopt,
                              fmt::format("days={}{}", days, read_only ? " read-only" : "")}));
    TRY(tx.commit());
    return t;
}

Result<void> revoke_api_token(store::Connection& db, const User& owner, std::int64_t id, const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    TRY(store::api_tokens::revoke(db, owner.id, id));
    TRY(store::audit::record(db, actor, {owner.partnership, "revoke", "api_token", id, std::nullopt, ""}));
    return tx.commit();
}

Result<void> sign_out(store::Connection& db, const User& user, const std::string& session_hash, const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    TRY(store::sessions::remove(db, session_hash));
    TRY(store::audit::record(db, actor, {user.partnership, "sign-out", "user", user.id.value, {}, ""}));
    return tx.commit();
}

Result<std::int64_t> live_sessions(store::Connection& db, std::int64_t now_unix, std::int64_t idle_seconds,
                                   std::int64_t max_seconds)
{
    return store::sessions::count_live(db, now_unix - idle_seconds, now_unix - max_seconds);
}

Result<std::optional<SessionRecord>> session_for(store::Connection& db, const std::string& session_hash,
                                                 std::int64_t now_unix, std::int64_t idle_seconds,
                                                 std::int64_t max_seconds)
{
    auto found = TRY(store::sessions::find(db, session_hash));
    if (!found) return found;
    // Ending or touching a session is housekeeping: when the write fails (a busy
    // database), the request goes on and the next one tries again.
    if (now_unix - found->seen_unix > idle_seconds || now_unix - found->created_unix > max_seconds) {
        (void)store::sessions::remove(db, session_hash);
        return std::optional<SessionRecord>{};
    }
    if (now_unix - found->seen_unix > 60) (void)store::sessions::touch(db, session_hash, now_unix);
    return found;
}

Result<std::optional<TokenHolder>> token_holder(store::Connection& db, const std::string& token_hash,
                                                std::int64_t now_unix)
{
    return store::api_tokens::find_user(db, token_hash, now_unix);
}

Result<std::vector<TokenInfo>> api_tokens_of(store::Connection& db, const User& owner)
{
    return store::api_tokens::list(db, owner.id);
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
