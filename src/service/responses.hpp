// Importing a response log from an agency's CSV export: the user maps the
// columns, sees a preview and every bad row with its line and reason, and
// nothing is imported unless every row is good or they choose to skip the bad.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/paging.hpp"
#include "domain/response.hpp"
#include "domain/user.hpp"
#include "formats/csv.hpp"
#include "store/connection.hpp"

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

// The three steps of an import, shared by the pages and the API: the upload is
// kept as a draft of the caller's until confirmed (drafts left a day are
// deleted); need-to-know is the context's.
struct ImportUpload {
    std::int64_t id = 0;  // the draft
    std::string file_name;
    formats::CsvTable table;
};
Result<ImportUpload> upload_responses(store::Connection& db, const User& by, ContextId context,
                                      const std::string& file_name, const std::string& csv);
// A draft of the caller's for this context, read again.
Result<ImportUpload> uploaded_responses(store::Connection& db, const User& by, ContextId context, std::int64_t draft);
// Imports the planned rows (audited) and deletes the draft. Invalid when rows
// have problems and skip_bad is false, or when no good row is left.
Result<std::size_t> confirm_responses(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                      const ImportUpload& upload, const ImportPlan& plan, bool skip_bad);

// One response entered by hand on the context's log (audited).
Result<void> add_response(store::Connection& db, const User& by, const Actor& actor, ResponseRecord record);

// A page of the context's response log narrowed by `filter`, newest first.
inline constexpr std::int64_t kResponsesPerPage = 50;
Result<Page<ResponseRecord>> response_log(store::Connection& db, const User& by, ContextId context,
                                          const ResponseFilter& filter, std::int64_t page);

// The context's response log, newest first (at most `limit`).
Result<std::vector<ResponseRecord>> responses_of(store::Connection& db, const User& by, ContextId context,
                                                 int limit = 200, const std::optional<After>& after = std::nullopt);

// Enforcement-led and welfare-led responses per month, oldest first.
Result<std::vector<ResponseMonth>> response_months(store::Connection& db, const User& by, ContextId context);

// "2026-03-05", "05/03/2026" or "5/3/2026" (UK order) to YYYY-MM-DD.
std::optional<std::string> parse_uk_date(std::string_view s);

}  // namespace trellis::service
