#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/bulk.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/paging.hpp"
#include "store/response_repo.hpp"

namespace trellis::store::responses {

Result<std::size_t> add(Connection& db, PartnershipId p, ContextId c, const std::vector<ResponseRecord>& records,
                        const std::string& source, const Actor& actor)
{
    for (const auto& r : records)
        if (auto errors = validate(r); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, c));
    auto now = now_utc();
    BulkInsert rows(db, "responses",
                    {"partnership_id", "context_id", "occurred_on", "agency", "response_type", "framing", "place",
                     "young_people", "source", "created_at"});
    for (const auto& r : records)
        TRY(rows.add({p.value, c.value, r.date, text::collapse_space(r.agency), std::string(to_string(r.type)),
                      std::string(to_string(r.framing)), text::collapse_space(r.place), std::int64_t{r.young_people},
                      source, now}));
    TRY(rows.flush());
    // The monthly counts the indicators read, kept with the log they count.
    std::map<std::pair<std::string, Framing>, std::int64_t> months;
    for (const auto& r : records) ++months[{r.date.substr(0, 7), r.framing}];
    for (const auto& [key, n] : months)
        TRY(
            db.query("INSERT INTO response_months (partnership_id, context_id, month, framing, responses) "
                     "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (context_id, month, framing) "
                     "DO UPDATE SET responses = response_months.responses + excluded.responses",
                     {p.value, c.value, key.first, std::string(to_string(key.second)), n}));
    // Indicators computed from the response log change with it.
    TRY(frameworks::touch_context(db, c, now));
    TRY(audit::record(db, actor,
                      {p, "create", "responses", static_cast<std::int64_t>(records.size()), c,
                       fmt::format("count={} source={}", records.size(), source.substr(0, 80))}));
    TRY(tx.commit());
    return records.size();
}

Result<std::vector<ResponseRecord>> list(Connection& db, PartnershipId p, ContextId c, int limit,
                                         const std::optional<After>& after)
{
    static constexpr const char* kSelect =
        "SELECT id, occurred_on, agency, response_type, framing, place, young_people FROM responses "
        "WHERE partnership_id = $1 AND context_id = $2 ";
    static constexpr const char* kOrder = "ORDER BY occurred_on DESC, id DESC LIMIT $3";
    auto rows = TRY(
        after ? db.query(fmt::format("{}AND (occurred_on < $4 OR (occurred_on = $4 AND id < $5)) {}", kSelect, kOrder),
                         {p.value, c.value, std::int64_t{limit}, after->date, after->id})
              : db.query(fmt::format("{}{}", kSelect, kOrder), {p.value, c.value, std::int64_t{limit}}));
    std::vector<ResponseRecord> out;
    for (const auto& r : rows.rows)
        out.push_back({r.integer(0), c, r.text(1), r.text(2),
                       parse_response_type(r.text(3)).value_or(ResponseType::Other),
                       parse_framing(r.text(4)).value_or(Framing::Welfare), r.text(5), static_cast<int>(r.integer(6))});
    return out;
}

