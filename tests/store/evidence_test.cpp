// The evidence layer on both databases: register, evidence records linked to
// stages, voices by theme, activity runs and their comparison, indicators
// computed from runs, outcome ratings.
#include <gtest/gtest.h>

#include "domain/text.hpp"
#include "store/action_repo.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/connection.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/lexicon_repo.hpp"
#include "store/meeting_repo.hpp"
#include "store/migrations.hpp"
#include "store/partnership_repo.hpp"
#include "store/report_repo.hpp"
#include "store/response_repo.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"
#include "test_db.hpp"

namespace trellis::store {
namespace {

class EvidenceTest : public testing::BackendTest {
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
        c.name = "College";
        other_context = ASSERT_OK(contexts::create(*db, c));
        Framework f;
        f.context = context;
        f.title = "Framework";
        Goal goal;
        goal.statement = "Young people trust more adults";
        f.areas = {{AreaId{}, "Guardianship", {goal}}};
        framework = ASSERT_OK(frameworks::create(*db, p1, f));
        auto loaded = ASSERT_OK(frameworks::load(*db, p1, framework));
        goal_id = loaded.areas[0].goals[0].id;
    }

    YoungPersonId person(const std::string& name, ContextId c)
    {
        YoungPerson y{{}, name, "", AgeBand::From14To15, {c}, ""};
        auto id = young_people::create(*db, p1, y, actor);
        EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
        return id.value_or(YoungPersonId{});
    }

    ActivityRun trust_run(const std::string& date, std::vector<int> adults_each, std::optional<RunId> follows = {})
    {
        ActivityRun r;
        r.context = context;
        r.kind = ActivityKind::Trust;
        r.date = date;
        r.follow_up_of = follows;
        for (std::size_t i = 0; i < adults_each.size(); ++i)
            r.participants.push_back({std::nullopt,
                                      "",
                                      {{AdultRole::YouthWorker, adults_each[i], true}, {AdultRole::Police, 0, false}},
                                      {}});
        return r;
    }

    std::int64_t revision()
    {
        auto rev = frameworks::located_revision(*db, p1, framework);
        return rev ? rev->second.number : -1;
    }

    PartnershipId p1, p2;
    ContextId context, other_context;
    FrameworkId framework;
    GoalId goal_id;
    Actor actor{std::nullopt, "Test", "127.0.0.1"};
};

TEST_P(EvidenceTest, TheRegisterRefusesADuplicatePseudonymAndKeepsPartnershipsApart)
{
    auto boss = person("the boss", context);
    YoungPerson again{{}, "The  Boss", "", AgeBand::NotKnown, {context}, ""};
    auto dup = young_people::create(*db, p1, again, actor);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().kind, Error::Kind::Conflict);
    EXPECT_EQ(young_people::get(*db, p2, boss).error().kind, Error::Kind::NotFound);
    auto listed = ASSERT_OK(young_people::for_context(*db, p1, context));
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].pseudonym, "the boss");
    EXPECT_TRUE(ASSERT_OK(young_people::for_context(*db, p1, other_context)).empty());
    ASSERT_OK(young_people::link(*db, p1, boss, other_context, actor));
    EXPECT_EQ(ASSERT_OK(young_people::for_context(*db, p1, other_context)).size(), 1u);
    YoungPerson nameless{{}, "", "", AgeBand::NotKnown, {context}, ""};
    EXPECT_EQ(young_people::create(*db, p1, nameless, actor).error().field, "pseudonym");
}

