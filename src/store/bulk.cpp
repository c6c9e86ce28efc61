#include "store/bulk.hpp"

#include <algorithm>
#include <bit>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace trellis::store {

namespace {
// Batches of 256, 128, ... 1 rows: at most nine statement texts a table, so a
// connection's cache of prepared statements stays small.
constexpr std::size_t kBatch = 256;
}  // namespace

BulkInsert::BulkInsert(Connection& db, std::string_view table, std::vector<std::string_view> columns,
                       std::string_view returning)
    : db_(db),
      head_(fmt::format("INSERT INTO {} ({}) VALUES ", table, fmt::join(columns, ", "))),
      returning_(returning.empty() ? std::string() : fmt::format(" RETURNING {}", returning)),
      columns_(columns.size())
{
    queued_.reserve(kBatch);
}

Result<void> BulkInsert::add(Params row)
{
    if (row.size() != columns_) throw std::logic_error("a bulk insert row has the wrong number of values");
    queued_.push_back(std::move(row));
    if (queued_.size() == kBatch) return flush();
    return {};
}

Result<void> BulkInsert::flush()
{
    for (std::size_t start = 0, n = 0; start < queued_.size(); start += n) {
        n = std::bit_floor(std::min(kBatch, queued_.size() - start));
        auto& sql = sql_[static_cast<std::size_t>(std::countr_zero(n))];
        if (sql.empty()) {
            sql = head_;
            for (std::size_t i = 0; i < n; ++i) {
                sql += i ? ", (" : "(";
                for (std::size_t c = 0; c < columns_; ++c)
                    sql += fmt::format("{}${}", c ? ", " : "", i * columns_ + c + 1);
                sql += ')';
            }
            sql += returning_;
        }
        Params params;
        params.reserve(n * columns_);
        for (std::size_t i = 0; i < n; ++i) {
            auto& row = queued_[start + i];
            std::move(row.begin(), row.end(), std::back_inserter(params));
        }
        auto result = TRY(db_.query(sql, params));
        if (!returning_.empty()) std::move(result.rows.begin(), result.rows.end(), std::back_inserter(returned_));
        written_ += static_cast<std::int64_t>(n);
    }
    queued_.clear();
    return {};
}

}  // namespace trellis::store
