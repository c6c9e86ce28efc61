// The web application against a real running server, on both databases.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "docx_fixture.hpp"
#include "domain/clock.hpp"
#include "formats/docx_text.hpp"
#include "harness.hpp"

namespace trellis::testing {
namespace {

class HttpTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        server = std::make_unique<Server>(GetParam());
        ASSERT_TRUE(server->ok() && server->problem().empty()) << server->problem();
    }
    int count(Client& lead, const std::string& api_path, const char* key)
    {
        auto r = lead.api("GET", api_path);
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        return j.is_discarded() || !j.contains(key) ? -1 : static_cast<int>(j[key].size());
    }
    std::unique_ptr<Server> server;
};

TEST_P(HttpTest, EveryResponseCarriesTheSecurityHeaders)
{
    Client c(*server);
    for (const char* path : {"/sign-in", "/no/such/page", "/static/trellis.css", "/contexts", "/api/v1/openapi.json"}) {
        SCOPED_TRACE(path);
        auto r = c.get(path);
        auto csp = r.header("Content-Security-Policy");
        EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
        EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
        EXPECT_FALSE(r.header("Referrer-Policy").empty());
    }
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    EXPECT_EQ(lead.get("/frameworks/1").header("Cache-Control"), "no-store");
}

TEST_P(HttpTest, SignInSignOutAndSessions)
{
    Client c(*server);
    EXPECT_EQ(c.get("/contexts").status, 303) << "signed-out users are sent to sign in";
    auto wrong = c.sign_in_as("lead@demo.trellis.test", "not the password at all");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_TRUE(wrong.has("Enter a correct email address and password"));
    EXPECT_TRUE(c.cookie("trellis_session").empty());
    auto unknown = c.sign_in_as("nobody@example.org", "whatever whatever");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_TRUE(unknown.has("Enter a correct email address and password")) << "same answer: no account probing";

    auto ok = c.sign_in("lead");
    ASSERT_EQ(ok.status, 303);
    auto set_cookie = ok.header("Set-Cookie");
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
    std::string first = c.cookie("trellis_session");
    EXPECT_GE(first.size(), 43u) << "256-bit id";
    EXPECT_EQ(c.get("/contexts").status, 200);

    Client again(*server);
    ASSERT_EQ(again.sign_in("lead").status, 303);
    EXPECT_NE(again.cookie("trellis_session"), first) << "a new session id at every sign-in";

    EXPECT_EQ(c.post("/sign-out").status, 303);
    Client stale(*server);
    stale.set_cookie("trellis_session", first);
    EXPECT_EQ(stale.get("/contexts").status, 303) << "sign-out ends the session on the server";
    EXPECT_EQ(again.get("/contexts").status, 200) << "other sessions live on";
}

TEST_P(HttpTest, FailedSignInsAreThrottledPerAccount)
{
    Client c(*server);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(c.sign_in_as("viewer@demo.trellis.test", "wrong password " + std::to_string(i)).status, 401);
    auto blocked = c.sign_in("viewer");
    EXPECT_EQ(blocked.status, 429);
    EXPECT_TRUE(blocked.has("Too many failed attempts"));
    EXPECT_EQ(Client(*server).sign_in("lead").status, 303) << "other accounts are unaffected";
}

TEST_P(HttpTest, CsrfIsRequiredAndNothingIsStoredWithoutIt)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    int before = count(lead, "/api/v1/contexts", "contexts");
    auto missing = lead.post("/contexts", {{"name", "No token"}, {"kind", "place"}}, "");
    EXPECT_EQ(missing.status, 403);
    auto wrong = lead.post("/contexts", {{"name", "Wrong token"}, {"kind", "place"}}, "forged");
    EXPECT_EQ(wrong.status, 403);
    auto api = lead.api("POST", "/api/v1/contexts", R"({"name":"Api no token"})", false);
    EXPECT_EQ(api.status, 403);
    EXPECT_EQ(count(lead, "/api/v1/contexts", "contexts"), before);
    auto good = lead.post("/contexts", {{"name", "With token"}, {"kind", "place"}});
    EXPECT_EQ(good.status, 303);
    EXPECT_EQ(count(lead, "/api/v1/contexts", "contexts"), before + 1);
}

TEST_P(HttpTest, EachPageCarriesTheCsrfTokenMaskedAfresh)
{
    Client lead(*server), other(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(other.sign_in("lead").status, 303);
    ASSERT_EQ(lead.get("/contexts/new").status, 200);
    auto first = lead.csrf();
    ASSERT_EQ(lead.get("/contexts/new").status, 200);
    auto second = lead.csrf();
    EXPECT_NE(first, second) << "no fixed secret in a compressed page";
    ASSERT_EQ(other.get("/contexts/new").status, 200);
    auto tampered = second;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_EQ(lead.post("/contexts", {{"name", "Tampered"}, {"kind", "place"}}, tampered).status, 403);
    EXPECT_EQ(lead.post("/contexts", {{"name", "Another session's"}, {"kind", "place"}}, other.csrf()).status, 403);
    EXPECT_EQ(lead.post("/contexts", {{"name", "First mask"}, {"kind", "place"}}, first).status, 303);
    EXPECT_EQ(lead.post("/contexts", {{"name", "Second mask"}, {"kind", "place"}}, second).status, 303);
}

struct HostileField {
    const char* what;
    std::function<HttpResponse(Client&)> submit;
    const char* show;  // page where the text must come back escaped
};

TEST_P(HttpTest, ScriptPayloadsInEveryTextFieldComeBackEscaped)
{
    const std::string payload = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    std::vector<HostileField> fields = {
        {"context name",
         [&](Client& c) {
             return c.post("/contexts", {{"name", payload}, {"kind", "place"}, {"description", payload}});
         },
         "/contexts"},
        {"link label",
         [&](Client& c) {
             return c.post("/contexts/1/links", {{"to", "3"}, {"label", payload.substr(0, 55)}});
         },
         "/contexts/1"},
        {"area name",
         [&](Client& c) {
             return c.post("/frameworks/1/areas", {{"area_name", payload}});
         },
         "/frameworks/1"},
        {"goal statement",
         [&](Client& c) {
             return c.post("/areas/1/goals", {{"statement", payload}});
         },
         "/frameworks/1"},
        {"stage text",
         [&](Client& c) {
             return c.post("/goals/2/stages/outcome", {{"text", payload}, {"based_on", "1"}});
         },
         "/frameworks/1"},
        {"framework title",
         [&](Client& c) {
             return c.post("/frameworks/1", {{"title", payload}, {"status", "active"}});
         },
         "/frameworks/1"},
        {"token label",
         [&](Client& c) {
             return c.post("/account/tokens", {{"label", payload.substr(0, 55)}});
         },
         "/account"},
        {"response agency and place",
         [&](Client& c) {
             return c.post("/contexts/1/responses", {{"date", "2026-11-01"},
                                                     {"agency", payload},
                                                     {"type", "youth_work_outreach"},
                                                     {"place", payload},
                                                     {"young_people", "2"}});
         },
         "/contexts/1/responses"},
        {"meeting minutes and decisions",
         [&](Client& c) {
             return c.post(
                 "/contexts/1/meetings",
                 {{"date", "2026-11-02"}, {"type", "multi_agency"}, {"minutes", payload}, {"decisions", payload}});
         },
         "/meetings/2"},
        {"action",
         [&](Client& c) {
             return c.post("/goals/1/actions", {{"what", payload},
                                                {"owner_agency", "1"},
                                                {"owner_name", payload.substr(0, 100)},
                                                {"approach", "relational"}});
         },
         "/frameworks/1"},
        {"progress note",
         [&](Client& c) {
             return c.post("/actions/1/progress", {{"status", "in_progress"}, {"note", payload}});
         },
         "/actions/1"},
        {"young person pseudonym and reference",
         [&](Client& c) {
             return c.post("/contexts/1/young-people",
                           {{"pseudonym", payload}, {"local_ref", payload.substr(0, 38)}, {"age_band", "14_15"}});
         },
         "/contexts/1/young-people"},
        {"evidence narrative",
         [&](Client& c) {
             return c.post("/contexts/1/evidence", {{"date", "2026-11-03"},
                                                    {"method", "observation"},
                                                    {"provenance", "seen"},
                                                    {"narrative", payload},
                                                    {"supports", "1:scoping"}});
         },
         "/contexts/1/evidence"},
        {"voice quote and themes",
         [&](Client& c) {
             return c.post("/contexts/1/voices", {{"date", "2026-11-03"},
                                                  {"speaker", "community"},
                                                  {"quote", payload},
                                                  {"themes", payload.substr(0, 38)}});
         },
         "/contexts/1/voices"},
        {"activity note and place",
         [&](Client& c) {
             return c.post("/contexts/1/activities/places", {{"date", "2026-11-03"},
                                                             {"participants", "1"},
                                                             {"places", "1"},
                                                             {"p0_who", "unnamed"},
                                                             {"p0_place0", payload},
                                                             {"p0_cat0", "safe"},
                                                             {"note", payload}});
         },
         "/activities/5"},
        {"indicator name, unit and method",
         [&](Client& c) {
             return c.post("/goals/1/indicators", {{"name", payload},
                                                   {"unit", payload.substr(0, 38)},
                                                   {"method", payload},
                                                   {"better", "higher"},
                                                   {"source", "entered"}});
         },
         "/indicators/4"},
        {"measurement note",
         [&](Client& c) {
             return c.post("/indicators/4/measurements", {{"date", "2026-11-03"}, {"value", "1"}, {"note", payload}});
         },
         "/indicators/4"},
        {"outcome rationale",
         [&](Client& c) {
             return c.post("/goals/3/outcome", {{"rating", "partly"}, {"rationale", payload}});
         },
         "/frameworks/1"},
    };
    for (auto& f : fields) {
        SCOPED_TRACE(f.what);
        auto r = f.submit(lead);
        EXPECT_TRUE(r.status == 303 || r.status == 200) << r.status << r.body.substr(0, 300);
        auto page = lead.get(f.show);
        EXPECT_EQ(page.status, 200);
        EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
        EXPECT_EQ(page.body.find("<img src=x"), std::string::npos);
        EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    }
    // Re-displayed forms escape what was typed, too.
    auto invalid = lead.post("/contexts", {{"name", payload + std::string(200, 'x')}, {"kind", "place"}});
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(invalid.body.find("<script>alert"), std::string::npos);
    EXPECT_TRUE(invalid.has("&lt;script&gt;"));
    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    auto agency = admin.post("/admin/agencies", {{"name", payload}, {"kind", "police"}, {"contact_name", payload}});
    EXPECT_EQ(agency.status, 303);
    auto agencies = admin.get("/admin/agencies");
    EXPECT_EQ(agencies.body.find("<script>alert"), std::string::npos);
    EXPECT_NE(agencies.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    auto user = admin.post("/admin/users",
                           {{"display_name", payload.substr(0, 100)}, {"email", "x@example.org"}, {"role", "viewer"}});
    EXPECT_EQ(user.status, 200);
    EXPECT_EQ(user.body.find("<script>alert"), std::string::npos);
}

TEST_P(HttpTest, MalformedAndOversizeRequestsAreRefusedClearly)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    int before = count(lead, "/api/v1/contexts", "contexts");
    auto bad_utf8 = lead.request("POST", "/contexts", "name=%C3%28&kind=place&_csrf=" + lead.csrf());
    EXPECT_EQ(bad_utf8.status, 400);
    EXPECT_TRUE(bad_utf8.has("not valid UTF-8"));
    auto bad_escape = lead.request("POST", "/contexts", "name=%ZZ&kind=place&_csrf=" + lead.csrf());
    EXPECT_EQ(bad_escape.status, 400);
    EXPECT_TRUE(bad_escape.has("malformed"));
    auto control = lead.post("/contexts", {{"name", std::string("bell\x07")}, {"kind", "place"}});
    EXPECT_EQ(control.status, 400);
    EXPECT_TRUE(control.has("control character"));
    auto big = lead.request("POST", "/contexts", "name=" + std::string(2 * 1024 * 1024, 'a') + "&_csrf=" + lead.csrf());
    EXPECT_EQ(big.status, 413);
    auto wrong_type = lead.request("POST", "/contexts", "<xml/>", "text/xml");
    EXPECT_EQ(wrong_type.status, 415);
    auto bad_json = lead.api("POST", "/api/v1/contexts", "{not json");
    EXPECT_EQ(bad_json.status, 400);
    auto bad_query = lead.get("/contexts?q=%E2%82");
    EXPECT_EQ(bad_query.status, 400);
    EXPECT_EQ(count(lead, "/api/v1/contexts", "contexts"), before) << "nothing stored by a rejected request";
}

TEST_P(HttpTest, UnknownAndForeignIdsAnswerNotFound)
{
    server->cli("partnership add --slug other --name 'Other Partnership'");
    auto added = server->cli(
        "--partnership other user add --email lead@other.example.org --name Other --role lead "
        "--password-stdin",
        "violet kettle harbour 58\n");
    Client other(*server);
    ASSERT_EQ(other.sign_in_as("lead@other.example.org", "violet kettle harbour 58").status, 303) << added;
    for (const char* path : {"/contexts/1", "/frameworks/1", "/goals/1/stages/scoping/edit", "/areas/1/edit",
                             "/contexts/1/audit", "/api/v1/frameworks/1", "/api/v1/contexts/1"})
        EXPECT_EQ(other.get(path).status, 404) << path;
    EXPECT_EQ(other.post("/goals/1/stages/scoping", {{"text", "x"}}).status, 404);
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    for (const char* path : {"/contexts/999", "/frameworks/999", "/goals/999/edit", "/goals/1/stages/nonsense/edit",
                             "/no/such/page", "/api/v1/frameworks/999"})
        EXPECT_EQ(lead.get(path).status, 404) << path;
    auto fw = lead.get("/frameworks/1");
    EXPECT_TRUE(fw.has("Young People and Peer Groups")) << "the foreign lead changed nothing";
}

TEST_P(HttpTest, PractitionersSeeOnlyTheirAllocatedContexts)
{
    Client p(*server);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    auto list = p.get("/contexts");
    EXPECT_TRUE(list.has("Millbrook Road friendship group"));
    EXPECT_FALSE(list.has("Hollins Park"));
    EXPECT_EQ(p.get("/contexts/1").status, 200);
    EXPECT_EQ(p.get("/contexts/2").status, 404);
    auto api = nlohmann::json::parse(p.api("GET", "/api/v1/contexts").body);
    EXPECT_EQ(api["contexts"].size(), 1u);
    EXPECT_EQ(p.get("/frameworks/1").status, 200);
    auto wrote = p.post("/goals/1/stages/outcome", {{"text", "A practitioner's update."}, {"based_on", "1"}});
    EXPECT_EQ(wrote.status, 303);

    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto alloc = lead.post("/allocations/3", {{"context", "1"}});
    (void)alloc;
    auto removed = lead.post("/allocations/3/1/remove");
    EXPECT_EQ(removed.status, 303);
    EXPECT_EQ(p.get("/frameworks/1").status, 404) << "de-allocation takes effect at once";
}

TEST_P(HttpTest, APractitionerWithManyContextsIsListedByTheFirstTenAndPagedOnTheirOwnPage)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    // The demo practitioner (user 3) holds one context; allocate thirty more.
    for (int i = 0; i < 30; ++i) {
        auto name = fmt::format("Allocated group {:02}", i);
        auto made = lead.api("POST", "/api/v1/contexts", nlohmann::json{{"name", name}}.dump());
        ASSERT_EQ(made.status, 201) << made.body;
        auto id = nlohmann::json::parse(made.body)["id"].get<std::int64_t>();
        ASSERT_EQ(lead.post("/allocations/3", {{"context", std::to_string(id)}}).status, 303);
    }
    auto list = lead.get("/allocations");
    ASSERT_EQ(list.status, 200);
    EXPECT_TRUE(list.has("Allocated group 09")) << "the first ten by name";
    EXPECT_FALSE(list.has("Allocated group 10"));
    EXPECT_FALSE(list.has("Millbrook Road friendship group")) << "M comes after A: not among the first ten";
    EXPECT_TRUE(list.has("href=\"/allocations/3\">All 31 contexts allocated to"));

    auto theirs = lead.get("/allocations/3");
    ASSERT_EQ(theirs.status, 200);
    EXPECT_TRUE(theirs.has("31 contexts are allocated"));
    EXPECT_TRUE(theirs.has("Allocated group 24"));
    EXPECT_FALSE(theirs.has("Allocated group 25")) << "twenty-five a page";
    auto second = lead.get("/allocations/3?page=2");
    EXPECT_TRUE(second.has("Allocated group 29"));
    EXPECT_TRUE(second.has("Millbrook Road friendship group"));
    EXPECT_TRUE(second.has("name=\"back\" value=\"practitioner\""));

    // Removing from the practitioner's page comes back to it, on the same page.
    auto removed = lead.post("/allocations/3/1/remove", {{"page", "2"}, {"back", "practitioner"}});
    ASSERT_EQ(removed.status, 303);
    EXPECT_EQ(removed.header("Location"), "/allocations/3?page=2&done=removed");
    EXPECT_TRUE(lead.get("/allocations/3").has("30 contexts are allocated"));
    auto added = lead.post("/allocations/3", {{"context_name", "Millbrook Road"}, {"page", "1"}});
    EXPECT_EQ(added.header("Location"), "/allocations?page=1&done=added");
    EXPECT_EQ(lead.get("/allocations/2").status, 404) << "user 2 is the lead: allocated nothing, listed nowhere";
    EXPECT_EQ(lead.get("/allocations/999").status, 404);
}

