#include "service/idempotency.hpp"

namespace trellis::service {

Result<Once> run_once(store::Connection& db, UserId user, const std::string& key, const std::string& request_hash,
                      std::int64_t now_unix, const std::function<KeptAnswer()>& answer)
{
    bool taken_meanwhile = false;
    auto attempt = [&]() -> Result<Once> {
        auto tx = TRY(store::Transaction::begin(db));
        if (auto kept = TRY(store::idempotency::find(db, user, key, now_unix - kKeptAnswerSeconds))) {
            auto outcome = kept->request_hash == request_hash ? Once::Outcome::Replayed : Once::Outcome::KeyReused;
            return Once{outcome, std::move(*kept)};
        }
        KeptAnswer fresh = answer();
        fresh.request_hash = request_hash;
        if (fresh.status >= 500) return Once{Once::Outcome::Answered, std::move(fresh)};  // rolls back
        auto stored = store::idempotency::keep(db, user, key, fresh, now_unix, now_unix - kKeptAnswerSeconds);
        if (!stored && stored.error().kind == Error::Kind::Conflict) taken_meanwhile = true;
        TRY(std::move(stored));
        TRY(tx.commit());
        return Once{Once::Outcome::Answered, std::move(fresh)};
    };
    auto once = attempt();
    if (!once && taken_meanwhile) once = attempt();  // another instance answered first: replay it
    return once;
}

}  // namespace trellis::service
