#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/action_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/paging.hpp"

namespace trellis::store::actions {
namespace {

constexpr const char* kColumns =
    "a.id, a.goal_id, a.what, a.owner_agency_id, ag.name, a.owner_name, a.start_date, a.due_date, a.status, "
    "a.approach, a.updated_at";

Action from_row(const Row& r)
{
    Action a;
    a.id = r.id<ActionId>(0);
    a.goal = r.id<GoalId>(1);
    a.what = r.text(2);
    a.owner_agency = r.opt_id<AgencyId>(3);
    a.owner_agency_name = r.text(4);
    a.owner_name = r.text(5);
    a.start_date = r.text(6);
    a.due_date = r.text(7);
    a.status = parse_action_status(r.text(8)).value_or(ActionStatus::Planned);
    a.approach = parse_approach(r.text(9)).value_or(Approach::Relational);
    a.updated_at = r.text(10);
    return a;
}

// Fills partners and notes for a set of actions in two queries.
Result<void> complete(Connection& db, std::vector<Action>& list)
{
    if (list.empty()) return {};
    std::map<std::int64_t, Action*> by_id;
    for (auto& a : list) by_id[a.id.value] = &a;
    std::vector<std::int64_t> ids;
    for (const auto& [id, a] : by_id) ids.push_back(id);
    for (const auto& slice : slices(ids)) {
        Bindings b;
        auto listed = bind_in(b, slice);
        auto partners = TRY(db.query(fmt::format("SELECT p.action_id, p.agency_id, ag.name FROM action_partners p "
                                                 "JOIN agencies ag ON ag.id = p.agency_id WHERE p.action_id IN ({}) "
                                                 "ORDER BY ag.name_key",
                                                 listed),
                                     b.params()));
        for (const auto& r : partners.rows) {
            auto* a = by_id.at(r.integer(0));
            a->partners.push_back(r.id<AgencyId>(1));
            a->partner_names.push_back(r.text(2));
        }
        auto notes =
            TRY(db.query(fmt::format("SELECT action_id, body, author_label, created_at, status FROM action_notes "
                                     "WHERE action_id IN ({}) ORDER BY id",
                                     listed),
                         b.params()));
        for (const auto& r : notes.rows)
            by_id.at(r.integer(0))->notes.push_back({r.text(1), r.text(2), r.text(3), r.text(4)});
    }
    return {};
}

Result<void> check_agency(Connection& db, PartnershipId p, AgencyId a, const char* field)
{
    auto rows = TRY(db.query("SELECT 1 FROM agencies WHERE id = $1 AND partnership_id = $2", {a.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::invalid("Choose an agency of this partnership.", field));
    return {};
}

// Actions read with kColumns followed by the goal statement, the context's
// name and its id, completed with their partners and notes.
Result<std::vector<AgencyView>> with_goal_and_context(Connection& db, const QueryResult& rows)
{
    std::vector<Action> list;
    for (const auto& r : rows.rows) list.push_back(from_row(r));
    TRY(complete(db, list));
    std::vector<AgencyView> out;
    for (std::size_t i = 0; i < list.size(); ++i)
        out.push_back(
            {std::move(list[i]), rows.rows[i].text(11), rows.rows[i].text(12), rows.rows[i].id<ContextId>(13)});
    return out;
}

}  // namespace

Result<Place> locate(Connection& db, PartnershipId p, ActionId id)
{
    auto rows =
        TRY(db.query("SELECT a.goal_id, f.id, f.context_id, a.owner_agency_id FROM actions a "
                     "JOIN goals g ON g.id = a.goal_id JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE a.id = $1 AND f.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such action."));
    const auto& r = rows.first();
    Place place{r.id<GoalId>(0), r.id<FrameworkId>(1), r.id<ContextId>(2), {r.id<AgencyId>(3)}};
    auto partners = TRY(db.query("SELECT agency_id FROM action_partners WHERE action_id = $1", {id.value}));
    for (const auto& pr : partners.rows) place.agencies.push_back(pr.id<AgencyId>(0));
    return place;
}

Result<ActionId> create(Connection& db, PartnershipId p, const Action& a, const Actor& actor)
{
    if (auto errors = validate(a); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(frameworks::locate_goal(db, p, a.goal));
    TRY(check_agency(db, p, *a.owner_agency, "owner_agency"));
    for (auto partner : a.partners) TRY(check_agency(db, p, partner, "partners"));
    auto now = now_utc();
    auto rows = TRY(db.query(
        "INSERT INTO actions (goal_id, what, owner_agency_id, owner_name, start_date, due_date, "
        "status, approach, created_at, updated_at, context_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) "
        "RETURNING id",
        {a.goal.value, text::normalise_paragraphs(a.what), a.owner_agency->value, text::collapse_space(a.owner_name),
         a.start_date, a.due_date, std::string(to_string(a.status)), std::string(to_string(a.approach)), now,
         where.context.value}));
    ActionId id = rows.first().id<ActionId>(0);
    std::vector<AgencyId> partners = a.partners;
    std::ranges::sort(partners);
    partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
    for (auto partner : partners)
        if (partner != *a.owner_agency)
            TRY(db.query("INSERT INTO action_partners (action_id, agency_id) VALUES ($1, $2)",
                         {id.value, partner.value}));
    TRY(frameworks::touch(db, where.framework, now));
    TRY(audit::record(db, actor,
                      {p, "create", "action", id.value, where.context,
                       fmt::format("goal={} approach={}", a.goal.value, to_string(a.approach))}));
    TRY(tx.commit());
    return id;
}

Result<std::vector<Action>> for_framework(Connection& db, PartnershipId p, FrameworkId f)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM actions a JOIN agencies ag ON ag.id = a.owner_agency_id "
                                         "JOIN goals g ON g.id = a.goal_id JOIN frameworks f ON f.id = g.framework_id "
                                         "WHERE f.id = $1 AND f.partnership_id = $2 ORDER BY a.due_date = '', "
                                         "a.due_date, a.id",
                                         kColumns),
                             {f.value, p.value}));
    std::vector<Action> out;
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    TRY(complete(db, out));
    return out;
}