TEST_P(HttpTest, AStageEditNeverOverwritesANewerVersion)
{
    Client a(*server), b(*server);
    ASSERT_EQ(a.sign_in("lead").status, 303);
    ASSERT_EQ(b.sign_in("practitioner").status, 303);
    EXPECT_EQ(a.post("/goals/1/stages/action", {{"text", "Lead's version."}, {"based_on", "1"}}).status, 303);
    auto late = b.post("/goals/1/stages/action", {{"text", "Practitioner's version."}, {"based_on", "1"}});
    EXPECT_EQ(late.status, 409);
    EXPECT_TRUE(late.has("Practitioner&apos;s version.")) << "the late writer's text is kept in the form";
    EXPECT_TRUE(late.has("Lead&apos;s version.")) << "and the newer version is shown beside it";
    auto retry = b.post("/goals/1/stages/action", {{"text", "Practitioner's version."}, {"based_on", "2"}});
    EXPECT_EQ(retry.status, 303);
    auto history = a.get("/goals/1/stages/action/history");
    EXPECT_TRUE(history.has("Version 3 (current)"));
    EXPECT_TRUE(history.has("Lead&apos;s version."));
}

TEST_P(HttpTest, TheLeadsJourneyFromContextToFourStages)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto created =
        lead.post("/contexts", {{"name", "Station underpass"}, {"kind", "place"}, {"description", "Evenings."}});
    ASSERT_EQ(created.status, 303);
    auto context_url = created.header("Location");
    auto context_id = context_url.substr(10, context_url.find('?') - 10);
    auto form = lead.get("/contexts/" + context_id + "/frameworks/new");
    EXPECT_TRUE(form.has("Neighbourhood or public place"));
    auto fw = lead.post("/contexts/" + context_id + "/frameworks", {{"template", "neighbourhood"},
                                                                    {"title", "Underpass framework"},
                                                                    {"start_date", "2027-01-04"},
                                                                    {"next_review_date", "2027-04-05"}});
    ASSERT_EQ(fw.status, 303);
    auto fw_url = fw.header("Location").substr(0, fw.header("Location").find('?'));
    auto page = lead.get(fw_url);
    EXPECT_TRUE(page.has("Place and Community"));
    std::smatch m;
    std::regex add_goal(R"(/areas/(\d+)/goals/new)");
    ASSERT_TRUE(std::regex_search(page.body, m, add_goal));
    auto goal =
        lead.post("/areas/" + std::string(m[1]) + "/goals", {{"statement", "Young people feel safe walking home"}});
    ASSERT_EQ(goal.status, 303);
    std::regex goal_anchor(R"(#goal-(\d+))");
    auto goal_loc = goal.header("Location");
    ASSERT_TRUE(std::regex_search(goal_loc, m, goal_anchor));
    std::string goal_id = m[1];
    for (const char* stage : {"scoping", "measuring", "action", "outcome"}) {
        auto edit = lead.get("/goals/" + goal_id + "/stages/" + stage + "/edit");
        EXPECT_EQ(edit.status, 200);
        auto saved = lead.post("/goals/" + goal_id + "/stages/" + stage,
                               {{"text", std::string("Our ") + stage + " text."}, {"based_on", "0"}});
        EXPECT_EQ(saved.status, 303) << stage;
    }
    page = lead.get(fw_url);
    for (const char* stage : {"scoping", "measuring", "action", "outcome"})
        EXPECT_TRUE(page.has(std::string("Our ") + stage + " text.")) << stage;

    // The summary at the top: one row per goal, each stage's state, linked to the goal's card.
    auto glance_row = [&goal_id](const std::string& body) {
        auto start = body.find("data-goal=\"" + goal_id + "\"");
        if (start == std::string::npos) return std::string();
        return body.substr(start, body.find("</tr>", start) - start);
    };
    ASSERT_LT(page.body.find("Where each goal stands"), page.body.find("id=\"goal-" + goal_id + "\""));
    auto row = glance_row(page.body);
    ASSERT_FALSE(row.empty());
    EXPECT_TRUE(row.find("href=\"#goal-" + goal_id + "\"") != std::string::npos);
    std::size_t written = 0;
    for (auto at = row.find("Written (version 1)"); at != std::string::npos;
         at = row.find("Written (version 1)", at + 1))
        ++written;
    EXPECT_EQ(written, 4u);
    EXPECT_NE(row.find("Ready for review"), std::string::npos) << "all four written and no rating yet";
    EXPECT_NE(row.find("Not rated"), std::string::npos);
    EXPECT_NE(row.find("None yet"), std::string::npos) << "no indicator";

    // An indicator past its target reads as reached; an action past its due date counts as overdue.
    auto indicator = lead.post("/goals/" + goal_id + "/indicators", {{"name", "Young people who feel safe"},
                                                                     {"better", "higher"},
                                                                     {"source", "entered"},
                                                                     {"baseline", "2"},
                                                                     {"baseline_date", "2026-10-01"},
                                                                     {"target", "6"}});
    ASSERT_EQ(indicator.status, 303);
    auto indicator_url = indicator.header("Location").substr(0, indicator.header("Location").find('?'));
    ASSERT_EQ(lead.post(indicator_url + "/measurements", {{"date", "2026-11-01"}, {"value", "8"}}).status, 303);
    ASSERT_EQ(lead.post(indicator_url + "/measurements", {{"date", "2026-11-20"}, {"value", "7"}}).status, 303);
    auto action_form = lead.get("/goals/" + goal_id + "/actions/new");
    ASSERT_TRUE(std::regex_search(action_form.body, m, std::regex(R"re(<option value="(\d+)")re")));
    ASSERT_EQ(lead.post("/goals/" + goal_id + "/actions", {{"what", "Walk the route with the group"},
                                                           {"owner_agency", std::string(m[1])},
                                                           {"approach", "relational"},
                                                           {"due_date", "2026-11-01"}})
                  .status,
              303);
    row = glance_row(lead.get(fw_url).body);
    EXPECT_NE(row.find("2 → <span class=\"govuk-visually-hidden\">latest </span>7"), std::string::npos) << row;
    EXPECT_NE(row.find("Target reached"), std::string::npos) << "down from 8 to 7, still past the target of 6";
    EXPECT_NE(row.find("1 overdue action<"), std::string::npos);
    auto audit = lead.get("/contexts/" + context_id + "/audit");
    EXPECT_TRUE(audit.has("view"));
    EXPECT_TRUE(audit.has("stage"));
}

TEST_P(HttpTest, AGoalIsWrittenStageByStageToCheckYourAnswers)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto added =
        lead.post("/areas/1/goals", {{"statement", "Young people name a trusted adult at college"}, {"next", "write"}});
    ASSERT_EQ(added.status, 303);
    std::smatch m;
    auto location = added.header("Location");
    ASSERT_TRUE(std::regex_search(location, m, std::regex(R"(^/goals/(\d+)/stages/scoping/edit\?flow=guided$)")))
        << location;
    std::string goal = m[1];
    auto scoping = lead.get(location);
    EXPECT_TRUE(scoping.has("Step 1 of 4"));
    EXPECT_TRUE(scoping.has(">Save and continue</button>"));

    // "Check wording" shows the flagged phrases and their alternatives, and saves nothing.
    auto checked =
        lead.post("/goals/" + goal + "/stages/scoping",
                  {{"text", "The group are hanging around the college gates and putting themselves at risk."},
                   {"based_on", "0"},
                   {"flow", "guided"},
                   {"action", "check"}});
    EXPECT_EQ(checked.status, 200);
    EXPECT_TRUE(checked.has("Wording check"));
    EXPECT_TRUE(checked.has("“putting themselves at risk”"));
    EXPECT_TRUE(checked.has("Try: "));
    EXPECT_TRUE(checked.has("hanging around the college gates and putting themselves at risk.</textarea>"))
        << "the text comes back as typed";
    EXPECT_EQ(lead.get("/goals/" + goal + "/stages/scoping/history").body.find("Version 1"), std::string::npos)
        << "nothing was saved";

    // Save and continue walks the four stages and ends on the answers.
    const char* next[] = {"measuring", "action", "outcome"};
    const char* stages[] = {"scoping", "measuring", "action", "outcome"};
    for (int i = 0; i < 4; ++i) {
        auto saved = lead.post("/goals/" + goal + "/stages/" + stages[i],
                               {{"text", std::string("Our ") + stages[i] + " for the college goal."},
                                {"based_on", "0"},
                                {"flow", "guided"}});
        ASSERT_EQ(saved.status, 303) << stages[i] << saved.body.substr(0, 300);
        if (i < 3)
            EXPECT_EQ(saved.header("Location"), "/goals/" + goal + "/stages/" + next[i] + "/edit?flow=guided");
        else
            EXPECT_EQ(saved.header("Location"), "/goals/" + goal + "/check");
    }
    auto answers = lead.get("/goals/" + goal + "/check");
    EXPECT_EQ(answers.status, 200);
    EXPECT_TRUE(answers.has("Check your answers"));
    EXPECT_TRUE(answers.has("Ready for review"));
    EXPECT_TRUE(answers.has("4 stages of 4 written") || answers.has("4 stages"));
    EXPECT_TRUE(answers.has("Our outcome for the college goal."));
    EXPECT_TRUE(answers.has("href=\"/goals/" + goal + "/stages/measuring/edit?flow=check\""));

    // Saving a stage unchanged asks instead of making a version; saving it blank asks first too.
    auto same = lead.post("/goals/" + goal + "/stages/measuring",
                          {{"text", "Our measuring for the college goal."}, {"based_on", "1"}, {"flow", "check"}});
    EXPECT_EQ(same.status, 200);
    EXPECT_TRUE(same.has("Nothing to save"));
    EXPECT_TRUE(same.has("href=\"/goals/" + goal + "/check\">Continue without saving"));
    auto blank =
        lead.post("/goals/" + goal + "/stages/measuring", {{"text", "  "}, {"based_on", "1"}, {"flow", "check"}});
    EXPECT_EQ(blank.status, 200);
    EXPECT_TRUE(blank.has("Save it blank"));
    auto history = lead.get("/goals/" + goal + "/stages/measuring/history");
    EXPECT_EQ(history.body.find("Version 2"), std::string::npos) << "neither made a version";
    auto changed = lead.post("/goals/" + goal + "/stages/measuring",
                             {{"text", "Our measuring, rewritten."}, {"based_on", "1"}, {"flow", "check"}});
    EXPECT_EQ(changed.status, 303);
    EXPECT_EQ(changed.header("Location"), "/goals/" + goal + "/check");
    auto cleared = lead.post("/goals/" + goal + "/stages/measuring",
                             {{"text", ""}, {"based_on", "2"}, {"flow", "check"}, {"confirm", "blank"}});
    EXPECT_EQ(cleared.status, 303);
    EXPECT_TRUE(lead.get("/goals/" + goal + "/check").has("In progress")) << "three of four written again";

    // The meeting form checks the minutes' wording before anything is recorded.
    auto minutes = lead.post("/contexts/1/meetings", {{"date", "2026-11-30"},
                                                      {"type", "multi_agency"},
                                                      {"minutes", "Police said the boys were hanging around again."},
                                                      {"action", "check"}});
    EXPECT_EQ(minutes.status, 200);
    EXPECT_TRUE(minutes.has("“hanging around”"));
    EXPECT_TRUE(minutes.has("Nothing has been saved yet."));
    EXPECT_FALSE(lead.get("/contexts/1/meetings").has("30 November 2026"));
}

TEST_P(HttpTest, EmptyAndDuplicateInputGetsMessagesNamingTheField)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto empty = lead.post("/contexts", {{"name", "  "}, {"kind", "place"}});
    EXPECT_EQ(empty.status, 400);
    EXPECT_TRUE(empty.has("Enter the context name."));
    EXPECT_TRUE(empty.has("href=\"#name\""));
    auto dup = lead.post("/contexts", {{"name", "hollins park"}, {"kind", "place"}});
    EXPECT_EQ(dup.status, 409);
    EXPECT_TRUE(dup.has("There is already a context called"));
    auto area = lead.post("/frameworks/1/areas", {{"area_name", "guardianship capacity"}});
    EXPECT_EQ(area.status, 400);
    EXPECT_TRUE(area.has("already has an area called"));
    auto goal = lead.post("/areas/1/goals", {{"statement", ""}});
    EXPECT_EQ(goal.status, 400);
    EXPECT_TRUE(goal.has("Enter the goal statement."));
}

