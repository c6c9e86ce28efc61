#include "service/activities.hpp"

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/response_repo.hpp"

namespace trellis::service {

Result<RunId> record_activity_run(store::Connection& db, const User& by, const Actor& actor, ActivityRun run)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include recording group activities."));
    TRY(need_context(db, by, run.context));
    TRY(store::contexts::get(db, by.partnership, run.context));
    if (run.follow_up_of) {
        auto earlier = store::activities::get(db, by.partnership, *run.follow_up_of);
        if (!earlier || earlier->context != run.context || earlier->kind != run.kind)
            return std::unexpected(Error::invalid(
                "\"follow_up_of\" must be an earlier run of the same activity on this context.", "follow_up_of"));
    }
    if (auto errors = validate(run); !errors.empty()) return std::unexpected(errors.front());
    return store::activities::create(db, by.partnership, run, actor);
}

namespace {

std::string draft_kind(const ActivityDraftKey& key)
{
    return fmt::format("activity:{}:{}:{}", kActivityKinds.name(key.kind), key.context.value,
                       key.follow_up_of ? key.follow_up_of->value : 0);
}

Result<void> may_record(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_permission(by, Permission::EditFrameworks, "recording group activities"));
    return need_context(db, by, context);
}

}  // namespace

Result<void> save_activity_draft(store::Connection& db, const User& by, const Actor& actor, const ActivityDraftKey& key,
                                 const std::string& fields)
{
    TRY(may_record(db, by, key.context));
    if (fields.size() > 256 * 1024) return std::unexpected(Error::invalid("The draft is too large to keep."));
    auto tx = TRY(store::Transaction::begin(db));
    TRY(store::responses::save_draft(db, by.partnership, by.id, key.context, "", fields, draft_kind(key)));
    TRY(store::audit::record(db, actor,
                             {by.partnership, "draft", "activity_run", 0, key.context,
                              fmt::format("kind={}", kActivityKinds.name(key.kind))}));
    return tx.commit();
}

Result<std::optional<Upload>> activity_draft(store::Connection& db, const User& by, const ActivityDraftKey& key)
{
    TRY(may_record(db, by, key.context));
    return store::responses::find_draft(db, by.partnership, by.id, draft_kind(key));
}

Result<void> discard_activity_draft(store::Connection& db, const User& by, const ActivityDraftKey& key)
{
    TRY(may_record(db, by, key.context));
    auto draft = TRY(store::responses::find_draft(db, by.partnership, by.id, draft_kind(key)));
    if (draft) TRY(store::responses::delete_draft(db, draft->id));
    return {};
}

Result<ActivityRun> activity_run(store::Connection& db, const User& by, RunId id)
{
    auto run = TRY(store::activities::get(db, by.partnership, id));
    TRY(need_context(db, by, run.context));
    return run;
}

Result<RunPair> follow_up_pair(store::Connection& db, const User& by, RunId follow_up)
{
    auto later = TRY(activity_run(db, by, follow_up));
    if (!later.follow_up_of)
        return std::unexpected(Error::invalid("This run is a baseline: it follows up no earlier run."));
    auto earlier = TRY(activity_run(db, by, *later.follow_up_of));
    return RunPair{std::move(earlier), std::move(later)};
}

Result<ContextId> delete_activity_run(store::Connection& db, const User& by, const Actor& actor, RunId id)
{
    auto run = TRY(activity_run(db, by, id));
    TRY(may_edit_context(db, by, run.context, "deleting activity runs"));
    return store::activities::remove(db, by.partnership, id, actor);
}

Result<std::vector<ActivityRun>> activity_runs_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    return store::activities::for_context(db, by.partnership, context);
}

}  // namespace trellis::service
