// Answers to API requests that carried an Idempotency-Key, kept per user for a
// day, so a client that retries on a bad connection gets the first answer
// instead of creating a record twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/ids.hpp"
#include "store/connection.hpp"

namespace trellis::store::idempotency {

struct Answer {
    std::string request_hash;  // of the method, path and body the key was first used with
    int status = 0;
    std::string content_type;
    std::string body;
    std::string location;  // the Location header, when the answer had one
};

// The answer kept for (user, key) since `since_unix`, if any.
Result<std::optional<Answer>> find(Connection& db, UserId user, const std::string& key, std::int64_t since_unix);

// Keeps an answer; Conflict when the key was taken meanwhile. Forgets the
// user's answers older than `expired_before_unix` on the way (an expired key
// may then be used again).
Result<void> keep(Connection& db, UserId user, const std::string& key, const Answer& answer, std::int64_t now_unix,
                  std::int64_t expired_before_unix);

}  // namespace trellis::store::idempotency
