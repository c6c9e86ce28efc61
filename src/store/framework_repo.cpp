#include <fmt/format.h>
#include <algorithm>
#include <unordered_map>

#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/framework_repo.hpp"

namespace trellis::store::frameworks {
namespace {

// A table of the four stage names, for finding each stage's latest version
// through the (goal_id, stage, version) index: one index probe a stage, however
// many versions a stage has.
const std::string& stages_table()
{
    static const std::string sql = [] {
        std::string values;
        for (auto stage : kStages.all())
            values += fmt::format("{}('{}')", values.empty() ? "" : ", ", to_string(stage));
        return "WITH stages(stage) AS (VALUES " + values + ") ";
    }();
    return sql;
}

Result<void> insert_entry(Connection& db, ContextId context, GoalId goal, Stage stage, const StageEntry& e, int version)
{
    TRY(db.query(
        "INSERT INTO stage_entries (goal_id, stage, version, body, author_id, author_label, created_at, context_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {goal.value, std::string(to_string(stage)), std::int64_t{version}, e.text, nullable(e.author), e.author_label,
         e.written_at.empty() ? now_utc() : e.written_at, context.value}));
    return {};
}

StageEntry entry_from(const Row& r, std::size_t first)
{
    StageEntry e;
    e.version = static_cast<int>(r.integer(first));
    e.text = r.text(first + 1);
    e.author = r.opt_id<UserId>(first + 2);
    e.author_label = r.text(first + 3);
    e.written_at = r.text(first + 4);
    return e;
}

}  // namespace

Result<FrameworkId> create(Connection& db, PartnershipId p, const Framework& f)
{
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    auto ctx =
        TRY(db.query("SELECT 1 FROM contexts WHERE id = $1 AND partnership_id = $2", {f.context.value, p.value}));
    if (ctx.empty()) return std::unexpected(Error::not_found("There is no such context."));
    auto tx = TRY(Transaction::begin(db));
    auto now = now_utc();
    auto created = f.created_at.empty() ? now : f.created_at;
    auto rows = TRY(db.query(
        "INSERT INTO frameworks (partnership_id, context_id, title, status, owner_id, start_date, next_review_date, "
        "template_key, question_scoping, question_measuring, question_action, question_outcome, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        {p.value, f.context.value, text::collapse_space(f.title), std::string(to_string(f.status)), nullable(f.owner),
         f.start_date, f.next_review_date, f.template_key, f.questions[0], f.questions[1], f.questions[2],
         f.questions[3], created, f.updated_at.empty() ? now : f.updated_at}));
    FrameworkId id = rows.first().id<FrameworkId>(0);
    for (std::size_t a = 0; a < f.areas.size(); ++a) {
        const auto& area = f.areas[a];
        auto area_rows = TRY(db.query(
            "INSERT INTO areas (framework_id, sort_order, name, name_key) "
            "VALUES ($1, $2, $3, $4) RETURNING id",
            {id.value, static_cast<std::int64_t>(a), text::collapse_space(area.name), text::name_key(area.name)}));
        AreaId area_id = area_rows.first().id<AreaId>(0);
        for (std::size_t g = 0; g < area.goals.size(); ++g) {
            const auto& goal = area.goals[g];
            auto goal_rows = TRY(db.query(
                "INSERT INTO goals (framework_id, area_id, sort_order, statement, status, created_at, updated_at, "
                "context_id) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
                {id.value, area_id.value, static_cast<std::int64_t>(g), text::normalise_paragraphs(goal.statement),
                 std::string(to_string(goal.status)), created, f.context.value}));
            GoalId goal_id = goal_rows.first().id<GoalId>(0);
            for (auto s : kStages) {
                int next = 1;
                for (const auto& earlier : goal.earlier_versions[index(s)]) {
                    next = std::max(next, earlier.version);
                    TRY(insert_entry(db, f.context, goal_id, s, earlier, next));
                    ++next;
                }
                const auto& e = goal.stage(s);
                if (e.text.empty() && e.version == 0) continue;
                TRY(insert_entry(db, f.context, goal_id, s, e, std::max(e.version, next)));
            }
        }
    }
    TRY(tx.commit());
    return id;
}