TEST_P(HttpTest, GoalsAndAreasCanBeReorderedRemovedAndRestored)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    EXPECT_EQ(lead.post("/areas/3/move", {{"direction", "up"}}).status, 303);
    auto page = lead.get("/frameworks/1");
    EXPECT_LT(page.body.find("Guardianship Capacity"), page.body.find("Environment and Community"));
    EXPECT_EQ(lead.post("/goals/1/remove").status, 303);
    page = lead.get("/frameworks/1");
    EXPECT_TRUE(page.has("Removed goals"));
    EXPECT_EQ(lead.post("/goals/1/restore").status, 303);
    page = lead.get("/frameworks/1");
    EXPECT_FALSE(page.has("Removed goals"));
    EXPECT_TRUE(page.has("Version 2 by Lena Lead")) << "history survives removal";
    EXPECT_EQ(lead.post("/areas/1/delete").status, 409) << "an area with goals is not deleted";
    EXPECT_EQ(lead.post("/areas/1/move", {{"direction", "sideways"}}).status, 400);
}

TEST_P(HttpTest, TheApiWorksWithAPersonalTokenAndIsDescribed)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto made = lead.post("/account/tokens", {{"label", "script"}});
    std::smatch m;
    std::regex token(R"((trellis_[A-Za-z0-9_-]+))");
    ASSERT_TRUE(std::regex_search(made.body, m, token));
    Client script(*server);
    script.bearer = m[1];
    auto contexts = script.api("GET", "/api/v1/contexts");
    EXPECT_EQ(contexts.status, 200);
    EXPECT_EQ(contexts.header("Content-Type"), "application/json");
    // When it was last used is kept to the minute, not written for every request.
    auto db = server->database().connect();
    auto last_used = [&] { return db->query("SELECT last_used_at FROM api_tokens")->first().text(0); };
    auto first_use = last_used();
    EXPECT_FALSE(first_use.empty());
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 200);
    EXPECT_EQ(last_used(), first_use) << "used again within the minute";
    ASSERT_TRUE(db->query("UPDATE api_tokens SET last_used_at = '2026-01-01T00:00:00.000000Z'"));
    EXPECT_EQ(script.api("GET", "/api/v1/contexts").status, 200);
    EXPECT_GT(last_used(), first_use) << "used again after a minute";
    auto put = script.api("PUT", "/api/v1/goals/3/stages/outcome", R"({"text":"Written by a script.","based_on":1})");
    EXPECT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(nlohmann::json::parse(put.body)["version"], 2);
    auto stale = script.api("PUT", "/api/v1/goals/3/stages/outcome", R"({"text":"Stale.","based_on":1})");
    EXPECT_EQ(stale.status, 409);
    auto fw = nlohmann::json::parse(script.api("GET", "/api/v1/frameworks/1").body);
    EXPECT_EQ(fw["areas"][2]["goals"][0]["stages"]["outcome"]["text"], "Written by a script.");
    auto invalid = script.api("POST", "/api/v1/areas/1/goals", R"({"statement": 5})");
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(nlohmann::json::parse(invalid.body)["error"]["field"], "statement");
    Client bad(*server);
    bad.bearer = "trellis_forged";
    EXPECT_EQ(bad.api("GET", "/api/v1/contexts").status, 401);
    auto doc = nlohmann::json::parse(Client(*server).get("/api/v1/openapi.json").body);
    EXPECT_EQ(doc["openapi"], "3.1.0");
    EXPECT_TRUE(doc["paths"].contains("/api/v1/goals/{id}/stages/{stage}"));
    EXPECT_TRUE(doc["paths"]["/api/v1/goals/{id}/stages/{stage}"].contains("put"));
}

TEST_P(HttpTest, AnUnexpectedFailureShowsAnIncidentNumberAndNoDetail)
{
    // Damage one stored value so that reading it throws inside the handler.
    auto db = server->database().connect();
    auto damaged = GetParam() == Backend::Sqlite
                       ? db->exec_script("UPDATE frameworks SET revision = 'damaged' WHERE id = 1")
                       : db->exec_script(
                             "ALTER TABLE frameworks ALTER COLUMN revision TYPE TEXT; "
                             "UPDATE frameworks SET revision = 'damaged' WHERE id = 1");
    ASSERT_TRUE(damaged.has_value()) << damaged.error().message;
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto r = lead.get("/frameworks/1");
    EXPECT_EQ(r.status, 500);
    std::smatch m;
    std::regex incident(R"(Incident number: <strong>([A-Za-z0-9_-]+)</strong>)");
    ASSERT_TRUE(std::regex_search(r.body, m, incident)) << r.body.substr(0, 500);
    EXPECT_FALSE(r.has("not an integer")) << "no exception text on the page";
    EXPECT_NE(server->log().find("incident=" + std::string(m[1])), std::string::npos) << "the detail is in the log";
    EXPECT_EQ(lead.get("/contexts").status, 200) << "the server carries on";
}

TEST_P(HttpTest, IdleSessionsEnd)
{
    Server quick(GetParam(), {"--session-idle-minutes", "0.02"});  // 1.2 seconds
    ASSERT_TRUE(quick.ok() && quick.problem().empty()) << quick.problem();
    Client c(quick);
    ASSERT_EQ(c.sign_in("lead").status, 303);
    EXPECT_EQ(c.get("/contexts").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    auto after = c.get("/contexts");
    EXPECT_EQ(after.status, 303);
    EXPECT_TRUE(after.header("Location").starts_with("/sign-in"));
}

TEST_P(HttpTest, TheLanguageLensHighlightsExplainsAndSetsYoungPeoplesWordsAside)
{
    Client p(*server);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    std::string minute =
        "Police said the youths keep going missing and are putting themselves at risk. "
        "Young people told us they feel \xE2\x80\x9Cmoved on\xE2\x80\x9D. <script>alert(1)</script> "
        "We will focus on their safety.";
    auto r = p.post("/lens", {{"text", minute}});
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.has("trellis-mark--avoid"));
    EXPECT_TRUE(r.has("keep going missing"));
    EXPECT_TRUE(r.has("is missing and may be being trafficked or exploited")) << "the suggested alternative";
    EXPECT_TRUE(r.has("Complex Safeguarding Wales")) << "the source";
    EXPECT_TRUE(r.has("trellis-mark--voice")) << "the young people's words are marked, not scored";
    EXPECT_TRUE(r.has("25%")) << "1 welfare-led of 4 framings";
    EXPECT_FALSE(r.has("<script>alert(1)")) << "pasted text is escaped";
    EXPECT_TRUE(r.has("&lt;script&gt;alert(1)"));
    auto empty = p.post("/lens", {{"text", "   "}});
    EXPECT_EQ(empty.status, 400);
    EXPECT_TRUE(empty.has("Paste the text to analyse, or upload a document."));
    auto api = p.api("POST", "/api/v1/lens", R"({"text":"They were hanging around the shops."})");
    EXPECT_EQ(api.status, 200);
    EXPECT_EQ(nlohmann::json::parse(api.body)["matches"][0]["entry"], "hanging-around");

    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto trends = lead.get("/lens/trends");
    EXPECT_EQ(trends.status, 200);
    EXPECT_TRUE(trends.has("Millbrook Road friendship group"));
    EXPECT_TRUE(trends.has("Westbrook Youth Service")) << "the practitioner's agency";
    EXPECT_EQ(p.get("/lens/trends").status, 403);
    EXPECT_TRUE(lead.get("/overview").has("href=\"/lens/trends\"")) << "the trends are linked from the overview";

    // A viewer reads counts only: every context summed into one row, none named, on the page and in the API.
    Client viewer(*server);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    auto counts = viewer.get("/lens/trends");
    EXPECT_EQ(counts.status, 200);
    EXPECT_FALSE(counts.has("Millbrook Road friendship group"));
    EXPECT_TRUE(counts.has(">All contexts</th>"));
    EXPECT_TRUE(counts.has("Westbrook Youth Service")) << "agencies are not contexts";
    auto api_counts = nlohmann::json::parse(viewer.api("GET", "/api/v1/lens/trends").body);
    ASSERT_EQ(api_counts["contexts"].size(), 1u);
    EXPECT_EQ(api_counts["contexts"][0]["name"], "All contexts");
    EXPECT_EQ(api_counts.dump().find("Millbrook"), std::string::npos);

    // The trends are kept between views, and worked out again once a text is written.
    auto texts_this_month = [&] {
        auto all = nlohmann::json::parse(lead.api("GET", "/api/v1/lens/trends").body);
        for (const auto& row : all["contexts"])
            if (row["name"] == "Millbrook Road friendship group")
                return row["months"].value(today_utc().substr(0, 7), nlohmann::json::object()).value("texts", 0);
        return -1;
    };
    auto before = texts_this_month();
    ASSERT_GE(before, 0);
    EXPECT_EQ(texts_this_month(), before);
    std::smatch version;
    auto edit = lead.get("/goals/1/stages/outcome/edit");
    ASSERT_TRUE(std::regex_search(edit.body, version, std::regex(R"re(name="based_on" value="([0-9]+)")re")))
        << edit.body.substr(0, 2000);
    ASSERT_EQ(lead.post("/goals/1/stages/outcome",
                        {{"text", "The group were supported by youth workers at the park."}, {"based_on", version[1]}})
                  .status,
              303);
    EXPECT_EQ(texts_this_month(), before + 1);
}

