// The API as a script sees it: retries that create nothing twice, a page that
// explains the API to people, and one table of export formats behind every
// download link.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "formats/export_formats.hpp"
#include "harness.hpp"

namespace trellis::testing {
namespace {

class ApiTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        server = std::make_unique<Server>(GetParam());
        ASSERT_TRUE(server->ok() && server->problem().empty()) << server->problem();
        lead_ = std::make_unique<Client>(*server);
        ASSERT_EQ(lead_->sign_in("lead").status, 303);
    }
    HttpResponse post_with_key(const std::string& key, const std::string& json)
    {
        return lead().request("POST", "/api/v1/contexts", json, "application/json",
                              {{"X-CSRF-Token", lead().csrf()}, {"Idempotency-Key", key}});
    }
    // An API token of the lead's, made on the account page.
    std::string new_token(const std::map<std::string, std::string>& fields)
    {
        auto made = lead().post("/account/tokens", fields);
        std::smatch m;
        return std::regex_search(made.body, m, std::regex(R"((trellis_[A-Za-z0-9_-]+))")) ? std::string(m[1]) : "";
    }
    std::size_t contexts()
    {
        return nlohmann::json::parse(lead().api("GET", "/api/v1/contexts").body)["contexts"].size();
    }
    std::unique_ptr<Server> server;
    std::unique_ptr<Client> lead_;
    Client& lead() { return *lead_; }
};

TEST_P(ApiTest, TheActionsOfThePartnershipAreListedFilteredAndPaged)
{
    auto all = nlohmann::json::parse(lead().api("GET", "/api/v1/partnership/actions").body);
    EXPECT_EQ(all["actions"].size(), 9u) << "the demo plan's nine";
    EXPECT_EQ(all["actions"][0]["context_name"], "Millbrook Road friendship group");
    auto overdue = nlohmann::json::parse(lead().api("GET", "/api/v1/partnership/actions?overdue=true").body);
    ASSERT_EQ(overdue["actions"].size(), 1u);
    EXPECT_EQ(overdue["actions"][0]["what"], "Bid for lighting on the path by the underpass");
    auto stopped =
        nlohmann::json::parse(lead().api("GET", "/api/v1/partnership/actions?status=stopped&approach=disruption").body);
    EXPECT_EQ(stopped["actions"].size(), 1u);
    auto first = nlohmann::json::parse(lead().api("GET", "/api/v1/partnership/actions?limit=4").body);
    EXPECT_EQ(first["actions"].size(), 4u);
    ASSERT_TRUE(first["next"].is_string());
    EXPECT_NE(first["next"].get<std::string>().find("/api/v1/partnership/actions?limit=4&cursor="), std::string::npos);
    // Following the links reads every action once, in the list's order.
    std::vector<std::int64_t> read, listed;
    for (const auto& a : all["actions"]) listed.push_back(a["id"]);
    for (auto page = first;;) {
        for (const auto& a : page["actions"]) read.push_back(a["id"]);
        if (!page["next"].is_string()) break;
        page = nlohmann::json::parse(lead().api("GET", page["next"].get<std::string>()).body);
    }
    EXPECT_EQ(read, listed);
    auto bad = lead().api("GET", "/api/v1/partnership/actions?status=finished");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["field"], "status");
    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_EQ(partner.api("GET", "/api/v1/partnership/actions").status, 403);
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.api("GET", "/api/v1/partnership/actions?context=2").status, 404) << "not allocated";
}

TEST_P(ApiTest, ARetriedPostWithTheSameIdempotencyKeyCreatesOnce)
{
    auto before = contexts();
    auto first = post_with_key("3f1c2d9e-retry", R"({"name":"Canal towpath"})");
    ASSERT_EQ(first.status, 201) << first.body;
    auto again = post_with_key("3f1c2d9e-retry", R"({"name":"Canal towpath"})");
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.body, first.body) << "the first answer, replayed";
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(contexts(), before + 1) << "created once";

    auto other = post_with_key("3f1c2d9e-retry", R"({"name":"Bus station"})");
    EXPECT_EQ(other.status, 422);
    EXPECT_NE(other.body.find("different request"), std::string::npos);
    EXPECT_EQ(contexts(), before + 1);

    auto invalid = post_with_key("a-key-for-a-bad-request", R"({"name":""})");
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(post_with_key("a-key-for-a-bad-request", R"({"name":""})").body, invalid.body)
        << "an answer that refused is kept as well";
    EXPECT_EQ(post_with_key("bad key with spaces", R"({"name":"x"})").status, 400);
    EXPECT_EQ(post_with_key("another-key", R"({"name":"Bus station"})").status, 201);
    EXPECT_EQ(contexts(), before + 2);
}

TEST_P(ApiTest, TheApiIsExplainedToPeopleAndTheAccountPageLinksThere)
{
    auto guide = Client(*server).get("/api");
    EXPECT_EQ(guide.status, 200);
    for (const char* topic :
         {"Authorization: Bearer", "Idempotency-Key", "based_on", "/api/v1/openapi.json", "429", "limit=", "next"})
        EXPECT_TRUE(guide.has(topic)) << topic;
    EXPECT_TRUE(lead().get("/account").has("href=\"/api\""));
}

TEST_P(ApiTest, EveryExportFormatIsOfferedAndServedFromOneTable)
{
    auto page = lead().get("/frameworks/1");
    auto share = lead().get("/frameworks/1/share");
    for (const auto& f : formats::export_formats()) {
        SCOPED_TRACE(std::string(f.name));
        EXPECT_TRUE(page.has("/frameworks/1/export/" + std::string(f.name) + "\""));
        EXPECT_EQ(share.has("/frameworks/1/export/" + std::string(f.name) + "?audience=partner&amp;agency="),
                  f.partner_copy);
        auto r = lead().get("/api/v1/frameworks/1/export/" + std::string(f.name));
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.header("Content-Type"), f.media_type);
        EXPECT_NE(r.header("Content-Disposition").find("." + std::string(f.extension) + "\""), std::string::npos);
    }
    auto unknown = lead().get("/frameworks/1/export/xls");
    EXPECT_EQ(unknown.status, 404);
}

