// Use cases on contexts: each checks the caller's permission and need-to-know,
// writes the change and its audit row in one transaction, and returns plain
// data. The pages, the API and the command line call these.
#pragma once

#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/framework.hpp"
#include "domain/paging.hpp"
#include "domain/template.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

// A new context of the caller's partnership. Invalid naming the field, or
// Conflict when the partnership already has a context of that name.
Result<ContextId> create_context(store::Connection& db, const User& by, const Actor& actor, Context input,
                                 std::string_view audit_detail = "");

// One context the caller may see (NotFound otherwise), with its links.
Result<Context> context(store::Connection& db, const User& by, ContextId id);

// A page of the contexts the caller sees (leads: every one; practitioners:
// those allocated to them), by name, narrowed by `filter`. `page` counts from 1.
// Counted up to kContextsCountedUpTo (or to the page asked for), with `more`
// beyond: counting a large partnership's every context took a tenth of the
// page's time at 10,000.
inline constexpr std::int64_t kContextsPerPage = 25;
inline constexpr std::int64_t kContextsCountedUpTo = 1000;
// The contexts the user sees (leads all, practitioners their allocated ones),
// in name order after `after`, up to `limit`, narrowed by `filter`.
Result<std::vector<Context>> contexts_after(store::Connection& db, const User& by, const ContextFilter& filter,
                                            std::optional<ContextId> after, std::int64_t limit);
Result<Page<ContextListing>> contexts_page(store::Connection& db, const User& by, const ContextFilter& filter,
                                           std::int64_t page);

// The context called `name` among those the caller sees: its whole name, or
// part of one name only (case and spacing ignored). For forms that name
// a context instead of listing every one; Invalid on `field` with the names
// that match when there is not exactly one. Names only: finding a context is
// not seeing its records.
Result<ContextId> context_called(store::Connection& db, const User& by, std::string_view name, const char* field);

// The audit trail of a context the caller may see, newest first.
Result<std::vector<AuditRecord>> context_audit(store::Connection& db, const User& by, ContextId id, int limit);

// Records one audit event on its own (a view, a sign-out); changes are
// audited inside their own use case's transaction instead.
Result<void> record_event(store::Connection& db, const Actor& actor, const AuditEvent& event);

// Links two contexts of the partnership (the caller must see the first).
Result<void> link_contexts(store::Connection& db, const User& by, const Actor& actor, ContextId from, ContextId to,
                           const std::string& label);

// A new framework for a context, laid out from a template, owned by the caller.
struct NewFramework {
    std::string title;
    std::string start_date;        // YYYY-MM-DD or ""
    std::string next_review_date;  // YYYY-MM-DD or ""
};
Result<FrameworkId> create_framework(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                     const FrameworkTemplate& layout, const NewFramework& input,
                                     std::string_view audit_detail = "");

}  // namespace trellis::service
