// One repository per aggregate. Every function takes the partnership (tenant)
// and never returns another partnership's rows: a foreign id is NotFound, the
// same answer as a missing one, so ids cannot be probed.
//
// A function that writes more than one row opens a Transaction of its own; when
// the caller already holds one it becomes a savepoint, so callers compose
// several calls (and their audit rows) into one atomic change.
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
#include "domain/lexicon.hpp"
#include "domain/meeting.hpp"
#include "domain/paging.hpp"
#include "domain/report.hpp"
#include "domain/response.hpp"
#include "domain/upload.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::store {

namespace audit {
Result<void> record(Connection& db, const Actor& actor, const AuditEvent& event);
Result<std::vector<AuditRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit = 200);
Result<std::int64_t> count(Connection& db, PartnershipId p);
}  // namespace audit

namespace partnerships {
Result<PartnershipId> create(Connection& db, const Partnership& p);
Result<Partnership> find_by_slug(Connection& db, std::string_view slug);
Result<std::vector<Partnership>> list(Connection& db);
Result<AgencyId> create_agency(Connection& db, const Agency& a);
Result<std::vector<Agency>> agencies(Connection& db, PartnershipId p);
}  // namespace partnerships

namespace users {
// Reads the columns id, partnership_id, email, display_name, role, agency_id,
// active, created_at (in that order, from column 0) into a User.
User user_from_row(const Row& r);
// Conflict when the email address is taken (in any partnership).
Result<UserId> create(Connection& db, const User& u, const std::string& password_hash);
Result<User> get(Connection& db, PartnershipId p, UserId id);
// Looks across partnerships: sign-in starts from the email address alone.
Result<std::pair<User, std::string>> find_with_hash(Connection& db, std::string_view email);
Result<std::vector<User>> list(Connection& db, PartnershipId p);
Result<void> set_password_hash(Connection& db, PartnershipId p, UserId id, const std::string& hash);
// NotFound when the user is not of this partnership.
Result<void> set_active(Connection& db, PartnershipId p, UserId id, bool active);
Result<std::int64_t> count_active(Connection& db, PartnershipId p, Role role);
}  // namespace users

namespace contexts {
// Conflict when the partnership already has a context of that name.
Result<ContextId> create(Connection& db, const Context& c);
Result<Context> get(Connection& db, PartnershipId p, ContextId id);
Result<std::optional<Context>> find_by_name(Connection& db, PartnershipId p, std::string_view name);
Result<std::vector<Context>> list(Connection& db, PartnershipId p);
Result<void> add_link(Connection& db, PartnershipId p, ContextId from, ContextId to, const std::string& label);
}  // namespace contexts

using FrameworkSummary = trellis::FrameworkSummary;

namespace frameworks {
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
Result<std::vector<FrameworkSummary>> list(Connection& db, PartnershipId p);
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
Result<Revision> revision(Connection& db, PartnershipId p, FrameworkId id);

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
// Every version of one stage, newest first.
Result<std::vector<StageEntry>> stage_history(Connection& db, PartnershipId p, GoalId id, Stage stage);
}  // namespace frameworks

namespace allocations {
Result<void> add(Connection& db, PartnershipId p, UserId user, ContextId context, const Actor& actor);
Result<void> remove(Connection& db, PartnershipId p, UserId user, ContextId context, const Actor& actor);
Result<bool> has(Connection& db, UserId user, ContextId context);
Result<std::vector<ContextId>> for_user(Connection& db, PartnershipId p, UserId user);
}  // namespace allocations

}  // namespace trellis::store