TEST_P(ApiTest, AReadOnlyTokenReadsButChangesNothing)
{
    auto made = lead().post("/account/tokens", {{"label", "reporting"}, {"read_only", "yes"}});
    EXPECT_TRUE(made.has("Reads only"));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(made.body, m, std::regex(R"((trellis_[A-Za-z0-9_-]+))")));
    Client report(*server);
    report.bearer = m[1];
    EXPECT_EQ(report.api("GET", "/api/v1/contexts").status, 200);
    auto before = contexts();
    auto write = report.api("POST", "/api/v1/contexts", R"({"name":"Written by a report"})");
    EXPECT_EQ(write.status, 403);
    EXPECT_NE(write.body.find("read-only"), std::string::npos);
    EXPECT_EQ(contexts(), before);
}

TEST_P(ApiTest, AScriptRegistersYoungPeopleByPseudonym)
{
    Client script(*server);
    script.bearer = new_token({{"label", "case system"}});
    ASSERT_FALSE(script.bearer.empty());
    auto context = script.api("POST", "/api/v1/contexts", R"({"name":"Station forecourt group"})");
    ASSERT_EQ(context.status, 201) << context.body;
    auto id = std::to_string(nlohmann::json::parse(context.body)["id"].get<std::int64_t>());
    for (const char* name : {"Kestrel", "Magpie", "Wren", "Heron", "Finch"}) {
        auto r = script.api("POST", "/api/v1/contexts/" + id + "/young-people",
                            nlohmann::json{{"pseudonym", name}, {"age_band", "14_15"}}.dump());
        EXPECT_EQ(r.status, 201) << r.body;
    }
    auto list = nlohmann::json::parse(script.api("GET", "/api/v1/contexts/" + id + "/young-people").body);
    ASSERT_EQ(list["young_people"].size(), 5u);
    EXPECT_EQ(list["young_people"][0]["age_band"], "14_15");

    auto twice = script.api("POST", "/api/v1/contexts/" + id + "/young-people", R"({"pseudonym":"Kestrel"})");
    EXPECT_EQ(twice.status, 409);
    auto band =
        script.api("POST", "/api/v1/contexts/" + id + "/young-people", R"({"pseudonym":"Lark","age_band":"teen"})");
    EXPECT_EQ(band.status, 400);
    EXPECT_EQ(nlohmann::json::parse(band.body)["error"]["field"], "age_band");

    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.api("GET", "/api/v1/contexts/" + id + "/young-people").status, 404)
        << "not allocated: as if there were no such context";
}

TEST_P(ApiTest, TheRegisterIsCorrectedLinkedAndUnlinkedAndContextsAreLinked)
{
    auto create = [&](const char* name) {
        auto r = lead().api("POST", "/api/v1/contexts", nlohmann::json{{"name", name}}.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return std::to_string(nlohmann::json::parse(r.body)["id"].get<std::int64_t>());
    };
    auto group = create("Bus station group");
    auto park = create("Canal towpath");
    auto added = lead().api("POST", "/api/v1/contexts/" + group + "/young-people", R"({"pseudonym":"Plover"})");
    ASSERT_EQ(added.status, 201) << added.body;
    auto person = std::to_string(nlohmann::json::parse(added.body)["id"].get<std::int64_t>());
    auto on_group = "/api/v1/contexts/" + group + "/young-people/" + person;
    auto on_park = "/api/v1/contexts/" + park + "/young-people/" + person;

    auto corrected = lead().api("PATCH", on_group, R"({"pseudonym":"Ringed plover","age_band":"16_17"})");
    ASSERT_EQ(corrected.status, 200) << corrected.body;
    EXPECT_EQ(nlohmann::json::parse(corrected.body)["pseudonym"], "Ringed plover");
    EXPECT_EQ(nlohmann::json::parse(corrected.body)["age_band"], "16_17");
    EXPECT_EQ(lead().api("PATCH", on_group, R"({"age_band":"teen"})").status, 400);
    EXPECT_EQ(lead().api("PATCH", on_park, R"({"pseudonym":"X"})").status, 404) << "not on that register yet";

    EXPECT_EQ(lead().api("PUT", on_park).status, 204);
    auto park_list = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/" + park + "/young-people").body);
    ASSERT_EQ(park_list["young_people"].size(), 1u);
    EXPECT_EQ(park_list["young_people"][0]["pseudonym"], "Ringed plover");

    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.api("DELETE", on_park).status, 404) << "not allocated: as if there were no such context";

    EXPECT_EQ(lead().api("DELETE", on_park).status, 204);
    EXPECT_EQ(
        nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/" + park + "/young-people").body)["young_people"]
            .size(),
        0u);
    EXPECT_EQ(lead().api("DELETE", on_park).status, 404) << "already off that register";

    auto linked = lead().api("POST", "/api/v1/contexts/" + group + "/links",
                             nlohmann::json{{"to", std::stoll(park)}, {"label", "meets on"}}.dump());
    ASSERT_EQ(linked.status, 201) << linked.body;
    auto links = nlohmann::json::parse(linked.body)["links"];
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0]["name"], "Canal towpath");
    EXPECT_EQ(links[0]["label"], "meets on");
    EXPECT_EQ(lead().api("POST", "/api/v1/contexts/" + group + "/links", R"({"to":"park","label":"near"})").status,
              400);
    EXPECT_EQ(lead().api("POST", "/api/v1/contexts/" + group + "/links", R"({"to":1})").status, 400) << "no label";
    EXPECT_EQ(lead().api("POST", "/api/v1/contexts/" + group + "/links", R"({"to":999999,"label":"near"})").status,
              404);

    auto audit = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/" + park + "/audit").body)["events"];
    std::set<std::string> actions;
    for (const auto& e : audit) actions.insert(e["action"].get<std::string>());
    for (const char* a : {"link", "unlink"}) EXPECT_TRUE(actions.contains(a)) << a << " is audited on the context";
}

std::string base64(const std::string& bytes)
{
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    }
    return out;
}

