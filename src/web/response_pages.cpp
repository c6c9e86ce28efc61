// A context's response log: the list, a monthly chart of enforcement-led
// against welfare-led responses, adding one by hand, and importing an
// agency's CSV export with column mapping, preview and a report of bad rows.
#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/contexts.hpp"
#include "service/responses.hpp"
#include "web/charts.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

std::string month_label(const std::string& month)
{
    static constexpr const char* kShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int m = std::atoi(month.substr(5, 2).c_str());
    return m >= 1 && m <= 12 ? fmt::format("{} {}", kShort[m - 1], month.substr(2, 2)) : month;
}

// The filters of the response log from the query string; Invalid naming the
// field for a value that is not one of the choices.
Result<ResponseFilter> response_filter(const Form& query)
{
    ResponseFilter f;
    f.month = query.get("month");
    if (!f.month.empty() && !text::is_iso_date(f.month + "-01"))
        return std::unexpected(Error::invalid("Choose a month from the list.", "month"));
    if (const auto& t = query.get("type"); !t.empty()) {
        f.type = parse_response_type(t);
        if (!f.type) return std::unexpected(Error::invalid("Choose a type of response from the list.", "type"));
    }
    if (const auto& fr = query.get("framing"); !fr.empty()) {
        f.framing = parse_framing(fr);
        if (!f.framing) return std::unexpected(Error::invalid("Choose enforcement-led or welfare-led.", "framing"));
    }
    return f;
}

Result<Response> responses_page(Ctx& c, ContextId id, nlohmann::json model, const std::vector<Error>& errors,
                                int status)
{
    auto ctx = TRY(service::context(c.db, c.who->user, id));
    auto filter = TRY(response_filter(c.query));
    auto log = TRY(service::response_log(c.db, c.who->user, id, filter, page_number(c.query.get("page"))));
    auto months = TRY(service::response_months(c.db, c.who->user, id));
    nlohmann::json rows = nlohmann::json::array(), table = nlohmann::json::array(),
                   month_options = nlohmann::json::array();
    for (const auto& r : log.items)
        rows.push_back({{"date", when(r.date)},
                        {"agency", r.agency},
                        {"type", label(r.type)},
                        {"framing", label(r.framing)},
                        {"enforcement", r.framing == Framing::Enforcement},
                        {"place", r.place.empty() ? "Not recorded" : r.place},
                        {"young_people", std::to_string(r.young_people)}});
    for (const auto& m : months) {
        table.push_back({{"month", month_label(m.month)},
                         {"enforcement", std::to_string(m.enforcement)},
                         {"welfare", std::to_string(m.welfare)}});
        month_options.push_back(
            {{"value", m.month}, {"label", uk_month(m.month)}, {"selected", filter.month == m.month}});
    }
    std::ranges::reverse(month_options);  // newest first, as the log is
    nlohmann::json types = nlohmann::json::array();
    for (auto t : kResponseTypes)
        types.push_back(
            {{"value", to_string(t)}, {"label", label(t)}, {"selected", model.value("type", "") == to_string(t)}});
    bool filtered = !filter.month.empty() || filter.type || filter.framing;
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = ctx.name;
    model["responses"] = rows;
    model["has_responses"] = !rows.empty();
    model["months"] = table;
    model["month_options"] = month_options;
    model["filter_types"] = choice_options(kResponseTypes, [&](ResponseType t) { return filter.type == t; });
    model["filter_framings"] = choice_options(kFramings, [&](Framing f) { return filter.framing == f; });
    model["filtered"] = filtered;
    model["count"] = text::count(log.total, "response");
    model["showing"] = showing(log);
    model["pagination"] =
        pagination(fmt::format("/contexts/{}/responses", id.value), c.query.fields(), log.number, log.pages());
    charts::Bars chart{"responses-chart",
                       "Responses by month",
                       "Enforcement-led against welfare-led responses each month; the same figures are in the table "
                       "below.",
                       {},
                       {{"Enforcement-led", "enforcement", {}}, {"Welfare-led", "welfare", {}}}};
    for (const auto& m : months) {
        chart.categories.push_back(month_label(m.month));
        chart.series[0].values.push_back(double(m.enforcement));
        chart.series[1].values.push_back(double(m.welfare));
    }
    model["chart"] = months.empty() ? "" : charts::bars(chart);
    model["types"] = types;
    model["can_add"] = role_allows(c.who->user.role, Permission::EditFrameworks);
    add_errors(model, errors);
    return c.page("responses", errors.empty() ? "Response log" : "Error: Response log", model, status);
}

