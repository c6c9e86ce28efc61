// Outcomes frameworks: areas of focus, goals and the versioned stages, and every edit of them.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "domain/framework.hpp"
#include "store/connection.hpp"

namespace trellis::store {
using FrameworkSummary = trellis::FrameworkSummary;
}  // namespace trellis::store

namespace trellis::store::frameworks {
// Inserts the framework with its areas, goals and every stage version given
// (version numbers are kept when set, so an export re-imports unchanged).
Result<FrameworkId> create(Connection& db, PartnershipId p, const Framework& f);
// Marks a framework changed: sets updated_at and bumps the revision that the
// rendered framework page is cached by. Every change to what the page shows
// (areas, goals, stages, actions) calls this in its transaction.
Result<void> touch(Connection& db, FrameworkId id, const std::string& now);

enum class History { Omit, Include };
// The framework with the latest version of every stage; with History::Include
// each goal's earlier_versions holds every older version, oldest first.
Result<Framework> load(Connection& db, PartnershipId p, FrameworkId id, History with_history = History::Omit);
// Every framework of the partnership, or of one of its contexts.
Result<std::vector<FrameworkSummary>> list(Connection& db, PartnershipId p, std::optional<ContextId> of = std::nullopt);
// Those (not closed) whose next review date is before `today`.
Result<std::vector<FrameworkSummary>> due_for_review(Connection& db, PartnershipId p, const std::string& today);
// Appends a new version of one stage; returns its version number. With
// `based_on`, Conflict when someone saved a newer version since that one was
// read, so an edit never silently overwrites a colleague's.
Result<int> write_stage(Connection& db, PartnershipId p, GoalId goal, Stage stage, const std::string& text,
                        const Actor& actor, std::optional<int> based_on = std::nullopt);

using Location = FrameworkLocation;
Result<Location> locate_framework(Connection& db, PartnershipId p, FrameworkId id);
Result<Location> locate_area(Connection& db, PartnershipId p, AreaId id);
Result<Location> locate_goal(Connection& db, PartnershipId p, GoalId id);

using Revision = FrameworkRevision;
// Where a framework is and its revision, in one read.
Result<std::pair<Location, Revision>> located_revision(Connection& db, PartnershipId p, FrameworkId id);

using Details = FrameworkDetails;
using trellis::Direction;

// Each edit validates, changes and audits in one transaction. Invalid with a
// field name for bad input; Conflict for a duplicate area name or an area
// that still has goals; NotFound for an id outside the partnership.
Result<void> update_details(Connection& db, PartnershipId p, FrameworkId id, const Details& d, const Actor& actor);
Result<AreaId> add_area(Connection& db, PartnershipId p, FrameworkId id, const std::string& name, const Actor& actor);
Result<void> rename_area(Connection& db, PartnershipId p, AreaId id, const std::string& name, const Actor& actor);
Result<void> move_area(Connection& db, PartnershipId p, AreaId id, Direction d, const Actor& actor);
Result<void> delete_area(Connection& db, PartnershipId p, AreaId id, const Actor& actor);
Result<GoalId> add_goal(Connection& db, PartnershipId p, AreaId area, const std::string& statement, const Actor& actor);
Result<void> update_goal(Connection& db, PartnershipId p, GoalId id, const std::string& statement, GoalStatus status,
                         const Actor& actor);
Result<void> move_goal(Connection& db, PartnershipId p, GoalId id, Direction d, const Actor& actor);
// Removal keeps the goal and its history; restore puts it back at the end of its area.
Result<void> remove_goal(Connection& db, PartnershipId p, GoalId id, const Actor& actor);
Result<void> restore_goal(Connection& db, PartnershipId p, GoalId id, const Actor& actor);

using trellis::GoalView;
Result<GoalView> goal(Connection& db, PartnershipId p, GoalId id);
Result<std::pair<AreaId, std::string>> area(Connection& db, PartnershipId p, AreaId id);
// How many of the goal's four stages have text in their latest version.
Result<int> stages_written(Connection& db, GoalId goal);
// Every version of one stage, newest first.
Result<std::vector<StageEntry>> stage_history(Connection& db, PartnershipId p, GoalId id, Stage stage);
// The latest version of one stage, or none when it was never written.
Result<std::optional<StageEntry>> latest_stage(Connection& db, PartnershipId p, GoalId id, Stage stage);

// Marks every framework of a context changed (evidence or activity runs that
// their pages show were added).
Result<void> touch_context(Connection& db, ContextId c, const std::string& now);
}  // namespace trellis::store::frameworks