TEST_P(ApiTest, AWordFrameworkIsUploadedCheckedAndCreatedThroughTheApi)
{
    auto word = lead().get("/api/v1/frameworks/1/export/docx");
    ASSERT_EQ(word.status, 200);
    const std::string imports = "/api/v1/contexts/3/framework-imports";
    auto refused = [&](const nlohmann::json& body, const char* field) {
        auto r = lead().api("POST", imports, body.dump());
        EXPECT_EQ(r.status, 400) << body.dump().substr(0, 80);
        if (r.status == 400) {
            EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], field) << r.body;
        }
    };
    refused({{"file_name", "plan.docx"}}, "docx_base64");
    refused({{"docx_base64", base64(word.body)}, {"text", "both"}}, "docx_base64");
    refused({{"docx_base64", "not base64!"}}, "docx_base64");
    refused({{"docx_base64", base64("PK\x03\x04junk")}}, "docx_base64");
    refused({{"text", "Just minutes, no table."}}, "text");

    auto sent = lead().api("POST", imports,
                           nlohmann::json{{"file_name", "millbrook.docx"}, {"docx_base64", base64(word.body)}}.dump());
    ASSERT_EQ(sent.status, 201) << sent.body.substr(0, 300);
    auto upload = nlohmann::json::parse(sent.body);
    EXPECT_EQ(upload["file_name"], "millbrook.docx");
    EXPECT_EQ(upload["framework"]["areas"].size(), 3u);
    auto at = imports + "/" + std::to_string(upload["id"].get<std::int64_t>());
    EXPECT_EQ(nlohmann::json::parse(lead().api("GET", at).body), upload) << "read again, the same";

    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    EXPECT_EQ(practitioner.api("GET", at).status, 403) << "practitioners do not create frameworks";

    EXPECT_EQ(lead().api("POST", at + "/confirm", R"({"title":""})").status, 400);
    auto created = lead().api("POST", at + "/confirm", R"({"title":"Riverside College: imported plan"})");
    ASSERT_EQ(created.status, 201) << created.body.substr(0, 300);
    auto framework = nlohmann::json::parse(created.body);
    EXPECT_EQ(framework["title"], "Riverside College: imported plan");
    EXPECT_EQ(framework["status"], "draft");
    EXPECT_EQ(framework["context_id"], 3);
    EXPECT_EQ(framework["areas"].size(), 3u);
    EXPECT_EQ(lead().api("POST", at + "/confirm", "{}").status, 404) << "the upload is used up";

    auto trends = nlohmann::json::parse(lead().api("GET", "/api/v1/lens/trends").body);
    EXPECT_FALSE(trends["months"].empty()) << "the demo's stages and the imported ones were written";
    bool riverside = false;
    for (const auto& row : trends["contexts"]) riverside |= row["name"] == "Riverside College";
    EXPECT_TRUE(riverside) << "the imported framework's language is in the trends";
    // Contexts a page at a time by name; the agencies on every page.
    std::vector<std::string> names;
    std::string next = "/api/v1/lens/trends?limit=1";
    for (int pages = 0; !next.empty() && pages < 20; ++pages) {
        auto one = nlohmann::json::parse(lead().api("GET", next).body);
        ASSERT_LE(one["contexts"].size(), 1u) << one.dump();
        for (const auto& row : one["contexts"]) names.push_back(row["name"]);
        EXPECT_EQ(one["agencies"], trends["agencies"]);
        EXPECT_EQ(one["months"], trends["months"]);
        next = one["next"].is_string() ? one["next"].get<std::string>() : "";
    }
    std::vector<std::string> whole;
    for (const auto& row : trends["contexts"]) whole.push_back(row["name"]);
    EXPECT_GE(whole.size(), 2u);
    EXPECT_EQ(names, whole) << "every context once, in order, one a page";

    auto audit = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/3/audit").body)["events"];
    bool imported = false;
    for (const auto& e : audit) imported |= e["action"] == "import" && e["entity"] == "framework";
    EXPECT_TRUE(imported) << "the import is audited on the context";
}

TEST_P(ApiTest, TheOverviewGivesEveryoneTheCountsAndOnlyLeadsTheFrameworksOverdue)
{
    auto overdue =
        lead().api("PATCH", "/api/v1/frameworks/1", R"({"start_date":"2020-01-01","next_review_date":"2020-01-31"})");
    ASSERT_EQ(overdue.status, 200) << overdue.body;
    auto seen = nlohmann::json::parse(lead().api("GET", "/api/v1/overview").body);
    EXPECT_EQ(seen["contexts"], 4);
    EXPECT_EQ(seen["frameworks_by_status"]["active"], 1);
    EXPECT_EQ(seen["overdue_reviews"], 1);
    ASSERT_EQ(seen["reviews_overdue"].size(), 1u);
    EXPECT_EQ(seen["reviews_overdue"][0]["id"], 1);

    Client viewer(*server);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    auto counted = nlohmann::json::parse(viewer.api("GET", "/api/v1/overview").body);
    EXPECT_EQ(counted["overdue_reviews"], 1);
    EXPECT_TRUE(counted["reviews_overdue"].empty()) << "a viewer sees the count, not which framework";
}

TEST_P(ApiTest, TheDashboardAndTheOverviewAreKeptOnlyUntilTheRecordsChange)
{
    auto dashboard = [&] { return nlohmann::json::parse(lead().api("GET", "/api/v1/dashboard").body); };
    auto overview = [&] { return nlohmann::json::parse(lead().api("GET", "/api/v1/overview").body); };
    auto before = dashboard();
    EXPECT_EQ(dashboard(), before) << "asked again with nothing changed";
    EXPECT_EQ(overview()["contexts"], before["contexts"]);
    ASSERT_EQ(lead().api("POST", "/api/v1/contexts", R"({"name":"Library steps group"})").status, 201);
    EXPECT_EQ(dashboard()["contexts"], before["contexts"].get<int>() + 1) << "a new context is counted at once";
    EXPECT_EQ(overview()["contexts"], before["contexts"].get<int>() + 1);

    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_EQ(partner.api("GET", "/api/v1/dashboard").status, 403) << "a kept answer is not shared past the role";
}

