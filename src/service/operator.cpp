#include "service/operator.hpp"

#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/partnership_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::service {

Result<SchemaReport> migrate_database(store::Connection& db)
{
    return store::migrate(db);
}

Result<std::vector<Partnership>> partnerships(store::Connection& db)
{
    return store::partnerships::list(db);
}

Result<PartnershipId> create_partnership(store::Connection& db, const Partnership& partnership)
{
    auto tx = TRY(store::Transaction::begin(db));
    auto id = TRY(store::partnerships::create(db, partnership));
    TRY(store::audit::record(db, Actor::command_line(), {id, "create", "partnership", id.value, {}, ""}));
    TRY(tx.commit());
    return id;
}

Result<std::vector<Agency>> agencies_in(store::Connection& db, PartnershipId p)
{
    return store::partnerships::agencies(db, p);
}

Result<std::vector<User>> users_in(store::Connection& db, PartnershipId p)
{
    return store::users::list(db, p);
}

Result<User> user_by_email(store::Connection& db, PartnershipId p, const std::string& email)
{
    auto found = store::users::find_with_hash(db, email);
    if (!found || found->first.partnership != p)
        return std::unexpected(Error::not_found("There is no account for " + email + " in this partnership."));
    return std::move(found->first);
}

Result<std::vector<Context>> contexts_in(store::Connection& db, PartnershipId p)
{
    return store::contexts::list(db, p);
}

Result<std::vector<FrameworkSummary>> frameworks_in(store::Connection& db, PartnershipId p)
{
    return store::frameworks::list(db, p);
}

Result<FrameworkWithContext> framework_in(store::Connection& db, PartnershipId p, FrameworkId id)
{
    auto tx = TRY(store::Transaction::begin(db));
    auto f = TRY(store::frameworks::load(db, p, id));
    auto c = TRY(store::contexts::get(db, p, f.context));
    TRY(store::audit::record(db, Actor::command_line(), {p, "view", "framework", id.value, c.id, ""}));
    TRY(tx.commit());
    return FrameworkWithContext{std::move(f), std::move(c)};
}

}  // namespace trellis::service
