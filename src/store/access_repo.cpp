#include "store/access_repo.hpp"

#include <fmt/format.h>

#include "store/audit_repo.hpp"

namespace trellis::store::access {

namespace {

constexpr std::string_view kColumns =
    "SELECT x.id, x.context_id, c.name, x.user_id, u.display_name, x.reason, x.detail, x.opened_at, x.expires_at, "
    "x.reviewed_by_label, x.reviewed_at, x.review_note, x.outcome FROM exceptional_access x "
    "JOIN contexts c ON c.id = x.context_id JOIN users u ON u.id = x.user_id ";

ExceptionalAccess from_row(const Row& r)
{
    ExceptionalAccess a;
    a.id = r.integer(0);
    a.context = r.id<ContextId>(1);
    a.context_name = r.text(2);
    a.user = r.id<UserId>(3);
    a.user_name = r.text(4);
    a.reason = kAccessReasons.parse(r.text(5)).value_or(AccessReason::Other);
    a.detail = r.text(6);
    a.opened_at = r.text(7);
    a.expires_at = r.text(8);
    a.reviewed_by = r.text(9);
    a.reviewed_at = r.text(10);
    a.review_note = r.text(11);
    a.outcome = kAccessOutcomes.parse(r.text(12));
    return a;
}

Result<std::vector<ExceptionalAccess>> read(Connection& db, std::string_view where, const Params& params)
{
    auto rows = TRY(db.query(std::string(kColumns) + std::string(where), params));
    std::vector<ExceptionalAccess> out;
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    return out;
}

}  // namespace

Result<std::int64_t> open(Connection& db, PartnershipId p, const ExceptionalAccess& a, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto rows =
        TRY(db.query("INSERT INTO exceptional_access (partnership_id, context_id, user_id, reason, detail, "
                     "opened_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     {p.value, a.context.value, a.user.value, std::string(kAccessReasons.name(a.reason)), a.detail,
                      a.opened_at, a.expires_at}));
    auto id = rows.first().integer(0);
    TRY(audit::record(db, actor,
                      {p, "break_glass", "context", a.context.value, a.context,
                       fmt::format("reason={} until={} access={}", kAccessReasons.name(a.reason), a.expires_at, id)}));
    TRY(tx.commit());
    return id;
}

Result<bool> holds(Connection& db, UserId user, ContextId c, const std::string& now)
{
    auto rows = TRY(
        db.query("SELECT 1 FROM exceptional_access WHERE user_id = $1 AND context_id = $2 AND expires_at > $3 LIMIT 1",
                 {user.value, c.value, now}));
    return !rows.empty();
}

Result<std::vector<ExceptionalAccess>> current_for(Connection& db, PartnershipId p, UserId user, const std::string& now)
{
    return read(db, "WHERE x.partnership_id = $1 AND x.user_id = $2 AND x.expires_at > $3 ORDER BY x.expires_at",
                {p.value, user.value, now});
}

Result<std::vector<ExceptionalAccess>> awaiting_review(Connection& db, PartnershipId p, UserId except)
{
    return read(db, "WHERE x.partnership_id = $1 AND x.reviewed_at = '' AND x.user_id <> $2 ORDER BY x.id",
                {p.value, except.value});
}

Result<ExceptionalAccess> review(Connection& db, PartnershipId p, std::int64_t id, UserId reviewer,
                                 AccessOutcome outcome, const std::string& note, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto found = TRY(read(db, "WHERE x.partnership_id = $1 AND x.id = $2 AND x.reviewed_at = '' AND x.user_id <> $3",
                          {p.value, id, reviewer.value}));
    if (found.empty()) return std::unexpected(Error::not_found("There is no such access waiting for your review."));
    TRY(
        db.query("UPDATE exceptional_access SET reviewed_by_id = $1, reviewed_by_label = $2, reviewed_at = $3, "
                 "outcome = $4, review_note = $5 WHERE id = $6",
                 {reviewer.value, actor.label, now_utc(), std::string(kAccessOutcomes.name(outcome)), note, id}));
    TRY(audit::record(
        db, actor,
        {p, "review", "access", id, found.front().context, fmt::format("outcome={}", kAccessOutcomes.name(outcome))}));
    TRY(tx.commit());
    return found.front();
}

}  // namespace trellis::store::access
