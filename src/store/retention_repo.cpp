#include "store/retention_repo.hpp"

#include <algorithm>
#include <ctime>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "domain/lifecycle.hpp"
#include "store/audit_repo.hpp"

namespace trellis::store::retention {

namespace {

// Everything recorded on a context, leaves first, so each DELETE removes rows
// nothing else still points at. $1 is the context. A dry run counts with the
// same clauses, so the preview and the run agree.
constexpr std::string_view kGoals =
    "(SELECT g.id FROM goals g JOIN frameworks f ON f.id = g.framework_id WHERE f.context_id = $1)";
constexpr std::string_view kMeetings = "(SELECT id FROM meetings WHERE context_id = $1)";
constexpr std::string_view kEvidence = "(SELECT id FROM evidence WHERE context_id = $1)";
constexpr std::string_view kFindings =
    "(SELECT x.id FROM findings x JOIN assessments a ON a.id = x.assessment_id WHERE a.context_id = $1)";
constexpr std::string_view kRuns = "(SELECT id FROM activity_runs WHERE context_id = $1)";
constexpr std::string_view kParticipants =
    "(SELECT p.id FROM run_participants p JOIN activity_runs r ON r.id = p.run_id WHERE r.context_id = $1)";
// Concerns about this context alone go with it; one that also names another context stays.
constexpr std::string_view kOwnConcerns =
    "(SELECT cc.concern_id FROM concern_contexts cc WHERE cc.context_id = $1 AND NOT EXISTS (SELECT 1 FROM "
    "concern_contexts o WHERE o.concern_id = cc.concern_id AND o.context_id <> $1))";

struct Part {
    std::string_view table;
    std::string where;
};

std::vector<Part> context_parts()
{
    auto in = [](std::string_view column, std::string_view set) { return fmt::format("{} IN {}", column, set); };
    return {
        {"goal_findings", in("goal_id", kGoals) + " OR " + in("finding_id", kFindings)},
        {"evidence_stages", in("goal_id", kGoals) + " OR " + in("evidence_id", kEvidence)},
        {"measurements", in("indicator_id", fmt::format("(SELECT id FROM indicators WHERE goal_id IN {})", kGoals))},
        {"indicators", in("goal_id", kGoals)},
        {"goal_outcomes", in("goal_id", kGoals)},
        {"meeting_goals", in("meeting_id", kMeetings) + " OR " + in("goal_id", kGoals)},
        {"decisions", in("meeting_id", kMeetings)},
        {"meeting_attendees", in("meeting_id", kMeetings)},
        {"meetings", "context_id = $1"},
        {"action_partners", in("action_id", fmt::format("(SELECT id FROM actions WHERE goal_id IN {})", kGoals))},
        {"action_notes", in("action_id", fmt::format("(SELECT id FROM actions WHERE goal_id IN {})", kGoals))},
        {"actions", in("goal_id", kGoals)},
        {"stage_entries", in("goal_id", kGoals)},
        {"goals", in("framework_id", "(SELECT id FROM frameworks WHERE context_id = $1)")},
        {"areas", in("framework_id", "(SELECT id FROM frameworks WHERE context_id = $1)")},
        {"frameworks", "context_id = $1"},
        {"responses", "context_id = $1"},
        {"response_months", "context_id = $1"},
        {"import_drafts", "context_id = $1"},
        {"evidence_young_people", in("evidence_id", kEvidence)},
        {"evidence", "context_id = $1"},
        {"voice_themes", in("voice_id", "(SELECT id FROM voices WHERE context_id = $1)")},
        {"voice_theme_counts", "context_id = $1"},
        {"voices", "context_id = $1"},
        {"trust_nominations", in("participant_id", kParticipants)},
        {"place_marks", in("participant_id", kParticipants)},
        {"run_participants", in("run_id", kRuns)},
        {"activity_runs", "context_id = $1"},
        {"finding_sources", in("finding_id", kFindings)},
        {"findings", in("id", kFindings)},
        {"assessments", "context_id = $1"},
        {"reviews", "context_id = $1"},
        {"telling", "context_id = $1"},
        {"context_stages", "context_id = $1"},
        {"allocations", "context_id = $1"},
        {"peer_links", "context_id = $1"},
        {"young_person_contexts", "context_id = $1"},
        {"concern_young_people", in("concern_id", kOwnConcerns)},
        {"concern_contexts", in("concern_id", kOwnConcerns)},
        {"concerns", in("id", kOwnConcerns)},
        {"concern_contexts", "context_id = $1"},
        {"context_links", "from_context_id = $1 OR to_context_id = $1"},
        {"exceptional_access", "context_id = $1"},
        {"contexts", "id = $1"},
    };
}

// A register entry nothing points at any more. $1 partnership, $2 cutoff.
constexpr std::string_view kUnlinkedYoungPeople =
    "partnership_id = $1 AND created_at < $2 "
    "AND NOT EXISTS (SELECT 1 FROM young_person_contexts x WHERE x.young_person_id = young_people.id) "
    "AND NOT EXISTS (SELECT 1 FROM evidence_young_people x WHERE x.young_person_id = young_people.id) "
    "AND NOT EXISTS (SELECT 1 FROM voices x WHERE x.young_person_id = young_people.id) "
    "AND NOT EXISTS (SELECT 1 FROM run_participants x WHERE x.young_person_id = young_people.id) "
    "AND NOT EXISTS (SELECT 1 FROM concern_young_people x WHERE x.young_person_id = young_people.id) "
    "AND NOT EXISTS (SELECT 1 FROM telling x WHERE x.young_person_id = young_people.id) "
    "AND NOT EXISTS (SELECT 1 FROM peer_links x WHERE x.a_id = young_people.id OR x.b_id = young_people.id)";

std::string rule_text(RetentionKind kind, int days)
{
    return fmt::format("{} after {}", info(kind).key, describe_days(days));
}

std::int64_t unix_day_start(const std::string& date)
{
    std::tm tm{};
    tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(date.substr(8, 2));
    return static_cast<std::int64_t>(timegm(&tm));
}

Result<bool> partnership_held(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(
        "SELECT 1 FROM legal_holds WHERE partnership_id = $1 AND context_id IS NULL AND lifted_at = ''", {p.value}));
    return !rows.empty();
}

// Closed contexts past their period and not held: the context and the day it closed.
Result<std::vector<ContextId>> closed_contexts_due(Connection& db, PartnershipId p, const std::string& cutoff)
{
    auto rows = TRY(db.query(
        "SELECT c.id FROM contexts c WHERE c.partnership_id = $1 AND c.stage = 'closed' "
        "AND (SELECT MAX(s.entered_at) FROM context_stages s WHERE s.context_id = c.id AND s.stage = 'closed') < $2 "
        "AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.context_id = c.id AND h.lifted_at = '') ORDER BY c.id",
        {p.value, cutoff}));
    std::vector<ContextId> out;
    for (const auto& r : rows.rows) out.push_back(r.id<ContextId>(0));
    return out;
}

// Counts (dry) or deletes the rows of `table` matching `where`.
Result<std::int64_t> run_part(Connection& db, bool dry, const std::string& where, std::string_view table,
                              const Params& params)
{
    if (dry) {
        auto rows = TRY(db.query(fmt::format("SELECT COUNT(*) FROM {} WHERE {}", table, where), params));
        return rows.first().integer(0);
    }
    auto done = TRY(db.query(fmt::format("DELETE FROM {} WHERE {}", table, where), params));
    return done.affected;
}

// A context and everything recorded on it: the rows counted or destroyed.
Result<std::int64_t> context_rows(Connection& db, ContextId c, bool dry)
{
    std::int64_t count = 0;
    if (!dry)
        TRY(db.query(fmt::format("UPDATE activity_runs SET follow_up_of = NULL WHERE follow_up_of IN {}", kRuns),
                     {c.value}));
    for (const auto& part : context_parts()) count += TRY(run_part(db, dry, part.where, part.table, {c.value}));
    return count;
}

std::string joined(const std::vector<std::int64_t>& ids)
{
    std::string out;
    for (auto id : ids) out += fmt::format("{}{}", out.empty() ? "" : ",", id);
    return out;
}

// The closed contexts due (none while the partnership is held), at most
// `limit` of them, each counted (dry) or destroyed.
Result<std::vector<Destruction>> sweep_contexts(Connection& db, PartnershipId p, const std::string& today, bool dry,
                                                std::size_t limit)
{
    auto s = TRY(schedule(db, p));
    std::vector<Destruction> out;
    if (TRY(partnership_held(db, p))) return out;
    auto due = TRY(closed_contexts_due(db, p, add_days(today, -s[RetentionKind::ClosedContext])));
    if (due.size() > limit) due.resize(limit);
    for (auto c : due) {
        auto count = TRY(context_rows(db, c, dry));
        out.push_back({RetentionKind::ClosedContext,
                       c,
                       count,
                       rule_text(RetentionKind::ClosedContext, s[RetentionKind::ClosedContext]),
                       {},
                       {}});
    }
    return out;
}

// Everything else due: young people no record names, unconfirmed uploads,
// expired sessions; counted (dry) or destroyed. `due`, when given, names the
// kinds a dry run found, and only those are looked at again.
Result<std::vector<Destruction>> sweep_rest(Connection& db, PartnershipId p, const std::string& today, bool dry,
                                            const std::vector<Destruction>* due = nullptr)
{
    auto s = TRY(schedule(db, p));
    bool held = TRY(partnership_held(db, p));
    std::vector<Destruction> out;
    auto cutoff = [&](RetentionKind k) { return add_days(today, -s[k]); };
    auto run = [&](const std::string& sql_where, std::string_view table, const Params& params) {
        return run_part(db, dry, sql_where, table, params);
    };
    auto wanted = [&](RetentionKind k) {
        return !due || std::ranges::any_of(*due, [k](const Destruction& d) { return d.kind == k; });
    };

    if (!held && wanted(RetentionKind::UnlinkedYoungPerson)) {
        Params unlinked{p.value, cutoff(RetentionKind::UnlinkedYoungPerson)};
        auto ids = TRY(db.query(
            "SELECT id FROM young_people WHERE " + std::string(kUnlinkedYoungPeople) + " ORDER BY id", unlinked));
        if (!ids.empty()) {
            Destruction line{RetentionKind::UnlinkedYoungPerson,
                             std::nullopt,
                             0,
                             rule_text(RetentionKind::UnlinkedYoungPerson, s[RetentionKind::UnlinkedYoungPerson]),
                             {},
                             {}};
            for (const auto& r : ids.rows) line.records.push_back(r.integer(0));
            line.count = dry ? static_cast<std::int64_t>(line.records.size())
                             : TRY(run(std::string(kUnlinkedYoungPeople), "young_people", unlinked));
            out.push_back(std::move(line));
        }
    }
    auto uploads = !wanted(RetentionKind::UnconfirmedUpload)
                       ? 0
                       : TRY(run("partnership_id = $1 AND created_at < $2", "import_drafts",
                                 {p.value, cutoff(RetentionKind::UnconfirmedUpload)}));
    if (uploads > 0)
        out.push_back({RetentionKind::UnconfirmedUpload,
                       std::nullopt,
                       uploads,
                       rule_text(RetentionKind::UnconfirmedUpload, s[RetentionKind::UnconfirmedUpload]),
                       {},
                       {}});
    auto sessions = !wanted(RetentionKind::ExpiredSession)
                        ? 0
                        : TRY(run("seen_unix < $2 AND user_id IN (SELECT id FROM users WHERE partnership_id = $1)",
                                  "sessions", {p.value, unix_day_start(cutoff(RetentionKind::ExpiredSession))}));
    if (sessions > 0)
        out.push_back({RetentionKind::ExpiredSession,
                       std::nullopt,
                       sessions,
                       rule_text(RetentionKind::ExpiredSession, s[RetentionKind::ExpiredSession]),
                       {},
                       {}});

    return out;
}

// Writes the run's lines to the destruction log, each with its audit row, the
// time set on each line.
Result<void> log_destruction(Connection& db, PartnershipId p, std::vector<Destruction>& lines, const Actor& actor)
{
    auto at = now_utc();
    for (auto& line : lines) {
        line.at = at;
        TRY(
            db.query("INSERT INTO destruction_log (partnership_id, at, kind, count, context_number, rule, run_by, "
                     "records) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                     {p.value, at, std::string(info(line.kind).key), line.count, nullable(line.context), line.rule,
                      actor.label, joined(line.records)}));
        // The context is gone: its number stays in the row, and no title is left to show.
        TRY(audit::record(db, actor,
                          {p, "destroy", "retention", 0, std::nullopt,
                           fmt::format("kind={} count={}{}", info(line.kind).key, line.count,
                                       line.context ? fmt::format(" context={}", line.context->value) : "")}));
    }
    return {};
}