Result<Action> get(Connection& db, PartnershipId p, ActionId id)
{
    TRY(locate(db, p, id));
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM actions a JOIN agencies ag ON ag.id = a.owner_agency_id "
                                         "WHERE a.id = $1",
                                         kColumns),
                             {id.value}));
    std::vector<Action> out = {from_row(rows.first())};
    TRY(complete(db, out));
    return out.front();
}

Result<void> progress(Connection& db, PartnershipId p, ActionId id, ActionStatus status, const std::string& note,
                      const Actor& actor)
{
    if (auto e =
            text::check(note, "Progress note", "note", {.min = 1, .max = limits::kProgressNote, .multiline = true}))
        return std::unexpected(*e);
    auto tx = TRY(Transaction::begin(db));
    auto place = TRY(locate(db, p, id));
    auto now = now_utc();
    TRY(db.query("UPDATE actions SET status = $1, updated_at = $2 WHERE id = $3",
                 {std::string(to_string(status)), now, id.value}));
    TRY(
        db.query("INSERT INTO action_notes (action_id, body, status, author_id, author_label, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6)",
                 {id.value, text::normalise_paragraphs(note), std::string(to_string(status)), nullable(actor.user),
                  actor.label, now}));
    TRY(frameworks::touch(db, place.framework, now));
    TRY(audit::record(db, actor,
                      {p, "update", "action", id.value, place.context, fmt::format("status={}", to_string(status))}));
    return tx.commit();
}

// A partnership's actions are counted this far, and further only as far as the page read.
constexpr std::int64_t kActionsCountedUpTo = 1000;

