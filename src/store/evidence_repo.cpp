// The young people register, evidence records and voices of a context.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "domain/subject_request.hpp"
#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/paging.hpp"
#include "store/retention_repo.hpp"

namespace trellis::store {

Result<void> frameworks::touch_context(Connection& db, ContextId c, const std::string& now)
{
    TRY(db.query("UPDATE frameworks SET updated_at = $1, revision = revision + 1 WHERE context_id = $2",
                 {now, c.value}));
    return {};
}

namespace {

Result<void> first_error(std::vector<Error> errors)
{
    if (!errors.empty()) return std::unexpected(std::move(errors.front()));
    return {};
}

}  // namespace

Result<void> young_people::check_on_register(Connection& db, PartnershipId p, YoungPersonId y, ContextId c,
                                             const char* field)
{
    auto rows =
        TRY(db.query("SELECT 1 FROM young_person_contexts yc JOIN young_people y ON y.id = yc.young_person_id "
                     "WHERE yc.young_person_id = $1 AND yc.context_id = $2 AND y.partnership_id = $3",
                     {y.value, c.value, p.value}));
    if (rows.empty())
        return std::unexpected(Error::invalid("Choose young people from this context's register.", field));
    return {};
}

namespace {

std::string join_roles(const std::vector<AdultRole>& roles)
{
    std::string out;
    for (auto r : roles) {
        if (!out.empty()) out += ',';
        out += kAdultRoles.name(r);
    }
    return out;
}

std::vector<AdultRole> split_roles(const std::string& s)
{
    std::vector<AdultRole> out;
    std::size_t pos = 0;
    while (pos <= s.size()) {
        auto comma = s.find(',', pos);
        if (comma == std::string::npos) comma = s.size();
        if (auto r = kAdultRoles.parse(std::string_view(s).substr(pos, comma - pos))) out.push_back(*r);
        pos = comma + 1;
    }
    return out;
}

// Puts a young person on a context's register (of this partnership), audited
// as `action` ("create" or "link").
Result<void> add_to_context(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor,
                            const char* action)
{
    TRY(contexts::get(db, p, c));
    TRY(
        db.query("INSERT INTO young_person_contexts (young_person_id, context_id) VALUES ($1, $2) "
                 "ON CONFLICT DO NOTHING",
                 {id.value, c.value}));
    return audit::record(db, actor, {p, action, "young_person", id.value, c, ""});
}

std::string aliases_text(std::string_view aliases)
{
    std::string out;
    for (const auto& a : alias_list(aliases)) out += (out.empty() ? "" : "\n") + a;
    return out;
}

YoungPerson person_from_row(const Row& r)
{
    YoungPerson y;
    y.id = r.id<YoungPersonId>(0);
    y.pseudonym = r.text(1);
    y.local_ref = r.text(2);
    y.age_band = kAgeBands.parse(r.text(3)).value_or(AgeBand::NotKnown);
    y.aliases = r.text(4);
    return y;
}

constexpr const char* kPersonColumns = "y.id, y.pseudonym, y.local_ref, y.age_band, y.aliases";

// Reads the people `rows` hold and each one's contexts, by their ids: a page
// of people in one statement (not choosing and sorting the page again), a
// longer list a few hundred at a time.
Result<std::vector<YoungPerson>> with_contexts(Connection& db, const QueryResult& rows)
{
    std::vector<YoungPerson> out;
    std::map<std::int64_t, std::size_t> at;
    for (const auto& r : rows.rows) {
        out.push_back(person_from_row(r));
        at[out.back().id.value] = out.size() - 1;
    }
    constexpr std::size_t kPerStatement = 256;
    for (std::size_t from = 0; from < out.size(); from += kPerStatement) {
        Bindings bindings;
        std::vector<std::int64_t> ids;
        for (std::size_t i = from; i < std::min(out.size(), from + kPerStatement); ++i) ids.push_back(out[i].id.value);
        auto contexts = TRY(db.query(fmt::format("SELECT young_person_id, context_id FROM young_person_contexts WHERE "
                                                 "young_person_id IN ({}) ORDER BY young_person_id, context_id",
                                                 bind_in(bindings, ids)),
                                     bindings.params()));
        for (const auto& c : contexts.rows)
            if (auto it = at.find(c.integer(0)); it != at.end()) out[it->second].contexts.push_back(c.id<ContextId>(1));
    }
    return out;
}

// The people `where` chooses, by pseudonym (the first `limit` when given),
// each with every context they are on.
Result<std::vector<YoungPerson>> people(Connection& db, const std::string& where, Params params,
                                        std::optional<std::int64_t> limit = std::nullopt)
{
    std::string chosen = where + " ORDER BY y.pseudonym_key";
    if (limit) {
        params.emplace_back(*limit);
        chosen += fmt::format(" LIMIT ${}", params.size());
    }
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM young_people y {}", kPersonColumns, chosen), params));
    return with_contexts(db, rows);
}

constexpr const char* kEvidenceColumns =
    "id, context_id, recorded_on, method, unnamed_young_people, adults, provenance, narrative, author_label, "
    "created_at";

EvidenceRecord evidence_from_row(const Row& r)
{
    EvidenceRecord e;
    e.id = r.id<EvidenceId>(0);
    e.context = r.id<ContextId>(1);
    e.date = r.text(2);
    e.method = kEvidenceMethods.parse(r.text(3)).value_or(EvidenceMethod::Other);
    e.unnamed_young_people = static_cast<int>(r.integer(4));
    e.adults = split_roles(r.text(5));
    e.provenance = kProvenances.parse(r.text(6)).value_or(Provenance::SecondHand);
    e.narrative = r.text(7);
    e.author_label = r.text(8);
    e.created_at = r.text(9);
    return e;
}

Result<std::vector<EvidenceRecord>> completed(Connection& db, QueryResult rows)
{
    std::vector<EvidenceRecord> out;
    for (const auto& r : rows.rows) {
        auto e = evidence_from_row(r);
        auto yp =
            TRY(db.query("SELECT y.id, y.pseudonym FROM evidence_young_people ey "
                         "JOIN young_people y ON y.id = ey.young_person_id WHERE ey.evidence_id = $1 "
                         "ORDER BY y.pseudonym_key",
                         {e.id.value}));
        for (const auto& y : yp.rows) {
            e.young_people.push_back(y.id<YoungPersonId>(0));
            e.young_people_names.push_back(y.text(1));
        }
        auto st =
            TRY(db.query("SELECT goal_id, stage FROM evidence_stages WHERE evidence_id = $1 "
                         "ORDER BY goal_id, stage",
                         {e.id.value}));
        for (const auto& s : st.rows)
            if (auto stage = parse_stage(s.text(1))) e.supports.push_back({s.id<GoalId>(0), *stage});
        std::sort(e.supports.begin(), e.supports.end(), [](const StageRef& a, const StageRef& b) {
            return std::pair{a.goal.value, index(a.stage)} < std::pair{b.goal.value, index(b.stage)};
        });
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

// ---- young people ---------------------------------------------------------

Result<YoungPersonId> young_people::create(Connection& db, PartnershipId p, const YoungPerson& y, const Actor& actor)
{
    TRY(first_error(validate(y)));
    if (y.contexts.empty())
        return std::unexpected(Error::invalid("Link the young person to at least one context.", "contexts"));
    auto tx = TRY(Transaction::begin(db));
    auto pseudonym = text::collapse_space(y.pseudonym);
    auto inserted = db.query(
        "INSERT INTO young_people (partnership_id, pseudonym, pseudonym_key, local_ref, age_band, aliases, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {p.value, pseudonym, text::name_key(pseudonym), text::collapse_space(y.local_ref),
         std::string(kAgeBands.name(y.age_band)), aliases_text(y.aliases), now_utc()});
    if (!inserted && inserted.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(
            fmt::format("“{}” is already on the partnership's register. Use a different pseudonym, or ask a lead "
                        "to add them to this context.",
                        pseudonym),
            "pseudonym"));
    if (!inserted) return std::unexpected(inserted.error());
    YoungPersonId id = inserted->first().id<YoungPersonId>(0);
    for (auto c : y.contexts) TRY(add_to_context(db, p, id, c, actor, "create"));
    TRY(tx.commit());
    return id;
}

Result<void> young_people::update(Connection& db, PartnershipId p, YoungPersonId id, const YoungPerson& y,
                                  const Actor& actor)
{
    TRY(first_error(validate(y)));
    auto tx = TRY(Transaction::begin(db));
    auto current = TRY(get(db, p, id));
    auto pseudonym = text::collapse_space(y.pseudonym);
    auto updated = db.query(
        "UPDATE young_people SET pseudonym = $1, pseudonym_key = $2, local_ref = $3, age_band = $4, aliases = $5 "
        "WHERE id = $6",
        {pseudonym, text::name_key(pseudonym), text::collapse_space(y.local_ref),
         std::string(kAgeBands.name(y.age_band)), aliases_text(y.aliases), id.value});
    if (!updated && updated.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(
            fmt::format("“{}” is already on the partnership's register; choose another pseudonym.", pseudonym),
            "pseudonym"));
    if (!updated) return std::unexpected(updated.error());
    auto now = now_utc();
    for (auto c : current.contexts) {
        // Pages that name them (evidence, runs) change with the name.
        TRY(frameworks::touch_context(db, c, now));
        TRY(audit::record(db, actor, {p, "update", "young_person", id.value, c, ""}));
    }
    return tx.commit();
}

Result<void> young_people::unlink(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    TRY(check_on_register(db, p, id, c, "young_person"));
    auto named =
        TRY(db.query("SELECT (SELECT COUNT(*) FROM evidence_young_people ey JOIN evidence e ON e.id = ey.evidence_id "
                     "WHERE ey.young_person_id = $1 AND e.context_id = $2) + (SELECT COUNT(*) FROM run_participants rp "
                     "JOIN activity_runs r ON r.id = rp.run_id WHERE rp.young_person_id = $1 AND r.context_id = $2) + "
                     "(SELECT COUNT(*) FROM voices v WHERE v.young_person_id = $1 AND v.context_id = $2) + "
                     "(SELECT COUNT(*) FROM peer_links l WHERE (l.a_id = $1 OR l.b_id = $1) AND l.context_id = $2)",
                     {id.value, c.value}));
    if (named.first().integer(0) > 0)
        return std::unexpected(
            Error::conflict("Evidence, quotes, activity runs or the peer map of this context name this young person. "
                            "Delete or correct those "
                            "records first, then take them off the register."));
    TRY(db.query("DELETE FROM young_person_contexts WHERE young_person_id = $1 AND context_id = $2",
                 {id.value, c.value}));
    // On no context's register any more (and so named in no record): erased.
    auto left = TRY(db.query("SELECT COUNT(*) FROM young_person_contexts WHERE young_person_id = $1", {id.value}));
    bool erased = left.first().integer(0) == 0;
    if (erased) {
        TRY(db.query("DELETE FROM young_people WHERE id = $1", {id.value}));
        TRY(retention::log_erasure(db, p, id.value, actor));
    }
    TRY(audit::record(db, actor, {p, "unlink", "young_person", id.value, c, erased ? "erased" : ""}));
    return tx.commit();
}

Result<void> young_people::link(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    TRY(get(db, p, id));
    TRY(add_to_context(db, p, id, c, actor, "link"));
    return tx.commit();
}

Result<YoungPerson> young_people::get(Connection& db, PartnershipId p, YoungPersonId id)
{
    auto found = TRY(people(db, "WHERE y.id = $1 AND y.partnership_id = $2", {id.value, p.value}));
    if (found.empty()) return std::unexpected(Error::not_found("There is no such young person on the register."));
    return std::move(found.front());
}

namespace {

// A context with up to this many people on its register has them read from
// its links on SQLite.
constexpr std::int64_t kFromLinksUpTo = 2'000;

// The people on a context's register, joined to "FROM young_people y", for $1
// the context and $2 the partnership. SQLite, which keeps no statistics here,
// walks the partnership's whole register by pseudonym and looks each person up
// on the context: that stops early for a page of a busy context, but read all
// 30,000 people at scale 10 for a quiet context's few (8 ms). From its links,
// "+" keeps it off the register's index: its people are read and sorted.
// PostgreSQL chooses by its statistics.
std::string on_register(Connection& db, bool from_links)
{
    return fmt::format(
        "JOIN young_person_contexts yc ON yc.young_person_id = y.id WHERE yc.context_id = $1 AND {}y.partnership_id = "
        "$2",
        from_links && db.backend() == Backend::Sqlite ? "+" : "");
}

}  // namespace

Result<std::vector<YoungPerson>> young_people::for_context(Connection& db, PartnershipId p, ContextId c)
{
    // Every one of them, sorted: from the links, however many.
    return people(db, on_register(db, true), {c.value, p.value});
}

Result<Page<YoungPerson>> young_people::page_for_context(Connection& db, PartnershipId p, ContextId c,
                                                         std::int64_t number, std::int64_t size)
{
    Page<YoungPerson> out;
    // Counted from the links alone: counted with the people's rows, the
    // planner walked the partnership's whole register (10 ms at scale 10).
    // Read with a plan for this context: a busy context's page is found
    // walking the partnership's people by pseudonym, a quiet one's from its
    // few links.
    auto total = TRY(count_for_context(db, p, c));
    auto rows = TRY(read_page(db, Bindings({c.value, p.value}), kPersonColumns,
                              "FROM young_people y " + on_register(db, total <= kFromLinksUpTo), "y.pseudonym_key",
                              number, size, out, total, 0, Plan::Planned));
    out.items = TRY(with_contexts(db, rows));
    return out;
}

Result<std::vector<YoungPerson>> young_people::on_context_named(Connection& db, PartnershipId p, ContextId c,
                                                                const std::string& name,
                                                                std::optional<YoungPersonId> after, int limit,
                                                                std::optional<std::int64_t> counted)
{
    bool few = db.backend() == Backend::Sqlite &&
               (counted ? *counted : TRY(count_for_context(db, p, c, kFromLinksUpTo))) <= kFromLinksUpTo;
    std::string where = on_register(db, few);
    Params params{c.value, p.value};
    if (auto key = text::name_key(name); !key.empty()) {
        params.emplace_back(contains_pattern(key));
        where += fmt::format(" AND y.pseudonym_key LIKE ${} ESCAPE '\\'", params.size());
    }
    if (after) {
        params.emplace_back(after->value);
        where += fmt::format(" AND y.pseudonym_key > (SELECT pseudonym_key FROM young_people WHERE id = ${})",
                             params.size());
    }
    return people(db, where, std::move(params), limit);
}

Result<std::map<std::string, YoungPersonId>> young_people::on_context_called(Connection& db, PartnershipId p,
                                                                             ContextId c,
                                                                             const std::vector<std::string>& names)
{
    std::vector<std::string> keys;
    for (const auto& name : names)
        if (auto key = text::name_key(name); !key.empty() && std::ranges::find(keys, key) == keys.end())
            keys.push_back(std::move(key));
    // A few hundred names a statement, within both databases' limits on
    // parameters.
    constexpr std::size_t kPerStatement = 256;
    std::map<std::string, YoungPersonId> found;
    for (std::size_t from = 0; from < keys.size(); from += kPerStatement) {
        Bindings bindings({c.value, p.value});
        std::vector<std::string> slice(
            keys.begin() + static_cast<std::ptrdiff_t>(from),
            keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), from + kPerStatement)));
        auto rows = TRY(
            db.query(fmt::format("SELECT y.pseudonym_key, y.id FROM young_people y JOIN young_person_contexts yc ON "
                                 "yc.young_person_id = y.id WHERE yc.context_id = $1 AND y.partnership_id = $2 AND "
                                 "y.pseudonym_key IN ({})",
                                 bind_in(bindings, slice)),
                     bindings.params()));
        for (const auto& r : rows.rows) found.emplace(r.text(0), r.id<YoungPersonId>(1));
    }
    return found;
}

