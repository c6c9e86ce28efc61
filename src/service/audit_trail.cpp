#include "service/audit_trail.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/naming.hpp"
#include "store/audit_repo.hpp"
#include "store/partnership_repo.hpp"
#include "store/privacy_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::service {

namespace {

// The past tense of each action the trail records.
std::string verb(std::string_view action, std::string_view entity, std::string_view detail)
{
    // A view that carried a format was a download.
    if (action == "view" && detail.starts_with("format=")) return "downloaded";
    struct Word {
        std::string_view action, said;
    };
    static constexpr Word kWords[] = {
        {"create", "recorded"},
        {"update", "changed"},
        {"view", "viewed"},
        {"export", "downloaded"},
        {"import", "imported"},
        {"delete", "deleted"},
        {"remove", "removed"},
        {"restore", "restored"},
        {"allocate", "allocated"},
        {"deallocate", "took off"},
        {"link", "linked"},
        {"unlink", "unlinked"},
        {"unlock", "unlocked"},
        {"deactivate", "deactivated"},
        {"reactivate", "reactivated"},
        {"revoke", "revoked"},
        {"rate", "rated"},
        {"erase", "erased"},
        {"sign_off", "signed off"},
        {"destroy", "destroyed"},
        {"break_glass", "used exceptional access to open"},
        {"review", "reviewed"},
        {"release", "released the bundle of"},
    };
    if (action == "create" && (entity == "context" || entity == "framework" || entity == "user")) return "created";
    for (const auto& w : kWords)
        if (w.action == action) return std::string(w.said);
    std::string out(action);
    for (auto& ch : out)
        if (ch == '_') ch = ' ';
    return out;
}

}  // namespace

const std::vector<AuditKind>& audit_kinds()
{
    static const std::vector<AuditKind> kinds = {
        {"context", "context"},
        {"framework", "framework"},
        {"area", "area of focus"},
        {"goal", "goal"},
        {"stage", "goal stage"},
        {"evidence", "evidence"},
        {"voice", "voice"},
        {"activity_run", "group activity"},
        {"indicator", "indicator"},
        {"measurement", "measurement"},
        {"responses", "responses"},
        {"action", "action"},
        {"meeting", "meeting"},
        {"concern", "concern"},
        {"case_reference", "case reference"},
        {"assessment", "assessment"},
        {"finding", "finding"},
        {"review", "review"},
        {"young_person", "young person"},
        {"telling", "record of telling"},
        {"audit", "audit trail"},
        {"user", "user"},
        {"agency", "agency"},
        {"sharing_agreement", "sharing agreement"},
        {"privacy_notice", "privacy notice"},
        {"place", "place"},
        {"library_goal", "library goal"},
        {"lexicon_entry", "lens phrase"},
        {"api_token", "API token"},
        {"partnership", "partnership"},
        {"legal_hold", "legal hold"},
        {"retention", "retention"},
        {"access", "exceptional access"},
        {"subject_request", "subject request"},
        {"peer_map", "peer map"},
        {"peer_link", "link on the peer map"},
        {"search", "search results"},
    };
    return kinds;
}

namespace {

std::string noun(std::string_view entity)
{
    for (const auto& k : audit_kinds())
        if (k.key == entity) return k.label;
    std::string out(entity);
    for (auto& ch : out)
        if (ch == '_') ch = ' ';
    return out;
}

std::string shortened(const std::string& words)
{
    constexpr std::size_t kMost = 60;
    if (text::length(words) <= kMost) return words;
    std::size_t cut = kMost;
    while (cut > 0 && (static_cast<unsigned char>(words[cut]) & 0xC0) == 0x80) --cut;
    return words.substr(0, cut) + "…";
}

}  // namespace