Result<Framework> load(Connection& db, PartnershipId p, FrameworkId id, History with_history)
{
    auto rows = TRY(db.query(
        "SELECT context_id, title, status, owner_id, start_date, next_review_date, template_key, question_scoping, "
        "question_measuring, question_action, question_outcome, created_at, updated_at FROM frameworks "
        "WHERE id = $1 AND partnership_id = $2",
        {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such framework."));
    const Row& r = rows.first();
    Framework f;
    f.id = id;
    f.context = r.id<ContextId>(0);
    f.title = r.text(1);
    f.status = parse_framework_status(r.text(2)).value_or(FrameworkStatus::Draft);
    f.owner = r.opt_id<UserId>(3);
    f.start_date = r.text(4);
    f.next_review_date = r.text(5);
    f.template_key = r.text(6);
    for (std::size_t i = 0; i < 4; ++i) f.questions[i] = r.text(7 + i);
    f.created_at = r.text(11);
    f.updated_at = r.text(12);

    auto areas =
        TRY(db.query("SELECT id, name FROM areas WHERE framework_id = $1 ORDER BY sort_order, id", {id.value}));
    std::unordered_map<std::int64_t, std::size_t> area_index;
    for (const auto& a : areas.rows) {
        area_index[a.integer(0)] = f.areas.size();
        f.areas.push_back({a.id<AreaId>(0), a.text(1), {}});
    }
    auto goals =
        TRY(db.query("SELECT id, area_id, statement, status, removed_at FROM goals WHERE framework_id = $1 "
                     "ORDER BY sort_order, id",
                     {id.value}));
    std::unordered_map<std::int64_t, Goal*> goal_index;
    for (const auto& g : goals.rows) {
        auto& area = f.areas[area_index.at(g.integer(1))];
        if (!g.text(4).empty()) {
            f.removed_goals.push_back({g.id<GoalId>(0), g.text(2), area.name, g.text(4)});
            continue;
        }
        Goal goal;
        goal.id = g.id<GoalId>(0);
        goal.statement = g.text(2);
        goal.status = parse_goal_status(g.text(3)).value_or(GoalStatus::NotStarted);
        area.goals.push_back(std::move(goal));
    }
    for (auto& area : f.areas)
        for (auto& goal : area.goals) goal_index[goal.id.value] = &goal;

    auto entries = TRY(db.query(
        stages_table() + "SELECT e.goal_id, e.stage, e.version, e.body, e.author_id, e.author_label, e.created_at "
                         "FROM goals g CROSS JOIN stages s JOIN stage_entries e ON e.goal_id = g.id AND e.stage = "
                         "s.stage AND e.version = (SELECT MAX(x.version) FROM stage_entries x WHERE x.goal_id = g.id "
                         "AND x.stage = s.stage) WHERE g.framework_id = $1",
        {id.value}));
    for (const auto& e : entries.rows) {
        auto stage = parse_stage(e.text(1));
        auto it = goal_index.find(e.integer(0));
        if (!stage || it == goal_index.end()) continue;
        it->second->stage(*stage) = entry_from(e, 2);
    }
    if (with_history == History::Include) {
        auto older =
            TRY(db.query("SELECT e.goal_id, e.stage, e.version, e.body, e.author_id, e.author_label, "
                         "e.created_at FROM stage_entries e JOIN goals g ON g.id = e.goal_id "
                         "WHERE g.framework_id = $1 ORDER BY e.goal_id, e.stage, e.version",
                         {id.value}));
        for (const auto& e : older.rows) {
            auto stage = parse_stage(e.text(1));
            auto it = goal_index.find(e.integer(0));
            if (!stage || it == goal_index.end()) continue;
            StageEntry entry = entry_from(e, 2);
            if (entry.version < it->second->stage(*stage).version)
                it->second->earlier_versions[index(*stage)].push_back(std::move(entry));
        }
    }
    return f;
}

namespace {

// The frameworks `where` chooses, by context name, each with its goal count.
Result<std::vector<FrameworkSummary>> summaries(Connection& db, std::string_view where, const Params& params)
{
    auto rows = TRY(db.query(
        fmt::format(
            "SELECT f.id, f.context_id, c.name, f.title, f.status, f.next_review_date, "
            "(SELECT COUNT(*) FROM goals g WHERE g.framework_id = f.id AND g.removed_at = '') FROM frameworks f "
            "JOIN contexts c ON c.id = f.context_id WHERE {} ORDER BY c.name_key, f.id",
            where),
        params));
    std::vector<FrameworkSummary> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<FrameworkId>(0), r.id<ContextId>(1), r.text(2), r.text(3),
                       parse_framework_status(r.text(4)).value_or(FrameworkStatus::Draft), r.text(5), r.integer(6)});
    return out;
}

}  // namespace

Result<std::vector<FrameworkSummary>> list(Connection& db, PartnershipId p, std::optional<ContextId> of)
{
    if (of) return summaries(db, "f.partnership_id = $1 AND f.context_id = $2", {p.value, of->value});
    return summaries(db, "f.partnership_id = $1", {p.value});
}

Result<std::vector<FrameworkSummary>> due_for_review(Connection& db, PartnershipId p, const std::string& today)
{
    return summaries(db,
                     "f.partnership_id = $1 AND f.status <> 'closed' AND f.next_review_date <> '' AND "
                     "f.next_review_date < $2",
                     {p.value, today});
}

Result<void> touch(Connection& db, FrameworkId id, const std::string& now)
{
    TRY(db.query("UPDATE frameworks SET updated_at = $1, revision = revision + 1 WHERE id = $2", {now, id.value}));
    return {};
}

Result<int> write_stage(Connection& db, PartnershipId p, GoalId goal, Stage stage, const std::string& text,
                        const Actor& actor, std::optional<int> based_on)
{
    if (auto e = check_stage_text(stage, text)) return std::unexpected(*e);
    auto owner =
        TRY(db.query("SELECT f.id, f.context_id FROM goals g JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE g.id = $1 AND f.partnership_id = $2 AND g.removed_at = ''",
                     {goal.value, p.value}));
    if (owner.empty()) return std::unexpected(Error::not_found("There is no such goal."));
    auto tx = TRY(Transaction::begin(db));
    // Two saves of one goal's stages at once: the second waits for the first
    // and numbers its version after it (or reports the edit conflict), instead
    // of both taking the same number. SQLite's writers queue already.
    if (db.backend() == Backend::Postgres) TRY(db.query("SELECT id FROM goals WHERE id = $1 FOR UPDATE", {goal.value}));
    auto latest = TRY(db.query("SELECT COALESCE(MAX(version), 0) FROM stage_entries WHERE goal_id = $1 AND stage = $2",
                               {goal.value, std::string(to_string(stage))}));
    int current = static_cast<int>(latest.first().integer(0));
    if (based_on && *based_on != current)
        return std::unexpected(Error::conflict(
            fmt::format("Someone saved version {} of this stage while you were editing version {}. Your text is "
                        "below: compare it with theirs and save again.",
                        current, *based_on),
            std::string(to_string(stage))));
    int version = current + 1;
    StageEntry e{text::normalise_paragraphs(text), actor.user, actor.label, now_utc(), version};
    TRY(insert_entry(db, owner.first().id<ContextId>(1), goal, stage, e, version));
    TRY(touch(db, owner.first().id<FrameworkId>(0), e.written_at));
    TRY(audit::record(db, actor,
                      {p, "update", "stage", goal.value, owner.first().id<ContextId>(1),
                       fmt::format("goal={} stage={} version={}", goal.value, to_string(stage), version)}));
    TRY(tx.commit());
    return version;
}

Result<int> stages_written(Connection& db, GoalId goal)
{
    auto rows = TRY(db.query(
        stages_table() + "SELECT COUNT(*) FROM stages s JOIN stage_entries e ON e.goal_id = $1 AND e.stage = s.stage "
                         "AND e.version = (SELECT MAX(x.version) FROM stage_entries x WHERE x.goal_id = $1 AND "
                         "x.stage = s.stage) WHERE e.body <> ''",
        {goal.value}));
    return static_cast<int>(rows.first().integer(0));
}

}  // namespace trellis::store::frameworks
