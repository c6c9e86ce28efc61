// The work around a framework (domain/lifecycle.hpp): a context's stage and
// its history, the managed list of places, concerns and their screening,
// triangle assessments with their findings, the goal library, the findings a
// goal came from, and reviews with their sign-off. Every write is audited in
// its own transaction. The rules every repository keeps are at the top of
// store/connection.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/lifecycle.hpp"
#include "domain/paging.hpp"
#include "store/connection.hpp"

namespace trellis::store::lifecycle {

// ---- Stages ----
// Moves the context to `to` and records why; nothing when it is there already.
Result<void> move(Connection& db, PartnershipId p, ContextId c, ContextStage to, const std::string& reason,
                  const Actor& actor);
// Moves the context to `to` only when it has not yet got that far (planning
// after assessment, active after planning); a closed context stays closed.
Result<void> advance(Connection& db, PartnershipId p, ContextId c, ContextStage to, const std::string& reason,
                     const Actor& actor);
Result<ContextStage> stage_of(Connection& db, PartnershipId p, ContextId c);
Result<std::vector<StageChange>> history(Connection& db, PartnershipId p, ContextId c);
// Every context's history, for the partnership's medians.
Result<std::vector<std::vector<StageChange>>> histories(Connection& db, PartnershipId p);
// How many contexts are at each stage (indexed by ContextStage).
Result<std::vector<std::int64_t>> stage_counts(Connection& db, PartnershipId p);

// ---- Places ----
Result<std::vector<Place>> places(Connection& db, PartnershipId p);
Result<PlaceId> add_place(Connection& db, PartnershipId p, const Place& place, const Actor& actor);
struct RepeatRule {
    std::int64_t threshold = 3;     // this many concerns ...
    std::int64_t window_days = 90;  // ... within this many days is a repeat
};
Result<RepeatRule> repeat_rule(Connection& db, PartnershipId p);
Result<void> set_repeat_rule(Connection& db, PartnershipId p, RepeatRule rule, const Actor& actor);

// ---- Concerns ----
// Records the concern. Names in `context_names` that match a context (any
// case) are that context; the rest become new contexts of `new_kind`. A closed
// context is reopened, its history kept. Pseudonyms must be on the register.
struct RecordedConcern {
    ConcernId id;
    std::vector<std::string> created;   // contexts added for it
    std::vector<std::string> reopened;  // closed contexts it reopened
};
Result<RecordedConcern> create_concern(Connection& db, PartnershipId p, const Concern& c, ContextKind new_kind,
                                       const Actor& actor);
Result<Concern> concern(Connection& db, PartnershipId p, ConcernId id);
Result<Page<Concern>> concerns(Connection& db, PartnershipId p, std::int64_t number, std::int64_t size);
Result<std::vector<Concern>> concerns_of(Connection& db, PartnershipId p, ContextId c);
// Destroys case references kept longer than kCaseReferenceDays after their
// decision, with one audit row saying how many (never which).
Result<void> expire_case_references(Connection& db, PartnershipId p);
Result<void> start_screening(Connection& db, PartnershipId p, ConcernId id, const Actor& actor);
// Records the decision and moves the concern's contexts on (after_screening).
Result<void> screen(Connection& db, PartnershipId p, ConcernId id, const Concern& decision, const Actor& actor);

// How many concerns each context, place and school drew in the window ending
// today, with the partnership's repeat rule applied.
struct TrackerRow {
    std::string kind;  // "Context", "Place", "School or college"
    std::string name;
    std::string href;
    std::int64_t in_window = 0;
    std::int64_t all_time = 0;
    std::string latest;
    bool repeat = false;
};
Result<std::vector<TrackerRow>> tracker(Connection& db, PartnershipId p, RepeatRule rule);

// ---- Assessments ----
Result<std::vector<Assessment>> assessments_of(Connection& db, PartnershipId p, ContextId c);
Result<Assessment> assessment(Connection& db, PartnershipId p, AssessmentId id);
// A new draft version: the first, or a copy of the latest completed one.
// Conflict while a draft is open.
Result<AssessmentId> start_assessment(Connection& db, PartnershipId p, ContextId c, const Actor& actor);
Result<FindingId> add_finding(Connection& db, PartnershipId p, AssessmentId a, const Finding& f, std::size_t sides,
                              const Actor& actor);
Result<AssessmentId> remove_finding(Connection& db, PartnershipId p, FindingId f, const Actor& actor);
Result<void> save_discussion(Connection& db, PartnershipId p, AssessmentId a, const std::string& text,
                             const Actor& actor);
// Completes the draft on `on` (YYYY-MM-DD). Invalid without findings.
Result<void> complete_assessment(Connection& db, PartnershipId p, AssessmentId a, const std::string& on,
                                 const Actor& actor);
// Links more sources to a finding of a draft.
Result<void> add_sources(Connection& db, PartnershipId p, FindingId f, const std::vector<SourceRef>& sources,
                         const Actor& actor);
// The records on the context a finding may cite, newest first.
Result<std::vector<SourceRef>> source_options(Connection& db, PartnershipId p, ContextId c);

// ---- Goal library and goals from findings ----
Result<std::vector<LibraryGoal>> library_goals(Connection& db, PartnershipId p);
Result<LibraryGoalId> add_library_goal(Connection& db, PartnershipId p, const LibraryGoal& g, const Actor& actor);
Result<void> remove_library_goal(Connection& db, PartnershipId p, LibraryGoalId id, const Actor& actor);
Result<void> link_findings(Connection& db, GoalId goal, const std::vector<FindingId>& findings);
Result<std::vector<Finding>> findings_of_goal(Connection& db, PartnershipId p, GoalId goal);

// ---- Reviews ----
Result<ReviewId> create_review(Connection& db, PartnershipId p, const Review& r, const Actor& actor);
Result<Review> review(Connection& db, PartnershipId p, ReviewId id);
Result<std::vector<Review>> reviews_of(Connection& db, PartnershipId p, ContextId c);
Result<void> sign_off(Connection& db, PartnershipId p, ReviewId id, UserId by, const Actor& actor);

// What waits for a lead: concerns not yet screened, and decisions to close or
// step down not yet signed off (the newest review of its context only).
struct Waiting {
    std::int64_t unscreened = 0;
    std::vector<Review> sign_offs;
    std::vector<std::string> sign_off_contexts;  // the context's name for each
};
Result<Waiting> waiting(Connection& db, PartnershipId p);

// ---- Demo data ----
// The demo partnership's story happened over 2026, but its rows are written
// today: dates the context's stage history (one date per change, in order),
// its assessments (begun on the second stage's date), frameworks, stage
// versions (a week apart per version), actions (their start dates, and their
// due dates once done or stopped) and outcome ratings (`rated_on`), so its
// chronology reads as the story. For the demo only.
Result<void> date_demo_story(Connection& db, PartnershipId p, ContextId c, const std::vector<std::string>& stages,
                             const std::string& framework_on, const std::string& rated_on);

// ---- Chronology ----
Result<std::vector<ChronologyEntry>> chronology(Connection& db, PartnershipId p, ContextId c, bool with_case_refs);

}  // namespace trellis::store::lifecycle
