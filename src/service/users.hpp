// Account management used by the command line and, later, the admin pages.
#pragma once

#include "domain/audit.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trellis::service {

// Validates the password, hashes it and creates the user, audited, in one
// transaction. Conflict when the email address already has an account.
Result<UserId> add_user(store::Connection& db, const User& user, std::string_view password, const Actor& actor);

Result<void> set_password(store::Connection& db, PartnershipId p, UserId id, std::string_view password,
                          const Actor& actor);

// Sign in with an email address and password from a browser that may hold a
// device token from an earlier sign-in to the same account.
struct SignInAttempt {
    std::string email;
    std::string password;
    std::string address;  // the client's address (after any trusted proxy)
    std::string device;   // the browser's device cookie, or ""
    std::int64_t now_unix = 0;
    std::int64_t session_idle_seconds = 30 * 60;  // sessions idle longer are swept at sign-in
    std::int64_t session_max_seconds = 12 * 60 * 60;
};
struct SignInResult {
    enum class Outcome { SignedIn, Wrong, Wait };
    Outcome outcome = Outcome::Wrong;
    std::int64_t wait_seconds = 0;  // for Wait
    User user;                      // for SignedIn: with the tokens for its cookies
    std::string session;
    std::string csrf;
    std::string device;
};
Result<SignInResult> sign_in(store::Connection& db, const SignInAttempt& attempt, const SignInRules& rules);

// True when the account is held back now (its failures in the window call for a wait).
Result<bool> sign_in_locked(store::Connection& db, const User& user, const SignInRules& rules, std::int64_t now_unix);

// Lets the account sign in at once again: its failures are forgotten. Audited.
Result<void> unlock_user(store::Connection& db, PartnershipId p, UserId id, const Actor& actor);

// Deactivating ends the user's sessions and API tokens at once; the last
// active admin of a partnership cannot be deactivated (Conflict). Audited.
Result<void> deactivate_user(store::Connection& db, PartnershipId p, UserId id, const Actor& actor);
Result<void> reactivate_user(store::Connection& db, PartnershipId p, UserId id, const Actor& actor);

// A new API token for the user, ending after `days` (1 to kTokenMaxDays).
// Returns the token itself: only its hash is stored. Audited.
struct NewToken {
    std::int64_t id = 0;
    std::string token;
    std::int64_t expires_unix = 0;
};
// A read-only token may only read (GET), for reporting tools.
Result<NewToken> create_api_token(store::Connection& db, const User& owner, const std::string& label, int days,
                                  bool read_only, const Actor& actor, std::int64_t now_unix);
Result<void> revoke_api_token(store::Connection& db, const User& owner, std::int64_t id, const Actor& actor);

// Ends a browser session (by the hash of its cookie) and audits the sign-out.
Result<void> sign_out(store::Connection& db, const User& user, const std::string& session_hash, const Actor& actor);

// How many browser sessions are live, across every partnership (for metrics).
Result<std::int64_t> live_sessions(store::Connection& db, std::int64_t now_unix, std::int64_t idle_seconds,
                                   std::int64_t max_seconds);

// The live session a cookie's hash names: nullopt when there is none, or it
// has been idle for longer than `idle_seconds` or lived longer than
// `max_seconds` (it is then ended). Marks it seen, at most once a minute.
Result<std::optional<SessionRecord>> session_for(store::Connection& db, const std::string& session_hash,
                                                 std::int64_t now_unix, std::int64_t idle_seconds,
                                                 std::int64_t max_seconds);

// The active owner of an API token (by its hash) that has not expired.
Result<std::optional<TokenHolder>> token_holder(store::Connection& db, const std::string& token_hash,
                                                std::int64_t now_unix);

// The user's own API tokens (never the tokens themselves).
Result<std::vector<TokenInfo>> api_tokens_of(store::Connection& db, const User& owner);

// The partnership named by slug, or the only one when slug is empty.
Result<Partnership> resolve_partnership(store::Connection& db, std::string_view slug);

}  // namespace trellis::service
