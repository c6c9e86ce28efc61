// Keeping children's records lawfully, through the web pages, on both
// databases: the audit trail people read, retention and legal holds,
// exceptional access and the disclosure log.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness.hpp"

namespace trellis::testing {
namespace {

class LawfulTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        server = std::make_unique<Server>(GetParam());
        ASSERT_TRUE(server->ok() && server->problem().empty()) << server->problem();
    }
    std::unique_ptr<Server> server;
};

TEST_P(LawfulTest, TheAuditTrailReadsAsSentencesAndFiltersAndDownloads)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(lead.get("/contexts/1").status, 200);
    auto trail = lead.get("/audit");
    ASSERT_EQ(trail.status, 200);
    // "Priya Shah viewed context ‘Millbrook Road friendship group’, 2 December 2026, 8:41pm"
    std::regex viewed(
        R"re([A-Z][a-z]+ [A-Z][a-z]+ viewed context ‘Millbrook Road friendship group’, \d{1,2} [A-Z][a-z]+ 20\d\d, \d{1,2}(:\d\d)?(am|pm))re");
    EXPECT_TRUE(std::regex_search(trail.body, viewed)) << trail.body.substr(trail.body.find("<tbody"), 800);

    // Filters: by kind and by a date range that holds nothing.
    auto evidence = lead.get("/audit?kind=evidence");
    EXPECT_EQ(evidence.status, 200);
    EXPECT_FALSE(evidence.has("viewed context ‘"));
    EXPECT_TRUE(lead.get("/audit?from=2001-01-01&to=2001-01-02").has("Nothing in the audit trail matches"));
    EXPECT_EQ(lead.get("/audit?from=yesterday").status, 400);
    EXPECT_EQ(lead.get("/audit?from=2026-05-02&to=2026-05-01").status, 400);
    EXPECT_EQ(lead.get("/audit?kind=nonsense").status, 400);
    EXPECT_EQ(lead.get("/audit?person=abc").status, 400);

    // By a person, typed: a name, part of one, or an email address; the
    // partnership's accounts are never listed whole on the page.
    EXPECT_FALSE(trail.has(R"(id="person" name="person")")) << "no list of every account";
    auto mine = lead.get("/audit?person_name=lena");
    ASSERT_EQ(mine.status, 200) << mine.body.substr(0, 2000);
    EXPECT_TRUE(mine.has(R"(name="person_name" type="text" value="Lena Lead")")) << "the filter shows who was chosen";
    EXPECT_TRUE(mine.has("Lena Lead viewed context ‘Millbrook Road friendship group’"));
    EXPECT_EQ(lead.get("/audit?person_name=lead%40demo.trellis.test").status, 200);
    auto several = lead.get("/audit?person_name=demo.trellis");
    EXPECT_EQ(several.status, 400);
    EXPECT_TRUE(several.has("5 people match “demo.trellis”, among them “Ade Admin”")) << several.body;
    auto nobody = lead.get("/audit?person_name=zzyzx");
    EXPECT_EQ(nobody.status, 400);
    EXPECT_TRUE(nobody.has("No one in the partnership is called “zzyzx”"));

    // Paging goes back in time without repeating a row.
    auto first = lead.get("/audit");
    std::smatch m;
    std::regex older(R"re(href="(/audit\?before=\d+)")re");
    ASSERT_TRUE(std::regex_search(first.body, m, older)) << "the demo has more than a page of audit rows";
    auto second = lead.get(m[1].str());
    EXPECT_EQ(second.status, 200);
    EXPECT_TRUE(second.has("Newest"));

    // The CSV carries every row matching the filters, safe in a spreadsheet.
    auto csv = lead.get("/audit?format=csv&kind=context");
    EXPECT_EQ(csv.status, 200) << csv.body.substr(0, 3000);
    EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(csv.body.starts_with("id,when_utc,who,sentence,kind,action,context,detail,address\r\n"));
    EXPECT_TRUE(csv.has("viewed context ‘Millbrook Road friendship group’"));
    EXPECT_TRUE(lead.get("/audit?kind=audit").has("downloaded audit trail")) << "the download is itself audited";

    // A context's own trail names its records; a practitioner reads no trail.
    EXPECT_TRUE(lead.get("/contexts/1/audit").has("on Millbrook Road friendship group"));
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.get("/audit").status, 403);
}

