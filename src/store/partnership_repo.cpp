#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/connection.hpp"
#include "store/partnership_repo.hpp"

namespace trellis::store::partnerships {
namespace {

Partnership from_row(const Row& r)
{
    return {r.id<PartnershipId>(0), r.text(1), r.text(2)};
}

}  // namespace

Result<PartnershipId> create(Connection& db, const Partnership& p)
{
    if (auto e = check_slug(p.slug)) return std::unexpected(*e);
    if (auto e = text::check(p.name, "Partnership name", "name", {.min = 1, .max = 200})) return std::unexpected(*e);
    auto rows = db.query("INSERT INTO partnerships (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                         {p.slug, text::collapse_space(p.name), now_utc()});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(
            Error::conflict(fmt::format("A partnership with the handle \"{}\" already exists.", p.slug), "slug"));
    return TRY(std::move(rows)).first().id<PartnershipId>(0);
}

Result<Partnership> find_by_slug(Connection& db, std::string_view slug)
{
    auto rows = TRY(db.query("SELECT id, slug, name FROM partnerships WHERE slug = $1", {std::string(slug)}));
    if (rows.empty())
        return std::unexpected(Error::not_found(fmt::format("There is no partnership with the handle \"{}\".", slug)));
    return from_row(rows.first());
}

Result<std::vector<Partnership>> list(Connection& db)
{
    auto rows = TRY(db.query("SELECT id, slug, name FROM partnerships ORDER BY id"));
    std::vector<Partnership> out;
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    return out;
}

Result<AgencyId> create_agency(Connection& db, const Agency& a)
{
    if (auto e = text::check(a.name, "Agency name", "name", {.min = 1, .max = 120})) return std::unexpected(*e);
    if (auto e = text::check(a.contact_name, "Contact name", "contact_name", {.min = 0, .max = 120}))
        return std::unexpected(*e);
    if (auto e = text::check(a.contact_email, "Contact email", "contact_email", {.min = 0, .max = 254}))
        return std::unexpected(*e);
    if (auto e = text::check(a.contact_phone, "Contact phone", "contact_phone", {.min = 0, .max = 40}))
        return std::unexpected(*e);
    auto rows = db.query(
        "INSERT INTO agencies (partnership_id, name, name_key, kind, created_at, contact_name, "
        "contact_email, contact_phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {a.partnership.value, text::collapse_space(a.name), text::name_key(a.name), std::string(to_string(a.kind)),
         now_utc(), a.contact_name, a.contact_email, a.contact_phone});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(fmt::format("An agency called \"{}\" already exists.", a.name), "name"));
    return TRY(std::move(rows)).first().id<AgencyId>(0);
}

Result<std::vector<Agency>> agencies(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT id, name, kind, contact_name, contact_email, contact_phone FROM agencies "
                     "WHERE partnership_id = $1 ORDER BY name_key",
                     {p.value}));
    std::vector<Agency> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<AgencyId>(0), p, r.text(1), parse_agency_kind(r.text(2)).value_or(AgencyKind::Other),
                       r.text(3), r.text(4), r.text(5)});
    return out;
}

}  // namespace trellis::store::partnerships