TEST_P(ApiTest, AGoalsStatusFollowsTheWorkUntilItsOutcomeIsRated)
{
    auto post = [&](const std::string& path, const nlohmann::json& body) {
        auto r = lead().api("POST", path, body.dump());
        EXPECT_EQ(r.status, 201) << path << " " << r.body;
        return nlohmann::json::parse(r.body, nullptr, false);
    };
    auto context = post("/api/v1/contexts", {{"name", "Library steps group"}});
    auto cid = std::to_string(context["id"].get<std::int64_t>());
    auto framework = post("/api/v1/contexts/" + cid + "/frameworks",
                          {{"template", "friendship-and-peer-group"}, {"title", "Library steps"}});
    auto area = std::to_string(framework["areas"][0]["id"].get<std::int64_t>());
    auto goal = std::to_string(
        post("/api/v1/areas/" + area + "/goals", {{"statement", "They feel safe here"}})["id"].get<std::int64_t>());
    auto status = [&] {
        auto f = nlohmann::json::parse(lead().api("GET", "/api/v1/frameworks/" + framework["id"].dump()).body);
        for (const auto& a : f["areas"])
            for (const auto& g : a["goals"])
                if (std::to_string(g["id"].get<std::int64_t>()) == goal) return g["status"].get<std::string>();
        return std::string("missing");
    };
    auto write = [&](const char* stage, int based_on) {
        auto r = lead().api("PUT", "/api/v1/goals/" + goal + "/stages/" + stage,
                            nlohmann::json{{"text", std::string("Written: ") + stage}, {"based_on", based_on}}.dump());
        EXPECT_EQ(r.status, 200) << stage << " " << r.body;
    };
    EXPECT_EQ(status(), "not_started");
    write("scoping", 0);
    EXPECT_EQ(status(), "in_progress");
    write("measuring", 0);
    write("action", 0);
    EXPECT_EQ(status(), "in_progress") << "three of four";
    write("outcome", 0);
    EXPECT_EQ(status(), "ready_for_review") << "all four written, no rating yet";
    auto unreasoned = lead().api("POST", "/api/v1/goals/" + goal + "/outcome", R"({"rating":"reached"})");
    EXPECT_EQ(unreasoned.status, 400);
    EXPECT_EQ(nlohmann::json::parse(unreasoned.body)["error"]["message"], "Enter the reason for the rating.");
    auto rated = lead().api("POST", "/api/v1/goals/" + goal + "/outcome",
                            R"({"rating":"reached","rationale":"The group named three trusted adults at follow-up."})");
    ASSERT_EQ(rated.status, 201) << rated.body;
    EXPECT_EQ(status(), "reached");
    write("outcome", 1);
    EXPECT_EQ(status(), "reached") << "writing never undoes a rating";

    auto audit = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/" + cid + "/audit").body)["events"];
    int goal_updates = 0;
    for (const auto& e : audit) goal_updates += e["action"] == "update" && e["entity"] == "goal";
    EXPECT_EQ(goal_updates, 2) << "each move the work made is audited: to in progress, to ready for review";
}

TEST_P(ApiTest, AScriptAddsAnActionThatThePartnerAgencySees)
{
    auto agencies = nlohmann::json::parse(lead().api("GET", "/api/v1/agencies").body)["agencies"];
    std::int64_t police = 0;
    for (const auto& a : agencies)
        if (a["kind"] == "police") police = a["id"].get<std::int64_t>();
    ASSERT_NE(police, 0) << agencies.dump();
    auto made = lead().api("POST", "/api/v1/goals/1/actions",
                           nlohmann::json{{"what", "Police team walks the park with the youth workers on Fridays"},
                                          {"owner_agency", police},
                                          {"due_date", "2027-03-31"},
                                          {"approach", "relational"}}
                               .dump());
    ASSERT_EQ(made.status, 201) << made.body;
    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    EXPECT_TRUE(partner.get("/my-actions").has("Police team walks the park with the youth workers on Fridays"));

    auto no_owner = lead().api("POST", "/api/v1/goals/1/actions", R"({"what":"Nobody owns this"})");
    EXPECT_EQ(no_owner.status, 400);
    EXPECT_EQ(nlohmann::json::parse(no_owner.body)["error"]["field"], "owner_agency");
    auto foreign = lead().api("POST", "/api/v1/goals/1/actions", R"({"what":"x","owner_agency":99999})");
    EXPECT_EQ(foreign.status, 400);
    auto approach = lead().api("POST", "/api/v1/goals/1/actions",
                               nlohmann::json{{"what", "x"}, {"owner_agency", police}, {"approach", "stop"}}.dump());
    EXPECT_EQ(approach.status, 400);
}

TEST_P(ApiTest, AScriptImportsAResponseLogByUploadPreviewAndConfirm)
{
    std::string csv =
        "When,Agency,Response type,Where,Young people\n"
        "2026-11-20,Police,Dispersal direction,Park,3\n"
        "2026-11-21,Police,Kettled,Park,3\n"
        "2026-11-23,Youth service,Youth work outreach,Park,5\n";
    auto up = lead().api("POST", "/api/v1/contexts/1/response-imports",
                         nlohmann::json{{"file_name", "export.csv"}, {"csv", csv}}.dump());
    ASSERT_EQ(up.status, 201) << up.body;
    auto upload = nlohmann::json::parse(up.body);
    EXPECT_EQ(upload["rows"], 3);
    EXPECT_EQ(upload["columns"]["agency"], "Agency") << "guessed from the header";
    auto base = "/api/v1/contexts/1/response-imports/" + std::to_string(upload["id"].get<std::int64_t>());
    std::string mapping = R"({"columns":{"date":"When","agency":"Agency","type":"Response type","place":"Where",)"
                          R"("young_people":"Young people"}})";
    auto preview = nlohmann::json::parse(lead().api("POST", base + "/preview", mapping).body);
    EXPECT_EQ(preview["good"], 2);
    ASSERT_EQ(preview["problems"].size(), 1u);
    EXPECT_EQ(preview["problems"][0]["line"], 3);

    auto refused = lead().api("POST", base + "/confirm", mapping);
    EXPECT_EQ(refused.status, 400) << "a bad row stops the import unless skipped";
    EXPECT_EQ(nlohmann::json::parse(refused.body)["plan"]["problems"].size(), 1u);
    auto bad_column = lead().api("POST", base + "/preview", R"({"columns":{"date":"Nope"}})");
    EXPECT_EQ(bad_column.status, 400);

    auto skip = nlohmann::json::parse(mapping);
    skip["skip_bad"] = true;
    auto done = lead().api("POST", base + "/confirm", skip.dump());
    ASSERT_EQ(done.status, 201) << done.body;
    EXPECT_EQ(nlohmann::json::parse(done.body)["imported"], 2);
    EXPECT_EQ(lead().api("POST", base + "/confirm", skip.dump()).status, 404) << "the draft is gone once imported";
}

TEST_P(ApiTest, EvidenceIsRecordedAgainstTheRegisterAndTheStagesItSupports)
{
    auto people = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/1/young-people").body)["young_people"];
    ASSERT_FALSE(people.empty());
    auto record = nlohmann::json{{"date", "2026-11-30"},
                                 {"method", "observation"},
                                 {"provenance", "seen"},
                                 {"narrative", "The group showed the youth workers the new ramp by the library."},
                                 {"young_people", {people[0]["id"]}},
                                 {"unnamed_young_people", 2},
                                 {"adults", {"youth_worker"}},
                                 {"supports", {{{"goal", 1}, {"stage", "outcome"}}}}};
    auto made = lead().api("POST", "/api/v1/contexts/1/evidence", record.dump());
    ASSERT_EQ(made.status, 201) << made.body;
    auto list = lead().api("GET", "/api/v1/contexts/1/evidence");
    EXPECT_NE(list.body.find("new ramp by the library"), std::string::npos);

    auto bad_method = record;
    bad_method["method"] = "rumour";
    auto r = lead().api("POST", "/api/v1/contexts/1/evidence", bad_method.dump());
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], "method");
    auto stranger = record;
    stranger["young_people"] = {999999};
    EXPECT_EQ(lead().api("POST", "/api/v1/contexts/1/evidence", stranger.dump()).status, 400)
        << "only young people on the context's register";
    Client viewer(*server);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    EXPECT_EQ(viewer.api("POST", "/api/v1/contexts/1/evidence", record.dump()).status, 403);
}

