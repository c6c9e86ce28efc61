#include "store/idempotency.hpp"

namespace trellis::store::idempotency {

Result<std::optional<Answer>> find(Connection& db, UserId user, const std::string& key, std::int64_t since_unix)
{
    auto rows =
        TRY(db.query("SELECT request_hash, status, content_type, body, location FROM idempotency_keys "
                     "WHERE user_id = $1 AND idem_key = $2 AND created_unix >= $3",
                     {user.value, key, since_unix}));
    if (rows.empty()) return std::optional<Answer>{};
    const auto& r = rows.first();
    return std::optional<Answer>{Answer{r.text(0), static_cast<int>(r.integer(1)), r.text(2), r.text(3), r.text(4)}};
}

Result<void> keep(Connection& db, UserId user, const std::string& key, const Answer& answer, std::int64_t now_unix,
                  std::int64_t expired_before_unix)
{
    TRY(db.query("DELETE FROM idempotency_keys WHERE user_id = $1 AND created_unix < $2",
                 {user.value, expired_before_unix}));
    TRY(
        db.query("INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status, content_type, body, location, "
                 "created_unix) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                 {user.value, key, answer.request_hash, std::int64_t{answer.status}, answer.content_type, answer.body,
                  answer.location, now_unix}));
    return {};
}

}  // namespace trellis::store::idempotency