TEST_P(HttpTest, AdminsExtendTheLexiconForTheirPartnership)
{
    Client admin(*server), p(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    EXPECT_FALSE(p.post("/lens", {{"text", "He was on road again."}}).has("trellis-mark--avoid"));
    auto bad = admin.post("/admin/lexicon", {{"key", "on-road"},
                                             {"phrases", "on (road"},
                                             {"tier", "avoid"},
                                             {"category", "labelling"},
                                             {"alternative", "x"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("Phrase &quot;on (road&quot;"));
    auto missing = admin.post(
        "/admin/lexicon", {{"key", "on-road"}, {"phrases", "on road"}, {"tier", "avoid"}, {"category", "labelling"}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_TRUE(missing.has("Enter the suggested alternative."));
    auto added = admin.post("/admin/lexicon", {{"key", "on-road"},
                                               {"phrases", "{is,was,were} on road\nrunning lines"},
                                               {"tier", "avoid"},
                                               {"category", "minimising exploitation"},
                                               {"alternative", "is being criminally exploited"},
                                               {"source_title", "Westbrook practitioners' review"}});
    EXPECT_EQ(added.status, 303);
    auto flagged = p.post("/lens", {{"text", "He was on road again."}});
    EXPECT_TRUE(flagged.has("trellis-mark--avoid"));
    EXPECT_TRUE(flagged.has("is being criminally exploited"));
    EXPECT_TRUE(flagged.has("Westbrook practitioners&apos; review"));
    std::smatch m;
    std::regex remove(R"(/admin/lexicon/(\d+)/remove)");
    auto page = admin.get("/admin/lexicon");
    ASSERT_TRUE(std::regex_search(page.body, m, remove));
    EXPECT_EQ(admin.post("/admin/lexicon/" + std::string(m[1]) + "/remove").status, 303);
    EXPECT_FALSE(p.post("/lens", {{"text", "He was on road again."}}).has("trellis-mark--avoid"));
}

TEST_P(HttpTest, ActionsAreOwnedByAgenciesAndPartnersSeeOnlyTheirOwn)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto missing = lead.post("/goals/1/actions", {{"what", "Something"}, {"approach", "relational"}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_TRUE(missing.has("Choose the agency that owns the action."));
    // Agencies: 1 Hollins Leisure Centre, ... ordered by name; find the police id from the form.
    auto form = lead.get("/goals/1/actions/new");
    std::smatch m;
    std::regex police(R"re(<option value="(\d+)"[^>]*>Westbrook Neighbourhood Policing</option>)re");
    ASSERT_TRUE(std::regex_search(form.body, m, police));
    std::string police_id = m[1];
    auto added = lead.post("/goals/1/actions", {{"what", "Stop and account checks at the station <b>"},
                                                {"owner_agency", police_id},
                                                {"approach", "surveillance"},
                                                {"due_date", "2027-02-01"}});
    EXPECT_EQ(added.status, 303);
    auto page = lead.get("/frameworks/1");
    EXPECT_TRUE(page.has("Stop and account checks at the station &lt;b&gt;"));
    EXPECT_TRUE(page.has("Overdue")) << "the demo's lighting bid is past its due date";
    EXPECT_FALSE(page.has("more disruption and surveillance actions")) << "the demo plan is welfare-led";
    EXPECT_TRUE(lead.get("/overview").has("Overdue actions: <strong>1</strong>"));
    EXPECT_EQ(lead.post("/frameworks/1", {{"title", "Millbrook plan"},
                                          {"status", "active"},
                                          {"start_date", "2026-03-02"},
                                          {"next_review_date", "2026-10-01"}})
                  .status,
              303);
    auto overview = lead.get("/overview");
    EXPECT_TRUE(overview.has("Frameworks past their review date: <strong>1</strong>"));
    EXPECT_TRUE(overview.has("Millbrook plan</a> (review was due 1 October 2026)"));

    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    auto mine = partner.get("/my-actions");
    EXPECT_EQ(mine.status, 200);
    EXPECT_TRUE(mine.has("Dispersal order for Hollins Park"));
    EXPECT_TRUE(mine.has("Stop and account checks"));
    EXPECT_TRUE(mine.has("Agencies respond to the group with care")) << "the goal statement";
    EXPECT_FALSE(mine.has("Free Thursday youth evening")) << "another agency's action";
    EXPECT_FALSE(mine.has("Over six evening sessions")) << "never the stage narratives";
    std::regex link(R"(/actions/(\d+))");
    ASSERT_TRUE(std::regex_search(mine.body, m, link));
    std::string own = m[1];
    auto progress =
        partner.post("/actions/" + own + "/progress", {{"status", "done"}, {"note", "Completed by the team."}});
    EXPECT_EQ(progress.status, 303);
    EXPECT_TRUE(partner.get("/actions/" + own).has("Completed by the team."));
    EXPECT_EQ(partner.post("/actions/" + own + "/progress", {{"status", "done"}, {"note", ""}}).status, 400);
    std::regex youth_action(R"re(/actions/(\d+)">Detached youth work sessions)re");
    ASSERT_TRUE(std::regex_search(page.body, m, youth_action));
    EXPECT_EQ(partner.get("/actions/" + std::string(m[1])).status, 404) << "a youth service action";
    for (const char* path : {"/frameworks/1", "/contexts", "/contexts/1", "/goals/1/stages/scoping/history",
                             "/api/v1/frameworks/1", "/lens/trends"})
        EXPECT_EQ(partner.get(path).status, 403) << path;
}

TEST_P(HttpTest, APartnerAgencysActionsAreReadAPageAtATime)
{
    auto db = server->database().connect();
    ASSERT_TRUE(db);
    auto agency =
        db->query("SELECT agency_id FROM users WHERE email = 'partner@demo.trellis.test'")->first().integer(0);
    ASSERT_TRUE(db->query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
        "INSERT INTO actions (goal_id, what, owner_agency_id, due_date, status, approach, created_at, updated_at, "
        "context_id) SELECT 1, 'Patrol number ' || i, $1, CASE WHEN i <= 30 THEN '2020-01-01' ELSE '2099-01-01' END, "
        "'planned', 'enforcement', '2026-01-01', '2026-01-01', (SELECT context_id FROM goals WHERE id = 1) FROM n",
        {agency}));
    auto total = db->query(
                       "SELECT COUNT(*) FROM actions a WHERE a.owner_agency_id = $1 OR a.id IN (SELECT action_id "
                       "FROM action_partners WHERE agency_id = $1)",
                       {agency})
                     ->first()
                     .integer(0);
    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    auto first = partner.get("/my-actions");
    ASSERT_EQ(first.status, 200);
    EXPECT_TRUE(first.has(fmt::format("Showing 1 to 25 of {}.", total))) << first.body.substr(0, 4000);
    EXPECT_TRUE(first.has("href=\"/my-actions?page=2\" rel=\"next\""));
    EXPECT_FALSE(first.has("Free Thursday youth evening")) << "another agency's action";
    auto overdue = partner.get("/my-actions?overdue=yes&page=2");
    EXPECT_TRUE(overdue.has("Showing 26 to ")) << overdue.body.substr(0, 4000);
    EXPECT_FALSE(overdue.has("2099")) << "only what is overdue";
    EXPECT_EQ(partner.get("/my-actions?status=lost").status, 400);
    auto furthest = partner.get("/my-actions?page=9223372036854775807");
    EXPECT_EQ(furthest.status, 200) << "the last page, whatever number is typed";
    EXPECT_TRUE(furthest.has(fmt::format("of {}.", total)));

    // The API walks the same list by cursor, each action once, soonest due first.
    std::set<std::int64_t> ids;
    std::string last_due, next = "/api/v1/actions?limit=20";
    while (!next.empty()) {
        auto page = nlohmann::json::parse(partner.api("GET", next).body);
        ASSERT_LE(page["actions"].size(), 20u);
        for (const auto& a : page["actions"]) {
            EXPECT_TRUE(ids.insert(a["id"].get<std::int64_t>()).second);
            auto due = a["due_date"].is_string() ? a["due_date"].get<std::string>() : "";
            if (!due.empty()) {
                EXPECT_GE(due, last_due);
                last_due = due;
            }
        }
        next = page["next"].is_null() ? "" : page["next"].get<std::string>();
    }
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total);
    EXPECT_TRUE(partner.get("/contexts/1/audit").status == 403);
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    EXPECT_TRUE(lead.get("/audit").has("agency page 1")) << "a partner's list is audited";
}

TEST_P(HttpTest, TheContextsListIsSearchedAndPagedByTheDatabase)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    for (int i = 0; i < 30; ++i)
        ASSERT_EQ(lead.post("/contexts", {{"name", std::string(i < 10 ? "Estate stairwell 0" : "Estate stairwell ") +
                                                       std::to_string(i)},
                                          {"kind", "place"}})
                      .status,
                  303);
    auto first = lead.get("/contexts");
    EXPECT_TRUE(first.has("34 contexts. Showing 1 to 25 of 34.")) << "the demo's four and thirty more";
    EXPECT_TRUE(first.has("href=\"/contexts?page=2\""));
    auto second = lead.get("/contexts?page=2");
    EXPECT_TRUE(second.has("Showing 26 to 34 of 34."));
    EXPECT_TRUE(second.has("Riverside College")) << "by name: R comes after E";
    auto search = lead.get("/contexts?q=STAIRWELL+1");
    EXPECT_TRUE(search.has("10 contexts")) << "any case, part of the name: 10 to 19";
    EXPECT_TRUE(lead.get("/contexts?q=100%25").has("No contexts match your search."))
        << "% is a character, not a wildcard";
    EXPECT_TRUE(lead.get("/contexts?kind=place&q=estate").has("30 contexts"));
    EXPECT_TRUE(lead.get("/contexts?kind=online").has("No contexts match your search."));
    EXPECT_EQ(lead.get("/contexts?kind=moon").status, 400);
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    auto mine = practitioner.get("/contexts");
    EXPECT_TRUE(mine.has("1 context<")) << "only the allocated one";
    EXPECT_FALSE(mine.has("Estate stairwell"));

    // A context is named, not chosen from a list of every one.
    EXPECT_FALSE(lead.get("/contexts/1").has("Estate stairwell 05")) << "no list of the other contexts";
    auto several = lead.post("/contexts/1/links", {{"to_name", "stairwell 1"}, {"label", "near"}});
    EXPECT_EQ(several.status, 400);
    EXPECT_TRUE(several.has("10 contexts match “stairwell 1”")) << several.body;
    auto none = lead.post("/contexts/1/links", {{"to_name", "Moon base"}, {"label", "near"}});
    EXPECT_EQ(none.status, 400);
    EXPECT_TRUE(none.has("No context is called “Moon base”")) << none.body;
    EXPECT_EQ(lead.post("/contexts/1/links", {{"to_name", "estate  STAIRWELL 12"}, {"label", "near"}}).status, 303);
    EXPECT_TRUE(lead.get("/contexts/1").has("near: <a class=\"govuk-link\" href=\"/contexts/"));
    auto allocated = lead.post("/allocations/3", {{"context_name", "Estate stairwell 07"}, {"page", "2"}});
    EXPECT_EQ(allocated.status, 303);
    EXPECT_EQ(allocated.header("Location"), "/allocations?page=2&done=added") << "back to the practitioner's page";
    EXPECT_TRUE(practitioner.get("/contexts").has("Estate stairwell 07"));
    EXPECT_FALSE(practitioner.get("/contexts").has("Estate stairwell 08"));
    auto allocations = lead.get("/allocations");
    EXPECT_TRUE(allocations.has("Priya Practitioner"));
    EXPECT_LT(allocations.body.find("Estate stairwell 07"), allocations.body.find("Millbrook Road friendship group"))
        << "the practitioner's contexts, by name";
    EXPECT_FALSE(allocations.has("Estate stairwell 08")) << "no list of every context";
    EXPECT_FALSE(allocations.has("Vic Viewer")) << "only practitioners are allocated";
    EXPECT_EQ(practitioner.post("/contexts/1/links", {{"to_name", "stairwell 08"}, {"label", "near"}}).status, 403);

    // A partnership of thousands of contexts, and a context of thousands of
    // quotes: each list counted as far as a thousand, its pages going on
    // without naming the last.
    auto db = server->database().connect();
    ASSERT_TRUE(
        db->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) "
                  "INSERT INTO contexts (partnership_id, kind, name, name_key, created_at, updated_at) "
                  "SELECT 1, 'place', 'Block ' || i, 'block ' || i, '2026-01-01', '2026-01-01' FROM n"));
    auto many = lead.get("/contexts");
    EXPECT_TRUE(many.has("More than 1,000 contexts")) << many.body.substr(0, 3000);
    EXPECT_TRUE(many.has("Showing 1 to 25 of more than 1,000."));
    EXPECT_TRUE(many.has("href=\"/contexts?page=2\" rel=\"next\""));
    EXPECT_TRUE(lead.get("/contexts?page=49").has("Showing 1,201 to 1,225 of more than 1,225."));
    EXPECT_TRUE(lead.get("/contexts?page=99").has("of 1,23")) << "counted to the end, the last page is shown";
    EXPECT_EQ(lead.get("/contexts?page=9223372036854775807").status, 200) << "no overflow past the last page";
    // "Block 115" and "Block 1150" to "Block 1159".
    EXPECT_TRUE(lead.get("/contexts?kind=place&q=block+115").has(">11 contexts<")) << "a filter counts what it finds";
    ASSERT_TRUE(db->query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100) "
        "INSERT INTO voices (partnership_id, context_id, spoken_on, speaker, quote, author_label, created_at) "
        "SELECT 1, 1, '2025-01-01', 'professional', 'Quiet tonight', 'Test', '2026-01-01' FROM n"));
    auto voices = lead.get("/contexts/1/voices");
    EXPECT_TRUE(voices.has("Showing 1 to 25 of more than 1,000.")) << voices.body.substr(0, 3000);
    EXPECT_TRUE(voices.has("href=\"/contexts/1/voices?page=2\" rel=\"next\""));
    // A register of more than a thousand: its own page counts everyone, a
    // form counts only as far as it says.
    ASSERT_TRUE(
        db->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100) "
                  "INSERT INTO young_people (partnership_id, pseudonym, pseudonym_key, age_band, created_at) "
                  "SELECT 1, 'Kai ' || i, 'kai ' || i, 'not_known', '2026-01-01' FROM n"));
    ASSERT_TRUE(
        db->query("INSERT INTO young_person_contexts (young_person_id, context_id) "
                  "SELECT id, 1 FROM young_people WHERE pseudonym_key LIKE 'kai %'"));
    EXPECT_TRUE(lead.get("/contexts/1/voices").has("which holds more than 1,000 people"));
    EXPECT_TRUE(lead.get("/contexts/1/evidence/new").has("This context's register holds more than 1,000 people"));
    std::smatch m;
    auto listed = lead.get("/contexts/1/young-people");
    ASSERT_TRUE(std::regex_search(listed.body, m, std::regex("([0-9,]+) on this context's register")));
    EXPECT_GT(std::stoi(std::regex_replace(m[1].str(), std::regex(","), "")), 1100);
}

TEST_P(HttpTest, TheUsersPageIsSearchedAndPagedByTheDatabase)
{
    auto db = server->database().connect();
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        db->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
                  "INSERT INTO users (partnership_id, email, display_name, role, password_hash, created_at) "
                  "SELECT 1, 'worker' || i || '@example.org', 'Worker ' || i, 'practitioner', 'x', "
                  "'2026-01-01' FROM n"));
    auto total = db->query("SELECT COUNT(*) FROM users WHERE partnership_id = 1")->first().integer(0);
    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    auto first = admin.get("/admin/users");
    ASSERT_EQ(first.status, 200);
    EXPECT_TRUE(first.has(fmt::format("Showing 1 to 25 of {}.", total))) << first.body.substr(0, 3000);
    EXPECT_TRUE(first.has("href=\"/admin/users?page=2\" rel=\"next\""));
    // "Worker 5" and "Worker 50" to "Worker 59", typed in any case.
    auto found = admin.get("/admin/users?q=WORKER+5");
    EXPECT_TRUE(found.has(">11 users<")) << found.body.substr(0, 3000);
    EXPECT_TRUE(found.has("worker59@example.org"));
    EXPECT_FALSE(found.has("worker6@example.org"));
    EXPECT_TRUE(admin.get("/admin/users?q=worker6%40").has(">1 user<")) << "by email address too";
    EXPECT_TRUE(admin.get("/admin/users?q=50%25").has("No users match your search.")) << "% is a character";
    auto admins = admin.get("/admin/users?role=admin");
    EXPECT_TRUE(admins.has("admin@demo.trellis.test"));
    EXPECT_FALSE(admins.has("worker1@example.org"));
    EXPECT_EQ(admin.get("/admin/users?role=king").status, 400);

    // The API reads the accounts by id, a page at a time, each once.
    std::set<std::int64_t> ids;
    std::string next = "/api/v1/users?limit=20";
    while (!next.empty()) {
        auto page = nlohmann::json::parse(admin.api("GET", next).body);
        ASSERT_LE(page["users"].size(), 20u);
        for (const auto& u : page["users"]) EXPECT_TRUE(ids.insert(u["id"].get<std::int64_t>()).second);
        next = page["next"].is_null() ? "" : page["next"].get<std::string>();
    }
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total);
}

