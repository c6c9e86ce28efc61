// Editing a framework's structure: details, areas, goals, and reading history.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/paging.hpp"
#include "store/report_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::store::frameworks {
namespace {

Result<void> audited(Connection& db, const Actor& actor, PartnershipId p, const Location& where, const char* action,
                     const char* entity, std::int64_t id, std::string detail)
{
    TRY(touch(db, where.framework, now_utc()));
    return audit::record(db, actor, {p, action, entity, id, where.context, std::move(detail)});
}

Result<void> check(std::optional<Error> e)
{
    if (e) return std::unexpected(std::move(*e));
    return {};
}

// Swaps sort_order with the neighbour in the given direction within `scope`.
Result<void> swap_with_neighbour(Connection& db, const char* table, const char* scope_column, std::int64_t scope,
                                 std::int64_t id, Direction d, const char* extra_filter)
{
    auto rows = TRY(db.query(fmt::format("SELECT id, sort_order FROM {} WHERE {} = $1 {} ORDER BY sort_order, id",
                                         table, scope_column, extra_filter),
                             {scope}));
    std::size_t at = rows.rows.size();
    for (std::size_t i = 0; i < rows.rows.size(); ++i)
        if (rows.rows[i].integer(0) == id) at = i;
    if (at == rows.rows.size()) return std::unexpected(Error::not_found("There is no such item."));
    std::size_t other = d == Direction::Up ? at - 1 : at + 1;
    if ((d == Direction::Up && at == 0) || other >= rows.rows.size()) return {};  // already at the edge
    // Renumber the whole list so equal sort_orders cannot make a swap a no-op.
    std::vector<std::int64_t> order;
    for (const auto& r : rows.rows) order.push_back(r.integer(0));
    std::swap(order[at], order[other]);
    for (std::size_t i = 0; i < order.size(); ++i)
        TRY(db.query(fmt::format("UPDATE {} SET sort_order = $1 WHERE id = $2", table),
                     {static_cast<std::int64_t>(i), order[i]}));
    return {};
}

}  // namespace

