#include "store/peer_repo.hpp"

#include <fmt/format.h>

#include "store/audit_repo.hpp"
#include "store/evidence_repo.hpp"

namespace trellis::store::peer_links {

namespace {

constexpr std::string_view kColumns =
    "SELECT l.id, l.context_id, l.a_id, a.pseudonym, l.b_id, b.pseudonym, l.source, l.reliability, l.note, "
    "l.author_label, l.created_at FROM peer_links l JOIN young_people a ON a.id = l.a_id "
    "JOIN young_people b ON b.id = l.b_id ";

Result<std::vector<PeerLink>> read(Connection& db, std::string_view where, const Params& params)
{
    auto rows = TRY(db.query(std::string(kColumns) + std::string(where), params));
    std::vector<PeerLink> out;
    out.reserve(rows.rows.size());
    for (const auto& r : rows.rows) {
        PeerLink l;
        l.id = r.id<PeerLinkId>(0);
        l.context = r.id<ContextId>(1);
        l.a = r.id<YoungPersonId>(2);
        l.a_name = r.text(3);
        l.b = r.id<YoungPersonId>(4);
        l.b_name = r.text(5);
        l.source = kLinkSources.parse(r.text(6)).value_or(LinkSource::Other);
        l.reliability = kLinkReliabilities.parse(r.text(7)).value_or(LinkReliability::Unverified);
        l.note = r.text(8);
        l.recorded_by = r.text(9);
        l.recorded_at = r.text(10);
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace

Result<PeerLinkId> create(Connection& db, PartnershipId p, const PeerLink& link, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    TRY(young_people::check_on_register(db, p, link.a, link.context, "a"));
    TRY(young_people::check_on_register(db, p, link.b, link.context, "b"));
    auto lo = std::min(link.a.value, link.b.value), hi = std::max(link.a.value, link.b.value);
    auto inserted = db.query(
        "INSERT INTO peer_links (partnership_id, context_id, a_id, b_id, source, reliability, note, author_id, "
        "author_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        {p.value, link.context.value, lo, hi, std::string(kLinkSources.name(link.source)),
         std::string(kLinkReliabilities.name(link.reliability)), link.note, nullable(actor.user), actor.label,
         now_utc()});
    if (!inserted && inserted.error().kind == Error::Kind::Conflict)
        return std::unexpected(
            Error::conflict("These two are already linked on the map; delete that link to "
                            "record it differently.",
                            "b"));
    auto id = TRY(std::move(inserted)).first().id<PeerLinkId>(0);
    TRY(audit::record(db, actor, {p, "create", "peer_link", id.value, link.context, ""}));
    TRY(tx.commit());
    return id;
}

Result<std::vector<PeerLink>> for_context(Connection& db, PartnershipId p, ContextId c)
{
    return read(db, "WHERE l.partnership_id = $1 AND l.context_id = $2 ORDER BY a.pseudonym_key, b.pseudonym_key",
                {p.value, c.value});
}

Result<std::vector<PeerLink>> for_young_person(Connection& db, PartnershipId p, YoungPersonId y)
{
    return read(db, "WHERE l.partnership_id = $1 AND (l.a_id = $2 OR l.b_id = $2) ORDER BY l.context_id, l.id",
                {p.value, y.value});
}

Result<ContextId> remove(Connection& db, PartnershipId p, PeerLinkId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto rows = TRY(db.query("DELETE FROM peer_links WHERE id = $1 AND partnership_id = $2 RETURNING context_id",
                             {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such link on the map."));
    auto c = rows.first().id<ContextId>(0);
    TRY(audit::record(db, actor, {p, "delete", "peer_link", id.value, c, ""}));
    TRY(tx.commit());
    return c;
}

}  // namespace trellis::store::peer_links