TEST_P(ApiTest, VoicesAreKeptWithTheirThemesAndFilteredByTheme)
{
    auto people = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/1/young-people").body)["young_people"];
    ASSERT_FALSE(people.empty());
    auto made = lead().api("POST", "/api/v1/contexts/1/voices",
                           nlohmann::json{{"date", "2026-11-29"},
                                          {"speaker", "young_person"},
                                          {"young_person", people[0]["id"]},
                                          {"quote", "The ramp is ours now, nobody moves us on."},
                                          {"themes", {"belonging", "places"}}}
                               .dump());
    ASSERT_EQ(made.status, 201) << made.body;
    auto belonging = lead().api("GET", "/api/v1/contexts/1/voices?theme=belonging");
    EXPECT_NE(belonging.body.find("nobody moves us on"), std::string::npos);
    auto other = lead().api("GET", "/api/v1/contexts/1/voices?theme=no-such-theme");
    EXPECT_EQ(other.body.find("nobody moves us on"), std::string::npos);
    auto bad =
        lead().api("POST", "/api/v1/contexts/1/voices", R"({"date":"2026-11-29","speaker":"stranger","quote":"x"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["field"], "speaker");
}

TEST_P(ApiTest, MeasurementsAndOutcomeRatingsAreRecordedThroughTheApi)
{
    auto indicators = nlohmann::json::parse(lead().api("GET", "/api/v1/frameworks/1/indicators").body)["indicators"];
    std::int64_t entered = 0, computed = 0;
    for (const auto& i : indicators) (i["source"] == "entered" ? entered : computed) = i["id"].get<std::int64_t>();
    ASSERT_NE(computed, 0) << indicators.dump();
    if (entered == 0) {
        // The demo's indicators are all computed: add one measured by hand.
        auto goal = nlohmann::json::parse(lead().api("GET", "/api/v1/frameworks/1").body)["areas"][0]["goals"][0];
        auto made = lead().post("/goals/" + std::to_string(goal["id"].get<std::int64_t>()) + "/indicators",
                                {{"name", "Evenings the group uses the sports hall"},
                                 {"unit", "evenings a month"},
                                 {"better", "higher"},
                                 {"source", "entered"}});
        ASSERT_LT(made.status, 400) << made.body.substr(0, 400);
        indicators = nlohmann::json::parse(lead().api("GET", "/api/v1/frameworks/1/indicators").body)["indicators"];
        for (const auto& i : indicators)
            if (i["source"] == "entered") entered = i["id"].get<std::int64_t>();
    }
    ASSERT_NE(entered, 0);
    auto added = lead().api("POST", "/api/v1/indicators/" + std::to_string(entered) + "/measurements",
                            R"({"date":"2026-11-30","value":6,"note":"Counted from the sign-in sheet."})");
    EXPECT_EQ(added.status, 201) << added.body;
    auto refused = lead().api("POST", "/api/v1/indicators/" + std::to_string(computed) + "/measurements",
                              R"({"date":"2026-11-30","value":6})");
    EXPECT_EQ(refused.status, 400) << "a computed indicator takes no measurements by hand";
    EXPECT_EQ(lead()
                  .api("POST", "/api/v1/indicators/" + std::to_string(entered) + "/measurements",
                       R"({"date":"2026-11-30","value":"six"})")
                  .status,
              400);

    auto rated = lead().api("POST", "/api/v1/goals/1/outcome",
                            R"({"rating":"partly","rationale":"Two of three measures moved the right way."})");
    EXPECT_EQ(rated.status, 201) << rated.body;
    EXPECT_EQ(lead().api("POST", "/api/v1/goals/1/outcome", R"({"rating":"great"})").status, 400);
    Client viewer(*server);
    ASSERT_EQ(viewer.sign_in("viewer").status, 303);
    EXPECT_EQ(viewer.api("POST", "/api/v1/goals/1/outcome", R"({"rating":"reached"})").status, 403);
}

// The issue's scenario, with only the API and a token: five young people, a
// who-do-you-trust baseline and follow-up, the comparison, an action for a
// partner agency and a response log.
TEST_P(ApiTest, AContextsMeasuredChangeThroughTheApiAlone)
{
    Client script(*server);
    script.bearer = new_token({{"label", "integration"}});
    ASSERT_FALSE(script.bearer.empty());
    auto post = [&](const std::string& path, const nlohmann::json& body) {
        auto r = script.api("POST", path, body.dump());
        EXPECT_LT(r.status, 300) << path << " " << r.body;
        return nlohmann::json::parse(r.body, nullptr, false);
    };
    auto context = post("/api/v1/contexts", {{"name", "Precinct skate group"}, {"kind", "peer_group"}});
    auto cid = std::to_string(context["id"].get<std::int64_t>());
    std::vector<std::int64_t> people;
    for (const char* name : {"Otter", "Plover", "Quail", "Robin", "Swift"})
        people.push_back(post("/api/v1/contexts/" + cid + "/young-people", {{"pseudonym", name}})["id"]);

    auto run = [&](int youth_workers, std::optional<std::int64_t> follows) {
        nlohmann::json participants = nlohmann::json::array();
        for (auto id : people)
            participants.push_back({{"young_person", id},
                                    {"trusted",
                                     {{{"role", "youth_worker"}, {"adults", youth_workers}, {"respected", true}},
                                      {{"role", "parent"}, {"adults", 1}, {"respected", true}}}}});
        nlohmann::json body = {{"date", follows ? "2026-10-01" : "2026-06-01"}, {"participants", participants}};
        if (follows) body["follow_up_of"] = *follows;
        return post("/api/v1/contexts/" + cid + "/activities/trust", body)["id"].get<std::int64_t>();
    };
    auto baseline = run(0, std::nullopt);
    auto follow_up = run(2, baseline);
    auto comparison = nlohmann::json::parse(
        script.api("GET", "/api/v1/activities/" + std::to_string(follow_up) + "/comparison").body);
    EXPECT_EQ(comparison["baseline"]["trust"]["adults"], 5);
    EXPECT_EQ(comparison["follow_up"]["trust"]["adults"], 15);
    EXPECT_EQ(comparison["follow_up"]["trust"]["by_role"]["youth_worker"]["adults"], 10);
    EXPECT_DOUBLE_EQ(comparison["change"]["per_young_person"].get<double>(), 2.0);
    EXPECT_EQ(script.api("GET", "/api/v1/activities/" + std::to_string(baseline) + "/comparison").status, 400)
        << "a baseline has nothing to compare with";
    auto stranger = script.api("POST", "/api/v1/contexts/" + cid + "/activities/trust",
                               R"({"date":"2026-10-02","follow_up_of":999999,"participants":[]})");
    EXPECT_EQ(stranger.status, 400);

    auto framework =
        post("/api/v1/contexts/" + cid + "/frameworks",
             {{"template", "friendship-and-peer-group"}, {"title", "Precinct skate group: outcomes framework"}});
    ASSERT_TRUE(framework.contains("areas")) << framework.dump();
    auto goal =
        framework["areas"][0]["goals"].empty()
            ? post("/api/v1/areas/" + std::to_string(framework["areas"][0]["id"].get<std::int64_t>()) + "/goals",
                   {{"statement", "Young people name adults they trust at the precinct"}})["id"]
            : framework["areas"][0]["goals"][0]["id"];
    std::int64_t police = 0;
    auto agencies = nlohmann::json::parse(script.api("GET", "/api/v1/agencies").body);
    for (const auto& a : agencies["agencies"])
        if (a["kind"] == "police") police = a["id"].get<std::int64_t>();
    auto action = post("/api/v1/goals/" + std::to_string(goal.get<std::int64_t>()) + "/actions",
                       {{"what", "Neighbourhood officers join the Friday skate session"},
                        {"owner_agency", police},
                        {"approach", "relational"}});
    EXPECT_TRUE(action.contains("id"));

    auto upload = post("/api/v1/contexts/" + cid + "/response-imports",
                       {{"csv",
                         "Date,Agency,Response type,Young people\n2026-09-01,Police,Dispersal direction,4\n"
                         "2026-09-08,Youth service,Youth work outreach,5\n"}});
    auto imported = post("/api/v1/contexts/" + cid + "/response-imports/" +
                             std::to_string(upload["id"].get<std::int64_t>()) + "/confirm",
                         nlohmann::json::object());
    EXPECT_EQ(imported["imported"], 2);
}

TEST_P(ApiTest, AMeetingsDecisionBecomesAnActionThePartnerReportsOn)
{
    std::int64_t police = 0;
    auto agencies = nlohmann::json::parse(lead().api("GET", "/api/v1/agencies").body);
    for (const auto& a : agencies["agencies"])
        if (a["kind"] == "police") police = a["id"].get<std::int64_t>();
    auto made =
        lead().api("POST", "/api/v1/contexts/1/meetings",
                   nlohmann::json{{"date", "2026-11-20"},
                                  {"type", "context_conference"},
                                  {"attendees", nlohmann::json::array({police})},
                                  {"minutes", "We agreed to offer the group somewhere to go on Fridays."},
                                  {"decisions", nlohmann::json::array({"Open the sports hall on Friday evenings"})}}
                       .dump());
    ASSERT_EQ(made.status, 201) << made.body;
    auto meeting = nlohmann::json::parse(made.body);
    ASSERT_EQ(meeting["decisions"].size(), 1u);
    EXPECT_TRUE(meeting["decisions"][0]["action"].is_null());
    auto decision = std::to_string(meeting["decisions"][0]["id"].get<std::int64_t>());
    auto listed = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/1/meetings").body);
    EXPECT_FALSE(listed["meetings"].empty());

    auto acted = lead().api("POST", "/api/v1/decisions/" + decision + "/action",
                            nlohmann::json{{"goal", 1}, {"owner_agency", police}}.dump());
    ASSERT_EQ(acted.status, 201) << acted.body;
    auto action = std::to_string(nlohmann::json::parse(acted.body)["action"].get<std::int64_t>());
    EXPECT_EQ(lead()
                  .api("POST", "/api/v1/decisions/" + decision + "/action",
                       nlohmann::json{{"goal", 1}, {"owner_agency", police}}.dump())
                  .status,
              409)
        << "a decision becomes an action once";
    auto again = nlohmann::json::parse(
        lead().api("GET", "/api/v1/meetings/" + std::to_string(meeting["id"].get<std::int64_t>())).body);
    EXPECT_EQ(std::to_string(again["decisions"][0]["action"].get<std::int64_t>()), action);

    Client partner(*server);
    ASSERT_EQ(partner.sign_in("partner").status, 303);
    auto mine = nlohmann::json::parse(partner.api("GET", "/api/v1/actions").body);
    bool listed_for_partner = false;
    for (const auto& a : mine["actions"])
        if (std::to_string(a["id"].get<std::int64_t>()) == action) listed_for_partner = true;
    EXPECT_TRUE(listed_for_partner) << mine.dump();
    auto progress = partner.api("POST", "/api/v1/actions/" + action + "/progress",
                                R"({"status":"in_progress","note":"Hall booked from 6 December"})");
    ASSERT_EQ(progress.status, 201) << progress.body;
    auto read = nlohmann::json::parse(lead().api("GET", "/api/v1/actions/" + action).body);
    EXPECT_EQ(read["status"], "in_progress");
    ASSERT_EQ(read["notes"].size(), 1u);
    EXPECT_EQ(read["notes"][0]["text"], "Hall booked from 6 December");
    EXPECT_EQ(
        partner.api("POST", "/api/v1/actions/" + action + "/progress", R"({"status":"finished","note":"x"})").status,
        400);
    EXPECT_EQ(partner.api("GET", "/api/v1/meetings/" + std::to_string(meeting["id"].get<std::int64_t>())).status, 403)
        << "a partner sees actions, not the context's meetings";
}

TEST_P(ApiTest, ListsArePagedWithACursorAndANextLink)
{
    for (int day = 1; day <= 7; ++day)
        ASSERT_EQ(lead()
                      .api("POST", "/api/v1/contexts/1/responses",
                           nlohmann::json{{"date", fmt::format("2026-10-{:02}", day)},
                                          {"agency", "Police"},
                                          {"type", "dispersal_direction"},
                                          {"young_people", day}}
                               .dump())
                      .status,
                  201);
    auto all = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/1/responses?limit=200").body);
    auto total = all["responses"].size();
    ASSERT_GE(total, 7u);
    EXPECT_TRUE(all["next"].is_null());
    std::vector<std::int64_t> seen;
    std::string next = "/api/v1/contexts/1/responses?limit=3";
    int pages = 0;
    while (!next.empty() && pages < 100) {
        auto page = lead().api("GET", next);
        ASSERT_EQ(page.status, 200) << page.body;
        auto body = nlohmann::json::parse(page.body);
        EXPECT_LE(body["responses"].size(), 3u);
        for (const auto& r : body["responses"]) seen.push_back(r["id"].get<std::int64_t>());
        next = body["next"].is_null() ? "" : body["next"].get<std::string>();
        ++pages;
        // A record added between pages (dated earlier than every page read so far) does not shift the pages.
        if (pages == 1)
            lead().api("POST", "/api/v1/contexts/1/responses",
                       R"({"date":"2026-12-01","agency":"Police","type":"dispersal_direction"})");
    }
    EXPECT_EQ(seen.size(), total);
    std::set<std::int64_t> distinct(seen.begin(), seen.end());
    EXPECT_EQ(distinct.size(), seen.size()) << "no record twice";

    for (const char* bad : {"limit=0", "limit=201", "limit=ten", "cursor=nonsense"})
        EXPECT_EQ(lead().api("GET", std::string("/api/v1/contexts/1/responses?") + bad).status, 400) << bad;
    auto agencies = nlohmann::json::parse(lead().api("GET", "/api/v1/agencies?limit=1").body);
    ASSERT_EQ(agencies["agencies"].size(), 1u);
    ASSERT_TRUE(agencies["next"].is_string());
    auto second = nlohmann::json::parse(lead().api("GET", agencies["next"].get<std::string>()).body);
    ASSERT_EQ(second["agencies"].size(), 1u);
    EXPECT_NE(second["agencies"][0]["id"], agencies["agencies"][0]["id"]);
}

// What the search-as-you-type box asks: contexts by words of their name, in
// name order, a page at a time from the database.
TEST_P(ApiTest, ContextsAreFoundByWordsOfTheirNameAndReadInNameOrderAPageAtATime)
{
    auto names_of = [](const nlohmann::json& body) {
        std::vector<std::string> out;
        for (const auto& c : body["contexts"]) out.push_back(c["name"].get<std::string>());
        return out;
    };
    auto bench = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts?name=BENCH&limit=8").body);
    EXPECT_EQ(names_of(bench), std::vector<std::string>{"Station Road benches"});
    EXPECT_TRUE(bench["next"].is_null());
    auto places = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts?kind=place").body);
    for (const auto& c : places["contexts"]) EXPECT_EQ(c["kind"], "place");
    EXPECT_FALSE(places["contexts"].empty());

    std::vector<std::string> seen;
    std::string next = "/api/v1/contexts?limit=1";
    while (!next.empty() && seen.size() < 10) {
        auto body = nlohmann::json::parse(lead().api("GET", next).body);
        ASSERT_LE(body["contexts"].size(), 1u);
        for (const auto& name : names_of(body)) seen.push_back(name);
        next = body["next"].is_null() ? "" : body["next"].get<std::string>();
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"Hollins Park", "Millbrook Road friendship group", "Riverside College",
                                              "Station Road benches"}));
    for (const char* bad : {"kind=castle", "stage=nowhere", "cursor=nonsense", "cursor=999999"})
        EXPECT_EQ(lead().api("GET", std::string("/api/v1/contexts?") + bad).status, 400) << bad;

    // A practitioner finds only the contexts allocated to them.
    Client practitioner(*server);
    ASSERT_EQ(practitioner.sign_in("practitioner").status, 303);
    auto theirs = nlohmann::json::parse(practitioner.api("GET", "/api/v1/contexts?limit=200").body);
    auto mine = names_of(theirs);
    EXPECT_LT(mine.size(), seen.size());
    auto hidden =
        std::ranges::find_if(seen, [&](const std::string& n) { return std::ranges::find(mine, n) == mine.end(); });
    ASSERT_NE(hidden, seen.end());
    auto words = hidden->substr(0, hidden->find(' '));
    auto found = nlohmann::json::parse(practitioner.api("GET", "/api/v1/contexts?name=" + words).body);
    for (const auto& name : names_of(found)) EXPECT_NE(name, *hidden) << "not even when its name is typed";
}