namespace trellis::store {

namespace sessions {
using Record = SessionRecord;
// Sessions are keyed by a hash of the cookie value: a copy of the table does
// not hand anyone a live session.
Result<void> create(Connection& db, const std::string& id_hash, UserId user, const std::string& csrf,
                    std::int64_t now_unix, const std::string& address);
// Only sessions of active users; nullopt when missing.
Result<std::optional<Record>> find(Connection& db, const std::string& id_hash);
Result<void> touch(Connection& db, const std::string& id_hash, std::int64_t now_unix);
Result<void> remove(Connection& db, const std::string& id_hash);
Result<void> remove_for_user(Connection& db, UserId user);
Result<void> remove_expired(Connection& db, std::int64_t idle_before_unix, std::int64_t created_before_unix);
}  // namespace sessions

namespace sign_in_failures {
struct Tally {
    std::int64_t count = 0;
    std::int64_t latest_unix = 0;  // the most recent failure, 0 when none
};
Result<void> record(Connection& db, const std::string& email, const std::string& address, std::int64_t now_unix);
Result<Tally> for_email(Connection& db, const std::string& email, std::int64_t since_unix);
Result<Tally> for_address(Connection& db, const std::string& address, std::int64_t since_unix);
Result<void> clear_email(Connection& db, const std::string& email);
}  // namespace sign_in_failures

// Browsers that have signed in to an account: each holds a random cookie whose
// hash is kept here, and a known browser is not held back by that account's
// sign-in lock.
namespace known_devices {
Result<void> remember(Connection& db, const std::string& token_hash, UserId user, std::int64_t now_unix);
Result<bool> known(Connection& db, const std::string& token_hash, UserId user);
Result<void> forget(Connection& db, const std::string& token_hash);
}  // namespace known_devices

namespace api_tokens {
using trellis::TokenInfo;
using Holder = TokenHolder;
Result<std::int64_t> create(Connection& db, UserId user, const std::string& token_hash, const std::string& label,
                            std::int64_t expires_unix, bool read_only);
// The active owner of a token that has not expired; nullopt otherwise.
Result<std::optional<Holder>> find_user(Connection& db, const std::string& token_hash, std::int64_t now_unix);
Result<std::vector<TokenInfo>> list(Connection& db, UserId user);
Result<void> revoke(Connection& db, UserId user, std::int64_t id);
Result<void> remove_for_user(Connection& db, UserId user);
}  // namespace api_tokens

}  // namespace trellis::store

namespace trellis::store::reports {
using Overview = trellis::Overview;
// Counts only: nothing here identifies a context or a young person.
Result<Overview> overview(Connection& db, PartnershipId p);

// Every version of every stage narrative of the partnership's frameworks, with
// where and when it was written and the author's agency: the professional
// text the language lens trends are computed from.
using trellis::StageText;
Result<std::vector<StageText>> stage_texts(Connection& db, PartnershipId p);

// Frameworks (not closed) whose next review date is before `today`.
Result<std::vector<FrameworkSummary>> reviews_overdue(Connection& db, PartnershipId p, const std::string& today);
}  // namespace trellis::store::reports

namespace trellis::store::lexicon {
// A partnership's own lexicon entries, added by its admins on top of the
// lexicon that ships with Trellis. Phrases are stored one per line.
using LocalEntry = LexiconEntry;
Result<std::vector<LocalEntry>> list(Connection& db, PartnershipId p);
// Changes whenever an entry is added or removed: what a compiled lens is cached by.
Result<std::string> stamp(Connection& db, PartnershipId p);
Result<std::int64_t> add(Connection& db, PartnershipId p, const LocalEntry& e, const Actor& actor);
Result<void> remove(Connection& db, PartnershipId p, std::int64_t id, const Actor& actor);
}  // namespace trellis::store::lexicon

namespace trellis::store::actions {
using Place = ActionPlace;
Result<Place> locate(Connection& db, PartnershipId p, ActionId id);
// Creates the action (owner and partner agencies must belong to the
// partnership) and audits it in the same transaction.
Result<ActionId> create(Connection& db, PartnershipId p, const Action& a, const Actor& actor);
// Every action of a framework, keyed by goal, with its notes.
Result<std::vector<Action>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
Result<Action> get(Connection& db, PartnershipId p, ActionId id);
// Sets the status and adds a dated progress note, audited.
Result<void> progress(Connection& db, PartnershipId p, ActionId id, ActionStatus status, const std::string& note,
                      const Actor& actor);

using AgencyView = AgencyAction;
Result<std::vector<AgencyView>> for_agency(Connection& db, PartnershipId p, AgencyId agency);
Result<std::int64_t> overdue_count(Connection& db, PartnershipId p, const std::string& today);
}  // namespace trellis::store::actions

