#include "service/contexts.hpp"

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/naming.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/lifecycle_repo.hpp"

namespace trellis::service {
namespace {

Result<void> need_permission(const User& by, Permission p)
{
    if (!role_allows(by.role, p))
        return std::unexpected(
            Error::forbidden("Your role does not include this. Ask a Contextual Safeguarding lead if you need it."));
    return {};
}

std::string detail(std::string_view audit_detail, const std::string& more = "")
{
    if (audit_detail.empty()) return more;
    return more.empty() ? std::string(audit_detail) : fmt::format("{} {}", audit_detail, more);
}

}  // namespace

Result<ContextId> create_context(store::Connection& db, const User& by, const Actor& actor, Context input,
                                 std::string_view audit_detail)
{
    TRY(need_permission(by, Permission::CreateContexts));
    input.partnership = by.partnership;
    if (auto errors = validate(input); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(store::Transaction::begin(db));
    auto id = TRY(store::contexts::create(db, input));
    TRY(store::audit::record(db, actor, {by.partnership, "create", "context", id.value, id, detail(audit_detail)}));
    TRY(tx.commit());
    return id;
}

Result<Page<ContextListing>> contexts_page(store::Connection& db, const User& by, const ContextFilter& filter,
                                           std::int64_t page)
{
    TRY(need_permission(by, Permission::ReadContexts, "reading contexts"));
    std::optional<UserId> allocated_to;
    if (works_by_allocation(by.role)) allocated_to = by.id;
    return store::contexts::page(db, by.partnership, filter, allocated_to, std::max<std::int64_t>(page, 1),
                                 kContextsPerPage, kContextsCountedUpTo);
}

Result<std::vector<Context>> contexts_after(store::Connection& db, const User& by, const ContextFilter& filter,
                                            std::optional<ContextId> after, std::int64_t limit)
{
    if (!may_access_context(by.role, true)) return std::vector<Context>{};
    std::optional<UserId> allocated_to;
    if (!may_access_context(by.role, false)) allocated_to = by.id;
    return store::contexts::in_order(db, by.partnership, filter, allocated_to, after, limit);
}

Result<ContextId> context_called(store::Connection& db, const User& by, std::string_view name, const char* field)
{
    if (text::name_key(name).empty()) return std::unexpected(Error::invalid("Type the name of a context.", field));
    ContextFilter filter;
    filter.name = std::string(name);
    std::optional<UserId> allocated_to;
    if (works_by_allocation(by.role)) allocated_to = by.id;
    auto found = TRY(store::contexts::page(db, by.partnership, filter, allocated_to, 1, 6));
    auto one = TRY(the_one_named(
        found.items, found.total, name, field,
        [](const ContextListing& l) -> const std::string& { return l.context.name; },
        "No context is called “{}”. Check the spelling, or type part of its name.",
        "{} contexts match “{}”, among them {}. Type more of the name."));
    return one->context.id;
}

Result<Context> context(store::Connection& db, const User& by, ContextId id)
{
    TRY(need_context(db, by, id));
    return store::contexts::get(db, by.partnership, id);
}

Result<std::vector<AuditRecord>> context_audit(store::Connection& db, const User& by, ContextId id, int limit)
{
    TRY(need_permission(by, Permission::ReadAudit));
    TRY(context(db, by, id));
    return store::audit::for_context(db, by.partnership, id, limit);
}

Result<void> record_event(store::Connection& db, const Actor& actor, const AuditEvent& event)
{
    return store::audit::record(db, actor, event);
}

Result<void> link_contexts(store::Connection& db, const User& by, const Actor& actor, ContextId from, ContextId to,
                           const std::string& label)
{
    TRY(need_permission(by, Permission::CreateContexts));
    TRY(need_context(db, by, from));
    auto tx = TRY(store::Transaction::begin(db));
    TRY(store::contexts::add_link(db, by.partnership, from, to, label));
    TRY(store::audit::record(db, actor, {by.partnership, "link", "context", to.value, from, ""}));
    return tx.commit();
}

Result<FrameworkId> create_framework(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                     const FrameworkTemplate& layout, const NewFramework& input,
                                     std::string_view audit_detail)
{
    TRY(need_permission(by, Permission::CreateFrameworks));
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    Framework f = framework_from_template(layout, context, input.title);
    f.start_date = input.start_date;
    f.next_review_date = input.next_review_date;
    f.owner = by.id;
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(store::Transaction::begin(db));
    auto id = TRY(store::frameworks::create(db, by.partnership, f));
    TRY(store::audit::record(db, actor,
                             {by.partnership, "create", "framework", id.value, context,
                              detail(audit_detail, fmt::format("template={}", layout.key))}));
    TRY(store::lifecycle::advance(db, by.partnership, context, ContextStage::Planning, "A framework was created",
                                  actor));
    TRY(tx.commit());
    return id;
}

}  // namespace trellis::service