TEST_P(EvidenceTest, TypedPseudonymsAreFoundOnTheContextsRegisterInOneReadHoweverMany)
{
    auto boss = person("The Boss", context);
    auto kez = person("Kez", context);
    auto elsewhere = person("Elsewhere", other_context);
    // More names than one statement takes, with the real ones in different
    // statements, typed with other case and spacing, and one twice.
    std::vector<std::string> names;
    for (int i = 0; i < 450; ++i) names.push_back("Nobody " + std::to_string(i));
    names[0] = "the  boss";
    names[300] = "KEZ";
    names[449] = "Elsewhere";
    names.push_back("The Boss");
    auto found = ASSERT_OK(young_people::on_context_called(*db, p1, context, names));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found.at(text::name_key("The Boss")), boss);
    EXPECT_EQ(found.at(text::name_key("Kez")), kez);
    EXPECT_FALSE(found.contains(text::name_key("Elsewhere"))) << "on another context's register only";
    EXPECT_EQ(ASSERT_OK(young_people::on_context_called(*db, p1, other_context, {"elsewhere"})).at("elsewhere"),
              elsewhere);
    EXPECT_TRUE(ASSERT_OK(young_people::on_context_called(*db, p2, context, {"Kez"})).empty()) << "another partnership";
    EXPECT_TRUE(ASSERT_OK(young_people::on_context_called(*db, p1, context, {})).empty());
}

TEST_P(EvidenceTest, EvidenceLinksToStagesAndChangesTheFrameworkRevision)
{
    auto boss = person("the boss", context);
    auto stranger = person("stranger", other_context);
    EvidenceRecord e;
    e.context = context;
    e.date = "2026-03-02";
    e.method = EvidenceMethod::Observation;
    e.young_people = {boss};
    e.unnamed_young_people = 3;
    e.adults = {AdultRole::YouthWorker, AdultRole::ShopOrBusiness};
    e.provenance = Provenance::Seen;
    e.narrative = "The group waited at the chip shop.";
    e.supports = {{goal_id, Stage::Scoping}, {goal_id, Stage::Outcome}};
    auto before = revision();
    auto id = ASSERT_OK(evidence::create(*db, p1, e, actor));
    EXPECT_GT(revision(), before);
    auto back = ASSERT_OK(evidence::get(*db, p1, id));
    EXPECT_EQ(back.young_people_names, std::vector<std::string>{"the boss"});
    EXPECT_EQ(back.adults, e.adults);
    EXPECT_EQ(back.supports, e.supports);
    EXPECT_EQ(back.unnamed_young_people, 3);
    EXPECT_EQ(ASSERT_OK(evidence::for_framework(*db, p1, framework)).size(), 1u);
    EXPECT_EQ(evidence::get(*db, p2, id).error().kind, Error::Kind::NotFound);

    // Someone from another context's register, or a goal of another context: refused, nothing written.
    auto count = db->query("SELECT COUNT(*) FROM evidence")->first().integer(0);
    auto wrong = e;
    wrong.young_people = {stranger};
    EXPECT_EQ(evidence::create(*db, p1, wrong, actor).error().field, "young_people");
    wrong = e;
    wrong.context = other_context;
    wrong.young_people = {};
    EXPECT_EQ(evidence::create(*db, p1, wrong, actor).error().field, "supports");
    wrong = e;
    wrong.narrative = "  ";
    EXPECT_EQ(evidence::create(*db, p1, wrong, actor).error().field, "narrative");
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM evidence")->first().integer(0), count);
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM audit_events WHERE entity = 'evidence'")->first().integer(0), 1);
}