TEST_P(ApiTest, AdminsManageAccountsAllocationsAndTheLexiconThroughTheApi)
{
    Client admin(*server);
    ASSERT_EQ(admin.sign_in("admin").status, 303);
    auto made =
        admin.api("POST", "/api/v1/users",
                  R"({"email":"New.Worker@demo.trellis.test","display_name":"New Worker","role":"practitioner"})");
    ASSERT_EQ(made.status, 201) << made.body;
    auto user = nlohmann::json::parse(made.body);
    EXPECT_EQ(user["email"], "new.worker@demo.trellis.test");
    EXPECT_GE(user["password"].get<std::string>().size(), 12u);
    auto id = std::to_string(user["id"].get<std::int64_t>());
    EXPECT_EQ(admin
                  .api("POST", "/api/v1/users",
                       made.body.substr(0, 0) +
                           R"({"email":"new.worker@demo.trellis.test","display_name":"Again","role":"lead"})")
                  .status,
              409);
    EXPECT_EQ(admin.api("POST", "/api/v1/users", R"({"email":"x@y.test","display_name":"X","role":"boss"})").status,
              400);

    EXPECT_EQ(admin.api("PUT", "/api/v1/users/" + id + "/allocations/1").status, 204);
    auto allocations = nlohmann::json::parse(admin.api("GET", "/api/v1/allocations").body);
    bool allocated = false;
    for (const auto& p : allocations["practitioners"])
        if (std::to_string(p["id"].get<std::int64_t>()) == id) allocated = p["contexts"] == nlohmann::json::array({1});
    EXPECT_TRUE(allocated) << allocations.dump();
    // A page at a time, by id: the demo practitioner, then the new one.
    auto first = nlohmann::json::parse(admin.api("GET", "/api/v1/allocations?limit=1").body);
    ASSERT_EQ(first["practitioners"].size(), 1u) << first.dump();
    EXPECT_EQ(first["practitioners"][0]["id"], 3);
    EXPECT_EQ(first["practitioners"][0]["contexts"], nlohmann::json::array({1}));
    ASSERT_TRUE(first["next"].is_string()) << first.dump();
    auto second = nlohmann::json::parse(admin.api("GET", first["next"].get<std::string>()).body);
    ASSERT_EQ(second["practitioners"].size(), 1u) << second.dump();
    EXPECT_EQ(std::to_string(second["practitioners"][0]["id"].get<std::int64_t>()), id);
    EXPECT_TRUE(second["next"].is_null());
    EXPECT_EQ(admin.api("GET", "/api/v1/allocations?cursor=x").status, 400);
    Client worker(*server);
    ASSERT_EQ(worker.sign_in_as("new.worker@demo.trellis.test", user["password"]).status, 303);
    EXPECT_EQ(worker.api("GET", "/api/v1/contexts/1").status, 200);
    EXPECT_EQ(admin.api("DELETE", "/api/v1/users/" + id + "/allocations/1").status, 204);
    EXPECT_EQ(worker.api("GET", "/api/v1/contexts/1").status, 404);

    auto deactivated = admin.api("POST", "/api/v1/users/" + id + "/deactivate");
    ASSERT_EQ(deactivated.status, 200) << deactivated.body;
    EXPECT_EQ(nlohmann::json::parse(deactivated.body)["active"], false);
    EXPECT_EQ(worker.api("GET", "/api/v1/agencies").status, 401);

    auto entry = admin.api("POST", "/api/v1/lexicon",
                           R"({"key":"loitering-locally","phrases":["loitering by the shops"],"tier":"caution",)"
                           R"("category":"blame","alternative":"spending time together"})");
    ASSERT_EQ(entry.status, 201) << entry.body;
    auto entry_id = std::to_string(nlohmann::json::parse(entry.body)["id"].get<std::int64_t>());
    EXPECT_EQ(nlohmann::json::parse(admin.api("GET", "/api/v1/lexicon").body)["entries"].size(), 1u);
    EXPECT_EQ(admin.api("DELETE", "/api/v1/lexicon/" + entry_id).status, 204);
    EXPECT_TRUE(nlohmann::json::parse(admin.api("GET", "/api/v1/lexicon").body)["entries"].empty());
}