Result<Location> locate_framework(Connection& db, PartnershipId p, FrameworkId id)
{
    auto rows = TRY(
        db.query("SELECT id, context_id FROM frameworks WHERE id = $1 AND partnership_id = $2", {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such framework."));
    return Location{rows.first().id<FrameworkId>(0), rows.first().id<ContextId>(1)};
}

Result<Location> locate_area(Connection& db, PartnershipId p, AreaId id)
{
    auto rows =
        TRY(db.query("SELECT f.id, f.context_id FROM areas a JOIN frameworks f ON f.id = a.framework_id "
                     "WHERE a.id = $1 AND f.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such area of focus."));
    return Location{rows.first().id<FrameworkId>(0), rows.first().id<ContextId>(1)};
}

Result<Location> locate_goal(Connection& db, PartnershipId p, GoalId id)
{
    auto rows =
        TRY(db.query("SELECT f.id, f.context_id FROM goals g JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE g.id = $1 AND f.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such goal."));
    return Location{rows.first().id<FrameworkId>(0), rows.first().id<ContextId>(1)};
}

Result<std::pair<Location, Revision>> located_revision(Connection& db, PartnershipId p, FrameworkId id)
{
    auto rows =
        TRY(db.query("SELECT f.revision, c.updated_at, c.name, f.context_id FROM frameworks f "
                     "JOIN contexts c ON c.id = f.context_id WHERE f.id = $1 AND f.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such framework."));
    const auto& r = rows.first();
    return std::pair{Location{id, r.id<ContextId>(3)}, Revision{r.integer(0), r.text(1) + "|" + r.text(2)}};
}

Result<void> update_details(Connection& db, PartnershipId p, FrameworkId id, const Details& d, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_framework(db, p, id));
    auto f = TRY(load(db, p, id));
    f.title = d.title;
    f.status = d.status;
    f.start_date = d.start_date;
    f.next_review_date = d.next_review_date;
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    TRY(db.query(
        "UPDATE frameworks SET title = $1, status = $2, start_date = $3, next_review_date = $4 WHERE id = $5",
        {text::collapse_space(d.title), std::string(to_string(d.status)), d.start_date, d.next_review_date, id.value}));
    TRY(audited(db, actor, p, where, "update", "framework", id.value,
                fmt::format("details status={}", to_string(d.status))));
    return tx.commit();
}

Result<AreaId> add_area(Connection& db, PartnershipId p, FrameworkId id, const std::string& name, const Actor& actor)
{
    TRY(check(check_area_name(name)));
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_framework(db, p, id));
    auto count =
        TRY(db.query("SELECT COUNT(*), COALESCE(MAX(sort_order), -1) FROM areas WHERE framework_id = $1", {id.value}));
    if (static_cast<std::size_t>(count.first().integer(0)) >= limits::kAreas)
        return std::unexpected(Error::invalid(
            fmt::format("A framework can have at most {} areas of focus.", limits::kAreas), "area_name"));
    auto dup = TRY(
        db.query("SELECT 1 FROM areas WHERE framework_id = $1 AND name_key = $2", {id.value, text::name_key(name)}));
    if (!dup.empty())
        return std::unexpected(Error::conflict(
            fmt::format("This framework already has an area called \"{}\".", text::collapse_space(name)), "area_name"));
    auto rows =
        TRY(db.query("INSERT INTO areas (framework_id, sort_order, name, name_key) VALUES ($1, $2, $3, $4) "
                     "RETURNING id",
                     {id.value, count.first().integer(1) + 1, text::collapse_space(name), text::name_key(name)}));
    AreaId area = rows.first().id<AreaId>(0);
    TRY(audited(db, actor, p, where, "create", "area", area.value, ""));
    TRY(tx.commit());
    return area;
}

Result<void> rename_area(Connection& db, PartnershipId p, AreaId id, const std::string& name, const Actor& actor)
{
    TRY(check(check_area_name(name)));
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_area(db, p, id));
    auto dup = TRY(db.query("SELECT 1 FROM areas WHERE framework_id = $1 AND name_key = $2 AND id <> $3",
                            {where.framework.value, text::name_key(name), id.value}));
    if (!dup.empty())
        return std::unexpected(Error::conflict(
            fmt::format("This framework already has an area called \"{}\".", text::collapse_space(name)), "area_name"));
    TRY(db.query("UPDATE areas SET name = $1, name_key = $2 WHERE id = $3",
                 {text::collapse_space(name), text::name_key(name), id.value}));
    TRY(audited(db, actor, p, where, "update", "area", id.value, "rename"));
    return tx.commit();
}

Result<void> move_area(Connection& db, PartnershipId p, AreaId id, Direction d, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_area(db, p, id));
    TRY(swap_with_neighbour(db, "areas", "framework_id", where.framework.value, id.value, d, ""));
    TRY(audited(db, actor, p, where, "update", "area", id.value, d == Direction::Up ? "move up" : "move down"));
    return tx.commit();
}

Result<void> delete_area(Connection& db, PartnershipId p, AreaId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_area(db, p, id));
    auto goals = TRY(db.query("SELECT COUNT(*) FROM goals WHERE area_id = $1", {id.value}));
    if (goals.first().integer(0) > 0)
        return std::unexpected(Error::conflict(
            "This area of focus still holds goals (including removed ones, which keep their history); it can only "
            "be deleted when empty.",
            "area"));
    TRY(db.query("DELETE FROM areas WHERE id = $1", {id.value}));
    TRY(audited(db, actor, p, where, "delete", "area", id.value, ""));
    return tx.commit();
}

Result<GoalId> add_goal(Connection& db, PartnershipId p, AreaId area, const std::string& statement, const Actor& actor)
{
    TRY(check(check_goal_statement(statement)));
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_area(db, p, area));
    auto count = TRY(
        db.query("SELECT COUNT(*) FROM goals WHERE framework_id = $1 AND removed_at = ''", {where.framework.value}));
    if (static_cast<std::size_t>(count.first().integer(0)) >= limits::kGoalsPerFramework)
        return std::unexpected(Error::invalid(
            fmt::format("A framework can have at most {} goals.", limits::kGoalsPerFramework), "statement"));
    auto last = TRY(db.query("SELECT COALESCE(MAX(sort_order), -1) FROM goals WHERE area_id = $1", {area.value}));
    auto now = now_utc();
    auto rows =
        TRY(db.query("INSERT INTO goals (framework_id, area_id, sort_order, statement, status, created_at, updated_at, "
                     "context_id) VALUES ($1, $2, $3, $4, 'not_started', $5, $5, $6) RETURNING id",
                     {where.framework.value, area.value, last.first().integer(0) + 1,
                      text::normalise_paragraphs(statement), now, where.context.value}));
    GoalId goal = rows.first().id<GoalId>(0);
    TRY(audited(db, actor, p, where, "create", "goal", goal.value, ""));
    TRY(tx.commit());
    return goal;
}