namespace trellis::store::responses {
// Saves every record in one transaction (in batches), audited once with the
// count; all or nothing.
Result<std::size_t> add(Connection& db, PartnershipId p, ContextId c, const std::vector<ResponseRecord>& records,
                        const std::string& source, const Actor& actor);
// Newest first.
Result<std::vector<ResponseRecord>> list(Connection& db, PartnershipId p, ContextId c, int limit = 200,
                                         const std::optional<After>& after = std::nullopt);
using MonthCount = ResponseMonth;
Result<std::vector<MonthCount>> by_month(Connection& db, PartnershipId p, ContextId c);

// An upload waiting for review (a CSV for its columns to be mapped, a parsed
// framework for its preview); only its uploader reads it, a user has one of
// each kind at a time, and an upload left unconfirmed for a day is deleted.
Result<std::int64_t> save_draft(Connection& db, PartnershipId p, UserId u, ContextId c, const std::string& file_name,
                                const std::string& content, const std::string& kind = "responses");
using Draft = Upload;
Result<Draft> draft(Connection& db, PartnershipId p, UserId u, std::int64_t id, const std::string& kind = "responses");
Result<void> delete_draft(Connection& db, std::int64_t id);
}  // namespace trellis::store::responses

namespace trellis::store::meetings {
Result<MeetingId> create(Connection& db, PartnershipId p, const Meeting& m, const Actor& actor);
Result<std::vector<Meeting>> for_context(Connection& db, PartnershipId p, ContextId c);
Result<Meeting> get(Connection& db, PartnershipId p, MeetingId id);
// The meeting a decision belongs to (NotFound outside the partnership).
Result<Meeting> of_decision(Connection& db, PartnershipId p, DecisionId id);
// Creates the action for a decision and links them, in one audited transaction.
Result<ActionId> make_action(Connection& db, PartnershipId p, DecisionId id, Action action, const Actor& actor);
}  // namespace trellis::store::meetings

namespace trellis::store::frameworks {
// Marks every framework of a context changed (evidence or activity runs that
// their pages show were added).
Result<void> touch_context(Connection& db, ContextId c, const std::string& now);
}  // namespace trellis::store::frameworks

namespace trellis::store::young_people {
// Conflict when the partnership's register already has that pseudonym; every
// context must belong to the partnership.
Result<YoungPersonId> create(Connection& db, PartnershipId p, const YoungPerson& y, const Actor& actor);
// Corrects the pseudonym, local reference or age band (Conflict when the new
// pseudonym is taken), audited in every context the young person is linked to.
Result<void> update(Connection& db, PartnershipId p, YoungPersonId id, const YoungPerson& y, const Actor& actor);
// Takes the young person off a context's register, and off the partnership's
// when no context is left; Conflict while evidence, quotes or activity runs of
// that context name them.
Result<void> unlink(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor);
// Adds someone already on the register to another context.
Result<void> link(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor);
Result<YoungPerson> get(Connection& db, PartnershipId p, YoungPersonId id);
// The young people linked to a context, by pseudonym.
Result<std::vector<YoungPerson>> for_context(Connection& db, PartnershipId p, ContextId c);
// Invalid (naming `field`) unless the young person is on the context's register.
Result<void> check_on_register(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const char* field);
// The whole register (for leads linking someone to another context).
Result<std::vector<YoungPerson>> all(Connection& db, PartnershipId p);
}  // namespace trellis::store::young_people

namespace trellis::store::evidence {
// Young people must be linked to the record's context and supported goals must
// belong to one of its frameworks; audited, and the frameworks shown changed.
Result<EvidenceId> create(Connection& db, PartnershipId p, const EvidenceRecord& e, const Actor& actor);
Result<EvidenceRecord> get(Connection& db, PartnershipId p, EvidenceId id);
// Newest first.
Result<std::vector<EvidenceRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit = 200,
                                                const std::optional<After>& after = std::nullopt);