LegalHold hold_from(const Row& r)
{
    LegalHold h;
    h.id = r.integer(0);
    h.context = r.opt_id<ContextId>(1);
    h.context_name = r.text(2);
    h.reason = r.text(3);
    h.placed_by = r.text(4);
    h.placed_at = r.text(5);
    h.lifted_by = r.text(6);
    h.lifted_at = r.text(7);
    h.lift_reason = r.text(8);
    return h;
}

}  // namespace

Result<RetentionSchedule> schedule(Connection& db, PartnershipId p)
{
    auto s = default_schedule();
    auto rows = TRY(db.query("SELECT kind, days FROM retention_rules WHERE partnership_id = $1", {p.value}));
    for (const auto& r : rows.rows)
        if (auto kind = retention_kind(r.text(0))) s[*kind] = static_cast<int>(r.integer(1));
    return s;
}

Result<void> save_schedule(Connection& db, PartnershipId p, const RetentionSchedule& s, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto current = TRY(schedule(db, p));
    for (const auto& [kind, days] : s) {
        if (current[kind] == days) continue;
        auto key = std::string(info(kind).key);
        TRY(db.query("DELETE FROM retention_rules WHERE partnership_id = $1 AND kind = $2", {p.value, key}));
        TRY(
            db.query("INSERT INTO retention_rules (partnership_id, kind, days, updated_by_label, updated_at) VALUES "
                     "($1, $2, $3, $4, $5)",
                     {p.value, key, std::int64_t{days}, actor.label, now_utc()}));
        TRY(audit::record(db, actor,
                          {p, "update", "retention", 0, std::nullopt,
                           fmt::format("kind={} days={} was={}", key, days, current[kind])}));
    }
    return tx.commit();
}