Result<Page<AgencyView>> list(Connection& db, PartnershipId p, const ActionFilter& filter, const std::string& today,
                              std::optional<UserId> allocated_to, std::int64_t page, std::int64_t page_size)
{
    Bindings b({p.value});
    std::string where = "f.partnership_id = $1 AND g.removed_at = ''";
    if (filter.overdue_only)
        where += fmt::format(" AND a.status IN ('planned', 'in_progress') AND a.due_date <> '' AND a.due_date < {}",
                             b.bind(today));
    if (filter.context) where += " AND f.context_id = " + b.bind(filter.context->value);
    if (filter.approach) where += " AND a.approach = " + b.bind(std::string(to_string(*filter.approach)));
    if (filter.status) where += " AND a.status = " + b.bind(std::string(to_string(*filter.status)));
    if (filter.after) {
        // The list's order as a row: (undated, due date, id).
        auto due = b.bind(filter.after->first);
        where += fmt::format(
            " AND (CASE WHEN a.due_date = '' THEN 1 ELSE 0 END, a.due_date, a.id) > "
            "(CASE WHEN {0} = '' THEN 1 ELSE 0 END, {0}, {1})",
            due, b.bind(filter.after->second));
    }
    if (allocated_to)
        where +=
            " AND f.context_id IN (SELECT context_id FROM allocations WHERE user_id = " + b.bind(allocated_to->value) +
            ")";
    Page<AgencyView> out;
    // Counted without the agency's and the context's rows, which every action
    // has (both NOT NULL references) and which only add names to show: through
    // five joins PostgreSQL took 2 to 5 ms to count a thousand, through three
    // about 1.
    constexpr std::string_view kChosen =
        "FROM actions a JOIN goals g ON g.id = a.goal_id JOIN frameworks f ON f.id = g.framework_id";
    constexpr std::string_view kOrder = "a.due_date = '', a.due_date, a.id";
    // The agency's shared actions, chosen as kChosen chooses the rest.
    constexpr std::string_view kShared =
        "FROM action_partners ap JOIN actions a ON a.id = ap.action_id JOIN goals g ON g.id = a.goal_id JOIN "
        "frameworks f ON f.id = g.framework_id";
    constexpr std::string_view kNamed =
        "JOIN agencies ag ON ag.id = a.owner_agency_id JOIN contexts c ON c.id = f.context_id";
    auto columns = fmt::format("{}, g.statement, c.name, c.id", kColumns);
    QueryResult rows;
    if (filter.agency) {
        // The actions the agency owns, read in the list's order from their
        // index, and those it takes part in, each as far as the page asked
        // for, then merged: the first page is read without sorting all of them
        // (an agency of 4,489 actions at scale 10: 16 ms on SQLite through one
        // OR, 37 ms on PostgreSQL through one UNION; 1 and 2 ms so).
        auto agency = b.bind(filter.agency->value);
        auto reach = b.bind(std::clamp<std::int64_t>(page, 1, kFurthestPage) * page_size);
        auto shown = fmt::format(
            "FROM (SELECT * FROM (SELECT {0}, a.due_date = '' AS k_undated, a.due_date AS k_due, a.id AS k_id {1} {2} "
            "WHERE {3} AND a.owner_agency_id = {4} ORDER BY {5} LIMIT {6}) owned UNION ALL SELECT * FROM (SELECT {0}, "
            "a.due_date = '', a.due_date, a.id {7} {2} WHERE {3} AND ap.agency_id = {4} AND a.owner_agency_id <> {4} "
            "ORDER BY {5} LIMIT {6}) shared) listed",
            columns, kChosen, kNamed, where, agency, kOrder, reach, kShared);
        // Counted as far as read_page counts (the page asked for, or
        // kActionsCountedUpTo if further), each kind as far as that too.
        auto counted = fmt::format(
            "FROM (SELECT * FROM (SELECT 1 AS one {0} WHERE {1} AND a.owner_agency_id = {2} LIMIT CAST({3} AS BIGINT) "
            "+ {4}) owned UNION ALL SELECT * FROM (SELECT 1 {5} WHERE {1} AND ap.agency_id = {2} AND "
            "a.owner_agency_id <> {2} LIMIT CAST({3} AS BIGINT) + {4}) shared) listed",
            kChosen, where, agency, reach, kActionsCountedUpTo + 1, kShared);
        rows = TRY(read_page(db, std::move(b), "listed.*", shown, "listed.k_undated, listed.k_due, listed.k_id", page,
                             page_size, out, std::nullopt, kActionsCountedUpTo, Plan::Cached, counted));
    } else {
        rows = TRY(read_page(db, std::move(b), columns, fmt::format("{} {} WHERE {}", kChosen, kNamed, where), kOrder,
                             page, page_size, out, std::nullopt, kActionsCountedUpTo, Plan::Cached,
                             fmt::format("{} WHERE {}", kChosen, where)));
    }
    out.items = TRY(with_goal_and_context(db, rows));
    return out;
}

Result<std::int64_t> overdue_count(Connection& db, PartnershipId p, const std::string& today)
{
    auto rows =
        TRY(db.query("SELECT COUNT(*) FROM actions a JOIN goals g ON g.id = a.goal_id "
                     "JOIN frameworks f ON f.id = g.framework_id WHERE f.partnership_id = $1 "
                     "AND g.removed_at = '' AND a.status IN ('planned', 'in_progress') AND a.due_date <> '' "
                     "AND a.due_date < $2",
                     {p.value, today}));
    return rows.first().integer(0);
}

}  // namespace trellis::store::actions