Result<void> update_goal(Connection& db, PartnershipId p, GoalId id, const std::string& statement, GoalStatus status,
                         const Actor& actor)
{
    TRY(check(check_goal_statement(statement)));
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_goal(db, p, id));
    TRY(db.query("UPDATE goals SET statement = $1, status = $2, updated_at = $3 WHERE id = $4",
                 {text::normalise_paragraphs(statement), std::string(to_string(status)), now_utc(), id.value}));
    TRY(audited(db, actor, p, where, "update", "goal", id.value, fmt::format("status={}", to_string(status))));
    return tx.commit();
}

Result<void> move_goal(Connection& db, PartnershipId p, GoalId id, Direction d, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_goal(db, p, id));
    auto g = TRY(goal(db, p, id));
    TRY(swap_with_neighbour(db, "goals", "area_id", g.area.value, id.value, d, "AND removed_at = ''"));
    TRY(audited(db, actor, p, where, "update", "goal", id.value, d == Direction::Up ? "move up" : "move down"));
    return tx.commit();
}

Result<void> remove_goal(Connection& db, PartnershipId p, GoalId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_goal(db, p, id));
    TRY(db.query("UPDATE goals SET removed_at = $1 WHERE id = $2 AND removed_at = ''", {now_utc(), id.value}));
    TRY(audited(db, actor, p, where, "remove", "goal", id.value, ""));
    return tx.commit();
}

Result<void> restore_goal(Connection& db, PartnershipId p, GoalId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate_goal(db, p, id));
    auto g = TRY(goal(db, p, id));
    auto last = TRY(db.query("SELECT COALESCE(MAX(sort_order), -1) FROM goals WHERE area_id = $1 AND removed_at = ''",
                             {g.area.value}));
    TRY(db.query("UPDATE goals SET removed_at = '', sort_order = $1 WHERE id = $2",
                 {last.first().integer(0) + 1, id.value}));
    TRY(audited(db, actor, p, where, "restore", "goal", id.value, ""));
    return tx.commit();
}

Result<GoalView> goal(Connection& db, PartnershipId p, GoalId id)
{
    auto rows =
        TRY(db.query("SELECT g.id, g.area_id, a.name, g.statement, g.status, g.removed_at, f.id, f.context_id "
                     "FROM goals g JOIN areas a ON a.id = g.area_id JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE g.id = $1 AND f.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such goal."));
    const auto& r = rows.first();
    return GoalView{r.id<GoalId>(0),
                    r.id<AreaId>(1),
                    r.text(2),
                    r.text(3),
                    parse_goal_status(r.text(4)).value_or(GoalStatus::NotStarted),
                    !r.text(5).empty(),
                    {r.id<FrameworkId>(6), r.id<ContextId>(7)}};
}

Result<std::pair<AreaId, std::string>> area(Connection& db, PartnershipId p, AreaId id)
{
    auto rows =
        TRY(db.query("SELECT a.id, a.name FROM areas a JOIN frameworks f ON f.id = a.framework_id "
                     "WHERE a.id = $1 AND f.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such area of focus."));
    return std::pair{rows.first().id<AreaId>(0), rows.first().text(1)};
}

namespace {

// The versions of one stage, newest first; `limit` ends the query ("" for all).
Result<std::vector<StageEntry>> stage_versions(Connection& db, PartnershipId p, GoalId id, Stage stage,
                                               std::string_view limit)
{
    TRY(locate_goal(db, p, id));
    auto rows = TRY(db.query(fmt::format("SELECT version, body, author_id, author_label, created_at FROM stage_entries "
                                         "WHERE goal_id = $1 AND stage = $2 ORDER BY version DESC{}",
                                         limit),
                             {id.value, std::string(to_string(stage))}));
    std::vector<StageEntry> out;
    for (const auto& r : rows.rows)
        out.push_back({r.text(1), r.opt_id<UserId>(2), r.text(3), r.text(4), static_cast<int>(r.integer(0))});
    return out;
}

}  // namespace