TEST_P(HttpTest, LeadsListEveryActionOfThePartnershipFilteredAndPaged)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto all = lead.get("/actions");
    ASSERT_EQ(all.status, 200);
    EXPECT_TRUE(all.has("9 actions")) << "the demo plan's nine";
    EXPECT_TRUE(all.has("href=\"/actions\"")) << "the Actions tab leads here, not to an agency's list";
    EXPECT_TRUE(lead.get("/overview").has("href=\"/actions?overdue=yes\""));
    auto overdue = lead.get("/actions?overdue=yes");
    EXPECT_TRUE(overdue.has("1 action match"));
    EXPECT_TRUE(overdue.has("Bid for lighting on the path by the underpass"));
    EXPECT_FALSE(overdue.has("Dispersal order")) << "stopped actions are never overdue";
    auto stopped = lead.get("/actions?status=stopped&approach=disruption");
    EXPECT_TRUE(stopped.has("1 action match"));
    EXPECT_TRUE(stopped.has("Dispersal order for Hollins Park"));
    auto form = lead.get("/goals/1/actions/new");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(form.body, m,
                                  std::regex(R"re(<option value="(\d+)"[^>]*>Hollins Leisure Centre</option>)re")));
    std::string leisure = m[1];
    auto theirs = lead.get("/actions?agency=" + leisure);
    EXPECT_TRUE(theirs.has("1 action match"));
    EXPECT_TRUE(theirs.has("Free Thursday youth evening"));
    EXPECT_EQ(lead.get("/actions?agency=police").status, 400);
    EXPECT_TRUE(lead.get("/actions?status=finished").has("Choose a status from the list."));
    EXPECT_EQ(lead.get("/actions?context=2").status, 200);
    EXPECT_TRUE(lead.get("/actions?context=2").has("0 actions match"));
    // The context is typed, not picked from a list of every context: part of
    // its name finds it, and the box shows its whole name.
    auto named = lead.get("/actions?context_name=millbrook+road");
    EXPECT_TRUE(named.has("9 actions match")) << named.body.substr(named.body.find("actions match") - 40, 80);
    EXPECT_TRUE(named.has("value=\"Millbrook Road friendship group\""));
    EXPECT_FALSE(named.has("<option value=\"2\">Hollins Park</option>"));
    auto several = lead.get("/audit?context_name=r");
    EXPECT_EQ(several.status, 400);
    EXPECT_TRUE(several.has("Type more of the name.")) << several.body.substr(0, 3000);
    EXPECT_EQ(lead.get("/audit?context_name=nowhere+street").status, 400);
    EXPECT_TRUE(lead.get("/audit?context_name=hollins").has("value=\"Hollins Park\""));

    // Twenty-five to a page, the filters kept in every page link.
    for (int i = 0; i < 25; ++i)
        ASSERT_EQ(lead.post("/goals/1/actions", {{"what", "Weekly check-in " + std::to_string(i)},
                                                 {"owner_agency", leisure},
                                                 {"approach", "relational"}})
                      .status,
                  303);
    auto first = lead.get("/actions?agency=" + leisure);
    EXPECT_TRUE(first.has("26 actions match"));
    auto page1 = lead.get("/actions");
    EXPECT_TRUE(page1.has("Showing 1 to 25 of 34."));
    EXPECT_TRUE(page1.has("href=\"/actions?page=2\""));
    auto page2 = lead.get("/actions?page=2");
    EXPECT_TRUE(page2.has("Showing 26 to 34 of 34."));
    EXPECT_TRUE(page2.has("Weekly check-in")) << "undated actions come last";
    EXPECT_TRUE(lead.get("/actions?page=99").has("Showing 26 to 34 of 34.")) << "past the end shows the last page";
    auto filtered = lead.get("/actions?approach=relational&page=2");
    EXPECT_TRUE(filtered.has("href=\"/actions?approach=relational&amp;page=1\""));

    // A practitioner sees the actions on their allocated contexts; a partner has their agency's list.
    Client practitioner(*server), partner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_TRUE(practitioner.get("/actions").has("34 actions"));
    EXPECT_EQ(practitioner.get("/actions?context=2").status, 404);
    EXPECT_EQ(practitioner.get("/actions?context_name=hollins").status, 400) << "not allocated, so not found by name";
    EXPECT_EQ(partner.get("/actions").status, 403);
    EXPECT_TRUE(partner.get("/my-actions").has("href=\"/my-actions\""));

    // A partnership with thousands of actions: counted as far as a thousand,
    // and the pages go on without naming the last.
    auto db = server->database().connect();
    ASSERT_TRUE(
        db->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
                  "INSERT INTO actions (goal_id, what, owner_agency_id, status, approach, due_date, created_at, "
                  "updated_at, context_id) SELECT 1, 'Outreach session', $1, 'planned', 'relational', '2027-01-01', "
                  "'2026-01-01', '2026-01-01', (SELECT context_id FROM goals WHERE id = 1) FROM n",
                  {std::stoll(leisure)}));
    auto many = lead.get("/actions");
    EXPECT_TRUE(many.has("More than 1,000 actions")) << many.body.substr(many.body.find("action-count"), 200);
    EXPECT_TRUE(many.has("Showing 1 to 25 of more than 1,000."));
    EXPECT_FALSE(many.has("href=\"/actions?page=40\"")) << "no last page is named";
    EXPECT_TRUE(many.has("href=\"/actions?page=2\" rel=\"next\""));
    auto far = lead.get("/actions?page=60");
    EXPECT_TRUE(far.has("Showing 1,476 to 1,500 of more than 1,500.")) << "a page past the first thousand is read";
    auto end = lead.get("/actions?page=99");
    EXPECT_TRUE(end.has("Showing 1,526 to 1,534 of 1,534.")) << "counted to the end, the last page is shown";
}

TEST_P(HttpTest, AnEnforcementLedPlanIsFlagged)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto fw = lead.post("/contexts/2/frameworks", {{"template", "neighbourhood"}, {"title", "Park plan"}});
    ASSERT_EQ(fw.status, 303);
    auto url = fw.header("Location").substr(0, fw.header("Location").find('?'));
    auto page = lead.get(url);
    std::smatch m;
    std::regex add_goal(R"(/areas/(\d+)/goals/new)");
    ASSERT_TRUE(std::regex_search(page.body, m, add_goal));
    auto goal =
        lead.post("/areas/" + std::string(m[1]) + "/goals", {{"statement", "Young people feel safe in the park"}});
    std::regex anchor(R"(#goal-(\d+))");
    auto location = goal.header("Location");
    ASSERT_TRUE(std::regex_search(location, m, anchor));
    std::string goal_id = m[1];
    auto form = lead.get("/goals/" + goal_id + "/actions/new");
    std::regex first_agency(R"re(<option value="(\d+)">)re");
    ASSERT_TRUE(std::regex_search(form.body, m, first_agency));
    EXPECT_EQ(lead.post("/goals/" + goal_id + "/actions",
                        {{"what", "Dispersal order"}, {"owner_agency", m[1]}, {"approach", "disruption"}})
                  .status,
              303);
    EXPECT_TRUE(lead.get(url).has("more disruption and surveillance actions (1) than welfare-led ones (0)"));
}

std::string multipart(const std::string& boundary, const std::vector<std::array<std::string, 3>>& parts);

TEST_P(HttpTest, FrameworksDownloadAsMarkdownCsvAndJsonAndEachExportIsAudited)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(lead.post("/goals/3/stages/outcome", {{"text", "=HYPERLINK(\"http://example.org\")"}, {"based_on", "1"}})
                  .status,
              303);
    auto md = lead.get("/frameworks/1/export/markdown");
    EXPECT_EQ(md.status, 200);
    EXPECT_EQ(md.header("Content-Type"), "text/markdown; charset=utf-8");
    EXPECT_NE(md.header("Content-Disposition").find("attachment"), std::string::npos);
    EXPECT_TRUE(md.has("## Guardianship Capacity"));
    EXPECT_TRUE(md.has("#### 4. Outcome: After the response, what has changed and how do you know?"));
    EXPECT_TRUE(md.has("#### Actions"));
    auto csv = lead.get("/frameworks/1/export/csv");
    EXPECT_EQ(csv.status, 200);
    EXPECT_TRUE(csv.has("area,goal,goal status,stage,question,text,version,author,written at"));
    EXPECT_TRUE(csv.has("\"'=HYPERLINK(\"\"http://example.org\"\")\"")) << "formula neutralised";
    std::size_t rows = 0;
    for (std::size_t pos = 0; (pos = csv.body.find("\r\n", pos)) != std::string::npos; pos += 2) ++rows;
    EXPECT_EQ(rows, 1u + 3 * 4) << "a header and one row per goal and stage (line breaks inside cells are bare)";
    auto json = lead.get("/frameworks/1/export/json");
    EXPECT_EQ(nlohmann::json::parse(json.body)["format"], "trellis-framework");
    auto docx = lead.get("/frameworks/1/export/docx");
    EXPECT_EQ(docx.status, 200);
    EXPECT_EQ(docx.header("Content-Type"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    auto text = formats::docx_text(docx.body);
    ASSERT_TRUE(text.has_value()) << text.error().message;
    for (const char* expected :
         {"Young People and Peer Groups", "Environment and Community", "Guardianship Capacity",
          "1. Scoping: How have you identified this goal?",
          "Young people in the group know adults nearby who they trust",
          "Detached youth workers keep a regular Tuesday and Friday presence", "Actions", "=HYPERLINK"})
        EXPECT_NE(text->find(expected), std::string::npos) << expected;
    EXPECT_EQ(lead.get("/frameworks/1/export/xls").status, 404);
    auto audit = lead.get("/contexts/1/audit");
    EXPECT_TRUE(audit.has("format=markdown"));
    EXPECT_TRUE(audit.has("format=csv"));
    EXPECT_TRUE(audit.has("format=json"));
    EXPECT_TRUE(audit.has("format=docx"));
}

TEST_P(HttpTest, MeetingsRecordDecisionsThatBecomeActions)
{
    Client p(*server);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    auto demo = p.get("/meetings/2");
    EXPECT_EQ(demo.status, 200);
    EXPECT_TRUE(demo.has("Context conference"));
    EXPECT_TRUE(demo.has("The action for this decision")) << "the demo's first decision became an action";
    EXPECT_TRUE(demo.has("welfare-led framing")) << "the minutes read through the lens";
    auto bad = p.post("/contexts/1/meetings", {{"date", "tomorrow"}, {"type", "context_conference"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("Enter the date of the meeting as a real date."));
    auto made =
        p.post("/contexts/1/meetings",
               {{"date", "2026-11-25"},
                {"type", "multi_agency"},
                {"minutes", "The youths <script>x</script> were discussed."},
                {"decisions", "Invite the group to plan the spring events\n\nAsk the college about late opening"}});
    ASSERT_EQ(made.status, 303);
    auto page = p.get(made.header("Location"));
    EXPECT_TRUE(page.has("Invite the group to plan the spring events"));
    EXPECT_TRUE(page.has("&lt;script&gt;"));
    std::smatch m;
    std::regex decision(R"(/decisions/(\d+)/action)");
    ASSERT_TRUE(std::regex_search(page.body, m, decision));
    std::string decision_id = m[1];
    std::regex goal(R"re(name="goal"><option value="(\d+)")re");
    ASSERT_TRUE(std::regex_search(page.body, m, goal));
    std::string goal_id = m[1];
    std::regex owner(R"re(name="owner_agency"><option value="(\d+)")re");
    ASSERT_TRUE(std::regex_search(page.body, m, owner));
    auto action = p.post("/decisions/" + decision_id + "/action",
                         {{"goal", goal_id}, {"owner_agency", m[1]}, {"approach", "relational"}});
    EXPECT_EQ(action.status, 303);
    EXPECT_TRUE(p.get(action.header("Location")).has("The decision is now an action."));
    EXPECT_EQ(p.post("/decisions/" + decision_id + "/action",
                     {{"goal", goal_id}, {"owner_agency", m[1]}, {"approach", "relational"}})
                  .status,
              409)
        << "a decision becomes one action";
    EXPECT_TRUE(p.get("/frameworks/1").has("Invite the group to plan the spring events"));
    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_EQ(partner.get("/meetings/1").status, 403);
}

TEST_P(HttpTest, DatesAreEnteredInThreeBoxes)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto form = lead.get("/contexts/1/voices");
    EXPECT_TRUE(form.has("name=\"date-day\""));
    EXPECT_TRUE(form.has("<legend class=\"govuk-fieldset__legend\">Date</legend>"));
    auto wrong = lead.post("/contexts/1/voices", {{"speaker", "young_person"},
                                                  {"quote", "The new lights help."},
                                                  {"date-day", "30"},
                                                  {"date-month", "2"},
                                                  {"date-year", "2026"}});
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(wrong.has("href=\"#date\""));
    EXPECT_TRUE(wrong.has("name=\"date-day\" type=\"text\" inputmode=\"numeric\" value=\"30\""))
        << "the boxes come back as typed";
    auto saved = lead.post("/contexts/1/voices", {{"speaker", "young_person"},
                                                  {"quote", "The new lights help."},
                                                  {"date-day", "3"},
                                                  {"date-month", "11"},
                                                  {"date-year", "2026"}});
    EXPECT_EQ(saved.status, 303);
    EXPECT_TRUE(lead.get("/contexts/1/voices").has("3 November 2026"));
}

TEST_P(HttpTest, TheResponseLogPagesAndFiltersWithRecordingInView)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto log = lead.get("/contexts/1/responses");
    ASSERT_EQ(log.status, 200);
    // 49 enforcement-led and 58 welfare-led responses from January to November 2026, fifty to a page.
    EXPECT_TRUE(log.has("<strong>107 responses</strong>. Showing 1 to 50 of 107."));
    EXPECT_LT(log.body.find("Record a response"), log.body.find("Responses by month")) << "recording comes first";
    EXPECT_TRUE(log.has("href=\"/contexts/1/responses?page=3\""));
    EXPECT_TRUE(lead.get("/contexts/1/responses?page=3").has("Showing 101 to 107 of 107."));
    auto january = lead.get("/contexts/1/responses?month=2026-01&framing=enforcement");
    EXPECT_TRUE(january.has("<strong>9 responses</strong> match."));
    EXPECT_FALSE(january.has("Youth work outreach</td>"));
    EXPECT_TRUE(january.has("<option value=\"2026-01\" selected>January 2026</option>"));
    auto searches = lead.get("/contexts/1/responses?type=stop_and_search");
    EXPECT_TRUE(searches.has("responses</strong> match.") || searches.has("response</strong> match."));
    EXPECT_FALSE(searches.has("Dispersal direction <strong"));
    EXPECT_TRUE(lead.get("/contexts/1/responses?month=2025-12").has("<strong>0 responses</strong> match."));
    for (const char* bad : {"month=2026-13", "month=January", "type=kettled", "framing=both"})
        EXPECT_EQ(lead.get(std::string("/contexts/1/responses?") + bad).status, 400) << bad;

    // Every page of a context carries its sub-navigation, the current page marked.
    EXPECT_TRUE(log.has("aria-label=\"This context\""));
    EXPECT_TRUE(log.has("href=\"/contexts/1/responses\" aria-current=\"page\">Response log</a>"));
    EXPECT_TRUE(
        lead.get("/contexts/1/evidence/new").has("href=\"/contexts/1/evidence\" aria-current=\"page\">Evidence"));
    EXPECT_TRUE(lead.get("/contexts/1").has("href=\"/contexts/1\" aria-current=\"page\">Overview"));
    EXPECT_TRUE(lead.get("/contexts/1").has(">Audit trail</a>"));
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_FALSE(practitioner.get("/contexts/1").has(">Audit trail</a>")) << "only for those who read the audit";
    EXPECT_FALSE(practitioner.get("/contexts/2").has("aria-label=\"This context\"")) << "not on a page not found";
    EXPECT_FALSE(lead.get("/contexts").has("aria-label=\"This context\""));
}

TEST_P(HttpTest, TheResponseLogImportsACsvExportAfterMappingAndPreview)
{
    Client p(*server);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    auto log = p.get("/contexts/1/responses");
    EXPECT_EQ(log.status, 200);
    EXPECT_TRUE(log.has("<svg class=\"trellis-chart trellis-chart--wide\"")) << "the demo's monthly chart";
    EXPECT_TRUE(log.has("Responses by month"));

    const std::string boundary = "trellis-csv";
    const std::string type = "multipart/form-data; boundary=" + boundary;
    std::string csv =
        "When,Agency,Response type,Where,Young people\n"
        "2026-11-20,Police,Dispersal direction,Park,3\n"
        "2026-11-21,Police,Kettled,Park,3\n"
        "2026-11-22,\"=1+1\",Arrest,Park,1\n"
        "2026-11-23,Youth service,Youth work outreach,Park,5\n";
    auto up = p.request("POST", "/contexts/1/responses/import",
                        multipart(boundary, {{"_csrf", "", p.csrf()}, {"file", "export.csv", csv}}), type);
    ASSERT_EQ(up.status, 303) << up.body.substr(0, 400);
    auto map_url = up.header("Location");
    auto map_page = p.get(map_url);
    EXPECT_EQ(map_page.status, 200);
    EXPECT_TRUE(map_page.has("Choose the column that holds the date.")) << "'When' is not guessed as the date";
    auto preview = p.post(map_url, {{"col_date", "0"},
                                    {"col_agency", "1"},
                                    {"col_type", "2"},
                                    {"col_place", "3"},
                                    {"col_young_people", "4"},
                                    {"step", "preview"}});
    EXPECT_EQ(preview.status, 200);
    EXPECT_TRUE(preview.has("2 rows can be imported; 2 cannot."));
    EXPECT_TRUE(preview.has("Line 3: &quot;Kettled&quot; is not a known type of response"));
    EXPECT_TRUE(preview.has("Line 4: a value starts like a spreadsheet formula"));
    auto refused = p.post(map_url, {{"col_date", "0"},
                                    {"col_agency", "1"},
                                    {"col_type", "2"},
                                    {"col_place", "3"},
                                    {"col_young_people", "4"},
                                    {"step", "import"}});
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(refused.has("nothing was imported"));
    EXPECT_FALSE(p.get("/contexts/1/responses").has("20 November 2026")) << "nothing imported yet";
    auto done = p.post(map_url, {{"col_date", "0"},
                                 {"col_agency", "1"},
                                 {"col_type", "2"},
                                 {"col_place", "3"},
                                 {"col_young_people", "4"},
                                 {"skip_bad", "yes"},
                                 {"step", "import"}});
    EXPECT_EQ(done.status, 303);
    auto after = p.get(done.header("Location"));
    EXPECT_TRUE(after.has("Imported 2 responses."));
    EXPECT_TRUE(after.has("20 November 2026"));
    EXPECT_FALSE(after.has("=1+1"));
    EXPECT_EQ(p.get(map_url).status, 404) << "the upload is gone once imported";

    auto latin1 = p.request(
        "POST", "/contexts/1/responses/import",
        multipart(boundary, {{"_csrf", "", p.csrf()}, {"file", "x.csv", "Date,Type\n2026-01-01,Caf\xe9\n"}}), type);
    EXPECT_EQ(latin1.status, 400);
    EXPECT_TRUE(latin1.has("line 2: the file is not UTF-8"));

    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_EQ(partner.get("/contexts/1/responses").status, 403);
}

TEST_P(HttpTest, AHundredThousandRowExportImportsInOneGo)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    std::string csv = "Date,Agency,Type,Place,Young people\n";
    for (int i = 0; i < 100000; ++i)
        csv += "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 9) + ",Police," +
               (i % 3 ? "Moved on" : "Youth work outreach") + ",Park," + std::to_string(i % 7) + "\n";
    const std::string boundary = "trellis-big";
    auto up = lead.request("POST", "/contexts/2/responses/import",
                           multipart(boundary, {{"_csrf", "", lead.csrf()}, {"file", "big.csv", csv}}),
                           "multipart/form-data; boundary=" + boundary);
    ASSERT_EQ(up.status, 303) << up.body.substr(0, 300);
    auto url = up.header("Location");
    auto page = lead.get(url);
    EXPECT_TRUE(page.has("100,000 rows"));
    auto done = lead.post(url, {{"col_date", "0"},
                                {"col_agency", "1"},
                                {"col_type", "2"},
                                {"col_place", "3"},
                                {"col_young_people", "4"},
                                {"step", "import"}});
    EXPECT_EQ(done.status, 303);
    EXPECT_TRUE(lead.get(done.header("Location")).has("Imported 100,000 responses."));
}