Result<Page<ResponseRecord>> page(Connection& db, PartnershipId p, ContextId c, const ResponseFilter& filter,
                                  std::int64_t number, std::int64_t size)
{
    // The context is checked once, so the rows are read from the (context,
    // date, id) index alone.
    Bindings b({p.value, c.value});
    std::string where = "context_id = $2 AND EXISTS (SELECT 1 FROM contexts WHERE id = $2 AND partnership_id = $1)";
    Bindings months({p.value, c.value});
    std::string months_where = "partnership_id = $1 AND context_id = $2";
    if (!filter.month.empty()) {
        // A range on the date keeps the (context, date) index usable.
        where += " AND occurred_on >= " + b.bind(filter.month + "-01");
        where += " AND occurred_on <= " + b.bind(filter.month + "-31");
        months_where += " AND month = " + months.bind(filter.month);
    }
    if (filter.type) where += " AND response_type = " + b.bind(std::string(to_string(*filter.type)));
    if (filter.framing) {
        where += " AND framing = " + b.bind(std::string(to_string(*filter.framing)));
        months_where += " AND framing = " + months.bind(std::string(to_string(*filter.framing)));
    }
    // Without a type to match, the monthly counts give the total.
    std::optional<std::int64_t> total;
    if (!filter.type)
        total = TRY(db.query("SELECT COALESCE(SUM(responses), 0) FROM response_months WHERE " + months_where,
                             months.params()))
                    .first()
                    .integer(0);
    Page<ResponseRecord> out;
    auto rows = TRY(read_page(db, std::move(b), "id, occurred_on, agency, response_type, framing, place, young_people",
                              "FROM responses WHERE " + where, "occurred_on DESC, id DESC", number, size, out, total));
    for (const auto& r : rows.rows)
        out.items.push_back(
            {r.integer(0), c, r.text(1), r.text(2), parse_response_type(r.text(3)).value_or(ResponseType::Other),
             parse_framing(r.text(4)).value_or(Framing::Welfare), r.text(5), static_cast<int>(r.integer(6))});
    return out;
}

Result<std::vector<MonthCount>> by_month(Connection& db, PartnershipId p, ContextId c)
{
    auto rows =
        TRY(db.query("SELECT month, framing, responses FROM response_months "
                     "WHERE partnership_id = $1 AND context_id = $2 ORDER BY month, framing",
                     {p.value, c.value}));
    std::vector<MonthCount> out;
    for (const auto& r : rows.rows) {
        if (out.empty() || out.back().month != r.text(0)) out.push_back({r.text(0), 0, 0});
        (r.text(1) == "enforcement" ? out.back().enforcement : out.back().welfare) = r.integer(2);
    }
    return out;
}

Result<std::int64_t> save_draft(Connection& db, PartnershipId p, UserId u, ContextId c, const std::string& file_name,
                                const std::string& content, const std::string& kind)
{
    // A user has one draft of a kind at a time: a new upload replaces the last
    // one. Uploads nobody confirmed within a day are deleted, anyone's.
    TRY(db.query("DELETE FROM import_drafts WHERE (user_id = $1 AND kind = $2) OR created_at < $3",
                 {u.value, kind, now_utc(-std::chrono::hours(24))}));
    auto rows =
        TRY(db.query("INSERT INTO import_drafts (partnership_id, user_id, context_id, file_name, content, "
                     "created_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     {p.value, u.value, c.value, file_name, content, now_utc(), kind}));
    return rows.first().integer(0);
}

Result<Draft> draft(Connection& db, PartnershipId p, UserId u, std::int64_t id, const std::string& kind)
{
    auto rows =
        TRY(db.query("SELECT id, context_id, file_name, content FROM import_drafts "
                     "WHERE id = $1 AND partnership_id = $2 AND user_id = $3 AND kind = $4",
                     {id, p.value, u.value, kind}));
    if (rows.empty()) return std::unexpected(Error::not_found("That upload has expired; upload the file again."));
    return Draft{rows.first().integer(0), rows.first().id<ContextId>(1), rows.first().text(2), rows.first().text(3),
                 ""};
}

Result<std::optional<Draft>> find_draft(Connection& db, PartnershipId p, UserId u, const std::string& kind)
{
    auto rows =
        TRY(db.query("SELECT id, context_id, file_name, content, created_at FROM import_drafts "
                     "WHERE partnership_id = $1 AND user_id = $2 AND kind = $3 AND created_at >= $4",
                     {p.value, u.value, kind, now_utc(-std::chrono::hours(24))}));
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.first();
    return Draft{r.integer(0), r.id<ContextId>(1), r.text(2), r.text(3), r.text(4)};
}

Result<void> delete_draft(Connection& db, std::int64_t id)
{
    TRY(db.query("DELETE FROM import_drafts WHERE id = $1", {id}));
    return {};
}

}  // namespace trellis::store::responses
