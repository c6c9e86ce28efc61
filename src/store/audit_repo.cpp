#include "store/audit_repo.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "store/bulk.hpp"
#include "store/connection.hpp"
#include "store/paging.hpp"

namespace trellis::store::audit {

namespace {

// Exactly kChainKeyBytes: what chains rows until the real key is set.
constexpr std::string_view kDevelopmentKey = "trellis-development-key-not-real";
static_assert(kDevelopmentKey.size() == kChainKeyBytes);

// The key, and HMAC's state once the key is taken in (two of the hash's
// blocks), which each row's MAC starts from instead of taking the key in again.
struct ChainKey {
    std::string key;
    crypto_auth_hmacsha256_state keyed{};

    explicit ChainKey(std::string k) : key(std::move(k))
    {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
        crypto_auth_hmacsha256_init(&keyed, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    }
};

ChainKey& chain_key()
{
    static ChainKey key{std::string(kDevelopmentKey)};
    return key;
}

// The row's fields as the database gives them back, one unit-separator apart,
// then (on rows numbered from the head's disclosed_from_seq) the agency the row
// disclosed to, then the MAC of the row before it.
struct Fields {
    std::int64_t seq = 0;
    std::string partnership, at, actor, actor_label, address, action, entity, entity_id, context, detail;
    std::string disclosed_to;
    bool covers_disclosure = true;
};

// `disclosed_from`: the head's disclosed_from_seq, from which the MAC covers the agency.
Fields fields_of(std::int64_t seq, std::string at, const Actor& actor, const AuditEvent& e,
                 std::optional<std::int64_t> disclosed_to, std::int64_t disclosed_from)
{
    return {seq,
            std::to_string(e.partnership.value),
            std::move(at),
            actor.user ? std::to_string(actor.user->value) : std::string(),
            actor.label,
            actor.address,
            e.action,
            e.entity,
            std::to_string(e.entity_id),
            e.context ? std::to_string(e.context->value) : std::string(),
            e.detail,
            disclosed_to ? std::to_string(*disclosed_to) : std::string(),
            seq >= disclosed_from};
}

std::string mac_of(const Fields& f, std::string_view previous)
{
    std::string text = std::to_string(f.seq);
    for (const std::string* field : {&f.partnership, &f.at, &f.actor, &f.actor_label, &f.address, &f.action, &f.entity,
                                     &f.entity_id, &f.context, &f.detail}) {
        text += '\x1f';
        text += *field;
    }
    if (f.covers_disclosure) {
        text += '\x1f';
        text += f.disclosed_to;
    }
    text += '\x1f';
    text += previous;
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_state state = chain_key().keyed;
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
    std::string hex(mac.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    hex.pop_back();
    return hex;
}

// A closed context is read-only: every change to it is audited with its
// context, so refusing the audit row refuses the change (the caller's
// transaction rolls back). Views and exports, its stage changing (a new
// concern reopens it), the register's rectification and erasure, recording
// that young people or parents were told they are recorded, legal holds and
// exceptional access (opening a context is not changing it) still pass.
// Adding someone to a closed context's register does not.
Result<void> refuse_if_closed(Connection& db, const AuditEvent& e)
{
    bool adds_to_register = e.action == "create" || e.action == "link";
    if (!e.context || e.action == "view" || e.action == "export" || (e.entity == "young_person" && !adds_to_register) ||
        e.entity == "telling" || e.entity == "legal_hold")
        return {};
    if (e.entity == "context" && e.detail.starts_with("stage=")) return {};
    auto rows = TRY(db.query("SELECT stage FROM contexts WHERE id = $1", {e.context->value}));
    if (!rows.empty() && rows.first().text(0) == "closed")
        return std::unexpected(Error::conflict(
            "This context is closed, so its records cannot be changed. Recording a new concern about it reopens it."));
    return {};
}

// The agency a partner copy was made for: its detail ends " agency=N".
std::optional<std::int64_t> copy_for_agency(std::string_view detail)
{
    constexpr std::string_view kMark = " agency=";
    auto at = detail.rfind(kMark);
    if (at == std::string_view::npos) return std::nullopt;
    auto digits = detail.substr(at + kMark.size());
    if (digits.empty() || digits.size() > 18 ||
        !std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoll(std::string(digits));
}

// The agency a row discloses to: the one a partner copy names, else the
// acting partner's own agency (as it is when the row is written).
class DisclosedTo {
public:
    explicit DisclosedTo(Connection& db) : db_(db) {}
    Result<std::optional<std::int64_t>> operator()(const Actor& actor, const AuditEvent& e)
    {
        if (auto copy = copy_for_agency(e.detail)) return copy;
        if (!actor.user) return std::optional<std::int64_t>{};
        auto [it, added] = partner_agency_.try_emplace(actor.user->value);
        if (added) {
            auto rows =
                TRY(db_.query("SELECT agency_id FROM users WHERE id = $1 AND role = 'partner'", {actor.user->value}));
            if (!rows.empty()) it->second = rows.first().opt_integer(0);
        }
        return it->second;
    }

private:
    Connection& db_;
    std::map<std::int64_t, std::optional<std::int64_t>> partner_agency_;
};

}  // namespace

void use_chain_key(std::string key)
{
    if (key.size() != kChainKeyBytes) throw std::invalid_argument("the audit key must be 32 bytes");
    chain_key() = ChainKey(std::move(key));
}

bool chain_key_set()
{
    return chain_key().key != kDevelopmentKey;
}

Result<void> record(Connection& db, const Actor& actor, const AuditEvent& e)
{
    return record_all(db, std::span<const Recorded>(std::array{Recorded{actor, e}}));
}

Result<void> record_all(Connection& db, std::span<const Recorded> events)
{
    if (events.empty()) return {};
    for (const auto& [actor, e] : events) TRY(refuse_if_closed(db, e));
    auto tx = TRY(Transaction::begin(db));
    // Taking the head's row lock (SQLite: the write lock) orders the chain.
    auto head =
        TRY(db.query("UPDATE audit_chain SET seq = seq + $1 WHERE id = 1 RETURNING seq, mac, disclosed_from_seq",
                     {static_cast<std::int64_t>(events.size())}));
    if (head.empty()) return std::unexpected(Error::unavailable("The audit trail's chain head is missing."));
    std::int64_t seq = head.first().integer(0) - static_cast<std::int64_t>(events.size());
    std::string mac = head.first().text(1);
    const std::int64_t disclosed_from = head.first().integer(2);
    const std::string at = now_utc();
    DisclosedTo disclosed_to(db);
    bool change = false;
    for (const auto& [actor, e] : events) {
        auto agency = TRY(disclosed_to(actor, e));
        auto f = fields_of(++seq, at, actor, e, agency, disclosed_from);
        mac = mac_of(f, mac);
        TRY(db.query(
            "INSERT INTO audit_events (partnership_id, at, actor_id, actor_label, address, action, entity, "
            "entity_id, context_id, detail, seq, mac, disclosed_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
            "$10, $11, $12, $13)",
            {e.partnership.value, f.at, nullable(actor.user), actor.label, actor.address, e.action, e.entity,
             e.entity_id, nullable(e.context), e.detail, f.seq, mac, nullable(agency)}));
        // A change also moves the stamp that caches of what the records add up to are keyed by.
        change = change || (e.action != "view" && e.action != "export");
    }
    TRY(db.query(change ? "UPDATE audit_chain SET mac = $1, change_mac = $1 WHERE id = 1"
                        : "UPDATE audit_chain SET mac = $1 WHERE id = 1",
                 {mac}));
    return tx.commit();
}

Result<void> record_generated_history(Connection& db, const std::vector<PastEvent>& events)
{
    if (events.empty()) return {};
    auto tx = TRY(Transaction::begin(db));
    auto head =
        TRY(db.query("UPDATE audit_chain SET seq = seq + $1 WHERE id = 1 RETURNING seq, mac, disclosed_from_seq",
                     {static_cast<std::int64_t>(events.size())}));
    if (head.empty()) return std::unexpected(Error::unavailable("The audit trail's chain head is missing."));
    std::int64_t seq = head.first().integer(0) - static_cast<std::int64_t>(events.size());
    std::string previous = head.first().text(1);
    const std::int64_t disclosed_from = head.first().integer(2);
    DisclosedTo disclosed_to(db);
    BulkInsert rows(db, "audit_events",
                    {"partnership_id", "at", "actor_id", "actor_label", "address", "action", "entity", "entity_id",
                     "context_id", "detail", "seq", "mac", "disclosed_to"});
    for (const auto& [actor, e, at] : events) {
        auto agency = TRY(disclosed_to(actor, e));
        auto f = fields_of(++seq, at, actor, e, agency, disclosed_from);
        previous = mac_of(f, previous);
        TRY(rows.add({e.partnership.value, at, nullable(actor.user), actor.label, actor.address, e.action, e.entity,
                      e.entity_id, nullable(e.context), e.detail, f.seq, previous, nullable(agency)}));
    }
    TRY(rows.flush());
    TRY(db.query("UPDATE audit_chain SET mac = $1, change_mac = $1 WHERE id = 1", {previous}));
    return tx.commit();
}

Result<std::string> change_stamp(Connection& db)
{
    auto rows = TRY(db.query("SELECT change_mac FROM audit_chain WHERE id = 1"));
    if (rows.empty()) return std::unexpected(Error::unavailable("The audit trail's chain head is missing."));
    return rows.first().text(0);
}

Result<ChainHead> chain_head(Connection& db)
{
    auto rows = TRY(db.query("SELECT seq, mac, checkpoint_seq FROM audit_chain WHERE id = 1"));
    if (rows.empty()) return std::unexpected(Error::unavailable("The audit trail's chain head is missing."));
    return ChainHead{rows.first().integer(0), rows.first().text(1), rows.first().integer(2)};
}

Result<ChainReport> verify_chain(Connection& db)
{
    ChainReport report;
    auto head_rows = TRY(
        db.query("SELECT seq, mac, checkpoint_seq, checkpoint_mac, disclosed_from_seq FROM audit_chain WHERE id = 1"));
    if (head_rows.empty()) return std::unexpected(Error::unavailable("The audit trail's chain head is missing."));
    const auto& head = head_rows.first();
    auto fail = [&](std::int64_t seq, std::int64_t id, std::string problem) {
        report.intact = false;
        report.first_bad_seq = seq;
        report.first_bad_id = id;
        report.problem = std::move(problem);
        return report;
    };
    std::int64_t next = head.integer(2) + 1;
    std::string previous = head.text(3);
    const std::int64_t disclosed_from = head.integer(4);
    constexpr std::int64_t kPage = 5000;
    for (;;) {
        auto rows = TRY(
            db.query("SELECT id, seq, partnership_id, at, actor_id, actor_label, address, action, entity, entity_id, "
                     "context_id, detail, mac, disclosed_to FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2",
                     {next, kPage}));
        for (const auto& r : rows.rows) {
            Fields f{r.integer(1),
                     r.text(2),
                     r.text(3),
                     r.text(4),
                     r.text(5),
                     r.text(6),
                     r.text(7),
                     r.text(8),
                     r.text(9),
                     r.text(10),
                     r.text(11),
                     r.text(13),
                     r.integer(1) >= disclosed_from};
            if (f.seq != next)
                return fail(next, 0,
                            fmt::format("Row {} of the chain is missing: it was removed outside Trellis.", next));
            if (mac_of(f, previous) != r.text(12))
                return fail(f.seq, r.integer(0),
                            fmt::format("Row {} of the chain (audit row {}) was changed outside Trellis, or the row "
                                        "before it was.",
                                        f.seq, r.integer(0)));
            // Rows from before the MAC covered the agency: a partner copy's agency is in its detail.
            if (auto copy = copy_for_agency(f.detail); !f.covers_disclosure && copy && r.opt_integer(13) != copy)
                return fail(f.seq, r.integer(0),
                            fmt::format("Audit row {} names agency {} in its detail but records the disclosure to "
                                        "another: it was changed outside Trellis.",
                                        r.integer(0), *copy));
            previous = r.text(12);
            ++next;
            ++report.checked;
        }
        if (static_cast<std::int64_t>(rows.rows.size()) < kPage) break;
    }
    if (next - 1 != head.integer(0) || previous != head.text(1))
        return fail(next, 0,
                    fmt::format("The chain ends at row {} but its head says {}: rows were removed outside Trellis.",
                                next - 1, head.integer(0)));
    // Rows written before the chain began have no number; one written after
    // the chain began without a number was inserted outside Trellis.
    auto stray =
        TRY(db.query("SELECT MIN(id) FROM audit_events WHERE seq IS NULL AND id > "
                     "(SELECT COALESCE(MIN(id), 0) FROM audit_events WHERE seq IS NOT NULL) "
                     "AND EXISTS (SELECT 1 FROM audit_events WHERE seq IS NOT NULL)"));
    if (!stray.first().is_null(0)) {
        auto id = stray.first().integer(0);
        return fail(0, id, fmt::format("Audit row {} is not in the chain: it was inserted outside Trellis.", id));
    }
    auto unchained = TRY(db.query("SELECT COUNT(*) FROM audit_events WHERE seq IS NULL"));
    report.unchained = unchained.first().integer(0);
    return report;
}

Result<void> checkpoint(Connection& db, std::int64_t seq)
{
    auto rows = TRY(db.query("SELECT mac FROM audit_events WHERE seq = $1", {seq}));
    if (rows.empty()) return std::unexpected(Error::not_found("That audit row is not in the chain."));
    TRY(db.query("UPDATE audit_chain SET checkpoint_seq = $1, checkpoint_mac = $2 WHERE id = 1",
                 {seq, rows.first().text(0)}));
    return {};
}

Result<std::vector<AuditRecord>> search(Connection& db, PartnershipId p, const Filter& f)
{
    constexpr std::string_view kColumns =
        "SELECT id, at, actor_id, actor_label, address, action, entity, entity_id, context_id, detail, disclosed_to "
        "FROM audit_events WHERE ";
    // Read from the index of what narrows it most: a context's rows, an
    // actor's, a kind's, else the partnership's, newest first. On SQLite,
    // which keeps no statistics here, the "+" keeps it off the partnership's
    // index: walking the whole trail back for a quiet context's few rows took
    // 30 s at scale 1, and for someone who had done nothing 1.4 s. PostgreSQL
    // chooses by its statistics, and plans each filtered read for its values
    // (a busy context's rows are found walking back the trail, a quiet one's
    // from its index). Disclosures are read from their own indexes, below.
    const bool narrowed = (f.context || f.actor || !f.entity.empty()) && !f.disclosures;
    std::string where = narrowed && (f.context || f.actor) && db.backend() == Backend::Sqlite ? "+partnership_id = $1"
                                                                                              : "partnership_id = $1";
    Params params{p.value};
    auto add = [&](std::string_view clause, const auto& value) {
        params.emplace_back(value);
        where += fmt::format(" AND {} ${}", clause, params.size());
    };
    if (f.actor) add("actor_id =", f.actor->value);
    if (f.context) add("context_id =", f.context->value);
    if (!f.entity.empty()) add("entity =", f.entity);
    if (!f.from.empty()) add("at >=", f.from);
    // A date sorts before every time on it; "~" sorts after them all.
    if (!f.to.empty()) add("at <", f.to + "~");
    std::string order = "id DESC";
    if (f.disclosures) {
        // Newest first by -id, an order only the indexes of disclosures hold:
        // asked for id order, PostgreSQL may walk back the primary key past
        // every newer row that is not a disclosure (a burst of views, or all
        // of them for an agency with none), whatever its statistics say.
        where += " AND disclosed_to IS NOT NULL";
        if (f.agency) add("disclosed_to =", f.agency->value);
        if (f.before_id > 0) add("-id >", -f.before_id);
        if (f.young_person) {
            params.emplace_back(*f.young_person);
            where += fmt::format(
                " AND context_id IN (SELECT context_id FROM young_person_contexts WHERE young_person_id = ${})",
                params.size());
        }
        order = "-id";
    } else if (!narrowed && (!f.from.empty() || !f.to.empty())) {
        // Dates alone: read newest first by when, from the index of when, and
        // stopped at the page's end. In id order every row in the range was
        // read and sorted first: 3.4 s at scale 1 for "from 1 January 2025".
        // A page goes on from the row before it by when, then id.
        order = "at DESC, id DESC";
        if (f.before_id > 0) {
            params.emplace_back(f.before_id);
            where += fmt::format(
                " AND at <= (SELECT at FROM audit_events WHERE id = ${0}) AND (at < (SELECT at FROM audit_events "
                "WHERE id = ${0}) OR id < ${0})",
                params.size());
        }
    } else if (f.before_id > 0) {
        add("id <", f.before_id);
    }
    params.emplace_back(std::int64_t{f.limit});
    auto sql = fmt::format("{}{} ORDER BY {} LIMIT ${}", kColumns, where, order, params.size());
    auto rows = TRY(narrowed ? db.query_planned(sql, params) : db.query(sql, params));
    std::vector<AuditRecord> out;
    out.reserve(rows.rows.size());
    for (const auto& r : rows.rows) {
        AuditRecord a;
        a.id = r.integer(0);
        a.at = r.text(1);
        a.actor = r.opt_id<UserId>(2);
        a.actor_label = r.text(3);
        a.address = r.text(4);
        a.event = {p, r.text(5), r.text(6), r.opt_integer(7).value_or(0), r.opt_id<ContextId>(8), r.text(9)};
        a.disclosed_to = r.opt_id<AgencyId>(10);
        out.push_back(std::move(a));
    }
    return out;
}

Result<std::vector<AuditRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit)
{
    Filter f;
    f.context = c;
    f.limit = limit;
    return search(db, p, f);
}

namespace {

// Where each kind's title is read; the partnership is checked through the table
// itself or its framework, so another partnership's title never shows.
struct TitleSource {
    std::string_view entity;
    std::string_view sql;  // id, title
};
// Each reads the few ids given by primary key: the partnership's own term
// carries a unary + so that SQLite, which keeps no statistics here, never
// walks every row of the partnership to find them instead.
constexpr TitleSource kTitleSources[] = {
    {"context", "SELECT id, name FROM contexts WHERE +partnership_id = $1 AND id IN "},
    {"framework", "SELECT id, title FROM frameworks WHERE +partnership_id = $1 AND id IN "},
    {"goal",
     "SELECT g.id, g.statement FROM goals g JOIN frameworks f ON f.id = g.framework_id WHERE +f.partnership_id = $1 "
     "AND g.id IN "},
    {"area",
     "SELECT a.id, a.name FROM areas a JOIN frameworks f ON f.id = a.framework_id WHERE +f.partnership_id = $1 AND "
     "a.id IN "},
    {"evidence", "SELECT id, method || ', ' || recorded_on FROM evidence WHERE +partnership_id = $1 AND id IN "},
    {"meeting", "SELECT id, meeting_type || ', ' || held_on FROM meetings WHERE +partnership_id = $1 AND id IN "},
    {"activity_run", "SELECT id, kind || ', ' || run_on FROM activity_runs WHERE +partnership_id = $1 AND id IN "},
    {"action",
     "SELECT x.id, x.what FROM actions x JOIN goals g ON g.id = x.goal_id JOIN frameworks f ON f.id = "
     "g.framework_id WHERE +f.partnership_id = $1 AND x.id IN "},
    {"young_person", "SELECT id, pseudonym FROM young_people WHERE +partnership_id = $1 AND id IN "},
    {"user", "SELECT id, display_name FROM users WHERE +partnership_id = $1 AND id IN "},
    {"agency", "SELECT id, name FROM agencies WHERE +partnership_id = $1 AND id IN "},
    {"place", "SELECT id, name FROM places WHERE +partnership_id = $1 AND id IN "},
    {"indicator", "SELECT id, name FROM indicators WHERE +partnership_id = $1 AND id IN "},
    {"subject_request",
     "SELECT id, kind || ', received ' || received_on FROM subject_requests WHERE +partnership_id = $1 AND id "
     "IN "},
};

// The statement that reads `entity`'s titles.
constexpr std::string_view title_sql(std::string_view entity)
{
    for (const auto& source : kTitleSources)
        if (source.entity == entity) return source.sql;
    return {};
}

}  // namespace

bool titled_kind(std::string_view entity)
{
    for (const auto& source : kTitleSources)
        if (source.entity == entity) return true;
    return false;
}

Result<Titles> titles(Connection& db, PartnershipId p, const std::vector<AuditRecord>& records)
{
    Titles out;
    auto read = [&](std::string_view entity, std::string_view sql, const std::set<std::int64_t>& ids,
                    auto&& store) -> Result<void> {
        if (ids.empty()) return {};
        Bindings bindings({p.value});
        auto list = bind_in(bindings, std::vector<std::int64_t>(ids.begin(), ids.end()));
        auto rows = TRY(db.query(fmt::format("{}({})", sql, list), bindings.params()));
        for (const auto& r : rows.rows) store(entity, r.integer(0), r.text(1));
        return {};
    };
    std::set<std::int64_t> contexts, users;
    for (const auto& r : records) {
        if (r.event.context) contexts.insert(r.event.context->value);
        if (r.actor) users.insert(r.actor->value);
    }
    TRY(read("context", title_sql("context"), contexts,
             [&](std::string_view, std::int64_t id, const std::string& name) { out.contexts[id] = name; }));
    TRY(read("user", title_sql("user"), users,
             [&](std::string_view, std::int64_t id, const std::string& name) { out.users[id] = name; }));
    for (const auto& source : kTitleSources) {
        std::set<std::int64_t> ids;
        for (const auto& r : records)
            if (r.event.entity == source.entity && r.event.entity_id > 0) ids.insert(r.event.entity_id);
        TRY(read(source.entity, source.sql, ids, [&](std::string_view entity, std::int64_t id, const std::string& t) {
            out.titles[{std::string(entity), id}] = t;
        }));
    }
    return out;
}

Result<std::int64_t> count(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query("SELECT COUNT(*) FROM audit_events WHERE partnership_id = $1", {p.value}));
    return rows.first().integer(0);
}

}  // namespace trellis::store::audit
