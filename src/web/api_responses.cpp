// Importing a response log through the API, in the three steps of the page:
// upload the CSV (kept as a draft of the caller's), preview a column mapping
// with every bad row and its reason, then confirm. Nothing is imported unless
// every row is good or the caller asks to skip the bad ones.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/responses.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"

namespace trellis::web::handlers {
namespace {

using Json = nlohmann::json;

constexpr std::pair<const char*, int service::ColumnMap::*> kColumns[] = {
    {"date", &service::ColumnMap::date},   {"agency", &service::ColumnMap::agency},
    {"type", &service::ColumnMap::type},   {"framing", &service::ColumnMap::framing},
    {"place", &service::ColumnMap::place}, {"young_people", &service::ColumnMap::young_people}};

Json columns_json(const service::ColumnMap& map, const std::vector<std::string>& header)
{
    Json out = Json::object();
    for (auto [name, member] : kColumns)
        out[name] = map.*member >= 0 ? Json(header.at(static_cast<std::size_t>(map.*member))) : Json(nullptr);
    return out;
}

// "columns": {"date": "Date", "type": 2, ...}: a header name or a column number
// from 0; a column left out is not mapped. Without "columns", Trellis guesses
// from the header as the page does.
Result<service::ColumnMap> read_columns(const Json& body, const std::vector<std::string>& header)
{
    if (!body.contains("columns")) return service::guess_columns(header);
    const auto& cols = body["columns"];
    if (!cols.is_object())
        return std::unexpected(
            Error::invalid("\"columns\" must map date, agency, type, framing, place and "
                           "young_people to a header name or a column number.",
                           "columns"));
    service::ColumnMap map;
    for (auto [name, member] : kColumns) {
        if (!cols.contains(name) || cols[name].is_null()) continue;
        const auto& v = cols[name];
        int index = -1;
        if (v.is_number_integer() && v.get<std::int64_t>() >= 0 &&
            v.get<std::int64_t>() < static_cast<std::int64_t>(header.size()))
            index = static_cast<int>(v.get<std::int64_t>());
        if (v.is_string())
            for (std::size_t i = 0; i < header.size(); ++i)
                if (header[i] == v.get<std::string>()) index = static_cast<int>(i);
        if (index < 0)
            return std::unexpected(
                Error::invalid(fmt::format("\"columns.{}\" names no column of the file's header.", name), "columns"));
        map.*member = index;
    }
    return map;
}

Json response_json(const ResponseRecord& r)
{
    return {{"id", r.id},
            {"date", r.date},
            {"agency", r.agency},
            {"type", to_string(r.type)},
            {"framing", to_string(r.framing)},
            {"place", r.place},
            {"young_people", r.young_people}};
}

Json plan_json(const service::ImportPlan& plan)
{
    Json problems = Json::array();
    for (const auto& p : plan.problems) problems.push_back({{"line", p.line}, {"reason", p.reason}});
    Json sample = Json::array();
    for (std::size_t i = 0; i < std::min<std::size_t>(plan.records.size(), 5); ++i) {
        auto row = response_json(plan.records[i]);
        row.erase("id");
        sample.push_back(std::move(row));
    }
    return {{"rows", plan.rows}, {"good", plan.records.size()}, {"problems", problems}, {"first_good_rows", sample}};
}

Result<std::pair<service::ImportUpload, service::ImportPlan>> planned(Ctx& c)
{
    ContextId id{c.id(0)};
    auto upload = TRY(service::uploaded_responses(c.db, c.who->user, id, c.id(1)));
    auto map = TRY(read_columns(c.json, upload.table.header));
    auto agency = TRY(text_member(c.json, "agency_name")).value_or("");
    auto plan = TRY(service::plan_import(upload.table, map, id, agency));
    return std::pair{std::move(upload), std::move(plan)};
}

}  // namespace

Result<Response> api_responses(Ctx& c)
{
    ContextId id{c.id(0)};
    auto page = TRY(page_request(c.query));
    auto after = TRY(after_cursor(page));
    auto list = TRY(service::responses_of(c.db, c.who->user, id, static_cast<int>(page.limit) + 1, after));
    TRY(c.audit_view("responses", id.value, id, "api"));
    Json out = Json::array();
    for (const auto& r : list) out.push_back(response_json(r));
    return c.json_response(
        page_of(c, "responses", std::move(out), page, [](const Json& item) { return dated_cursor(item, "date"); }));
}

Result<Response> api_response_add(Ctx& c)
{
    ResponseRecord r;
    r.context = ContextId{c.id(0)};
    r.date = TRY(required_text(c.json, "date"));
    r.agency = TRY(required_text(c.json, "agency"));
    r.type = TRY(required_choice(c.json, "type", kResponseTypes));
    auto framing = TRY(choice_member(c.json, "framing", kFramings));
    if (!framing) framing = usual_framing(r.type);
    if (!framing)
        return std::unexpected(
            Error::invalid("\"framing\" is required for this type: enforcement or welfare.", "framing"));
    r.framing = *framing;
    r.place = TRY(text_member(c.json, "place")).value_or("");
    auto count = TRY(id_member(c.json, "young_people", "a whole number of young people")).value_or(0);
    if (count < 0 || count > kMaxYoungPeoplePerResponse)
        return std::unexpected(Error::invalid(
            fmt::format("\"young_people\" must be a whole number from 0 to {}.", kMaxYoungPeoplePerResponse),
            "young_people"));
    r.young_people = static_cast<int>(count);
    TRY(service::add_response(c.db, c.who->user, c.actor(), r));
    auto out = response_json(r);
    out.erase("id");  // the log is read back by date; a single entry has no id of its own to act on
    return c.json_response(out, 201);
}

Result<Response> api_response_import_upload(Ctx& c)
{
    ContextId id{c.id(0)};
    auto csv = TRY(required_text(c.json, "csv"));
    auto name = TRY(text_member(c.json, "file_name")).value_or("");
    auto upload = TRY(service::upload_responses(c.db, c.who->user, id, name, csv));
    return c.json_response(
        {{"id", upload.id},
         {"file_name", upload.file_name},
         {"header", upload.table.header},
         {"rows", upload.table.rows.size()},
         {"columns", columns_json(service::guess_columns(upload.table.header), upload.table.header)}},
        201);
}

Result<Response> api_response_import_preview(Ctx& c)
{
    auto [upload, plan] = TRY(planned(c));
    return c.json_response(plan_json(plan));
}

Result<Response> api_response_import_confirm(Ctx& c)
{
    auto [upload, plan] = TRY(planned(c));
    bool skip_bad = c.json.contains("skip_bad") && c.json["skip_bad"].is_boolean() && c.json["skip_bad"].get<bool>();
    auto saved = service::confirm_responses(c.db, c.who->user, c.actor(), ContextId{c.id(0)}, upload, plan, skip_bad);
    if (!saved && saved.error().kind == Error::Kind::Invalid) {
        Json body = {{"error", {{"status", 400}, {"message", saved.error().message}, {"field", "skip_bad"}}},
                     {"plan", plan_json(plan)}};
        return c.json_response(body, 400);
    }
    if (!saved) return std::unexpected(saved.error());
    return c.json_response({{"imported", *saved}, {"skipped", plan.problems.size()}}, 201);
}

}  // namespace trellis::web::handlers
