// Use cases that read a framework for its pages and change its structure:
// details, areas of focus, goals and the four stages with their history.
// Each checks the caller's role and need-to-know for the framework's context;
// each change is validated and audited in one transaction (a change of several
// fields is one transaction too), so it happens entirely or not at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/evidence.hpp"
#include "domain/framework.hpp"
#include "domain/indicator.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// Where a framework, area or goal sits; NotFound (never Forbidden) when it is
// outside the caller's partnership or in a context the caller may not see.
Result<FrameworkLocation> locate_framework(store::Connection& db, const User& by, FrameworkId id);
Result<FrameworkLocation> locate_area(store::Connection& db, const User& by, AreaId id);
Result<FrameworkLocation> locate_goal(store::Connection& db, const User& by, GoalId id);

// What a cache of the rendered framework page is keyed on, and where the
// framework sits (for auditing the view).
struct LocatedRevision {
    FrameworkLocation where;
    FrameworkRevision revision;
};
Result<LocatedRevision> framework_revision(store::Connection& db, const User& by, FrameworkId id);

// The frameworks of the contexts the caller sees.
Result<std::vector<FrameworkSummary>> frameworks_of(store::Connection& db, const User& by);
// The frameworks of one context the caller sees.
Result<std::vector<FrameworkSummary>> frameworks_of(store::Connection& db, const User& by, ContextId context);

// The frameworks of a context that are not closed, loaded whole: what
// evidence and actions can be linked to.
Result<std::vector<Framework>> open_frameworks(store::Connection& db, const User& by, ContextId context);

// A framework with the latest version of every stage, and its context.
struct FrameworkWithContext {
    Framework framework;
    Context context;
};
Result<FrameworkWithContext> framework(store::Connection& db, const User& by, FrameworkId id);

// Everything the framework page shows. The caller audits the view (through
// the server's group-committing audit writer).
struct FrameworkPage {
    Framework framework;
    Context context;
    std::vector<Action> actions;
    std::vector<Indicator> indicators;
    std::vector<EvidenceRecord> evidence;
    std::vector<RatedGoal> ratings;
};
Result<FrameworkPage> framework_page(store::Connection& db, const User& by, FrameworkId id);

Result<void> update_framework_details(store::Connection& db, const User& by, const Actor& actor, FrameworkId id,
                                      const FrameworkDetails& details);

Result<AreaView> area(store::Connection& db, const User& by, AreaId id);
Result<AreaId> add_area(store::Connection& db, const User& by, const Actor& actor, FrameworkId framework,
                        const std::string& name);
// Renames and/or moves an area, in one transaction.
Result<void> change_area(store::Connection& db, const User& by, const Actor& actor, AreaId id,
                         const std::optional<std::string>& name, std::optional<Direction> move = std::nullopt);
// Conflict while the area still has goals.
Result<void> delete_area(store::Connection& db, const User& by, const Actor& actor, AreaId id);

Result<GoalView> goal(store::Connection& db, const User& by, GoalId id);
Result<GoalId> add_goal(store::Connection& db, const User& by, const Actor& actor, AreaId area,
                        const std::string& statement);
// A change to a goal: any of restoring it (when removed), its statement, its
// status and its place, in one transaction.
struct GoalChange {
    bool restore = false;
    std::optional<std::string> statement = std::nullopt;
    std::optional<GoalStatus> status = std::nullopt;
    std::optional<Direction> move = std::nullopt;
};
Result<void> change_goal(store::Connection& db, const User& by, const Actor& actor, GoalId id,
                         const GoalChange& change);
// Removal keeps the goal and its history; restoring puts it back at the end of its area.
Result<void> remove_goal(store::Connection& db, const User& by, const Actor& actor, GoalId id);

// Appends a new version of a stage; returns its number. With `based_on`,
// Conflict when a colleague saved a newer version since that one was read.
// The goal's status then follows the work (status_after_writing).
Result<int> write_stage(store::Connection& db, const User& by, const Actor& actor, GoalId goal, Stage stage,
                        const std::string& text, std::optional<int> based_on = std::nullopt);
// Every version of one stage, newest first (the caller audits the view).
Result<std::vector<StageEntry>> stage_history(store::Connection& db, const User& by, GoalId goal, Stage stage);
// The latest version of one stage, or none when it was never written.
Result<std::optional<StageEntry>> latest_stage(store::Connection& db, const User& by, GoalId goal, Stage stage);

}  // namespace trellis::service