int parse_column(const std::string& v)
{
    if (v.empty() || v == "-1") return -1;
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    return *end == '\0' && n >= 0 && n < 1000 ? static_cast<int>(n) : -2;  // -2: out of range, refused later
}

Response mapping_page(Ctx& c, ContextId id, const service::ImportUpload& draft, const formats::CsvTable& table,
                      const service::ColumnMap& map, const std::string& agency_name, bool skip_bad,
                      const std::vector<Error>& errors, int status)
{
    nlohmann::json model = {{"context_id", std::to_string(id.value)},
                            {"draft_id", std::to_string(draft.id)},
                            {"file_name", draft.file_name},
                            {"agency_name", agency_name},
                            {"skip_bad", skip_bad},
                            {"row_count", text::count(static_cast<std::int64_t>(table.rows.size()), "row")}};
    struct Field {
        const char* key;
        const char* label;
        int chosen;
    };
    const Field fields[] = {
        {"col_date", "Date", map.date},       {"col_type", "Type of response", map.type},
        {"col_agency", "Agency", map.agency}, {"col_framing", "Enforcement or welfare", map.framing},
        {"col_place", "Place", map.place},    {"col_young_people", "Number of young people", map.young_people}};
    nlohmann::json selects = nlohmann::json::array();
    for (const auto& f : fields) {
        nlohmann::json options =
            nlohmann::json::array({{{"value", "-1"}, {"label", "Not in this file"}, {"selected", f.chosen < 0}}});
        for (std::size_t i = 0; i < table.header.size(); ++i)
            options.push_back({{"value", std::to_string(i)},
                               {"label", table.header[i].empty() ? fmt::format("Column {}", i + 1) : table.header[i]},
                               {"selected", f.chosen == static_cast<int>(i)}});
        selects.push_back({{"key", f.key}, {"label", f.label}, {"options", options}});
    }
    model["selects"] = selects;
    auto plan = service::plan_import(table, map, id, agency_name);
    if (plan) {
        nlohmann::json preview = nlohmann::json::array(), problems = nlohmann::json::array();
        for (std::size_t i = 0; i < plan->records.size() && i < 10; ++i) {
            const auto& r = plan->records[i];
            preview.push_back({{"date", r.date},
                               {"agency", r.agency},
                               {"type", label(r.type)},
                               {"framing", label(r.framing)},
                               {"place", r.place},
                               {"young_people", std::to_string(r.young_people)}});
        }
        for (std::size_t i = 0; i < plan->problems.size() && i < 100; ++i)
            problems.push_back(
                {{"line", std::to_string(plan->problems[i].line)}, {"reason", plan->problems[i].reason}});
        model["planned"] = true;
        model["preview"] = preview;
        model["good"] = text::count(static_cast<std::int64_t>(plan->records.size()), "row");
        model["bad"] = std::to_string(plan->problems.size());
        model["import_label"] =
            fmt::format("Import {}", text::count(static_cast<std::int64_t>(plan->records.size()), "response"));
        model["has_problems"] = !plan->problems.empty();
        model["problems"] = problems;
        model["more_problems"] =
            plan->problems.size() > 100 ? fmt::format("and {} more", plan->problems.size() - 100) : std::string();
    }
    std::vector<Error> all = errors;
    if (!plan) all.push_back(plan.error());
    add_errors(model, all);
    return c.page("response_import_map", "Map the columns", model, status);
}

}  // namespace

Result<Response> responses(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    std::string done = c.query.get("done");
    nlohmann::json model = nlohmann::json::object();
    if (done == "added") model["banner"] = "The response was added.";
    if (done == "imported")
        model["banner"] =
            fmt::format("Imported {}.", text::count(parse_id(c.query.get("count")).value_or(0), "response"));
    return responses_page(c, id, model, {}, 200);
}