std::string multipart(const std::string& boundary, const std::vector<std::array<std::string, 3>>& parts)
{
    std::string body;
    for (const auto& [name, filename, value] : parts) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
        if (!filename.empty()) body += "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream";
        body += "\r\n\r\n" + value + "\r\n";
    }
    return body + "--" + boundary + "--\r\n";
}

TEST_P(HttpTest, TheLensReadsUploadedWordAndTextDocuments)
{
    Client p(*server);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    const std::string boundary = "trellis-test-boundary";
    const std::string type = "multipart/form-data; boundary=" + boundary;
    auto docx =
        make_docx_paragraphs({"Minutes: the youths were hanging around the shops.", "We discussed their safety."});
    auto r = p.request(
        "POST", "/lens",
        multipart(boundary, {{"_csrf", "", p.csrf()}, {"text", "", ""}, {"document", "minutes.docx", docx}}), type);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.has("trellis-mark--avoid")) << "youths";
    EXPECT_TRUE(r.has("trellis-mark--caution")) << "hanging around";
    auto txt = p.request(
        "POST", "/lens",
        multipart(boundary, {{"_csrf", "", p.csrf()}, {"document", "notes.txt", "He keeps going missing."}}), type);
    EXPECT_TRUE(txt.has("keeps going missing"));
    auto binary = p.request(
        "POST", "/lens",
        multipart(boundary, {{"_csrf", "", p.csrf()}, {"document", "x.bin", std::string("\xff\xfe\x00", 3)}}), type);
    EXPECT_EQ(binary.status, 400);
    EXPECT_TRUE(binary.has("neither plain text"));
    auto broken =
        p.request("POST", "/lens",
                  multipart(boundary, {{"_csrf", "", p.csrf()}, {"document", "x.docx", "PK\x03\x04junk"}}), type);
    EXPECT_EQ(broken.status, 400);
    EXPECT_TRUE(broken.has("This file is not a Word document (.docx) Trellis can read"));
    auto no_csrf = p.request("POST", "/lens", multipart(boundary, {{"document", "notes.txt", "text"}}), type);
    EXPECT_EQ(no_csrf.status, 403);
    auto malformed = p.request("POST", "/lens", "--nope\r\ngarbage", type);
    EXPECT_EQ(malformed.status, 400);
}

}  // namespace
}  // namespace trellis::testing

namespace trellis::testing {
namespace {

// Registers `n` young people on a context and returns their ids as form values.
std::vector<std::string> register_people(Client& c, const std::string& context, const std::string& prefix, int n)
{
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
        auto r = c.post("/contexts/" + context + "/young-people",
                        {{"pseudonym", prefix + std::to_string(i + 1)}, {"age_band", "14_15"}});
        EXPECT_EQ(r.status, 303) << r.body.substr(0, 400);
    }
    auto page = c.get("/contexts/" + context + "/evidence/new");
    std::regex option("id=\"yp-([0-9]+)\"[^>]*><label[^>]*>" + prefix + "[0-9]+<");
    for (std::sregex_iterator it(page.body.begin(), page.body.end(), option), end; it != end; ++it)
        ids.push_back((*it)[1]);
    return ids;
}

TEST_P(HttpTest, AnUnfinishedRunIsKeptOnTheServerAndPutBack)
{
    Client p(*server);
    ASSERT_EQ(p.sign_in("practitioner").status, 303);
    auto people = register_people(p, "1", "Draft ", 2);
    ASSERT_EQ(people.size(), 2u);
    auto kept = p.post("/contexts/1/activities/trust/draft", {{"date-day", "5"},
                                                              {"date-month", "11"},
                                                              {"date-year", "2026"},
                                                              {"participants", "8"},
                                                              {"p0_who", people[0]},
                                                              {"p0_youth_worker", "2"},
                                                              {"p1_who", people[1]}});
    ASSERT_EQ(kept.status, 200) << kept.body;
    EXPECT_TRUE(nlohmann::json::parse(kept.body)["saved"].get<bool>());
    auto form = p.get("/contexts/1/activities/new/trust");
    EXPECT_TRUE(form.has("This run was not finished"));
    EXPECT_TRUE(form.has("<option value=\"" + people[1] + "\" selected>"));
    EXPECT_TRUE(
        form.has("id=\"p0_youth_worker\" name=\"p0_youth_worker\" type=\"text\" inputmode=\"numeric\" "
                 "pattern=\"[0-9]*\" value=\"2\""));
    EXPECT_TRUE(form.has("value=\"11\"")) << "the date's month box";
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    EXPECT_TRUE(lead.get("/contexts/1/audit").has("draft")) << "keeping a draft is audited";
    EXPECT_FALSE(lead.get("/contexts/1/activities/new/trust").has("This run was not finished"))
        << "drafts are their author's";
    EXPECT_EQ(p.post("/contexts/2/activities/trust/draft", {{"participants", "1"}}).status, 404) << "not allocated";

    // Discarding it starts again; saving the run removes it.
    EXPECT_EQ(p.post("/contexts/1/activities/trust/draft/delete").status, 303);
    EXPECT_FALSE(p.get("/contexts/1/activities/new/trust").has("This run was not finished"));
    ASSERT_EQ(p.post("/contexts/1/activities/trust/draft", {{"participants", "1"}, {"p0_who", people[0]}}).status, 200);
    auto saved =
        p.post("/contexts/1/activities/trust",
               {{"date", "2026-11-05"}, {"participants", "1"}, {"p0_who", people[0]}, {"p0_youth_worker", "1"}});
    ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 400);
    EXPECT_FALSE(p.get("/contexts/1/activities/new/trust").has("This run was not finished"));
}

TEST_P(HttpTest, ATrustBaselineAndFollowUpShowMeasuredChange)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto ids = register_people(lead, "2", "Park ", 5);
    ASSERT_EQ(ids.size(), 5u);
    auto run = [&](const std::string& date, std::array<int, 5> youth_workers, const std::string& follows) {
        std::map<std::string, std::string> f = {{"date", date}, {"participants", "5"}};
        if (!follows.empty()) f["follow_up_of"] = follows;
        for (int i = 0; i < 5; ++i) {
            auto p = "p" + std::to_string(i);
            f[p + "_who"] = ids[i];
            f[p + "_youth_worker"] = std::to_string(youth_workers[i]);
            f[p + "_teacher"] = follows.empty() ? "" : "1";
            if (youth_workers[i] > 0) f[p + "_youth_worker_r"] = "yes";
        }
        return lead.post("/contexts/2/activities/trust", f);
    };
    auto baseline = run("2026-02-01", {1, 0, 0, 1, 0}, "");
    ASSERT_EQ(baseline.status, 303) << baseline.body.substr(0, 600);
    auto baseline_path = baseline.header("Location").substr(0, baseline.header("Location").find('?'));
    auto baseline_id = baseline_path.substr(baseline_path.rfind('/') + 1);
    auto follow = run("2026-08-01", {2, 1, 1, 2, 1}, baseline_id);
    ASSERT_EQ(follow.status, 303) << follow.body.substr(0, 600);
    auto page = lead.get(follow.header("Location"));
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(page.has("trust-chart-title"));
    EXPECT_TRUE(page.has("Change per young person"));
    // Youth workers: 2 named at baseline (0.4 each) and 7 at follow-up (1.4); teachers 0 -> 5.
    std::regex youth(
        "Youth worker</th><td[^>]*>2</td><td[^>]*>0.4</td><td[^>]*>7</td><td[^>]*>1.4</td><td[^>]*>\\+1</td>");
    EXPECT_TRUE(std::regex_search(page.body, youth)) << page.body.substr(page.body.find("Youth worker"), 400);
    std::regex total("All trusted adults</th><td[^>]*>2</td><td[^>]*>0.4</td><td[^>]*>12</td><td[^>]*>2.4</td>");
    EXPECT_TRUE(std::regex_search(page.body, total));

    // A follow-up dated before its baseline, a count that is not a number, and
    // a young person from another context's register are refused, naming the field.
    auto early = run("2026-01-01", {1, 1, 1, 1, 1}, baseline_id);
    EXPECT_EQ(early.status, 400);
    EXPECT_TRUE(early.has("cannot be dated before"));
    auto words =
        lead.post("/contexts/2/activities/trust",
                  {{"date", "2026-03-01"}, {"participants", "1"}, {"p0_who", "unnamed"}, {"p0_police", "lots"}});
    EXPECT_EQ(words.status, 400);
    EXPECT_TRUE(words.has("href=\"#p0_police\""));
    auto other = register_people(lead, "3", "College ", 1);
    ASSERT_EQ(other.size(), 1u);
    auto stranger = lead.post("/contexts/2/activities/trust",
                              {{"date", "2026-03-01"}, {"participants", "1"}, {"p0_who", other[0]}});
    EXPECT_EQ(stranger.status, 400);
    EXPECT_EQ(lead.get("/contexts/2/activities/new/places?follow_up_of=" + baseline_id).status, 404);
    EXPECT_EQ(lead.get("/contexts/2/activities/new/juggling").status, 404);
    auto list = lead.get("/contexts/2/activities");
    EXPECT_FALSE(list.has("1 March 2026")) << "nothing refused was stored";

    // Dashboards: Riverside College has one young person, shown as "fewer than 5".
    auto dash = lead.get("/contexts/3/dashboard");
    EXPECT_TRUE(dash.has("fewer than 5</span> young people on the register"));
    auto park = lead.get("/contexts/2/dashboard");
    EXPECT_TRUE(park.has("5</span> young people on the register"));
    EXPECT_TRUE(park.has("0.4 <span"));
    EXPECT_TRUE(park.has("2.4 <span"));
    auto audit = lead.get("/contexts/2/audit");
    EXPECT_TRUE(audit.has("activity_run"));

    // A follow-up of the follow-up is compared with it and with the first baseline.
    auto follow_path = follow.header("Location").substr(0, follow.header("Location").find('?'));
    auto again = run("2026-11-01", {3, 1, 1, 2, 1}, follow_path.substr(follow_path.rfind('/') + 1));
    ASSERT_EQ(again.status, 303) << again.body.substr(0, 600);
    auto third = lead.get(again.header("Location"));
    EXPECT_TRUE(third.has("Change since the first baseline"));
    EXPECT_TRUE(third.has("The first baseline is the <a class=\"govuk-link\" href=\"" + baseline_path +
                          "\">run of 1 February 2026</a>"));
    // Youth workers: 7 named (1.4) at the follow-up, 8 (1.6) now: +0.2 on the follow-up, +1.2 since 0.4.
    std::regex chain(
        "Youth worker</th><td[^>]*>7</td><td[^>]*>1.4</td><td[^>]*>8</td><td[^>]*>1.6</td><td[^>]*>\\+0.2</td>"
        "<td[^>]*>\\+1.2</td>");
    EXPECT_TRUE(std::regex_search(third.body, chain)) << third.body.substr(third.body.find("Youth worker"), 500);
    EXPECT_EQ(lead.post(again.header("Location").substr(0, again.header("Location").find('?')) + "/delete").status,
              303);

    // A run entered in error can be deleted, but not while a follow-up is compared with it.
    EXPECT_EQ(lead.post(baseline_path + "/delete").status, 409);
    EXPECT_EQ(lead.post(follow_path + "/delete").status, 303);
    EXPECT_EQ(lead.get(follow_path).status, 404);
    EXPECT_EQ(lead.post(baseline_path + "/delete").status, 303);
    EXPECT_TRUE(lead.get("/contexts/2/activities").has("No activities recorded yet."));
}