std::string context_id_of(Client& lead, const std::string& name)
{
    auto page = lead.get("/contexts?q=" + form_encode({{"", name}}).substr(1));
    std::smatch m;
    std::regex link("href=\"/contexts/(\\d+)\">" + name + "<");
    return std::regex_search(page.body, m, link) ? m[1].str() : "";
}

// A download of more rows than one file should hold is refused with what to
// narrow, never cut short; narrowed, it downloads.
TEST_P(LawfulTest, TheAuditTrailDownloadsAtMostAHundredThousandRowsAtATime)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    {
        auto db = server->database().connect();
        ASSERT_TRUE(db);
        ASSERT_TRUE(
            db->query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                      "INSERT INTO audit_events (partnership_id, at, actor_label, address, action, entity, detail) "
                      "SELECT 1, '2025-06-01T10:00:00.000000Z', 'Bulk', '', 'view', 'context', '' FROM n"));
    }
    auto whole = lead.get("/audit?format=csv");
    EXPECT_EQ(whole.status, 400);
    EXPECT_TRUE(whole.has("These filters match more than 100,000 rows")) << whole.body.substr(0, 3000);
    EXPECT_NE(whole.header("Content-Type"), "text/csv; charset=utf-8");
    auto part = lead.get("/audit?format=csv&from=2026-01-01");
    EXPECT_EQ(part.status, 200);
    EXPECT_TRUE(part.body.starts_with("id,when_utc,who,sentence,kind,action,context,detail,address\r\n"));
    EXPECT_EQ(part.body.find("Bulk"), std::string::npos);
}