TEST_P(EvidenceTest, VoicesAreFilteredByTheme)
{
    auto boss = person("the boss", context);
    Voice v{{},
            context,
            "2026-04-01",
            Speaker::YoungPerson,
            boss,
            "",
            "The youth workers listen to us.",
            parse_themes("Trust, adults; trust"),
            ""};
    EXPECT_EQ(v.themes, (std::vector<std::string>{"trust", "adults"}));
    ASSERT_OK(voices::create(*db, p1, v, actor));
    Voice parent{{},         context, "2026-04-02", Speaker::ParentOrCarer, std::nullopt, "", "I worry about the park.",
                 {"places"}, ""};
    ASSERT_OK(voices::create(*db, p1, parent, actor));
    auto all = ASSERT_OK(voices::for_context(*db, p1, context, "", 10, std::nullopt));
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].date, "2026-04-02") << "newest first";
    EXPECT_EQ(all[1].themes, (std::vector<std::string>{"adults", "trust"}));
    auto older = ASSERT_OK(voices::for_context(*db, p1, context, "", 10, After{all[0].date, all[0].id.value}));
    ASSERT_EQ(older.size(), 1u);
    EXPECT_EQ(older[0].id, all[1].id) << "the page after the newest";
    auto trust = ASSERT_OK(voices::for_context(*db, p1, context, "TRUST", 10, std::nullopt));
    ASSERT_EQ(trust.size(), 1u);
    EXPECT_EQ(trust[0].young_person_name, "the boss");
    auto paged = ASSERT_OK(voices::page(*db, p1, context, "", 2, 1));
    EXPECT_EQ(paged.total, 2);
    ASSERT_EQ(paged.items.size(), 1u);
    EXPECT_EQ(paged.items[0].id, all[1].id);
    EXPECT_EQ(paged.items[0].themes.size(), 2u);
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(ASSERT_OK(voices::themes(*db, p1, context)), (Counts{{"adults", 1}, {"places", 1}, {"trust", 1}}));
    EXPECT_TRUE(ASSERT_OK(voices::themes(*db, p2, context)).empty()) << "another partnership counts nothing";
    parent.young_person = boss;  // a parent's words cannot be a young person's
    EXPECT_EQ(voices::create(*db, p1, parent, actor).error().field, "young_person");
    EXPECT_EQ(ASSERT_OK(voices::themes(*db, p1, context)).size(), 3u) << "a refused quote counts nothing";

    // The counts follow quotes added and removed.
    Voice again{{},
                context,
                "2026-04-03",
                Speaker::ParentOrCarer,
                std::nullopt,
                "",
                "Still worried.",
                parse_themes("Places, trust"),
                ""};
    auto third = ASSERT_OK(voices::create(*db, p1, again, actor));
    EXPECT_EQ(ASSERT_OK(voices::themes(*db, p1, context)), (Counts{{"adults", 1}, {"places", 2}, {"trust", 2}}));
    ASSERT_OK(voices::remove(*db, p1, all[1].id, actor));
    EXPECT_EQ(ASSERT_OK(voices::themes(*db, p1, context)), (Counts{{"places", 2}, {"trust", 1}}));
    ASSERT_OK(voices::remove(*db, p1, third, actor));
    EXPECT_EQ(ASSERT_OK(voices::themes(*db, p1, context)), (Counts{{"places", 1}}));

    // A database upgraded from before the counts had them made from its quotes.
    ASSERT_OK(voices::create(*db, p1, again, actor));
    ASSERT_OK(db->query("DROP TABLE voice_theme_counts"));
    ASSERT_OK(db->query("DELETE FROM schema_migrations WHERE version = 34"));
    ASSERT_EQ(ASSERT_OK(migrate(*db)).applied.size(), 1u);
    EXPECT_EQ(ASSERT_OK(voices::themes(*db, p1, context)), (Counts{{"places", 2}, {"trust", 1}}));
}