Result<std::vector<StageEntry>> stage_history(Connection& db, PartnershipId p, GoalId id, Stage stage)
{
    return stage_versions(db, p, id, stage, "");
}

Result<std::optional<StageEntry>> latest_stage(Connection& db, PartnershipId p, GoalId id, Stage stage)
{
    auto newest = TRY(stage_versions(db, p, id, stage, " LIMIT 1"));
    if (newest.empty()) return std::nullopt;
    return std::move(newest.front());
}

}  // namespace trellis::store::frameworks

namespace trellis::store::allocations {

Result<void> add(Connection& db, PartnershipId p, UserId user, ContextId context, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto u = TRY(users::get(db, p, user));
    TRY(contexts::get(db, p, context));
    if (!works_by_allocation(u.role))
        return std::unexpected(
            Error::invalid("Only practitioners are allocated to contexts; leads see every context.", "user"));
    auto existing =
        TRY(db.query("SELECT 1 FROM allocations WHERE user_id = $1 AND context_id = $2", {user.value, context.value}));
    if (!existing.empty()) return tx.commit();
    TRY(db.query("INSERT INTO allocations (user_id, context_id, created_at) VALUES ($1, $2, $3)",
                 {user.value, context.value, now_utc()}));
    TRY(audit::record(db, actor, {p, "allocate", "user", user.value, context, ""}));
    return tx.commit();
}

Result<void> remove(Connection& db, PartnershipId p, UserId user, ContextId context, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    TRY(users::get(db, p, user));
    TRY(contexts::get(db, p, context));
    auto r =
        TRY(db.query("DELETE FROM allocations WHERE user_id = $1 AND context_id = $2", {user.value, context.value}));
    if (r.affected > 0) TRY(audit::record(db, actor, {p, "deallocate", "user", user.value, context, ""}));
    return tx.commit();
}

Result<bool> has(Connection& db, UserId user, ContextId context)
{
    auto rows =
        TRY(db.query("SELECT 1 FROM allocations WHERE user_id = $1 AND context_id = $2", {user.value, context.value}));
    return !rows.empty();
}

Result<std::vector<ContextId>> for_user(Connection& db, PartnershipId p, UserId user)
{
    auto rows =
        TRY(db.query("SELECT a.context_id FROM allocations a JOIN contexts c ON c.id = a.context_id "
                     "WHERE a.user_id = $1 AND c.partnership_id = $2 ORDER BY c.name_key",
                     {user.value, p.value}));
    std::vector<ContextId> out;
    for (const auto& r : rows.rows) out.push_back(r.id<ContextId>(0));
    return out;
}

Result<std::vector<Allocated>> named(Connection& db, PartnershipId p, std::optional<std::vector<UserId>> users)
{
    Bindings bindings({p.value});
    std::string only;
    if (users) {
        if (users->empty()) return std::vector<Allocated>{};
        std::vector<std::string> marks;
        for (auto u : *users) marks.push_back(bindings.bind(u.value));
        only = fmt::format(" AND a.user_id IN ({})", fmt::join(marks, ", "));
    }
    auto rows = TRY(db.query(fmt::format("SELECT a.user_id, c.id, c.name FROM allocations a JOIN contexts c ON c.id = "
                                         "a.context_id WHERE c.partnership_id = $1{} ORDER BY a.user_id, c.name_key",
                                         only),
                             bindings.params()));
    std::vector<Allocated> out;
    out.reserve(rows.rows.size());
    for (const auto& r : rows.rows) out.push_back({r.id<UserId>(0), r.id<ContextId>(1), r.text(2)});
    return out;
}

Result<std::vector<Allocated>> first_named(Connection& db, PartnershipId p, const std::vector<UserId>& users,
                                           std::int64_t limit)
{
    if (users.empty()) return std::vector<Allocated>{};
    Bindings bindings({p.value, limit});
    std::vector<std::string> marks;
    for (auto u : users) marks.push_back(bindings.bind(u.value));
    auto rows = TRY(db.query(
        fmt::format("SELECT user_id, id, name, allocated FROM (SELECT a.user_id, c.id, c.name, c.name_key, "
                    "ROW_NUMBER() OVER (PARTITION BY a.user_id ORDER BY c.name_key, c.id) AS n, "
                    "COUNT(*) OVER (PARTITION BY a.user_id) AS allocated FROM allocations a JOIN contexts c ON c.id = "
                    "a.context_id WHERE c.partnership_id = $1 AND a.user_id IN ({})) x WHERE n <= $2 "
                    "ORDER BY user_id, name_key, id",
                    fmt::join(marks, ", ")),
        bindings.params()));
    std::vector<Allocated> out;
    out.reserve(rows.rows.size());
    for (const auto& r : rows.rows) out.push_back({r.id<UserId>(0), r.id<ContextId>(1), r.text(2), r.integer(3)});
    return out;
}

Result<Page<Allocated>> page_named(Connection& db, PartnershipId p, UserId user, std::int64_t number, std::int64_t size)
{
    Page<Allocated> out;
    auto rows = TRY(read_page(db, Bindings({p.value, user.value}), "a.user_id, c.id, c.name",
                              "FROM allocations a JOIN contexts c ON c.id = a.context_id "
                              "WHERE c.partnership_id = $1 AND a.user_id = $2",
                              "c.name_key, c.id", number, size, out));
    for (const auto& r : rows.rows) out.items.push_back({r.id<UserId>(0), r.id<ContextId>(1), r.text(2), out.total});
    return out;
}

}  // namespace trellis::store::allocations

