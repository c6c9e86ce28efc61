// The audit trail as leads and the data protection officer read it: one
// sentence a row, filtered by person, context, kind and date, newest first a
// page at a time, and the same rows as CSV.
#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/actions.hpp"
#include "service/audit_trail.hpp"
#include "service/contexts.hpp"
#include "service/register.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {

namespace {

// A CSV cell, quoted; a leading =, +, - or @ would run as a formula in a spreadsheet.
std::string csv_cell(const std::string& value)
{
    std::string out = "\"";
    if (!value.empty() && std::string_view("=+-@").find(value.front()) != std::string_view::npos) out += '\'';
    for (char ch : value) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

Result<service::AuditFilter> filter_from(const Form& query, std::optional<ContextId> context)
{
    service::AuditFilter f;
    f.context = context;
    if (const auto& who = query.get("person"); !who.empty()) {
        auto id = parse_id(who);
        if (!id) return std::unexpected(Error::invalid("Type the name or email address of a person.", "person_name"));
        f.actor = UserId{*id};
    }
    if (!context)
        if (const auto& where = query.get("context"); !where.empty()) {
            auto id = parse_id(where);
            if (!id) return std::unexpected(Error::invalid("Choose a context from the list.", "context"));
            f.context = ContextId{*id};
        }
    f.kind = query.get("kind");
    if (!f.kind.empty() && std::ranges::none_of(service::audit_kinds(), [&](const auto& k) { return k.key == f.kind; }))
        return std::unexpected(Error::invalid("Choose a kind of record from the list.", "kind"));
    f.from = query.get("from");
    f.to = query.get("to");
    if (const auto& before = query.get("before"); !before.empty()) {
        auto id = parse_id(before);
        if (!id) return std::unexpected(Error::invalid("That page of the audit trail does not exist.", "before"));
        f.before_id = *id;
    }
    return f;
}

Response csv_download(std::string body, const std::string& name)
{
    Response r;
    r.body = std::move(body);
    r.content_type = "text/csv; charset=utf-8";
    r.header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", name));
    return r;
}

Result<Response> trail(Ctx& c, std::optional<ContextId> context, const std::string& path)
{
    auto filter = TRY(filter_from(c.query, context));
    // A person by name or email address as typed, or by number from a link.
    std::string person_shown;
    if (const auto& typed = c.query.get("person_name"); !text::name_key(typed).empty()) {
        auto person = TRY(service::audit_person_called(c.db, c.who->user, typed, "person_name"));
        filter.actor = person.id;
        person_shown = person.display_name;
    } else if (filter.actor) {
        person_shown = TRY(service::audit_person(c.db, c.who->user, *filter.actor)).display_name;
    }
    std::string context_shown;
    if (!context) filter.context = TRY(c.context_filter(filter.context, context_shown));
    std::string context_name;
    if (context) context_name = TRY(service::context(c.db, c.who->user, *context)).name;
    bool csv = c.query.get("format") == "csv";
    if (!csv && !c.query.get("format").empty())
        return std::unexpected(Error::invalid("The audit trail downloads as CSV only.", "format"));
    if (csv) {
        // Every matching row, read a page at a time, up to kCsvRowsAtMost: a
        // partnership's whole trail runs to millions of rows (two million at
        // scale 1), which as one download would be held in memory and take
        // minutes. Past that the download is refused whole, never cut short
        // (a file missing rows would pass for the whole trail).
        constexpr std::int64_t kCsvRowsAtMost = 100'000;
        std::string body = "id,when_utc,who,sentence,kind,action,context,detail,address\r\n";
        filter.limit = 1000;
        std::int64_t rows = 0;
        for (;;) {
            auto page = TRY(service::audit_trail(c.db, c.who->user, filter));
            if (rows + std::ssize(page.lines) > kCsvRowsAtMost)
                return std::unexpected(Error::invalid(
                    "These filters match more than 100,000 rows, too many for one download. Choose a shorter "
                    "period (from and to dates), a person, a context or a kind of record, and download each part.",
                    "from"));
            for (const auto& l : page.lines) {
                body += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", l.id, csv_cell(l.at), csv_cell(l.who),
                                    csv_cell(l.sentence), csv_cell(l.kind), csv_cell(l.action),
                                    csv_cell(l.context_name), csv_cell(l.detail), csv_cell(l.address));
                ++rows;
            }
            if (page.next_before == 0) break;
            filter.before_id = page.next_before;
        }
        TRY(c.audit_view("audit", context ? context->value : 0, context, fmt::format("format=csv rows={}", rows)));
        return csv_download(std::move(body),
                            context ? fmt::format("audit-context-{}.csv", context->value) : "audit-trail.csv");
    }
    TRY(c.audit_view("audit", context ? context->value : 0, context));
    auto page = TRY(service::audit_trail(c.db, c.who->user, filter));

    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : page.lines) {
        nlohmann::json line = {
            {"sentence", l.sentence}, {"detail", l.detail}, {"address", l.address}, {"id", std::to_string(l.id)}};
        if (!context && l.context) line["context_href"] = fmt::format("/contexts/{}/audit", l.context->value);
        lines.push_back(std::move(line));
    }
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& k : service::audit_kinds())
        kinds.push_back({{"value", k.key}, {"label", k.label}, {"selected", filter.kind == k.key}});

    // The filters, kept in the CSV link and the next page's link.
    std::string filters;
    for (const auto& [key, value] : c.query.fields())
        if (key != "before" && key != "format" && !value.empty())
            filters += fmt::format("&{}={}", url_encode(key), url_encode(value));
    nlohmann::json model = {{"lines", lines},
                            {"has_lines", !lines.empty()},
                            {"person_name", person_shown},
                            {"kinds", kinds},
                            {"context_filter", context_shown},
                            {"whole_partnership", !context},
                            {"context_name", context_name},
                            {"from", filter.from},
                            {"to", filter.to},
                            {"path", path},
                            {"csv_href", path + "?format=csv" + filters},
                            {"filtered", filter.actor || (!context && filter.context) || !filter.kind.empty() ||
                                             !filter.from.empty() || !filter.to.empty()}};
    if (page.next_before > 0) model["older_href"] = fmt::format("{}?before={}{}", path, page.next_before, filters);
    if (filter.before_id > 0) model["newest_href"] = path + (filters.empty() ? "" : "?" + filters.substr(1));
    return c.page("audit", context ? "Audit trail: " + context_name : "Audit trail", model);
}

}  // namespace

