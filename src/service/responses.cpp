#include "service/responses.hpp"

#include <charconv>

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/context_repo.hpp"
#include "store/response_repo.hpp"

namespace trellis::service {
namespace {

bool header_is(const std::string& h, std::initializer_list<std::string_view> names)
{
    auto key = text::name_key(h);
    for (auto n : names)
        if (key == n) return true;
    return false;
}

}  // namespace

ColumnMap guess_columns(const std::vector<std::string>& header)
{
    ColumnMap m;
    for (int i = 0; i < static_cast<int>(header.size()); ++i) {
        const auto& h = header[static_cast<std::size_t>(i)];
        if (m.date < 0 && header_is(h, {"date", "occurred", "occurred on", "incident date", "date of response"}))
            m.date = i;
        else if (m.agency < 0 && header_is(h, {"agency", "organisation", "organization", "team"}))
            m.agency = i;
        else if (m.type < 0 && header_is(h, {"type", "response", "response type", "action", "outcome type"}))
            m.type = i;
        else if (m.framing < 0 && header_is(h, {"framing", "led", "enforcement or welfare", "category"}))
            m.framing = i;
        else if (m.place < 0 && header_is(h, {"place", "location", "where", "area"}))
            m.place = i;
        else if (m.young_people < 0 &&
                 header_is(h, {"young people", "number of young people", "count", "people", "youths"}))
            m.young_people = i;
    }
    return m;
}

std::optional<std::string> parse_uk_date(std::string_view s)
{
    std::string t = text::collapse_space(s);
    if (text::is_iso_date(t)) return t;
    auto first = t.find('/'), second = t.find('/', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) return std::nullopt;
    auto d = t.substr(0, first), m = t.substr(first + 1, second - first - 1), y = t.substr(second + 1);
    if (d.size() == 1) d = "0" + d;
    if (m.size() == 1) m = "0" + m;
    std::string iso = y + "-" + m + "-" + d;
    return text::is_iso_date(iso) ? std::optional<std::string>(iso) : std::nullopt;
}

Result<ImportPlan> plan_import(const formats::CsvTable& table, const ColumnMap& map, ContextId context,
                               const std::string& default_agency)
{
    auto columns = static_cast<int>(table.header.size());
    auto bad_column = [&](int c) { return c < -1 || c >= columns; };
    if (map.date < 0) return std::unexpected(Error::invalid("Choose the column that holds the date.", "col_date"));
    if (map.type < 0)
        return std::unexpected(Error::invalid("Choose the column that holds the type of response.", "col_type"));
    for (int c : {map.date, map.agency, map.type, map.framing, map.place, map.young_people})
        if (bad_column(c)) return std::unexpected(Error::invalid("A chosen column is not in the file.", "col_date"));
    if (map.agency < 0 && text::collapse_space(default_agency).empty())
        return std::unexpected(
            Error::invalid("Choose the agency column, or name the agency whose system the file "
                           "came from.",
                           "agency_name"));
    if (table.rows.size() > kMaxImportRows)
        return std::unexpected(Error::invalid(
            fmt::format("The file has {}; import at most {} at a time.",
                        text::count(static_cast<std::int64_t>(table.rows.size()), "row"), kMaxImportRows)));
    ImportPlan plan;
    plan.rows = table.rows.size();
    int needed = std::max({map.date, map.agency, map.type, map.framing, map.place, map.young_people}) + 1;
    for (const auto& row : table.rows) {
        auto problem = [&](std::string reason) { plan.problems.push_back({row.line, std::move(reason)}); };
        if (static_cast<int>(row.cells.size()) < needed) {
            problem(fmt::format("has {} cells; the mapped columns need {}", row.cells.size(), needed));
            continue;
        }
        auto cell = [&](int c) {
            return c < 0 ? std::string() : text::collapse_space(row.cells[static_cast<std::size_t>(c)]);
        };
        ResponseRecord r;
        r.context = context;
        auto date = parse_uk_date(cell(map.date));
        if (!date) {
            problem(fmt::format("the date \"{}\" is not a date (use YYYY-MM-DD or DD/MM/YYYY)", cell(map.date)));
            continue;
        }
        r.date = *date;
        auto type = parse_response_type(cell(map.type));
        if (!type) {
            problem(fmt::format("\"{}\" is not a known type of response", cell(map.type)));
            continue;
        }
        r.type = *type;
        auto framing =
            map.framing >= 0 && !cell(map.framing).empty() ? parse_framing(cell(map.framing)) : usual_framing(r.type);
        if (!framing) {
            problem(map.framing >= 0 && !cell(map.framing).empty()
                        ? fmt::format("\"{}\" is neither enforcement nor welfare", cell(map.framing))
                        : std::string("a response of type Other must say whether it was enforcement or welfare"));
            continue;
        }
        r.framing = *framing;
        r.agency = map.agency >= 0 ? cell(map.agency) : text::collapse_space(default_agency);
        r.place = cell(map.place);
        if (map.young_people >= 0 && !cell(map.young_people).empty()) {
            auto s = cell(map.young_people);
            auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), r.young_people);
            if (ec != std::errc{} || ptr != s.data() + s.size()) {
                problem(fmt::format("\"{}\" is not a whole number of young people", s));
                continue;
            }
        }
        if (looks_like_formula(r.agency) || looks_like_formula(r.place)) {
            problem("a value starts like a spreadsheet formula (=, +, -, @) and is refused");
            continue;
        }
        if (auto errors = validate(r); !errors.empty()) {
            problem(errors.front().message);
            continue;
        }
        plan.records.push_back(std::move(r));
    }
    return plan;
}