namespace trellis::store::reports {

Result<Overview> overview(Connection& db, PartnershipId p)
{
    Overview o;
    auto c = TRY(db.query("SELECT COUNT(*) FROM contexts WHERE partnership_id = $1", {p.value}));
    o.contexts = c.first().integer(0);
    auto f =
        TRY(db.query("SELECT status, COUNT(*) FROM frameworks WHERE partnership_id = $1 GROUP BY status", {p.value}));
    for (auto s : kFrameworkStatuses) {
        std::int64_t n = 0;
        for (const auto& r : f.rows)
            if (r.text(0) == to_string(s)) n = r.integer(1);
        o.frameworks.emplace_back(s, n);
    }
    auto g =
        TRY(db.query("SELECT g.status, COUNT(*) FROM goals g JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE f.partnership_id = $1 AND g.removed_at = '' GROUP BY g.status",
                     {p.value}));
    for (auto s : kGoalStatuses) {
        std::int64_t n = 0;
        for (const auto& r : g.rows)
            if (r.text(0) == to_string(s)) n = r.integer(1);
        o.goals.emplace_back(s, n);
    }
    return o;
}

Result<std::vector<StageText>> stage_texts(Connection& db, PartnershipId p)
{
    auto rows = TRY(
        db.query("SELECT c.id, c.name, COALESCE(ag.name, ''), SUBSTR(e.created_at, 1, 7), e.body FROM stage_entries e "
                 "JOIN goals g ON g.id = e.goal_id JOIN frameworks f ON f.id = g.framework_id "
                 "JOIN contexts c ON c.id = f.context_id LEFT JOIN users u ON u.id = e.author_id "
                 "LEFT JOIN agencies ag ON ag.id = u.agency_id WHERE f.partnership_id = $1 ORDER BY e.created_at",
                 {p.value}));
    std::vector<StageText> out;
    for (const auto& r : rows.rows) out.push_back({r.id<ContextId>(0), r.text(1), r.text(2), r.text(3), r.text(4)});
    // Meeting minutes are professional text about the context too.
    auto minutes =
        TRY(db.query("SELECT c.id, c.name, COALESCE(ag.name, ''), SUBSTR(m.held_on, 1, 7), m.minutes FROM meetings m "
                     "JOIN contexts c ON c.id = m.context_id LEFT JOIN users u ON u.id = m.author_id "
                     "LEFT JOIN agencies ag ON ag.id = u.agency_id WHERE m.partnership_id = $1 AND m.minutes <> '' "
                     "ORDER BY m.held_on",
                     {p.value}));
    for (const auto& r : minutes.rows) out.push_back({r.id<ContextId>(0), r.text(1), r.text(2), r.text(3), r.text(4)});
    return out;
}

}  // namespace trellis::store::reports
