#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/connection.hpp"
#include "store/paging.hpp"
#include "store/user_repo.hpp"

namespace trellis::store::users {
namespace {

constexpr const char* kColumns =
    "id, partnership_id, email, display_name, role, agency_id, active, created_at, password_hash";

}  // namespace

User user_from_row(const Row& r)
{
    User u;
    u.id = r.id<UserId>(0);
    u.partnership = r.id<PartnershipId>(1);
    u.email = r.text(2);
    u.display_name = r.text(3);
    u.role = parse_role(r.text(4)).value_or(Role::Viewer);
    u.agency = r.opt_id<AgencyId>(5);
    u.active = r.integer(6) != 0;
    u.created_at = r.text(7);
    return u;
}

Result<UserId> create(Connection& db, const User& input, const std::string& password_hash)
{
    User u = input;
    u.email = normalise_email(u.email);
    u.display_name = text::collapse_space(u.display_name);
    if (auto errors = validate(u); !errors.empty()) return std::unexpected(errors.front());
    if (u.agency) {
        auto agency = TRY(db.query("SELECT 1 FROM agencies WHERE id = $1 AND partnership_id = $2",
                                   {u.agency->value, u.partnership.value}));
        if (agency.empty()) return std::unexpected(Error::invalid("Choose an agency of this partnership.", "agency"));
    }
    auto rows = db.query(
        "INSERT INTO users (partnership_id, email, display_name, role, agency_id, password_hash, "
        "active, created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        {u.partnership.value, u.email, u.display_name, std::string(to_string(u.role)), nullable(u.agency),
         password_hash, now_utc()});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(fmt::format("There is already an account for {}.", u.email), "email"));
    return TRY(std::move(rows)).first().id<UserId>(0);
}

Result<User> get(Connection& db, PartnershipId p, UserId id)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM users WHERE id = $1 AND partnership_id = $2", kColumns),
                             {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such user."));
    return user_from_row(rows.first());
}

Result<std::pair<User, std::string>> find_with_hash(Connection& db, std::string_view email)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM users WHERE email = $1", kColumns), {normalise_email(email)}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no account for that email address."));
    return std::pair{user_from_row(rows.first()), rows.first().text(8)};
}

Result<std::vector<User>> list(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(
        fmt::format("SELECT {} FROM users WHERE partnership_id = $1 ORDER BY role, email", kColumns), {p.value}));
    std::vector<User> out;
    for (const auto& r : rows.rows) out.push_back(user_from_row(r));
    return out;
}

Result<Page<User>> page_with_role(Connection& db, PartnershipId p, Role role, std::int64_t number, std::int64_t size)
{
    Page<User> out;
    Bindings bindings({p.value, std::string(to_string(role))});
    auto rows = TRY(read_page(db, std::move(bindings), kColumns, "FROM users WHERE partnership_id = $1 AND role = $2",
                              "email", number, size, out));
    for (const auto& r : rows.rows) out.items.push_back(user_from_row(r));
    return out;
}

Result<Page<User>> page(Connection& db, PartnershipId p, const UserFilter& filter, std::int64_t number,
                        std::int64_t size)
{
    Page<User> out;
    Bindings b({p.value});
    std::string from_where = "FROM users WHERE partnership_id = $1";
    if (auto key = text::name_key(filter.words); !key.empty()) {
        // Lowered on both sides by the database, so names compare alike in each.
        auto pattern = b.bind(contains_pattern(key));
        from_where += fmt::format(
            " AND (LOWER(display_name) LIKE LOWER({0}) ESCAPE '\\' OR email LIKE LOWER({0}) ESCAPE "
            "'\\')",
            pattern);
    }
    if (filter.role) from_where += " AND role = " + b.bind(std::string(to_string(*filter.role)));
    auto rows = TRY(read_page(db, std::move(b), kColumns, from_where, "role, email", number, size, out));
    for (const auto& r : rows.rows) out.items.push_back(user_from_row(r));
    return out;
}

Result<std::vector<User>> with_role_after(Connection& db, PartnershipId p, std::optional<Role> role,
                                          std::optional<UserId> after, std::int64_t limit)
{
    Bindings b({p.value, after ? after->value : 0});
    std::string where = "partnership_id = $1 AND id > $2";
    if (role) where += " AND role = " + b.bind(std::string(to_string(*role)));
    auto rows = TRY(db.query(
        fmt::format("SELECT {} FROM users WHERE {} ORDER BY id LIMIT {}", kColumns, where, b.bind(limit)), b.params()));
    std::vector<User> out;
    for (const auto& r : rows.rows) out.push_back(user_from_row(r));
    return out;
}

Result<void> set_password_hash(Connection& db, PartnershipId p, UserId id, const std::string& hash)
{
    auto rows = TRY(db.query("UPDATE users SET password_hash = $1 WHERE id = $2 AND partnership_id = $3",
                             {hash, id.value, p.value}));
    if (rows.affected == 0) return std::unexpected(Error::not_found("There is no such user."));
    return {};
}

Result<void> set_active(Connection& db, PartnershipId p, UserId id, bool active)
{
    auto rows = TRY(db.query("UPDATE users SET active = $1 WHERE id = $2 AND partnership_id = $3",
                             {std::int64_t{active ? 1 : 0}, id.value, p.value}));
    if (rows.affected == 0) return std::unexpected(Error::not_found("There is no such user."));
    return {};
}

Result<bool> can_sign_off(Connection& db, PartnershipId p, UserId id)
{
    auto rows = TRY(db.query("SELECT can_sign_off FROM users WHERE id = $1 AND partnership_id = $2 AND active = 1",
                             {id.value, p.value}));
    return !rows.empty() && rows.first().integer(0) != 0;
}

Result<void> set_sign_off(Connection& db, PartnershipId p, UserId id, bool can)
{
    auto rows = TRY(db.query("UPDATE users SET can_sign_off = $1 WHERE id = $2 AND partnership_id = $3",
                             {std::int64_t{can ? 1 : 0}, id.value, p.value}));
    if (rows.affected == 0) return std::unexpected(Error::not_found("There is no such user."));
    return {};
}

Result<std::vector<UserId>> signers(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT id FROM users WHERE partnership_id = $1 AND can_sign_off = 1 ORDER BY id", {p.value}));
    std::vector<UserId> out;
    for (const auto& r : rows.rows) out.push_back(r.id<UserId>(0));
    return out;
}

Result<std::int64_t> count_active(Connection& db, PartnershipId p, Role role)
{
    auto rows = TRY(db.query("SELECT COUNT(*) FROM users WHERE partnership_id = $1 AND role = $2 AND active = 1",
                             {p.value, std::string(to_string(role))}));
    return rows.first().integer(0);
}

}  // namespace trellis::store::users