Result<std::int64_t> young_people::count_for_context(Connection& db, PartnershipId p, ContextId c, std::int64_t up_to)
{
    // The register's links alone, counted in their index: a link joins a person
    // and a context of one partnership (add_to_context), so the partnership is
    // checked once, on the context. Reading each person's row instead took
    // 10 ms for a register of 3,800 (scale 10), and grew with it.
    constexpr const char* kLinks =
        "SELECT {} FROM young_person_contexts yc WHERE yc.context_id = $1 AND "
        "EXISTS (SELECT 1 FROM contexts x WHERE x.id = $1 AND x.partnership_id = $2)";
    auto rows = TRY(up_to > 0 ? db.query(fmt::format("SELECT COUNT(*) FROM ({} LIMIT $3) q", fmt::format(kLinks, "1")),
                                         {c.value, p.value, up_to + 1})
                              : db.query(fmt::format(kLinks, "COUNT(*)"), {c.value, p.value}));
    return rows.first().integer(0);
}

Result<std::vector<YoungPerson>> young_people::all(Connection& db, PartnershipId p)
{
    return people(db, "WHERE y.partnership_id = $1", {p.value});
}

Result<std::pair<std::vector<YoungPerson>, std::int64_t>> young_people::named(Connection& db, PartnershipId p,
                                                                              const std::string& name, int limit)
{
    std::string where = "WHERE y.partnership_id = $1 AND y.pseudonym_key LIKE $2 ESCAPE '\\'";
    Params params{p.value, contains_pattern(text::name_key(name))};
    auto total = TRY(db.query("SELECT COUNT(*) FROM young_people y " + where, params)).first().integer(0);
    return std::pair{TRY(people(db, where, params, limit)), total};
}

