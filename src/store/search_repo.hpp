// Full-text search over a partnership's records. On SQLite each kind of record
// has an FTS5 index kept by triggers; on PostgreSQL a GIN index over the
// record's words, which a generated column keeps with the record. Both follow
// every insert, change and deletion of the record itself, so text that is
// corrected or erased leaves the search with it.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <optional>
#include <string>

#include "domain/search.hpp"
#include "store/connection.hpp"

namespace trellis::store::search {

// The indexes, with the records already held indexed: for the migration that adds search.
std::string schema(Backend backend);
// On PostgreSQL, each record's words kept in a column of their own (a stored
// generated column, indexed), so a search reads them instead of working them
// out again for every row it looks at; nothing on SQLite, whose FTS5 index
// holds them already. For migration 30.
std::string stored_words(Backend backend);
// The kinds of record that `migration` indexes by their context as well as
// their words, so a search of a practitioner's few contexts reads their
// matches alone, not every match in the partnership: contexts, evidence,
// meetings and voices for migration 36; goals, stage texts and actions for
// migration 38, once it has given them a column of their context.
std::string keyed_by_context(Backend backend, int migration);

// Whose need to know a search keeps to.
struct Scope {
    PartnershipId partnership;
    // A practitioner: only the contexts allocated to them, or opened by
    // exceptional access until `now`.
    std::optional<UserId> allocated_to;
    // A partner agency: only the actions it owns or shares, nothing else.
    std::optional<AgencyId> agency;
    std::string now;
};

// Page `number` (from 1; past the end gives the last) of `size` hits, best
// first, of one kind or of every kind, with how many of each kind match.
Result<SearchResults> find(Connection& db, const Scope& scope, const SearchWords& words, std::optional<SearchKind> kind,
                           std::int64_t number, std::int64_t size);

// On SQLite, merges each index into one piece, a few hundred pages at a time
// (each step its own transaction, so a writer waits for one step, some tens of
// milliseconds, at most). An index grows in pieces, one for each batch of
// writes; a search reads every piece, and a common word's newest matches took
// four times as long in the pieces a load of scale 10 left as in one. Returns
// the steps taken. Nothing to do on PostgreSQL, whose GIN indexes autovacuum
// keeps.
Result<int> tidy(Connection& db);

}  // namespace trellis::store::search
