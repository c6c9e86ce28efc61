// Indicators and their measurements, outcome ratings, and the counts the
// dashboards are drawn from.
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/paging.hpp"
#include "store/report_repo.hpp"
#include "store/response_repo.hpp"

namespace trellis::store {
namespace {

std::int64_t milli(double v)
{
    return std::llround(v * 1000.0);
}

std::optional<std::int64_t> milli(std::optional<double> v)
{
    if (!v) return std::nullopt;
    return milli(*v);
}

std::optional<double> from_milli(std::optional<std::int64_t> v)
{
    if (!v) return std::nullopt;
    return double(*v) / 1000.0;
}

constexpr const char* kColumns =
    "i.id, i.goal_id, i.name, i.unit, i.better, i.baseline_milli, i.baseline_on, i.target_milli, i.method, i.source, "
    "f.context_id";

// Reads indicators with their measurements; computed ones from the runs of
// their context (loaded once per context).
Result<std::vector<Indicator>> read(Connection& db, PartnershipId p, const QueryResult& rows)
{
    std::map<std::int64_t, std::vector<ActivityRun>> runs_of;
    std::map<std::int64_t, std::vector<responses::MonthCount>> months_of;
    std::vector<Indicator> out;
    std::map<std::int64_t, std::size_t> entered;  // indicator id: where it is in out
    for (const auto& r : rows.rows) {
        Indicator i;
        i.id = r.id<IndicatorId>(0);
        i.goal = r.id<GoalId>(1);
        i.name = r.text(2);
        i.unit = r.text(3);
        i.better = kBetter.parse(r.text(4)).value_or(Better::Higher);
        i.baseline = from_milli(r.opt_integer(5));
        i.baseline_date = r.text(6);
        i.target = from_milli(r.opt_integer(7));
        i.method = r.text(8);
        i.source = kIndicatorSources.parse(r.text(9)).value_or(IndicatorSource::Entered);
        if (i.source == IndicatorSource::Entered) {
            entered[i.id.value] = out.size();
        } else if (i.source == IndicatorSource::EnforcementResponses || i.source == IndicatorSource::WelfareResponses) {
            auto context = r.integer(10);
            if (!months_of.contains(context)) months_of[context] = TRY(responses::by_month(db, p, ContextId{context}));
            i.measurements = measurements_from_responses(i.source, months_of[context]);
        } else {
            auto context = r.integer(10);
            if (!runs_of.contains(context)) runs_of[context] = TRY(activities::for_context(db, p, ContextId{context}));
            i.measurements = measurements_from_runs(i.source, runs_of[context]);
        }
        out.push_back(std::move(i));
    }
    // Entered measurements, a few hundred indicators to a statement.
    std::vector<std::int64_t> ids;
    for (const auto& [id, at] : entered) ids.push_back(id);
    for (const auto& slice : slices(ids)) {
        Bindings b;
        auto ms = TRY(db.query(fmt::format("SELECT indicator_id, id, measured_on, value_milli, note FROM measurements "
                                           "WHERE indicator_id IN ({}) ORDER BY indicator_id, measured_on, id",
                                           bind_in(b, slice)),
                               b.params()));
        for (const auto& m : ms.rows)
            out[entered.at(m.integer(0))].measurements.push_back(
                {m.integer(1), m.text(2), double(m.integer(3)) / 1000.0, m.text(4), {}});
    }
    return out;
}

}  // namespace

Result<IndicatorId> indicators::create(Connection& db, PartnershipId p, const Indicator& i, const Actor& actor)
{
    if (auto errors = validate(i); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(frameworks::locate_goal(db, p, i.goal));
    auto now = now_utc();
    auto rows = TRY(db.query(
        "INSERT INTO indicators (partnership_id, goal_id, name, unit, better, baseline_milli, baseline_on, "
        "target_milli, method, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        {p.value, i.goal.value, text::collapse_space(i.name), text::collapse_space(i.unit),
         std::string(kBetter.name(i.better)), nullable(milli(i.baseline)), i.baseline_date, nullable(milli(i.target)),
         text::normalise_paragraphs(i.method), std::string(kIndicatorSources.name(i.source)), now}));
    IndicatorId id = rows.first().id<IndicatorId>(0);
    TRY(frameworks::touch(db, where.framework, now));
    TRY(audit::record(db, actor,
                      {p, "create", "indicator", id.value, where.context,
                       fmt::format("goal={} source={}", i.goal.value, kIndicatorSources.name(i.source))}));
    TRY(tx.commit());
    return id;
}

Result<frameworks::Location> indicators::locate(Connection& db, PartnershipId p, IndicatorId id)
{
    auto rows =
        TRY(db.query("SELECT f.id, f.context_id FROM indicators i JOIN goals g ON g.id = i.goal_id "
                     "JOIN frameworks f ON f.id = g.framework_id WHERE i.id = $1 AND i.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such indicator."));
    return frameworks::Location{rows.first().id<FrameworkId>(0), rows.first().id<ContextId>(1)};
}

Result<Indicator> indicators::get(Connection& db, PartnershipId p, IndicatorId id)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM indicators i JOIN goals g ON g.id = i.goal_id "
                                         "JOIN frameworks f ON f.id = g.framework_id "
                                         "WHERE i.id = $1 AND i.partnership_id = $2",
                                         kColumns),
                             {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such indicator."));
    auto list = TRY(read(db, p, rows));
    return std::move(list.front());
}

