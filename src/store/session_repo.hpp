// Signing in: browser sessions, failed attempts, known browsers and API tokens.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::store::sessions {
using Record = SessionRecord;
// Sessions are keyed by a hash of the cookie value: a copy of the table does
// not hand anyone a live session.
Result<void> create(Connection& db, const std::string& id_hash, UserId user, const std::string& csrf,
                    std::int64_t now_unix, const std::string& address);
// Only sessions of active users; nullopt when missing.
Result<std::optional<Record>> find(Connection& db, const std::string& id_hash);
Result<void> touch(Connection& db, const std::string& id_hash, std::int64_t now_unix);
Result<void> remove(Connection& db, const std::string& id_hash);
Result<void> remove_for_user(Connection& db, UserId user);
Result<void> remove_expired(Connection& db, std::int64_t idle_before_unix, std::int64_t created_before_unix);
// Sessions seen since the first time and created since the second.
Result<std::int64_t> count_live(Connection& db, std::int64_t seen_since_unix, std::int64_t created_since_unix);
}  // namespace trellis::store::sessions

namespace trellis::store::sign_in_failures {
struct Tally {
    std::int64_t count = 0;
    std::int64_t latest_unix = 0;  // the most recent failure, 0 when none
};
Result<void> record(Connection& db, const std::string& email, const std::string& address, std::int64_t now_unix);
Result<Tally> for_email(Connection& db, const std::string& email, std::int64_t since_unix);
Result<Tally> for_address(Connection& db, const std::string& address, std::int64_t since_unix);
Result<void> clear_email(Connection& db, const std::string& email);
}  // namespace trellis::store::sign_in_failures

// Browsers that have signed in to an account: each holds a random cookie whose
// hash is kept here, and a known browser is not held back by that account's
// sign-in lock.
namespace trellis::store::known_devices {
Result<void> remember(Connection& db, const std::string& token_hash, UserId user, std::int64_t now_unix);
Result<bool> known(Connection& db, const std::string& token_hash, UserId user);
Result<void> forget(Connection& db, const std::string& token_hash);
}  // namespace trellis::store::known_devices

namespace trellis::store::api_tokens {
using trellis::TokenInfo;
using Holder = TokenHolder;
Result<std::int64_t> create(Connection& db, UserId user, const std::string& token_hash, const std::string& label,
                            std::int64_t expires_unix, bool read_only);
// The active owner of a token that has not expired; nullopt otherwise.
Result<std::optional<Holder>> find_user(Connection& db, const std::string& token_hash, std::int64_t now_unix);
Result<std::vector<TokenInfo>> list(Connection& db, UserId user);
Result<void> revoke(Connection& db, UserId user, std::int64_t id);
Result<void> remove_for_user(Connection& db, UserId user);
}  // namespace trellis::store::api_tokens
