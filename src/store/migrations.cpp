#include "store/migrations.hpp"

#include <fmt/format.h>
#include <string_view>
#include <tuple>

#include "store/search_repo.hpp"

namespace trellis::store {
namespace {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;  // {{ID}} is the backend's auto-increment primary key
    // For a migration whose statements differ by backend: builds them instead of `sql`.
    std::string (*build)(Backend) = nullptr;
};

// The agency an audit row disclosed to: the one its detail names last
// ("... agency=4", a partner copy), else the agency of the partner who acted.
std::string disclosed_to_schema(Backend backend)
{
    std::string_view named = backend == Backend::Sqlite
                                 ? "CAST(SUBSTR(detail, INSTR(detail, ' agency=') + 8) AS INTEGER)"
                                 : "CAST(SUBSTRING(detail FROM ' agency=([0-9]+)$') AS BIGINT)";
    return fmt::format(R"SQL(
ALTER TABLE audit_events ADD COLUMN disclosed_to BIGINT;
UPDATE audit_events SET disclosed_to = (SELECT u.agency_id FROM users u WHERE u.id = audit_events.actor_id)
  WHERE actor_id IN (SELECT id FROM users WHERE role = 'partner');
UPDATE audit_events SET disclosed_to = {} WHERE detail LIKE '% agency=%';
CREATE INDEX audit_disclosed ON audit_events (partnership_id, id) WHERE disclosed_to IS NOT NULL;
CREATE INDEX audit_disclosed_agency ON audit_events (disclosed_to, id) WHERE disclosed_to IS NOT NULL;
)SQL",
                       named);
}

std::string keyed_by_context_36(Backend backend)
{
    return search::keyed_by_context(backend, 36);
}

// Goals, stage texts and actions given the context of their framework, which
// never changes: each is written with it (as the framework's other records
// are), so a practitioner's contexts find theirs without going through every
// goal and framework, and their words are indexed with it for search. A
// record written without it is refused (NOT NULL on PostgreSQL; a trigger on
// SQLite, which cannot add the constraint to a table that holds rows).
std::string context_of_framework_records(Backend backend)
{
    std::string out;
    for (auto [table, parent, key] :
         {std::tuple{"goals", "frameworks", "framework_id"}, std::tuple{"stage_entries", "goals", "goal_id"},
          std::tuple{"actions", "goals", "goal_id"}}) {
        out += fmt::format(
            "ALTER TABLE {0} ADD COLUMN context_id BIGINT;\n"
            "UPDATE {0} SET context_id = (SELECT p.context_id FROM {1} p WHERE p.id = {0}.{2});\n"
            "CREATE INDEX {0}_context ON {0} (context_id, id);\n",
            table, parent, key);
        out += backend == Backend::Sqlite
                   ? fmt::format(
                         "CREATE TRIGGER {0}_context_required BEFORE INSERT ON {0} WHEN NEW.context_id IS "
                         "NULL BEGIN SELECT RAISE(ABORT, '{0}.context_id is required'); END;\n",
                         table)
                   : fmt::format("ALTER TABLE {0} ALTER COLUMN context_id SET NOT NULL;\n", table);
    }
    return out + search::keyed_by_context(backend, 38);
}