Result<std::vector<Indicator>> indicators::for_framework(Connection& db, PartnershipId p, FrameworkId f)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM indicators i JOIN goals g ON g.id = i.goal_id "
                                         "JOIN frameworks f ON f.id = g.framework_id "
                                         "WHERE f.id = $1 AND i.partnership_id = $2 ORDER BY i.goal_id, i.id",
                                         kColumns),
                             {f.value, p.value}));
    return read(db, p, rows);
}

Result<std::vector<Indicator>> indicators::for_partnership(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM indicators i JOIN goals g ON g.id = i.goal_id "
                                         "JOIN frameworks f ON f.id = g.framework_id WHERE i.partnership_id = $1 "
                                         "AND f.status <> 'closed' AND g.removed_at = '' ORDER BY i.id",
                                         kColumns),
                             {p.value}));
    return read(db, p, rows);
}

Result<std::int64_t> indicators::add_measurement(Connection& db, PartnershipId p, IndicatorId id, const Measurement& m,
                                                 const Actor& actor)
{
    if (auto errors = validate(m); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(locate(db, p, id));
    auto source = TRY(db.query("SELECT source FROM indicators WHERE id = $1", {id.value}));
    if (source.first().text(0) != kIndicatorSources.name(IndicatorSource::Entered))
        return std::unexpected(Error::invalid(
            "This indicator is computed from activity runs or the response log: record a run or a response instead "
            "of a measurement.",
            "value"));
    auto now = now_utc();
    auto rows = TRY(db.query(
        "INSERT INTO measurements (indicator_id, measured_on, value_milli, note, author_id, "
        "author_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {id.value, m.date, milli(m.value), text::collapse_space(m.note), nullable(actor.user), actor.label, now}));
    TRY(frameworks::touch(db, where.framework, now));
    TRY(audit::record(
        db, actor,
        {p, "create", "measurement", rows.first().integer(0), where.context, fmt::format("indicator={}", id.value)}));
    TRY(tx.commit());
    return rows.first().integer(0);
}

Result<void> outcomes::rate(Connection& db, PartnershipId p, GoalId goal, OutcomeRating rating,
                            const std::string& rationale, const Actor& actor)
{
    if (auto e = text::check(rationale, "Reason for the rating", "rationale",
                             {.min = 1, .max = limits::kMethod, .multiline = true}))
        return std::unexpected(*e);
    auto tx = TRY(Transaction::begin(db));
    auto where = TRY(frameworks::locate_goal(db, p, goal));
    auto now = now_utc();
    TRY(
        db.query("INSERT INTO goal_outcomes (goal_id, rating, rationale, author_id, author_label, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6)",
                 {goal.value, std::string(kOutcomeRatings.name(rating)), text::normalise_paragraphs(rationale),
                  nullable(actor.user), actor.label, now}));
    TRY(db.query("UPDATE goals SET status = $1, updated_at = $2 WHERE id = $3",
                 {std::string(to_string(goal_status_for(rating))), now, goal.value}));
    TRY(frameworks::touch(db, where.framework, now));
    TRY(audit::record(
        db, actor,
        {p, "rate", "goal", goal.value, where.context, fmt::format("rating={}", kOutcomeRatings.name(rating))}));
    return tx.commit();
}

Result<std::vector<outcomes::Rated>> outcomes::for_framework(Connection& db, PartnershipId p, FrameworkId f)
{
    auto rows = TRY(db.query(
        "SELECT o.goal_id, o.rating, o.rationale, o.author_label, o.created_at FROM goal_outcomes o "
        "JOIN goals g ON g.id = o.goal_id JOIN frameworks f ON f.id = g.framework_id "
        "WHERE f.id = $1 AND f.partnership_id = $2 AND o.id = (SELECT MAX(id) FROM goal_outcomes WHERE goal_id = "
        "o.goal_id) ORDER BY o.goal_id",
        {f.value, p.value}));
    std::vector<Rated> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<GoalId>(0), kOutcomeRatings.parse(r.text(1)).value_or(OutcomeRating::NotReached), r.text(2),
                       r.text(3), r.text(4)});
    return out;
}

Result<std::vector<reports::GoalCount>> reports::goals_by_status(Connection& db, PartnershipId p, ContextId c)
{
    auto rows =
        TRY(db.query("SELECT g.status, COUNT(*) FROM goals g JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE f.partnership_id = $1 AND f.context_id = $2 AND g.removed_at = '' "
                     "GROUP BY g.status",
                     {p.value, c.value}));
    std::vector<GoalCount> out;
    for (auto s : kGoalStatuses) {
        GoalCount gc{s, 0};
        for (const auto& r : rows.rows)
            if (r.text(0) == to_string(s)) gc.count = r.integer(1);
        out.push_back(gc);
    }
    return out;
}

Result<std::vector<reports::AreaProgress>> reports::progress_by_area(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT a.name, g.status FROM goals g JOIN areas a ON a.id = g.area_id "
                     "JOIN frameworks f ON f.id = g.framework_id WHERE f.partnership_id = $1 AND f.status <> 'closed' "
                     "AND g.removed_at = '' ORDER BY a.name",
                     {p.value}));
    std::vector<AreaProgress> out;
    std::map<std::string, std::size_t> at;
    for (const auto& r : rows.rows) {
        auto key = text::name_key(r.text(0));
        auto [it, fresh] = at.try_emplace(key, out.size());
        if (fresh) out.push_back({r.text(0)});
        auto& a = out[it->second];
        ++a.goals;
        if (r.text(1) == to_string(GoalStatus::Reached)) ++a.reached;
        if (r.text(1) == to_string(GoalStatus::PartlyReached)) ++a.partly;
    }
    return out;
}

