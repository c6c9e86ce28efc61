// Search through the page and the API, on both databases: what each role finds,
// the snippets escaped before their words are marked, the index following a
// deletion, and the words kept out of the request log and the audit trail.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "service/search.hpp"

namespace trellis::testing {
namespace {

class SearchTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        server = std::make_unique<Server>(GetParam());
        ASSERT_TRUE(server->ok() && server->problem().empty()) << server->problem();
    }
    static nlohmann::json json(const HttpResponse& r) { return nlohmann::json::parse(r.body); }
    std::unique_ptr<Server> server;
};

std::string context_called(Client& lead, const std::string& name)
{
    auto listed = nlohmann::json::parse(lead.api("GET", "/api/v1/contexts").body);
    for (const auto& c : listed["contexts"])
        if (c["name"] == name) return std::to_string(c["id"].get<std::int64_t>());
    return "";
}

// Makes `how_many` contexts named `name` and a number, each allocated to the
// demo's practitioner.
void allocate_contexts(store::Connection& db, const std::string& name, int how_many)
{
    auto made = db.query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
        "INSERT INTO contexts (partnership_id, kind, name, name_key, created_at, updated_at) "
        "SELECT 1, 'place', $2 || ' ' || i, LOWER($2) || ' ' || i, '2026-01-01', '2026-01-01' FROM n",
        {std::int64_t{how_many}, name});
    ASSERT_TRUE(made) << made.error().message;
    auto allocated = db.query(
        "INSERT INTO allocations (user_id, context_id, created_at) SELECT u.id, c.id, '2026-01-01' FROM users u, "
        "contexts c WHERE u.email = 'practitioner@demo.trellis.test' AND c.name LIKE $1",
        {name + " %"});
    ASSERT_TRUE(allocated) << allocated.error().message;
}

