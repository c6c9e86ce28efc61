// Structured group activities: who do you trust, and places mapping, each run
// stored participant by participant so that runs can be compared.
#include <cmath>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"

namespace trellis::store::activities {
namespace {

constexpr const char* kColumns = "id, context_id, kind, run_on, follow_up_of, note, author_label";

std::optional<std::int64_t> micro(std::optional<double> v)
{
    if (!v) return std::nullopt;
    return std::llround(*v * 1e6);
}

std::optional<double> from_micro(std::optional<std::int64_t> v)
{
    if (!v) return std::nullopt;
    return double(*v) / 1e6;
}

Result<std::vector<ActivityRun>> read(Connection& db, QueryResult rows)
{
    std::vector<ActivityRun> out;
    for (const auto& r : rows.rows) {
        ActivityRun run;
        run.id = r.id<RunId>(0);
        run.context = r.id<ContextId>(1);
        run.kind = kActivityKinds.parse(r.text(2)).value_or(ActivityKind::Trust);
        run.date = r.text(3);
        run.follow_up_of = r.opt_id<RunId>(4);
        run.note = r.text(5);
        run.author_label = r.text(6);
        auto parts =
            TRY(db.query("SELECT p.id, p.young_person_id, COALESCE(y.pseudonym, p.label) FROM "
                         "run_participants p LEFT JOIN young_people y ON y.id = p.young_person_id "
                         "WHERE p.run_id = $1 ORDER BY p.position",
                         {run.id.value}));
        for (const auto& pr : parts.rows) {
            Participant p{pr.opt_id<YoungPersonId>(1), pr.text(2), {}, {}};
            std::int64_t pid = pr.integer(0);
            if (run.kind == ActivityKind::Trust) {
                auto noms = TRY(
                    db.query("SELECT role, adults, respected FROM trust_nominations WHERE participant_id = $1", {pid}));
                for (const auto& n : noms.rows)
                    if (auto role = kAdultRoles.parse(n.text(0)))
                        p.trusted.push_back({*role, static_cast<int>(n.integer(1)), n.integer(2) != 0});
            } else {
                auto marks =
                    TRY(db.query("SELECT place, category, latitude_micro, longitude_micro FROM place_marks "
                                 "WHERE participant_id = $1 ORDER BY id",
                                 {pid}));
                for (const auto& m : marks.rows)
                    p.places.push_back({m.text(0), kPlaceCategories.parse(m.text(1)).value_or(PlaceCategory::Safe),
                                        from_micro(m.opt_integer(2)), from_micro(m.opt_integer(3))});
            }
            run.participants.push_back(std::move(p));
        }
        out.push_back(std::move(run));
    }
    return out;
}

}  // namespace

Result<RunId> create(Connection& db, PartnershipId p, const ActivityRun& r, const Actor& actor)
{
    if (auto errors = validate(r); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, r.context));
    if (r.follow_up_of) {
        auto earlier = get(db, p, *r.follow_up_of);
        if (!earlier || earlier->context != r.context || earlier->kind != r.kind)
            return std::unexpected(
                Error::invalid("A follow-up must follow a run of the same activity on this context.", "follow_up_of"));
        if (r.date < earlier->date)
            return std::unexpected(Error::invalid(
                fmt::format("A follow-up cannot be dated before the run it follows up ({}).", earlier->date), "date"));
    }
    for (const auto& part : r.participants)
        if (part.young_person)
            TRY(young_people::check_on_register(db, p, *part.young_person, r.context, "participants"));
    auto now = now_utc();
    auto rows = TRY(
        db.query("INSERT INTO activity_runs (partnership_id, context_id, kind, run_on, follow_up_of, note, author_id, "
                 "author_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                 {p.value, r.context.value, std::string(kActivityKinds.name(r.kind)), r.date, nullable(r.follow_up_of),
                  text::normalise_paragraphs(r.note), nullable(actor.user), actor.label, now}));
    RunId id = rows.first().id<RunId>(0);
    for (std::size_t i = 0; i < r.participants.size(); ++i) {
        const auto& part = r.participants[i];
        auto label = text::collapse_space(part.label);
        if (label.empty()) label = fmt::format("Participant {}", i + 1);
        auto pr =
            TRY(db.query("INSERT INTO run_participants (run_id, position, young_person_id, label) "
                         "VALUES ($1, $2, $3, $4) RETURNING id",
                         {id.value, static_cast<std::int64_t>(i), nullable(part.young_person), label}));
        std::int64_t pid = pr.first().integer(0);
        for (const auto& t : part.trusted)
            if (t.adults > 0 || t.respected)
                TRY(
                    db.query("INSERT INTO trust_nominations (participant_id, role, adults, respected) "
                             "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                             {pid, std::string(kAdultRoles.name(t.role)), std::int64_t{t.adults},
                              std::int64_t{t.respected ? 1 : 0}}));
        for (const auto& m : part.places)
            TRY(
                db.query("INSERT INTO place_marks (participant_id, place, category, latitude_micro, "
                         "longitude_micro) VALUES ($1, $2, $3, $4, $5)",
                         {pid, text::collapse_space(m.place), std::string(kPlaceCategories.name(m.category)),
                          nullable(micro(m.latitude)), nullable(micro(m.longitude))}));
    }
    // Computed indicators on the context's frameworks now read differently.
    TRY(frameworks::touch_context(db, r.context, now));
    TRY(audit::record(db, actor,
                      {p, "create", "activity_run", id.value, r.context,
                       fmt::format("kind={} participants={} follow_up_of={}", kActivityKinds.name(r.kind),
                                   r.participants.size(), r.follow_up_of ? r.follow_up_of->value : 0)}));
    TRY(tx.commit());
    return id;
}

Result<ActivityRun> get(Connection& db, PartnershipId p, RunId id)
{
    auto rows =
        TRY(db.query(fmt::format("SELECT {} FROM activity_runs WHERE id = $1 AND partnership_id = $2", kColumns),
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such activity run."));
    auto runs = TRY(read(db, std::move(rows)));
    return std::move(runs.front());
}

Result<ContextId> remove(Connection& db, PartnershipId p, RunId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto run = TRY(get(db, p, id));
    auto follow_ups = TRY(db.query("SELECT COUNT(*) FROM activity_runs WHERE follow_up_of = $1", {id.value}));
    if (follow_ups.first().integer(0) > 0)
        return std::unexpected(Error::conflict(
            "A follow-up is compared with this run: delete the follow-up first, or keep this run as its baseline."));
    TRY(frameworks::touch_context(db, run.context, now_utc()));
    TRY(db.query("DELETE FROM activity_runs WHERE id = $1", {id.value}));
    TRY(audit::record(
        db, actor,
        {p, "delete", "activity_run", id.value, run.context,
         fmt::format("kind={} participants={}", kActivityKinds.name(run.kind), run.participants.size())}));
    TRY(tx.commit());
    return run.context;
}

Result<std::vector<ActivityRun>> for_context(Connection& db, PartnershipId p, ContextId c,
                                             std::optional<ActivityKind> kind)
{
    std::string sql =
        fmt::format("SELECT {} FROM activity_runs WHERE partnership_id = $1 AND context_id = $2", kColumns);
    Params params{p.value, c.value};
    if (kind) {
        sql += " AND kind = $3";
        params.emplace_back(std::string(kActivityKinds.name(*kind)));
    }
    auto rows = TRY(db.query(sql + " ORDER BY run_on, id", params));
    return read(db, std::move(rows));
}

}  // namespace trellis::store::activities
