// Requests that carry an Idempotency-Key run at most once per user and key:
// a client that retries on a bad connection gets the first answer back
// instead of creating a record twice. Answers are kept for a day.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "domain/ids.hpp"
#include "store/connection.hpp"
#include "store/idempotency.hpp"

namespace trellis::service {

// The answer given to the request that first used a key.
using KeptAnswer = store::idempotency::Answer;

struct Once {
    enum class Outcome { Answered, Replayed, KeyReused };
    Outcome outcome = Outcome::Answered;
    KeptAnswer answer;  // the new answer, or the kept one replayed
};

inline constexpr std::int64_t kKeptAnswerSeconds = 24 * 60 * 60;

// Runs `answer` unless an answer is kept for (user, key): the request, its
// answer and the kept key commit in one transaction, so a retry either finds
// the answer or finds nothing done. An answer of status 500 or more is not
// kept and its transaction rolls back. KeyReused when the key was used with a
// different request (another request hash) within the day.
Result<Once> run_once(store::Connection& db, UserId user, const std::string& key, const std::string& request_hash,
                      std::int64_t now_unix, const std::function<KeptAnswer()>& answer);

}  // namespace trellis::service
