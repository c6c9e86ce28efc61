// The work around the framework through the web pages, on both databases:
// a concern to a signed-off closure, screening rules, the demo's story.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "harness.hpp"

namespace trellis::testing {
namespace {

class LifecycleTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        server = std::make_unique<Server>(GetParam());
        ASSERT_TRUE(server->ok() && server->problem().empty()) << server->problem();
    }
    std::unique_ptr<Server> server;
};

// Posts a form whose fields may repeat (checkboxes), with the session's CSRF token.
HttpResponse post_pairs(Client& c, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& fields)
{
    std::string body = "_csrf=" + c.csrf();
    for (const auto& [k, v] : fields) body += "&" + form_encode({{k, v}});
    return c.request("POST", path, body);
}

std::string id_from(const HttpResponse& r, const std::string& prefix)
{
    auto at = r.header("Location");
    if (!at.starts_with(prefix)) return "";
    auto rest = at.substr(prefix.size());
    return rest.substr(0, rest.find_first_not_of("0123456789"));
}

std::string stage_of(Client& c, const std::string& context)
{
    auto page = c.get("/contexts/" + context);
    std::smatch m;
    std::regex tag(R"re(Stage: <strong class="govuk-tag [^"]*">([^<]+)<)re");
    return std::regex_search(page.body, m, tag) ? m[1].str() : "";
}

TEST_P(LifecycleTest, ALeadTakesANewConcernToASignedOffClosure)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    const std::string hostile = "<script>alert(1)</script>";

    // A concern naming a new context, with a place from the managed list.
    EXPECT_EQ(lead.get("/concerns/new").status, 200);
    auto bad = lead.post("/concerns", {{"raised_date", "2026-02-30"}, {"raised_by", ""}, {"summary", ""}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("Enter the date the concern was raised as a real date."));
    EXPECT_TRUE(bad.has("Name at least one context the concern is about."));
    EXPECT_TRUE(lead.post("/concerns", {{"raised_date", "2026-11-20"},
                                        {"raised_by", "Station staff"},
                                        {"source", "referral"},
                                        {"contexts", "Station Road group"},
                                        {"new_kind", "peer_group"},
                                        {"place", "999"},
                                        {"summary", "Seen at the station."}})
                    .has("Choose the place or school from the list."));
    auto future = lead.post("/concerns", {{"raised_date", "2099-01-01"},
                                          {"raised_by", "x"},
                                          {"source", "referral"},
                                          {"contexts", "Station Road group"},
                                          {"new_kind", "peer_group"},
                                          {"summary", "x"}});
    EXPECT_TRUE(future.has("must be today or in the past"));
    auto made = lead.post("/concerns", {{"raised_date", "2026-11-20"},
                                        {"raised_by", "Station staff " + hostile},
                                        {"source", "referral"},
                                        {"contexts", "Station Road group"},
                                        {"new_kind", "peer_group"},
                                        {"place", "1"},
                                        {"summary", "Young people gather at the station at night. " + hostile}});
    ASSERT_EQ(made.status, 303) << made.body.substr(0, 600);
    auto concern = id_from(made, "/concerns/");
    auto shown = lead.get("/concerns/" + concern + "?done=created&added=1");
    EXPECT_TRUE(shown.has("1 new context was added for it."));
    EXPECT_FALSE(shown.has(hostile));
    EXPECT_TRUE(shown.has("&lt;script&gt;"));
    std::smatch m;
    std::regex link(R"re(href="/contexts/(\d+)">Station Road group<)re");
    ASSERT_TRUE(std::regex_search(shown.body, m, link));
    std::string ctx = m[1];
    EXPECT_EQ(stage_of(lead, ctx), "Concern raised");

    // Screening: a Level 1 decision needs the child's case reference.
    EXPECT_EQ(lead.post("/concerns/" + concern + "/screening/start").status, 303);
    EXPECT_EQ(stage_of(lead, ctx), "Screening");
    auto no_ref = lead.post("/concerns/" + concern + "/screening", {{"decision", "level_1"}, {"rationale", "x"}});
    EXPECT_EQ(no_ref.status, 400);
    EXPECT_TRUE(no_ref.has("case reference")) << no_ref.body.substr(0, 1500);
    ASSERT_EQ(
        lead.post("/concerns/" + concern + "/screening",
                  {{"decision", "level_2"}, {"rationale", "A group, not one child: assess the context. " + hostile}})
            .status,
        303);
    EXPECT_EQ(
        lead.post("/concerns/" + concern + "/screening", {{"decision", "level_2"}, {"rationale", "again"}}).status,
        409);
    EXPECT_EQ(stage_of(lead, ctx), "Assessment");

    // The assessment, side by side, with a finding that must come back escaped.
    ASSERT_EQ(lead.post("/contexts/" + ctx + "/assessment").status, 303);
    auto page = lead.get("/contexts/" + ctx + "/assessment");
    std::regex action(R"re(/assessments/(\d+)/findings)re");
    ASSERT_TRUE(std::regex_search(page.body, m, action)) << page.body.substr(0, 2000);
    std::string assessment = m[1];
    auto refused = lead.post("/assessments/" + assessment + "/findings", {{"side", "7"}, {"text", ""}});
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(refused.has("Choose the side of the triangle the finding is about."));
    EXPECT_TRUE(refused.has("Choose how much the finding contributes to harm, from 0 to 3."));
    EXPECT_EQ(lead.post("/assessments/" + assessment + "/complete").status, 400) << "no findings yet";
    ASSERT_EQ(
        lead.post("/assessments/" + assessment + "/findings", {{"side", "1"},
                                                               {"kind", "concern"},
                                                               {"weight", "3"},
                                                               {"text", "Nowhere warm to go after nine. " + hostile}})
            .status,
        303);
    ASSERT_EQ(lead.post("/assessments/" + assessment + "/findings",
                        {{"side", "0"}, {"kind", "strength"}, {"weight", "0"}, {"text", "They look after each other."}})
                  .status,
              303);
    EXPECT_EQ(
        lead.post("/assessments/" + assessment + "/discussion", {{"discussion", "Partners agreed. " + hostile}}).status,
        303);
    page = lead.get("/contexts/" + ctx + "/assessment");
    EXPECT_FALSE(page.has(hostile));
    EXPECT_TRUE(page.has("Context weighting"));
    EXPECT_TRUE(page.has("<svg"));
    EXPECT_EQ(lead.get("/assessments/" + assessment + "/framework").status, 409) << "a draft proposes no goals";
    ASSERT_EQ(lead.post("/assessments/" + assessment + "/complete").status, 303);
    EXPECT_EQ(lead.post("/assessments/" + assessment + "/findings",
                        {{"side", "1"}, {"kind", "concern"}, {"weight", "1"}, {"text", "late"}})
                  .status,
              409)
        << "a completed version is kept as it is";

    // Goals from the library for the side with concerns, and one of our own.
    auto choose = lead.get("/assessments/" + assessment + "/framework");
    ASSERT_EQ(choose.status, 200);
    EXPECT_TRUE(choose.has("Proposed because the assessment found concerns here"));
    EXPECT_TRUE(choose.has("Young people have safe, welcoming places nearby"));
    EXPECT_EQ(post_pairs(lead, "/assessments/" + assessment + "/framework", {{"title", "Station Road"}}).status, 400);
    auto framework = post_pairs(lead, "/assessments/" + assessment + "/framework",
                                {{"title", "Station Road group: outcomes framework"},
                                 {"goal-1",
                                  "Young people have safe, welcoming places nearby where they can spend time "
                                  "together and have fun"},
                                 {"own-2", "Station staff know the group by name"}});
    ASSERT_EQ(framework.status, 303) << framework.body.substr(0, 800);
    auto fw = lead.get(framework.header("Location"));
    EXPECT_TRUE(fw.has("Identified in the context assessment (version 1"));
    EXPECT_TRUE(fw.has("Nowhere warm to go after nine."));
    EXPECT_TRUE(fw.has("Station staff know the group by name"));
    EXPECT_EQ(stage_of(lead, ctx), "Planning");

    // The conference agrees the goals; its summary is produced from the record.
    auto meetings = lead.get("/contexts/" + ctx + "/meetings?type=context_conference");
    EXPECT_TRUE(meetings.has("How the group functions"));
    std::regex goal_box(R"re(name="goals" type="checkbox" value="(\d+)")re");
    std::vector<std::pair<std::string, std::string>> conference = {
        {"date", "2026-11-27"},
        {"type", "context_conference"},
        {"invitees", "College safeguarding lead " + hostile + "\nResidents' chair"},
        {"minutes", "Agreed."}};
    for (std::sregex_iterator it(meetings.body.begin(), meetings.body.end(), goal_box), end; it != end; ++it)
        conference.emplace_back("goals", (*it)[1]);
    ASSERT_EQ(conference.size(), 6u) << "two goals to agree";
    auto recorded = post_pairs(lead, "/contexts/" + ctx + "/meetings", conference);
    ASSERT_EQ(recorded.status, 303) << recorded.body.substr(0, 600);
    auto meeting = id_from(recorded, "/meetings/");
    EXPECT_EQ(stage_of(lead, ctx), "Active");
    auto framework_id = id_from(framework, "/frameworks/");
    auto status = [&] {
        auto j = nlohmann::json::parse(lead.api("GET", "/api/v1/frameworks/" + framework_id).body, nullptr, false);
        return j.is_object() ? j.value("status", "") : "";
    };
    EXPECT_EQ(status(), "active") << "the goals agreed make the draft framework active";
    auto shown_meeting = lead.get("/meetings/" + meeting);
    EXPECT_TRUE(shown_meeting.has("send the summary and plan to participants by 1 December 2026"));
    EXPECT_TRUE(shown_meeting.has("<li>Residents&apos; chair</li>")) << "one invitee a line";
    for (const auto& path : {"/concerns/" + concern, "/contexts/" + ctx + "/assessment", "/meetings/" + meeting,
                             "/contexts/" + ctx + "/chronology", std::string("/concerns")}) {
        auto r = lead.get(path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_FALSE(r.has(hostile)) << path << " shows a script unescaped";
    }
    auto pdf = lead.get("/meetings/" + meeting + "/summary/pdf");
    EXPECT_EQ(pdf.status, 200);
    EXPECT_TRUE(pdf.body.starts_with("%PDF"));
    auto docx = lead.get("/meetings/" + meeting + "/summary/docx");
    EXPECT_EQ(docx.status, 200);
    EXPECT_TRUE(docx.body.starts_with("PK"));
    EXPECT_EQ(lead.post("/meetings/" + meeting + "/summary-sent").status, 303);
    EXPECT_TRUE(lead.get("/meetings/" + meeting).has("Sent to participants on"));

    // A decision to close waits for someone else with the sign-off right.
    auto review = lead.post("/contexts/" + ctx + "/reviews", {{"review_date", "2026-12-01"},
                                                              {"progress", "Goals reached."},
                                                              {"decision", "close"},
                                                              {"rationale", "The group is safe. " + hostile}});
    ASSERT_EQ(review.status, 303) << review.body.substr(0, 600);
    auto review_id = id_from(review, "/reviews/");
    EXPECT_EQ(stage_of(lead, ctx), "Review");
    EXPECT_EQ(lead.post("/reviews/" + review_id + "/sign-off").status, 403);
    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    auto manager =
        admin.post("/admin/users",
                   {{"display_name", "Mina Manager"}, {"email", "mina@example.org"}, {"role", "lead"}, {"agency", ""}});
    std::regex password(R"re(<strong>([a-z0-9-]{20,})</strong>)re");
    ASSERT_TRUE(std::regex_search(manager.body, m, password)) << manager.body.substr(0, 800);
    std::string manager_password = m[1];
    std::regex row(R"re(/admin/users/(\d+)/sign-off[\s\S]{0,600}mina@example.org)re");
    ASSERT_TRUE(std::regex_search(manager.body, m, row));
    EXPECT_TRUE(admin.post("/admin/users/3/sign-off", {{"can", "yes"}}).has("Only Contextual Safeguarding leads"))
        << "user 3 is the demo practitioner";
    EXPECT_TRUE(admin.post("/admin/users/" + m[1].str() + "/sign-off", {{"can", "yes"}}).has("may now sign off"));
    Client mina(*server);
    ASSERT_EQ(mina.sign_in_as("mina@example.org", manager_password).status, 303);
    EXPECT_TRUE(mina.get("/overview").has("Station Road group: Close")) << "the manager finds what waits for them";
    EXPECT_TRUE(mina.get("/reviews/" + review_id).has("Sign off: Close"));
    EXPECT_EQ(mina.post("/reviews/" + review_id + "/sign-off").status, 303);
    EXPECT_EQ(mina.post("/reviews/" + review_id + "/sign-off").status, 409);
    EXPECT_EQ(stage_of(lead, ctx), "Closed");
    EXPECT_EQ(status(), "closed") << "closing the context closes its framework";

    // Closed means read-only, until a new concern reopens it.
    auto blocked = lead.post("/contexts/" + ctx + "/assessment");
    EXPECT_EQ(blocked.status, 409);
    EXPECT_TRUE(blocked.has("This context is closed"));
    // Nobody is added to a closed context's register, new or already known;
    // its register can still be corrected (rectification) and erased from.
    auto register_page = lead.get("/contexts/" + ctx + "/young-people");
    EXPECT_FALSE(register_page.has("Add a young person")) << "a closed register offers no form to add to it";
    EXPECT_TRUE(register_page.has("nobody can be added"));
    auto added =
        lead.post("/contexts/" + ctx + "/young-people", {{"pseudonym", "Late Addition"}, {"age_band", "14_15"}});
    EXPECT_EQ(added.status, 400);
    EXPECT_TRUE(added.has("This context is closed")) << added.body.substr(0, 600);
    EXPECT_EQ(lead.post("/contexts/" + ctx + "/young-people/link", {{"young_person_name", "Kez"}}).status, 409);
    auto again = lead.post("/concerns", {{"raised_date", "2026-12-01"},
                                         {"raised_by", "Station staff"},
                                         {"source", "referral"},
                                         {"contexts", "station road GROUP"},
                                         {"new_kind", "peer_group"},
                                         {"summary", "Back again."}});
    ASSERT_EQ(again.status, 303);
    EXPECT_NE(again.header("Location").find("reopened=1"), std::string::npos);
    EXPECT_EQ(stage_of(lead, ctx), "Concern raised");

    // The chronology shows every step in order, and exports.
    auto chronology = lead.get("/contexts/" + ctx + "/chronology");
    ASSERT_EQ(chronology.status, 200);
    std::size_t at = 0;
    // Dated by what people entered (the concern, the conference, the review)
    // or, for what Trellis records, by when it happened (today).
    for (const char* step : {"Concern raised by Station staff", "Context conference", "Review: Close",
                             "Screening decision: Level 2", "Assessment version 1 completed", "Written summary sent",
                             "Framework created", "Stage: Closed", "Stage: Concern raised"}) {
        auto found = chronology.body.find(step, at);
        EXPECT_NE(found, std::string::npos) << step << " after position " << at;
        if (found != std::string::npos) at = found;
    }
    EXPECT_TRUE(chronology.has("Decision signed off"));
    auto csv = lead.get("/contexts/" + ctx + "/chronology?format=csv");
    EXPECT_EQ(csv.status, 200);
    EXPECT_TRUE(csv.has("Screening decision: Level 2"));
    EXPECT_TRUE(lead.get("/contexts/" + ctx + "/chronology?format=pdf").body.starts_with("%PDF"));
    EXPECT_EQ(lead.get("/contexts/" + ctx + "/chronology?format=xls").status, 400);
}

TEST_P(LifecycleTest, TheDemoWalksThePathAndCaseReferencesStayWithLeads)
{
    Client lead(*server), practitioner(*server), viewer(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    EXPECT_EQ(stage_of(lead, "1"), "Active");
    EXPECT_EQ(stage_of(lead, "2"), "Screening") << "Hollins Park waits at screening";
    auto chronology = lead.get("/contexts/1/chronology");
    std::size_t at = 0;
    for (const char* step :
         {"Concern raised by Westbrook exploitation panel", "Screening decision: Level 2",
          "Assessment version 1 completed", "Framework created", "Context conference", "Review: Continue the plan"}) {
        auto found = chronology.body.find(step, at);
        EXPECT_NE(found, std::string::npos) << step;
        if (found != std::string::npos) at = found;
    }
    EXPECT_FALSE(chronology.has("CIN-48213")) << "the demo's reference, decided in February, is destroyed";
    auto concern = lead.post("/concerns", {{"raised_date", "2026-11-30"},
                                           {"raised_by", "Riverside College designated safeguarding lead"},
                                           {"source", "referral"},
                                           {"contexts", "Millbrook Road friendship group"},
                                           {"new_kind", "peer_group"},
                                           {"summary", "One student's attendance has fallen again."}});
    ASSERT_EQ(concern.status, 303);
    auto id = id_from(concern, "/concerns/");
    ASSERT_EQ(lead.post("/concerns/" + id + "/screening", {{"decision", "level_1"},
                                                           {"case_reference", "CIN-77001"},
                                                           {"rationale", "Held in the student's own plan."}})
                  .status,
              303);
    EXPECT_EQ(stage_of(lead, "1"), "Active") << "a context in work keeps its stage";
    EXPECT_TRUE(lead.get("/concerns/" + id).has("CIN-77001"));
    EXPECT_TRUE(lead.get("/contexts/1/chronology").has("CIN-77001")) << "leads see the child's case reference";
    auto seen = practitioner.get("/contexts/1/chronology");
    EXPECT_EQ(seen.status, 200);
    EXPECT_TRUE(seen.has("Level 1"));
    EXPECT_FALSE(seen.has("CIN-77001")) << "practitioners never do";
    EXPECT_FALSE(lead.get("/contexts/1/chronology?format=csv").has("CIN-77001")) << "nor any export, even a lead's";
    EXPECT_EQ(practitioner.get("/concerns").status, 403);
    EXPECT_EQ(practitioner.get("/contexts/2/chronology").status, 404) << "not allocated";
    auto goal = lead.get("/frameworks/1");
    EXPECT_TRUE(goal.has("Young people in the group know adults nearby who they trust"));
    auto history = lead.get("/goals/1/stages/scoping/history");
    EXPECT_TRUE(history.has("Identified in the context assessment (version 1, completed 6 March 2026)"));
    auto tracker = lead.get("/concerns");
    EXPECT_TRUE(tracker.has("Repeat")) << "three concerns about Hollins Park within 90 days";
    auto dashboard = viewer.get("/dashboard");
    EXPECT_TRUE(dashboard.has("Where the work on each context is"));
    EXPECT_TRUE(dashboard.has("Fewer than 5 contexts have left this stage"));
    // A conference names no child among its invitees.
    auto named = lead.post(
        "/contexts/1/meetings",
        {{"date", "2026-11-30"}, {"type", "community_conference"}, {"invitees", "Residents' chair\nThe Boss"}});
    EXPECT_EQ(named.status, 400);
    EXPECT_TRUE(named.has("is a young person on this context"));
    EXPECT_EQ(
        lead.post("/contexts/1/meetings", {{"date", "2026-11-30"}, {"type", "multi_agency"}, {"invitees", "Someone"}})
            .status,
        400)
        << "invitees are for conferences";
}

TEST_P(LifecycleTest, AdminsManagePlacesTheRepeatRuleAndTheGoalLibrary)
{
    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    EXPECT_TRUE(admin.get("/admin/places").has("Millbrook Road shops"));
    EXPECT_TRUE(admin.post("/admin/places", {{"name", "Hollins park"}, {"kind", "place"}}).has("already on the list"));
    auto bad = admin.post("/admin/places", {{"name", "Bus station"}, {"kind", "place"}, {"latitude", "95"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("Enter the latitude in decimal degrees"));
    EXPECT_TRUE(admin.post("/admin/places", {{"name", "Bus <b>station</b>"}, {"kind", "place"}})
                    .has("Bus &lt;b&gt;station&lt;/b&gt;"));
    EXPECT_EQ(admin.post("/admin/places/rule", {{"threshold", "1"}, {"window_days", "90"}}).status, 400);
    EXPECT_TRUE(admin.post("/admin/places/rule", {{"threshold", "5"}, {"window_days", "30"}})
                    .has("The repeat rule was saved."));
    auto library = admin.get("/admin/goal-library");
    EXPECT_TRUE(library.has("School or college assessment triangle (draft for practitioner review)"));
    EXPECT_EQ(admin.post("/admin/goal-library", {{"side", "peer_group:9"}, {"statement", "x"}}).status, 400);
    auto added =
        admin.post("/admin/goal-library",
                   {{"side", "peer_group:2"}, {"statement", "Shop staff greet the group by name <script>x</script>"}});
    EXPECT_FALSE(added.has("<script>x</script>"));
    EXPECT_TRUE(added.has("The goal was added to the library."));
    std::smatch m;
    std::regex remove(R"re(/admin/goal-library/(\d+)/remove)re");
    ASSERT_TRUE(std::regex_search(added.body, m, remove));
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    EXPECT_TRUE(lead.get("/assessments/1/framework").has("Shop staff greet the group by name"));
    EXPECT_TRUE(admin.post("/admin/goal-library/" + m[1].str() + "/remove").has("was removed"));
    EXPECT_EQ(admin.post("/admin/goal-library/" + m[1].str() + "/remove").status, 404);
}

TEST_P(LifecycleTest, ThePrivacyNoticeIsPublicAndVersionedAndTellingIsRecorded)
{
    Client anonymous(*server);
    EXPECT_EQ(anonymous.get("/privacy").status, 303) << "one partnership: straight to its notice";
    auto notice = anonymous.get("/privacy/demo");
    EXPECT_EQ(notice.status, 200);
    EXPECT_TRUE(notice.has("We do not use your real name"));
    EXPECT_TRUE(notice.has("Version 1"));
    EXPECT_EQ(anonymous.get("/privacy/nowhere").status, 404);
    EXPECT_EQ(anonymous.get("/privacy/demo?version=9").status, 404);
    EXPECT_EQ(anonymous.get("/privacy/demo?version=x").status, 404);

    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    EXPECT_TRUE(admin.get("/admin/privacy").has("We do not use your real name"));
    auto empty = admin.post("/admin/privacy", {{"notice", ""}, {"lawful_basis", "x"}, {"article8", "y"}});
    EXPECT_EQ(empty.status, 400);
    ASSERT_EQ(admin
                  .post("/admin/privacy", {{"notice", "Version two. <script>alert(1)</script>"},
                                           {"lawful_basis", "Public task."},
                                           {"article8", "Necessary and proportionate."}})
                  .status,
              303);
    notice = anonymous.get("/privacy/demo");
    EXPECT_TRUE(notice.has("Version two."));
    EXPECT_FALSE(notice.has("<script>alert(1)</script>"));
    EXPECT_TRUE(notice.has("Version 2"));
    auto first = anonymous.get("/privacy/demo?version=1");
    EXPECT_TRUE(first.has("This is not the current version"));
    EXPECT_TRUE(first.has("We do not use your real name"));

    Client lead(*server), partner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    auto page = lead.get("/contexts/1/telling");
    EXPECT_TRUE(page.has("Told on 11 March 2026"));
    EXPECT_TRUE(page.has("They will be told once it is safe"));
    EXPECT_EQ(partner.get("/contexts/1/telling").status, 403);
    auto bad = lead.post("/contexts/1/telling", {{"who", "context"}, {"told", "no"}, {"reason", "other"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("Give the reason they were not told."));
    EXPECT_EQ(lead.post("/contexts/1/telling", {{"who", "999"}, {"told", "yes"}, {"told_date", "2026-11-01"}}).status,
              400)
        << "someone not on the register";
    EXPECT_EQ(
        lead.post("/contexts/1/telling", {{"who", "context"}, {"told", "yes"}, {"told_date", "2099-01-01"}}).status,
        400);
    ASSERT_EQ(lead.post("/contexts/1/telling",
                        {{"who", "context"}, {"told", "no"}, {"reason", "risk"}, {"detail", "<b>unsafe</b> now"}})
                  .status,
              303);
    page = lead.get("/contexts/1/telling");
    EXPECT_TRUE(page.has("Telling would put a young person at risk of harm"));
    EXPECT_TRUE(page.has("&lt;b&gt;unsafe&lt;/b&gt; now"));
}

// The telling record of a long register: fifty a page, and the young person
// it is about typed by pseudonym rather than chosen from a list of everyone.
TEST_P(LifecycleTest, TellingOnALongRegisterIsReadFiftyAPageAndTypedByPseudonym)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    for (int i = 1; i <= 51; ++i)
        ASSERT_EQ(
            lead.post("/contexts/2/young-people", {{"pseudonym", fmt::format("Tel {:02}", i)}, {"age_band", "14_15"}})
                .status,
            303);
    auto page = lead.get("/contexts/2/telling");
    EXPECT_TRUE(page.has("Showing 1 to 50 of ")) << page.body;
    EXPECT_TRUE(page.has("name=\"who_name\"")) << "typed, not listed";
    EXPECT_FALSE(page.has(">Tel 01</option>")) << "nobody is listed to choose";
    auto unknown = lead.post("/contexts/2/telling",
                             {{"who", "named"}, {"who_name", "Nobody"}, {"told", "yes"}, {"told_date", "2026-11-01"}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_TRUE(unknown.has("href=\"#who_name\"")) << unknown.body;
    EXPECT_EQ(lead.post("/contexts/2/telling", {{"who", "named"}, {"told", "yes"}, {"told_date", "2026-11-01"}}).status,
              400)
        << "no pseudonym typed";
    ASSERT_EQ(lead.post("/contexts/2/telling",
                        {{"who", "named"}, {"who_name", "tel 51"}, {"told", "yes"}, {"told_date", "2026-11-01"}})
                  .status,
              303);
    std::string both = lead.get("/contexts/2/telling").body + lead.get("/contexts/2/telling?page=2").body;
    auto row = both.find(">Tel 51<");
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(both.find("Told on 1 November 2026", row), both.find("Told on", row)) << "the row of Tel 51";
    EXPECT_NE(both.find("Told on 1 November 2026", row), std::string::npos);

    // Everything recorded is read twenty-five a page, newest first; each row
    // of the register still shows the latest record about that person.
    for (int i = 1; i <= 30; ++i)
        ASSERT_EQ(lead.post("/contexts/2/telling", {{"who", "named"},
                                                    {"who_name", fmt::format("Tel {:02}", i)},
                                                    {"told", "yes"},
                                                    {"told_date", fmt::format("2026-10-{:02}", i)}})
                      .status,
                  303);
    ASSERT_EQ(
        lead.post("/contexts/2/telling", {{"who", "named"}, {"who_name", "Tel 01"}, {"told", "no"}, {"reason", "risk"}})
            .status,
        303);
    auto record = lead.get("/contexts/2/telling");
    EXPECT_TRUE(record.has("Showing 1 to 25 of 32.")) << "thirty-two records, counting Tel 51's";
    EXPECT_TRUE(record.has("aria-label=\"Pages of everything recorded\""));
    EXPECT_TRUE(record.has("href=\"/contexts/2/telling?history=2\""));
    auto first_row = record.body.find(">Tel 01<");
    ASSERT_NE(first_row, std::string::npos);
    auto told = record.body.find("Told on", first_row), not_told = record.body.find("Not told", first_row);
    ASSERT_NE(not_told, std::string::npos);
    EXPECT_LT(not_told, told) << "Tel 01's row shows the latest record (not told), not the one before";
    auto older = lead.get("/contexts/2/telling?history=2&page=2");
    EXPECT_TRUE(older.has("Showing 26 to 32 of 32."));
    EXPECT_TRUE(older.has("Tel 51: Told on 1 November 2026")) << "the oldest record is on the last page";
    EXPECT_TRUE(older.has("href=\"/contexts/2/telling?history=2&amp;page=1\""))
        << "the register's links keep the record's page";
    EXPECT_TRUE(older.has("href=\"/contexts/2/telling?page=2&amp;history=1\"")) << "and the record's the register's";
}

TEST_P(LifecycleTest, APartnerSeesNothingWithoutACurrentSharingAgreement)
{
    Client admin(*server), partner(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_EQ(partner.get("/my-actions").status, 200) << "the demo's agencies share under an agreement";
    auto agencies = admin.get("/admin/agencies");
    EXPECT_TRUE(agencies.has("Agreement until"));
    auto bad = admin.post("/admin/agreements", {{"agency", "2"},
                                                {"starts_date", "2026-05-01"},
                                                {"ends_date", "2026-04-01"},
                                                {"purposes", "x"},
                                                {"what", "y"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.has("The agreement must end on or after the day it starts."));
    EXPECT_EQ(admin
                  .post("/admin/agreements", {{"agency", "999"},
                                              {"starts_date", "2026-01-01"},
                                              {"ends_date", "2026-04-01"},
                                              {"purposes", "x"},
                                              {"what", "y"}})
                  .status,
              400);
    // A new agency has no agreement: its partner user sees nothing, token or not.
    ASSERT_EQ(admin.post("/admin/agencies", {{"name", "Westbrook Buses"}, {"kind", "other"}}).status, 303);
    auto made =
        admin.post("/admin/users",
                   {{"display_name", "Bea Bus"}, {"email", "bea@example.org"}, {"role", "partner"}, {"agency", "7"}});
    std::smatch m;
    std::regex password(R"re(<strong>([a-z0-9-]{20,})</strong>)re");
    ASSERT_TRUE(std::regex_search(made.body, m, password)) << made.body.substr(0, 600);
    Client bea(*server);
    ASSERT_EQ(bea.sign_in_as("bea@example.org", m[1]).status, 303);
    auto refused = bea.get("/my-actions");
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(refused.has("no current information sharing agreement"));
    EXPECT_EQ(bea.api("GET", "/api/v1/actions").status, 403);
    // An agreement that has lapsed shares nothing either; a current one does.
    ASSERT_EQ(admin
                  .post("/admin/agreements", {{"agency", "7"},
                                              {"starts_date", "2025-01-01"},
                                              {"ends_date", "2025-12-31"},
                                              {"purposes", "Bus safety."},
                                              {"what", "Their actions."}})
                  .status,
              303);
    EXPECT_EQ(bea.get("/my-actions").status, 403);
    ASSERT_EQ(admin
                  .post("/admin/agreements", {{"agency", "7"},
                                              {"starts_date", "2026-01-01"},
                                              {"ends_date", "2099-12-31"},
                                              {"purposes", "Bus safety."},
                                              {"what", "Their actions."}})
                  .status,
              303);
    EXPECT_EQ(bea.get("/my-actions").status, 200);
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info)
{
    return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

INSTANTIATE_TEST_SUITE_P(Backends, LifecycleTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backend_name);

}  // namespace
}  // namespace trellis::testing