Result<std::vector<LegalHold>> holds(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(
        "SELECT h.id, h.context_id, COALESCE(c.name, ''), h.reason, h.placed_by_label, h.placed_at, "
        "h.lifted_by_label, h.lifted_at, h.lift_reason FROM legal_holds h LEFT JOIN contexts c ON c.id = h.context_id "
        "WHERE h.partnership_id = $1 ORDER BY CASE WHEN h.lifted_at = '' THEN 0 ELSE 1 END, h.id DESC",
        {p.value}));
    std::vector<LegalHold> out;
    for (const auto& r : rows.rows) out.push_back(hold_from(r));
    return out;
}

Result<std::int64_t> place_hold(Connection& db, PartnershipId p, std::optional<ContextId> c, const std::string& reason,
                                const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    if (c) {
        auto found = TRY(db.query("SELECT 1 FROM contexts WHERE id = $1 AND partnership_id = $2", {c->value, p.value}));
        if (found.empty()) return std::unexpected(Error::not_found("There is no such context."));
    }
    auto rows =
        TRY(db.query("INSERT INTO legal_holds (partnership_id, context_id, reason, placed_by_label, placed_at) "
                     "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                     {p.value, nullable(c), reason, actor.label, now_utc()}));
    auto id = rows.first().integer(0);
    TRY(audit::record(db, actor, {p, "hold", "legal_hold", id, c, c ? "scope=context" : "scope=partnership"}));
    TRY(tx.commit());
    return id;
}

Result<void> lift_hold(Connection& db, PartnershipId p, std::int64_t hold, const std::string& reason,
                       const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto rows =
        TRY(db.query("SELECT context_id FROM legal_holds WHERE id = $1 AND partnership_id = $2 AND lifted_at = ''",
                     {hold, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such legal hold in force."));
    auto c = rows.first().opt_id<ContextId>(0);
    TRY(db.query("UPDATE legal_holds SET lifted_by_label = $1, lifted_at = $2, lift_reason = $3 WHERE id = $4",
                 {actor.label, now_utc(), reason, hold}));
    TRY(audit::record(db, actor, {p, "release", "legal_hold", hold, c, c ? "scope=context" : "scope=partnership"}));
    return tx.commit();
}

Result<std::vector<Destruction>> due(Connection& db, PartnershipId p, const std::string& today)
{
    auto lines = TRY(sweep_contexts(db, p, today, true, std::numeric_limits<std::size_t>::max()));
    for (auto& line : TRY(sweep_rest(db, p, today, true))) lines.push_back(std::move(line));
    return lines;
}

Result<std::vector<Destruction>> destroy(Connection& db, PartnershipId p, const std::string& today, const Actor& actor)
{
    // What is due is looked for before a write transaction begins, and again
    // inside it: most days little or nothing is, and looking reads the whole
    // register and every closed context, which a write transaction would make
    // every other writer (each page's view in the audit trail) wait for.
    // Each closed context goes in a transaction of its own, with its line of
    // the destruction log and its audit row, and the rest in one more: a run
    // that destroys many contexts (after the schedule is shortened, say) holds
    // other writers back for one context at a time, never for the whole run.
    std::vector<Destruction> out;
    while (!TRY(sweep_contexts(db, p, today, true, 1)).empty()) {
        auto began = std::chrono::steady_clock::now();
        auto tx = TRY(Transaction::begin(db));
        auto lines = TRY(sweep_contexts(db, p, today, false, 1));
        if (lines.empty()) break;
        TRY(log_destruction(db, p, lines, actor));
        TRY(tx.commit());
        out.push_back(std::move(lines.front()));
        let_writers_in(db, began);
    }
    auto due = TRY(sweep_rest(db, p, today, true));
    if (due.empty()) return out;
    auto tx = TRY(Transaction::begin(db));
    auto lines = TRY(sweep_rest(db, p, today, false, &due));
    TRY(log_destruction(db, p, lines, actor));
    TRY(tx.commit());
    for (auto& line : lines) out.push_back(std::move(line));
    return out;
}

namespace {

// The first row of the chain that `condition` holds for (NULL when none), read
// along the chain from its start: the rows before it are the few retention
// has not yet removed. MIN(seq) over the rows a partnership keeps read all of
// them instead (0.4 s for 2,000,000 rows, holding every write back). The unary
// plus and the empty concatenation keep the planner off the (partnership, at)
// index, which would find every kept row and then sort them.
std::string first_in_chain(std::string_view condition)
{
    return fmt::format("SELECT seq FROM audit_events WHERE seq IS NOT NULL AND {} ORDER BY seq LIMIT 1", condition);
}

}  // namespace

Result<std::vector<std::pair<PartnershipId, Destruction>>> trim_audit_trail(Connection& db, const std::string& today,
                                                                            bool dry, const Actor& actor)
{
    // Counted first, outside a write transaction (see destroy): a day with
    // nothing due holds no other writer back.
    if (!dry && TRY(trim_audit_trail(db, today, true, actor)).empty()) return {};
    std::optional<Transaction> tx;
    if (!dry) tx.emplace(TRY(Transaction::begin(db)));
    // The first row some partnership must keep: its first row not yet due, or
    // its first row at all while it is under a hold. Rows of no partnership
    // are kept as long as the longest period.
    auto partnerships = TRY(db.query("SELECT id FROM partnerships ORDER BY id"));
    struct Due {
        PartnershipId p;
        std::string cutoff;
        int days;
    };
    std::vector<Due> dues;
    std::optional<std::int64_t> first_kept;
    // A failed read stops the trim: guessing would destroy rows to be kept.
    auto keep = [&](Result<QueryResult> r) -> Result<void> {
        if (!r) return std::unexpected(r.error());
        if (!r->empty() && !r->first().is_null(0)) {
            auto seq = r->first().integer(0);
            first_kept = first_kept ? std::min(*first_kept, seq) : seq;
        }
        return {};
    };
    std::string earliest = today;
    for (const auto& row : partnerships.rows) {
        PartnershipId p{row.integer(0)};
        auto s = TRY(schedule(db, p));
        auto cutoff = add_days(today, -s[RetentionKind::AuditTrail]);
        earliest = std::min(earliest, cutoff);
        if (TRY(partnership_held(db, p))) {
            TRY(keep(db.query(first_in_chain("+partnership_id = $1"), {p.value})));
            continue;
        }
        TRY(keep(db.query(first_in_chain("+partnership_id = $1 AND at || '' >= $2"), {p.value, cutoff})));
        dues.push_back({p, cutoff, s[RetentionKind::AuditTrail]});
    }
    TRY(keep(db.query(first_in_chain("partnership_id IS NULL AND at || '' >= $1"), {earliest})));
    std::vector<std::pair<PartnershipId, Destruction>> out;
    if (dues.empty()) return out;
    // Everything before the first kept row goes, in one prefix of the chain,
    // and rows from before there was a chain by their time: two statements,
    // each read along the seq index ("+" keeps the planner off the partnership
    // index). One statement with an OR read every row the partnership keeps
    // (0.4 s for 2,000,000 rows, holding every write back, each day).
    struct Part {
        std::string where;
        bool with_cutoff;
    };
    const Part parts[] = {
        {"+partnership_id = $1 AND seq IS NULL AND at < $2", true},
        {first_kept ? "+partnership_id = $1 AND seq < $2" : "+partnership_id = $1 AND seq IS NOT NULL", false}};
    if (!dry) {
        auto last = TRY(db.query(first_kept ? "SELECT MAX(seq) FROM audit_events WHERE seq < $1"
                                            : "SELECT MAX(seq) FROM audit_events WHERE seq IS NOT NULL",
                                 first_kept ? Params{*first_kept} : Params{}));
        if (!last.first().is_null(0)) TRY(audit::checkpoint(db, last.first().integer(0)));
    }
    for (const auto& d : dues) {
        std::int64_t count = 0;
        for (const auto& part : parts) {
            Params params{d.p.value};
            if (part.with_cutoff)
                params.emplace_back(d.cutoff);
            else if (first_kept)
                params.emplace_back(*first_kept);
            count +=
                dry ? TRY(db.query("SELECT COUNT(*) FROM audit_events WHERE " + part.where, params)).first().integer(0)
                    : TRY(db.query("DELETE FROM audit_events WHERE " + part.where, params)).affected;
        }
        if (count == 0) continue;
        Destruction line{RetentionKind::AuditTrail,
                         std::nullopt,
                         count,
                         rule_text(RetentionKind::AuditTrail, d.days),
                         now_utc(),
                         {}};
        if (!dry) {
            TRY(
                db.query("INSERT INTO destruction_log (partnership_id, at, kind, count, context_number, rule, run_by) "
                         "VALUES ($1, $2, $3, $4, NULL, $5, $6)",
                         {d.p.value, line.at, std::string(info(line.kind).key), count, line.rule, actor.label}));
            TRY(audit::record(db, actor,
                              {d.p, "destroy", "retention", 0, std::nullopt,
                               fmt::format("kind={} count={}", info(line.kind).key, count)}));
        }
        out.emplace_back(d.p, std::move(line));
    }
    if (tx) TRY(tx->commit());
    return out;
}

Result<std::vector<Destruction>> log(Connection& db, PartnershipId p, int limit)
{
    auto rows =
        TRY(db.query("SELECT kind, context_number, count, rule, at FROM destruction_log WHERE partnership_id = "
                     "$1 ORDER BY id DESC LIMIT $2",
                     {p.value, std::int64_t{limit}}));
    std::vector<Destruction> out;
    for (const auto& r : rows.rows)
        out.push_back({retention_kind(r.text(0)).value_or(RetentionKind::ClosedContext),
                       r.opt_id<ContextId>(1),
                       r.integer(2),
                       r.text(3),
                       r.text(4),
                       {}});
    return out;
}

Result<void> log_erasure(Connection& db, PartnershipId p, std::int64_t young_person, const Actor& actor)
{
    TRY(
        db.query("INSERT INTO destruction_log (partnership_id, at, kind, count, context_number, rule, run_by, records) "
                 "VALUES ($1, $2, $3, 1, NULL, $4, $5, $6)",
                 {p.value, now_utc(), std::string(info(RetentionKind::UnlinkedYoungPerson).key),
                  std::string("erased from the register"), actor.label, std::to_string(young_person)}));
    return {};
}

Result<std::vector<LoggedDestruction>> destroyed_since(Connection& db, const std::string& since)
{
    auto rows =
        TRY(db.query("SELECT partnership_id, kind, context_number, records, at FROM destruction_log WHERE at > $1 AND "
                     "partnership_id IS NOT NULL ORDER BY id",
                     {since}));
    std::vector<LoggedDestruction> out;
    for (const auto& r : rows.rows) {
        LoggedDestruction d;
        d.partnership = r.id<PartnershipId>(0);
        d.kind = r.text(1);
        d.context = r.opt_id<ContextId>(2);
        std::string_view list = r.text(3);
        while (!list.empty()) {
            auto comma = list.find(',');
            auto id = list.substr(0, comma);
            if (!id.empty()) d.records.push_back(std::stoll(std::string(id)));
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        }
        d.at = r.text(4);
        out.push_back(std::move(d));
    }
    return out;
}

Result<std::int64_t> destroy_again(Connection& db, const LoggedDestruction& d, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    std::int64_t count = 0;
    if (d.kind == info(RetentionKind::ClosedContext).key && d.context) {
        auto there = TRY(db.query("SELECT 1 FROM contexts WHERE id = $1 AND partnership_id = $2",
                                  {d.context->value, d.partnership.value}));
        if (!there.empty()) count += TRY(context_rows(db, *d.context, false));
    }
    for (auto y : d.records) {
        auto there =
            TRY(db.query("SELECT 1 FROM young_people WHERE id = $1 AND partnership_id = $2", {y, d.partnership.value}));
        if (there.empty()) continue;
        // Erased means gone: whatever still named them in the older copy stops naming them.
        for (const char* sql :
             {"DELETE FROM evidence_young_people WHERE young_person_id = $1",
              "UPDATE voices SET young_person_id = NULL WHERE young_person_id = $1",
              "UPDATE run_participants SET young_person_id = NULL WHERE young_person_id = $1",
              "DELETE FROM concern_young_people WHERE young_person_id = $1",
              "DELETE FROM telling WHERE young_person_id = $1", "DELETE FROM peer_links WHERE a_id = $1 OR b_id = $1",
              "DELETE FROM young_person_contexts WHERE young_person_id = $1", "DELETE FROM young_people WHERE id = $1"})
            count += TRY(db.query(sql, {y})).affected;
    }
    if (count > 0)
        TRY(audit::record(db, actor,
                          {d.partnership, "destroy", "retention", 0, std::nullopt,
                           fmt::format("kind={} count={} reapplied={}{}", d.kind, count, d.at,
                                       d.context ? fmt::format(" context={}", d.context->value) : "")}));
    TRY(tx.commit());
    return count;
}

Result<bool> claim_day(Connection& db, const std::string& job, const std::string& day)
{
    auto done = TRY(db.query("UPDATE job_runs SET last_day = $1, ran_at = $2 WHERE job = $3 AND last_day < $1",
                             {day, now_utc(), job}));
    return done.affected == 1;
}

}  // namespace trellis::store::retention
