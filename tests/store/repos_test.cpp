#include <gtest/gtest.h>

#include <cstdlib>

#include <fmt/format.h>

#include "service/frameworks.hpp"
#include "service/passwords.hpp"
#include "service/users.hpp"
#include "store/action_repo.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/audit_writer.hpp"
#include "store/connection.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/lexicon_repo.hpp"
#include "store/lifecycle_repo.hpp"
#include "store/meeting_repo.hpp"
#include "store/migrations.hpp"
#include "store/partnership_repo.hpp"
#include "store/report_repo.hpp"
#include "store/response_repo.hpp"
#include "store/retention_repo.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"
#include "test_db.hpp"

namespace trellis::store {
namespace {

class ReposTest : public testing::BackendTest {
protected:
    void SetUp() override
    {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        p1 = ASSERT_OK(partnerships::create(*db, {{}, "north", "North Partnership"}));
        p2 = ASSERT_OK(partnerships::create(*db, {{}, "south", "South Partnership"}));
        Context c;
        c.partnership = p1;
        c.name = "Park friendship group";
        context = ASSERT_OK(contexts::create(*db, c));
    }

    Framework sample(int goals_per_area = 1)
    {
        Framework f;
        f.context = context;
        f.title = "Framework";
        f.areas = {{AreaId{}, "Peers", {}}, {AreaId{}, "Place", {}}, {AreaId{}, "Guardians", {}}};
        for (auto& a : f.areas)
            for (int g = 0; g < goals_per_area; ++g) {
                Goal goal;
                goal.statement = a.name + " goal " + std::to_string(g + 1);
                for (auto s : kStages)
                    goal.stage(s) = {a.name + " " + std::string(to_string(s)), {}, "Importer", "", 1};
                a.goals.push_back(goal);
            }
        return f;
    }

    std::int64_t rows_in(const char* table)
    {
        auto r = db->query(std::string("SELECT COUNT(*) FROM ") + table);
        return r ? r->first().integer(0) : -1;
    }