// Timestamps and dates are ISO 8601 text (UTC), identical on both backends and
// sortable. Audit rows keep no foreign key to what they describe, so the trail
// outlives the record.
constexpr Migration kMigrations[] = {
    {1, "core: partnerships, users, contexts, frameworks, audit", R"SQL(
CREATE TABLE partnerships (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE agencies (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (partnership_id, name_key)
);
CREATE TABLE users (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies(id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX users_partnership ON users (partnership_id);
CREATE TABLE contexts (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (partnership_id, name_key)
);
CREATE TABLE context_links (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  from_context_id BIGINT NOT NULL REFERENCES contexts(id) ON DELETE CASCADE,
  to_context_id BIGINT NOT NULL REFERENCES contexts(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  UNIQUE (from_context_id, to_context_id, label)
);
CREATE TABLE frameworks (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  owner_id BIGINT REFERENCES users(id),
  start_date TEXT NOT NULL DEFAULT '',
  next_review_date TEXT NOT NULL DEFAULT '',
  template_key TEXT NOT NULL DEFAULT '',
  question_scoping TEXT NOT NULL,
  question_measuring TEXT NOT NULL,
  question_action TEXT NOT NULL,
  question_outcome TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX frameworks_context ON frameworks (context_id);
CREATE TABLE areas (
  id {{ID}},
  framework_id BIGINT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  sort_order INTEGER NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  UNIQUE (framework_id, name_key)
);
CREATE TABLE goals (
  id {{ID}},
  framework_id BIGINT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  area_id BIGINT NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
  sort_order INTEGER NOT NULL,
  statement TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX goals_framework ON goals (framework_id, area_id, sort_order);
CREATE TABLE stage_entries (
  id {{ID}},
  goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (goal_id, stage, version)
);
CREATE TABLE audit_events (
  id {{ID}},
  partnership_id BIGINT,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor_label TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  context_id BIGINT,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_context ON audit_events (context_id, at);
CREATE INDEX audit_partnership ON audit_events (partnership_id, at);
)SQL"},
    {2, "web: sessions, sign-in throttling, allocations, API tokens, removable goals", R"SQL(
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_unix BIGINT NOT NULL,
  seen_unix BIGINT NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE sign_in_failures (
  id {{ID}},
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  at_unix BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at_unix);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at_unix);
CREATE TABLE allocations (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  context_id BIGINT NOT NULL REFERENCES contexts(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, context_id)
);
CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL DEFAULT ''
);
ALTER TABLE goals ADD COLUMN removed_at TEXT NOT NULL DEFAULT '';
)SQL"},
    {3, "framework revision counter", R"SQL(
ALTER TABLE frameworks ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
)SQL"},
    {4, "language lens: a partnership's own lexicon entries", R"SQL(
CREATE TABLE lexicon_entries (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  entry_key TEXT NOT NULL,
  phrases TEXT NOT NULL,
  tier TEXT NOT NULL,
  category TEXT NOT NULL,
  alternative TEXT NOT NULL DEFAULT '',
  why TEXT NOT NULL DEFAULT '',
  source_title TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (partnership_id, entry_key)
);
)SQL"},
    {5, "partners: agency contacts, actions, progress notes", R"SQL(
ALTER TABLE agencies ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
CREATE TABLE actions (
  id {{ID}},
  goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  what TEXT NOT NULL,
  owner_agency_id BIGINT NOT NULL REFERENCES agencies(id),
  owner_name TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  approach TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX actions_goal ON actions (goal_id);
CREATE INDEX actions_owner ON actions (owner_agency_id);
CREATE TABLE action_partners (
  action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (action_id, agency_id)
);
CREATE INDEX action_partners_agency ON action_partners (agency_id);
CREATE TABLE action_notes (
  id {{ID}},
  action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)SQL"},
    {6, "response log and import drafts", R"SQL(
CREATE TABLE responses (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  occurred_on TEXT NOT NULL,
  agency TEXT NOT NULL,
  response_type TEXT NOT NULL,
  framing TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  young_people INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX responses_context ON responses (context_id, occurred_on);
CREATE TABLE import_drafts (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)SQL"},
    {7, "meetings and context conferences with their decisions", R"SQL(
CREATE TABLE meetings (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  held_on TEXT NOT NULL,
  meeting_type TEXT NOT NULL,
  minutes TEXT NOT NULL DEFAULT '',
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX meetings_context ON meetings (context_id, held_on);
CREATE TABLE meeting_attendees (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (meeting_id, agency_id)
);
CREATE TABLE decisions (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  sort_order INTEGER NOT NULL,
  body TEXT NOT NULL,
  action_id BIGINT REFERENCES actions(id) ON DELETE SET NULL
);
)SQL"},
    {8, "evidence: young people register, evidence records, voices, group activities, indicators, outcomes", R"SQL(
CREATE TABLE young_people (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  pseudonym TEXT NOT NULL,
  pseudonym_key TEXT NOT NULL,
  local_ref TEXT NOT NULL DEFAULT '',
  age_band TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (partnership_id, pseudonym_key)
);
CREATE TABLE young_person_contexts (
  young_person_id BIGINT NOT NULL REFERENCES young_people(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  PRIMARY KEY (young_person_id, context_id)
);
CREATE INDEX young_person_contexts_context ON young_person_contexts (context_id);
CREATE TABLE evidence (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  recorded_on TEXT NOT NULL,
  method TEXT NOT NULL,
  unnamed_young_people INTEGER NOT NULL DEFAULT 0,
  adults TEXT NOT NULL DEFAULT '',
  provenance TEXT NOT NULL,
  narrative TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX evidence_context ON evidence (context_id, recorded_on);
CREATE TABLE evidence_young_people (
  evidence_id BIGINT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
  young_person_id BIGINT NOT NULL REFERENCES young_people(id),
  PRIMARY KEY (evidence_id, young_person_id)
);
CREATE TABLE evidence_stages (
  evidence_id BIGINT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
  goal_id BIGINT NOT NULL REFERENCES goals(id),
  stage TEXT NOT NULL,
  PRIMARY KEY (evidence_id, goal_id, stage)
);
CREATE INDEX evidence_stages_goal ON evidence_stages (goal_id);
CREATE TABLE voices (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  spoken_on TEXT NOT NULL,
  speaker TEXT NOT NULL,
  young_person_id BIGINT REFERENCES young_people(id),
  quote TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX voices_context ON voices (context_id, spoken_on);
CREATE TABLE voice_themes (
  voice_id BIGINT NOT NULL REFERENCES voices(id) ON DELETE CASCADE,
  theme TEXT NOT NULL,
  PRIMARY KEY (voice_id, theme)
);
CREATE TABLE activity_runs (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  kind TEXT NOT NULL,
  run_on TEXT NOT NULL,
  follow_up_of BIGINT REFERENCES activity_runs(id),
  note TEXT NOT NULL DEFAULT '',
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX activity_runs_context ON activity_runs (context_id, kind, run_on);
CREATE TABLE run_participants (
  id {{ID}},
  run_id BIGINT NOT NULL REFERENCES activity_runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  young_person_id BIGINT REFERENCES young_people(id),
  label TEXT NOT NULL
);
CREATE INDEX run_participants_run ON run_participants (run_id, position);
CREATE TABLE trust_nominations (
  participant_id BIGINT NOT NULL REFERENCES run_participants(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  adults INTEGER NOT NULL,
  respected INTEGER NOT NULL,
  PRIMARY KEY (participant_id, role)
);
CREATE TABLE place_marks (
  id {{ID}},
  participant_id BIGINT NOT NULL REFERENCES run_participants(id) ON DELETE CASCADE,
  place TEXT NOT NULL,
  category TEXT NOT NULL,
  latitude_micro BIGINT,
  longitude_micro BIGINT
);
CREATE INDEX place_marks_participant ON place_marks (participant_id);
CREATE TABLE indicators (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  goal_id BIGINT NOT NULL REFERENCES goals(id),
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  better TEXT NOT NULL,
  baseline_milli BIGINT,
  baseline_on TEXT NOT NULL DEFAULT '',
  target_milli BIGINT,
  method TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX indicators_goal ON indicators (goal_id);
CREATE TABLE measurements (
  id {{ID}},
  indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  measured_on TEXT NOT NULL,
  value_milli BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX measurements_indicator ON measurements (indicator_id, measured_on);
CREATE TABLE goal_outcomes (
  id {{ID}},
  goal_id BIGINT NOT NULL REFERENCES goals(id),
  rating TEXT NOT NULL,
  rationale TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX goal_outcomes_goal ON goal_outcomes (goal_id, id);
)SQL"},
    {9, "uploads waiting for review are of a kind: a response log CSV or a framework document", R"SQL(
ALTER TABLE import_drafts ADD COLUMN kind TEXT NOT NULL DEFAULT 'responses';
)SQL"},
    {10, "API tokens expire; browsers that have signed in are remembered", R"SQL(
ALTER TABLE api_tokens ADD COLUMN expires_unix BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_unix = {{NOW_UNIX}} + 90 * 86400;
CREATE TABLE known_devices (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_unix BIGINT NOT NULL,
  seen_unix BIGINT NOT NULL
);
CREATE INDEX known_devices_user ON known_devices (user_id);
)SQL"},
    {11, "answers to API requests with an Idempotency-Key, kept a day; read-only API tokens", R"SQL(
ALTER TABLE api_tokens ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  created_unix BIGINT NOT NULL,
  PRIMARY KEY (user_id, idem_key)
);
)SQL"},
    {12, "a goal's status follows the work: in progress once a stage is written, ready for review when all four are",
     R"SQL(
CREATE TEMPORARY TABLE goal_work AS
SELECT g.id AS goal_id, f.partnership_id, f.context_id, g.status AS was,
       (SELECT COUNT(*) FROM stage_entries e WHERE e.goal_id = g.id AND e.body <> '' AND e.version =
          (SELECT MAX(x.version) FROM stage_entries x WHERE x.goal_id = e.goal_id AND x.stage = e.stage)) AS written
FROM goals g JOIN frameworks f ON f.id = g.framework_id
WHERE g.status IN ('not_started', 'in_progress');
DELETE FROM goal_work WHERE written = 0 OR (written < 4 AND was = 'in_progress');
INSERT INTO audit_events (partnership_id, at, actor_id, actor_label, address, action, entity, entity_id, context_id,
                          detail)
SELECT partnership_id, {{NOW_ISO}}, NULL, 'Trellis upgrade', '', 'update', 'goal', goal_id, context_id,
       CASE WHEN written = 4 THEN 'status=ready_for_review' ELSE 'status=in_progress' END
FROM goal_work;
UPDATE goals SET status = (SELECT CASE WHEN w.written = 4 THEN 'ready_for_review' ELSE 'in_progress' END
                           FROM goal_work w WHERE w.goal_id = goals.id)
WHERE id IN (SELECT goal_id FROM goal_work);
DROP TABLE goal_work;
)SQL"},
    {13,
     "the work around the framework: concerns and screening, managed places, triangle assessments, goals "
     "from findings, conferences, reviews with sign-off, and each context's stage with its history",
     R"SQL(
ALTER TABLE contexts ADD COLUMN stage TEXT NOT NULL DEFAULT 'assessment';
UPDATE contexts SET stage = 'active' WHERE id IN (SELECT context_id FROM frameworks);
CREATE INDEX contexts_stage ON contexts (partnership_id, stage);
CREATE TABLE context_stages (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  stage TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX context_stages_context ON context_stages (context_id, id);
INSERT INTO context_stages (partnership_id, context_id, stage, entered_at, reason)
SELECT partnership_id, id, stage, created_at, 'Stage when Trellis began recording stages' FROM contexts;
ALTER TABLE users ADD COLUMN can_sign_off INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partnerships ADD COLUMN repeat_threshold INTEGER NOT NULL DEFAULT 3;
ALTER TABLE partnerships ADD COLUMN repeat_window_days INTEGER NOT NULL DEFAULT 90;
CREATE TABLE places (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  latitude TEXT NOT NULL DEFAULT '',
  longitude TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (partnership_id, name_key)
);
CREATE TABLE concerns (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  raised_on TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  source TEXT NOT NULL,
  summary TEXT NOT NULL,
  place_id BIGINT REFERENCES places(id),
  recorded_by_label TEXT NOT NULL,
  screening_started_on TEXT NOT NULL DEFAULT '',
  screener_label TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  rationale TEXT NOT NULL DEFAULT '',
  case_reference TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decided_by_label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX concerns_partnership ON concerns (partnership_id, raised_on);
CREATE INDEX concerns_place ON concerns (place_id, raised_on);
CREATE TABLE concern_contexts (
  concern_id BIGINT NOT NULL REFERENCES concerns(id) ON DELETE CASCADE,
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  PRIMARY KEY (concern_id, context_id)
);
CREATE INDEX concern_contexts_context ON concern_contexts (context_id);
CREATE TABLE concern_young_people (
  concern_id BIGINT NOT NULL REFERENCES concerns(id) ON DELETE CASCADE,
  young_person_id BIGINT NOT NULL REFERENCES young_people(id),
  PRIMARY KEY (concern_id, young_person_id)
);
CREATE TABLE assessments (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  version INTEGER NOT NULL,
  discussion TEXT NOT NULL DEFAULT '',
  completed_on TEXT NOT NULL DEFAULT '',
  completed_by_label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (context_id, version)
);
CREATE TABLE findings (
  id {{ID}},
  assessment_id BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  side INTEGER NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  weight INTEGER NOT NULL,
  sort_order INTEGER NOT NULL
);
CREATE INDEX findings_assessment ON findings (assessment_id, side, sort_order);
CREATE TABLE finding_sources (
  finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  source_kind TEXT NOT NULL,
  source_id BIGINT NOT NULL,
  PRIMARY KEY (finding_id, source_kind, source_id)
);
CREATE TABLE goal_findings (
  goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  finding_id BIGINT NOT NULL REFERENCES findings(id),
  PRIMARY KEY (goal_id, finding_id)
);
CREATE TABLE library_goals (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_kind TEXT NOT NULL,
  side INTEGER NOT NULL,
  statement TEXT NOT NULL,
  created_at TEXT NOT NULL
);
ALTER TABLE meetings ADD COLUMN invitees TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN summary_sent_on TEXT NOT NULL DEFAULT '';
CREATE TABLE meeting_goals (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  PRIMARY KEY (meeting_id, goal_id)
);
CREATE TABLE reviews (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  held_on TEXT NOT NULL,
  progress TEXT NOT NULL,
  decision TEXT NOT NULL,
  rationale TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  signed_off_by_id BIGINT REFERENCES users(id),
  signed_off_label TEXT NOT NULL DEFAULT '',
  signed_off_at TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX reviews_context ON reviews (context_id, held_on);
)SQL"},
    {14, "lawful basis and privacy notice, versioned; whether young people and parents were told they are recorded",
     R"SQL(
CREATE TABLE privacy_notices (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  version INTEGER NOT NULL,
  lawful_basis TEXT NOT NULL,
  article8 TEXT NOT NULL,
  notice TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by_label TEXT NOT NULL,
  UNIQUE (partnership_id, version)
);
CREATE TABLE telling (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  young_person_id BIGINT REFERENCES young_people(id),
  told INTEGER NOT NULL,
  told_on TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  recorded_by_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX telling_context ON telling (context_id, id);
)SQL"},
    {15, "information sharing agreements with partner agencies", R"SQL(
CREATE TABLE sharing_agreements (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  purposes TEXT NOT NULL,
  what TEXT NOT NULL,
  recorded_by_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sharing_agreements_agency ON sharing_agreements (agency_id, ends_on);
)SQL"},
    {16, "the audit trail is a chain: each row carries a keyed MAC over itself and the row before it", R"SQL(
ALTER TABLE audit_events ADD COLUMN seq BIGINT;
ALTER TABLE audit_events ADD COLUMN mac TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_seq ON audit_events (seq);
CREATE TABLE audit_chain (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  mac TEXT NOT NULL,
  checkpoint_seq BIGINT NOT NULL DEFAULT 0,
  checkpoint_mac TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_chain (id, seq, mac) VALUES (1, 0, '');
)SQL"},
    {17, "retention schedule, legal holds, the destruction log and once-a-day jobs", R"SQL(
CREATE TABLE retention_rules (
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  kind TEXT NOT NULL,
  days INTEGER NOT NULL,
  updated_by_label TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (partnership_id, kind)
);
CREATE TABLE legal_holds (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT,
  reason TEXT NOT NULL,
  placed_by_label TEXT NOT NULL,
  placed_at TEXT NOT NULL,
  lifted_by_label TEXT NOT NULL DEFAULT '',
  lifted_at TEXT NOT NULL DEFAULT '',
  lift_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legal_holds_partnership ON legal_holds (partnership_id, lifted_at);
CREATE TABLE destruction_log (
  id {{ID}},
  partnership_id BIGINT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  count BIGINT NOT NULL,
  context_number BIGINT,
  rule TEXT NOT NULL,
  run_by TEXT NOT NULL
);
CREATE INDEX destruction_log_partnership ON destruction_log (partnership_id, id);
CREATE TABLE job_runs (
  job TEXT PRIMARY KEY,
  last_day TEXT NOT NULL,
  ran_at TEXT NOT NULL
);
INSERT INTO job_runs (job, last_day, ran_at) VALUES ('retention', '', '');
)SQL"},
    {18, "exceptional access to a context not allocated, reviewed by another lead", R"SQL(
CREATE TABLE exceptional_access (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  opened_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  reviewed_by_id BIGINT REFERENCES users(id),
  reviewed_by_label TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exceptional_access_user ON exceptional_access (user_id, context_id, expires_at);
CREATE INDEX exceptional_access_review ON exceptional_access (partnership_id, reviewed_at);
)SQL"},
    {19, "the peer map of a peer-group context", R"SQL(
CREATE TABLE peer_links (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  a_id BIGINT NOT NULL REFERENCES young_people(id),
  b_id BIGINT NOT NULL REFERENCES young_people(id),
  source TEXT NOT NULL,
  reliability TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  author_id BIGINT REFERENCES users(id),
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (context_id, a_id, b_id),
  CHECK (a_id < b_id)
);
CREATE INDEX peer_links_a ON peer_links (a_id);
CREATE INDEX peer_links_b ON peer_links (b_id);
)SQL"},
    {20, "subject access, rectification and erasure requests; aliases on the register", R"SQL(
ALTER TABLE young_people ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
CREATE TABLE subject_requests (
  id {{ID}},
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  kind TEXT NOT NULL,
  requester TEXT NOT NULL,
  relationship TEXT NOT NULL,
  young_person_id BIGINT REFERENCES young_people(id) ON DELETE SET NULL,
  subject TEXT NOT NULL,
  received_on TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  paused_on TEXT NOT NULL DEFAULT '',
  paused_days INTEGER NOT NULL DEFAULT 0,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_reason TEXT NOT NULL DEFAULT '',
  reviewed_by_label TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL DEFAULT '',
  redact_professionals INTEGER NOT NULL DEFAULT 0,
  redactions TEXT NOT NULL DEFAULT '',
  exemptions TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT '',
  closed_on TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  recorded_by_label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX subject_requests_partnership ON subject_requests (partnership_id, received_on);
CREATE INDEX subject_requests_young_person ON subject_requests (young_person_id);
CREATE TABLE subject_request_log (
  id {{ID}},
  request_id BIGINT NOT NULL REFERENCES subject_requests(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  by_label TEXT NOT NULL,
  what TEXT NOT NULL
);
CREATE INDEX subject_request_log_request ON subject_request_log (request_id, id);
)SQL"},
    {21, "the destruction log names the register entries it destroyed, so a restored backup destroys them again",
     R"SQL(
ALTER TABLE destruction_log ADD COLUMN records TEXT NOT NULL DEFAULT '';
CREATE INDEX destruction_log_at ON destruction_log (at);
)SQL"},
    {22, "responses counted by month, so a context's indicators do not read its whole response log", R"SQL(
CREATE TABLE response_months (
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  month TEXT NOT NULL,
  framing TEXT NOT NULL,
  responses BIGINT NOT NULL,
  PRIMARY KEY (context_id, month, framing)
);
INSERT INTO response_months (partnership_id, context_id, month, framing, responses)
  SELECT partnership_id, context_id, SUBSTR(occurred_on, 1, 7), framing, COUNT(*) FROM responses
  GROUP BY partnership_id, context_id, SUBSTR(occurred_on, 1, 7), framing;
)SQL"},
    {23,
     "long lists are read newest first from an index: the audit trail by id; responses, evidence and voices by date",
     R"SQL(
DROP INDEX audit_context;
CREATE INDEX audit_context_id ON audit_events (context_id, id);
CREATE INDEX audit_partnership_id ON audit_events (partnership_id, id);
DROP INDEX responses_context;
CREATE INDEX responses_context ON responses (context_id, occurred_on, id);
DROP INDEX evidence_context;
CREATE INDEX evidence_context ON evidence (context_id, recorded_on, id);
DROP INDEX voices_context;
CREATE INDEX voices_context ON voices (context_id, spoken_on, id);
)SQL"},
    {24, "the young people seen are found from the register, each looked up in the evidence and runs", R"SQL(
CREATE INDEX evidence_young_people_person ON evidence_young_people (young_person_id);
CREATE INDEX run_participants_person ON run_participants (young_person_id);
)SQL"},
    {25,
     "search: contexts, goal statements, stage texts, evidence, meeting minutes, voices and actions indexed by "
     "their words",
     "", search::schema},
    {26, "every record that names a young person is found by the person, so retention checks the register quickly",
     R"SQL(
CREATE INDEX voices_young_person ON voices (young_person_id);
CREATE INDEX concern_young_people_person ON concern_young_people (young_person_id);
CREATE INDEX telling_young_person ON telling (young_person_id);
)SQL"},
    {27, "the audit trail's head keeps where it stood at the last change, for the dashboards' caches", R"SQL(
ALTER TABLE audit_chain ADD COLUMN change_mac TEXT NOT NULL DEFAULT '';
UPDATE audit_chain SET change_mac = mac;
)SQL"},
    {28, "the actions list is read in its order (dated first, soonest due) from an index", R"SQL(
CREATE INDEX actions_order ON actions ((due_date = ''), due_date, id);
)SQL"},
    {29,
     "each audit row that records a disclosure names the agency it went to, so the disclosure log is read from an "
     "index",
     "", disclosed_to_schema},
    {30, "on PostgreSQL each record's words are kept with it for search, not worked out again for every row read", "",
     search::stored_words},
    {31, "the agency an audit row disclosed to is sealed into the row's MAC, for every row written from now on",
     R"SQL(
ALTER TABLE audit_chain ADD COLUMN disclosed_from_seq BIGINT NOT NULL DEFAULT 0;
UPDATE audit_chain SET disclosed_from_seq = seq + 1;
)SQL"},
    {32,
     "the disclosure log is read newest first in an order only its indexes hold, by partnership and by agency, so "
     "no other audit row is walked past",
     R"SQL(
DROP INDEX audit_disclosed;
DROP INDEX audit_disclosed_agency;
CREATE INDEX audit_disclosed ON audit_events (partnership_id, (-id)) WHERE disclosed_to IS NOT NULL;
CREATE INDEX audit_disclosed_agency ON audit_events (partnership_id, disclosed_to, (-id)) WHERE disclosed_to IS NOT NULL;
)SQL"},
    {33, "a context's quotes are counted from their index alone, the partnership checked there too", R"SQL(
DROP INDEX voices_context;
CREATE INDEX voices_context ON voices (context_id, partnership_id, spoken_on, id);
)SQL"},
    {34, "a context's quotes counted by theme, so the voices page does not read every quote to list its themes",
     R"SQL(
CREATE TABLE voice_theme_counts (
  partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
  context_id BIGINT NOT NULL REFERENCES contexts(id),
  theme TEXT NOT NULL,
  quotes BIGINT NOT NULL,
  PRIMARY KEY (context_id, theme)
);
INSERT INTO voice_theme_counts (partnership_id, context_id, theme, quotes)
  SELECT v.partnership_id, v.context_id, t.theme, COUNT(*) FROM voice_themes t JOIN voices v ON v.id = t.voice_id
  GROUP BY v.partnership_id, v.context_id, t.theme;
)SQL"},
    {35, "an agency's actions in the order they are listed, so its list reads its first page and no more", R"SQL(
DROP INDEX actions_owner;
CREATE INDEX actions_agency_order ON actions (owner_agency_id, (due_date = ''), due_date, id);
)SQL"},
    {36, "contexts, evidence, meeting minutes and voices found by their words and their context together", "",
     keyed_by_context_36},
    {37, "the audit trail read by who acted and by the kind of record, newest first, from indexes", R"SQL(
CREATE INDEX audit_actor ON audit_events (actor_id, id);
CREATE INDEX audit_entity ON audit_events (partnership_id, entity, id);
)SQL"},
    {38, "goals, stage texts and actions hold their context, and are found by their words and their context together",
     "", context_of_framework_records},
};

std::string replace_all(std::string_view text, std::string_view placeholder, std::string_view value)
{
    std::string out;
    std::size_t pos = 0;
    for (std::size_t hit; (hit = text.find(placeholder, pos)) != std::string_view::npos;
         pos = hit + placeholder.size()) {
        out.append(text.substr(pos, hit - pos));
        out.append(value);
    }
    out.append(text.substr(pos));
    return out;
}

// The few words the two dialects spell differently.
std::string spell(std::string_view sql, Backend backend)
{
    bool sqlite = backend == Backend::Sqlite;
    auto out = replace_all(sql, "{{ID}}",
                           sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    out = replace_all(out, "{{NOW_UNIX}}",
                      sqlite ? "CAST(strftime('%s', 'now') AS INTEGER)" : "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)");
    // The time as every audit row writes it (ISO 8601 UTC with microseconds), fixed for the migration.
    return replace_all(out, "{{NOW_ISO}}", "'" + now_utc() + "'");
}

}  // namespace

int latest_schema_version()
{
    return kMigrations[std::size(kMigrations) - 1].version;
}

Result<MigrationReport> migrate(Connection& db)
{
    TRY(
        db.exec_script("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                       "name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    MigrationReport report;
    bool first = true;
    for (const auto& m : kMigrations) {
        auto tx = TRY(Transaction::begin(db));
        if (db.backend() == Backend::Postgres) TRY(db.exec_script("LOCK TABLE schema_migrations IN EXCLUSIVE MODE"));
        auto current = TRY(db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
        int version = static_cast<int>(current.first().integer(0));
        if (first) {
            report.from_version = version;
            first = false;
        }
        if (version > latest_schema_version())
            return std::unexpected(Error::conflict(
                fmt::format("The database schema is version {}, newer than this build of Trellis understands ({}); "
                            "use a newer build.",
                            version, latest_schema_version())));
        // Each migration runs once: applied when its version is not recorded.
        auto done = TRY(db.query("SELECT 1 FROM schema_migrations WHERE version = $1", {std::int64_t{m.version}}));
        if (!done.empty()) continue;
        auto applied = db.exec_script(m.build ? m.build(db.backend()) : spell(m.sql, db.backend()));
        if (!applied)
            return std::unexpected(Error::unavailable(
                fmt::format("Migration {} ({}) failed: {}", m.version, m.name, applied.error().message)));
        TRY(db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                     {std::int64_t{m.version}, std::string(m.name), now_utc()}));
        TRY(tx.commit());
        report.applied.push_back(fmt::format("{} {}", m.version, m.name));
    }
    report.to_version = latest_schema_version();
    return report;
}

}  // namespace trellis::store
