#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/connection.hpp"
#include "store/context_repo.hpp"
#include "store/paging.hpp"

namespace trellis::store::contexts {
namespace {

constexpr const char* kColumns = "id, partnership_id, kind, name, description, created_at, updated_at, stage";

Context from_row(const Row& r)
{
    Context c;
    c.id = r.id<ContextId>(0);
    c.partnership = r.id<PartnershipId>(1);
    c.kind = parse_context_kind(r.text(2)).value_or(ContextKind::Other);
    c.name = r.text(3);
    c.description = r.text(4);
    c.created_at = r.text(5);
    c.updated_at = r.text(6);
    c.stage = kContextStages.parse(r.text(7)).value_or(ContextStage::Assessment);
    return c;
}

Result<void> load_links(Connection& db, Context& c)
{
    auto rows =
        TRY(db.query("SELECT l.to_context_id, t.name, l.label FROM context_links l "
                     "JOIN contexts t ON t.id = l.to_context_id "
                     "WHERE l.from_context_id = $1 AND l.partnership_id = $2 ORDER BY l.id",
                     {c.id.value, c.partnership.value}));
    for (const auto& r : rows.rows) c.links.push_back({r.id<ContextId>(0), r.text(1), r.text(2)});
    return {};
}

}  // namespace

Result<ContextId> create(Connection& db, const Context& input)
{
    Context c = input;
    c.name = text::collapse_space(c.name);
    if (auto errors = validate(c); !errors.empty()) return std::unexpected(errors.front());
    auto now = now_utc();
    auto tx = TRY(Transaction::begin(db));
    auto rows = db.query(
        "INSERT INTO contexts (partnership_id, kind, name, name_key, description, created_at, "
        "updated_at, stage) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        {c.partnership.value, std::string(to_string(c.kind)), c.name, text::name_key(c.name), c.description, now,
         std::string(kContextStages.name(c.stage))});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(
            fmt::format("There is already a context called \"{}\"; choose another name.", c.name), "name"));
    auto id = TRY(std::move(rows)).first().id<ContextId>(0);
    TRY(
        db.query("INSERT INTO context_stages (partnership_id, context_id, stage, entered_at, reason) "
                 "VALUES ($1, $2, $3, $4, $5)",
                 {c.partnership.value, id.value, std::string(kContextStages.name(c.stage)), now,
                  std::string("The context was added")}));
    TRY(tx.commit());
    return id;
}

Result<Context> get(Connection& db, PartnershipId p, ContextId id)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM contexts WHERE id = $1 AND partnership_id = $2", kColumns),
                             {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such context."));
    Context c = from_row(rows.first());
    TRY(load_links(db, c));
    return c;
}

Result<std::optional<Context>> find_by_name(Connection& db, PartnershipId p, std::string_view name)
{
    auto rows =
        TRY(db.query(fmt::format("SELECT {} FROM contexts WHERE partnership_id = $1 AND name_key = $2", kColumns),
                     {p.value, text::name_key(name)}));
    if (rows.empty()) return std::optional<Context>{};
    Context c = from_row(rows.first());
    TRY(load_links(db, c));
    return std::optional<Context>{std::move(c)};
}

Result<std::vector<Context>> list(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(
        fmt::format("SELECT {} FROM contexts WHERE partnership_id = $1 ORDER BY name_key", kColumns), {p.value}));
    std::vector<Context> out;
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    return out;
}

namespace {

// The conditions of a filtered list of the partnership's contexts (bound as $1).
std::string listed(const ContextFilter& filter, std::optional<UserId> allocated_to, Bindings& b)
{
    std::string where = "c.partnership_id = $1";
    if (!filter.name.empty()) {
        // name_key is the name in lower case; the search words are escaped for LIKE.
        where +=
            fmt::format(" AND c.name_key LIKE {} ESCAPE '\\'", b.bind(contains_pattern(text::name_key(filter.name))));
    }
    if (filter.kind) where += " AND c.kind = " + b.bind(std::string(to_string(*filter.kind)));
    if (filter.stage) where += " AND c.stage = " + b.bind(std::string(kContextStages.name(*filter.stage)));
    if (allocated_to)
        where +=
            " AND c.id IN (SELECT context_id FROM allocations WHERE user_id = " + b.bind(allocated_to->value) + ")";
    return where;
}

}  // namespace

Result<std::vector<Context>> in_order(Connection& db, PartnershipId p, const ContextFilter& filter,
                                      std::optional<UserId> allocated_to, std::optional<ContextId> after,
                                      std::int64_t limit)
{
    Bindings b({p.value});
    std::string where = listed(filter, allocated_to, b);
    if (after) {
        auto key = TRY(
            db.query("SELECT name_key FROM contexts WHERE id = $1 AND partnership_id = $2", {after->value, p.value}));
        if (key.empty())
            return std::unexpected(Error::invalid(
                "The cursor no longer names a record of this list (it may have been deleted): start again without it.",
                "cursor"));
        where += " AND c.name_key > " + b.bind(key.first().text(0));
    }
    auto rows = TRY(db.query(
        fmt::format("SELECT {} FROM contexts c WHERE {} ORDER BY c.name_key LIMIT {}", kColumns, where, b.bind(limit)),
        b.params()));
    std::vector<Context> out;
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    return out;
}

Result<Page<ContextListing>> page(Connection& db, PartnershipId p, const ContextFilter& filter,
                                  std::optional<UserId> allocated_to, std::int64_t number, std::int64_t size,
                                  std::int64_t count_up_to)
{
    Bindings b({p.value});
    std::string where = listed(filter, allocated_to, b);
    Page<ContextListing> out;
    auto rows =
        TRY(read_page(db, std::move(b),
                      "c.id, c.partnership_id, c.kind, c.name, c.description, c.created_at, c.updated_at, c.stage, "
                      "(SELECT COUNT(*) FROM frameworks f WHERE f.context_id = c.id)",
                      "FROM contexts c WHERE " + where, "c.name_key", number, size, out, std::nullopt, count_up_to));
    for (const auto& r : rows.rows) out.items.push_back({from_row(r), r.integer(8)});
    return out;
}

Result<void> add_link(Connection& db, PartnershipId p, ContextId from, ContextId to, const std::string& label)
{
    if (auto e = check_link_label(label)) return std::unexpected(*e);
    if (from == to) return std::unexpected(Error::invalid("A context cannot be linked to itself.", "to"));
    auto both = TRY(db.query("SELECT COUNT(*) FROM contexts WHERE partnership_id = $1 AND id IN ($2, $3)",
                             {p.value, from.value, to.value}));
    if (both.first().integer(0) != 2) return std::unexpected(Error::not_found("There is no such context."));
    auto rows = db.query(
        "INSERT INTO context_links (partnership_id, from_context_id, to_context_id, label) "
        "VALUES ($1, $2, $3, $4)",
        {p.value, from.value, to.value, text::collapse_space(label)});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict("These contexts are already linked with that label.", "label"));
    TRY(std::move(rows));
    return {};
}

}  // namespace trellis::store::contexts