TEST_P(ApiTest, IndicatorsEvidenceAndRunsAreReadAndDeletedOneByOne)
{
    auto made = lead().api("POST", "/api/v1/goals/1/indicators",
                           R"({"name":"Adults trusted per young person","better":"higher","baseline":0.5,)"
                           R"("baseline_date":"2026-06-01","target":2})");
    ASSERT_EQ(made.status, 201) << made.body;
    auto indicator = nlohmann::json::parse(made.body);
    auto iid = std::to_string(indicator["id"].get<std::int64_t>());
    EXPECT_EQ(lead()
                  .api("POST", "/api/v1/indicators/" + iid + "/measurements", R"({"date":"2026-09-01","value":1.5})")
                  .status,
              201);
    auto read = nlohmann::json::parse(lead().api("GET", "/api/v1/indicators/" + iid).body);
    ASSERT_EQ(read["measurements"].size(), 1u);
    EXPECT_EQ(read["trend"], "Moving the right way");
    EXPECT_EQ(lead().api("POST", "/api/v1/goals/1/indicators", R"({"name":"x","baseline":"lots"})").status, 400);

    auto evidence = lead().api("POST", "/api/v1/contexts/1/evidence",
                               R"({"date":"2026-09-02","method":"observation","provenance":"seen",)"
                               R"("narrative":"Group met at the skate park; two youth workers present."})");
    ASSERT_EQ(evidence.status, 201) << evidence.body;
    auto eid = std::to_string(nlohmann::json::parse(evidence.body)["id"].get<std::int64_t>());
    auto one = lead().api("GET", "/api/v1/evidence/" + eid);
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(nlohmann::json::parse(one.body)["method"], "observation");
    EXPECT_EQ(lead().api("DELETE", "/api/v1/evidence/" + eid).status, 204);
    EXPECT_EQ(lead().api("GET", "/api/v1/evidence/" + eid).status, 404);

    auto runs = nlohmann::json::parse(lead().api("GET", "/api/v1/contexts/1/activities").body)["runs"];
    ASSERT_FALSE(runs.empty());
    auto rid = std::to_string(runs[0]["id"].get<std::int64_t>());
    auto run = lead().api("GET", "/api/v1/activities/" + rid);
    EXPECT_EQ(run.status, 200);
    EXPECT_EQ(nlohmann::json::parse(run.body)["kind"], runs[0]["kind"]);
}

