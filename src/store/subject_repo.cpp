#include "store/subject_repo.hpp"

#include <fmt/format.h>

#include <set>

#include "domain/evidence.hpp"
#include "domain/privacy.hpp"
#include "store/audit_repo.hpp"

namespace trellis::store {

namespace {

constexpr std::string_view kRequestColumns =
    "SELECT id, kind, requester, relationship, young_person_id, subject, received_on, notes, status, paused_on, "
    "paused_days, extended, extension_reason, reviewed_by_label, reviewed_at, redact_professionals, redactions, "
    "exemptions, review_note, closed_on, outcome, recorded_by_label, created_at FROM subject_requests ";

std::string joined(const std::vector<Exemption>& exemptions)
{
    std::string out;
    for (auto e : exemptions) out += fmt::format("{}{}", out.empty() ? "" : ",", kExemptions.name(e));
    return out;
}

SubjectRequest request_from_row(const Row& r)
{
    SubjectRequest q;
    q.id = r.id<SubjectRequestId>(0);
    q.kind = kRequestKinds.parse(r.text(1)).value_or(RequestKind::Access);
    q.requester = r.text(2);
    q.relationship = kRelationships.parse(r.text(3)).value_or(Relationship::Other);
    q.young_person = r.opt_id<YoungPersonId>(4);
    q.subject = r.text(5);
    q.received_on = r.text(6);
    q.notes = r.text(7);
    q.status = kRequestStatuses.parse(r.text(8)).value_or(RequestStatus::Open);
    q.paused_on = r.text(9);
    q.paused_days = static_cast<int>(r.integer(10));
    q.extended = r.integer(11) != 0;
    q.extension_reason = r.text(12);
    q.reviewed_by = r.text(13);
    q.reviewed_at = r.text(14);
    q.redact_professionals = r.integer(15) != 0;
    q.redactions = r.text(16);
    std::string_view list = r.text(17);
    while (!list.empty()) {
        auto comma = list.find(',');
        if (auto e = kExemptions.parse(list.substr(0, comma))) q.exemptions.push_back(*e);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    q.review_note = r.text(18);
    q.closed_on = r.text(19);
    q.outcome = r.text(20);
    q.recorded_by = r.text(21);
    q.created_at = r.text(22);
    return q;
}

Result<void> log_line(Connection& db, SubjectRequestId id, const std::string& by, const std::string& what)
{
    TRY(db.query("INSERT INTO subject_request_log (request_id, at, by_label, what) VALUES ($1, $2, $3, $4)",
                 {id.value, now_utc(), by, what}));
    return {};
}

// Reads rows of (id, date, context, title, text, by) into records of `source`.
Result<void> collect(Connection& db, std::vector<HeldRecord>& out, std::string_view source, const std::string& sql,
                     const Params& params)
{
    auto rows = TRY(db.query(sql, params));
    for (const auto& r : rows.rows) {
        HeldRecord h;
        h.source = std::string(source);
        h.id = r.integer(0);
        h.date = r.text(1);
        h.context = r.text(2);
        h.title = r.text(3);
        h.text = r.text(4);
        h.by = r.text(5);
        out.push_back(std::move(h));
    }
    return {};
}

// Where free text is kept: the record's source name, the FROM and WHERE that
// scope it to the partnership ($1), and its (id, date, context, title, text,
// by) columns with the text column last but one.
struct TextSource {
    std::string_view source;
    std::string_view select;  // id, date, context, title
    std::string_view text;
    std::string_view by;
    std::string_view from;
};

constexpr std::string_view kGoalFrom =
    "FROM goals g JOIN frameworks f ON f.id = g.framework_id JOIN contexts c ON c.id = f.context_id "
    "WHERE f.partnership_id = $1";

const TextSource kTextSources[] = {
    {"stage",
     "s.id, s.created_at, c.name, 'Framework “' || f.title || '”, ' || s.stage || ' stage, version ' || "
     "s.version",
     "s.body", "s.author_label",
     "FROM stage_entries s JOIN goals g ON g.id = s.goal_id JOIN frameworks f ON f.id = g.framework_id JOIN "
     "contexts c ON c.id = f.context_id WHERE f.partnership_id = $1"},
    {"goal", "g.id, g.updated_at, c.name, 'Goal statement in framework “' || f.title || '”'", "g.statement", "''",
     kGoalFrom},
    {"evidence", "e.id, e.recorded_on, c.name, 'Evidence: ' || e.method", "e.narrative", "e.author_label",
     "FROM evidence e JOIN contexts c ON c.id = e.context_id WHERE e.partnership_id = $1"},
    {"voice", "v.id, v.spoken_on, c.name, 'Quote from ' || v.speaker", "v.quote", "v.author_label",
     "FROM voices v JOIN contexts c ON c.id = v.context_id WHERE v.partnership_id = $1"},
    {"activity_run", "r.id, r.run_on, c.name, 'Group activity: ' || r.kind", "r.note", "r.author_label",
     "FROM activity_runs r JOIN contexts c ON c.id = r.context_id WHERE r.partnership_id = $1"},
    {"meeting", "m.id, m.held_on, c.name, 'Minutes of a meeting: ' || m.meeting_type", "m.minutes", "m.author_label",
     "FROM meetings m JOIN contexts c ON c.id = m.context_id WHERE m.partnership_id = $1"},
    {"decision", "d.id, m.held_on, c.name, 'Decision of a meeting: ' || m.meeting_type", "d.body", "m.author_label",
     "FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN contexts c ON c.id = m.context_id WHERE "
     "m.partnership_id = $1"},
    {"action", "x.id, x.created_at, c.name, 'Action owned by ' || x.owner_name", "x.what", "''",
     "FROM actions x JOIN goals g ON g.id = x.goal_id JOIN frameworks f ON f.id = g.framework_id JOIN contexts c "
     "ON c.id = f.context_id WHERE f.partnership_id = $1"},
    {"action_note", "n.id, n.created_at, c.name, 'Progress note on an action'", "n.body", "n.author_label",
     "FROM action_notes n JOIN actions x ON x.id = n.action_id JOIN goals g ON g.id = x.goal_id JOIN frameworks f "
     "ON f.id = g.framework_id JOIN contexts c ON c.id = f.context_id WHERE f.partnership_id = $1"},
    {"concern", "co.id, co.raised_on, '', 'Concern raised by ' || co.raised_by", "co.summary", "co.recorded_by_label",
     "FROM concerns co WHERE co.partnership_id = $1"},
    {"concern_decision", "co.id, co.decided_on, '', 'Screening decision on a concern'", "co.rationale",
     "co.decided_by_label", "FROM concerns co WHERE co.partnership_id = $1"},
    {"assessment", "a.id, a.created_at, c.name, 'Assessment discussion, version ' || a.version", "a.discussion",
     "a.completed_by_label", "FROM assessments a JOIN contexts c ON c.id = a.context_id WHERE a.partnership_id = $1"},
    {"finding", "fi.id, a.created_at, c.name, 'Assessment finding'", "fi.body", "a.completed_by_label",
     "FROM findings fi JOIN assessments a ON a.id = fi.assessment_id JOIN contexts c ON c.id = a.context_id WHERE "
     "a.partnership_id = $1"},
    {"review", "rv.id, rv.held_on, c.name, 'Review: progress'", "rv.progress", "rv.author_label",
     "FROM reviews rv JOIN contexts c ON c.id = rv.context_id WHERE rv.partnership_id = $1"},
    {"review_decision", "rv.id, rv.held_on, c.name, 'Review: rationale for the decision'", "rv.rationale",
     "rv.author_label", "FROM reviews rv JOIN contexts c ON c.id = rv.context_id WHERE rv.partnership_id = $1"},
    {"measurement", "me.id, me.measured_on, c.name, 'Note on a measurement of “' || i.name || '”'", "me.note",
     "me.author_label",
     "FROM measurements me JOIN indicators i ON i.id = me.indicator_id JOIN goals g ON g.id = i.goal_id JOIN "
     "frameworks f ON f.id = g.framework_id JOIN contexts c ON c.id = f.context_id WHERE i.partnership_id = $1"},
    {"outcome", "o.id, o.created_at, c.name, 'Rationale for a goal''s outcome'", "o.rationale", "o.author_label",
     "FROM goal_outcomes o JOIN goals g ON g.id = o.goal_id JOIN frameworks f ON f.id = g.framework_id JOIN "
     "contexts c ON c.id = f.context_id WHERE f.partnership_id = $1"},
    {"telling", "t.id, t.created_at, c.name, 'Note on telling people they are recorded'", "t.detail",
     "t.recorded_by_label", "FROM telling t JOIN contexts c ON c.id = t.context_id WHERE t.partnership_id = $1"},
    {"peer_link", "l.id, l.created_at, c.name, 'Note on a link in the peer map'", "l.note", "l.author_label",
     "FROM peer_links l JOIN contexts c ON c.id = l.context_id WHERE l.partnership_id = $1"},
    {"context", "c.id, c.created_at, c.name, 'Description of the context'", "c.description", "''",
     "FROM contexts c WHERE c.partnership_id = $1"},
};

// A LIKE pattern that finds `word` anywhere, with the wildcards in it escaped.
std::string contains(std::string_view word)
{
    std::string out = "%";
    for (char ch : word) {
        if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
        out.push_back(ch);
    }
    return out + "%";
}

}  // namespace

// ---- requests ----------------------------------------------------------------

Result<SubjectRequestId> subject_requests::create(Connection& db, PartnershipId p, const SubjectRequest& r,
                                                  const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto rows = TRY(db.query(
        "INSERT INTO subject_requests (partnership_id, kind, requester, relationship, young_person_id, subject, "
        "received_on, notes, status, paused_on, recorded_by_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11, $12) RETURNING id",
        {p.value, std::string(kRequestKinds.name(r.kind)), r.requester,
         std::string(kRelationships.name(r.relationship)), nullable(r.young_person), r.subject, r.received_on, r.notes,
         std::string(kRequestStatuses.name(r.status)), r.paused_on, actor.label, now_utc()}));
    auto id = rows.first().id<SubjectRequestId>(0);
    TRY(log_line(db, id, actor.label,
                 r.status == RequestStatus::AwaitingIdentity
                     ? "Request recorded; the clock is paused until the requester's identity is confirmed."
                     : "Request recorded; the requester's identity is confirmed."));
    TRY(audit::record(
        db, actor,
        {p, "create", "subject_request", id.value, std::nullopt, fmt::format("kind={}", kRequestKinds.name(r.kind))}));
    TRY(tx.commit());
    return id;
}

Result<SubjectRequest> subject_requests::get(Connection& db, PartnershipId p, SubjectRequestId id)
{
    auto rows =
        TRY(db.query(std::string(kRequestColumns) + "WHERE id = $1 AND partnership_id = $2", {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such request."));
    auto r = request_from_row(rows.first());
    auto log = TRY(
        db.query("SELECT at, by_label, what FROM subject_request_log WHERE request_id = $1 ORDER BY id", {id.value}));
    for (const auto& l : log.rows) r.log.push_back({l.text(0), l.text(1), l.text(2)});
    return r;
}

Result<std::vector<SubjectRequest>> subject_requests::all(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(
        std::string(kRequestColumns) + "WHERE partnership_id = $1 ORDER BY received_on DESC, id DESC LIMIT 500",
        {p.value}));
    std::vector<SubjectRequest> out;
    out.reserve(rows.rows.size());
    for (const auto& r : rows.rows) out.push_back(request_from_row(r));
    return out;
}

Result<void> subject_requests::save(Connection& db, PartnershipId p, const SubjectRequest& r, const std::string& line,
                                    const Actor& actor, const std::string& action, const std::string& detail)
{
    auto tx = TRY(Transaction::begin(db));
    auto updated = TRY(db.query(
        "UPDATE subject_requests SET young_person_id = $1, subject = $2, status = $3, paused_on = $4, paused_days = "
        "$5, extended = $6, extension_reason = $7, reviewed_by_label = $8, reviewed_at = $9, redact_professionals = "
        "$10, redactions = $11, exemptions = $12, review_note = $13, closed_on = $14, outcome = $15 WHERE id = $16 "
        "AND partnership_id = $17",
        {nullable(r.young_person), r.subject, std::string(kRequestStatuses.name(r.status)), r.paused_on,
         std::int64_t{r.paused_days}, std::int64_t{r.extended ? 1 : 0}, r.extension_reason, r.reviewed_by,
         r.reviewed_at, std::int64_t{r.redact_professionals ? 1 : 0}, r.redactions, joined(r.exemptions), r.review_note,
         r.closed_on, r.outcome, r.id.value, p.value}));
    if (updated.affected == 0) return std::unexpected(Error::not_found("There is no such request."));
    TRY(log_line(db, r.id, actor.label, line));
    TRY(audit::record(db, actor, {p, action, "subject_request", r.id.value, std::nullopt, detail}));
    return tx.commit();
}

// ---- what is held ---------------------------------------------------------------

Result<std::vector<HeldRecord>> subject_data::linked(Connection& db, PartnershipId p, YoungPersonId y)
{
    std::vector<HeldRecord> out;
    Params params{y.value, p.value};
    TRY(collect(db, out, "evidence",
                "SELECT e.id, e.recorded_on, c.name, e.method || ', ' || e.provenance, e.narrative, e.author_label "
                "FROM evidence e JOIN evidence_young_people ey ON ey.evidence_id = e.id JOIN contexts c ON c.id = "
                "e.context_id WHERE ey.young_person_id = $1 AND e.partnership_id = $2 ORDER BY e.recorded_on, e.id",
                params));
    for (auto& h : out) {
        auto comma = h.title.find(", ");
        auto method = kEvidenceMethods.parse(h.title.substr(0, comma));
        auto provenance = kProvenances.parse(h.title.substr(comma + 2));
        h.title = fmt::format("{}, {}", method ? kEvidenceMethods.label(*method) : "Evidence",
                              provenance ? kProvenances.label(*provenance) : "");
    }
    std::vector<HeldRecord> runs;
    TRY(collect(db, runs, "run_participant",
                "SELECT rp.id, r.run_on, c.name, r.kind, rp.label, r.author_label FROM run_participants rp JOIN "
                "activity_runs r ON r.id = rp.run_id JOIN contexts c ON c.id = r.context_id WHERE rp.young_person_id = "
                "$1 AND r.partnership_id = $2 ORDER BY r.run_on, rp.id",
                params));
    for (auto& h : runs) {
        auto kind = kActivityKinds.parse(h.title);
        h.title = fmt::format("Took part in a group activity: {}", kind ? kActivityKinds.label(*kind) : h.title);
        std::string detail = fmt::format("Recorded in the activity as “{}”.", h.text);
        auto trust = TRY(db.query(
            "SELECT role, adults, respected FROM trust_nominations WHERE participant_id = $1 ORDER BY role", {h.id}));
        for (const auto& t : trust.rows) {
            auto role = kAdultRoles.parse(t.text(0));
            detail += fmt::format("\nTrusts {} {}{}.", t.integer(1), role ? kAdultRoles.label(*role) : t.text(0),
                                  t.integer(2) ? ", and feels respected by them" : "");
        }
        auto places =
            TRY(db.query("SELECT place, category FROM place_marks WHERE participant_id = $1 ORDER BY id", {h.id}));
        for (const auto& m : places.rows) {
            auto category = kPlaceCategories.parse(m.text(1));
            detail += fmt::format("\nMarked “{}” as {}.", m.text(0),
                                  category ? kPlaceCategories.label(*category) : m.text(1));
        }
        h.text = std::move(detail);
        out.push_back(std::move(h));
    }
    TRY(collect(db, out, "voice",
                "SELECT v.id, v.spoken_on, c.name, 'Quote', v.quote, v.author_label FROM voices v JOIN contexts c ON "
                "c.id = v.context_id WHERE v.young_person_id = $1 AND v.partnership_id = $2 ORDER BY v.spoken_on, v.id",
                params));
    TRY(collect(db, out, "concern",
                "SELECT co.id, co.raised_on, '', 'Concern raised by ' || co.raised_by, co.summary, "
                "co.recorded_by_label FROM concerns co JOIN concern_young_people cy ON cy.concern_id = co.id WHERE "
                "cy.young_person_id = $1 AND co.partnership_id = $2 ORDER BY co.raised_on, co.id",
                params));
    std::vector<HeldRecord> telling;
    TRY(collect(db, telling, "telling",
                "SELECT t.id, t.created_at, c.name, CASE WHEN t.told = 1 THEN 'told' ELSE t.reason END, t.told_on, "
                "t.recorded_by_label FROM telling t JOIN contexts c ON c.id = t.context_id WHERE t.young_person_id = "
                "$1 AND t.partnership_id = $2 ORDER BY t.id",
                params));
    for (auto& h : telling) {
        auto reason = kNotToldReasons.parse(h.title);
        h.text = h.title == "told" ? fmt::format("Told that Trellis records about them on {}.", uk_date(h.text))
                                   : fmt::format("Not told that Trellis records about them: {}.",
                                                 reason ? kNotToldReasons.label(*reason) : h.title);
        h.title = "Whether they were told they are recorded";
        out.push_back(std::move(h));
    }
    return out;
}

Result<std::vector<HeldRecord>> subject_data::mentioning(Connection& db, PartnershipId p,
                                                         const std::vector<std::string>& words)
{
    std::vector<HeldRecord> out;
    if (words.empty()) return out;
    // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE ignores all case, finding a superset.
    std::string_view like = db.backend() == Backend::Postgres ? "ILIKE" : "LIKE";
    Params params{p.value};
    for (const auto& w : words) params.emplace_back(contains(w));
    for (const auto& s : kTextSources) {
        std::string match;
        for (std::size_t i = 0; i < words.size(); ++i)
            match += fmt::format("{}{} {} ${} ESCAPE '\\'", i ? " OR " : "", s.text, like, i + 2);
        TRY(collect(db, out, s.source,
                    fmt::format("SELECT {}, {}, {} {} AND ({}) ORDER BY 2, 1", s.select, s.text, s.by, s.from, match),
                    params));
    }
    return out;
}

Result<std::vector<std::string>> subject_data::professional_names(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query(
        "SELECT display_name FROM users WHERE partnership_id = $1 UNION SELECT contact_name FROM agencies WHERE "
        "partnership_id = $1 UNION SELECT author_label FROM evidence WHERE partnership_id = $1 UNION SELECT "
        "author_label FROM voices WHERE partnership_id = $1 UNION SELECT author_label FROM meetings WHERE "
        "partnership_id = $1 UNION SELECT owner_name FROM actions x JOIN goals g ON g.id = x.goal_id JOIN frameworks "
        "f ON f.id = g.framework_id WHERE f.partnership_id = $1",
        {p.value}));
    std::set<std::string> names;
    for (const auto& r : rows.rows)
        if (!r.text(0).empty()) names.insert(r.text(0));
    return std::vector<std::string>(names.begin(), names.end());
}

Result<std::string> subject_data::registered_at(Connection& db, PartnershipId p, YoungPersonId y)
{
    auto rows =
        TRY(db.query("SELECT created_at FROM young_people WHERE id = $1 AND partnership_id = $2", {y.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such young person on the register."));
    return rows.first().text(0);
}

}  // namespace trellis::store