TEST_P(HttpTest, EvidenceIsLinkedToStagesAndSeenOnlyByThoseWhoNeedToKnow)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto saved = lead.post("/contexts/1/evidence", {{"date", "2026-11-04"},
                                                    {"method", "conversation"},
                                                    {"provenance", "second_hand"},
                                                    {"narrative", "A shop owner said the group now say hello."},
                                                    {"adults", "business"},
                                                    {"unnamed_young_people", "4"},
                                                    {"supports", "2:outcome"}});
    ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 500);
    auto record = lead.get(saved.header("Location"));
    EXPECT_TRUE(record.has("Told second-hand"));
    EXPECT_TRUE(record.has("Shop or business"));
    EXPECT_TRUE(record.has("and 4 not named"));
    auto fw = lead.get("/frameworks/1");
    EXPECT_TRUE(fw.has("A shop owner") == false) << "the framework lists evidence by date and method only";
    EXPECT_TRUE(fw.has("4 November 2026, Conversation"));

    // Refusals name the field and store nothing.
    auto before = without_tokens(lead.get("/contexts/1/evidence").body);
    auto empty =
        lead.post("/contexts/1/evidence",
                  {{"date", "2026-11-04"}, {"method", "observation"}, {"provenance", "seen"}, {"narrative", " "}});
    EXPECT_EQ(empty.status, 400);
    EXPECT_TRUE(empty.has("href=\"#narrative\""));
    auto foreign_stage = lead.post("/contexts/2/evidence", {{"date", "2026-11-04"},
                                                            {"method", "observation"},
                                                            {"provenance", "seen"},
                                                            {"narrative", "x"},
                                                            {"supports", "1:scoping"}});
    EXPECT_EQ(foreign_stage.status, 400);
    auto bad_date =
        lead.post("/contexts/1/evidence",
                  {{"date", "2026-02-30"}, {"method", "observation"}, {"provenance", "seen"}, {"narrative", "x"}});
    EXPECT_EQ(bad_date.status, 400);
    auto bad_count = lead.post("/contexts/1/evidence", {{"date", "2026-11-04"},
                                                        {"method", "observation"},
                                                        {"provenance", "seen"},
                                                        {"narrative", "x"},
                                                        {"unnamed_young_people", "-3"}});
    EXPECT_EQ(bad_count.status, 400);
    EXPECT_EQ(without_tokens(lead.get("/contexts/1/evidence").body), before);

    // A record entered in error is deleted, its links with it; the trail keeps that it existed.
    auto record_path = saved.header("Location").substr(0, saved.header("Location").find('?'));
    EXPECT_EQ(lead.post(record_path + "/delete").status, 303);
    EXPECT_EQ(lead.get(record_path).status, 404);
    EXPECT_FALSE(lead.get("/frameworks/1").has("4 November 2026, Conversation"));
    EXPECT_TRUE(lead.get("/contexts/1/audit").has("delete"));

    // Voices filter by theme; a young person's words are marked as their voice.
    auto voice = lead.post("/contexts/1/voices", {{"date", "2026-11-04"},
                                                  {"speaker", "young_person"},
                                                  {"quote", "We feel welcome now."},
                                                  {"themes", "Belonging, places"}});
    EXPECT_EQ(voice.status, 303);
    auto belonging = lead.get("/contexts/1/voices?theme=belonging");
    EXPECT_TRUE(belonging.has("We feel welcome now."));
    EXPECT_TRUE(belonging.has("Young person&#39;s voice") || belonging.has("Young person's voice"));
    EXPECT_FALSE(belonging.has("telling us to move"));

    // A computed indicator takes no typed measurement; an entered one does.
    EXPECT_EQ(lead.post("/indicators/1/measurements", {{"date", "2026-11-04"}, {"value", "9"}}).status, 400);
    auto made = lead.post("/goals/3/indicators", {{"name", "Residents' complaints a month"},
                                                  {"unit", "complaints"},
                                                  {"better", "lower"},
                                                  {"source", "entered"},
                                                  {"baseline", "6"},
                                                  {"baseline_date", "2026-01-31"}});
    ASSERT_EQ(made.status, 303) << made.body.substr(0, 400);
    auto entered = made.header("Location").substr(0, made.header("Location").find('?'));
    EXPECT_EQ(lead.post(entered + "/measurements", {{"date", "2026-11-04"}, {"value", "=1+1"}}).status, 400);
    EXPECT_EQ(lead.post(entered + "/measurements", {{"date", "2026-11-30"}, {"value", "0"}}).status, 303);
    auto measured = lead.get(entered);
    EXPECT_TRUE(measured.has("0 complaints"));
    EXPECT_TRUE(measured.has("Moving the right way"));
    // The response log feeds the computed indicator: a new enforcement-led response in December shows.
    auto before_log = lead.get("/indicators/3");
    EXPECT_TRUE(before_log.has("Response log, November 2026"));
    EXPECT_EQ(
        lead.post(
                "/contexts/1/responses",
                {{"date", "2026-12-01"}, {"agency", "Police"}, {"type", "dispersal_direction"}, {"young_people", "3"}})
            .status,
        303);
    auto after_log = lead.get("/indicators/3");
    EXPECT_TRUE(after_log.has("Response log, December 2026"));
    EXPECT_TRUE(after_log.has("href=\"/contexts/1/responses\">response log</a>"))
        << "a computed indicator links to its source";
    EXPECT_TRUE(lead.get("/frameworks/1").has("Enforcement-led responses a month</a>: 9 responses → 1 response"))
        << "the cached framework page shows the new month";

    // Outcome ratings set the goal's status and show on the framework.
    EXPECT_EQ(lead.post("/goals/3/outcome", {{"rating", "worse"}, {"rationale", ""}}).status, 400);
    EXPECT_EQ(lead.post("/goals/3/outcome", {{"rating", "best"}, {"rationale", "x"}}).status, 400);
    auto rated = lead.post("/goals/3/outcome", {{"rating", "worse"}, {"rationale", "Dispersals resumed in November."}});
    EXPECT_EQ(rated.status, 303);
    EXPECT_TRUE(lead.get("/frameworks/1").has("Outcome: Worse."));

    // Need to know: the practitioner sees the allocated context's evidence
    // only; partners and viewers see none of it.
    Client practitioner(*server), partner(*server), viewer(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    EXPECT_EQ(practitioner.get("/contexts/1/evidence").status, 200);
    for (const char* path : {"/contexts/2/evidence", "/contexts/2/voices", "/contexts/2/activities",
                             "/contexts/2/young-people", "/contexts/2/dashboard"})
        EXPECT_EQ(practitioner.get(path).status, 404) << path;
    for (const char* path : {"/contexts/1/evidence", "/evidence/1", "/activities/1", "/indicators/1"}) {
        EXPECT_EQ(partner.get(path).status, 403) << path;
        EXPECT_EQ(viewer.get(path).status, 403) << path;
    }
    // Another context's records cannot be deleted by a practitioner not allocated to it.
    auto park = lead.post(
        "/contexts/2/evidence",
        {{"date", "2026-11-04"}, {"method", "observation"}, {"provenance", "seen"}, {"narrative", "At the park."}});
    ASSERT_EQ(park.status, 303);
    auto park_path = park.header("Location").substr(0, park.header("Location").find('?'));
    EXPECT_EQ(practitioner.post(park_path + "/delete").status, 404);
    EXPECT_EQ(lead.get(park_path).status, 200) << "still there";
    auto dashboard = viewer.get("/dashboard");
    EXPECT_EQ(dashboard.status, 200);
    EXPECT_TRUE(dashboard.has("Goals reached by area of focus"));
    EXPECT_FALSE(dashboard.has("Millbrook")) << "the partnership dashboard names no context";
    EXPECT_FALSE(dashboard.has("the boss"));
}

TEST_P(HttpTest, TheDashboardsShowAChangeAtOnceThoughTheyAreKeptRendered)
{
    Client lead(*server), viewer(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    auto contexts_shown = [&] {
        auto page = viewer.get("/dashboard");
        EXPECT_EQ(page.status, 200);
        auto at = page.body.find("Progress across the partnership's ");
        return at == std::string::npos ? std::string() : page.body.substr(at, 60);
    };
    auto before = contexts_shown();
    EXPECT_EQ(contexts_shown(), before) << "the same figures while nothing changes";
    ASSERT_EQ(lead.api("POST", "/api/v1/contexts", R"({"name":"Kept-rendered test group"})").status, 201);
    auto after = contexts_shown();
    EXPECT_NE(after, before) << "a new context is counted at once: " << after;

    // A context's dashboard lists its newest evidence as soon as it is recorded,
    // and its view is audited each time, from the kept page too.
    EXPECT_FALSE(lead.get("/contexts/1/dashboard").has("Seen by the skate ramp"));
    auto views = [&] {
        auto trail = lead.get("/contexts/1/audit");
        std::size_t n = 0;
        for (auto at = trail.body.find("viewed dashboard"); at != std::string::npos;
             at = trail.body.find("viewed dashboard", at + 1))
            ++n;
        return n;
    };
    auto viewed = views();
    EXPECT_EQ(lead.get("/contexts/1/dashboard").status, 200);
    EXPECT_EQ(views(), viewed + 1);
    ASSERT_EQ(lead.post("/contexts/1/evidence", {{"date", "2026-11-20"},
                                                 {"method", "observation"},
                                                 {"provenance", "seen"},
                                                 {"narrative", "Seen by the skate ramp."}})
                  .status,
              303);
    EXPECT_TRUE(lead.get("/contexts/1/dashboard").has("Seen by the skate ramp"));
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(lead.get("/contexts/2/dashboard").status, 200);
    EXPECT_EQ(practitioner.get("/contexts/2/dashboard").status, 404) << "a kept page is still need-to-know";
}

TEST_P(HttpTest, AWordDocumentIsPreviewedThenImportedAsADraftFramework)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    const std::string boundary = "trellis-test-boundary";
    const std::string type = "multipart/form-data; boundary=" + boundary;
    auto word = lead.get("/frameworks/1/export/docx");
    ASSERT_EQ(word.status, 200);
    auto upload = [&](const std::string& name, const std::string& bytes) {
        return lead.request("POST", "/contexts/3/frameworks/import",
                            multipart(boundary, {{"_csrf", "", lead.csrf()}, {"file", name, bytes}}), type);
    };
    auto before = without_tokens(lead.get("/contexts/3").body);
    auto junk = upload("plan.docx", "PK\x03\x04junk");
    EXPECT_EQ(junk.status, 400);
    EXPECT_TRUE(junk.has("This file is not a Word document (.docx) Trellis can read"));
    auto pdf = upload("plan.pdf", std::string("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\0", 24));
    EXPECT_EQ(pdf.status, 400);
    EXPECT_TRUE(pdf.has("This file is not a Word document (.docx)."));
    auto no_table = upload("notes.docx", make_docx_paragraphs({"Just minutes, no table."}));
    EXPECT_EQ(no_table.status, 400);
    EXPECT_TRUE(no_table.has("no table"));
    EXPECT_EQ(upload("empty.docx", "").status, 400);
    EXPECT_EQ(without_tokens(lead.get("/contexts/3").body), before) << "nothing was created by a refused upload";

    auto sent = upload("millbrook.docx", word.body);
    ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 500);
    auto preview = lead.get(sent.header("Location"));
    ASSERT_EQ(preview.status, 200);
    EXPECT_TRUE(preview.has("3 areas of focus and 3 goals"));
    EXPECT_TRUE(preview.has("Young people in the group know adults nearby"));
    EXPECT_TRUE(preview.has("Over six evening sessions"));
    EXPECT_FALSE(preview.has("Detached youth work sessions in Hollins Park on Tuesday")) << "actions are not read";
    EXPECT_EQ(without_tokens(lead.get("/contexts/3").body), before) << "a preview saves nothing";

    // Another user cannot open this upload.
    server->cli("user add --email lead2@demo.trellis.test --name 'Second Lead' --role lead --password-stdin",
                "violet kettle harbour 58\n");
    Client other(*server);
    ASSERT_EQ(other.sign_in_as("lead2@demo.trellis.test", "violet kettle harbour 58").status, 303);
    EXPECT_EQ(other.get(sent.header("Location")).status, 404);

    EXPECT_EQ(lead.post(sent.header("Location"), {{"title", ""}}).status, 400);
    auto created = lead.post(sent.header("Location"), {{"title", "Riverside College: imported plan"}});
    ASSERT_EQ(created.status, 303);
    auto fw = lead.get(created.header("Location"));
    EXPECT_TRUE(fw.has("Riverside College: imported plan"));
    EXPECT_TRUE(fw.has("Over six evening sessions"));
    EXPECT_TRUE(fw.has("imported as a draft"));
    EXPECT_TRUE(lead.get("/contexts/3/audit").has("import"));
    EXPECT_EQ(lead.post(sent.header("Location"), {{"title", "Again"}}).status, 404) << "the upload is used up";
}

TEST_P(HttpTest, PdfAndPartnerSafeDownloadsAreAudited)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto pdf = lead.get("/frameworks/1/export/pdf");
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
    auto team = lead.get("/frameworks/1/export/markdown");
    EXPECT_EQ(lead.get("/frameworks/1/export/markdown?audience=partner").status, 400) << "a copy is for an agency";
    auto partner = lead.get("/frameworks/1/export/markdown?audience=partner&agency=1");
    ASSERT_EQ(partner.status, 200) << partner.body.substr(0, 1500);
    EXPECT_TRUE(team.has("the boss")) << "the team copy names young people in evidence";
    EXPECT_FALSE(partner.has("the boss"));
    EXPECT_FALSE(partner.has("Evidence"));
    EXPECT_TRUE(partner.has("Trusted adults named per young person")) << "indicators stay";
    EXPECT_TRUE(partner.header("Content-Disposition").find("partner-safe") != std::string::npos);
    auto token_page = lead.post("/account/tokens", {{"label", "exports"}});
    std::smatch token;
    ASSERT_TRUE(std::regex_search(token_page.body, token, std::regex("trellis_[A-Za-z0-9_-]+"))) << "a token is shown";
    Client api(*server);
    api.bearer = token.str();
    auto by_api = api.api("GET", "/api/v1/frameworks/1/export/csv");
    EXPECT_EQ(by_api.status, 200);
    EXPECT_TRUE(by_api.has("Young People and Peer Groups"));
    auto unknown = api.api("GET", "/api/v1/frameworks/1/export/xls");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_TRUE(unknown.has("\"error\""));
    auto audit = lead.get("/contexts/1/audit");
    EXPECT_TRUE(audit.has("format=pdf audience=team"));
    EXPECT_TRUE(audit.has("format=markdown audience=team pseudonyms=yes"));
    EXPECT_TRUE(audit.has("format=markdown audience=partner pseudonyms=no agency=1"));
}

