#include "service/framework_editing.hpp"

#include <set>

#include <algorithm>

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/action_repo.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"

namespace trellis::service {
namespace {

Result<FrameworkLocation> seen(store::Connection& db, const User& by, Result<FrameworkLocation> where)
{
    if (!where) return where;
    TRY(need_context(db, by, where->context));
    return where;
}

}  // namespace

Result<FrameworkLocation> locate_framework(store::Connection& db, const User& by, FrameworkId id)
{
    return seen(db, by, store::frameworks::locate_framework(db, by.partnership, id));
}

Result<FrameworkLocation> locate_area(store::Connection& db, const User& by, AreaId id)
{
    return seen(db, by, store::frameworks::locate_area(db, by.partnership, id));
}

Result<FrameworkLocation> locate_goal(store::Connection& db, const User& by, GoalId id)
{
    return seen(db, by, store::frameworks::locate_goal(db, by.partnership, id));
}

Result<LocatedRevision> framework_revision(store::Connection& db, const User& by, FrameworkId id)
{
    auto [where, revision] = TRY(store::frameworks::located_revision(db, by.partnership, id));
    TRY(need_context(db, by, where.context));
    return LocatedRevision{where, std::move(revision)};
}

Result<std::vector<FrameworkSummary>> frameworks_of(store::Connection& db, const User& by)
{
    auto all = TRY(store::frameworks::list(db, by.partnership));
    std::set<std::int64_t> visible;
    for (const auto& c : TRY(visible_contexts(db, by))) visible.insert(c.id.value);
    std::erase_if(all, [&](const FrameworkSummary& f) { return !visible.contains(f.context.value); });
    return all;
}

Result<std::vector<FrameworkSummary>> frameworks_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return store::frameworks::list(db, by.partnership, context);
}

Result<std::vector<Framework>> open_frameworks(store::Connection& db, const User& by, ContextId context)
{
    std::vector<Framework> out;
    for (const auto& summary : TRY(frameworks_of(db, by, context)))
        if (summary.status != FrameworkStatus::Closed)
            out.push_back(TRY(store::frameworks::load(db, by.partnership, summary.id)));
    return out;
}

Result<FrameworkWithContext> framework(store::Connection& db, const User& by, FrameworkId id)
{
    TRY(locate_framework(db, by, id));
    auto f = TRY(store::frameworks::load(db, by.partnership, id));
    auto ctx = TRY(store::contexts::get(db, by.partnership, f.context));
    return FrameworkWithContext{std::move(f), std::move(ctx)};
}

Result<FrameworkPage> framework_page(store::Connection& db, const User& by, FrameworkId id)
{
    auto [f, ctx] = TRY(framework(db, by, id));
    FrameworkPage page{std::move(f), std::move(ctx), {}, {}, {}, {}};
    page.actions = TRY(store::actions::for_framework(db, by.partnership, id));
    page.indicators = TRY(store::indicators::for_framework(db, by.partnership, id));
    page.evidence = TRY(store::evidence::for_framework(db, by.partnership, id));
    page.ratings = TRY(store::outcomes::for_framework(db, by.partnership, id));
    return page;
}

Result<void> update_framework_details(store::Connection& db, const User& by, const Actor& actor, FrameworkId id,
                                      const FrameworkDetails& details)
{
    TRY(need_permission(by, Permission::CreateFrameworks, "changing a framework's details"));
    TRY(locate_framework(db, by, id));
    return store::frameworks::update_details(db, by.partnership, id, details, actor);
}

Result<AreaView> area(store::Connection& db, const User& by, AreaId id)
{
    auto where = TRY(locate_area(db, by, id));
    auto [area_id, name] = TRY(store::frameworks::area(db, by.partnership, id));
    return AreaView{area_id, std::move(name), where};
}

Result<AreaId> add_area(store::Connection& db, const User& by, const Actor& actor, FrameworkId framework,
                        const std::string& name)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    TRY(locate_framework(db, by, framework));
    return store::frameworks::add_area(db, by.partnership, framework, name, actor);
}

Result<void> change_area(store::Connection& db, const User& by, const Actor& actor, AreaId id,
                         const std::optional<std::string>& name, std::optional<Direction> move)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    TRY(locate_area(db, by, id));
    auto tx = TRY(store::Transaction::begin(db));
    if (name) TRY(store::frameworks::rename_area(db, by.partnership, id, *name, actor));
    if (move) TRY(store::frameworks::move_area(db, by.partnership, id, *move, actor));
    return tx.commit();
}

Result<void> delete_area(store::Connection& db, const User& by, const Actor& actor, AreaId id)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    TRY(locate_area(db, by, id));
    return store::frameworks::delete_area(db, by.partnership, id, actor);
}

Result<GoalView> goal(store::Connection& db, const User& by, GoalId id)
{
    TRY(locate_goal(db, by, id));
    return store::frameworks::goal(db, by.partnership, id);
}

Result<GoalId> add_goal(store::Connection& db, const User& by, const Actor& actor, AreaId area,
                        const std::string& statement)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    TRY(locate_area(db, by, area));
    return store::frameworks::add_goal(db, by.partnership, area, statement, actor);
}

Result<void> change_goal(store::Connection& db, const User& by, const Actor& actor, GoalId id, const GoalChange& change)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    auto g = TRY(goal(db, by, id));
    auto tx = TRY(store::Transaction::begin(db));
    if (change.restore && g.removed) TRY(store::frameworks::restore_goal(db, by.partnership, id, actor));
    if (change.statement || change.status)
        TRY(store::frameworks::update_goal(db, by.partnership, id, change.statement.value_or(g.statement),
                                           change.status.value_or(g.status), actor));
    if (change.move) TRY(store::frameworks::move_goal(db, by.partnership, id, *change.move, actor));
    return tx.commit();
}

Result<void> remove_goal(store::Connection& db, const User& by, const Actor& actor, GoalId id)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    TRY(locate_goal(db, by, id));
    return store::frameworks::remove_goal(db, by.partnership, id, actor);
}

Result<int> write_stage(store::Connection& db, const User& by, const Actor& actor, GoalId goal, Stage stage,
                        const std::string& text, std::optional<int> based_on)
{
    TRY(need_permission(by, Permission::EditFrameworks, "editing frameworks"));
    TRY(locate_goal(db, by, goal));
    auto tx = TRY(store::Transaction::begin(db));
    int version = TRY(store::frameworks::write_stage(db, by.partnership, goal, stage, text, actor, based_on));
    // The goal's status follows the work, in the same transaction and audited as a change of the goal.
    auto g = TRY(store::frameworks::goal(db, by.partnership, goal));
    auto status = status_after_writing(g.status, TRY(store::frameworks::stages_written(db, goal)));
    if (status != g.status) TRY(store::frameworks::update_goal(db, by.partnership, goal, g.statement, status, actor));
    TRY(tx.commit());
    return version;
}

Result<std::vector<StageEntry>> stage_history(store::Connection& db, const User& by, GoalId goal, Stage stage)
{
    TRY(locate_goal(db, by, goal));
    return store::frameworks::stage_history(db, by.partnership, goal, stage);
}

Result<std::optional<StageEntry>> latest_stage(store::Connection& db, const User& by, GoalId goal, Stage stage)
{
    TRY(locate_goal(db, by, goal));
    return store::frameworks::latest_stage(db, by.partnership, goal, stage);
}

}  // namespace trellis::service
