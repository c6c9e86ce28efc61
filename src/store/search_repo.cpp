#include "store/search_repo.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/paging.hpp"

namespace trellis::store::search {
namespace {

// One kind of record the search covers: where its words are and how a hit on
// it reaches its partnership and context.
struct Source {
    SearchKind kind;
    std::string_view table;  // the record's table; its index is named after it
    std::string_view alias;
    std::vector<std::string_view> columns;  // the words searched
    std::string_view joins;  // from the record to its framework, for records without a context of their own
    std::string_view partnership;
    std::string_view context;
    std::string_view current;  // records still current (a removed goal's texts are not found)
    // The same, asked of the record alone (without `joins`), each other row it
    // needs read by its key for that record: how a search of a practitioner's
    // contexts keeps to current records among the matches it reads.
    std::string_view current_alone;
    std::string_view details;  // framework id, goal id, detail, date
    // The record's own column naming its context: each record is indexed with
    // its context as well as its words, so a search of a few contexts reads
    // only their matches. Contexts, evidence, meetings and voices were so
    // indexed by migration 36; goals, stage texts and actions, which reached
    // their context only through their framework until migration 38 gave them
    // a column of it, by that one.
    std::string_view keyed_by;
    int keyed_since = 0;
};

const std::vector<Source>& sources()
{
    static const std::vector<Source> all = {
        {SearchKind::Context,
         "contexts",
         "c",
         {"name", "description"},
         "",
         "c.partnership_id",
         "c.id",
         "",
         "",
         "0, 0, c.kind, ''",
         "id",
         36},
        {SearchKind::Goal,
         "goals",
         "g",
         {"statement"},
         " JOIN frameworks f ON f.id = g.framework_id",
         "f.partnership_id",
         "g.context_id",
         "g.removed_at = ''",
         "g.removed_at = ''",
         "f.id, g.id, '', ''",
         "context_id",
         38},
        {SearchKind::Stage,
         "stage_entries",
         "s",
         {"body"},
         " JOIN goals g ON g.id = s.goal_id JOIN frameworks f ON f.id = g.framework_id",
         "f.partnership_id",
         "s.context_id",
         // Only the current version of a stage: earlier ones are its history.
         "g.removed_at = '' AND NOT EXISTS (SELECT 1 FROM stage_entries n WHERE n.goal_id = s.goal_id "
         "AND n.stage = s.stage AND n.version > s.version)",
         "(SELECT r.removed_at FROM goals r WHERE r.id = s.goal_id) = '' AND NOT EXISTS (SELECT 1 FROM "
         "stage_entries n WHERE n.goal_id = s.goal_id AND n.stage = s.stage AND n.version > s.version)",
         "f.id, s.goal_id, s.stage, ''",
         "context_id",
         38},
        {SearchKind::Evidence,
         "evidence",
         "e",
         {"narrative"},
         "",
         "e.partnership_id",
         "e.context_id",
         "",
         "",
         "0, 0, e.method, e.recorded_on",
         "context_id",
         36},
        {SearchKind::Meeting,
         "meetings",
         "m",
         {"minutes"},
         "",
         "m.partnership_id",
         "m.context_id",
         "",
         "",
         "0, 0, m.meeting_type, m.held_on",
         "context_id",
         36},
        {SearchKind::Voice,
         "voices",
         "v",
         {"quote"},
         "",
         "v.partnership_id",
         "v.context_id",
         "",
         "",
         "0, 0, '', v.spoken_on",
         "context_id",
         36},
        {SearchKind::Action,
         "actions",
         "a",
         {"what"},
         " JOIN goals g ON g.id = a.goal_id JOIN frameworks f ON f.id = g.framework_id",
         "f.partnership_id",
         "a.context_id",
         "g.removed_at = ''",
         "(SELECT r.removed_at FROM goals r WHERE r.id = a.goal_id) = ''",
         "f.id, a.goal_id, a.status, a.due_date",
         "context_id",
         38},
    };
    return all;
}

// The record's searched columns, each prefixed ("e.", "new.", ""), joined by `separator`.
std::string columns_of(const Source& s, std::string_view prefix, std::string_view separator)
{
    std::vector<std::string> parts;
    for (auto column : s.columns) parts.push_back(fmt::format("{}{}", prefix, column));
    return fmt::format("{}", fmt::join(parts, separator));
}

// The record's words as one text, its columns qualified by `prefix` ("e." or "").
std::string document(const Source& s, std::string_view prefix)
{
    return columns_of(s, prefix, " || ' ' || ");
}

std::string sqlite_schema(const Source& s)
{
    auto index = fmt::format("{}_search", s.table);
    auto columns = columns_of(s, "", ", ");
    auto remove = fmt::format("INSERT INTO {0} ({0}, rowid, {1}) VALUES ('delete', old.id, {2});", index, columns,
                              columns_of(s, "old.", ", "));
    auto add =
        fmt::format("INSERT INTO {0} (rowid, {1}) VALUES (new.id, {2});", index, columns, columns_of(s, "new.", ", "));
    return fmt::format(
        "CREATE VIRTUAL TABLE {0} USING fts5({2}, content='{1}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2');\n"
        "CREATE TRIGGER {0}_insert AFTER INSERT ON {1} BEGIN {4} END;\n"
        "CREATE TRIGGER {0}_delete AFTER DELETE ON {1} BEGIN {3} END;\n"
        "CREATE TRIGGER {0}_update AFTER UPDATE OF {2} ON {1} BEGIN {3} {4} END;\n"
        "INSERT INTO {0} ({0}) VALUES ('rebuild');\n",
        index, s.table, columns, remove, add);
}

std::string postgres_schema(const Source& s)
{
    // As migration 25 made it; stored_words() replaces it.
    return fmt::format("CREATE INDEX {}_search ON {} USING GIN (to_tsvector('english', {}));\n", s.table, s.table,
                       document(s, ""));
}

// A record keyed by its context is indexed with one more word: on SQLite "c"
// and the context's id, in a column of its own that a search's words are never
// matched in; on PostgreSQL "context " and the id, a word no search's words can
// make (they are split at spaces).
constexpr std::string_view kContextColumn = "context_key";

std::string sqlite_keyed_schema(const Source& s)
{
    auto index = fmt::format("{}_search", s.table);
    auto columns = columns_of(s, "", ", ");
    auto values = [&](std::string_view prefix) {
        return fmt::format("{}, 'c' || {}{}", columns_of(s, prefix, ", "), prefix, s.keyed_by);
    };
    auto remove = fmt::format("INSERT INTO {0} ({0}, rowid, {1}, {2}) VALUES ('delete', old.id, {3});", index, columns,
                              kContextColumn, values("old."));
    auto add = fmt::format("INSERT INTO {0} (rowid, {1}, {2}) VALUES (new.id, {3});", index, columns, kContextColumn,
                           values("new."));
    // The index reads a record's words back (for a snippet, or to rebuild)
    // from a view that adds its context's word to the record. Rebuilt in
    // pieces, then merged into one: a search reads every piece, and a
    // practitioner's of 19 contexts took 0.68 ms in the pieces, 0.25 in one.
    return fmt::format(
        "DROP TRIGGER {0}_insert; DROP TRIGGER {0}_delete; DROP TRIGGER {0}_update; DROP TABLE {0};\n"
        "CREATE VIEW {1}_words AS SELECT id, {2}, 'c' || {3} AS {4} FROM {1};\n"
        "CREATE VIRTUAL TABLE {0} USING fts5({2}, {4}, content='{1}_words', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2');\n"
        "CREATE TRIGGER {0}_insert AFTER INSERT ON {1} BEGIN {6} END;\n"
        "CREATE TRIGGER {0}_delete AFTER DELETE ON {1} BEGIN {5} END;\n"
        "CREATE TRIGGER {0}_update AFTER UPDATE OF {2}, {3} ON {1} BEGIN {5} {6} END;\n"
        "INSERT INTO {0} ({0}) VALUES ('rebuild');\n"
        "INSERT INTO {0} ({0}) VALUES ('optimize');\n",
        index, s.table, columns, s.keyed_by, kContextColumn, remove, add);
}

std::string postgres_keyed_schema(const Source& s)
{
    return fmt::format(
        "ALTER TABLE {0} DROP COLUMN search_words;\n"
        "ALTER TABLE {0} ADD COLUMN search_words tsvector GENERATED ALWAYS AS (to_tsvector('english', {1}) || "
        "array_to_tsvector(ARRAY['context ' || {2}::text])) STORED;\n"
        "CREATE INDEX {0}_search ON {0} USING GIN (search_words);\n",
        s.table, document(s, ""), s.keyed_by);
}

// What the database matches: FTS5 is given each word quoted (so no word is
// read as an operator), kept from the column of a record's context;
// PostgreSQL's plainto_tsquery takes the words as text.
std::string match_text(const SearchWords& words, Backend backend, bool keyed = false)
{
    if (backend == Backend::Postgres) return fmt::format("{}", fmt::join(words.words, " "));
    std::vector<std::string> quoted;
    for (const auto& w : words.words) quoted.push_back(fmt::format("\"{}\"", w));
    if (!keyed) return fmt::format("{}", fmt::join(quoted, " "));
    return fmt::format("- {{{}}}: ({})", kContextColumn, fmt::join(quoted, " "));
}

// The parameters every search statement binds: the words, the partnership,
// then the scope's user and time, or its agency. Numbered once, so each
// statement uses every one of them (PostgreSQL cannot type a parameter a
// statement leaves unused).
struct Placeholders {
    std::string keyed_match;  // on SQLite, the words for an index keyed by context
    std::string user, now, agency;
};

// The contexts in the partnership that a practitioner (bound as `user`) is
// allocated, or has opened by exceptional access until `now`, read from their
// own rows: "+" keeps SQLite from the partnership's indexes (from its contexts
// it read all 10,000 at scale 10 to find one practitioner's, 4.4 ms).
std::string their_contexts(std::string_view user, std::string_view now, std::string_view partnership)
{
    return fmt::format(
        "SELECT a.context_id FROM allocations a JOIN contexts ac ON ac.id = a.context_id WHERE a.user_id = {0} AND "
        "+ac.partnership_id = {2} UNION SELECT context_id FROM exceptional_access WHERE user_id = {0} AND "
        "+partnership_id = {2} AND expires_at > {1}",
        user, now, partnership);
}

// The condition that a record of `s` is in one of those contexts.
std::string seen_by(const Source& s, std::string_view user, std::string_view now, std::string_view partnership)
{
    return fmt::format("{} IN ({})", s.context, their_contexts(user, now, partnership));
}

// FROM and WHERE for the records of one source that hold the words ($1) and
// that the scope may see; `newest` is set to the order that reads them newest
// first (on SQLite the index's own order, so a page stops early).
std::string hits_of(const Source& s, Backend backend, const Scope& scope, const Placeholders& p, std::string& newest)
{
    std::string from, where;
    if (backend == Backend::Sqlite) {
        auto index = fmt::format("{}_search", s.table);
        // The index first, whatever the planner would rather: reading the
        // partnership's 1,000 contexts and asking the index about each took
        // 18 ms where reading the index's few matches takes well under one.
        // SQLite takes CROSS JOIN as "in this order".
        from = fmt::format("FROM {0} CROSS JOIN {1} {2} ON {2}.id = {0}.rowid", index, s.table, s.alias);
        where = fmt::format("{} MATCH {}", index, s.keyed_by.empty() ? "$1" : p.keyed_match);
        newest = fmt::format("{}.rowid DESC", index);
        std::string joins(s.joins);
        for (std::size_t at = 0; (at = joins.find(" JOIN ", at)) != std::string::npos; at += 12)
            joins.replace(at, 6, " CROSS JOIN ");
        from += joins;
    } else {
        from = fmt::format("FROM {} {}{}", s.table, s.alias, s.joins);
        // The words as stored with the record: working them out again for
        // each row read cost 13 ms a kind for a common word.
        where = fmt::format("{}.search_words @@ plainto_tsquery('english', $1)", s.alias);
        newest = fmt::format("{}.id DESC", s.alias);
    }
    where += fmt::format(" AND {} = $2", s.partnership);
    if (!s.current.empty()) where += fmt::format(" AND {}", s.current);
    if (scope.allocated_to) where += " AND " + seen_by(s, p.user, p.now, "$2");
    if (scope.agency)
        where += fmt::format(
            " AND ({0}.owner_agency_id = {1} OR {0}.id IN (SELECT action_id FROM action_partners WHERE agency_id = "
            "{1}))",
            s.alias, p.agency);
    return from + " WHERE " + where;
}

// Fills in the page's hits of one kind: context, details and a snippet.
Result<void> describe(Connection& db, const Source& s, const SearchWords& words,
                      std::map<std::int64_t, SearchHit*>& wanted)
{
    Bindings b({match_text(words, db.backend(), !s.keyed_by.empty())});
    std::vector<std::string> ids;
    for (const auto& [id, hit] : wanted) ids.push_back(b.bind(id));
    std::string sql;
    if (db.backend() == Backend::Sqlite) {
        auto index = fmt::format("{}_search", s.table);
        // The index's matches read once, from the page's lowest id to its
        // highest (a kind's hits on a page lie together among its matches,
        // newest first), then kept to the page's ids. Asked id by id, the index read
        // a common word's matches for each (29 ms, not 4); asked for the ids
        // alone, it read every match (2.4 ms for 20 voices at scale 10, 0.2
        // with the range).
        auto lowest = b.bind(wanted.begin()->first);
        auto highest = b.bind(wanted.rbegin()->first);
        sql = fmt::format(
            "SELECT {2}.id, {3}, x.name, {4}, snippet({0}, -1, char(2), char(3), '…', 24) "
            "FROM {0} CROSS JOIN {1} {2} ON {2}.id = {0}.rowid{5} JOIN contexts x ON x.id = {3} "
            "WHERE {0} MATCH $1 AND {0}.rowid >= {7} AND {0}.rowid <= {8} AND +{0}.rowid IN ({6})",
            index, s.table, s.alias, s.context, s.details, s.joins, fmt::join(ids, ", "), lowest, highest);
    } else {
        sql = fmt::format(
            "SELECT {1}.id, {2}, x.name, {3}, ts_headline('english', {4}, plainto_tsquery('english', $1), "
            "'StartSel=' || chr(2) || ',StopSel=' || chr(3) || "
            "',MaxWords=30,MinWords=12,MaxFragments=2,FragmentDelimiter=\" … \"') "
            "FROM {0} {1}{5} JOIN contexts x ON x.id = {2} WHERE {1}.id IN ({6})",
            s.table, s.alias, s.context, s.details, document(s, fmt::format("{}.", s.alias)), s.joins,
            fmt::join(ids, ", "));
    }
    auto rows = TRY(db.query(sql, b.params()));
    for (const auto& r : rows.rows) {
        auto it = wanted.find(r.integer(0));
        if (it == wanted.end()) continue;
        auto& hit = *it->second;
        hit.context = r.id<ContextId>(1);
        hit.context_name = r.text(2);
        hit.framework = r.integer(3);
        hit.goal = r.integer(4);
        hit.detail = r.text(5);
        hit.date = r.text(6);
        hit.snippet = r.text(7);
    }
    return {};
}

// Someone who sees more contexts than are named to the index (kKeyedUpTo,
// below): on SQLite, a kind's records in those contexts are read by context (as far as kReadByContextUpTo), then the
// index's matches newest first, a chunk at a time, keeping those among them,
// until `limit` are kept or the matches end. Reading each match's record to
// learn its context (hits_of) cost a practitioner of 19 contexts 102 ms a
// search for a common word at scale 10, and a word's matches in the index
// alone are read for a fraction of that. On PostgreSQL their records' stored
// words are asked instead. Each kept record's id and when it was recorded,
// newest first; none when the contexts hold more records of the kind than
// that, for hits_of to find among the matches as before.
constexpr std::int64_t kReadByContextUpTo = 20'000;
constexpr std::int64_t kMatchesAChunk = 4'096;

struct Found {
    std::int64_t id;
    std::string at;
};

// How many of a kind's newest matches to read: `limit` to count them, of
// which the first `shown` (as far as the page asked for) may be on the page.
struct Reach {
    std::size_t limit, shown;
};

// `ids`, newest first, each of the first `reach.shown` with when it was
// recorded (read from the records: the index holds only their ids); the rest
// are counted, never shown.
Result<std::vector<Found>> dated(Connection& db, const Source& s, const std::vector<std::int64_t>& ids,
                                 const Reach& reach)
{
    std::vector<Found> out;
    for (auto id : ids) out.push_back({id, {}});
    auto shown = std::min(ids.size(), reach.shown);
    if (shown == 0) return out;
    Bindings b;
    auto listed = bind_in(b, std::vector<std::int64_t>(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(shown)));
    auto rows =
        TRY(db.query(fmt::format("SELECT id, created_at FROM {} WHERE id IN ({})", s.table, listed), b.params()));
    std::unordered_map<std::int64_t, std::string> at;
    for (const auto& r : rows.rows) at[r.integer(0)] = r.text(1);
    for (std::size_t i = 0; i < shown; ++i) out[i].at = at[out[i].id];
    return out;
}

Result<std::optional<std::vector<Found>>> newest_in_allocated(Connection& db, const Source& s, const Scope& scope,
                                                              const SearchWords& words, const Reach& reach)
{
    const auto limit = reach.limit;
    auto match = match_text(words, db.backend(), !s.keyed_by.empty());
    // The kind's records in the contexts they see. The partnership is asked of
    // those contexts, not of each record: on SQLite the records' ids then come
    // from the index by context alone, where reading each of 1,160 evidence
    // records for its partnership took 6 ms of a 13 ms search.
    Bindings b;
    auto partnership = b.bind(scope.partnership.value);
    auto user = b.bind(scope.allocated_to->value);
    auto where = seen_by(s, user, b.bind(scope.now), partnership);
    if (!s.current.empty()) where += fmt::format(" AND {}", s.current);
    auto read = b.bind(kReadByContextUpTo + 1);
    if (db.backend() == Backend::Postgres) {
        // Each of their records' stored words asked, not the index for every
        // match: PostgreSQL otherwise reads the index's every match again for
        // each of their contexts (26 ms for 19 contexts at scale 1, 4 ms so).
        // Every record of theirs is read (as far as kReadByContextUpTo), with
        // when it was recorded if it holds the words: counting them first, then
        // reading the matches, took two statements of 1 to 2 ms each.
        // coalesce() keeps the words' index out of the plan. Each is planned
        // for its values: how many records a practitioner's contexts hold, and
        // how many records hold a word, differ by orders of magnitude.
        auto typed = b.bind(match);
        auto theirs = TRY(db.query_planned(
            fmt::format("SELECT {0}.id, CASE WHEN coalesce({0}.search_words @@ plainto_tsquery('english', {4}), false) "
                        "THEN {0}.created_at END FROM {1} {0}{2} WHERE {3} LIMIT {5}",
                        s.alias, s.table, s.joins, where, typed, read),
            b.params()));
        if (std::ssize(theirs.rows) > kReadByContextUpTo) return std::optional<std::vector<Found>>{};
        std::vector<Found> out;
        for (const auto& r : theirs.rows)
            if (!r.is_null(1)) out.push_back({r.integer(0), r.text(1)});
        std::ranges::sort(out, std::greater{}, &Found::id);
        if (out.size() > limit) out.resize(limit);
        return std::optional{out};
    }
    auto visible = TRY(db.query(
        fmt::format("SELECT {0}.id FROM {1} {0}{2} WHERE {3} LIMIT {4}", s.alias, s.table, s.joins, where, read),
        b.params()));
    if (std::ssize(visible.rows) > kReadByContextUpTo) return std::optional<std::vector<Found>>{};
    std::unordered_set<std::int64_t> theirs;
    for (const auto& r : visible.rows) theirs.insert(r.integer(0));
    std::vector<std::int64_t> kept;
    auto below = std::numeric_limits<std::int64_t>::max();
    while (!theirs.empty() && kept.size() < limit) {
        auto chunk = TRY(db.query(fmt::format("SELECT rowid FROM {0}_search WHERE {0}_search MATCH $1 AND rowid < $2 "
                                              "ORDER BY rowid DESC LIMIT {1}",
                                              s.table, kMatchesAChunk),
                                  {match, below}));
        for (const auto& r : chunk.rows) {
            below = r.integer(0);
            if (theirs.contains(below)) kept.push_back(below);
            if (kept.size() == limit) break;
        }
        if (std::ssize(chunk.rows) < kMatchesAChunk) break;
    }
    return std::optional{TRY(dated(db, s, kept, reach))};
}

// The contexts a practitioner sees (allocated, or opened by exceptional access
// until `now`), up to kKeyedUpTo and one more. Named to the index up to that
// many: the demo's practitioner, of 501 contexts at scale 10 (SQLite),
// searches in 23 to 30 ms so, in 35 to 45 through the partnership's every
// match of the words.
constexpr std::int64_t kKeyedUpTo = 512;
// On PostgreSQL, the contexts are named to the words' index up to this many.
constexpr std::int64_t kContextWordsUpTo = 32;
// Past that many, the newest records of a kind (by id) read first.
constexpr std::int64_t kNewestFirst = 8'192;

Result<std::vector<std::int64_t>> contexts_seen(Connection& db, const Scope& scope)
{
    auto rows = TRY(db.query(fmt::format("{} LIMIT $4", their_contexts("$1", "$3", "$2")),
                             {scope.allocated_to->value, scope.partnership.value, scope.now, kKeyedUpTo + 1}));
    std::vector<std::int64_t> out;
    for (const auto& r : rows.rows) out.push_back(r.integer(0));
    return out;
}

// A kind keyed by context: its newest matches in `contexts` (at most
// kKeyedUpTo), read from the index by their words and their contexts
// together. A practitioner of 19 contexts at scale 1 so reads 144 matches of a
// common word, not the partnership's 12,532.
Result<std::vector<Found>> newest_in_contexts(Connection& db, const Source& s, const Scope& scope,
                                              const SearchWords& words, const std::vector<std::int64_t>& contexts,
                                              const Reach& reach)
{
    const auto limit = static_cast<std::int64_t>(reach.limit);
    if (db.backend() == Backend::Sqlite) {
        // The ids alone, from the index (the contexts are the partnership's):
        // reading each match's record as well took 0.8 ms of a 2.5 ms search.
        // Only a kind with records no longer current (a removed goal's texts,
        // a stage's earlier versions) reads its matches' records, to leave
        // those out.
        std::vector<std::string> keys;
        for (auto c : contexts) keys.push_back(fmt::format("\"c{}\"", c));
        auto match = fmt::format("({}) AND {{{}}}: ({})", match_text(words, db.backend(), true), kContextColumn,
                                 fmt::join(keys, " OR "));
        auto sql =
            s.current_alone.empty()
                ? fmt::format("SELECT rowid FROM {0}_search WHERE {0}_search MATCH $1 ORDER BY rowid DESC LIMIT $2",
                              s.table)
                : fmt::format(
                      "SELECT {0}_search.rowid FROM {0}_search CROSS JOIN {0} {1} ON {1}.id = {0}_search.rowid "
                      "WHERE {0}_search MATCH $1 AND {2} ORDER BY {0}_search.rowid DESC LIMIT $2",
                      s.table, s.alias, s.current_alone);
        auto rows = TRY(db.query(sql, {match, limit}));
        std::vector<std::int64_t> ids;
        for (const auto& r : rows.rows) ids.push_back(r.integer(0));
        return dated(db, s, ids, reach);
    }
    // The words and the contexts as two conditions, not one query joined by
    // "&&", which would match every record of the contexts when the words are
    // all stop words; the contexts named to the record's own index of them as
    // well, which PostgreSQL reads instead where they hold few records (a seq
    // scan of 1,500 meetings took 1.7 ms, their index for 19 contexts 0.1).
    // Ordered by "id + 0" so it never walks the primary key back from the
    // partnership's newest record.
    // Past a few dozen contexts the words' index alone, with the contexts
    // asked of each match: PostgreSQL otherwise asks a query of every
    // context's word of each record it reads. At scale 1, for "underpass":
    // 151 contexts 32 ms, 16 so; the demo's practitioner's 51, 10.6 ms and
    // 6.1. A practitioner's 19 quiet ones are better named (1.2 ms, 2.2).
    // Each record is read alone, its partnership asked where it has a column
    // of its own: a goal's, stage text's or action's context is one of the
    // partnership's (contexts_seen), and joining their goals and frameworks
    // led PostgreSQL to read every goal in the partnership to hash them (23 ms
    // of a search by the demo's practitioner at scale 10, for 393 stage
    // texts).
    Bindings b({match_text(words, db.backend())});
    auto partnership =
        s.joins.empty() ? fmt::format(" AND {} = {}", s.partnership, b.bind(scope.partnership.value)) : std::string();
    std::string keyed;
    if (std::ssize(contexts) <= kContextWordsUpTo) {
        std::vector<std::string> keys;
        for (auto c : contexts) keys.push_back(fmt::format("'context {}'", c));
        keyed = fmt::format(" AND {}.search_words @@ CAST({} AS tsquery)", s.alias,
                            b.bind(fmt::format("{}", fmt::join(keys, " | "))));
    }
    auto listed = bind_in(b, contexts);
    auto most = b.bind(limit);
    auto sql_within = [&](std::string_view window) {
        return fmt::format(
            "SELECT {0}.id, {0}.created_at FROM {1} {0} WHERE {0}.search_words @@ plainto_tsquery('english', $1){6}{2} "
            "AND {4} IN ({5}){7}{8} ORDER BY {0}.id + 0 DESC LIMIT {3}",
            s.alias, s.table, partnership, most, s.context, listed, keyed, window,
            s.current_alone.empty() ? std::string() : fmt::format(" AND {}", s.current_alone));
    };
    auto found = [](const QueryResult& rows) {
        std::vector<Found> out;
        for (const auto& r : rows.rows) out.push_back({r.integer(0), r.text(1)});
        return out;
    };
    if (keyed.empty()) {
        // Past a few dozen contexts, the table's newest records first, read
        // back from the newest by id and each asked for the words and its
        // context: every match in them is newer than any outside them, so when
        // they hold the page's reach, that is the answer. Read through the
        // words' index instead, every record holding a common word and of one
        // of their contexts was read from the heap to be sorted: the demo's
        // practitioner (501 contexts) at scale 10 searched "underpass" in
        // 403 ms, of which 315 ms was this statement (23,198 records read for
        // 101); 6.5 ms in the newest kNewestFirst. Where those do not hold
        // enough (a rare word, quiet contexts), the words' index, as before.
        // Not where they would be more than a quarter of the kind's records:
        // 8,192 of the 15,000 meetings at scale 10 took 5.7 ms to read so,
        // where the index took 1.9.
        auto newest = TRY(db.query(fmt::format("SELECT COALESCE(MAX(id), 0) FROM {}", s.table))).first().integer(0);
        if (newest > 4 * kNewestFirst) {
            Bindings within = b;
            auto from = within.bind(newest - kNewestFirst);
            auto rows =
                TRY(db.query_planned(sql_within(fmt::format(" AND {}.id > {}", s.alias, from)), within.params()));
            if (std::ssize(rows.rows) >= limit) return found(rows);
        }
    }
    return found(TRY(db.query_planned(sql_within(""), b.params())));
}

}  // namespace

std::string schema(Backend backend)
{
    std::string out;
    for (const auto& s : sources()) out += backend == Backend::Sqlite ? sqlite_schema(s) : postgres_schema(s);
    return out;
}

std::string keyed_by_context(Backend backend, int migration)
{
    std::string out;
    for (const auto& s : sources())
        if (s.keyed_since == migration)
            out += backend == Backend::Sqlite ? sqlite_keyed_schema(s) : postgres_keyed_schema(s);
    return out;
}

std::string stored_words(Backend backend)
{
    if (backend == Backend::Sqlite) return "";
    std::string out;
    for (const auto& s : sources())
        out += fmt::format(
            "DROP INDEX {0}_search;\n"
            "ALTER TABLE {0} ADD COLUMN search_words tsvector GENERATED ALWAYS AS (to_tsvector('english', {1})) "
            "STORED;\n"
            "CREATE INDEX {0}_search ON {0} USING GIN (search_words);\n",
            s.table, document(s, ""));
    return out;
}

Result<int> tidy(Connection& db)
{
    if (db.backend() != Backend::Sqlite) return 0;
    // FTS5's 'merge' with a negative number merges every piece, at most that
    // many pages a step; a step that changed fewer than two rows found nothing
    // left to merge (SQLite's documentation of the command says so).
    constexpr int kPagesAStep = 500;
    constexpr int kMostSteps = 100'000;
    int steps = 0;
    for (const auto& s : sources()) {
        auto index = fmt::format("{}_search", s.table);
        auto merge = fmt::format("INSERT INTO {0} ({0}, rank) VALUES ('merge', -{1})", index, kPagesAStep);
        auto changes = TRY(db.query("SELECT total_changes()")).first().integer(0);
        for (int taken = 0; taken < kMostSteps; ++taken) {
            auto began = std::chrono::steady_clock::now();
            TRY(db.query(merge));
            ++steps;
            auto before = std::exchange(changes, TRY(db.query("SELECT total_changes()")).first().integer(0));
            if (changes - before < 2) break;
            let_writers_in(db, began);
        }
    }
    return steps;
}

Result<SearchResults> find(Connection& db, const Scope& scope, const SearchWords& words, std::optional<SearchKind> kind,
                           std::int64_t number, std::int64_t size)
{
    Bindings b({match_text(words, db.backend()), scope.partnership.value});
    Placeholders p;
    if (scope.allocated_to) {
        p.user = b.bind(scope.allocated_to->value);
        p.now = b.bind(scope.now);
    }
    if (scope.agency) p.agency = b.bind(scope.agency->value);
    SearchResults out;
    out.size = size;
    // One statement reads each kind's newest matches, as many as its count
    // shows (up to the cap and one more) or as the page asked for reaches,
    // whichever is more: the count and the page's candidates come from the
    // same rows, so a common word's matches are read once.
    const auto kinds = static_cast<std::int64_t>(sources().size());
    const std::int64_t last_page = (kinds * (kSearchCountCap + 1) + size - 1) / size;
    const std::int64_t reach = std::clamp<std::int64_t>(number, 1, last_page) * size;
    // Each bound when first used: PostgreSQL cannot type a parameter the
    // statement leaves unused.
    std::string counted, reached;
    auto limit_for = [&](bool shown) -> const std::string& {
        auto& limit = shown ? reached : counted;
        if (limit.empty()) limit = b.bind(shown ? std::max(kSearchCountCap + 1, reach) : kSearchCountCap + 1);
        return limit;
    };
    struct Candidate {
        std::string at;
        SearchKind kind;
        std::int64_t id;
        std::int64_t rank;  // its place among its kind's matches, newest first
    };
    std::vector<Candidate> candidates;
    auto add = [&](std::size_t k, std::int64_t id, std::string at) {
        auto rank = ++out.counts.at(k);
        if (!kind || static_cast<std::size_t>(*kind) == k)
            candidates.push_back({std::move(at), static_cast<SearchKind>(k), id, rank});
    };
    // A practitioner's contexts, when few enough to name to the index.
    std::optional<std::vector<std::int64_t>> seen;
    if (scope.allocated_to && !scope.agency) {
        seen = TRY(contexts_seen(db, scope));
        if (std::ssize(*seen) > kKeyedUpTo) seen.reset();
    }
    std::vector<std::string> newest_of_each;
    for (const auto& s : sources()) {
        // A partner agency sees actions only; a practitioner of no context, nothing.
        if (scope.agency && s.kind != SearchKind::Action) continue;
        if (seen && seen->empty()) continue;
        bool shown = !kind || *kind == s.kind;
        if (scope.allocated_to && !scope.agency) {
            Reach wanted{static_cast<std::size_t>(shown ? std::max(kSearchCountCap + 1, reach) : kSearchCountCap + 1),
                         static_cast<std::size_t>(shown ? reach : 0)};
            if (seen && !s.keyed_by.empty()) {
                for (auto& f : TRY(newest_in_contexts(db, s, scope, words, *seen, wanted)))
                    add(static_cast<std::size_t>(s.kind), f.id, std::move(f.at));
                continue;
            }
            if (auto found = TRY(newest_in_allocated(db, s, scope, words, wanted))) {
                for (auto& f : *found) add(static_cast<std::size_t>(s.kind), f.id, std::move(f.at));
                continue;
            }
        }
        if (!s.keyed_by.empty() && db.backend() == Backend::Sqlite && p.keyed_match.empty())
            p.keyed_match = b.bind(match_text(words, db.backend(), !s.keyed_by.empty()));
        std::string newest;
        auto from_where = hits_of(s, db.backend(), scope, p, newest);
        newest_of_each.push_back(
            fmt::format("SELECT * FROM (SELECT {0} AS kind, {1}.id AS id, {1}.created_at AS at {2} ORDER BY {3} "
                        "LIMIT {4}) k{0}",
                        static_cast<int>(s.kind), s.alias, from_where, newest, limit_for(shown)));
    }
    if (!newest_of_each.empty()) {
        auto rows = TRY(db.query(fmt::format("{}", fmt::join(newest_of_each, " UNION ALL ")), b.params()));
        for (const auto& r : rows.rows) add(static_cast<std::size_t>(r.integer(0)), r.integer(1), r.text(2));
    }
    for (std::size_t k = 0; k < out.counts.size(); ++k) {
        out.counts[k] = std::min(out.counts[k], kSearchCountCap + 1);
        if (!kind || static_cast<std::size_t>(*kind) == k) out.total += out.counts[k];
    }
    out.number = std::clamp<std::int64_t>(number, 1, out.pages());
    // The page: each kind's newest up to the end of the page, merged by when
    // they were recorded, newest first.
    std::erase_if(candidates, [&](const Candidate& c) { return c.rank > out.number * size; });
    std::ranges::sort(candidates, [](const Candidate& x, const Candidate& y) {
        if (x.at != y.at) return x.at > y.at;
        if (x.kind != y.kind) return x.kind < y.kind;
        return x.id > y.id;
    });
    auto first = static_cast<std::size_t>((out.number - 1) * size);
    for (std::size_t i = first; i < candidates.size() && i < first + static_cast<std::size_t>(size); ++i)
        out.hits.push_back({candidates[i].kind, candidates[i].id, {}, {}, 0, 0, {}, {}, {}});
    for (const auto& s : sources()) {
        std::map<std::int64_t, SearchHit*> wanted;
        for (auto& hit : out.hits)
            if (hit.kind == s.kind) wanted[hit.id] = &hit;
        if (!wanted.empty()) TRY(describe(db, s, words, wanted));
    }
    return out;
}

}  // namespace trellis::store::search
