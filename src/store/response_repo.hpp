// A context's response log (enforcement-led or welfare-led) and uploads awaiting review.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/paging.hpp"
#include "domain/response.hpp"
#include "domain/upload.hpp"
#include "store/connection.hpp"

namespace trellis::store::responses {
// Saves every record in one transaction (in batches), audited once with the
// count; all or nothing.
Result<std::size_t> add(Connection& db, PartnershipId p, ContextId c, const std::vector<ResponseRecord>& records,
                        const std::string& source, const Actor& actor);
// Newest first.
Result<std::vector<ResponseRecord>> list(Connection& db, PartnershipId p, ContextId c, int limit = 200,
                                         const std::optional<After>& after = std::nullopt);
// A page of the log narrowed by `filter`, newest first, counted and paged by
// the database (a page past the end gives the last).
Result<Page<ResponseRecord>> page(Connection& db, PartnershipId p, ContextId c, const ResponseFilter& filter,
                                  std::int64_t number, std::int64_t size);
using MonthCount = ResponseMonth;
Result<std::vector<MonthCount>> by_month(Connection& db, PartnershipId p, ContextId c);

// An upload waiting for review (a CSV for its columns to be mapped, a parsed
// framework for its preview); only its uploader reads it, a user has one of
// each kind at a time, and an upload left unconfirmed for a day is deleted.
Result<std::int64_t> save_draft(Connection& db, PartnershipId p, UserId u, ContextId c, const std::string& file_name,
                                const std::string& content, const std::string& kind = "responses");
using Draft = Upload;
Result<Draft> draft(Connection& db, PartnershipId p, UserId u, std::int64_t id, const std::string& kind = "responses");
Result<void> delete_draft(Connection& db, std::int64_t id);
// The user's draft of a kind, if one was saved in the last day.
Result<std::optional<Draft>> find_draft(Connection& db, PartnershipId p, UserId u, const std::string& kind);
}  // namespace trellis::store::responses
