#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/lexicon_repo.hpp"

namespace trellis::store::lexicon {

Result<std::vector<LocalEntry>> list(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT id, entry_key, phrases, tier, category, alternative, why, source_title "
                     "FROM lexicon_entries WHERE partnership_id = $1 ORDER BY entry_key",
                     {p.value}));
    std::vector<LocalEntry> out;
    for (const auto& r : rows.rows)
        out.push_back({r.integer(0), r.text(1), text::nonblank_lines(r.text(2)), r.text(3), r.text(4), r.text(5),
                       r.text(6), r.text(7)});
    return out;
}

Result<std::string> stamp(Connection& db, PartnershipId p)
{
    auto rows = TRY(
        db.query("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM lexicon_entries WHERE partnership_id = $1", {p.value}));
    return fmt::format("{}:{}", rows.first().integer(0), rows.first().integer(1));
}

Result<std::int64_t> add(Connection& db, PartnershipId p, const LocalEntry& e, const Actor& actor)
{
    std::string phrases;
    for (const auto& ph : e.phrases) phrases += (phrases.empty() ? "" : "\n") + ph;
    auto tx = TRY(Transaction::begin(db));
    auto rows = db.query(
        "INSERT INTO lexicon_entries (partnership_id, entry_key, phrases, tier, category, alternative, "
        "why, source_title, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {p.value, e.key, phrases, e.tier, e.category, e.alternative, e.why, e.source_title, now_utc()});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(fmt::format("There is already an entry called \"{}\".", e.key), "key"));
    auto id = TRY(std::move(rows)).first().integer(0);
    TRY(audit::record(db, actor, {p, "create", "lexicon_entry", id, std::nullopt, e.key}));
    TRY(tx.commit());
    return id;
}

Result<void> remove(Connection& db, PartnershipId p, std::int64_t id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto r = TRY(db.query("DELETE FROM lexicon_entries WHERE id = $1 AND partnership_id = $2", {id, p.value}));
    if (r.affected == 0) return std::unexpected(Error::not_found("There is no such lexicon entry."));
    TRY(audit::record(db, actor, {p, "delete", "lexicon_entry", id, std::nullopt, ""}));
    return tx.commit();
}

}  // namespace trellis::store::lexicon
