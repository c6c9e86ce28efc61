// Many rows into one table, a few hundred to a statement, for generated data
// and imports: a million rows are a few thousand round trips, not a million.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"

namespace trellis::store {

class BulkInsert {
public:
    // `returning` (a column, "id") collects that column of every row written.
    BulkInsert(Connection& db, std::string_view table, std::vector<std::string_view> columns,
               std::string_view returning = {});

    // Queues a row of one value per column; writes when a batch is full.
    Result<void> add(Params row);
    // Writes what is queued.
    Result<void> flush();

    std::int64_t written() const { return written_; }
    // The `returning` column of the rows written so far, in no promised order.
    const std::vector<Row>& returned() const { return returned_; }
    void clear_returned() { returned_.clear(); }

private:
    Connection& db_;
    std::string head_;
    std::string returning_;
    std::size_t columns_;
    std::array<std::string, 9> sql_;  // by log2 of the batch's rows, made once
    std::vector<Params> queued_;
    std::vector<Row> returned_;
    std::int64_t written_ = 0;
};

}  // namespace trellis::store