TEST_P(ApiTest, TheDocumentDescribesEveryAnswerAndCatchesOneThatDrifts)
{
    auto& contract = server->contract();
    EXPECT_EQ(
        contract.check("GET", "/api/v1/contexts?limit=2", 200, lead().api("GET", "/api/v1/contexts?limit=2").body), "");
    auto drifted =
        contract.check("GET", "/api/v1/contexts", 200, R"({"contexts":[{"id":"one","name":5}],"next":null})");
    EXPECT_NE(drifted.find("does not fit its schema"), std::string::npos) << drifted;
    EXPECT_NE(contract.check("GET", "/api/v1/contexts", 200, R"({"contexts":[]})"), "") << "next is required";
    EXPECT_NE(contract.check("GET", "/api/v1/contexts", 201, R"({"contexts":[],"next":null})"), "")
        << "201 is not an answer of this operation";
    EXPECT_NE(contract.check("GET", "/api/v1/contexts", 404, R"({"message":"gone"})"), "") << "errors have one shape";
    auto doc = nlohmann::json::parse(Client(*server).get("/api/v1/openapi.json").body);
    std::set<std::string> ids;
    for (const auto& [path, item] : doc["paths"].items())
        for (const auto& [method, op] : item.items()) {
            EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second) << op["operationId"];
            auto success = op["responses"].contains("204") ? "204" : op["responses"].contains("201") ? "201" : "200";
            EXPECT_TRUE(op["responses"].contains(success)) << method << " " << path;
            if (std::string(success) != "204") {
                EXPECT_FALSE(op["responses"][success]["content"].empty()) << method << " " << path;
            }
        }
    auto kinds = doc["paths"]["/api/v1/agencies"]["post"]["requestBody"]["content"]["application/json"]["schema"]
                    ["properties"]["kind"]["enum"];
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "childrens_social_care"), kinds.end()) << kinds.dump();
}

TRELLIS_INSTANTIATE_BACKENDS(ApiTest);

}  // namespace
}  // namespace trellis::testing
