#include "service/privacy.hpp"

#include "domain/clock.hpp"
#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/partnership_repo.hpp"
#include "store/privacy_repo.hpp"

namespace trellis::service {

Result<PublicNotice> public_notice(store::Connection& db, std::string_view slug, std::optional<int> version)
{
    auto p = store::partnerships::find_by_slug(db, slug);
    if (!p) return std::unexpected(Error::not_found("There is no such privacy notice."));
    auto n = TRY(store::privacy::notice(db, p->id, version));
    if (!n) return std::unexpected(Error::not_found("There is no such privacy notice."));
    return PublicNotice{*p, std::move(*n), TRY(store::privacy::versions(db, p->id))};
}

Result<std::vector<Partnership>> partnerships_with_notices(store::Connection& db)
{
    std::vector<Partnership> out;
    for (auto& p : TRY(store::partnerships::list(db)))
        if (TRY(store::privacy::notice(db, p.id))) out.push_back(std::move(p));
    return out;
}

Result<std::optional<PrivacyNotice>> own_notice(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageUsers, "publishing the privacy notice"));
    return store::privacy::notice(db, by.partnership);
}

Result<int> publish_notice(store::Connection& db, const User& by, const Actor& actor, const PrivacyNotice& n)
{
    TRY(need_permission(by, Permission::ManageUsers, "publishing the privacy notice"));
    return store::privacy::publish(db, by.partnership, n, actor);
}

Result<TellingRecord> telling_of(store::Connection& db, const User& by, ContextId context,
                                 const std::vector<YoungPersonId>& people, std::int64_t history_page,
                                 std::int64_t history_size)
{
    TRY(need_context(db, by, context));
    return TellingRecord{TRY(store::privacy::latest_telling(db, by.partnership, context, people)),
                         TRY(store::privacy::telling_page(db, by.partnership, context, history_page, history_size))};
}

Result<void> record_telling(store::Connection& db, const User& by, const Actor& actor, const Telling& t)
{
    TRY(need_permission(by, Permission::EditFrameworks, "recording who was told"));
    TRY(need_context(db, by, t.context));
    return store::privacy::record_telling(db, by.partnership, t, actor);
}

Result<std::vector<SharingAgreement>> agreements(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing sharing agreements"));
    return store::privacy::agreements(db, by.partnership);
}

Result<void> add_agreement(store::Connection& db, const User& by, const Actor& actor, const SharingAgreement& a)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing sharing agreements"));
    return store::privacy::add_agreement(db, by.partnership, a, actor);
}

Result<std::vector<SharingAgreement>> agreements_in_force(store::Connection& db, const User& by,
                                                          const std::string& today)
{
    TRY(need_permission(by, Permission::ReadContexts, "sending partner copies"));
    auto all = TRY(store::privacy::agreements(db, by.partnership));
    std::erase_if(all, [&](const SharingAgreement& a) { return !a.current(today); });
    return all;
}

Result<bool> shares_with(store::Connection& db, const User& user)
{
    if (!sees_own_agency_actions_only(user.role)) return true;
    if (!user.agency) return false;
    return store::privacy::has_current_agreement(db, user.partnership, *user.agency, today_utc());
}

}  // namespace trellis::service
