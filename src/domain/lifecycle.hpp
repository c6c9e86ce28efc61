// The work around a framework: a concern brings a context to attention, is
// screened, the context is assessed along the sides of its triangle, goals are
// drawn from the findings, a conference agrees the plan, reviews follow, and a
// manager other than the author signs off a closure or step-down. Each context
// carries the stage it has reached.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/choices.hpp"
#include "domain/context.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

using ConcernId = Id<struct ConcernTag>;
using PlaceId = Id<struct PlaceTag>;
using AssessmentId = Id<struct AssessmentTag>;
using FindingId = Id<struct FindingTag>;
using ReviewId = Id<struct ReviewTag>;
using LibraryGoalId = Id<struct LibraryGoalTag>;

enum class ConcernSource { Referral, PanelTheme, OtherAssessment, BuildingUp };
inline constexpr Choices<ConcernSource, 4> kConcernSources{{{
    {"referral", "A referral"},
    {"panel_theme", "A panel's theme"},
    {"other_assessment", "Another assessment"},
    {"building_up", "Information building up over time"},
}}};

enum class ScreeningDecision { NoFurtherAction, Level1, Level2 };
inline constexpr Choices<ScreeningDecision, 3> kScreeningDecisions{{{
    {"no_further_action", "No further action"},
    {"level_1", "Level 1: a response inside a child's own plan"},
    {"level_2", "Level 2: a context assessment"},
}}};

enum class PlaceKind { Place, School };
inline constexpr Choices<PlaceKind, 2> kPlaceKinds{{{
    {"place", "Place"},
    {"school", "School or college"},
}}};

enum class FindingKind { Strength, Concern };
inline constexpr Choices<FindingKind, 2> kFindingKinds{{{
    {"strength", "Strength"},
    {"concern", "Concern"},
}}};

// How much a finding contributes to the harm in the context (context weighting).
inline constexpr Choices<int, 4> kWeights{{{
    {"0", "0: none"},
    {"1", "1: some"},
    {"2", "2: significant"},
    {"3", "3: major"},
}}};

enum class ReviewDecision { Continue, StepDown, Close };
inline constexpr Choices<ReviewDecision, 3> kReviewDecisions{{{
    {"continue", "Continue the plan"},
    {"step_down", "Step down to universal services"},
    {"close", "Close"},
}}};

// What a finding was drawn from: a record on the same context.
enum class SourceKind { Evidence, Activity, Voice, Meeting };
inline constexpr Choices<SourceKind, 4> kSourceKinds{{{
    {"evidence", "Evidence record"},
    {"activity", "Group activity"},
    {"voice", "Voice"},
    {"meeting", "Meeting"},
}}};

struct Place {
    PlaceId id;
    std::string name;
    PlaceKind kind = PlaceKind::Place;
    std::string latitude;  // decimal degrees, or empty
    std::string longitude;
};

struct Concern {
    ConcernId id;
    std::string raised_on;  // YYYY-MM-DD
    std::string raised_by;  // a person or body: "MACE panel", "Riverside College DSL"
    ConcernSource source = ConcernSource::Referral;
    std::string summary;
    std::optional<PlaceId> place;
    std::string place_name;
    std::vector<ContextId> contexts;
    std::vector<std::string> context_names;
    std::vector<std::string> pseudonyms;  // young people on the register, optional
    std::string recorded_by;
    // Screening.
    std::string screening_started_on;
    std::string screener;
    std::optional<ScreeningDecision> decision;
    std::string rationale;
    std::string case_reference;  // Level 1 only; identifies a child, so leads only
    std::string decided_on;
    std::string decided_by;
};

struct SourceRef {
    SourceKind kind = SourceKind::Evidence;
    std::int64_t id = 0;
    std::string label;  // "Evidence record, 4 March 2026: Mapping on a printed map..."
};

struct Finding {
    FindingId id;
    int side = 0;  // index into the triangle's sides
    FindingKind kind = FindingKind::Concern;
    std::string text;
    int weight = 0;
    std::vector<SourceRef> sources;
};

struct Assessment {
    AssessmentId id;
    ContextId context;
    int version = 1;
    std::string discussion;    // notes of the reflective multi-agency discussion
    std::string completed_on;  // empty while the version is a draft
    std::string completed_by;
    std::vector<Finding> findings;

    bool complete() const { return !completed_on.empty(); }
};

struct Review {
    ReviewId id;
    ContextId context;
    std::string held_on;
    std::string progress;  // per goal, as the review saw it
    ReviewDecision decision = ReviewDecision::Continue;
    std::string rationale;
    std::optional<UserId> author;
    std::string author_label;
    std::string signed_off_by;
    std::string signed_off_at;

    // Closing or stepping down takes effect only once signed off.
    bool needs_sign_off() const { return decision != ReviewDecision::Continue; }
    bool signed_off() const { return !signed_off_at.empty(); }
};

// A goal statement offered for one side of a context kind's triangle.
struct LibraryGoal {
    std::optional<LibraryGoalId> id;  // empty for Trellis's own, which live in the templates
    ContextKind kind = ContextKind::PeerGroup;
    int side = 0;
    std::string statement;
};

// One dated step in a context's chronology.
struct ChronologyEntry {
    std::string at;  // a date or an ISO time
    std::string what;
    std::string detail;
    std::string href;
};

struct StageChange {
    ContextStage stage = ContextStage::Concern;
    std::string entered_at;
    std::string reason;
};

// A child's external case reference, recorded with a Level 1 decision, is
// kept this many days after the decision and then destroyed: it identifies a
// child and Trellis needs it only while the concern is fresh.
inline constexpr int kCaseReferenceDays = 180;

namespace limits {
inline constexpr std::size_t kRaisedBy = 200;
inline constexpr std::size_t kConcernSummary = 5000;
inline constexpr std::size_t kConcernContexts = 10;
inline constexpr std::size_t kConcernPeople = 20;
inline constexpr std::size_t kRationale = 5000;
inline constexpr std::size_t kCaseReference = 40;
inline constexpr std::size_t kManagedPlaceName = 120;
inline constexpr std::size_t kFinding = 2000;
inline constexpr std::size_t kFindingsPerAssessment = 60;
inline constexpr std::size_t kDiscussion = 20000;
inline constexpr std::size_t kInvitees = 2000;
inline constexpr std::size_t kProgress = 20000;
}  // namespace limits

std::vector<Error> validate(const Concern& c);
std::vector<Error> validate_screening(const Concern& c);
std::vector<Error> validate(const Place& p);
std::vector<Error> validate(const Finding& f, std::size_t sides);
std::vector<Error> validate(const Review& r);

// The stage a context is in after a screening decision, from `now`: a Level 2
// decision moves a context waiting on screening to assessment; any other
// decision closes it again. A context already further on keeps its stage.
ContextStage after_screening(ContextStage now, ScreeningDecision decision);

// Whether the work has got as far as `stage` (Closed counts as not started).
bool reached(ContextStage now, ContextStage stage);

// The date `days` days after (or, negative, before) `date` (YYYY-MM-DD); empty
// when `date` is not a date.
std::string add_days(const std::string& date, int days);

// The date two working days (Monday to Friday) after `date`, when a
// conference's written summary is due. Bank holidays are not counted out.
std::string two_working_days_after(const std::string& date);

// The median of whole days between consecutive stage changes, per stage, for
// the stages a context has left: index by ContextStage.
struct StageDurations {
    std::vector<std::int64_t> days[kContextStages.size()];
};
void add_durations(const std::vector<StageChange>& history, StageDurations& out);
std::optional<double> median(std::vector<std::int64_t> values);

}  // namespace trellis
