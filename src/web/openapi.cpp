#include "web/openapi.hpp"

#include <map>

#include <fmt/format.h>

#include "formats/export_formats.hpp"

namespace trellis::web {
namespace {

using Json = nlohmann::json;

struct Doc {
    const char* summary;
    Json body;  // request body schema, or null
};

Json text_props(std::initializer_list<const char*> names)
{
    Json props = Json::object();
    for (const char* n : names) props[n] = {{"type", "string"}};
    return props;
}

const char* export_description()
{
    static const std::string text = [] {
        std::string partner;
        for (const auto& f : formats::export_formats())
            if (f.partner_copy) partner += (partner.empty() ? "" : ", ") + std::string(f.name);
        return fmt::format(
            "The framework as a document: format {}; add ?audience=partner for a partner-safe copy "
            "({}) without evidence about individuals. Audited.",
            formats::export_format_names(), partner);
    }();
    return text.c_str();
}

std::map<std::string, Doc> docs()
{
    Json columns = {{"type", "object"},
                    {"description",
                     "date, agency, type, framing, place, young_people: a header name or a column number from 0; "
                     "without it Trellis guesses from the header"}};
    Json move = {{"type", "string"}, {"enum", {"up", "down"}}};
    return {
        {"GET /api/v1/openapi.json", {"This document.", nullptr}},
        {"GET /api/v1/contexts", {"Contexts you may see (all for leads, allocated ones for practitioners).", nullptr}},
        {"POST /api/v1/contexts",
         {"Create a context.",
          {{"type", "object"},
           {"required", {"name"}},
           {"properties",
            {{"name", {{"type", "string"}, {"maxLength", 120}}},
             {"kind", {{"type", "string"}, {"enum", {"peer_group", "place", "school", "online", "other"}}}},
             {"description", {{"type", "string"}, {"maxLength", 5000}}}}}}}},
        {"GET /api/v1/contexts/{id}", {"One context with its links and frameworks (audited as a view).", nullptr}},
        {"GET /api/v1/contexts/{id}/audit", {"The context's audit trail, newest first.", nullptr}},
        {"POST /api/v1/contexts/{id}/response-imports",
         {"Upload an agency's CSV export of responses (kept for a day as your draft); answers with its header, "
          "row count and the column mapping Trellis guesses.",
          {{"type", "object"},
           {"required", {"csv"}},
           {"properties", {{"csv", {{"type", "string"}}}, {"file_name", {{"type", "string"}}}}}}}},
        {"POST /api/v1/contexts/{id}/response-imports/{draft_id}/preview",
         {"Preview an upload under a column mapping: how many rows are good, and every bad row with its line and "
          "reason. Nothing is saved.",
          {{"type", "object"}, {"properties", {{"columns", columns}, {"agency_name", {{"type", "string"}}}}}}}},
        {"POST /api/v1/contexts/{id}/response-imports/{draft_id}/confirm",
         {"Import the upload: nothing unless every row is good or skip_bad is true (then 201 with the count).",
          {{"type", "object"},
           {"properties",
            {{"columns", columns}, {"agency_name", {{"type", "string"}}}, {"skip_bad", {{"type", "boolean"}}}}}}}},
        {"POST /api/v1/contexts/{id}/activities/{kind}",
         {"Record a group activity run (kind trust or places), a baseline or, with follow_up_of, a follow-up of an "
          "earlier run. Each participant is someone on the register (young_person) or unnamed (label); trust runs "
          "list adults trusted by role (youth_worker, teacher, coach, parent, police, resident, business, other) "
          "and whether the participant feels respected; places runs list places with a category (safe, unsafe, "
          "fun, nothing).",
          {{"type", "object"},
           {"required", {"date", "participants"}},
           {"properties",
            {{"date", {{"type", "string"}, {"format", "date"}}},
             {"note", {{"type", "string"}, {"maxLength", 2000}}},
             {"follow_up_of", {{"type", "integer"}}},
             {"participants", {{"type", "array"}, {"maxItems", 60}, {"items", {{"type", "object"}}}}}}}}}},
        {"GET /api/v1/activities/{id}/comparison",
         {"A follow-up beside its baseline: adults trusted by role, per young person, and the change (trust); "
          "marks by category (places). Counts only. Audited.",
          nullptr}},
        {"GET /api/v1/agencies", {"The partnership's agencies: the owners and partners of actions.", nullptr}},
        {"POST /api/v1/goals/{id}/actions",
         {"Add an action to a goal, owned by an agency (a partner agency then sees it under its actions).",
          {{"type", "object"},
           {"required", {"what", "owner_agency"}},
           {"properties",
            {{"what", {{"type", "string"}, {"maxLength", 1000}}},
             {"owner_agency", {{"type", "integer"}}},
             {"owner_name", {{"type", "string"}, {"maxLength", 120}}},
             {"partners", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
             {"start_date", {{"type", "string"}, {"format", "date"}}},
             {"due_date", {{"type", "string"}, {"format", "date"}}},
             {"approach", {{"type", "string"}, {"enum", {"relational", "places", "disruption", "surveillance"}}}}}}}}},
        {"GET /api/v1/contexts/{id}/young-people",
         {"The context's register of young people: pseudonyms, local references and age bands (audited).", nullptr}},
        {"POST /api/v1/contexts/{id}/young-people",
         {"Add a young person to the context's register by pseudonym or nickname (never a legal name).",
          {{"type", "object"},
           {"required", {"pseudonym"}},
           {"properties",
            {{"pseudonym", {{"type", "string"}, {"maxLength", 60}}},
             {"local_ref", {{"type", "string"}, {"maxLength", 40}}},
             {"age_band",
              {{"type", "string"}, {"enum", {"under_11", "11_13", "14_15", "16_17", "18_25", "not_known"}}}}}}}}},
        {"POST /api/v1/contexts/{id}/evidence",
         {"Record evidence about the context: how it was gathered (method), how you know (provenance: seen, told, "
          "second_hand), young people from the register by id, a count of unnamed ones, adults by role, and the "
          "goal stages it supports.",
          {{"type", "object"},
           {"required", {"date", "method", "provenance", "narrative"}},
           {"properties",
            {{"date", {{"type", "string"}, {"format", "date"}}},
             {"method",
              {{"type", "string"},
               {"enum", {"trust", "places", "observation", "conversation", "multi_agency", "survey", "other"}}}},
             {"provenance", {{"type", "string"}, {"enum", {"seen", "told", "second_hand"}}}},
             {"narrative", {{"type", "string"}}},
             {"young_people", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
             {"unnamed_young_people", {{"type", "integer"}, {"minimum", 0}}},
             {"adults", {{"type", "array"}, {"items", {{"type", "string"}}}}},
             {"supports", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}},
        {"POST /api/v1/indicators/{id}/measurements",
         {"Add a measurement of an indicator entered by hand (computed indicators refuse).",
          {{"type", "object"},
           {"required", {"date", "value"}},
           {"properties",
            {{"date", {{"type", "string"}, {"format", "date"}}},
             {"value", {{"type", "number"}}},
             {"note", {{"type", "string"}}}}}}}},
        {"POST /api/v1/goals/{id}/outcome",
         {"Rate a goal's outcome (earlier ratings are kept); the goal's status follows.",
          {{"type", "object"},
           {"required", {"rating"}},
           {"properties",
            {{"rating", {{"type", "string"}, {"enum", {"reached", "partly", "not_reached", "worse"}}}},
             {"rationale", {{"type", "string"}}}}}}}},
        {"GET /api/v1/contexts/{id}/voices",
         {"The context's quotes with who spoke and their themes, newest first; ?theme= filters (audited).", nullptr}},
        {"POST /api/v1/contexts/{id}/voices",
         {"Keep a quote: who spoke (a young person's words can name them from the register) and themes.",
          {{"type", "object"},
           {"required", {"date", "speaker", "quote"}},
           {"properties",
            {{"date", {{"type", "string"}, {"format", "date"}}},
             {"speaker",
              {{"type", "string"}, {"enum", {"young_person", "parent", "practitioner", "partner", "community"}}}},
             {"young_person", {{"type", "integer"}}},
             {"quote", {{"type", "string"}, {"maxLength", 2000}}},
             {"themes", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}}},
        {"GET /api/v1/contexts/{id}/evidence",
         {"The context's evidence records, newest first, with the goal stages each supports (audited).", nullptr}},
        {"GET /api/v1/contexts/{id}/activities",
         {"The context's group activity runs with their summaries: trusted adults by role, or places by category "
          "(audited). Participants are not listed.",
          nullptr}},
        {"GET /api/v1/frameworks/{id}/indicators",
         {"The framework's indicators with every measurement, entered or computed, and the direction.", nullptr}},
        {"GET /api/v1/dashboard",
         {"Partnership counts: frameworks by status, goals reached per area of focus, indicators by direction; "
          "counts of young people under 5 are \"fewer than 5\".",
          nullptr}},
        {"POST /api/v1/contexts/{id}/frameworks",
         {"Create a framework from a template.",
          {{"type", "object"},
           {"required", {"template", "title"}},
           {"properties", text_props({"template", "title", "start_date", "next_review_date"})}}}},
        {"GET /api/v1/frameworks/{id}",
         {"A framework: areas of focus, goals and the latest version of each stage (audited as a view).", nullptr}},
        {"GET /api/v1/frameworks/{id}/export/{format}", {export_description(), nullptr}},
        {"PATCH /api/v1/frameworks/{id}",
         {"Change title, status (draft, active, in_review, closed) or dates (YYYY-MM-DD).",
          {{"type", "object"}, {"properties", text_props({"title", "status", "start_date", "next_review_date"})}}}},
        {"POST /api/v1/frameworks/{id}/areas",
         {"Add an area of focus.", {{"type", "object"}, {"required", {"name"}}, {"properties", text_props({"name"})}}}},
        {"PATCH /api/v1/areas/{id}",
         {"Rename an area or move it up or down.",
          {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}, {"move", move}}}}}},
        {"DELETE /api/v1/areas/{id}", {"Delete an empty area of focus.", nullptr}},
        {"POST /api/v1/areas/{id}/goals",
         {"Add a goal statement to an area.",
          {{"type", "object"}, {"required", {"statement"}}, {"properties", text_props({"statement"})}}}},
        {"PATCH /api/v1/goals/{id}",
         {"Change a goal's statement or status, move it, or restore it with \"removed\": false.",
          {{"type", "object"},
           {"properties",
            {{"statement", {{"type", "string"}}},
             {"status",
              {{"type", "string"},
               {"enum", {"not_started", "in_progress", "reached", "partly_reached", "not_reached"}}}},
             {"move", move},
             {"removed", {{"type", "boolean"}}}}}}}},
        {"DELETE /api/v1/goals/{id}", {"Remove a goal (kept with its history; restorable).", nullptr}},
        {"PUT /api/v1/goals/{id}/stages/{stage}",
         {"Write a new version of a stage (scoping, measuring, action, outcome). based_on (or an If-Match "
          "header) names the version the text was written from, 0 for a stage never written: 409 if someone "
          "saved a newer version meanwhile, 428 when neither is sent.",
          {{"type", "object"},
           {"required", {"text"}},
           {"properties",
            {{"text", {{"type", "string"}, {"maxLength", 20000}}}, {"based_on", {{"type", "integer"}}}}}}}},
        {"GET /api/v1/goals/{id}/stages/{stage}/history", {"Every version of a stage, newest first.", nullptr}},
    };
}

std::string method_name(Method m)
{
    std::string s(to_string(m));
    for (char& c : s) c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

nlohmann::json openapi_document(const std::vector<Route>& routes)
{
    auto d = docs();
    Json error = {{"description", "An error; the body is {\"error\": {\"status\", \"message\", \"field\"?}}."},
                  {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    Json paths = Json::object();
    for (const auto& r : routes) {
        if (r.surface != Surface::Api) continue;
        auto key = fmt::format("{} {}", to_string(r.method), r.pattern);
        auto it = d.find(key);
        Json op = {{"summary", it != d.end() ? it->second.summary : key},
                   {"x-permission", to_string(r.permission)},
                   {"responses",
                    {{r.method == Method::Post     ? "201"
                      : r.method == Method::Delete ? "204"
                                                   : "200",
                      {{"description", "Success"}}},
                     {"400", error},
                     {"401", error},
                     {"403", error},
                     {"404", error}}}};
        if (r.permission == Permission::Public) op["security"] = Json::array();
        Json params = Json::array();
        for (std::size_t pos = 0; (pos = r.pattern.find('{', pos)) != std::string::npos; ++pos) {
            auto name = r.pattern.substr(pos + 1, r.pattern.find('}', pos) - pos - 1);
            params.push_back({{"name", name},
                              {"in", "path"},
                              {"required", true},
                              {"schema", name == "id" ? Json{{"type", "integer"}} : Json{{"type", "string"}}}});
        }
        if (!params.empty()) op["parameters"] = params;
        if (it != d.end() && !it->second.body.is_null())
            op["requestBody"] = {{"required", true},
                                 {"content", {{"application/json", {{"schema", it->second.body}}}}}};
        paths[r.pattern][method_name(r.method)] = op;
    }
    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "Trellis API"},
              {"version", "1"},
              {"description",
               "Contexts and outcomes frameworks for Contextual Safeguarding. Every request acts with the "
               "permissions of the signed-in user: a personal API token (Authorization: Bearer) or a browser "
               "session, which must also send X-CSRF-Token on changes. Ids of another partnership answer 404."}}},
            {"servers", {{{"url", "/"}}}},
            {"security", {{{"bearer", Json::array()}}, {{"session", Json::array()}}}},
            {"components",
             {{"securitySchemes",
               {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
                {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "trellis_session"}}}}},
              {"schemas",
               {{"Error",
                 {{"type", "object"},
                  {"properties",
                   {{"error",
                     {{"type", "object"},
                      {"properties",
                       {{"status", {{"type", "integer"}}},
                        {"message", {{"type", "string"}}},
                        {"field", {{"type", "string"}}}}}}}}}}}}}}},
            {"paths", paths}};
}

}  // namespace trellis::web