Result<ImportUpload> upload_responses(store::Connection& db, const User& by, ContextId context,
                                      const std::string& file_name, const std::string& csv)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include importing responses."));
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    auto table = TRY(formats::parse_csv(csv));
    auto name = text::collapse_space(file_name.empty() ? std::string("upload.csv") : file_name);
    auto id = TRY(store::responses::save_draft(db, by.partnership, by.id, context, name, csv));
    return ImportUpload{id, name, std::move(table)};
}

Result<ImportUpload> uploaded_responses(store::Connection& db, const User& by, ContextId context, std::int64_t draft)
{
    TRY(need_context(db, by, context));
    auto kept = TRY(store::responses::draft(db, by.partnership, by.id, draft));
    if (kept.context != context) return std::unexpected(Error::not_found("There is no such upload."));
    auto table = TRY(formats::parse_csv(kept.content));
    return ImportUpload{kept.id, kept.file_name, std::move(table)};
}

Result<std::size_t> confirm_responses(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                      const ImportUpload& upload, const ImportPlan& plan, bool skip_bad)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include importing responses."));
    TRY(need_context(db, by, context));
    if (!plan.problems.empty() && !skip_bad)
        return std::unexpected(
            Error::invalid(fmt::format("{} {} problems, so nothing was imported. Correct the file "
                                       "and upload it again, or choose to skip those rows.",
                                       text::count(static_cast<std::int64_t>(plan.problems.size()), "row"),
                                       plan.problems.size() == 1 ? "has" : "have"),
                           "skip_bad"));
    if (plan.records.empty()) return std::unexpected(Error::invalid("There are no good rows to import.", "skip_bad"));
    auto tx = TRY(store::Transaction::begin(db));
    auto saved =
        TRY(store::responses::add(db, by.partnership, context, plan.records,
                                  fmt::format("csv:{} skipped={}", upload.file_name, plan.problems.size()), actor));
    TRY(store::responses::delete_draft(db, upload.id));
    TRY(tx.commit());
    return saved;
}

Result<void> add_response(store::Connection& db, const User& by, const Actor& actor, ResponseRecord record)
{
    TRY(may_edit_context(db, by, record.context, "recording responses"));
    if (auto errors = validate(record); !errors.empty()) return std::unexpected(errors.front());
    TRY(store::responses::add(db, by.partnership, record.context, {record}, "entered", actor));
    return {};
}

Result<std::vector<ResponseMonth>> response_months(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return store::responses::by_month(db, by.partnership, context);
}

Result<Page<ResponseRecord>> response_log(store::Connection& db, const User& by, ContextId context,
                                          const ResponseFilter& filter, std::int64_t page)
{
    TRY(need_context(db, by, context));
    return store::responses::page(db, by.partnership, context, filter, page, kResponsesPerPage);
}

Result<std::vector<ResponseRecord>> responses_of(store::Connection& db, const User& by, ContextId context, int limit,
                                                 const std::optional<After>& after)
{
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    return store::responses::list(db, by.partnership, context, limit, after);
}

}  // namespace trellis::service