    PartnershipId p1, p2;
    ContextId context;
    Actor actor{std::nullopt, "Test", "127.0.0.1"};
};

TEST_P(ReposTest, ACaseReferenceIsDestroyedOnceItsPeriodIsOver)
{
    auto screened = [&](const char* raised, const char* decided) {
        Concern k;
        k.raised_on = raised;
        k.raised_by = "Panel";
        k.summary = "A theme.";
        k.contexts = {context};
        auto made = lifecycle::create_concern(*db, p1, k, ContextKind::PeerGroup, actor);
        EXPECT_TRUE(made.has_value());
        Concern d;
        d.decision = ScreeningDecision::Level1;
        d.case_reference = "CIN-1";
        d.rationale = "In the child's plan.";
        d.decided_on = decided;
        EXPECT_TRUE(lifecycle::screen(*db, p1, made->id, d, actor).has_value());
        return made->id;
    };
    auto old = screened("2025-01-01", "2025-01-02");
    auto fresh = screened("2025-01-01", today_utc().c_str());
    ASSERT_OK(lifecycle::expire_case_references(*db, p1));
    EXPECT_EQ(ASSERT_OK(lifecycle::concern(*db, p1, old)).case_reference, "");
    EXPECT_EQ(ASSERT_OK(lifecycle::concern(*db, p1, fresh)).case_reference, "CIN-1");
    auto audit = ASSERT_OK(db->query("SELECT detail FROM audit_events WHERE entity = 'case_reference'"));
    ASSERT_EQ(audit.rows.size(), 1u);
    EXPECT_EQ(audit.rows[0].text(0), "count=1 rule=older_than_180_days") << "how many, never which";
    Concern bad;
    bad.decision = ScreeningDecision::Level2;
    bad.rationale = "x";
    bad.decided_on = "2024-12-31";
    auto before_raised = lifecycle::screen(*db, p1, screened("2025-01-01", "2025-01-01"), bad, actor);
    EXPECT_FALSE(before_raised.has_value()) << "already screened";
}

// The daily run looks for what is due before it writes: on a day with nothing
// due it takes no write lock, so no page's view (another writer) waits for
// its reads, which grow with the register and the trail.
TEST_P(ReposTest, RetentionWithNothingDueWaitsForNoOtherWriter)
{
    auto other = database->connect();
    ASSERT_OK(other->exec_script(db->backend() == Backend::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
    ASSERT_OK(other->query("INSERT INTO job_runs (job, last_day, ran_at) VALUES ('busy', '', '')"));
    EXPECT_TRUE(ASSERT_OK(retention::destroy(*db, p1, today_utc(), actor)).empty());
    EXPECT_TRUE(ASSERT_OK(retention::trim_audit_trail(*db, today_utc(), false, actor)).empty());
    ASSERT_OK(other->exec_script("ROLLBACK"));
}

TEST_P(ReposTest, TheAuditChainShowsARowChangedOrRemovedOutsideTrellis)
{
    for (int i = 0; i < 5; ++i)
        ASSERT_OK(audit::record(*db, actor, {p1, "view", "context", context.value, context, "n=" + std::to_string(i)}));
    auto intact = ASSERT_OK(audit::verify_chain(*db));
    EXPECT_TRUE(intact.intact) << intact.problem;
    auto head = ASSERT_OK(audit::chain_head(*db));
    EXPECT_EQ(intact.checked, head.seq);
    EXPECT_GE(head.seq, 5);

    // Changing one word of a row breaks the chain there.
    ASSERT_OK(db->query("UPDATE audit_events SET detail = 'n=9' WHERE detail = 'n=2'"));
    auto changed = ASSERT_OK(audit::verify_chain(*db));
    EXPECT_FALSE(changed.intact);
    auto row = ASSERT_OK(db->query("SELECT id, seq FROM audit_events WHERE detail = 'n=9'"));
    EXPECT_EQ(changed.first_bad_id, row.first().integer(0));
    EXPECT_EQ(changed.first_bad_seq, row.first().integer(1));
    ASSERT_OK(db->query("UPDATE audit_events SET detail = 'n=2' WHERE detail = 'n=9'"));
    EXPECT_TRUE(ASSERT_OK(audit::verify_chain(*db)).intact) << "putting the word back mends it";

    // Removing a row, the last row, or adding one is found too.
    auto removed_seq = row.first().integer(1);
    ASSERT_OK(db->query("DELETE FROM audit_events WHERE seq = $1", {removed_seq}));
    auto removed = ASSERT_OK(audit::verify_chain(*db));
    EXPECT_FALSE(removed.intact);
    EXPECT_EQ(removed.first_bad_seq, removed_seq);
    EXPECT_NE(removed.problem.find("removed"), std::string::npos) << removed.problem;

    // Retention's checkpoint: rows up to it may go.
    ASSERT_OK(audit::checkpoint(*db, removed_seq + 1));
    ASSERT_OK(db->query("DELETE FROM audit_events WHERE seq <= $1", {removed_seq + 1}));
    EXPECT_TRUE(ASSERT_OK(audit::verify_chain(*db)).intact);
    ASSERT_OK(db->query("DELETE FROM audit_events WHERE seq = $1", {head.seq}));
    EXPECT_FALSE(ASSERT_OK(audit::verify_chain(*db)).intact) << "the head remembers the last row";
}

TEST_P(ReposTest, TheAgencyARowDisclosedToIsSealedInTheChain)
{
    // A row written before migration 31 (its MAC does not cover the agency),
    // then the migration's mark, then rows whose MAC does.
    ASSERT_OK(db->query("UPDATE audit_chain SET disclosed_from_seq = 1000000"));
    ASSERT_OK(audit::record(*db, actor, {p1, "export", "framework", 1, context, "format=docx agency=7"}));
    ASSERT_OK(db->query("UPDATE audit_chain SET disclosed_from_seq = seq + 1"));
    ASSERT_OK(audit::record(*db, actor, {p1, "export", "framework", 1, context, "format=pdf agency=5"}));
    ASSERT_OK(audit::record(*db, actor, {p1, "view", "context", context.value, context, ""}));
    auto copy = ASSERT_OK(db->query("SELECT disclosed_to FROM audit_events WHERE detail = 'format=pdf agency=5'"));
    EXPECT_EQ(copy.first().integer(0), 5);
    auto intact = ASSERT_OK(audit::verify_chain(*db));
    EXPECT_TRUE(intact.intact) << intact.problem;

    // Hiding a disclosure from the log, moving it to another agency or
    // inventing one breaks the chain at that row.
    for (const char* change : {"UPDATE audit_events SET disclosed_to = NULL WHERE detail = 'format=pdf agency=5'",
                               "UPDATE audit_events SET disclosed_to = 6 WHERE detail = 'format=pdf agency=5'",
                               "UPDATE audit_events SET disclosed_to = 5 WHERE action = 'view'"}) {
        ASSERT_OK(db->query(change));
        auto report = ASSERT_OK(audit::verify_chain(*db));
        EXPECT_FALSE(report.intact) << change;
        ASSERT_OK(db->query("UPDATE audit_events SET disclosed_to = NULL WHERE action = 'view'"));
        ASSERT_OK(db->query("UPDATE audit_events SET disclosed_to = 5 WHERE detail = 'format=pdf agency=5'"));
        auto mended = ASSERT_OK(audit::verify_chain(*db));
        EXPECT_TRUE(mended.intact) << "put back after: " << change << ": " << mended.problem;
    }

    // On the older row a copy's agency is still checked against its detail.
    ASSERT_OK(db->query("UPDATE audit_events SET disclosed_to = 8 WHERE detail = 'format=docx agency=7'"));
    auto moved = ASSERT_OK(audit::verify_chain(*db));
    EXPECT_FALSE(moved.intact);
    EXPECT_NE(moved.problem.find("agency 7"), std::string::npos) << moved.problem;
}

// The disclosure log reads disclosures only, newest first, a page at a time
// before the last one shown, by agency too; views and other partnerships'
// rows never show.
TEST_P(ReposTest, TheDisclosureLogIsReadNewestFirstAPageAtATime)
{
    std::vector<std::int64_t> copies;
    for (int i = 0; i < 7; ++i) {
        ASSERT_OK(audit::record(*db, actor, {p1, "view", "context", context.value, context, ""}));
        auto agency = i % 2 == 0 ? 5 : 6;
        ASSERT_OK(audit::record(*db, actor,
                                {p1, "export", "framework", 1, context, fmt::format("format=pdf agency={}", agency)}));
        copies.push_back(ASSERT_OK(db->query("SELECT MAX(id) FROM audit_events")).first().integer(0));
        ASSERT_OK(audit::record(*db, actor, {p2, "export", "framework", 2, std::nullopt, "format=pdf agency=5"}));
    }
    auto ids = [](const std::vector<AuditRecord>& rows) {
        std::vector<std::int64_t> out;
        for (const auto& r : rows) out.push_back(r.id);
        return out;
    };
    audit::Filter f;
    f.disclosures = true;
    f.limit = 3;
    EXPECT_EQ(ids(ASSERT_OK(audit::search(*db, p1, f))), (std::vector{copies[6], copies[5], copies[4]}));
    f.before_id = copies[4];
    EXPECT_EQ(ids(ASSERT_OK(audit::search(*db, p1, f))), (std::vector{copies[3], copies[2], copies[1]}));
    f.before_id = copies[1];
    EXPECT_EQ(ids(ASSERT_OK(audit::search(*db, p1, f))), (std::vector{copies[0]}));
    f.before_id = 0;
    f.agency = AgencyId{6};
    EXPECT_EQ(ids(ASSERT_OK(audit::search(*db, p1, f))), (std::vector{copies[5], copies[3], copies[1]}));
    f.before_id = copies[3];
    EXPECT_EQ(ids(ASSERT_OK(audit::search(*db, p1, f))), (std::vector{copies[1]}));
    f.agency = AgencyId{7};
    f.before_id = 0;
    EXPECT_TRUE(ASSERT_OK(audit::search(*db, p1, f)).empty()) << "an agency with none";
}

// A trail read by dates alone is newest first by when (not by id: a row may be
// written a moment after a later one took its time), a page at a time, each
// row once, and only the rows of those days and that partnership.
TEST_P(ReposTest, TheTrailBetweenTwoDatesIsReadNewestFirstAPageAtATime)
{
    // Times by row: two on the same instant, one written after a later one,
    // and one each before and after the days asked for.
    const std::vector<std::string> times = {"2026-02-28T23:59:59.000000Z", "2026-03-01T09:00:00.000000Z",
                                            "2026-03-02T10:00:00.000000Z", "2026-03-02T10:00:00.000000Z",
                                            "2026-03-03T08:00:00.000000Z", "2026-03-02T11:00:00.000000Z",
                                            "2026-03-04T00:00:00.000000Z"};
    std::vector<std::int64_t> rows;
    for (const auto& at : times) {
        ASSERT_OK(audit::record(*db, actor, {p1, "view", "context", context.value, context, ""}));
        rows.push_back(ASSERT_OK(db->query("SELECT MAX(id) FROM audit_events")).first().integer(0));
        ASSERT_OK(db->query("UPDATE audit_events SET at = $1 WHERE id = $2", {at, rows.back()}));
        ASSERT_OK(audit::record(*db, actor, {p2, "view", "context", 1, std::nullopt, ""}));
        ASSERT_OK(db->query("UPDATE audit_events SET at = $1 WHERE id = (SELECT MAX(id) FROM audit_events)", {at}));
    }
    audit::Filter f;
    f.from = "2026-03-01";
    f.to = "2026-03-03";
    f.limit = 2;
    std::vector<std::int64_t> read;
    for (int page = 0; page < 10; ++page) {
        auto got = ASSERT_OK(audit::search(*db, p1, f));
        for (const auto& r : got) read.push_back(r.id);
        if (std::ssize(got) < f.limit) break;
        f.before_id = got.back().id;
    }
    EXPECT_EQ(read, (std::vector{rows[4], rows[5], rows[3], rows[2], rows[1]}));
}

TEST_P(ReposTest, TheChangeStampMovesWithEveryAuditedChangeAndNotWithViews)
{
    ASSERT_OK(audit::record(*db, actor, {p1, "update", "context", context.value, context, ""}));
    auto first = ASSERT_OK(audit::change_stamp(*db));
    EXPECT_EQ(first, ASSERT_OK(audit::chain_head(*db)).mac) << "the MAC of the change's own row";
    ASSERT_OK(audit::record(*db, actor, {p1, "view", "context", context.value, context, ""}));
    ASSERT_OK(audit::record(*db, actor, {p1, "export", "framework", 1, context, "format=json"}));
    EXPECT_EQ(ASSERT_OK(audit::change_stamp(*db)), first) << "views and exports change nothing";
    {
        // A change that rolls back leaves the stamp where it was.
        auto tx = ASSERT_OK(Transaction::begin(*db));
        ASSERT_OK(audit::record(*db, actor, {p1, "create", "evidence", 7, context, ""}));
    }
    EXPECT_EQ(ASSERT_OK(audit::change_stamp(*db)), first);
    ASSERT_OK(audit::record(*db, actor, {p1, "create", "evidence", 7, context, ""}));
    auto second = ASSERT_OK(audit::change_stamp(*db));
    EXPECT_NE(second, first);
    EXPECT_EQ(second, ASSERT_OK(audit::chain_head(*db)).mac);
}

TEST_P(ReposTest, TheViewWriterCommitsRowsHandedOverWithoutWaitingInTheirOrder)
{
    auto writer = ASSERT_OK(AuditWriter::start(database->url()));
    std::vector<std::future<Result<void>>> pending;
    for (int i = 0; i < 20; ++i)
        pending.push_back(writer->submit(actor, {p1, "view", "context", context.value, context, std::to_string(i)}));
    for (auto& p : pending) ASSERT_OK(p.get());
    // Ready means committed: this connection sees every row, in the order handed over.
    auto views = ASSERT_OK(db->query("SELECT detail FROM audit_events WHERE action = 'view' ORDER BY seq"));
    ASSERT_EQ(views.rows.size(), 20u);
    for (std::size_t i = 0; i < views.rows.size(); ++i) EXPECT_EQ(views.rows[i].text(0), std::to_string(i));
    EXPECT_TRUE(ASSERT_OK(audit::verify_chain(*db)).intact);
    ASSERT_OK(writer->record(actor, {p1, "view", "context", context.value, context, "waited"}));
    EXPECT_EQ(ASSERT_OK(db->query("SELECT COUNT(*) FROM audit_events WHERE detail = 'waited'")).first().integer(0), 1);
}

TEST_P(ReposTest, AnAuditRowInsertedOutsideTrellisIsNotInTheChain)
{
    ASSERT_OK(audit::record(*db, actor, {p1, "view", "context", context.value, context, ""}));
    ASSERT_OK(
        db->query("INSERT INTO audit_events (partnership_id, at, actor_label, address, action, entity) "
                  "VALUES ($1, '2026-01-01T00:00:00Z', 'Someone', 'x', 'view', 'context')",
                  {p1.value}));
    auto report = ASSERT_OK(audit::verify_chain(*db));
    EXPECT_FALSE(report.intact);
    EXPECT_NE(report.problem.find("not in the chain"), std::string::npos) << report.problem;
}

TEST_P(ReposTest, AFrameworkSavesAndLoadsWithEveryAreaGoalAndStage)
{
    auto f = sample(2);
    f.status = FrameworkStatus::Active;
    f.start_date = "2026-01-01";
    f.next_review_date = "2026-06-01";
    f.template_key = "friendship-and-peer-group";
    f.areas[1].goals[1].stage(Stage::Action) = {};
    auto id = ASSERT_OK(frameworks::create(*db, p1, f));
    auto loaded = ASSERT_OK(frameworks::load(*db, p1, id));
    EXPECT_EQ(loaded.title, "Framework");
    EXPECT_EQ(loaded.status, FrameworkStatus::Active);
    EXPECT_EQ(loaded.next_review_date, "2026-06-01");
    EXPECT_EQ(loaded.template_key, "friendship-and-peer-group");
    ASSERT_EQ(loaded.areas.size(), 3u);
    for (std::size_t a = 0; a < 3; ++a) {
        EXPECT_EQ(loaded.areas[a].name, f.areas[a].name);
        ASSERT_EQ(loaded.areas[a].goals.size(), 2u);
        for (std::size_t g = 0; g < 2; ++g) {
            EXPECT_EQ(loaded.areas[a].goals[g].statement, f.areas[a].goals[g].statement);
            for (auto s : kStages) EXPECT_EQ(loaded.areas[a].goals[g].stage(s).text, f.areas[a].goals[g].stage(s).text);
        }
    }
    EXPECT_FALSE(loaded.areas[1].goals[1].stage(Stage::Action).written());
    EXPECT_EQ(loaded.areas[0].goals[0].stage(Stage::Scoping).author_label, "Importer");
    auto list = ASSERT_OK(frameworks::list(*db, p1));
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].goals, 6);
    EXPECT_EQ(list[0].context_name, "Park friendship group");
}

// A long list of actions is counted only as far as a thousand, or the page
// read if further: the count costs no more than the pages asked for.
TEST_P(ReposTest, ALongActionsListIsCountedAsFarAsAThousandOrThePageRead)
{
    auto framework = ASSERT_OK(frameworks::create(*db, p1, sample()));
    auto goal = ASSERT_OK(frameworks::load(*db, p1, framework)).areas[0].goals[0].id;
    Agency agency;
    agency.partnership = p1;
    agency.name = "Police";
    auto police = ASSERT_OK(partnerships::create_agency(*db, agency));
    auto add = [&](int how_many) {
        ASSERT_TRUE(
            db->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3) "
                      "INSERT INTO actions (goal_id, what, owner_agency_id, status, approach, due_date, "
                      "created_at, updated_at, context_id) SELECT $1, 'Walk the route', $2, 'planned', "
                      "'relational', '2026-05-01', '2026-01-01', '2026-01-01', "
                      "(SELECT context_id FROM goals WHERE id = $1) FROM n",
                      {goal.value, police.value, std::int64_t{how_many}}));
    };
    add(40);
    auto short_list = ASSERT_OK(actions::list(*db, p1, {}, "2026-01-01", std::nullopt, 1, 25));
    EXPECT_EQ(short_list.total, 40);
    EXPECT_FALSE(short_list.more) << "a list shorter than the bound is counted exactly";