Result<std::int64_t> reports::young_people_seen(Connection& db, PartnershipId p, std::optional<ContextId> c)
{
    if (!c) {
        // Each young person on the register looked up in the links, rather
        // than every link of the partnership read.
        auto rows = TRY(db.query(
            "SELECT COUNT(*) FROM young_people y WHERE y.partnership_id = $1 AND (EXISTS (SELECT 1 FROM "
            "evidence_young_people ey WHERE ey.young_person_id = y.id) OR EXISTS (SELECT 1 FROM run_participants rp "
            "WHERE rp.young_person_id = y.id))",
            {p.value}));
        return rows.first().integer(0);
    }
    // Whoever evidence or a run of a context names is on its register (they
    // cannot be taken off while named), so the register is where to start,
    // each young person's links read through their own index (CROSS JOIN
    // keeps SQLite to that order; "+" keeps it from reading the context's
    // every evidence record for each person).
    auto rows = TRY(db.query(
        "SELECT COUNT(*) FROM young_person_contexts yc CROSS JOIN young_people y "
        "WHERE y.id = yc.young_person_id AND yc.context_id = $2 AND y.partnership_id = $1 AND (EXISTS (SELECT 1 FROM "
        "evidence_young_people ey "
        "JOIN evidence x ON x.id = ey.evidence_id WHERE ey.young_person_id = y.id AND +x.context_id = $2) OR EXISTS "
        "(SELECT 1 FROM run_participants rp JOIN activity_runs x ON x.id = rp.run_id WHERE rp.young_person_id = y.id "
        "AND x.context_id = $2))",
        {p.value, c->value}));
    return rows.first().integer(0);
}

}  // namespace trellis::store