TEST_P(EvidenceTest, TrustRunsCompareAndFeedAComputedIndicator)
{
    Indicator ind;
    ind.goal = goal_id;
    ind.name = "Trusted adults named per young person";
    ind.source = IndicatorSource::TrustedAdultsPerYoungPerson;
    auto ind_id = ASSERT_OK(indicators::create(*db, p1, ind, actor));

    auto baseline = ASSERT_OK(activities::create(*db, p1, trust_run("2026-02-01", {1, 0, 2, 1, 1}), actor));
    auto before = revision();
    auto follow = ASSERT_OK(activities::create(*db, p1, trust_run("2026-09-01", {3, 2, 2, 4, 1}, baseline), actor));
    EXPECT_GT(revision(), before);  // the computed indicator on the framework page changed

    auto a = summarise_trust(ASSERT_OK(activities::get(*db, p1, baseline)));
    auto b = summarise_trust(ASSERT_OK(activities::get(*db, p1, follow)));
    EXPECT_EQ(a.participants, 5);
    EXPECT_EQ(a.total, 5);
    EXPECT_EQ(b.total, 12);
    EXPECT_DOUBLE_EQ(a.mean_total(), 1.0);
    EXPECT_DOUBLE_EQ(b.mean(AdultRole::YouthWorker), 2.4);
    EXPECT_EQ(b.respected[static_cast<std::size_t>(AdultRole::YouthWorker)], 5);
    EXPECT_EQ(a.respected[static_cast<std::size_t>(AdultRole::YouthWorker)], 4);  // the one naming nobody is not

    auto got = ASSERT_OK(indicators::get(*db, p1, ind_id));
    ASSERT_EQ(got.measurements.size(), 2u);
    EXPECT_DOUBLE_EQ(got.measurements[0].value, 1.0);
    EXPECT_DOUBLE_EQ(got.measurements[1].value, 2.4);
    EXPECT_EQ(trend(got), Trend::Better);
    EXPECT_EQ(indicators::add_measurement(*db, p1, ind_id, {0, "2026-10-01", 3, "", {}}, actor).error().field, "value");

    // A follow-up dated before its baseline, or of another kind, is refused.
    EXPECT_EQ(activities::create(*db, p1, trust_run("2026-01-01", {1}, baseline), actor).error().field, "date");
    auto places = trust_run("2026-10-01", {1}, baseline);
    places.kind = ActivityKind::Places;
    places.participants = {{std::nullopt, "", {}, {{"Park", PlaceCategory::Safe, std::nullopt, std::nullopt}}}};
    EXPECT_EQ(activities::create(*db, p1, places, actor).error().field, "follow_up_of");
    EXPECT_EQ(activities::get(*db, p2, baseline).error().kind, Error::Kind::NotFound);
}

TEST_P(EvidenceTest, PlacesCombineAcrossParticipants)
{
    ActivityRun r;
    r.context = context;
    r.kind = ActivityKind::Places;
    r.date = "2026-02-01";
    r.participants = {
        {std::nullopt,
         "",
         {},
         {{"Park", PlaceCategory::Unsafe, 53.48, -2.24}, {"Library", PlaceCategory::Safe, {}, {}}}},
        {std::nullopt, "", {}, {{"park ", PlaceCategory::Unsafe, {}, {}}, {"Park", PlaceCategory::Unsafe, {}, {}}}}};
    auto id = ASSERT_OK(activities::create(*db, p1, r, actor));
    auto back = ASSERT_OK(activities::get(*db, p1, id));
    ASSERT_TRUE(back.participants[0].places[0].latitude.has_value());
    EXPECT_NEAR(*back.participants[0].places[0].latitude, 53.48, 1e-6);
    auto s = summarise_places(back);
    ASSERT_EQ(s.places.size(), 2u);
    EXPECT_EQ(s.places[0].marks[static_cast<std::size_t>(PlaceCategory::Unsafe)], 2);  // once per participant
    EXPECT_EQ(s.totals[static_cast<std::size_t>(PlaceCategory::Safe)], 1);
    r.participants[0].places[0].longitude.reset();
    EXPECT_FALSE(validate(r).empty());  // one coordinate without the other
}

