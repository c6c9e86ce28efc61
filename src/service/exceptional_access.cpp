#include "service/exceptional_access.hpp"

#include <chrono>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/access_repo.hpp"
#include "store/context_repo.hpp"

namespace trellis::service {

Result<ContextId> open_exceptional_access(store::Connection& db, const User& by, const Actor& actor,
                                          const AccessRequest& request)
{
    if (!works_by_allocation(by.role)) {
        if (may_access_context(by.role, false))
            return std::unexpected(Error::invalid("Leads see every context already.", "context"));
        return std::unexpected(Error::forbidden("Your role does not include opening contexts."));
    }
    auto name = text::collapse_space(request.context);
    if (name.empty()) return std::unexpected(Error::invalid("Enter the context's name or number.", "context"));
    std::optional<Context> found;
    if (name.find_first_not_of("0123456789") == std::string::npos && name.size() < 15) {
        auto got = store::contexts::get(db, by.partnership, ContextId{std::stoll(name)});
        if (got) found = std::move(*got);
    }
    if (!found) found = TRY(store::contexts::find_by_name(db, by.partnership, name));
    if (!found)
        return std::unexpected(Error::invalid(
            "There is no context with that name or number. Check it with whoever gave it to you.", "context"));
    if (TRY(may_see_context(db, by, found->id))) return found->id;  // allocated, or already open: nothing to record
    auto reason = kAccessReasons.parse(request.reason);
    if (!reason) return std::unexpected(Error::invalid("Choose why you need to open this context.", "reason"));
    auto detail = text::normalise_paragraphs(request.detail);
    if (*reason == AccessReason::Other && text::collapse_space(detail).empty())
        return std::unexpected(Error::invalid("Say why you need to open this context.", "detail"));
    if (auto e = text::check(detail, "The detail", "detail", {0, 1000, true})) return std::unexpected(*e);
    ExceptionalAccess a;
    a.context = found->id;
    a.user = by.id;
    a.reason = *reason;
    a.detail = detail;
    a.opened_at = now_utc();
    a.expires_at = now_utc(std::chrono::hours(kExceptionalAccessHours));
    TRY(store::access::open(db, by.partnership, a, actor));
    return found->id;
}

Result<std::vector<ExceptionalAccess>> my_exceptional_access(store::Connection& db, const User& by)
{
    return store::access::current_for(db, by.partnership, by.id, now_utc());
}

Result<std::vector<ExceptionalAccess>> access_awaiting_review(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ReadAudit, "reviewing exceptional access"));
    return store::access::awaiting_review(db, by.partnership, by.id);
}

Result<ExceptionalAccess> review_exceptional_access(store::Connection& db, const User& by, const Actor& actor,
                                                    std::int64_t id, const std::string& outcome,
                                                    const std::string& note)
{
    TRY(need_permission(by, Permission::ReadAudit, "reviewing exceptional access"));
    auto chosen = kAccessOutcomes.parse(outcome);
    if (!chosen) return std::unexpected(Error::invalid("Choose whether the access was justified.", "outcome"));
    auto cleaned = text::normalise_paragraphs(note);
    if (auto e = text::check(cleaned, "The note", "note", {0, 1000, true})) return std::unexpected(*e);
    return store::access::review(db, by.partnership, id, by.id, *chosen, cleaned, actor);
}

}  // namespace trellis::service