TEST_P(LawfulTest, AnAdminSetsTheScheduleALeadHoldsAContextAndTheDryRunListsWhatWouldGo)
{
    Client admin(*server), lead(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto page = admin.get("/admin/retention");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(page.has("Kept for 25 years from the day its closure was signed off"));
    EXPECT_TRUE(admin.get("/admin/retention/preview").has("Nothing is due")) << "the defaults keep the demo's records";

    auto schedule = [&](const std::string& closed, const std::string& audit) {
        return admin.post("/admin/retention", {{"closed_context", closed},
                                               {"closed_context_unit", "years"},
                                               {"unlinked_young_person", "6"},
                                               {"unlinked_young_person_unit", "years"},
                                               {"audit_trail", audit},
                                               {"audit_trail_unit", "years"},
                                               {"unconfirmed_upload", "1"},
                                               {"unconfirmed_upload_unit", "days"},
                                               {"expired_session", "7"},
                                               {"expired_session_unit", "days"}});
    };
    auto zero = schedule("0", "26");
    EXPECT_EQ(zero.status, 400);
    EXPECT_TRUE(zero.has("enter a period from 1 year to 100 years")) << zero.body.substr(0, 2000);
    auto shorter_audit = schedule("3", "3");
    EXPECT_EQ(shorter_audit.status, 400);
    EXPECT_TRUE(shorter_audit.has("Keep the audit trail at least a year longer"));
    EXPECT_EQ(schedule("x", "26").status, 400);
    ASSERT_EQ(schedule("1", "26").status, 303);
    EXPECT_TRUE(admin.get("/admin/retention").has("Kept for 1 year from the day its closure was signed off"));

    // Station Road benches closed in July 2023: past a one-year period.
    auto benches = context_id_of(lead, "Station Road benches");
    ASSERT_FALSE(benches.empty());
    auto preview = admin.get("/admin/retention/preview");
    EXPECT_TRUE(preview.has("Context " + benches)) << preview.body.substr(0, 3000);
    EXPECT_FALSE(preview.has("Station Road")) << "a context is named by its number only";

    // A lead holds it: the dry run leaves it out.
    EXPECT_EQ(lead.post("/contexts/" + benches + "/holds", {{"reason", "  "}}).status, 400);
    ASSERT_EQ(
        lead.post("/contexts/" + benches + "/holds", {{"reason", "Complaint 2026/114 about the closure."}}).status,
        303);
    auto held = lead.get("/contexts/" + benches + "/holds");
    EXPECT_TRUE(held.has("Complaint 2026/114 about the closure."));
    EXPECT_TRUE(held.has("Nothing on this context will be destroyed"));
    EXPECT_FALSE(admin.get("/admin/retention/preview").has("Context " + benches));

    // The lead lifts it, with a reason; an admin's partnership hold stops everything.
    std::smatch m;
    std::regex lift(R"re(action="(/contexts/\d+/holds/\d+/lift)")re");
    ASSERT_TRUE(std::regex_search(held.body, m, lift));
    EXPECT_EQ(lead.post(m[1].str(), {{"lift_reason", ""}}).status, 400);
    ASSERT_EQ(lead.post(m[1].str(), {{"lift_reason", "The complaint was resolved."}}).status, 303);
    EXPECT_TRUE(admin.get("/admin/retention/preview").has("Context " + benches));
    ASSERT_EQ(admin.post("/admin/holds", {{"reason", "Inquiry: keep every record."}}).status, 303);
    EXPECT_FALSE(admin.get("/admin/retention/preview").has("Context " + benches));
    EXPECT_TRUE(lead.get("/audit?kind=legal_hold").has("placed a legal hold over the partnership"));
    auto trail = lead.get("/audit?kind=legal_hold");
    EXPECT_TRUE(trail.has("Lena Lead placed a legal hold on Station Road benches"))
        << trail.body.substr(trail.body.find("<tbody"), 600);
}

TEST_P(LawfulTest, AnExceptionalAccessOpensAContextForHoursAndWaitsForAnotherLeadsReview)
{
    Client practitioner(*server), lead(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    auto park = context_id_of(lead, "Hollins Park");
    ASSERT_FALSE(park.empty());
    EXPECT_EQ(practitioner.get("/contexts/" + park).status, 404) << "not allocated";
    EXPECT_TRUE(practitioner.get("/contexts").has("Open a context not allocated to you"));

    // A reason is required; a context must exist.
    auto no_reason = practitioner.post("/open-context", {{"context", "Hollins Park"}});
    EXPECT_EQ(no_reason.status, 400);
    EXPECT_TRUE(no_reason.has("Choose why you need to open this context."));
    EXPECT_EQ(practitioner.post("/open-context", {{"context", "Nowhere Street"}, {"reason", "risk"}}).status, 400);
    EXPECT_TRUE(practitioner.post("/open-context", {{"context", "Hollins Park"}, {"reason", "other"}})
                    .has("Say why you need to open this context."));
    auto opened = practitioner.post(
        "/open-context", {{"context", "hollins park"}, {"reason", "cover"}, {"detail", "Sam is on leave this week."}});
    ASSERT_EQ(opened.status, 303) << opened.body.substr(0, 1500);
    EXPECT_EQ(opened.header("Location"), "/contexts/" + park);
    EXPECT_EQ(practitioner.get("/contexts/" + park).status, 200);
    EXPECT_TRUE(practitioner.get("/open-context").has("Open to you now"));

    // It waits on the lead's overview, and shows on the context's audit trail.
    auto overview = lead.get("/overview");
    EXPECT_TRUE(overview.has("Contexts opened by exceptional access, for review"));
    EXPECT_TRUE(overview.has("Sam is on leave this week."));
    EXPECT_TRUE(lead.get("/contexts/" + park + "/audit").has("used exceptional access to open context"));
    std::smatch m;
    std::regex review(R"re(action="(/access/\d+/review)")re");
    ASSERT_TRUE(std::regex_search(overview.body, m, review));
    EXPECT_EQ(lead.post(m[1].str(), {{"outcome", "maybe"}}).status, 400);
    auto done = lead.post(m[1].str(), {{"outcome", "reviewed"}, {"note", "Agreed with the team manager."}});
    EXPECT_EQ(done.status, 303);
    EXPECT_FALSE(lead.get("/overview").has("Sam is on leave this week.")) << "reviewed once, gone from the list";
    EXPECT_EQ(lead.post(m[1].str(), {{"outcome", "reviewed"}}).status, 404) << "reviewed already";
    EXPECT_TRUE(lead.get("/contexts/" + park + "/audit").has("reviewed exceptional access"));
    EXPECT_EQ(lead.post("/open-context", {{"context", "Hollins Park"}, {"reason", "risk"}}).status, 400)
        << "leads see every context already";
}

TEST_P(LawfulTest, PartnerCopiesNeedAnAgreementAndTheDisclosureLogListsThem)
{
    Client lead(*server), admin(*server), partner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    // An agency without an agreement is offered nothing, and a copy for it is refused.
    ASSERT_EQ(admin.post("/admin/agencies", {{"name", "Westbrook Buses"}, {"kind", "other"}}).status, 303);
    auto share = lead.get("/frameworks/1/share");
    ASSERT_EQ(share.status, 200);
    EXPECT_TRUE(share.has("No agreement in force"));
    std::smatch m;
    std::regex copy(R"re(href="(/frameworks/1/export/pdf\?audience=partner&amp;agency=(\d+))")re");
    ASSERT_TRUE(std::regex_search(share.body, m, copy)) << share.body.substr(0, 3000);
    auto agency = m[2].str();
    auto pdf = lead.get("/frameworks/1/export/pdf?audience=partner&agency=" + agency);
    EXPECT_EQ(pdf.status, 200);
    auto refused = lead.get("/frameworks/1/export/pdf?audience=partner&agency=7");
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(refused.has("Westbrook Buses has no current information sharing agreement"));

    // The partner's own use counts too.
    ASSERT_EQ(partner.get("/my-actions").status, 200);
    auto log = lead.get("/disclosures?agency=" + agency);
    ASSERT_EQ(log.status, 200);
    EXPECT_TRUE(log.has("downloaded framework ‘")) << log.body.substr(log.body.find("<table"), 1500);
    EXPECT_FALSE(log.has("None in force")) << "every disclosure was under an agreement";
    auto all = lead.get("/disclosures");
    EXPECT_TRUE(all.has("Paul Partner")) << all.body.substr(all.body.find("<table"), 2000);
    // For a young person on the Millbrook Road register, by pseudonym as typed
    // (the register is never listed whole on the page): what was shared about
    // that context.
    EXPECT_FALSE(log.has(">Kez<")) << "no list of the register";
    auto kez = lead.get("/disclosures?young_person_name=kez");
    ASSERT_EQ(kez.status, 200) << kez.body.substr(0, 2000);
    EXPECT_TRUE(kez.has("downloaded framework ‘"));
    EXPECT_TRUE(kez.has(R"(name="young_person_name" type="text" value="Kez")")) << "the filter shows who was chosen";
    auto nobody = lead.get("/disclosures?young_person_name=zzyzx");
    EXPECT_EQ(nobody.status, 400);
    EXPECT_TRUE(nobody.has("Nobody on the register is called “zzyzx”"));
    EXPECT_EQ(lead.get("/disclosures?young_person=x").status, 400);
    EXPECT_EQ(lead.get("/disclosures?agency=x").status, 400);
    EXPECT_EQ(partner.get("/disclosures").status, 403);
}

TEST_P(LawfulTest, APeerMapIsDrawnAndTabledForLeadsAndPractitionersAndEveryViewIsAudited)
{
    Client lead(*server), practitioner(*server), partner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    auto map = lead.get("/contexts/1/peer-map");
    ASSERT_EQ(map.status, 200);
    EXPECT_TRUE(map.has("<svg class=\"trellis-chart trellis-chart--network\""));
    EXPECT_TRUE(map.has("trellis-chart__link--unverified"));
    EXPECT_TRUE(map.has("7 links on the map"));
    EXPECT_TRUE(map.has("the boss and J")) << "the table beside the drawing";
    EXPECT_TRUE(lead.get("/contexts/1/audit").has("viewed peer map")) << "the view is audited";

    // The allocated practitioner reads it but cannot change it; a partner never sees it.
    auto theirs = practitioner.get("/contexts/1/peer-map");
    EXPECT_EQ(theirs.status, 200);
    EXPECT_FALSE(theirs.has("Record a link"));
    EXPECT_EQ(practitioner.post("/contexts/1/peer-map", {{"a", "1"}, {"b", "4"}}).status, 403);
    EXPECT_EQ(partner.get("/contexts/1/peer-map").status, 403);

    // Recording: two different people from the register, a source and a reliability.
    ASSERT_EQ(lead.post("/contexts/1/young-people", {{"pseudonym", "Rio"}, {"age_band", "14_15"}}).status, 303);
    map = lead.get("/contexts/1/peer-map");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(map.body, m, std::regex(R"re(<option value="(\d+)">Ash</option>)re")));
    auto ash = m[1].str();
    ASSERT_TRUE(std::regex_search(map.body, m, std::regex(R"re(<option value="(\d+)">Rio</option>)re")));
    auto rio = m[1].str();
    auto same =
        lead.post("/contexts/1/peer-map", {{"a", ash}, {"b", ash}, {"source", "observed"}, {"reliability", "likely"}});
    EXPECT_EQ(same.status, 400);
    EXPECT_TRUE(same.has("Choose two different young people."));
    EXPECT_EQ(lead.post("/contexts/1/peer-map", {{"a", ash}, {"b", rio}, {"reliability", "likely"}}).status, 400);
    EXPECT_EQ(lead.post("/contexts/1/peer-map",
                        {{"a", ash}, {"b", "999999"}, {"source", "observed"}, {"reliability", "likely"}})
                  .status,
              400);
    auto added = lead.post(
        "/contexts/1/peer-map",
        {{"a", rio}, {"b", ash}, {"source", "observed"}, {"reliability", "likely"}, {"note", "Walk home together."}});
    ASSERT_EQ(added.status, 303) << added.body.substr(0, 2000);
    auto twice = lead.post("/contexts/1/peer-map",
                           {{"a", ash}, {"b", rio}, {"source", "observed"}, {"reliability", "confirmed"}});
    EXPECT_EQ(twice.status, 409) << "a link has no direction";
    auto after = lead.get("/contexts/1/peer-map");
    EXPECT_TRUE(after.has("8 links on the map"));
    EXPECT_TRUE(after.has("Ash and Rio"));

    // Someone the map names stays on the register until the link goes.
    EXPECT_EQ(lead.post("/contexts/1/young-people/" + rio + "/remove").status, 409);
    ASSERT_TRUE(std::regex_search(
        after.body, m,
        std::regex(
            R"re(action="(/peer-links/\d+/delete)"[^>]*><input[^>]*><button[^>]*>Delete<span class="govuk-visually-hidden"> the link between Ash and Rio<)re")));
    std::string remove_rio = m[1].str();
    ASSERT_FALSE(remove_rio.empty());
    EXPECT_EQ(lead.post(remove_rio).status, 303);
    EXPECT_TRUE(lead.get("/contexts/1/peer-map").has("7 links on the map"));
    EXPECT_TRUE(lead.get("/contexts/1/audit?kind=peer_link").has("deleted link on the peer map"));
    EXPECT_EQ(lead.post("/contexts/1/young-people/" + rio + "/remove").status, 303);

    // It never leaves in a partner copy or through the API.
    auto copy = lead.get("/frameworks/1/export/html?audience=partner&agency=1");
    EXPECT_FALSE(copy.has("Walk home together")) << copy.status;
    EXPECT_FALSE(copy.has("Peer map"));

    // A place has no map.
    auto park = context_id_of(lead, "Hollins Park");
    auto none = lead.get("/contexts/" + park + "/peer-map");
    EXPECT_EQ(none.status, 200);
    EXPECT_TRUE(none.has("A peer map is kept only for a peer group."));
    EXPECT_EQ(lead.post("/contexts/" + park + "/peer-map",
                        {{"a", ash}, {"b", ash}, {"source", "observed"}, {"reliability", "likely"}})
                  .status,
              400);
}

TEST_P(LawfulTest, APeerGroupTooLongToDrawShowsTheLinkedAndTakesTypedPseudonyms)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    // Past thirty on the register, nobody is listed to choose from and only
    // the people a link names are drawn.
    for (int i = 1; i <= 30; ++i)
        ASSERT_EQ(lead.post("/contexts/1/young-people",
                            {{"pseudonym", "Peer " + std::to_string(10 + i)}, {"age_band", "14_15"}})
                      .status,
                  303);
    auto map = lead.get("/contexts/1/peer-map");
    ASSERT_EQ(map.status, 200);
    EXPECT_TRUE(map.has("7 links on the map"));
    EXPECT_TRUE(map.has("the boss and J")) << "the linked are still drawn and tabled";
    EXPECT_FALSE(map.has("<option value=\"")) << "the register is not listed";
    EXPECT_FALSE(map.has("Peer 11")) << "someone without a link is neither drawn nor offered";
    EXPECT_TRUE(map.has("have no link yet and are not drawn."));
    EXPECT_TRUE(map.has(R"(name="a_name" type="text")"));
    EXPECT_TRUE(map.has(R"(name="b_name" type="text")"));

    auto unknown =
        lead.post("/contexts/1/peer-map",
                  {{"a_name", "peer 11"}, {"b_name", "Nobody"}, {"source", "observed"}, {"reliability", "likely"}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_TRUE(unknown.has("register is called “Nobody”")) << unknown.body.substr(0, 3000);
    EXPECT_TRUE(unknown.has(R"(value="peer 11")")) << "what was typed is kept";
    EXPECT_TRUE(unknown.has(R"(href="#b")")) << "the error leads to the field";
    auto added =
        lead.post("/contexts/1/peer-map",
                  {{"a_name", "  peer   11 "}, {"b_name", "Ash"}, {"source", "observed"}, {"reliability", "likely"}});
    ASSERT_EQ(added.status, 303) << added.body.substr(0, 3000);
    map = lead.get("/contexts/1/peer-map");
    EXPECT_TRUE(map.has("8 links on the map"));
    EXPECT_TRUE(map.has("Ash and Peer 11") || map.has("Peer 11 and Ash")) << "the new link is tabled";
    EXPECT_FALSE(map.has("Peer 12"));
}

// The text of a PDF, through poppler's pdftotext.
std::string pdf_text(const std::string& bytes)
{
    static const auto folder = temp_folder("trellis-bundle");
    auto path = (folder / "bundle.pdf").string();
    std::ofstream(path, std::ios::binary) << bytes;
    std::string out;
    if (FILE* pipe = popen(("pdftotext -raw '" + path + "' - 2>&1").c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
        pclose(pipe);
    }
    return out;
}

// The register number of `pseudonym`, from the Change link on a context's register.
std::string register_number(const std::string& register_page, const std::string& pseudonym)
{
    std::smatch m;
    if (!std::regex_search(register_page, m,
                           std::regex("/young-people/(\\d+)/edit\">Change<span class=\"govuk-visually-hidden\"> " +
                                      pseudonym + "</span>")))
        return "";
    return m[1].str();
}

TEST_P(LawfulTest, ASubjectAccessRequestIsDueInAMonthPausedForIdentityReviewedAndReleasedWithOthersRedacted)
{
    Client lead(*server), practitioner(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.get("/subject-requests").status, 403);

    // Kez also goes by "Kezza": the register keeps other names, one a line.
    auto form = lead.get("/subject-requests/new");
    ASSERT_EQ(form.status, 200);
    EXPECT_FALSE(form.has(">Kez</option>")) << "the register is not listed whole on the form";
    // The young person is named by the pseudonym typed; a name nobody has is refused.
    const std::string kez = "kez";
    auto unknown = lead.post("/subject-requests", {{"kind", "access"},
                                                   {"requester", "A parent"},
                                                   {"relationship", "parent"},
                                                   {"young_person", "Nobody Known"},
                                                   {"received_on", "2026-03-02"}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_TRUE(unknown.has("Nobody on the register is called “Nobody Known”")) << unknown.body.substr(0, 3000);
    EXPECT_TRUE(unknown.has(R"(name="young_person" type="text" value="Nobody Known")")) << "what was typed is kept";

    // Recording needs who asked, when, and for whom.
    auto missing = lead.post(
        "/subject-requests",
        {{"kind", "access"}, {"relationship", "parent"}, {"young_person", kez}, {"received_on", "2026-03-02"}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_TRUE(missing.has("Enter who asked"));
    EXPECT_EQ(lead.post("/subject-requests", {{"kind", "access"},
                                              {"requester", "A parent"},
                                              {"relationship", "parent"},
                                              {"young_person", kez},
                                              {"received_on", "2099-01-01"}})
                  .status,
              400)
        << "a request cannot arrive in the future";
    auto made = lead.post("/subject-requests", {{"kind", "access"},
                                                {"requester", "Kez's mum"},
                                                {"relationship", "parent"},
                                                {"young_person", kez},
                                                {"received_on", "2026-03-02"},
                                                {"identity", "awaited"}});
    ASSERT_EQ(made.status, 303) << made.body.substr(0, 2000);
    auto at = made.header("Location");
    auto request = at.substr(0, at.find('?'));
    EXPECT_TRUE(lead.get(request).has("Waiting for proof of identity (clock paused)"));

    // Nothing is released before identity and a review.
    EXPECT_EQ(lead.post(request + "/release").status, 409);
    EXPECT_EQ(lead.post(request + "/identity", {{"confirmed_on", "2026-02-01"}}).status, 400)
        << "identity cannot be confirmed before the request arrived";
    ASSERT_EQ(lead.post(request + "/identity", {{"confirmed_on", "2026-03-09"}}).status, 303);
    auto page = lead.get(request);
    // One calendar month from 2 March plus the seven days paused: 9 April.
    EXPECT_TRUE(page.has("9 April 2026")) << page.body.substr(page.body.find("<main"), 1500);
    EXPECT_TRUE(page.has("the clock ran again after 7 days paused"));
    EXPECT_TRUE(lead.get("/subject-requests").has("Overdue by")) << "long past its due date";
    EXPECT_EQ(lead.post(request + "/release").status, 409) << "not reviewed yet";

    // The bundle: everything linked to Kez, and free text naming them by an alias.
    auto json = lead.get(request + "/bundle/json");
    ASSERT_EQ(json.status, 200) << json.body.substr(0, 2000);
    auto bundle = nlohmann::json::parse(json.body);
    EXPECT_EQ(bundle["subject"], "Kez");
    EXPECT_EQ(bundle["aliases"], nlohmann::json::array({"Kezza"}));
    std::string all = bundle.dump();
    EXPECT_TRUE(all.find("Kezza and another young person have asked about the basketball league") != std::string::npos)
        << "the conference minutes name Kez by an alias and Mo, who is redacted";
    EXPECT_TRUE(all.find("Participant 3") != std::string::npos) << "activity participation";
    EXPECT_TRUE(all.find("Linked to another young person") != std::string::npos) << "the peer map";
    for (const char* other : {"\\bMo\\b", "the boss", "Little T", "\\bSunny\\b", "\\bDee\\b", "\\bAsh\\b"})
        EXPECT_FALSE(std::regex_search(all, std::regex(other, std::regex::icase))) << other << " leaked: " << all;
    EXPECT_FALSE(bundle["retention"].empty());
    EXPECT_FALSE(bundle["purposes"].empty());

    // The review: professionals redacted, a phrase withheld, an exemption with its reason.
    EXPECT_EQ(lead.post(request + "/review", {{"exemptions", "third_party"}}).status, 400)
        << "an exemption needs a note";
    ASSERT_EQ(lead.post(request + "/review", {{"redact_professionals", "yes"},
                                              {"redactions", "basketball league"},
                                              {"exemptions", "third_party"},
                                              {"note", "Details of the other young people's activities withheld."}})
                  .status,
              303);
    auto pdf = lead.get(request + "/bundle/pdf");
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    auto text = pdf_text(pdf.body);
    EXPECT_NE(text.find("What Trellis holds about Kez"), std::string::npos) << text;
    EXPECT_NE(text.find("Kezza"), std::string::npos);
    EXPECT_NE(text.find("another young person"), std::string::npos);
    EXPECT_NE(text.find("[withheld]"), std::string::npos);
    EXPECT_EQ(text.find("basketball league"), std::string::npos);
    EXPECT_NE(text.find("a professional"), std::string::npos);
    EXPECT_EQ(text.find("Priya"), std::string::npos) << "professionals' names are redacted";
    EXPECT_NE(text.find("Information about other people"), std::string::npos) << "the exemption is printed";
    EXPECT_NE(text.find("How long it is kept"), std::string::npos);
    for (const char* other : {"\\bMo\\b", "the boss", "Little T", "\\bSunny\\b", "\\bDee\\b", "\\bAsh\\b", "\\bJ\\b"})
        EXPECT_FALSE(std::regex_search(text, std::regex(other, std::regex::icase))) << other << " leaked: " << text;

    ASSERT_EQ(lead.post(request + "/release").status, 303);
    page = lead.get(request);
    EXPECT_TRUE(page.has("Bundle released"));
    EXPECT_TRUE(page.has("late"));
    EXPECT_EQ(lead.post(request + "/note", {{"what", "Posted"}}).status, 409) << "a released request is closed";
    auto trail = lead.get("/audit?kind=subject_request");
    EXPECT_TRUE(trail.has("released the bundle of subject request"))
        << trail.body.substr(trail.body.find("<tbody"), 1500);
    EXPECT_TRUE(trail.has("downloaded subject request"));
}

TEST_P(LawfulTest, ErasureUsesTheRegistersOwnRulesAllOrNothingAndRectificationIsLogged)
{
    Client lead(*server);
    ASSERT_EQ(lead.sign_in("lead").status, 303);
    ASSERT_EQ(lead.post("/contexts/1/young-people",
                        {{"pseudonym", "Rio"}, {"age_band", "14_15"}, {"aliases", "Rizzo\n rizzo \nR"}})
                  .status,
              303);
    auto on_register = lead.get("/contexts/1/young-people").body;
    auto rio_number = register_number(on_register, "Rio"), kez_number = register_number(on_register, "Kez");
    ASSERT_FALSE(rio_number.empty());
    ASSERT_FALSE(kez_number.empty());
    const std::string rio = "Rio", kez = "Kez";
    auto edit = lead.get("/contexts/1/young-people/" + rio_number + "/edit");
    EXPECT_TRUE(edit.has(">Rizzo\nR</textarea>")) << "aliases are kept one a line, without repeats";

    auto request_for = [&](const std::string& kind, const std::string& who) {
        auto made = lead.post("/subject-requests", {{"kind", kind},
                                                    {"requester", "The young person"},
                                                    {"relationship", "young_person"},
                                                    {"young_person", who},
                                                    {"received_on", "2026-03-02"},
                                                    {"identity", "confirmed"}});
        EXPECT_EQ(made.status, 303) << made.body.substr(0, 2000);
        auto at = made.header("Location");
        return at.substr(0, at.find('?'));
    };
    // Kez is named in evidence: nothing is erased, and the page says why.
    auto kez_erasure = request_for("erasure", kez);
    auto refused = lead.post(kez_erasure + "/erase");
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(refused.has("Nothing was erased"));
    EXPECT_TRUE(lead.get("/contexts/1/young-people").has(">Kez<"));
    EXPECT_EQ(lead.post(kez_erasure + "/close", {{"refused", "yes"}, {"outcome", ""}}).status, 400);
    ASSERT_EQ(lead.post(kez_erasure + "/close", {{"refused", "yes"}, {"outcome", "Kept to protect children."}}).status,
              303);
    EXPECT_TRUE(lead.get(kez_erasure).has("Refused"));

    // Rio is named nowhere: erased from every register at once.
    auto rio_erasure = request_for("erasure", rio);
    EXPECT_EQ(lead.get(rio_erasure + "/bundle/pdf").status, 409) << "an erasure request has no bundle";
    ASSERT_EQ(lead.post(rio_erasure + "/erase").status, 303);
    auto done = lead.get(rio_erasure);
    EXPECT_TRUE(done.has("a young person since erased"));
    EXPECT_FALSE(done.has("Rio"));
    EXPECT_FALSE(lead.get("/contexts/1/young-people").has(">Rio<"));
    EXPECT_TRUE(lead.get("/audit?kind=young_person").has("unlinked young person"));

    // Rectification: the correction is made on the register and logged against the request.
    auto rectify = request_for("rectification", kez);
    auto page = lead.get(rectify);
    EXPECT_TRUE(page.has("/young-people/" + kez_number + "/edit")) << "links to the register entry";
    EXPECT_EQ(lead.post(rectify + "/note", {{"what", " "}}).status, 400);
    ASSERT_EQ(lead.post(rectify + "/note", {{"what", "Corrected the age band to 16 to 17."}}).status, 303);
    EXPECT_TRUE(lead.get(rectify).has("Corrected the age band to 16 to 17."));
    EXPECT_EQ(lead.post(rectify + "/review", {{"note", "x"}}).status, 409) << "only access requests are reviewed";
    EXPECT_EQ(lead.get("/subject-requests/999999").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, LawfulTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backend_name);

}  // namespace
}  // namespace trellis::testing