TEST_P(EvidenceTest, EnteredMeasurementsAndOutcomeRatings)
{
    Indicator ind;
    ind.goal = goal_id;
    ind.name = "Enforcement-led responses a month";
    ind.better = Better::Lower;
    ind.baseline = 12;
    ind.baseline_date = "2026-01-31";
    ind.target = 4;
    auto id = ASSERT_OK(indicators::create(*db, p1, ind, actor));
    ASSERT_OK(indicators::add_measurement(*db, p1, id, {0, "2026-06-30", 9.5, "June", {}}, actor));
    ASSERT_OK(indicators::add_measurement(*db, p1, id, {0, "2026-03-31", 14, "March", {}}, actor));
    auto got = ASSERT_OK(indicators::get(*db, p1, id));
    ASSERT_EQ(got.measurements.size(), 2u);
    EXPECT_EQ(got.measurements.back().value, 9.5);  // latest by date, not by entry
    EXPECT_EQ(trend(got), Trend::Better);
    EXPECT_EQ(indicators::get(*db, p2, id).error().kind, Error::Kind::NotFound);
    auto no_date = ind;
    no_date.baseline_date.clear();
    EXPECT_EQ(indicators::create(*db, p1, no_date, actor).error().field, "baseline_date");

    ASSERT_OK(outcomes::rate(*db, p1, goal_id, OutcomeRating::PartlyReached, "Trusted adults rose.", actor));
    ASSERT_OK(outcomes::rate(*db, p1, goal_id, OutcomeRating::Reached, "Confirmed at review.", actor));
    auto rated = ASSERT_OK(outcomes::for_framework(*db, p1, framework));
    ASSERT_EQ(rated.size(), 1u);
    EXPECT_EQ(rated[0].rating, OutcomeRating::Reached);
    auto goal = ASSERT_OK(frameworks::goal(*db, p1, goal_id));
    EXPECT_EQ(goal.status, GoalStatus::Reached);
    EXPECT_EQ(outcomes::rate(*db, p1, goal_id, OutcomeRating::Worse, "", actor).error().field, "rationale");
    auto areas = ASSERT_OK(reports::progress_by_area(*db, p1));
    ASSERT_EQ(areas.size(), 1u);
    EXPECT_EQ(areas[0].reached, 1);
}

TEST_P(EvidenceTest, UploadsLeftUnconfirmedForADayAreDeleted)
{
    User u;
    u.partnership = p1;
    u.email = "lead@north.example.org";
    u.display_name = "Lead";
    u.role = Role::Lead;
    auto user = ASSERT_OK(users::create(*db, u, "hash"));
    auto old = ASSERT_OK(responses::save_draft(*db, p1, user, context, "old.csv", "a,b", "responses"));
    ASSERT_OK(
        db->query("UPDATE import_drafts SET created_at = $1 WHERE id = $2", {now_utc(-std::chrono::hours(25)), old}));
    auto framework_upload = ASSERT_OK(responses::save_draft(*db, p1, user, context, "plan.docx", "{}", "framework"));
    EXPECT_EQ(responses::draft(*db, p1, user, old).error().kind, Error::Kind::NotFound) << "a day old: deleted";
    EXPECT_TRUE(responses::draft(*db, p1, user, framework_upload, "framework").has_value());
    EXPECT_FALSE(responses::draft(*db, p1, user, framework_upload, "responses").has_value()) << "kinds stay apart";
    ASSERT_OK(responses::save_draft(*db, p1, user, context, "new.csv", "a,b", "responses"));
    EXPECT_TRUE(responses::draft(*db, p1, user, framework_upload, "framework").has_value())
        << "a new upload replaces only the same kind";
}

TEST(SmallNumbers, CountsOfYoungPeopleUnderFiveAreSuppressed)
{
    EXPECT_EQ(young_people_count(0), "fewer than 5");
    EXPECT_EQ(young_people_count(4), "fewer than 5");
    EXPECT_EQ(young_people_count(5), "5");
    EXPECT_EQ(format_number(2.4), "2.4");
    EXPECT_EQ(format_number(1.0 / 3), "0.33");
    EXPECT_EQ(parse_number(" 12.5 "), 12.5);
    EXPECT_FALSE(parse_number("1e5"));
    EXPECT_FALSE(parse_number("=1+2"));
    EXPECT_FALSE(parse_number("."));
}

TRELLIS_INSTANTIATE_BACKENDS(EvidenceTest);

}  // namespace
}  // namespace trellis::store