Result<Response> context_audit(Ctx& c)
{
    ContextId id{c.id(0)};
    return trail(c, id, fmt::format("/contexts/{}/audit", id.value));
}

Result<Response> audit_trail(Ctx& c)
{
    return trail(c, std::nullopt, "/audit");
}

Result<Response> disclosures(Ctx& c)
{
    service::AuditFilter filter;
    if (const auto& agency = c.query.get("agency"); !agency.empty()) {
        auto id = parse_id(agency);
        if (!id) return std::unexpected(Error::invalid("Choose an agency from the list.", "agency"));
        filter.agency = AgencyId{*id};
    }
    // A young person by pseudonym as typed, or by number from a link.
    std::string person_shown;
    if (const auto& typed = c.query.get("young_person_name"); !text::name_key(typed).empty()) {
        filter.young_person = TRY(service::young_person_called(c.db, c.who->user, typed, "young_person_name")).value;
    } else if (const auto& person = c.query.get("young_person"); !person.empty()) {
        auto id = parse_id(person);
        if (!id)
            return std::unexpected(
                Error::invalid("Type the pseudonym of someone on the register.", "young_person_name"));
        filter.young_person = *id;
    }
    if (filter.young_person)
        person_shown = TRY(service::on_register(c.db, c.who->user, YoungPersonId{*filter.young_person})).pseudonym;
    if (const auto& before = c.query.get("before"); !before.empty()) {
        auto id = parse_id(before);
        if (!id) return std::unexpected(Error::invalid("That page of the log does not exist.", "before"));
        filter.before_id = *id;
    }
    TRY(c.audit_view("disclosures", 0, std::nullopt,
                     filter.young_person ? fmt::format("young_person={}", *filter.young_person) : ""));
    auto page = TRY(service::disclosure_log(c.db, c.who->user, filter));
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : page.items)
        rows.push_back({{"sentence", d.line.sentence},
                        {"agency", d.agency.empty() ? "—" : d.agency},
                        {"agreement", d.agreement},
                        {"covered", d.covered}});
    nlohmann::json agencies = nlohmann::json::array();
    for (const auto& a : TRY(service::agencies_of(c.db, c.who->user)))
        agencies.push_back(
            {{"value", std::to_string(a.id.value)}, {"label", a.name}, {"selected", filter.agency == a.id}});
    std::string filters;
    for (const auto& [key, value] : c.query.fields())
        if (key != "before" && !value.empty()) filters += fmt::format("&{}={}", url_encode(key), url_encode(value));
    nlohmann::json model = {{"rows", rows},
                            {"has_rows", !rows.empty()},
                            {"agencies", agencies},
                            {"young_person_name", person_shown},
                            {"filtered", filter.agency.has_value() || filter.young_person.has_value()}};
    if (page.next_before > 0) model["older_href"] = fmt::format("/disclosures?before={}{}", page.next_before, filters);
    return c.page("disclosures", "Disclosure log", model);
}

}  // namespace trellis::web::handlers
