#include "store/privacy_repo.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/paging.hpp"

namespace trellis::store::privacy {

Result<std::optional<PrivacyNotice>> notice(Connection& db, PartnershipId p, std::optional<int> version)
{
    constexpr const char* kColumns =
        "SELECT version, lawful_basis, article8, notice, published_at, published_by_label FROM privacy_notices "
        "WHERE partnership_id = $1";
    auto rows = TRY(version ? db.query(fmt::format("{} AND version = $2", kColumns), {p.value, std::int64_t{*version}})
                            : db.query(fmt::format("{} ORDER BY version DESC LIMIT 1", kColumns), {p.value}));
    if (rows.empty()) return std::optional<PrivacyNotice>{};
    const auto& r = rows.first();
    return std::optional<PrivacyNotice>{
        PrivacyNotice{static_cast<int>(r.integer(0)), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5)}};
}

Result<std::vector<PrivacyNotice>> versions(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT version, published_at, published_by_label FROM privacy_notices "
                     "WHERE partnership_id = $1 ORDER BY version DESC",
                     {p.value}));
    std::vector<PrivacyNotice> out;
    for (const auto& r : rows.rows) out.push_back({static_cast<int>(r.integer(0)), "", "", "", r.text(1), r.text(2)});
    return out;
}

Result<int> publish(Connection& db, PartnershipId p, const PrivacyNotice& input, const Actor& actor)
{
    PrivacyNotice n = input;
    n.lawful_basis = text::normalise_paragraphs(n.lawful_basis);
    n.article8 = text::normalise_paragraphs(n.article8);
    n.notice = text::normalise_paragraphs(n.notice);
    if (auto errors = validate(n); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto next = static_cast<int>(
        TRY(db.query("SELECT COALESCE(MAX(version), 0) + 1 FROM privacy_notices WHERE partnership_id = $1", {p.value}))
            .first()
            .integer(0));
    TRY(
        db.query("INSERT INTO privacy_notices (partnership_id, version, lawful_basis, article8, notice, "
                 "published_at, published_by_label) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 {p.value, std::int64_t{next}, n.lawful_basis, n.article8, n.notice, now_utc(), actor.label}));
    TRY(audit::record(db, actor, {p, "create", "privacy_notice", next, std::nullopt, fmt::format("version={}", next)}));
    TRY(tx.commit());
    return next;
}

Result<void> record_telling(Connection& db, PartnershipId p, const Telling& input, const Actor& actor)
{
    Telling t = input;
    t.detail = text::normalise_paragraphs(t.detail);
    if (auto errors = validate(t); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, t.context));
    if (t.young_person) {
        auto on =
            TRY(db.query("SELECT 1 FROM young_person_contexts yc JOIN young_people y ON y.id = "
                         "yc.young_person_id WHERE yc.young_person_id = $1 AND yc.context_id = $2 AND "
                         "y.partnership_id = $3",
                         {*t.young_person, t.context.value, p.value}));
        if (on.empty())
            return std::unexpected(Error::invalid("Choose a young person on this context's register.", "who"));
    }
    TRY(
        db.query("INSERT INTO telling (partnership_id, context_id, young_person_id, told, told_on, reason, detail, "
                 "recorded_by_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                 {p.value, t.context.value, t.young_person ? Param{*t.young_person} : Param{nullptr},
                  std::int64_t{t.told ? 1 : 0}, t.told ? t.told_on : std::string(),
                  t.reason && !t.told ? std::string(kNotToldReasons.name(*t.reason)) : std::string(), t.detail,
                  actor.label, now_utc()}));
    TRY(audit::record(
        db, actor,
        {p, "create", "telling", t.young_person.value_or(0), t.context,
         fmt::format("who={} told={}", t.young_person ? "young_person" : "context", t.told ? "yes" : "no")}));
    return tx.commit();
}

namespace {

constexpr std::string_view kTellingColumns =
    "t.young_person_id, COALESCE(y.pseudonym, ''), t.told, t.told_on, t.reason, t.detail, t.recorded_by_label, "
    "t.created_at";

Telling telling_from_row(ContextId c, const Row& r)
{
    return {c,         r.opt_integer(0), r.text(1), r.integer(2) != 0, r.text(3), kNotToldReasons.parse(r.text(4)),
            r.text(5), r.text(6),        r.text(7)};
}

}  // namespace

Result<Page<Telling>> telling_page(Connection& db, PartnershipId p, ContextId c, std::int64_t number, std::int64_t size)
{
    Page<Telling> out;
    auto rows = TRY(read_page(db, Bindings({p.value, c.value}), kTellingColumns,
                              "FROM telling t LEFT JOIN young_people y ON y.id = t.young_person_id "
                              "WHERE t.partnership_id = $1 AND t.context_id = $2",
                              "t.id DESC", number, size, out));
    for (const auto& r : rows.rows) out.items.push_back(telling_from_row(c, r));
    return out;
}

Result<std::vector<Telling>> latest_telling(Connection& db, PartnershipId p, ContextId c,
                                            const std::vector<YoungPersonId>& people)
{
    Bindings bindings({p.value, c.value});
    std::vector<std::int64_t> ids;
    for (auto person : people) ids.push_back(person.value);
    auto whose = ids.empty()
                     ? std::string("young_person_id IS NULL")
                     : fmt::format("(young_person_id IS NULL OR young_person_id IN ({}))", bind_in(bindings, ids));
    auto rows = TRY(db.query(
        fmt::format("SELECT {} FROM telling t LEFT JOIN young_people y ON y.id = t.young_person_id WHERE t.id IN "
                    "(SELECT MAX(id) FROM telling WHERE partnership_id = $1 AND context_id = $2 AND {} "
                    "GROUP BY young_person_id)",
                    kTellingColumns, whose),
        bindings.params()));
    std::vector<Telling> out;
    for (const auto& r : rows.rows) out.push_back(telling_from_row(c, r));
    return out;
}

Result<void> add_agreement(Connection& db, PartnershipId p, const SharingAgreement& input, const Actor& actor)
{
    SharingAgreement a = input;
    a.purposes = text::normalise_paragraphs(a.purposes);
    a.what = text::normalise_paragraphs(a.what);
    if (auto errors = validate(a); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto ok = TRY(db.query("SELECT 1 FROM agencies WHERE id = $1 AND partnership_id = $2", {a.agency.value, p.value}));
    if (ok.empty()) return std::unexpected(Error::invalid("Choose the agency from the list.", "agency"));
    auto rows =
        TRY(db.query("INSERT INTO sharing_agreements (partnership_id, agency_id, starts_on, ends_on, purposes, "
                     "what, recorded_by_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                     "RETURNING id",
                     {p.value, a.agency.value, a.starts_on, a.ends_on, a.purposes, a.what, actor.label, now_utc()}));
    TRY(audit::record(db, actor,
                      {p, "create", "sharing_agreement", rows.first().integer(0), std::nullopt,
                       fmt::format("agency={} from={} to={}", a.agency.value, a.starts_on, a.ends_on)}));
    return tx.commit();
}

Result<std::vector<SharingAgreement>> agreements(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT s.agency_id, a.name, s.starts_on, s.ends_on, s.purposes, s.what, "
                     "s.recorded_by_label FROM sharing_agreements s JOIN agencies a ON a.id = s.agency_id "
                     "WHERE s.partnership_id = $1 ORDER BY a.name_key, s.ends_on DESC, s.id DESC",
                     {p.value}));
    std::vector<SharingAgreement> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<AgencyId>(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)});
    return out;
}

Result<bool> has_current_agreement(Connection& db, PartnershipId p, AgencyId agency, const std::string& today)
{
    auto rows =
        TRY(db.query("SELECT 1 FROM sharing_agreements WHERE partnership_id = $1 AND agency_id = $2 AND "
                     "starts_on <= $3 AND ends_on >= $3",
                     {p.value, agency.value, today}));
    return !rows.empty();
}

}  // namespace trellis::store::privacy
