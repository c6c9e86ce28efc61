#include "web/openapi.hpp"

#include <map>

#include <fmt/format.h>

#include "domain/action.hpp"
#include "domain/context.hpp"
#include "domain/evidence.hpp"
#include "domain/framework.hpp"
#include "domain/indicator.hpp"
#include "domain/meeting.hpp"
#include "domain/response.hpp"
#include "domain/user.hpp"
#include "formats/export_formats.hpp"

namespace trellis::web {

extern const char* const kOpenApiText;  // src/web/openapi.json, built in

namespace {

using Json = nlohmann::json;

template <typename E, std::size_t N>
Json names(const Choices<E, N>& choices)
{
    Json out = Json::array();
    for (const auto& c : choices.items) out.push_back(c.name);
    return out;
}

// The closed sets a schema names with "x-enum", from the tables the server reads with.
const std::map<std::string, Json>& choice_sets()
{
    static const std::map<std::string, Json> sets = {
        {"action_status", names(kActionStatuses)},
        {"activity_kind", names(kActivityKinds)},
        {"adult_role", names(kAdultRoles)},
        {"age_band", names(kAgeBands)},
        {"agency_kind", names(kAgencyKinds)},
        {"approach", names(kApproaches)},
        {"better", names(kBetter)},
        {"context_kind", names(kContextKinds)},
        {"context_stage", names(kContextStages)},
        {"evidence_method", names(kEvidenceMethods)},
        {"framework_status", names(kFrameworkStatuses)},
        {"framing", names(kFramings)},
        {"goal_status", names(kGoalStatuses)},
        {"indicator_source", names(kIndicatorSources)},
        {"meeting_type", names(kMeetingTypes)},
        {"outcome_rating", names(kOutcomeRatings)},
        {"provenance", names(kProvenances)},
        {"response_type", names(kResponseTypes)},
        {"role", names(kRoles)},
        {"speaker", names(kSpeakers)},
        {"stage", names(kStages)},
    };
    return sets;
}

Result<void> fill_choices(Json& node)
{
    if (node.is_object()) {
        if (auto it = node.find("x-enum"); it != node.end()) {
            auto set = choice_sets().find(it->get<std::string>());
            if (set == choice_sets().end())
                return std::unexpected(Error::unavailable(fmt::format("openapi.json names no set {}.", it->dump())));
            node["enum"] = set->second;
            node.erase("x-enum");
        }
        for (auto& [key, value] : node.items()) TRY(fill_choices(value));
    } else if (node.is_array()) {
        for (auto& value : node) TRY(fill_choices(value));
    }
    return {};
}

std::string export_description()
{
    std::string partner;
    for (const auto& f : formats::export_formats())
        if (f.partner_copy) partner += (partner.empty() ? "" : ", ") + std::string(f.name);
    return fmt::format(
        "The framework as a document: format {}; add ?audience=partner for a partner-safe copy ({}) without evidence "
        "about individuals. Audited.",
        formats::export_format_names(), partner);
}

std::string method_name(Method m)
{
    std::string s(to_string(m));
    for (char& c : s) c = static_cast<char>(c - 'A' + 'a');
    return s;
}

Json error_response(const char* what)
{
    return {{"description", what},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

Json operation(const Route& r, const Json& doc)
{
    Json op = {{"operationId", doc.at("operationId")},
               {"summary", doc.at("summary") == "EXPORT" ? Json(export_description()) : doc.at("summary")},
               {"x-permission", to_string(r.permission)}};
    if (r.permission == Permission::Public) op["security"] = Json::array();
    Json params = Json::array();
    for (std::size_t pos = 0; (pos = r.pattern.find('{', pos)) != std::string::npos; ++pos) {
        auto name = r.pattern.substr(pos + 1, r.pattern.find('}', pos) - pos - 1);
        bool id = name == "id" || name.ends_with("_id");
        params.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"schema", id ? Json{{"type", "integer"}, {"minimum", 1}} : Json{{"type", "string"}}}});
    }
    if (doc.value("paged", false)) {
        params.push_back({{"$ref", "#/components/parameters/limit"}});
        params.push_back({{"$ref", "#/components/parameters/cursor"}});
    }
    for (const auto& q : doc.value("query", Json::array())) params.push_back(q);
    std::string status = doc.value("status", "200");
    if (r.method == Method::Post && status == "201")
        params.push_back({{"name", "Idempotency-Key"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "Sent again with the same body, the first answer is replayed."},
                          {"schema", {{"type", "string"}, {"maxLength", 200}}}});
    if (!params.empty()) op["parameters"] = params;
    if (doc.contains("requestBody"))
        op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", doc["requestBody"]}}}}}};
    Json responses = Json::object();
    if (doc.value("binary", false)) {
        Json content = Json::object();
        for (const auto& f : formats::export_formats())
            content[std::string(f.media_type)] = {
                {"schema",
                 f.media_type.starts_with("application/json")
                     ? Json{{"type", "object"}, {"description", "The framework as JSON, as trellis import reads it."}}
                     : Json{{"type", "string"}, {"contentMediaType", f.media_type}}}};
        responses["200"] = {{"description", "The document."}, {"content", content}};
    } else if (status == "204") {
        responses["204"] = {{"description", "Done; nothing to answer."}};
    } else {
        responses[status] = {{"description", status == "201" ? "Created." : "Success."},
                             {"content", {{"application/json", {{"schema", doc.value("response", Json::object())}}}}}};
    }
    responses["400"] = error_response("The request was not valid: the message says why and field names the member.");
    if (r.permission != Permission::Public) {
        responses["401"] = error_response("Not signed in, or the token has ended.");
        responses["403"] = error_response("Your role does not include this.");
    }
    responses["404"] = error_response("No such record, or not one you need to know about.");
    if (params.size() && params.back().value("name", "") == "Idempotency-Key")
        responses["422"] = error_response("The Idempotency-Key was used before with a different request.");
    for (const auto& extra : doc.value("also", Json::array())) {
        auto code = extra.get<std::string>();
        responses[code] = error_response(code == "409"   ? "In conflict with what is stored: the message says how."
                                         : code == "428" ? "The version this change replaces must be named."
                                                         : "Refused.");
    }
    responses["default"] = error_response(
        "Any other refusal: 413 a body too large, 415 not JSON, 429 too many attempts, 503 busy (try again), "
        "500 an incident (the message gives its number).");
    op["responses"] = responses;
    return op;
}

}  // namespace

Result<Json> openapi_document(const std::vector<Route>& routes)
{
    Json doc = Json::parse(kOpenApiText);
    Json ops = std::move(doc["x-trellis-operations"]);
    doc.erase("x-trellis-operations");
    Json paths = Json::object();
    std::size_t documented = 0;
    for (const auto& r : routes) {
        if (r.surface != Surface::Api) continue;
        auto key = fmt::format("{} {}", to_string(r.method), r.pattern);
        if (!ops.contains(key))
            return std::unexpected(Error::unavailable(fmt::format("openapi.json has no operation for {}.", key)));
        paths[r.pattern][method_name(r.method)] = operation(r, ops[key]);
        ++documented;
    }
    if (documented != ops.size())
        return std::unexpected(
            Error::unavailable("openapi.json describes an operation the route table does not have."));
    doc["paths"] = std::move(paths);
    TRY(fill_choices(doc));
    return doc;
}

}  // namespace trellis::web
