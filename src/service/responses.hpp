// Importing a response log from an agency's CSV export: the user maps the
// columns, sees a preview and every bad row with its line and reason, and
// nothing is imported unless every row is good or they choose to skip the bad.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/response.hpp"
#include "formats/csv.hpp"

namespace trellis::service {

struct ColumnMap {
    // Column indexes into the header; -1 when not mapped.
    int date = -1;
    int agency = -1;
    int type = -1;
    int framing = -1;
    int place = -1;
    int young_people = -1;
};

// Guesses the mapping from header names ("Date", "Response type", "Agency" ...).
ColumnMap guess_columns(const std::vector<std::string>& header);

struct RowProblem {
    int line = 0;
    std::string reason;
};

struct ImportPlan {
    std::vector<ResponseRecord> records;  // the good rows
    std::vector<RowProblem> problems;     // the bad rows, in file order
    std::size_t rows = 0;
};

inline constexpr std::size_t kMaxImportRows = 200000;

// Invalid when a required column (date, type) is not mapped or the file is too
// long; otherwise sorts every row into records or problems. `default_agency`
// is used when no agency column is mapped.
Result<ImportPlan> plan_import(const formats::CsvTable& table, const ColumnMap& map, ContextId context,
                               const std::string& default_agency);

// "2026-03-05", "05/03/2026" or "5/3/2026" (UK order) to YYYY-MM-DD.
std::optional<std::string> parse_uk_date(std::string_view s);

}  // namespace trellis::service