// Records supporting any stage of the framework's goals.
Result<std::vector<EvidenceRecord>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
// Deletes a record entered in error, with its links; audited (the trail keeps
// that it existed, never its text). Returns its context.
Result<ContextId> remove(Connection& db, PartnershipId p, EvidenceId id, const Actor& actor);
}  // namespace trellis::store::evidence

namespace trellis::store::voices {
Result<VoiceId> create(Connection& db, PartnershipId p, const Voice& v, const Actor& actor);
// Newest first; only voices tagged with `theme` when it is not empty.
Result<std::vector<Voice>> for_context(Connection& db, PartnershipId p, ContextId c, const std::string& theme = {});
Result<ContextId> remove(Connection& db, PartnershipId p, VoiceId id, const Actor& actor);
Result<ContextId> context_of(Connection& db, PartnershipId p, VoiceId id);
// Every theme used on the context, with how many voices carry it.
Result<std::vector<std::pair<std::string, std::int64_t>>> themes(Connection& db, PartnershipId p, ContextId c);
}  // namespace trellis::store::voices

namespace trellis::store::activities {
// A follow-up must follow a run of the same kind on the same context, on or
// after its date. Young people must be linked to the context.
Result<RunId> create(Connection& db, PartnershipId p, const ActivityRun& r, const Actor& actor);
Result<ActivityRun> get(Connection& db, PartnershipId p, RunId id);
// Conflict while a follow-up compares itself with the run.
Result<ContextId> remove(Connection& db, PartnershipId p, RunId id, const Actor& actor);
// Oldest first, with participants; only runs of `kind` when given.
Result<std::vector<ActivityRun>> for_context(Connection& db, PartnershipId p, ContextId c,
                                             std::optional<ActivityKind> kind = std::nullopt);
}  // namespace trellis::store::activities

namespace trellis::store::indicators {
// Audited, in the goal's framework (which is marked changed).
Result<IndicatorId> create(Connection& db, PartnershipId p, const Indicator& i, const Actor& actor);
// With measurements: entered ones, or computed from the context's activity runs.
Result<Indicator> get(Connection& db, PartnershipId p, IndicatorId id);
Result<frameworks::Location> locate(Connection& db, PartnershipId p, IndicatorId id);
Result<std::vector<Indicator>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
// Every indicator of the partnership's frameworks that are not closed.
Result<std::vector<Indicator>> for_partnership(Connection& db, PartnershipId p);
// Invalid for a computed indicator.
Result<std::int64_t> add_measurement(Connection& db, PartnershipId p, IndicatorId id, const Measurement& m,
                                     const Actor& actor);
// The measurements an indicator of `source` gets from these runs.
std::vector<Measurement> computed(IndicatorSource source, const std::vector<ActivityRun>& runs);
}  // namespace trellis::store::indicators

namespace trellis::store::outcomes {
using Rated = RatedGoal;
// Records the rating (earlier ratings are kept) and sets the goal's status to
// match, in one audited transaction.
Result<void> rate(Connection& db, PartnershipId p, GoalId goal, OutcomeRating rating, const std::string& rationale,
                  const Actor& actor);
// The latest rating of each rated goal of the framework.
Result<std::vector<Rated>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
}  // namespace trellis::store::outcomes

namespace trellis::store::reports {
using trellis::GoalCount;
// Goals (not removed) of a context's frameworks by status.
Result<std::vector<GoalCount>> goals_by_status(Connection& db, PartnershipId p, ContextId c);
// Goals reached (or partly) per area of focus across the partnership's
// frameworks, areas with the same name counted together.
using trellis::AreaProgress;
Result<std::vector<AreaProgress>> progress_by_area(Connection& db, PartnershipId p);
// Distinct young people recorded in evidence or activity runs: for a context, or the whole partnership.
Result<std::int64_t> young_people_seen(Connection& db, PartnershipId p, std::optional<ContextId> c);
}  // namespace trellis::store::reports