// ---- evidence -------------------------------------------------------------

Result<EvidenceId> evidence::create(Connection& db, PartnershipId p, const EvidenceRecord& e, const Actor& actor)
{
    TRY(first_error(validate(e)));
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, e.context));
    for (auto y : e.young_people) TRY(young_people::check_on_register(db, p, y, e.context, "young_people"));
    std::set<std::int64_t> frameworks_shown;
    for (const auto& s : e.supports) {
        auto where = frameworks::locate_goal(db, p, s.goal);
        if (!where || where->context != e.context)
            return std::unexpected(Error::invalid("Choose goal stages from this context's frameworks.", "supports"));
        frameworks_shown.insert(where->framework.value);
    }
    auto now = now_utc();
    auto rows = TRY(db.query(
        "INSERT INTO evidence (partnership_id, context_id, recorded_on, method, unnamed_young_people, adults, "
        "provenance, narrative, author_id, author_label, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        {p.value, e.context.value, e.date, std::string(kEvidenceMethods.name(e.method)),
         std::int64_t{e.unnamed_young_people}, join_roles(e.adults), std::string(kProvenances.name(e.provenance)),
         text::normalise_paragraphs(e.narrative), nullable(actor.user), actor.label, now}));
    EvidenceId id = rows.first().id<EvidenceId>(0);
    for (auto y : e.young_people)
        TRY(
            db.query("INSERT INTO evidence_young_people (evidence_id, young_person_id) VALUES ($1, $2) "
                     "ON CONFLICT DO NOTHING",
                     {id.value, y.value}));
    for (const auto& s : e.supports)
        TRY(
            db.query("INSERT INTO evidence_stages (evidence_id, goal_id, stage) VALUES ($1, $2, $3) "
                     "ON CONFLICT DO NOTHING",
                     {id.value, s.goal.value, std::string(to_string(s.stage))}));
    for (auto f : frameworks_shown) TRY(frameworks::touch(db, FrameworkId{f}, now));
    TRY(audit::record(db, actor,
                      {p, "create", "evidence", id.value, e.context,
                       fmt::format("method={} young_people={} unnamed={} stages={}", kEvidenceMethods.name(e.method),
                                   e.young_people.size(), e.unnamed_young_people, e.supports.size())}));
    TRY(tx.commit());
    return id;
}

