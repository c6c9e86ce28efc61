#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/action_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/lifecycle_repo.hpp"
#include "store/meeting_repo.hpp"

namespace trellis::store::meetings {
namespace {

Result<void> complete(Connection& db, Meeting& m)
{
    auto att =
        TRY(db.query("SELECT a.agency_id, ag.name FROM meeting_attendees a JOIN agencies ag ON ag.id = a.agency_id "
                     "WHERE a.meeting_id = $1 ORDER BY ag.name_key",
                     {m.id.value}));
    for (const auto& r : att.rows) {
        m.attendees.push_back(r.id<AgencyId>(0));
        m.attendee_names.push_back(r.text(1));
    }
    auto dec = TRY(
        db.query("SELECT id, body, action_id FROM decisions WHERE meeting_id = $1 ORDER BY sort_order", {m.id.value}));
    for (const auto& r : dec.rows) m.decisions.push_back({r.id<DecisionId>(0), r.text(1), r.opt_id<ActionId>(2)});
    auto goals =
        TRY(db.query("SELECT g.id, g.statement FROM meeting_goals mg JOIN goals g ON g.id = mg.goal_id "
                     "JOIN areas a ON a.id = g.area_id WHERE mg.meeting_id = $1 ORDER BY a.sort_order, "
                     "g.sort_order",
                     {m.id.value}));
    for (const auto& r : goals.rows) {
        m.goals_agreed.push_back(r.id<GoalId>(0));
        m.goal_statements.push_back(r.text(1));
    }
    return {};
}

Meeting from_row(const Row& r)
{
    Meeting m;
    m.id = r.id<MeetingId>(0);
    m.context = r.id<ContextId>(1);
    m.date = r.text(2);
    m.type = parse_meeting_type(r.text(3)).value_or(MeetingType::MultiAgency);
    m.minutes = r.text(4);
    m.author_label = r.text(5);
    m.invitees = r.text(6);
    m.summary_sent_on = r.text(7);
    return m;
}

constexpr const char* kColumns =
    "id, context_id, held_on, meeting_type, minutes, author_label, invitees, summary_sent_on";

}  // namespace

Result<MeetingId> create(Connection& db, PartnershipId p, const Meeting& m, const Actor& actor)
{
    if (auto errors = validate(m); !errors.empty()) return std::unexpected(errors.front());
    // Invitees are kept one a line.
    std::string invitees;
    for (const auto& line : text::nonblank_lines(m.invitees))
        invitees += (invitees.empty() ? "" : "\n") + text::collapse_space(line);
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, m.context));
    auto rows =
        TRY(db.query("INSERT INTO meetings (partnership_id, context_id, held_on, meeting_type, minutes, "
                     "author_id, author_label, created_at, invitees) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                     "RETURNING id",
                     {p.value, m.context.value, m.date, std::string(to_string(m.type)),
                      text::normalise_paragraphs(m.minutes), nullable(actor.user), actor.label, now_utc(), invitees}));
    MeetingId id = rows.first().id<MeetingId>(0);
    for (auto agency : m.attendees) {
        auto ok =
            TRY(db.query("SELECT 1 FROM agencies WHERE id = $1 AND partnership_id = $2", {agency.value, p.value}));
        if (ok.empty()) return std::unexpected(Error::invalid("Choose attending agencies from the list.", "attendees"));
        TRY(db.query("INSERT INTO meeting_attendees (meeting_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {id.value, agency.value}));
    }
    for (std::size_t i = 0; i < m.decisions.size(); ++i)
        TRY(db.query("INSERT INTO decisions (meeting_id, sort_order, body) VALUES ($1, $2, $3)",
                     {id.value, static_cast<std::int64_t>(i), text::collapse_space(m.decisions[i].text)}));
    for (auto goal : m.goals_agreed) {
        auto ok =
            TRY(db.query("SELECT 1 FROM goals g JOIN frameworks f ON f.id = g.framework_id "
                         "WHERE g.id = $1 AND f.context_id = $2 AND f.partnership_id = $3",
                         {goal.value, m.context.value, p.value}));
        if (ok.empty()) return std::unexpected(Error::invalid("Choose the agreed goals from the list.", "goals"));
        TRY(db.query("INSERT INTO meeting_goals (meeting_id, goal_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {id.value, goal.value}));
    }
    TRY(audit::record(db, actor,
                      {p, "create", "meeting", id.value, m.context,
                       fmt::format("type={} decisions={} goals_agreed={}", to_string(m.type), m.decisions.size(),
                                   m.goals_agreed.size())}));
    // The goals agreed make their draft frameworks active: the plan is agreed.
    for (auto goal : m.goals_agreed) {
        auto drafts =
            TRY(db.query("SELECT f.id FROM frameworks f JOIN goals g ON g.framework_id = f.id "
                         "WHERE g.id = $1 AND f.status = 'draft'",
                         {goal.value}));
        for (const auto& r : drafts.rows) {
            TRY(db.query("UPDATE frameworks SET status = 'active' WHERE id = $1", {r.integer(0)}));
            TRY(frameworks::touch(db, FrameworkId{r.integer(0)}, now_utc()));
            TRY(audit::record(db, actor,
                              {p, "update", "framework", r.integer(0), m.context,
                               fmt::format("status=active agreed_at=meeting:{}", id.value)}));
        }
    }
    if (!m.goals_agreed.empty())
        TRY(lifecycle::advance(db, p, m.context, ContextStage::Active,
                               fmt::format("Goals agreed at the {} of {}", label(m.type), uk_date(m.date)), actor));
    TRY(tx.commit());
    return id;
}

Result<std::vector<Meeting>> for_context(Connection& db, PartnershipId p, ContextId c)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM meetings WHERE partnership_id = $1 AND context_id = $2 "
                                         "ORDER BY held_on DESC, id DESC",
                                         kColumns),
                             {p.value, c.value}));
    std::vector<Meeting> out;
    for (const auto& r : rows.rows) {
        out.push_back(from_row(r));
        TRY(complete(db, out.back()));
    }
    return out;
}

