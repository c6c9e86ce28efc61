#include "store/session_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::store {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.partnership_id, u.email, u.display_name, u.role, u.agency_id, u.active, u.created_at";

}  // namespace

namespace sessions {

Result<void> create(Connection& db, const std::string& id_hash, UserId user, const std::string& csrf,
                    std::int64_t now_unix, const std::string& address)
{
    TRY(
        db.query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_unix, seen_unix, address) "
                 "VALUES ($1, $2, $3, $4, $4, $5)",
                 {id_hash, user.value, csrf, now_unix, address}));
    return {};
}

Result<std::optional<Record>> find(Connection& db, const std::string& id_hash)
{
    auto rows = TRY(db.query(std::string("SELECT ") + kUserColumns +
                                 ", s.csrf_token, s.created_unix, s.seen_unix FROM sessions s "
                                 "JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND u.active = 1",
                             {id_hash}));
    if (rows.empty()) return std::optional<Record>{};
    const Row& r = rows.first();
    return std::optional<Record>{Record{users::user_from_row(r), r.text(8), r.integer(9), r.integer(10)}};
}

Result<void> touch(Connection& db, const std::string& id_hash, std::int64_t now_unix)
{
    TRY(db.query("UPDATE sessions SET seen_unix = $1 WHERE id_hash = $2", {now_unix, id_hash}));
    return {};
}

Result<void> remove(Connection& db, const std::string& id_hash)
{
    TRY(db.query("DELETE FROM sessions WHERE id_hash = $1", {id_hash}));
    return {};
}

Result<void> remove_for_user(Connection& db, UserId user)
{
    TRY(db.query("DELETE FROM sessions WHERE user_id = $1", {user.value}));
    return {};
}

Result<void> remove_expired(Connection& db, std::int64_t idle_before_unix, std::int64_t created_before_unix)
{
    TRY(db.query("DELETE FROM sessions WHERE seen_unix < $1 OR created_unix < $2",
                 {idle_before_unix, created_before_unix}));
    return {};
}

Result<std::int64_t> count_live(Connection& db, std::int64_t seen_since_unix, std::int64_t created_since_unix)
{
    auto r = TRY(db.query("SELECT COUNT(*) FROM sessions WHERE seen_unix >= $1 AND created_unix >= $2",
                          {seen_since_unix, created_since_unix}));
    return r.first().integer(0);
}

}  // namespace sessions

namespace sign_in_failures {

Result<void> record(Connection& db, const std::string& email, const std::string& address, std::int64_t now_unix)
{
    TRY(db.query("INSERT INTO sign_in_failures (email, address, at_unix) VALUES ($1, $2, $3)",
                 {email, address, now_unix}));
    return {};
}

Result<Tally> for_email(Connection& db, const std::string& email, std::int64_t since_unix)
{
    auto rows = TRY(
        db.query("SELECT COUNT(*), COALESCE(MAX(at_unix), 0) FROM sign_in_failures WHERE email = $1 AND at_unix >= $2",
                 {email, since_unix}));
    return Tally{rows.first().integer(0), rows.first().integer(1)};
}

Result<Tally> for_address(Connection& db, const std::string& address, std::int64_t since_unix)
{
    auto rows = TRY(db.query(
        "SELECT COUNT(*), COALESCE(MAX(at_unix), 0) FROM sign_in_failures WHERE address = $1 AND at_unix >= $2",
        {address, since_unix}));
    return Tally{rows.first().integer(0), rows.first().integer(1)};
}

Result<void> clear_email(Connection& db, const std::string& email)
{
    TRY(db.query("DELETE FROM sign_in_failures WHERE email = $1", {email}));
    return {};
}

}  // namespace sign_in_failures

namespace known_devices {

Result<void> remember(Connection& db, const std::string& token_hash, UserId user, std::int64_t now_unix)
{
    TRY(db.query("DELETE FROM known_devices WHERE token_hash = $1", {token_hash}));
    TRY(db.query("INSERT INTO known_devices (token_hash, user_id, created_unix, seen_unix) VALUES ($1, $2, $3, $3)",
                 {token_hash, user.value, now_unix}));
    return {};
}

Result<bool> known(Connection& db, const std::string& token_hash, UserId user)
{
    auto rows =
        TRY(db.query("SELECT 1 FROM known_devices WHERE token_hash = $1 AND user_id = $2", {token_hash, user.value}));
    return !rows.empty();
}

Result<void> forget(Connection& db, const std::string& token_hash)
{
    TRY(db.query("DELETE FROM known_devices WHERE token_hash = $1", {token_hash}));
    return {};
}

}  // namespace known_devices

namespace api_tokens {

Result<std::int64_t> create(Connection& db, UserId user, const std::string& token_hash, const std::string& label,
                            std::int64_t expires_unix, bool read_only)
{
    auto rows =
        TRY(db.query("INSERT INTO api_tokens (user_id, token_hash, label, created_at, expires_unix, read_only) "
                     "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                     {user.value, token_hash, label, now_utc(), expires_unix, std::int64_t{read_only ? 1 : 0}}));
    return rows.first().integer(0);
}

Result<std::optional<Holder>> find_user(Connection& db, const std::string& token_hash, std::int64_t now_unix)
{
    auto rows =
        TRY(db.query(std::string("SELECT ") + kUserColumns +
                         ", t.id, t.read_only, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
                         "WHERE t.token_hash = $1 AND u.active = 1 AND t.expires_unix > $2",
                     {token_hash, now_unix}));
    if (rows.empty()) return std::optional<Holder>{};
    // When a token was last used is kept to the minute, as a session's last
    // request is: written for every request, it made each call of a script a
    // write, on SQLite committed and flushed to disk before the answer.
    if (rows.first().text(10) < now_utc(std::chrono::seconds{-60}))
        TRY(db.query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {now_utc(), rows.first().integer(8)}));
    return std::optional<Holder>{Holder{users::user_from_row(rows.first()), rows.first().integer(9) != 0}};
}

Result<std::vector<TokenInfo>> list(Connection& db, UserId user)
{
    auto rows =
        TRY(db.query("SELECT id, label, created_at, last_used_at, expires_unix, read_only FROM api_tokens "
                     "WHERE user_id = $1 ORDER BY id",
                     {user.value}));
    std::vector<TokenInfo> out;
    for (const auto& r : rows.rows)
        out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4), r.integer(5) != 0});
    return out;
}

Result<void> revoke(Connection& db, UserId user, std::int64_t id)
{
    auto r = TRY(db.query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2", {id, user.value}));
    if (r.affected == 0) return std::unexpected(Error::not_found("There is no such token."));
    return {};
}

Result<void> remove_for_user(Connection& db, UserId user)
{
    TRY(db.query("DELETE FROM api_tokens WHERE user_id = $1", {user.value}));
    return {};
}

}  // namespace api_tokens

}  // namespace trellis::store