Result<EvidenceRecord> evidence::get(Connection& db, PartnershipId p, EvidenceId id)
{
    auto rows =
        TRY(db.query(fmt::format("SELECT {} FROM evidence WHERE id = $1 AND partnership_id = $2", kEvidenceColumns),
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such evidence record."));
    auto list = TRY(completed(db, std::move(rows)));
    return std::move(list.front());
}

Result<std::vector<EvidenceRecord>> evidence::for_context(Connection& db, PartnershipId p, ContextId c, int limit,
                                                          const std::optional<After>& after)
{
    auto rows =
        TRY(after ? db.query(fmt::format("SELECT {} FROM evidence WHERE partnership_id = $1 AND context_id = $2 "
                                         "AND (recorded_on < $4 OR (recorded_on = $4 AND id < $5)) "
                                         "ORDER BY recorded_on DESC, id DESC LIMIT $3",
                                         kEvidenceColumns),
                             {p.value, c.value, std::int64_t{limit}, after->date, after->id})
                  : db.query(fmt::format("SELECT {} FROM evidence WHERE partnership_id = $1 AND context_id = $2 "
                                         "ORDER BY recorded_on DESC, id DESC LIMIT $3",
                                         kEvidenceColumns),
                             {p.value, c.value, std::int64_t{limit}}));
    return completed(db, std::move(rows));
}

Result<std::vector<EvidenceRecord>> evidence::for_framework(Connection& db, PartnershipId p, FrameworkId f)
{
    auto rows = TRY(
        db.query(fmt::format("SELECT {} FROM evidence WHERE partnership_id = $1 AND id IN (SELECT es.evidence_id FROM "
                             "evidence_stages es JOIN goals g ON g.id = es.goal_id WHERE g.framework_id = $2) "
                             "ORDER BY recorded_on DESC, id DESC",
                             kEvidenceColumns),
                 {p.value, f.value}));
    return completed(db, std::move(rows));
}

Result<ContextId> evidence::remove(Connection& db, PartnershipId p, EvidenceId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto e = TRY(get(db, p, id));
    auto now = now_utc();
    TRY(frameworks::touch_context(db, e.context, now));
    TRY(db.query("DELETE FROM evidence WHERE id = $1", {id.value}));
    TRY(audit::record(db, actor,
                      {p, "delete", "evidence", id.value, e.context,
                       fmt::format("young_people={} stages={}", e.young_people.size(), e.supports.size())}));
    TRY(tx.commit());
    return e.context;
}

// ---- voices ---------------------------------------------------------------

Result<VoiceId> voices::create(Connection& db, PartnershipId p, const Voice& v, const Actor& actor)
{
    TRY(first_error(validate(v)));
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, v.context));
    if (v.young_person) TRY(young_people::check_on_register(db, p, *v.young_person, v.context, "young_person"));
    auto rows = TRY(db.query(
        "INSERT INTO voices (partnership_id, context_id, spoken_on, speaker, young_person_id, quote, author_id, "
        "author_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {p.value, v.context.value, v.date, std::string(kSpeakers.name(v.speaker)), nullable(v.young_person),
         text::normalise_paragraphs(v.quote), nullable(actor.user), actor.label, now_utc()}));
    VoiceId id = rows.first().id<VoiceId>(0);
    for (const auto& t : v.themes) {
        auto added = TRY(db.query("INSERT INTO voice_themes (voice_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                  {id.value, text::name_key(t)}));
        // The context's count of quotes by theme, kept with the quotes it counts.
        if (added.affected > 0)
            TRY(
                db.query("INSERT INTO voice_theme_counts (partnership_id, context_id, theme, quotes) "
                         "VALUES ($1, $2, $3, 1) ON CONFLICT (context_id, theme) "
                         "DO UPDATE SET quotes = voice_theme_counts.quotes + 1",
                         {p.value, v.context.value, text::name_key(t)}));
    }
    TRY(audit::record(db, actor,
                      {p, "create", "voice", id.value, v.context,
                       fmt::format("speaker={} themes={}", kSpeakers.name(v.speaker), v.themes.size())}));
    TRY(tx.commit());
    return id;
}

namespace {

// The voices of a context newest first, a page at a time, each with its themes.
// The speaker's pseudonym is read for the rows chosen only, so that counting
// a context's quotes reads nothing but an index.
constexpr const char* kVoiceColumns =
    "v.id, v.spoken_on, v.speaker, v.young_person_id, (SELECT y.pseudonym FROM young_people y WHERE y.id = "
    "v.young_person_id), v.quote, v.author_label";

std::string voices_where(Bindings& b, const std::string& theme)
{
    // Every voice, or those with the theme.
    std::string where = "v.partnership_id = $1 AND v.context_id = $2";
    if (!theme.empty())
        where += " AND v.id IN (SELECT voice_id FROM voice_themes WHERE theme = " + b.bind(text::name_key(theme)) + ")";
    return where;
}

Result<std::vector<Voice>> voices_from(Connection& db, ContextId c, const QueryResult& rows)
{
    std::vector<Voice> out;
    std::map<std::int64_t, std::size_t> at;
    std::vector<std::int64_t> ids;
    for (const auto& r : rows.rows) {
        Voice v;
        v.id = r.id<VoiceId>(0);
        v.context = c;
        v.date = r.text(1);
        v.speaker = kSpeakers.parse(r.text(2)).value_or(Speaker::CommunityMember);
        v.young_person = r.opt_id<YoungPersonId>(3);
        v.young_person_name = r.text(4);
        v.quote = r.text(5);
        v.author_label = r.text(6);
        at[v.id.value] = out.size();
        ids.push_back(v.id.value);
        out.push_back(std::move(v));
    }
    // The quotes' themes, a few hundred quotes to a statement.
    for (const auto& slice : slices(ids)) {
        Bindings b;
        auto themes = TRY(db.query(
            fmt::format("SELECT voice_id, theme FROM voice_themes WHERE voice_id IN ({}) ORDER BY voice_id, theme",
                        bind_in(b, slice)),
            b.params()));
        for (const auto& t : themes.rows) out[at.at(t.integer(0))].themes.push_back(t.text(1));
    }
    return out;
}

}  // namespace

Result<std::vector<Voice>> voices::for_context(Connection& db, PartnershipId p, ContextId c, const std::string& theme,
                                               int limit, const std::optional<After>& after)
{
    Bindings b({p.value, c.value});
    auto where = voices_where(b, theme);
    if (after) {
        auto date = b.bind(after->date);
        where += fmt::format(" AND (v.spoken_on < {0} OR (v.spoken_on = {0} AND v.id < {1}))", date, b.bind(after->id));
    }
    auto rows =
        TRY(db.query(fmt::format("SELECT {} FROM voices v WHERE {} ORDER BY v.spoken_on DESC, v.id DESC LIMIT {}",
                                 kVoiceColumns, where, b.bind(std::int64_t{limit})),
                     b.params()));
    return voices_from(db, c, rows);
}

Result<Page<Voice>> voices::page(Connection& db, PartnershipId p, ContextId c, const std::string& theme,
                                 std::int64_t number, std::int64_t size, std::int64_t count_up_to)
{
    Bindings b({p.value, c.value});
    auto where = voices_where(b, theme);
    Page<Voice> out;
    auto rows = TRY(read_page(db, std::move(b), kVoiceColumns, "FROM voices v WHERE " + where,
                              "v.spoken_on DESC, v.id DESC", number, size, out, std::nullopt, count_up_to));
    out.items = TRY(voices_from(db, c, rows));
    return out;
}

Result<ContextId> voices::context_of(Connection& db, PartnershipId p, VoiceId id)
{
    auto rows =
        TRY(db.query("SELECT context_id FROM voices WHERE id = $1 AND partnership_id = $2", {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such quote."));
    return rows.first().id<ContextId>(0);
}

Result<ContextId> voices::remove(Connection& db, PartnershipId p, VoiceId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto context = TRY(context_of(db, p, id));
    TRY(
        db.query("UPDATE voice_theme_counts SET quotes = quotes - 1 WHERE context_id = $1 AND theme IN "
                 "(SELECT theme FROM voice_themes WHERE voice_id = $2)",
                 {context.value, id.value}));
    TRY(db.query("DELETE FROM voice_theme_counts WHERE context_id = $1 AND quotes <= 0", {context.value}));
    TRY(db.query("DELETE FROM voices WHERE id = $1", {id.value}));
    TRY(audit::record(db, actor, {p, "delete", "voice", id.value, context, ""}));
    TRY(tx.commit());
    return context;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> voices::themes(Connection& db, PartnershipId p, ContextId c)
{
    auto rows =
        TRY(db.query("SELECT theme, quotes FROM voice_theme_counts WHERE context_id = $2 AND partnership_id = $1 "
                     "ORDER BY theme",
                     {p.value, c.value}));
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& r : rows.rows) out.emplace_back(r.text(0), r.integer(1));
    return out;
}

}  // namespace trellis::store