Result<AuditPage> audit_trail(store::Connection& db, const User& by, const AuditFilter& filter)
{
    TRY(need_permission(by, Permission::ReadAudit, "reading the audit trail"));
    for (const auto* date : {&filter.from, &filter.to})
        if (!date->empty() && !text::is_iso_date(*date))
            return std::unexpected(Error::invalid("Enter dates as a day, month and year.", "from"));
    if (!filter.from.empty() && !filter.to.empty() && filter.to < filter.from)
        return std::unexpected(Error::invalid("The end date must be on or after the start date.", "to"));
    if (filter.context) TRY(need_context(db, by, *filter.context));
    store::audit::Filter f;
    f.actor = filter.actor;
    f.context = filter.context;
    f.entity = filter.kind;
    f.from = filter.from;
    f.to = filter.to;
    f.before_id = filter.before_id;
    f.limit = filter.limit + 1;
    f.disclosures = filter.disclosures;
    f.agency = filter.agency;
    f.young_person = filter.young_person;
    auto records = TRY(store::audit::search(db, by.partnership, f));
    AuditPage page;
    if (static_cast<int>(records.size()) > filter.limit) {
        records.resize(static_cast<std::size_t>(filter.limit));
        page.next_before = records.back().id;
    }
    auto names = TRY(store::audit::titles(db, by.partnership, records));
    for (const auto& r : records) {
        const auto& e = r.event;
        AuditLine line;
        line.id = r.id;
        line.at = r.at;
        line.when = uk_date(r.at);
        line.who = r.actor && names.users.contains(r.actor->value) ? names.users.at(r.actor->value) : r.actor_label;
        line.kind = e.entity;
        line.action = e.action;
        line.context = e.context;
        line.address = r.address;
        line.detail = e.detail;
        line.actor = r.actor;
        line.disclosed_to = r.disclosed_to;
        if (e.context) {
            auto it = names.contexts.find(e.context->value);
            line.context_name =
                it != names.contexts.end() ? it->second : fmt::format("context {} (since destroyed)", e.context->value);
        }
        std::string what = noun(e.entity);
        if (e.entity_id > 0) {
            auto it = names.titles.find({e.entity, e.entity_id});
            if (it != names.titles.end())
                what += " ‘" + shortened(it->second) + "’";
            else if (store::audit::titled_kind(e.entity))
                what += fmt::format(" {} (since destroyed)", e.entity_id);
            else
                what += fmt::format(" {}", e.entity_id);
        }
        if (e.entity == "legal_hold") {
            // "placed a legal hold on Station Road benches", "lifted the legal hold over the partnership"
            line.sentence = fmt::format("{} {} a legal hold {}", line.who, e.action == "hold" ? "placed" : "lifted",
                                        e.context ? "on " + line.context_name : std::string("over the partnership"));
        } else {
            line.sentence = fmt::format("{} {} {}", line.who, verb(e.action, e.entity, e.detail), what);
            if (e.context && !(e.entity == "context" && e.entity_id == e.context->value))
                line.sentence += " on " + line.context_name;
        }
        line.sentence += ", " + line.when;
        page.lines.push_back(std::move(line));
    }
    return page;
}

Result<DisclosurePage> disclosure_log(store::Connection& db, const User& by, AuditFilter filter)
{
    filter.disclosures = true;
    auto page = TRY(audit_trail(db, by, filter));
    auto agencies = TRY(store::partnerships::agencies(db, by.partnership));
    auto agreements = TRY(store::privacy::agreements(db, by.partnership));
    DisclosurePage out;
    out.next_before = page.next_before;
    for (auto& line : page.lines) {
        // As the row recorded it: the agency a copy was made for, or the partner's own agency then.
        auto agency = line.disclosed_to;
        Disclosure d;
        if (agency)
            for (const auto& a : agencies)
                if (a.id == *agency) d.agency = a.name;
        auto day = line.at.substr(0, 10);
        d.agreement = "None in force";
        for (const auto& a : agreements)
            if (agency && a.agency == *agency && a.current(day)) {
                d.agreement = fmt::format("{} to {}: {}", uk_date(a.starts_on), uk_date(a.ends_on), a.purposes);
                d.covered = true;
            }
        d.line = std::move(line);
        out.items.push_back(std::move(d));
    }
    return out;
}

Result<User> audit_person_called(store::Connection& db, const User& by, const std::string& typed, const char* field)
{
    TRY(need_permission(by, Permission::ReadAudit, "reading the audit trail"));
    auto key = text::name_key(typed);
    if (key.empty())
        return std::unexpected(Error::invalid("Type the name or email address of someone in the partnership.", field));
    // A partnership's accounts are a few hundred at most: read and matched
    // here, where names compare as everywhere else in Trellis.
    auto email = normalise_email(typed);
    std::vector<User> found;
    for (auto& u : TRY(store::users::list(db, by.partnership))) {
        if (u.email == email) return u;
        if (text::name_key(u.display_name).find(key) != std::string::npos ||
            text::name_key(u.email).find(key) != std::string::npos)
            found.push_back(std::move(u));
    }
    std::ranges::sort(found, {}, [](const User& u) { return text::name_key(u.display_name); });
    auto one = TRY(the_one_named(
        found, static_cast<std::int64_t>(found.size()), typed, field,
        [](const User& u) -> const std::string& { return u.display_name; },
        "No one in the partnership is called “{}”. Check the spelling, or type part of the name or email address.",
        "{} people match “{}”, among them {}. Type more of the name, or the email address."));
    return *one;
}

Result<User> audit_person(store::Connection& db, const User& by, UserId id)
{
    TRY(need_permission(by, Permission::ReadAudit, "reading the audit trail"));
    return store::users::get(db, by.partnership, id);
}

}  // namespace trellis::service
