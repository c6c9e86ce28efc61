#include "service/retention.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/partnership_repo.hpp"
#include "store/retention_repo.hpp"

namespace trellis::service {

namespace {

Result<void> check_reason(const std::string& reason, const char* field)
{
    if (text::collapse_space(reason).empty())
        return std::unexpected(Error::invalid("Give the reason: it is kept with the hold.", field));
    if (auto e = text::check(reason, "The reason", field, {0, 2000, true})) return std::unexpected(*e);
    return {};
}

}  // namespace

Result<RetentionOverview> retention_overview(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageUsers, "keeping the retention schedule"));
    RetentionOverview o;
    o.schedule = TRY(store::retention::schedule(db, by.partnership));
    o.holds = TRY(store::retention::holds(db, by.partnership));
    o.log = TRY(store::retention::log(db, by.partnership, 200));
    return o;
}

Result<void> set_retention_schedule(store::Connection& db, const User& by, const Actor& actor,
                                    const RetentionSchedule& schedule)
{
    TRY(need_permission(by, Permission::ManageUsers, "keeping the retention schedule"));
    auto merged = TRY(store::retention::schedule(db, by.partnership));
    for (const auto& [kind, days] : schedule) merged[kind] = days;
    if (auto errors = check_schedule(merged); !errors.empty()) return std::unexpected(errors.front());
    return store::retention::save_schedule(db, by.partnership, merged, actor);
}

Result<std::vector<Destruction>> retention_preview(store::Connection& db, const User& by, const std::string& today)
{
    TRY(need_permission(by, Permission::ManageUsers, "keeping the retention schedule"));
    auto lines = TRY(store::retention::due(db, by.partnership, today));
    for (auto& [p, line] : TRY(store::retention::trim_audit_trail(db, today, true, Actor::command_line())))
        if (p == by.partnership) lines.push_back(std::move(line));
    return lines;
}

Result<std::int64_t> place_legal_hold(store::Connection& db, const User& by, const Actor& actor,
                                      std::optional<ContextId> context, const std::string& reason)
{
    if (context) {
        TRY(need_permission(by, Permission::CreateContexts, "placing a legal hold on a context"));
        TRY(need_context(db, by, *context));
    } else {
        TRY(need_permission(by, Permission::ManageUsers, "placing a legal hold over the partnership"));
    }
    TRY(check_reason(reason, "reason"));
    return store::retention::place_hold(db, by.partnership, context, text::normalise_paragraphs(reason), actor);
}

Result<void> lift_legal_hold(store::Connection& db, const User& by, const Actor& actor, std::int64_t hold,
                             const std::string& reason)
{
    std::optional<LegalHold> found;
    for (auto& h : TRY(store::retention::holds(db, by.partnership)))
        if (h.id == hold && h.in_force()) found = std::move(h);
    if (!found) return std::unexpected(Error::not_found("There is no such legal hold in force."));
    if (found->context) {
        TRY(need_permission(by, Permission::CreateContexts, "lifting a legal hold on a context"));
        TRY(need_context(db, by, *found->context));
    } else {
        TRY(need_permission(by, Permission::ManageUsers, "lifting the legal hold over the partnership"));
    }
    TRY(check_reason(reason, "lift_reason"));
    return store::retention::lift_hold(db, by.partnership, hold, text::normalise_paragraphs(reason), actor);
}

Result<std::vector<LegalHold>> context_holds(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    std::vector<LegalHold> out;
    for (auto& h : TRY(store::retention::holds(db, by.partnership)))
        if (!h.context || *h.context == context) out.push_back(std::move(h));
    return out;
}

Result<std::vector<RetentionRun>> run_retention(store::Connection& db, const std::string& today, bool dry,
                                                const Actor& actor)
{
    std::vector<RetentionRun> runs;
    for (auto& p : TRY(store::partnerships::list(db))) {
        auto lines =
            dry ? TRY(store::retention::due(db, p.id, today)) : TRY(store::retention::destroy(db, p.id, today, actor));
        runs.push_back({std::move(p), std::move(lines)});
    }
    for (auto& [p, line] : TRY(store::retention::trim_audit_trail(db, today, dry, actor)))
        for (auto& run : runs)
            if (run.partnership.id == p) run.lines.push_back(std::move(line));
    return runs;
}

Result<bool> run_daily_retention(store::Connection& db, const std::string& today)
{
    if (!TRY(store::retention::claim_day(db, "retention", today))) return false;
    TRY(run_retention(db, today, false, Actor{std::nullopt, "Trellis retention", "daily job"}));
    return true;
}

}  // namespace trellis::service