TEST_P(SearchTest, EachRoleFindsOnlyWhatItMaySeeWithEscapedMarkedSnippets)
{
    Client lead(*server), practitioner(*server), partner(*server), viewer(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    auto park = context_called(lead, "Hollins Park");
    ASSERT_FALSE(park.empty());

    // A voice in a context the practitioner is not allocated to, holding markup.
    auto voice = lead.api("POST", "/api/v1/contexts/" + park + "/voices",
                          R"({"date": "2026-11-02", "speaker": "young_person",
                              "quote": "A kestrel <b>nests</b> by the bandstand & nobody minds."})");
    ASSERT_EQ(voice.status, 201) << voice.body;
    auto voice_id = std::to_string(json(voice)["id"].get<std::int64_t>());

    // The lead finds it, stemmed ("nesting" finds "nests"), the record escaped
    // and only the matched words marked.
    auto found = lead.get("/search?q=Kestrels+nesting");
    ASSERT_EQ(found.status, 200);
    EXPECT_TRUE(found.has("1 record found, newest first.")) << found.body.substr(0, 4000);
    EXPECT_TRUE(found.has("Hollins Park"));
    EXPECT_TRUE(found.has("<mark>kestrel</mark>"));
    EXPECT_TRUE(found.has("<mark>nests</mark>"));
    EXPECT_TRUE(found.has("&amp; nobody minds"));
    // SQLite's snippet keeps the record's markup, escaped; PostgreSQL's word
    // parser reads it as tags and leaves it out of the snippet.
    if (GetParam() == Backend::Sqlite) {
        EXPECT_TRUE(found.has("&lt;b&gt;<mark>nests</mark>&lt;"));
    }
    EXPECT_FALSE(found.has("<b>nests</b>"));
    EXPECT_TRUE(found.has("href=\"/contexts/" + park + "/voices\""));
    EXPECT_TRUE(found.has("Voices (1)"));

    // Words across kinds: the demo's evidence, voices and an action name the underpass.
    auto underpass = json(lead.api("GET", "/api/v1/search?q=underpass"));
    EXPECT_GE(underpass["counts"]["evidence"].get<int>(), 1);
    EXPECT_GE(underpass["counts"]["voice"].get<int>(), 1);
    EXPECT_GE(underpass["counts"]["action"].get<int>(), 1);
    ASSERT_FALSE(underpass["hits"].empty());
    EXPECT_NE(underpass["hits"][0]["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
    auto only_evidence = json(lead.api("GET", "/api/v1/search?q=underpass&kind=evidence&limit=1"));
    EXPECT_EQ(only_evidence["total"], underpass["counts"]["evidence"]);
    ASSERT_EQ(only_evidence["hits"].size(), 1u);
    EXPECT_EQ(only_evidence["hits"][0]["kind"], "evidence");
    if (only_evidence["total"].get<int>() > 1) {
        ASSERT_TRUE(only_evidence["next"].is_string());
        auto second = json(lead.api("GET", only_evidence["next"].get<std::string>()));
        ASSERT_EQ(second["hits"].size(), 1u);
        EXPECT_NE(second["hits"][0]["id"], only_evidence["hits"][0]["id"]);
    }

    // Merging the index's pieces, as the daily job does, changes no answer.
    {
        auto db = server->database().connect();
        auto steps = service::tidy_search(*db);
        ASSERT_TRUE(steps) << steps.error().message;
        // At least a step for each kind's index on SQLite; nothing to do on PostgreSQL.
        if (GetParam() == Backend::Sqlite)
            EXPECT_GE(*steps, 7);
        else
            EXPECT_EQ(*steps, 0);
    }
    EXPECT_EQ(json(lead.api("GET", "/api/v1/search?q=underpass")), underpass);

    // Newest first, across kinds: three voices then an action, each naming a heronry.
    std::vector<std::int64_t> made;
    for (const char* day : {"2026-11-03", "2026-11-01", "2026-11-02"}) {
        auto said =
            lead.api("POST", "/api/v1/contexts/1/voices",
                     nlohmann::json{{"date", day}, {"speaker", "parent"}, {"quote", "By the heronry again."}}.dump());
        ASSERT_EQ(said.status, 201) << said.body;
        made.push_back(json(said)["id"].get<std::int64_t>());
    }
    auto newest = json(lead.api("GET", "/api/v1/search?q=heronry&limit=2"));
    EXPECT_EQ(newest["total"], 3);
    ASSERT_EQ(newest["hits"].size(), 2u);
    EXPECT_EQ(newest["hits"][0]["id"], made[2]) << "the last recorded comes first";
    EXPECT_EQ(newest["hits"][1]["id"], made[1]);
    auto rest = json(lead.api("GET", newest["next"].get<std::string>()));
    ASSERT_EQ(rest["hits"].size(), 1u);
    EXPECT_EQ(rest["hits"][0]["id"], made[0]);
    EXPECT_TRUE(rest["next"].is_null());

    // The practitioner, allocated to the friendship group only, neither finds
    // nor counts the park's voice; the group's own records they do find.
    auto hidden = practitioner.get("/search?q=kestrel");
    EXPECT_EQ(hidden.status, 200);
    EXPECT_TRUE(hidden.has("Nothing you may see holds all of those words."));
    EXPECT_FALSE(hidden.has("Hollins Park"));
    EXPECT_TRUE(hidden.has("Voices (0)"));
    auto api_hidden = json(practitioner.api("GET", "/api/v1/search?q=kestrel"));
    EXPECT_EQ(api_hidden["total"], 0);
    EXPECT_EQ(api_hidden["counts"]["voice"], 0);
    auto theirs = json(practitioner.api("GET", "/api/v1/search?q=underpass"));
    EXPECT_GE(theirs["total"].get<int>(), 2);
    for (const auto& hit : theirs["hits"]) EXPECT_EQ(hit["context"]["name"], "Millbrook Road friendship group");

    // The partner (police) finds only actions their agency owns or shares: the
    // Friday patrol, not the lighting bid on the underpass or any evidence.
    auto patrol = json(partner.api("GET", "/api/v1/search?q=patrol"));
    ASSERT_EQ(patrol["total"], 1);
    EXPECT_EQ(patrol["hits"][0]["kind"], "action");
    EXPECT_EQ(json(partner.api("GET", "/api/v1/search?q=underpass"))["total"], 0);
    EXPECT_FALSE(partner.get("/search?q=underpass").has("Evidence ("));
    EXPECT_EQ(viewer.get("/search?q=underpass").status, 403);

    // Deleting the voice takes it out of the search.
    ASSERT_EQ(lead.api("DELETE", "/api/v1/voices/" + voice_id).status, 204);
    EXPECT_EQ(json(lead.api("GET", "/api/v1/search?q=kestrel"))["total"], 0);
    // A stage is found by its current text only: rewritten, its old words find nothing.
    auto history = json(lead.api("GET", "/api/v1/goals/1/stages/scoping/history"));
    int version = 0;
    for (const auto& v : history["versions"]) version = std::max(version, v["version"].get<int>());
    auto put = [&](const std::string& text) {
        auto r = lead.api("PUT", "/api/v1/goals/1/stages/scoping",
                          nlohmann::json{{"text", text}, {"based_on", version}}.dump());
        EXPECT_EQ(r.status, 200) << r.body;
        version = json(r)["version"].get<int>();
    };
    put("Identified from a heron survey of the riverside path.");
    auto heron = json(lead.api("GET", "/api/v1/search?q=heron"));
    ASSERT_EQ(heron["total"], 1);
    EXPECT_EQ(heron["hits"][0]["kind"], "stage");
    EXPECT_EQ(heron["hits"][0]["href"].get<std::string>().find("/frameworks/"), 0u);
    put("Identified from an egret survey of the riverside path.");
    EXPECT_EQ(json(lead.api("GET", "/api/v1/search?q=heron"))["total"], 0) << "an earlier version is history";
    EXPECT_EQ(json(lead.api("GET", "/api/v1/search?q=egret"))["total"], 1);

    // Bad input is a clear 400, on the page beside the box.
    auto nothing = lead.get("/search?q=%21%3F");
    EXPECT_EQ(nothing.status, 400);
    EXPECT_TRUE(nothing.has("Type a word to search for"));
    EXPECT_TRUE(nothing.has("govuk-input--error"));
    EXPECT_EQ(lead.get("/search?q=" + std::string(201, 'a')).status, 400);
    EXPECT_EQ(lead.get("/search?q=a+b+c+d+e+f+g+h+i").status, 400);
    EXPECT_EQ(lead.get("/search?q=park&kind=gossip").status, 400);
    EXPECT_EQ(lead.api("GET", "/api/v1/search").status, 400);
    EXPECT_EQ(lead.api("GET", "/api/v1/search?q=park&cursor=x").status, 400);
    EXPECT_EQ(lead.get("/search").status, 200) << "the empty form";

    // The words go nowhere: not in the request log, not in the audit trail,
    // which records the search with its counts and what was shown.
    EXPECT_EQ(server->log().find("kestrel"), std::string::npos);
    EXPECT_EQ(server->log().find("underpass"), std::string::npos);
    auto trail = lead.get("/audit?kind=search");
    EXPECT_TRUE(trail.has("viewed search results")) << trail.body.substr(0, 3000);
    EXPECT_TRUE(trail.has("hits=1 shown=voice " + voice_id));
    EXPECT_FALSE(trail.has("kestrel"));
    EXPECT_FALSE(trail.has("underpass"));
}

// Someone who sees a few contexts is given every match in them, however many
// newer matches elsewhere come before theirs, and no match elsewhere until a
// context is opened to them.
TEST_P(SearchTest, APractitionerFindsTheirOwnMatchesBehindThousandsOfOthers)
{
    Client lead(*server), practitioner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    auto park = context_called(lead, "Hollins Park");
    auto db = server->database().connect();
    ASSERT_TRUE(db);
    auto insert = [&](const std::string& context, int count) {
        return db->query(
            fmt::format("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {}) "
                        "INSERT INTO evidence (partnership_id, context_id, recorded_on, method, provenance, "
                        "narrative, author_label, created_at) SELECT 1, {}, '2026-01-01', 'observation', "
                        "'seen', 'Lamppost survey ' || i, 'Test', '2026-01-01' FROM n",
                        count, context));
    };
    ASSERT_TRUE(insert("1", 3)) << "the friendship group's, older than all the park's";
    ASSERT_TRUE(insert(park, 5'000));
    auto theirs = json(practitioner.api("GET", "/api/v1/search?q=lamppost"));
    EXPECT_EQ(theirs["counts"]["evidence"], 3) << theirs.dump().substr(0, 2000);
    ASSERT_EQ(theirs["hits"].size(), 3u);
    for (const auto& hit : theirs["hits"]) EXPECT_EQ(hit["context"]["name"], "Millbrook Road friendship group");
    auto own =
        db->query("SELECT id FROM evidence WHERE context_id = 1 AND narrative LIKE 'Lamppost%' ORDER BY id DESC");
    ASSERT_TRUE(own && own->rows.size() == 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(theirs["hits"][i]["id"], own->rows[i].integer(0)) << "newest first";
    auto everyone = json(lead.api("GET", "/api/v1/search?q=lamppost"));
    EXPECT_GT(everyone["counts"]["evidence"].get<int>(), 100) << "counted as far as the cap";

    ASSERT_EQ(practitioner
                  .post("/open-context",
                        {{"context", "Hollins Park"}, {"reason", "cover"}, {"detail", "Covering the park this week."}})
                  .status,
              303);
    auto opened = json(practitioner.api("GET", "/api/v1/search?q=lamppost&kind=evidence&limit=50"));
    EXPECT_GT(opened["counts"]["evidence"].get<int>(), 100) << "the opened context's matches too";
    ASSERT_EQ(opened["hits"].size(), 50u);
    EXPECT_EQ(opened["hits"][0]["context"]["name"], "Hollins Park") << "the newest are the park's";
}

// A practitioner's few contexts are named to the index with their words; the
// word that keys a record to its context is never found by a search, a record
// moved to another context is found there, and someone who sees more contexts
// than are named to the index finds the same.
TEST_P(SearchTest, APractitionersSearchFollowsTheirContextsHoweverManyTheyHold)
{
    Client lead(*server), practitioner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    auto park = context_called(lead, "Hollins Park");
    auto db = server->database().connect();
    ASSERT_TRUE(db);
    auto record = [&](const std::string& context, const std::string& narrative) {
        auto made = db->query(
            "INSERT INTO evidence (partnership_id, context_id, recorded_on, method, provenance, narrative, "
            "author_label, created_at) VALUES (1, $1, '2026-01-01', 'observation', 'seen', $2, 'Test', "
            "'2026-01-01') RETURNING id",
            {std::stoll(context), narrative});
        return made ? made->first().integer(0) : 0;
    };
    auto first = record("1", "A weathervane on the chip shop roof.");
    auto second = record("1", "The weathervane again, turned by the wind.");
    record(park, "A weathervane by the bandstand.");
    ASSERT_TRUE(first && second);
    auto count = [&](Client& who, const std::string& words) {
        auto found = json(who.api("GET", "/api/v1/search?q=" + words));
        return found["total"].get<int>();
    };
    ASSERT_EQ(count(practitioner, "weathervane"), 2);
    EXPECT_EQ(count(lead, "weathervane"), 3);

    // The word that keys a record to its context is no search word.
    EXPECT_EQ(count(lead, "c1"), 0);
    EXPECT_EQ(count(practitioner, "c1"), 0);
    EXPECT_EQ(count(practitioner, "c" + park), 0);
    // Words PostgreSQL leaves out as too common find nothing, not every record
    // of their contexts.
    if (GetParam() == Backend::Postgres) {
        EXPECT_EQ(count(practitioner, "the+of"), 0);
    }

    // Moved to the park, a record is found there and no longer in the group.
    ASSERT_TRUE(db->query("UPDATE evidence SET context_id = $1 WHERE id = $2", {std::stoll(park), first}));
    auto moved = json(practitioner.api("GET", "/api/v1/search?q=weathervane"));
    ASSERT_EQ(moved["total"], 1);
    EXPECT_EQ(moved["hits"][0]["id"], second);
    EXPECT_EQ(count(lead, "weathervane"), 3);
    ASSERT_TRUE(db->query("UPDATE evidence SET context_id = 1 WHERE id = $1", {first}));
    auto back = json(practitioner.api("GET", "/api/v1/search?q=weathervane"));
    ASSERT_EQ(back["total"], 2);
    EXPECT_EQ(back["hits"][0]["id"], second) << "newest first";
    EXPECT_EQ(back["hits"][1]["id"], first);

    // Allocated seventy more contexts, then 450 more (more than are named to
    // the index), the practitioner finds the same records, the same way round.
    allocate_contexts(*db, "Yard", 70);
    EXPECT_EQ(json(practitioner.api("GET", "/api/v1/search?q=weathervane")), back);
    EXPECT_EQ(count(practitioner, "c1"), 0);
    EXPECT_EQ(count(practitioner, "yard"), 70) << "the contexts' names";

    // Past the contexts named to the words, PostgreSQL reads a kind's newest
    // records first: whether or not they hold enough matches, the answer is
    // the newest of all of them, counted to the cap, and none of another
    // context's.
    auto yard = db->query("SELECT MIN(id) FROM contexts WHERE name LIKE 'Yard %'");
    ASSERT_TRUE(yard);
    auto fill = [&](std::int64_t context, const std::string& narrative, int how_many) {
        auto made = db->query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
            "INSERT INTO evidence (partnership_id, context_id, recorded_on, method, provenance, narrative, "
            "author_label, created_at) SELECT 1, $2, '2026-01-01', 'observation', 'seen', $3, 'Test', '2026-01-01' "
            "FROM n",
            {std::int64_t{how_many}, context, narrative});
        EXPECT_TRUE(made) << made.error().message;
        return db->query("SELECT MAX(id) FROM evidence")->first().integer(0);
    };
    auto sundials = [&] {
        auto found = json(practitioner.api("GET", "/api/v1/search?q=sundial&kind=evidence&limit=50"));
        std::vector<std::int64_t> ids;
        for (const auto& hit : found["hits"]) ids.push_back(hit["id"].get<std::int64_t>());
        EXPECT_EQ(found["counts"]["evidence"], 101) << "counted to the cap";
        EXPECT_TRUE(std::ranges::is_sorted(ids, std::greater{})) << "newest first";
        return ids;
    };
    const auto theirs = yard->first().integer(0);
    const auto older = fill(theirs, "A sundial by the gate.", 150);
    fill(std::stoll(park), "A sundial in the park, not theirs.", 40'000);
    const auto newer = fill(theirs, "The sundial again.", 30);
    auto few_newest = sundials();
    ASSERT_EQ(few_newest.size(), 50u);
    EXPECT_EQ(few_newest.front(), newer);
    EXPECT_GT(few_newest[29], older) << "the thirty newest first";
    EXPECT_EQ(few_newest[30], older) << "then the newest of the older ones";
    const auto newest = fill(theirs, "A third sundial.", 120);
    auto many_newest = sundials();
    ASSERT_EQ(many_newest.size(), 50u);
    EXPECT_EQ(many_newest.front(), newest);
    EXPECT_EQ(many_newest.back(), newest - 49);

    allocate_contexts(*db, "Lot", 450);
    EXPECT_EQ(json(practitioner.api("GET", "/api/v1/search?q=weathervane")), back);
    EXPECT_EQ(count(practitioner, "c1"), 0);
    EXPECT_EQ(count(practitioner, "yard"), 70);
    EXPECT_EQ(sundials(), many_newest) << "read through the partnership, the same";
}

// Goals, stage texts and actions hold the context of their framework: a
// practitioner finds their contexts' current ones by their words, never a
// removed goal's, a stage's earlier text or another context's, whether their
// contexts are few enough to name to the index or not.
TEST_P(SearchTest, APractitionerFindsTheCurrentGoalsStagesAndActionsOfTheirContextsOnly)
{
    Client lead(*server), practitioner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    auto db = server->database().connect();
    ASSERT_TRUE(db);
    auto post = [&](const std::string& path, const nlohmann::json& body) {
        auto r = lead.api("POST", path, body.dump());
        EXPECT_EQ(r.status, 201) << path << " " << r.body;
        return nlohmann::json::parse(r.body, nullptr, false);
    };
    auto id_of = [](const nlohmann::json& made) { return std::to_string(made["id"].get<std::int64_t>()); };
    std::int64_t police = 0;
    const auto agencies = json(lead.api("GET", "/api/v1/agencies"));
    for (const auto& a : agencies["agencies"])
        if (a["kind"] == "police") police = a["id"].get<std::int64_t>();
    ASSERT_NE(police, 0);
    // A goal in `area` with its scoping stage and an action, each naming a kingfisher.
    auto goal_in = [&](const std::string& area, const std::string& name) {
        auto goal = id_of(post("/api/v1/areas/" + area + "/goals", {{"statement", "A kingfisher goal " + name}}));
        auto r = lead.api("PUT", "/api/v1/goals/" + goal + "/stages/scoping",
                          nlohmann::json{{"text", "Kingfisher seen by the lock, " + name}, {"based_on", 0}}.dump());
        EXPECT_EQ(r.status, 200) << r.body;
        post("/api/v1/goals/" + goal + "/actions",
             {{"what", "Kingfisher walk " + name}, {"owner_agency", police}, {"approach", "relational"}});
        return goal;
    };
    auto group_framework = db->query("SELECT MIN(id) FROM frameworks WHERE context_id = 1");
    ASSERT_TRUE(group_framework);
    auto group = json(lead.api("GET", "/api/v1/frameworks/" + std::to_string(group_framework->first().integer(0))));
    auto group_area = std::to_string(group["areas"][0]["id"].get<std::int64_t>());
    auto towpath = id_of(post("/api/v1/contexts", {{"name", "Canal towpath group"}}));
    auto other = post("/api/v1/contexts/" + towpath + "/frameworks",
                      {{"template", "friendship-and-peer-group"}, {"title", "Towpath"}});
    auto other_area = std::to_string(other["areas"][0]["id"].get<std::int64_t>());

    auto removed = goal_in(group_area, "removed");
    auto kept = goal_in(group_area, "kept");
    goal_in(other_area, "elsewhere");
    auto rewritten = lead.api("PUT", "/api/v1/goals/" + kept + "/stages/scoping",
                              nlohmann::json{{"text", "A heron seen by the lock."}, {"based_on", 1}}.dump());
    ASSERT_EQ(rewritten.status, 200) << rewritten.body;
    auto counts = [&](Client& who) {
        auto found = json(who.api("GET", "/api/v1/search?q=kingfisher"));
        return std::vector<int>{found["counts"]["goal"].get<int>(), found["counts"]["stage"].get<int>(),
                                found["counts"]["action"].get<int>()};
    };
    EXPECT_EQ(counts(lead), (std::vector<int>{3, 2, 3}));
    EXPECT_EQ(counts(practitioner), (std::vector<int>{2, 1, 2})) << "the group's, the kept goal's stage rewritten";
    ASSERT_EQ(lead.api("DELETE", "/api/v1/goals/" + removed).status, 204);
    EXPECT_EQ(counts(practitioner), (std::vector<int>{1, 0, 1})) << "nothing of the removed goal";
    const auto theirs = json(practitioner.api("GET", "/api/v1/search?q=kingfisher"));
    ASSERT_EQ(theirs["hits"].size(), 2u);
    for (const auto& hit : theirs["hits"]) EXPECT_EQ(hit["context"]["name"], "Millbrook Road friendship group");
    EXPECT_EQ(counts(lead), (std::vector<int>{2, 1, 2}));

    // Allocated seventy more contexts, then 450 more (past those named to the
    // index), the practitioner finds the same.
    allocate_contexts(*db, "Yard", 70);
    EXPECT_EQ(json(practitioner.api("GET", "/api/v1/search?q=kingfisher")), theirs);
    allocate_contexts(*db, "Lot", 450);
    EXPECT_EQ(json(practitioner.api("GET", "/api/v1/search?q=kingfisher")), theirs);

    // A goal, stage text or action written without its context is refused.
    EXPECT_FALSE(
        db->query("INSERT INTO goals (framework_id, area_id, sort_order, statement, status, created_at, "
                  "updated_at) VALUES ($1, $2, 99, 'Unplaced', 'not_started', '2026-01-01', '2026-01-01')",
                  {group_framework->first().integer(0), std::stoll(group_area)}));
    EXPECT_FALSE(
        db->query("INSERT INTO actions (goal_id, what, owner_agency_id, status, approach, created_at, updated_at) "
                  "VALUES ($1, 'Unplaced', $2, 'planned', 'relational', '2026-01-01', '2026-01-01')",
                  {std::stoll(kept), police}));
    EXPECT_FALSE(
        db->query("INSERT INTO stage_entries (goal_id, stage, version, body, author_label, created_at) "
                  "VALUES ($1, 'measuring', 1, 'Unplaced', 'Test', '2026-01-01')",
                  {std::stoll(kept)}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SearchTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backend_name);

}  // namespace
}  // namespace trellis::testing