Result<Meeting> get(Connection& db, PartnershipId p, MeetingId id)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM meetings WHERE id = $1 AND partnership_id = $2", kColumns),
                             {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such meeting."));
    Meeting m = from_row(rows.first());
    TRY(complete(db, m));
    return m;
}

Result<void> mark_summary_sent(Connection& db, PartnershipId p, MeetingId id, const std::string& on, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto m = TRY(get(db, p, id));
    if (!is_conference(m.type)) return std::unexpected(Error::conflict("Only a conference has a written summary."));
    if (!m.summary_sent_on.empty()) return std::unexpected(Error::conflict("The summary is already marked as sent."));
    TRY(db.query("UPDATE meetings SET summary_sent_on = $1 WHERE id = $2", {on, id.value}));
    TRY(audit::record(db, actor, {p, "update", "meeting", id.value, m.context, "summary_sent"}));
    return tx.commit();
}

Result<Meeting> of_decision(Connection& db, PartnershipId p, DecisionId id)
{
    auto rows =
        TRY(db.query("SELECT d.meeting_id FROM decisions d JOIN meetings m ON m.id = d.meeting_id "
                     "WHERE d.id = $1 AND m.partnership_id = $2",
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such decision."));
    return get(db, p, rows.first().id<MeetingId>(0));
}

Result<ActionId> make_action(Connection& db, PartnershipId p, DecisionId id, Action action, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto meeting = TRY(of_decision(db, p, id));
    for (const auto& d : meeting.decisions)
        if (d.id == id) {
            if (d.action) return std::unexpected(Error::conflict("This decision is already an action.", "decision"));
            action.what = d.text;
        }
    auto where = TRY(frameworks::locate_goal(db, p, action.goal));
    if (where.context != meeting.context)
        return std::unexpected(Error::invalid("Choose a goal of this context's frameworks.", "goal"));
    auto action_id = TRY(actions::create(db, p, action, actor));
    TRY(db.query("UPDATE decisions SET action_id = $1 WHERE id = $2", {action_id.value, id.value}));
    TRY(tx.commit());
    return action_id;
}

}  // namespace trellis::store::meetings
