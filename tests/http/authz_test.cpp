// The authorisation table: every route of the route table, for every role.
// The expectations are written here from the role definitions, independently
// of the policy code, and the test fails when a route has no row.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness.hpp"
#include "web/app.hpp"

namespace trellis::testing {
namespace {

const std::set<std::string> kEveryone = {"anonymous", "admin", "lead", "practitioner", "partner", "viewer"};
const std::set<std::string> kSignedIn = {"admin", "lead", "practitioner", "partner", "viewer"};
const std::set<std::string> kCaseworkers = {"lead", "practitioner"};
const std::set<std::string> kLeads = {"lead"};
const std::set<std::string> kAdmins = {"admin"};
const std::set<std::string> kAllocators = {"admin", "lead"};

const std::map<std::string, std::set<std::string>> kAllowed = {
    {"GET /sign-in", kEveryone},
    {"POST /sign-in", kEveryone},
    {"POST /sign-out", kSignedIn},
    {"GET /", kSignedIn},
    {"GET /overview", kSignedIn},
    {"GET /account", kSignedIn},
    {"GET /api", kEveryone},
    {"POST /account/tokens", kSignedIn},
    {"POST /account/tokens/{id}/revoke", kSignedIn},
    {"GET /contexts", kCaseworkers},
    {"GET /contexts/new", kLeads},
    {"POST /contexts", kLeads},
    {"GET /contexts/{id}", kCaseworkers},
    {"POST /contexts/{id}/links", kLeads},
    {"GET /contexts/{id}/audit", kLeads},
    {"GET /audit", kLeads},
    {"GET /disclosures", kLeads},
    {"GET /frameworks/{id}/share", kCaseworkers},
    {"GET /open-context", kCaseworkers},
    {"POST /open-context", kCaseworkers},
    {"POST /access/{id}/review", kLeads},
    {"GET /contexts/{id}/holds", kLeads},
    {"POST /contexts/{id}/holds", kLeads},
    {"POST /contexts/{id}/holds/{id}/lift", kLeads},
    {"GET /admin/retention", kAdmins},
    {"POST /admin/retention", kAdmins},
    {"GET /admin/retention/preview", kAdmins},
    {"POST /admin/holds", kAdmins},
    {"POST /admin/holds/{id}/lift", kAdmins},
    {"GET /contexts/{id}/responses", kCaseworkers},
    {"POST /contexts/{id}/responses", kCaseworkers},
    {"GET /contexts/{id}/responses/import", kCaseworkers},
    {"POST /contexts/{id}/responses/import", kCaseworkers},
    {"GET /contexts/{id}/responses/import/{draft_id}", kCaseworkers},
    {"POST /contexts/{id}/responses/import/{draft_id}", kCaseworkers},
    {"POST /admin/agreements", kAdmins},
    {"GET /privacy", kEveryone},
    {"GET /privacy/{slug}", kEveryone},
    {"GET /admin/privacy", kAdmins},
    {"POST /admin/privacy", kAdmins},
    {"GET /contexts/{id}/telling", kCaseworkers},
    {"GET /contexts/{id}/peer-map", kCaseworkers},
    {"POST /contexts/{id}/peer-map", kLeads},
    {"POST /peer-links/{id}/delete", kLeads},
    {"GET /subject-requests", kLeads},
    {"GET /subject-requests/new", kLeads},
    {"POST /subject-requests", kLeads},
    {"GET /subject-requests/{id}", kLeads},
    {"POST /subject-requests/{id}/identity", kLeads},
    {"POST /subject-requests/{id}/extend", kLeads},
    {"POST /subject-requests/{id}/review", kLeads},
    {"POST /subject-requests/{id}/release", kLeads},
    {"POST /subject-requests/{id}/note", kLeads},
    {"POST /subject-requests/{id}/erase", kLeads},
    {"POST /subject-requests/{id}/close", kLeads},
    {"GET /subject-requests/{id}/bundle/{format}", kLeads},
    {"POST /contexts/{id}/telling", kCaseworkers},
    {"GET /concerns", kLeads},
    {"GET /concerns/new", kLeads},
    {"POST /concerns", kLeads},
    {"GET /concerns/{id}", kLeads},
    {"POST /concerns/{id}/screening/start", kLeads},
    {"POST /concerns/{id}/screening", kLeads},
    {"GET /contexts/{id}/assessment", kCaseworkers},
    {"POST /contexts/{id}/assessment", kCaseworkers},
    {"GET /assessments/{id}", kCaseworkers},
    {"POST /assessments/{id}/findings", kCaseworkers},
    {"POST /findings/{id}/delete", kCaseworkers},
    {"POST /assessments/{id}/discussion", kCaseworkers},
    {"POST /assessments/{id}/complete", kCaseworkers},
    {"GET /assessments/{id}/framework", kLeads},
    {"POST /assessments/{id}/framework", kLeads},
    {"GET /contexts/{id}/reviews", kCaseworkers},
    {"POST /contexts/{id}/reviews", kLeads},
    {"GET /reviews/{id}", kCaseworkers},
    {"POST /reviews/{id}/sign-off", kLeads},
    {"GET /contexts/{id}/chronology", kCaseworkers},
    {"POST /meetings/{id}/summary-sent", kCaseworkers},
    {"GET /meetings/{id}/summary/{format}", kCaseworkers},
    {"POST /admin/users/{id}/sign-off", kAdmins},
    {"GET /admin/places", kAdmins},
    {"POST /admin/places", kAdmins},
    {"POST /admin/places/rule", kAdmins},
    {"GET /admin/goal-library", kAdmins},
    {"POST /admin/goal-library", kAdmins},
    {"POST /admin/goal-library/{id}/remove", kAdmins},
    {"GET /contexts/{id}/meetings", kCaseworkers},
    {"POST /contexts/{id}/meetings", kCaseworkers},
    {"GET /meetings/{id}", kCaseworkers},
    {"POST /decisions/{id}/action", kCaseworkers},
    {"GET /contexts/{id}/frameworks/new", kLeads},
    {"POST /contexts/{id}/frameworks", kLeads},
    {"GET /frameworks/{id}", kCaseworkers},
    {"GET /frameworks/{id}/edit", kLeads},
    {"GET /frameworks/{id}/export/{format}", kCaseworkers},
    {"POST /frameworks/{id}", kLeads},
    {"POST /frameworks/{id}/areas", kCaseworkers},
    {"GET /areas/{id}/edit", kCaseworkers},
    {"POST /areas/{id}", kCaseworkers},
    {"POST /areas/{id}/move", kCaseworkers},
    {"POST /areas/{id}/delete", kCaseworkers},
    {"GET /areas/{id}/goals/new", kCaseworkers},
    {"POST /areas/{id}/goals", kCaseworkers},
    {"GET /goals/{id}/edit", kCaseworkers},
    {"POST /goals/{id}", kCaseworkers},
    {"POST /goals/{id}/move", kCaseworkers},
    {"POST /goals/{id}/remove", kCaseworkers},
    {"POST /goals/{id}/restore", kCaseworkers},
    {"GET /goals/{id}/stages/{stage}/edit", kCaseworkers},
    {"POST /goals/{id}/stages/{stage}", kCaseworkers},
    {"GET /goals/{id}/stages/{stage}/history", kCaseworkers},
    {"GET /goals/{id}/check", kCaseworkers},
    {"POST /contexts/{id}/activities/{kind}/draft", kCaseworkers},
    {"POST /contexts/{id}/activities/{kind}/draft/delete", kCaseworkers},
    {"GET /contexts/{id}/dashboard", kCaseworkers},
    {"GET /contexts/{id}/frameworks/import", kLeads},
    {"POST /contexts/{id}/frameworks/import", kLeads},
    {"GET /contexts/{id}/frameworks/import/{draft_id}", kLeads},
    {"POST /contexts/{id}/frameworks/import/{draft_id}", kLeads},
    {"GET /contexts/{id}/young-people", kCaseworkers},
    {"POST /contexts/{id}/young-people", kCaseworkers},
    {"POST /contexts/{id}/young-people/link", kLeads},
    {"GET /contexts/{id}/young-people/{person_id}/edit", kCaseworkers},
    {"POST /contexts/{id}/young-people/{person_id}", kCaseworkers},
    {"POST /contexts/{id}/young-people/{person_id}/remove", kCaseworkers},
    {"GET /contexts/{id}/evidence", kCaseworkers},
    {"GET /contexts/{id}/evidence/new", kCaseworkers},
    {"POST /contexts/{id}/evidence", kCaseworkers},
    {"GET /evidence/{id}", kCaseworkers},
    {"POST /evidence/{id}/delete", kCaseworkers},
    {"POST /voices/{id}/delete", kCaseworkers},
    {"POST /activities/{id}/delete", kCaseworkers},
    {"GET /contexts/{id}/voices", kCaseworkers},
    {"POST /contexts/{id}/voices", kCaseworkers},
    {"GET /contexts/{id}/activities", kCaseworkers},
    {"GET /contexts/{id}/activities/new/{kind}", kCaseworkers},
    {"POST /contexts/{id}/activities/{kind}", kCaseworkers},
    {"GET /activities/{id}", kCaseworkers},
    {"GET /goals/{id}/indicators/new", kCaseworkers},
    {"POST /goals/{id}/indicators", kCaseworkers},
    {"GET /indicators/{id}", kCaseworkers},
    {"POST /indicators/{id}/measurements", kCaseworkers},
    {"GET /goals/{id}/outcome", kCaseworkers},
    {"POST /goals/{id}/outcome", kCaseworkers},
    {"GET /dashboard", std::set<std::string>{"lead", "viewer"}},
    {"GET /goals/{id}/actions/new", kCaseworkers},
    {"POST /goals/{id}/actions", kCaseworkers},
    {"GET /actions/{id}", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"POST /actions/{id}/progress", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"GET /my-actions", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"GET /actions", std::set<std::string>{"lead", "practitioner"}},
    {"GET /admin/agencies", kAdmins},
    {"POST /admin/agencies", kAdmins},
    {"GET /lens", kSignedIn},
    {"POST /lens", kSignedIn},
    {"GET /lens/trends", std::set<std::string>{"lead", "viewer"}},
    {"GET /search", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"GET /admin/lexicon", kAdmins},
    {"POST /admin/lexicon", kAdmins},
    {"POST /admin/lexicon/{id}/remove", kAdmins},
    {"GET /admin/users", kAdmins},
    {"GET /admin/users/new", kAdmins},
    {"POST /admin/users", kAdmins},
    {"POST /admin/users/{id}/unlock", kAdmins},
    {"POST /admin/users/{id}/deactivate", kAdmins},
    {"POST /admin/users/{id}/reactivate", kAdmins},
    {"GET /allocations", kAllocators},
    {"GET /allocations/{id}", kAllocators},
    {"POST /allocations/{id}", kAllocators},
    {"POST /allocations/{id}/{context_id}/remove", kAllocators},
    {"GET /api/v1/openapi.json", kEveryone},
    {"GET /api/v1/contexts", kCaseworkers},
    {"POST /api/v1/contexts", kLeads},
    {"GET /api/v1/contexts/{id}", kCaseworkers},
    {"POST /api/v1/contexts/{id}/links", kLeads},
    {"POST /api/v1/contexts/{id}/framework-imports", kLeads},
    {"GET /api/v1/contexts/{id}/framework-imports/{draft_id}", kLeads},
    {"POST /api/v1/contexts/{id}/framework-imports/{draft_id}/confirm", kLeads},
    {"GET /api/v1/contexts/{id}/audit", kLeads},
    {"GET /api/v1/agencies", kSignedIn},
    {"POST /api/v1/contexts/{id}/activities/{kind}", kCaseworkers},
    {"GET /api/v1/activities/{id}/comparison", kCaseworkers},
    {"POST /api/v1/contexts/{id}/response-imports", kCaseworkers},
    {"POST /api/v1/contexts/{id}/response-imports/{draft_id}/preview", kCaseworkers},
    {"POST /api/v1/contexts/{id}/response-imports/{draft_id}/confirm", kCaseworkers},
    {"POST /api/v1/goals/{id}/actions", kCaseworkers},
    {"GET /api/v1/contexts/{id}/young-people", kCaseworkers},
    {"POST /api/v1/contexts/{id}/young-people", kCaseworkers},
    {"PATCH /api/v1/contexts/{id}/young-people/{person_id}", kCaseworkers},
    {"PUT /api/v1/contexts/{id}/young-people/{person_id}", kLeads},
    {"DELETE /api/v1/contexts/{id}/young-people/{person_id}", kCaseworkers},
    {"GET /api/v1/contexts/{id}/evidence", kCaseworkers},
    {"POST /api/v1/contexts/{id}/evidence", kCaseworkers},
    {"GET /api/v1/contexts/{id}/voices", kCaseworkers},
    {"POST /api/v1/indicators/{id}/measurements", kCaseworkers},
    {"POST /api/v1/goals/{id}/outcome", kCaseworkers},
    {"POST /api/v1/contexts/{id}/voices", kCaseworkers},
    {"GET /api/v1/contexts/{id}/activities", kCaseworkers},
    {"GET /api/v1/frameworks/{id}/indicators", kCaseworkers},
    {"GET /api/v1/overview", kSignedIn},
    {"GET /api/v1/dashboard", std::set<std::string>{"lead", "viewer"}},
    {"POST /api/v1/contexts/{id}/frameworks", kLeads},
    {"GET /api/v1/frameworks/{id}", kCaseworkers},
    {"GET /api/v1/frameworks/{id}/export/{format}", kCaseworkers},
    {"PATCH /api/v1/frameworks/{id}", kLeads},
    {"POST /api/v1/frameworks/{id}/areas", kCaseworkers},
    {"PATCH /api/v1/areas/{id}", kCaseworkers},
    {"DELETE /api/v1/areas/{id}", kCaseworkers},
    {"POST /api/v1/areas/{id}/goals", kCaseworkers},
    {"PATCH /api/v1/goals/{id}", kCaseworkers},
    {"DELETE /api/v1/goals/{id}", kCaseworkers},
    {"PUT /api/v1/goals/{id}/stages/{stage}", kCaseworkers},
    {"GET /api/v1/goals/{id}/stages/{stage}/history", kCaseworkers},
    {"POST /api/v1/lens", kSignedIn},
    {"GET /api/v1/lens/trends", std::set<std::string>{"lead", "viewer"}},
    {"GET /api/v1/search", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"GET /api/v1/partnership/actions", kCaseworkers},
    {"POST /api/v1/agencies", kAdmins},
    {"GET /api/v1/actions", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"GET /api/v1/actions/{id}", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"POST /api/v1/actions/{id}/progress", std::set<std::string>{"lead", "practitioner", "partner"}},
    {"GET /api/v1/contexts/{id}/meetings", kCaseworkers},
    {"POST /api/v1/contexts/{id}/meetings", kCaseworkers},
    {"GET /api/v1/meetings/{id}", kCaseworkers},
    {"POST /api/v1/decisions/{id}/action", kCaseworkers},
    {"GET /api/v1/contexts/{id}/responses", kCaseworkers},
    {"POST /api/v1/contexts/{id}/responses", kCaseworkers},
    {"GET /api/v1/evidence/{id}", kCaseworkers},
    {"DELETE /api/v1/evidence/{id}", kCaseworkers},
    {"DELETE /api/v1/voices/{id}", kCaseworkers},
    {"GET /api/v1/activities/{id}", kCaseworkers},
    {"DELETE /api/v1/activities/{id}", kCaseworkers},
    {"POST /api/v1/goals/{id}/indicators", kCaseworkers},
    {"GET /api/v1/indicators/{id}", kCaseworkers},
    {"GET /api/v1/users", kAdmins},
    {"POST /api/v1/users", kAdmins},
    {"POST /api/v1/users/{id}/unlock", kAdmins},
    {"POST /api/v1/users/{id}/deactivate", kAdmins},
    {"POST /api/v1/users/{id}/reactivate", kAdmins},
    {"GET /api/v1/allocations", kAllocators},
    {"PUT /api/v1/users/{id}/allocations/{context_id}", kAllocators},
    {"DELETE /api/v1/users/{id}/allocations/{context_id}", kAllocators},
    {"GET /api/v1/lexicon", kAdmins},
    {"POST /api/v1/lexicon", kAdmins},
    {"DELETE /api/v1/lexicon/{id}", kAdmins},
};

// Concrete ids from the demo: context 1 (allocated to the practitioner),
// framework 1, area 1, goal 1, the practitioner is user 3.
std::string concrete(const std::string& pattern)
{
    std::string out = pattern;
    auto replace = [&](const std::string& from, const std::string& to) {
        for (std::size_t pos; (pos = out.find(from)) != std::string::npos;) out.replace(pos, from.size(), to);
    };
    if (pattern.starts_with("/allocations/")) replace("{id}", "3");
    replace("{stage}", "scoping");
    replace("{slug}", "demo");
    replace("{format}", "markdown");
    replace("{kind}", "trust");
    // Every other placeholder is an id: the demo's first record of its kind.
    for (std::size_t open; (open = out.find('{')) != std::string::npos;)
        out.replace(open, out.find('}', open) - open + 1, "1");
    return out;
}

bool denied(const HttpResponse& r)
{
    return r.status == 403 && (r.has("You do not have access to this page") || r.has("Your role does not include"));
}

class AuthzTest : public ::testing::TestWithParam<Backend> {};

TEST_P(AuthzTest, EveryRouteForEveryRole)
{
    Server server(GetParam());
    ASSERT_TRUE(server.ok() && server.problem().empty()) << server.problem();
    std::map<std::string, std::unique_ptr<Client>> clients;
    for (const auto& role : kEveryone) {
        clients[role] = std::make_unique<Client>(server);
        if (role != "anonymous") {
            ASSERT_EQ(clients[role]->sign_in(role).status, 303) << role;
        }
    }
    auto routes = web::route_table();
    ASSERT_GT(routes.size(), 40u);
    for (const auto& route : routes) {
        std::string key = std::string(to_string(route.method)) + " " + route.pattern;
        auto row = kAllowed.find(key);
        ASSERT_NE(row, kAllowed.end()) << "no row in the authorisation table for " << key;
        std::string path = concrete(route.pattern);
        bool api = route.surface == web::Surface::Api;
        for (const auto& role : kEveryone) {
            SCOPED_TRACE(key + " as " + role);
            auto& c = *clients[role];
            if (key == "POST /sign-out") continue;  // would end the session the table relies on
            // Changes are sent with a forged CSRF token, so nothing is written:
            // an allowed role gets as far as the CSRF check, a denied one does not.
            HttpResponse r;
            if (route.method == web::Method::Get) {
                r = c.get(path);
            } else if (api) {
                r = c.request(std::string(to_string(route.method)), path, "{}", "application/json",
                              {{"X-CSRF-Token", "forged"}});
            } else {
                r = c.post(path, {}, "forged");
            }
            bool allowed = row->second.contains(role);
            if (role == "anonymous" && !allowed) {
                if (api) {
                    EXPECT_EQ(r.status, 401);
                } else {
                    EXPECT_TRUE(r.status == 303 && r.header("Location").starts_with("/sign-in")) << r.status;
                }
            } else if (allowed) {
                EXPECT_FALSE(denied(r)) << r.status;
                EXPECT_NE(r.status, 401);
                EXPECT_LT(r.status, 500) << r.body.substr(0, 300);
            } else {
                EXPECT_TRUE(denied(r)) << r.status << " " << r.body.substr(0, 200);
            }
        }
    }
    // Nothing above changed the demo framework.
    auto fw = clients["lead"]->get("/frameworks/1");
    EXPECT_TRUE(fw.has("Young People and Peer Groups"));
    EXPECT_FALSE(fw.has("Removed goals"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthzTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backend_name);

}  // namespace
}  // namespace trellis::testing
