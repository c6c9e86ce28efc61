// The work around a framework, with who may do it: leads record and screen
// concerns and read the tracker; anyone who may edit a context assesses it;
// leads create frameworks from an assessment and record reviews; a lead with
// the sign-off right, other than the author, signs off a closure. A child's
// external case reference is shown to leads only.
#pragma once

#include <vector>

#include "domain/audit.hpp"
#include "domain/lifecycle.hpp"
#include "domain/meeting.hpp"
#include "domain/paging.hpp"
#include "domain/template.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"
#include "store/lifecycle_repo.hpp"

namespace trellis::service {

using store::lifecycle::RecordedConcern;
using store::lifecycle::RepeatRule;
using store::lifecycle::TrackerRow;
using store::lifecycle::Waiting;

// Whether this user sees a child's external case reference.
bool sees_case_references(const User& by);

// ---- Places and the repeat rule (admins change them; everyone signed in reads the list) ----
Result<std::vector<Place>> places(store::Connection& db, const User& by);
Result<PlaceId> add_place(store::Connection& db, const User& by, const Actor& actor, const Place& place);
Result<RepeatRule> repeat_rule(store::Connection& db, const User& by);
Result<void> set_repeat_rule(store::Connection& db, const User& by, const Actor& actor, RepeatRule rule);

// ---- Concerns and screening (leads) ----
Result<RecordedConcern> record_concern(store::Connection& db, const User& by, const Actor& actor,
                                       const Concern& concern, ContextKind new_kind);
Result<Concern> concern(store::Connection& db, const User& by, ConcernId id);
Result<Page<Concern>> concerns(store::Connection& db, const User& by, std::int64_t page);
Result<std::vector<TrackerRow>> tracker(store::Connection& db, const User& by);
Result<void> start_screening(store::Connection& db, const User& by, const Actor& actor, ConcernId id);
Result<void> screen(store::Connection& db, const User& by, const Actor& actor, ConcernId id, const Concern& decision);
// The concerns naming a context, for those who may read it.
Result<std::vector<Concern>> concerns_of(store::Connection& db, const User& by, ContextId context);

// ---- Assessments ----
Result<std::vector<Assessment>> assessments_of(store::Connection& db, const User& by, ContextId context);
Result<Assessment> assessment(store::Connection& db, const User& by, AssessmentId id);
Result<AssessmentId> start_assessment(store::Connection& db, const User& by, const Actor& actor, ContextId context);
Result<FindingId> add_finding(store::Connection& db, const User& by, const Actor& actor, AssessmentId id,
                              const Finding& finding);
Result<AssessmentId> remove_finding(store::Connection& db, const User& by, const Actor& actor, FindingId id);
Result<void> save_discussion(store::Connection& db, const User& by, const Actor& actor, AssessmentId id,
                             const std::string& text);
Result<void> complete_assessment(store::Connection& db, const User& by, const Actor& actor, AssessmentId id);
Result<std::vector<SourceRef>> source_options(store::Connection& db, const User& by, ContextId context);

// ---- Goal library ----
// Trellis's statements for the kind's triangle (from its template) and the
// partnership's own, side by side.
Result<std::vector<LibraryGoal>> library(store::Connection& db, const User& by, const FrameworkTemplate& layout);
Result<std::vector<LibraryGoal>> own_library_goals(store::Connection& db, const User& by);
Result<LibraryGoalId> add_library_goal(store::Connection& db, const User& by, const Actor& actor,
                                       const LibraryGoal& goal);
Result<void> remove_library_goal(store::Connection& db, const User& by, const Actor& actor, LibraryGoalId id);

// A goal chosen for a framework from an assessment: its side, its statement
// (from the library or written by the team) and the findings it came from.
struct ChosenGoal {
    int side = 0;
    std::string statement;
    std::vector<FindingId> findings;
};
// Creates a draft framework laid out by the template, one goal per choice,
// each goal's Scoping stage written from its findings and linked to them. The
// assessment must be complete. Moves the context to planning.
Result<FrameworkId> framework_from_assessment(store::Connection& db, const User& by, const Actor& actor,
                                              AssessmentId id, const FrameworkTemplate& layout,
                                              const std::string& title, const std::vector<ChosenGoal>& goals);
// The Scoping text a goal starts from: the assessment and each finding.
std::string scoping_from(const Assessment& a, const FrameworkTemplate& layout, const std::vector<FindingId>& findings);

// ---- Reviews and sign-off ----
Result<ReviewId> record_review(store::Connection& db, const User& by, const Actor& actor, const Review& review);
Result<Review> review(store::Connection& db, const User& by, ReviewId id);
Result<std::vector<Review>> reviews_of(store::Connection& db, const User& by, ContextId context);
// Whether `by` may sign off `review` now, and if not, why not (for the page).
Result<std::string> why_not_sign_off(store::Connection& db, const User& by, const Review& review);
Result<void> sign_off(store::Connection& db, const User& by, const Actor& actor, ReviewId id);
// Admins grant and withdraw the sign-off right; only leads may hold it.
Result<void> set_sign_off(store::Connection& db, const User& by, const Actor& actor, UserId user, bool can);
Result<std::vector<UserId>> signers(store::Connection& db, const User& by);

// What waits for a lead (nothing for anyone else).
Result<Waiting> waiting(store::Connection& db, const User& by);

// ---- Conferences ----
Result<void> mark_summary_sent(store::Connection& db, const User& by, const Actor& actor, MeetingId id);

// ---- Chronology and stages ----
// `for_export`: a download, which never carries a child's case reference.
Result<std::vector<ChronologyEntry>> chronology(store::Connection& db, const User& by, ContextId context,
                                                bool for_export = false);
Result<std::vector<StageChange>> stage_history(store::Connection& db, const User& by, ContextId context);
// Contexts per stage and the median whole days spent in each stage a context
// has left, over the partnership (ReadReports).
struct StageReport {
    std::vector<std::int64_t> counts;                // by ContextStage
    std::vector<std::optional<double>> median_days;  // by ContextStage
    std::vector<std::int64_t> left;                  // how many stays each median is over
};
Result<StageReport> stage_report(store::Connection& db, const User& by);

}  // namespace trellis::service
