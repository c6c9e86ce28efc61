// Group activities (who do you trust, places mapping): recording a run, and a
// follow-up read beside the run it follows.
#pragma once

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/upload.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// Records a run on its context (audited). A follow-up names an earlier run of
// the same activity on the same context; NotFound otherwise.
Result<RunId> record_activity_run(store::Connection& db, const User& by, const Actor& actor, ActivityRun run);

// A run the caller may see.
Result<ActivityRun> activity_run(store::Connection& db, const User& by, RunId id);

// Deletes a run entered in error (audited); Conflict while a follow-up of it
// exists. Returns its context.
// A run being recorded on a phone, kept on the server after each participant
// so that a dropped signal or an expired session loses nothing: one draft per
// user, context, activity and run followed up, kept for a day, audited when
// saved. `fields` is the form as sent (urlencoded). The draft goes when the
// run is saved or the user discards it.
struct ActivityDraftKey {
    ContextId context;
    ActivityKind kind = ActivityKind::Trust;
    std::optional<RunId> follow_up_of;
};
Result<void> save_activity_draft(store::Connection& db, const User& by, const Actor& actor, const ActivityDraftKey& key,
                                 const std::string& fields);
Result<std::optional<Upload>> activity_draft(store::Connection& db, const User& by, const ActivityDraftKey& key);
Result<void> discard_activity_draft(store::Connection& db, const User& by, const ActivityDraftKey& key);

Result<ContextId> delete_activity_run(store::Connection& db, const User& by, const Actor& actor, RunId id);

// The context's runs, oldest first.
Result<std::vector<ActivityRun>> activity_runs_of(store::Connection& db, const User& by, ContextId context);

// A follow-up and the run it follows; Invalid when the run is not a follow-up.
struct RunPair {
    ActivityRun earlier;
    ActivityRun later;
};
Result<RunPair> follow_up_pair(store::Connection& db, const User& by, RunId follow_up);

}  // namespace trellis::service