    add(1'200);
    auto first = ASSERT_OK(actions::list(*db, p1, {}, "2026-01-01", std::nullopt, 1, 25));
    EXPECT_EQ(first.items.size(), 25u);
    EXPECT_TRUE(first.more);
    EXPECT_EQ(first.total, 1'000);
    auto deep = ASSERT_OK(actions::list(*db, p1, {}, "2026-01-01", std::nullopt, 45, 25));
    EXPECT_EQ(deep.number, 45) << "a page past the first thousand is read, not clamped to the count";
    EXPECT_EQ(deep.items.size(), 25u);
    EXPECT_TRUE(deep.more);
    EXPECT_EQ(deep.total, 45 * 25);
    auto last = ASSERT_OK(actions::list(*db, p1, {}, "2026-01-01", std::nullopt, 50, 25));
    EXPECT_FALSE(last.more) << "counted to the end: 1,240 actions";
    EXPECT_EQ(last.total, 1'240);
    EXPECT_EQ(last.number, 50);
    EXPECT_EQ(last.items.size(), 15u);
}

TEST_P(ReposTest, UpgradingSetsTheStatusOfGoalsWrittenBeforeItFollowedTheWork)
{
    auto f = sample();
    f.areas[1].goals[0].stages = {};  // nothing written: stays not started
    f.areas[2].goals[0].stages = {};
    f.areas[2].goals[0].stage(Stage::Scoping) = {"Seen in the park.", {}, "Importer", "", 1};
    f.areas[2].goals.push_back(f.areas[0].goals[0]);
    f.areas[2].goals.back().statement = "Rated already";
    f.areas[2].goals.back().status = GoalStatus::PartlyReached;
    auto id = ASSERT_OK(frameworks::create(*db, p1, f));
    // Run the upgrade again over goals saved as "not started" before it existed.
    ASSERT_OK(db->query("DELETE FROM schema_migrations WHERE version = 12"));
    auto report = ASSERT_OK(migrate(*db));
    ASSERT_EQ(report.applied.size(), 1u);

    auto saved = ASSERT_OK(frameworks::load(*db, p1, id));
    EXPECT_EQ(saved.areas[0].goals[0].status, GoalStatus::ReadyForReview) << "all four stages written";
    EXPECT_EQ(saved.areas[1].goals[0].status, GoalStatus::NotStarted) << "nothing written";
    EXPECT_EQ(saved.areas[2].goals[0].status, GoalStatus::InProgress) << "one stage written";
    EXPECT_EQ(saved.areas[2].goals[1].status, GoalStatus::PartlyReached) << "a rated goal keeps its status";
    auto audit =
        ASSERT_OK(db->query("SELECT entity_id, detail, actor_label, context_id FROM audit_events WHERE entity = 'goal' "
                            "ORDER BY entity_id"));
    ASSERT_EQ(audit.rows.size(), 2u) << "each goal the upgrade moved is audited on its context";
    EXPECT_EQ(audit.rows[0].text(1), "status=ready_for_review");
    EXPECT_EQ(audit.rows[0].text(2), "Trellis upgrade");
    EXPECT_EQ(audit.rows[0].integer(3), context.value);
    EXPECT_EQ(audit.rows[1].text(1), "status=in_progress");
}

TEST_P(ReposTest, ResponsesAreCountedByMonthAsTheyAreAddedAndOnUpgrade)
{
    auto record = [](const char* date, Framing framing) {
        ResponseRecord r;
        r.date = date;
        r.agency = "Police";
        r.type = framing == Framing::Enforcement ? ResponseType::MovedOn : ResponseType::YouthWorkOutreach;
        r.framing = framing;
        return r;
    };
    ASSERT_OK(responses::add(*db, p1, context,
                             {record("2026-01-05", Framing::Enforcement), record("2026-01-20", Framing::Welfare),
                              record("2026-01-31", Framing::Enforcement), record("2026-03-02", Framing::Welfare)},
                             "import", actor));
    ASSERT_OK(responses::add(*db, p1, context, {record("2026-01-09", Framing::Enforcement)}, "entered", actor));
    auto expect = [&](const std::vector<responses::MonthCount>& months) {
        ASSERT_EQ(months.size(), 2u);
        EXPECT_EQ(months[0].month, "2026-01");
        EXPECT_EQ(months[0].enforcement, 3);
        EXPECT_EQ(months[0].welfare, 1);
        EXPECT_EQ(months[1].month, "2026-03");
        EXPECT_EQ(months[1].enforcement, 0);
        EXPECT_EQ(months[1].welfare, 1);
    };
    expect(ASSERT_OK(responses::by_month(*db, p1, context)));
    EXPECT_TRUE(ASSERT_OK(responses::by_month(*db, p2, context)).empty()) << "another partnership counts nothing";

    // A database upgraded from before the counts had them made from its log.
    ASSERT_OK(db->query("DROP TABLE response_months"));
    ASSERT_OK(db->query("DELETE FROM schema_migrations WHERE version = 22"));
    ASSERT_EQ(ASSERT_OK(migrate(*db)).applied.size(), 1u);
    expect(ASSERT_OK(responses::by_month(*db, p1, context)));
}

TEST_P(ReposTest, AnotherPartnershipSeesNothingAndGetsNotFound)
{
    auto id = ASSERT_OK(frameworks::create(*db, p1, sample()));
    auto f = ASSERT_OK(frameworks::load(*db, p1, id));
    EXPECT_EQ(frameworks::load(*db, p2, id).error().kind, Error::Kind::NotFound);
    EXPECT_EQ(contexts::get(*db, p2, context).error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(ASSERT_OK(frameworks::list(*db, p2)).empty());
    EXPECT_TRUE(ASSERT_OK(contexts::list(*db, p2)).empty());
    auto write = frameworks::write_stage(*db, p2, f.areas[0].goals[0].id, Stage::Outcome, "x", actor);
    EXPECT_EQ(write.error().kind, Error::Kind::NotFound);
    auto sneak = sample();
    EXPECT_EQ(frameworks::create(*db, p2, sneak).error().kind, Error::Kind::NotFound);
    EXPECT_EQ(rows_in("frameworks"), 1);
}

TEST_P(ReposTest, WritingAStageAddsAVersionAndKeepsTheEarlierOnes)
{
    auto id = ASSERT_OK(frameworks::create(*db, p1, sample()));
    auto f = ASSERT_OK(frameworks::load(*db, p1, id));
    GoalId goal = f.areas[0].goals[0].id;
    EXPECT_EQ(ASSERT_OK(frameworks::write_stage(*db, p1, goal, Stage::Measuring, "Second", actor)), 2);
    EXPECT_EQ(ASSERT_OK(frameworks::write_stage(*db, p1, goal, Stage::Measuring, "Third\n\n  para", actor)), 3);
    auto latest = ASSERT_OK(frameworks::load(*db, p1, id));
    EXPECT_EQ(latest.areas[0].goals[0].stage(Stage::Measuring).text, "Third\n\npara");
    EXPECT_EQ(latest.areas[0].goals[0].stage(Stage::Measuring).version, 3);
    EXPECT_EQ(latest.areas[0].goals[0].stage(Stage::Measuring).author_label, "Test");
    EXPECT_TRUE(latest.areas[0].goals[0].earlier_versions[1].empty());
    auto full = ASSERT_OK(frameworks::load(*db, p1, id, frameworks::History::Include));
    const auto& earlier = full.areas[0].goals[0].earlier_versions[index(Stage::Measuring)];
    ASSERT_EQ(earlier.size(), 2u);
    EXPECT_EQ(earlier[0].text, "Peers measuring");
    EXPECT_EQ(earlier[1].text, "Second");
    // Each write is audited against the context, in the same transaction.
    auto trail = ASSERT_OK(audit::for_context(*db, p1, context));
    ASSERT_EQ(trail.size(), 2u);
    EXPECT_EQ(trail[0].event.detail, "goal=" + std::to_string(goal.value) + " stage=measuring version=3");
    EXPECT_EQ(trail[0].address, "127.0.0.1");
}

TEST_P(ReposTest, ARejectedWriteLeavesNoRowAndNoAuditRow)
{
    auto id = ASSERT_OK(frameworks::create(*db, p1, sample()));
    auto f = ASSERT_OK(frameworks::load(*db, p1, id));
    auto before_entries = rows_in("stage_entries");
    auto before_audit = rows_in("audit_events");
    auto r = frameworks::write_stage(*db, p1, f.areas[0].goals[0].id, Stage::Action, std::string(20001, 'x'), actor);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, Error::Kind::Invalid);
    EXPECT_EQ(rows_in("stage_entries"), before_entries);
    EXPECT_EQ(rows_in("audit_events"), before_audit);
}

TEST_P(ReposTest, AnInvalidFrameworkWritesNothing)
{
    auto f = sample();
    f.areas[2].goals[0].statement = "";
    auto r = frameworks::create(*db, p1, f);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, Error::Kind::Invalid);
    EXPECT_EQ(rows_in("frameworks"), 0);
    EXPECT_EQ(rows_in("areas"), 0);
    EXPECT_EQ(rows_in("goals"), 0);
}

TEST_P(ReposTest, ImportRollsBackTheNewContextWhenTheFrameworkFails)
{
    auto f = sample();
    f.areas[1].name = "PEERS";  // two areas with one name
    auto r = service::import_framework(*db, p1, f, "Brand new context", ContextKind::Place, "", actor);
    ASSERT_FALSE(r.has_value());
    EXPECT_FALSE(ASSERT_OK(contexts::find_by_name(*db, p1, "Brand new context")).has_value());
    EXPECT_EQ(rows_in("audit_events"), 0);

    auto ok =
        ASSERT_OK(service::import_framework(*db, p1, sample(), "brand NEW context", ContextKind::Place, "", actor));
    EXPECT_TRUE(ok.context_created);
    auto again =
        ASSERT_OK(service::import_framework(*db, p1, sample(), "Brand new context", ContextKind::Place, "", actor));
    EXPECT_FALSE(again.context_created);
    EXPECT_EQ(again.context, ok.context);
}

TEST_P(ReposTest, ContextNamesAreUniquePerPartnershipOnly)
{
    Context c;
    c.partnership = p1;
    c.name = "park FRIENDSHIP  group";
    auto dup = contexts::create(*db, c);
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().kind, Error::Kind::Conflict);
    EXPECT_NE(dup.error().message.find("already a context called"), std::string::npos);
    c.partnership = p2;
    ASSERT_OK(contexts::create(*db, c));
}

TEST_P(ReposTest, ContextLinksStayInsideThePartnership)
{
    Context park;
    park.partnership = p1;
    park.kind = ContextKind::Place;
    park.name = "Hollins Park";
    auto park_id = ASSERT_OK(contexts::create(*db, park));
    ASSERT_OK(contexts::add_link(*db, p1, context, park_id, "meets at"));
    auto loaded = ASSERT_OK(contexts::get(*db, p1, context));
    ASSERT_EQ(loaded.links.size(), 1u);
    EXPECT_EQ(loaded.links[0].to_name, "Hollins Park");
    EXPECT_EQ(loaded.links[0].label, "meets at");
    EXPECT_EQ(contexts::add_link(*db, p2, context, park_id, "meets at").error().kind, Error::Kind::NotFound);
    EXPECT_EQ(contexts::add_link(*db, p1, context, park_id, "meets at").error().kind, Error::Kind::Conflict);
    EXPECT_EQ(contexts::add_link(*db, p1, context, context, "x").error().kind, Error::Kind::Invalid);
}

TEST_P(ReposTest, ASignInRemakesAPasswordHashMadeAtAnotherCost)
{
    // The suite's own accounts are hashed at the minimum cost (see
    // TRELLIS_PASSWORD_COST); a server at the interactive cost still signs
    // them in, and from then on holds a full-cost hash.
    auto cheap = ASSERT_OK(service::hash_password("a long enough password", service::PasswordCost::Minimum));
    EXPECT_TRUE(service::password_needs_rehash(cheap, service::PasswordCost::Interactive));
    EXPECT_FALSE(service::password_needs_rehash(cheap, service::PasswordCost::Minimum));
    auto id =
        ASSERT_OK(users::create(*db, User{UserId{}, p1, "kim@example.org", "Kim", Role::Lead, {}, true, ""}, cheap));
    service::SignInAttempt attempt{"kim@example.org", "a long enough password", "192.0.2.1", "", 1'700'000'000};

    // A server at the minimum cost never weakens a full-cost hash.
    auto strong = ASSERT_OK(service::hash_password("another long password", service::PasswordCost::Interactive));
    ASSERT_OK(users::create(*db, User{UserId{}, p1, "lee@example.org", "Lee", Role::Lead, {}, true, ""}, strong));
    ::setenv("TRELLIS_PASSWORD_COST", "minimum", 1);
    auto lee = attempt;
    lee.email = "lee@example.org";
    lee.password = "another long password";
    ASSERT_EQ(ASSERT_OK(service::sign_in(*db, lee, {})).outcome, service::SignInResult::Outcome::SignedIn);
    EXPECT_EQ(ASSERT_OK(users::find_with_hash(*db, "lee@example.org")).second, strong);

    ::unsetenv("TRELLIS_PASSWORD_COST");
    ASSERT_EQ(service::password_cost(), service::PasswordCost::Interactive);
    auto wrong = attempt;
    wrong.password = "not the password";
    ASSERT_EQ(ASSERT_OK(service::sign_in(*db, wrong, {})).outcome, service::SignInResult::Outcome::Wrong);
    EXPECT_EQ(ASSERT_OK(users::find_with_hash(*db, "kim@example.org")).second, cheap)
        << "a wrong password changes nothing";
    auto signed_in = ASSERT_OK(service::sign_in(*db, attempt, {}));
    ASSERT_EQ(signed_in.outcome, service::SignInResult::Outcome::SignedIn);
    EXPECT_EQ(signed_in.user.id, id);
    auto full = ASSERT_OK(users::find_with_hash(*db, "kim@example.org")).second;
    EXPECT_NE(full, cheap);
    EXPECT_FALSE(service::password_needs_rehash(full, service::PasswordCost::Interactive));
    EXPECT_TRUE(service::verify_password(full, "a long enough password"));
    auto again = ASSERT_OK(service::sign_in(*db, attempt, {}));
    EXPECT_EQ(again.outcome, service::SignInResult::Outcome::SignedIn);
    EXPECT_EQ(ASSERT_OK(users::find_with_hash(*db, "kim@example.org")).second, full) << "a full-cost hash is kept";
}

TEST_P(ReposTest, UsersAreUniqueByEmailAcrossPartnerships)
{
    User u;
    u.partnership = p1;
    u.email = "Sam@Example.org";
    u.display_name = "Sam";
    u.role = Role::Lead;
    auto id = ASSERT_OK(service::add_user(*db, u, "a long enough password", actor));
    auto found = ASSERT_OK(users::find_with_hash(*db, "sam@example.ORG"));
    EXPECT_EQ(found.first.id, id);
    EXPECT_TRUE(found.second.starts_with("$argon2id$"));
    u.partnership = p2;
    auto dup = service::add_user(*db, u, "a long enough password", actor);
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().kind, Error::Kind::Conflict);
    EXPECT_EQ(users::get(*db, p2, id).error().kind, Error::Kind::NotFound);
    auto short_pw =
        service::add_user(*db, User{UserId{}, p1, "x@example.org", "X", Role::Viewer, {}, true, ""}, "short", actor);
    ASSERT_FALSE(short_pw.has_value());
    EXPECT_EQ(short_pw.error().field, "password");
}

TEST_P(ReposTest, AgenciesBelongToOnePartnership)
{
    auto police = ASSERT_OK(partnerships::create_agency(*db, {{}, p1, "North Police", AgencyKind::Police, "", "", ""}));
    User partner;
    partner.partnership = p2;
    partner.email = "p@example.org";
    partner.display_name = "P";
    partner.role = Role::Partner;
    partner.agency = police;  // an agency of another partnership
    auto r = users::create(*db, partner, "hash");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().field, "agency");
    EXPECT_EQ(ASSERT_OK(partnerships::agencies(*db, p1)).size(), 1u);
    EXPECT_TRUE(ASSERT_OK(partnerships::agencies(*db, p2)).empty());
}

TEST_P(ReposTest, TheStoredFrameworkSurvivesAReconnect)
{
    auto id = ASSERT_OK(frameworks::create(*db, p1, sample(3)));
    db.reset();
    db = database->connect();
    auto loaded = ASSERT_OK(frameworks::load(*db, p1, id));
    EXPECT_EQ(loaded.goal_count(), 9u);
}

TRELLIS_INSTANTIATE_BACKENDS(ReposTest);

}  // namespace
}  // namespace trellis::store