Result<Response> response_add(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    ResponseRecord r;
    r.context = id;
    r.date = c.form.get("date");
    r.agency = c.form.get("agency");
    r.place = c.form.get("place");
    nlohmann::json model = {{"date", r.date},
                            {"agency", r.agency},
                            {"place", r.place},
                            {"type", c.form.get("type")},
                            {"young_people", c.form.get("young_people")}};
    std::vector<Error> errors;
    auto type = parse_response_type(c.form.get("type"));
    if (!type) errors.push_back(Error::invalid("Choose the type of response.", "type"));
    r.type = type.value_or(ResponseType::Other);
    auto framing = c.form.get("framing").empty() ? usual_framing(r.type) : parse_framing(c.form.get("framing"));
    if (!framing)
        errors.push_back(Error::invalid("Say whether the response was enforcement-led or welfare-led.", "framing"));
    r.framing = framing.value_or(Framing::Welfare);
    char* end = nullptr;
    auto count = c.form.get("young_people").empty() ? 0L : std::strtol(c.form.get("young_people").c_str(), &end, 10);
    if (end && *end != '\0') errors.push_back(Error::invalid("Enter a whole number of young people.", "young_people"));
    r.young_people = static_cast<int>(count);
    for (auto& e : validate(r)) errors.push_back(std::move(e));
    if (!errors.empty()) return responses_page(c, id, model, errors, 400);
    auto saved = service::add_response(c.db, c.who->user, c.actor(), r);
    if (!saved && saved.error().kind == Error::Kind::Invalid) return responses_page(c, id, model, {saved.error()}, 400);
    if (!saved) return std::unexpected(saved.error());
    return c.redirect(fmt::format("/contexts/{}/responses?done=added", id.value));
}

Result<Response> response_import_form(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    auto ctx = TRY(service::context(c.db, c.who->user, id));
    nlohmann::json model = {{"context_id", std::to_string(id.value)}, {"context_name", ctx.name}};
    add_errors(model, {});
    return c.page("response_import", "Import responses", model);
}

Result<Response> response_import_upload(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    auto ctx = TRY(service::context(c.db, c.who->user, id));
    const Part* file = nullptr;
    for (const auto& f : c.files)
        if (f.name == "file" && !f.body.empty()) file = &f;
    nlohmann::json model = {{"context_id", std::to_string(id.value)}, {"context_name", ctx.name}};
    auto refuse = [&](const std::string& message) {
        add_errors(model, {Error::invalid(message, "file")});
        return c.page("response_import", "Error: Import responses", model, 400);
    };
    if (!file) return refuse("Choose a CSV file to upload.");
    auto upload = service::upload_responses(c.db, c.who->user, id, file->filename.value_or(""), file->body);
    if (!upload) {
        if (upload.error().kind == Error::Kind::Invalid) return refuse(upload.error().message);
        return std::unexpected(upload.error());
    }
    return c.redirect(fmt::format("/contexts/{}/responses/import/{}", id.value, upload->id));
}

Result<Response> response_import_map(Ctx& c)
{
    ContextId id{c.id(0)};
    auto draft = TRY(service::uploaded_responses(c.db, c.who->user, id, c.id(1)));
    const auto& table = draft.table;
    return mapping_page(c, id, draft, table, service::guess_columns(table.header), "", false, {}, 200);
}

Result<Response> response_import_confirm(Ctx& c)
{
    ContextId id{c.id(0)};
    auto draft = TRY(service::uploaded_responses(c.db, c.who->user, id, c.id(1)));
    const auto& table = draft.table;
    service::ColumnMap map{parse_column(c.form.get("col_date")),  parse_column(c.form.get("col_agency")),
                           parse_column(c.form.get("col_type")),  parse_column(c.form.get("col_framing")),
                           parse_column(c.form.get("col_place")), parse_column(c.form.get("col_young_people"))};
    std::string agency_name = c.form.get("agency_name");
    bool skip_bad = c.form.get("skip_bad") == "yes";
    bool preview_only = c.form.get("step") == "preview";
    auto plan = service::plan_import(table, map, id, agency_name);
    if (!plan) return mapping_page(c, id, draft, table, map, agency_name, skip_bad, {}, 400);
    if (preview_only) return mapping_page(c, id, draft, table, map, agency_name, skip_bad, {}, 200);
    auto saved = service::confirm_responses(c.db, c.who->user, c.actor(), id, draft, *plan, skip_bad);
    if (!saved) {
        if (saved.error().kind == Error::Kind::Invalid)
            return mapping_page(c, id, draft, table, map, agency_name, skip_bad, {saved.error()}, 400);
        return std::unexpected(saved.error());
    }
    return c.redirect(fmt::format("/contexts/{}/responses?done=imported&count={}", id.value, *saved));
}

}  // namespace trellis::web::handlers
