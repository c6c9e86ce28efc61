// One search across what a user may see: the use case the search page and the
// API share.
#pragma once

#include <optional>
#include <string_view>

#include "domain/search.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

inline constexpr std::int64_t kSearchHitsPerPage = 20;

// Page `page` of the hits for the typed words, of one kind or of every kind.
// Leads search every context of their partnership; practitioners the contexts
// allocated to them (or opened by exceptional access); partner agencies the
// actions their agency owns or takes part in. Nothing outside that is found
// or counted. Invalid (field "q") when the words are empty or too many;
// Forbidden for roles that see no records.
Result<SearchResults> search(store::Connection& db, const User& by, std::string_view typed,
                             std::optional<SearchKind> kind, std::int64_t page, std::int64_t size = kSearchHitsPerPage);

// Merges the search index's pieces after a large load or the daily job (see
// store::search::tidy); the steps taken.
Result<int> tidy_search(store::Connection& db);

}  // namespace trellis::service
