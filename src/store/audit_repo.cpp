#include "store/audit_repo.hpp"
#include "store/connection.hpp"

namespace trellis::store::audit {

namespace {

// A closed context is read-only: every change to it is audited with its
// context, so refusing the audit row refuses the change (the caller's
// transaction rolls back). Views and exports, its stage changing (a new
// concern reopens it), the register's rectification and erasure, and recording
// that young people or parents were told they are recorded still pass.
Result<void> refuse_if_closed(Connection& db, const AuditEvent& e)
{
    if (!e.context || e.action == "view" || e.action == "export" || e.entity == "young_person" || e.entity == "telling")
        return {};
    if (e.entity == "context" && e.detail.starts_with("stage=")) return {};
    auto rows = TRY(db.query("SELECT stage FROM contexts WHERE id = $1", {e.context->value}));
    if (!rows.empty() && rows.first().text(0) == "closed")
        return std::unexpected(Error::conflict(
            "This context is closed, so its records cannot be changed. Recording a new concern about it reopens it."));
    return {};
}

}  // namespace

Result<void> record(Connection& db, const Actor& actor, const AuditEvent& e)
{
    TRY(refuse_if_closed(db, e));
    TRY(
        db.query("INSERT INTO audit_events (partnership_id, at, actor_id, actor_label, address, action, entity, "
                 "entity_id, context_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                 {e.partnership.value, now_utc(), nullable(actor.user), actor.label, actor.address, e.action, e.entity,
                  e.entity_id, nullable(e.context), e.detail}));
    return {};
}

Result<std::vector<AuditRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit)
{
    auto rows =
        TRY(db.query("SELECT id, at, actor_id, actor_label, address, action, entity, entity_id, detail "
                     "FROM audit_events WHERE partnership_id = $1 AND context_id = $2 "
                     "ORDER BY id DESC LIMIT $3",
                     {p.value, c.value, std::int64_t{limit}}));
    std::vector<AuditRecord> out;
    for (const auto& r : rows.rows) {
        AuditRecord a;
        a.id = r.integer(0);
        a.at = r.text(1);
        a.actor = r.opt_id<UserId>(2);
        a.actor_label = r.text(3);
        a.address = r.text(4);
        a.event = {p, r.text(5), r.text(6), r.opt_integer(7).value_or(0), c, r.text(8)};
        out.push_back(std::move(a));
    }
    return out;
}

Result<std::int64_t> count(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query("SELECT COUNT(*) FROM audit_events WHERE partnership_id = $1", {p.value}));
    return rows.first().integer(0);
}

}  // namespace trellis::store::audit