TEST_P(HttpTest, TheApiReadsEvidenceActivitiesIndicatorsAndTheDashboard)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto evidence = nlohmann::json::parse(lead.api("GET", "/api/v1/contexts/1/evidence").body);
    ASSERT_EQ(evidence["evidence"].size(), 6u);
    EXPECT_EQ(evidence["evidence"][0]["method"], "multi_agency");
    auto runs = nlohmann::json::parse(lead.api("GET", "/api/v1/contexts/1/activities").body)["runs"];
    ASSERT_EQ(runs.size(), 4u);  // oldest first: trust, places, then their follow-ups
    EXPECT_EQ(runs[2]["kind"], "trust");
    EXPECT_EQ(runs[2]["follow_up_of"], runs[0]["id"]);
    EXPECT_EQ(runs[2]["trusted_adults"]["total"], 19);
    EXPECT_EQ(runs[0]["trusted_adults"]["total"], 5);
    EXPECT_EQ(runs[3]["places"]["totals"]["safe"], 11);
    EXPECT_FALSE(runs[2].dump().find("the boss") != std::string::npos) << "participants are not listed";
    auto indicators = nlohmann::json::parse(lead.api("GET", "/api/v1/frameworks/1/indicators").body)["indicators"];
    ASSERT_EQ(indicators.size(), 3u);
    EXPECT_EQ(indicators[0]["measurements"].size(), 2u);
    EXPECT_EQ(indicators[0]["trend"], "Target reached") << "0.63 to 2.38 trusted adults against a target of 2";
    Client practitioner(*server), viewer(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    EXPECT_EQ(practitioner.api("GET", "/api/v1/contexts/2/evidence").status, 404);
    EXPECT_EQ(viewer.api("GET", "/api/v1/contexts/1/evidence").status, 403);
    auto dashboard = nlohmann::json::parse(viewer.api("GET", "/api/v1/dashboard").body);
    EXPECT_EQ(dashboard["young_people_in_evidence"], 8);
    // Trust, safe places and enforcement-led responses have all passed their targets in the demo.
    EXPECT_EQ(dashboard["indicators_by_direction"]["Target reached"], 3) << dashboard.dump();
    EXPECT_EQ(dashboard["indicators_by_direction"]["Moving the wrong way"], 0) << dashboard.dump();
    EXPECT_TRUE(lead.get("/contexts/1/audit").has("viewed evidence list"));
}

TEST_P(HttpTest, TheEvidenceListReadsOlderRecordsAPageAtATime)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    for (int day = 1; day <= 30; ++day)
        ASSERT_EQ(lead.post("/contexts/2/evidence", {{"date", fmt::format("2026-10-{:02}", day)},
                                                     {"method", "observation"},
                                                     {"provenance", "seen"},
                                                     {"narrative", fmt::format("Walk number {:02}.", day)}})
                      .status,
                  303);
    auto newest = lead.get("/contexts/2/evidence");
    EXPECT_TRUE(newest.has("Walk number 30.")) << newest.body;
    EXPECT_TRUE(newest.has("Walk number 06."));
    EXPECT_FALSE(newest.has("Walk number 05.")) << "twenty-five a page";
    auto at = newest.body.find("/contexts/2/evidence?older=");
    ASSERT_NE(at, std::string::npos);
    auto link = newest.body.substr(at, newest.body.find('"', at) - at);
    auto older = lead.get(link);
    EXPECT_EQ(older.status, 200);
    EXPECT_TRUE(older.has("Walk number 05."));
    EXPECT_TRUE(older.has("Walk number 01."));
    EXPECT_FALSE(older.has("Walk number 06.")) << "no record twice";
    EXPECT_FALSE(older.has("Older records"));
    EXPECT_TRUE(older.has("Back to the newest records"));
    EXPECT_EQ(lead.get("/contexts/2/evidence?older=nonsense").status, 400);
}

TEST_P(HttpTest, TheRegisterIsReadFiftyAPageByPseudonym)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto before = lead.get("/contexts/2/young-people");
    std::smatch m;
    bool some = std::regex_search(before.body, m, std::regex("([0-9]+) on this context's register"));
    ASSERT_TRUE(some || before.has("Nobody is on this context's register yet.")) << before.body;
    auto total = (some ? std::stoi(m[1]) : 0) + 55;
    register_people(lead, "2", "Zed ", 55);
    ASSERT_EQ(lead.post("/contexts/1/young-people/link", {{"young_person_name", "Zed 55"}}).status, 303);

    auto first = lead.get("/contexts/2/young-people");
    EXPECT_TRUE(first.has(fmt::format("{} on this context", total))) << first.body;
    EXPECT_TRUE(first.has(fmt::format("Showing 1 to 50 of {}.", total))) << first.body;
    auto second = lead.get("/contexts/2/young-people?page=2");
    EXPECT_TRUE(second.has(fmt::format("Showing 51 to {} of {}.", total, total))) << second.body;
    // By pseudonym, each on one page only: "Zed 9" sorts after "Zed 55".
    std::string both = first.body + second.body;
    for (int i = 1; i <= 55; ++i) {
        auto name = fmt::format(">Zed {}<", i);
        auto at = both.find(name);
        EXPECT_NE(at, std::string::npos) << name;
        EXPECT_EQ(both.find(name, at + 1), std::string::npos) << name << " on one page only";
    }
    EXPECT_TRUE(second.has(">Zed 9<"));
    auto row = both.find(">Zed 55<");
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(both.find("data-label=\"Contexts\">", row), both.find("data-label=\"Contexts\">2<", row))
        << "Zed 55 is on contexts 1 and 2";
    EXPECT_TRUE(lead.get("/contexts/2/young-people?page=999").has(">Zed 9<")) << "past the end shows the last page";
}

// A form lists the register to choose from while it is short; past thirty
// people it asks for pseudonyms instead, so the page stays the same size, and
// what is typed is found on the context's register or named as not there.
TEST_P(HttpTest, FormsAskForPseudonymsOnceTheRegisterIsTooLongToList)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto listed = lead.get("/contexts/2/evidence/new");
    EXPECT_FALSE(listed.has("name=\"young_people_names\"")) << listed.body;
    register_people(lead, "2", "Yan ", 31);
    auto count = lead.get("/contexts/2/young-people");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(count.body, m, std::regex("([0-9]+) on this context's register")));
    auto total = std::stoi(m[1]);
    ASSERT_GT(total, 30);

    auto form = lead.get("/contexts/2/evidence/new");
    EXPECT_TRUE(form.has("name=\"young_people_names\"")) << form.body;
    EXPECT_TRUE(form.has(fmt::format("This context's register holds {} people", total))) << form.body;
    EXPECT_FALSE(form.has(">Yan 1<")) << "nobody is listed";
    EXPECT_FALSE(form.has("name=\"young_people\" type=\"checkbox\""));
    std::map<std::string, std::string> evidence{
        {"date", "2026-11-03"},
        {"method", "observation"},
        {"provenance", "seen"},
        {"narrative", "Seen at the shelter."},
        {"young_people_names", "Yan 3\r\n  yan   17 \n\nNobody Here\nAnother One"}};
    auto wrong = lead.post("/contexts/2/evidence", evidence);
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(wrong.has("Nobody on this context&apos;s register is called “Nobody Here”, “Another One”"))
        << wrong.body;
    EXPECT_TRUE(wrong.has("href=\"#young_people_names\""));
    EXPECT_TRUE(wrong.has("Nobody Here\nAnother One</textarea>")) << "what was typed is kept";
    evidence["young_people_names"] = "Yan 3\r\n  yan   17 \nYan 3";
    auto saved = lead.post("/contexts/2/evidence", evidence);
    ASSERT_EQ(saved.status, 303) << saved.body;
    auto shown = lead.get(saved.header("Location"));
    EXPECT_TRUE(shown.has("Yan 3")) << shown.body;
    EXPECT_TRUE(shown.has("Yan 17"));
    EXPECT_FALSE(shown.has("Yan 3, Yan 3")) << "each once";

    auto voices = lead.get("/contexts/2/voices");
    EXPECT_TRUE(voices.has("name=\"young_person_name\"")) << voices.body;
    EXPECT_FALSE(voices.has(">Yan 1<"));
    auto unknown = lead.post("/contexts/2/voices", {{"date", "2026-11-03"},
                                                    {"speaker", "young_person"},
                                                    {"quote", "It is better here now."},
                                                    {"young_person_name", "Zara"}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_TRUE(unknown.has("href=\"#young_person_name\"")) << unknown.body;
    ASSERT_EQ(lead.post("/contexts/2/voices", {{"date", "2026-11-03"},
                                               {"speaker", "young_person"},
                                               {"quote", "It is better here now."},
                                               {"young_person_name", "yan 4"}})
                  .status,
              303);
    EXPECT_TRUE(lead.get("/contexts/2/voices").has("Yan 4 (young person)"));

    auto run = lead.get("/contexts/2/activities/new/trust?participants=2");
    EXPECT_TRUE(run.has("name=\"p0_who_name\"")) << run.body;
    EXPECT_FALSE(run.has(">Yan 1<"));
    std::map<std::string, std::string> trust{{"date", "2026-11-03"},   {"participants", "3"},
                                             {"p0_who_name", "Yan 5"}, {"p0_youth_worker", "2"},
                                             {"p1_who", "unnamed"},    {"p2_who_name", "Nobody"}};
    auto bad = lead.post("/contexts/2/activities/trust", trust);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("Row 3: Nobody on this context")) << bad.body;
    EXPECT_TRUE(bad.has("value=\"Yan 5\"")) << "what was typed is kept";
    trust.erase("p2_who_name");
    auto recorded = lead.post("/contexts/2/activities/trust", trust);
    ASSERT_EQ(recorded.status, 303) << recorded.body;
    auto shown_run = lead.get(recorded.header("Location"));
    EXPECT_TRUE(shown_run.has("Yan 5")) << shown_run.body;
    EXPECT_TRUE(shown_run.has("Not on the register"));
    // A follow-up starts with the same people, shown by pseudonym.
    auto id = recorded.header("Location").substr(std::string("/activities/").size());
    id = id.substr(0, id.find('?'));
    auto follow = lead.get("/contexts/2/activities/new/trust?follow_up_of=" + id);
    EXPECT_TRUE(follow.has("id=\"p0_who_name\" name=\"p0_who_name\" type=\"text\" value=\"Yan 5\"")) << follow.body;
    EXPECT_TRUE(follow.has("id=\"p1_who\" name=\"p1_who\" type=\"checkbox\" value=\"unnamed\" checked"));

    // The suggestions: those whose pseudonym holds what is typed, a page at a time.
    auto some = lead.get("/api/v1/contexts/2/young-people?name=YAN%201&limit=4");
    ASSERT_EQ(some.status, 200) << some.body;
    auto page = nlohmann::json::parse(some.body);
    ASSERT_EQ(page["young_people"].size(), 4u);
    EXPECT_EQ(page["young_people"][0]["pseudonym"], "Yan 1");
    EXPECT_EQ(page["young_people"][1]["pseudonym"], "Yan 10");
    ASSERT_TRUE(page["next"].is_string());
    auto rest = nlohmann::json::parse(lead.get(page["next"].get<std::string>()).body);
    ASSERT_FALSE(rest["young_people"].empty());
    EXPECT_EQ(rest["young_people"][0]["pseudonym"], "Yan 13");
    // Yan 1 and Yan 10 to 19, each once across the pages.
    std::set<std::string> named;
    for (auto at = page;;) {
        for (const auto& y : at["young_people"]) EXPECT_TRUE(named.insert(y["pseudonym"]).second) << y;
        if (!at["next"].is_string()) break;
        at = nlohmann::json::parse(lead.get(at["next"].get<std::string>()).body);
    }
    EXPECT_EQ(named.size(), 11u);
    auto stale = lead.get("/api/v1/contexts/2/young-people?cursor=999999");
    EXPECT_EQ(stale.status, 400);
    EXPECT_EQ(nlohmann::json::parse(stale.body)["error"]["field"], "cursor");
}

TEST_P(HttpTest, AYoungPersonsDetailsAreCorrectedAndTheyCanBeTakenOffTheRegister)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto ids = register_people(lead, "2", "Typo ", 1);
    ASSERT_EQ(ids.size(), 1u);
    auto base = "/contexts/2/young-people/" + ids[0];
    EXPECT_EQ(lead.get(base + "/edit").status, 200);
    EXPECT_EQ(lead.get("/contexts/1/young-people/" + ids[0] + "/edit").status, 404) << "not on context 1's register";
    auto renamed = lead.post(base, {{"pseudonym", "Tayo"}, {"local_ref", "WY-9"}, {"age_band", "16_17"}});
    EXPECT_EQ(renamed.status, 303);
    auto page = lead.get("/contexts/2/young-people");
    EXPECT_TRUE(page.has("Tayo"));
    EXPECT_FALSE(page.has("Typo 1"));
    auto taken = lead.post(base, {{"pseudonym", "The Boss"}, {"age_band", "16_17"}});
    EXPECT_EQ(taken.status, 400);
    EXPECT_TRUE(taken.has("already on the partnership"));
    EXPECT_EQ(lead.post(base, {{"pseudonym", ""}, {"age_band", "16_17"}}).status, 400);

    // Someone already on the register is added to another context by pseudonym.
    EXPECT_FALSE(lead.get("/contexts/2/young-people").has("Kez")) << "no list of the whole register";
    auto several = lead.post("/contexts/2/young-people/link", {{"young_person_name", "e"}});
    EXPECT_EQ(several.status, 400);
    EXPECT_TRUE(several.has("people on the register match “e”")) << several.body;
    EXPECT_EQ(lead.post("/contexts/2/young-people/link", {{"young_person_name", "KEZ"}}).status, 303);
    EXPECT_TRUE(lead.get("/contexts/2/young-people").has("Kez"));

    auto named = lead.post("/contexts/2/evidence", {{"date", "2026-11-05"},
                                                    {"method", "conversation"},
                                                    {"provenance", "told"},
                                                    {"narrative", "Tayo joined."},
                                                    {"young_people", ids[0]}});
    ASSERT_EQ(named.status, 303);
    auto refused = lead.post(base + "/remove");
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(refused.has("Delete or correct those records first"));
    auto record = named.header("Location").substr(0, named.header("Location").find('?'));
    EXPECT_EQ(lead.post(record + "/delete").status, 303);
    EXPECT_EQ(lead.post(base + "/remove").status, 303);
    EXPECT_FALSE(lead.get("/contexts/2/young-people").has("Tayo"));
    auto gone = lead.post("/contexts/1/young-people/link", {{"young_person_name", "Tayo"}});
    EXPECT_EQ(gone.status, 400) << "erased, not found for linking";
    EXPECT_TRUE(gone.has("Nobody on the register is called “Tayo”")) << gone.body;
    EXPECT_TRUE(lead.get("/contexts/2/audit").has("erased"));

    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.get("/contexts/1/young-people/1/edit").status, 200);
    EXPECT_EQ(practitioner.post("/contexts/2/young-people/1", {{"pseudonym", "x"}, {"age_band", "16_17"}}).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backend_name);

}  // namespace
}  // namespace trellis::testing
