#include "service/lifecycle.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/meeting_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::service {
namespace {

namespace lc = store::lifecycle;

Result<void> need_lead(const User& by, const char* what)
{
    return need_permission(by, Permission::CreateContexts, what);
}

// Case references past their period are destroyed before concerns are read.
Result<void> expire(store::Connection& db, const User& by)
{
    return lc::expire_case_references(db, by.partnership);
}

Concern for_reader(const User& by, Concern c)
{
    if (!sees_case_references(by)) c.case_reference.clear();
    return c;
}

Result<Assessment> seen_assessment(store::Connection& db, const User& by, AssessmentId id)
{
    auto a = TRY(lc::assessment(db, by.partnership, id));
    TRY(need_context(db, by, a.context));
    return a;
}

}  // namespace

bool sees_case_references(const User& by)
{
    return by.role == Role::Lead;
}

// ---- Places ----

Result<std::vector<Place>> places(store::Connection& db, const User& by)
{
    return lc::places(db, by.partnership);
}

Result<PlaceId> add_place(store::Connection& db, const User& by, const Actor& actor, const Place& place)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the list of places"));
    return lc::add_place(db, by.partnership, place, actor);
}

Result<RepeatRule> repeat_rule(store::Connection& db, const User& by)
{
    return lc::repeat_rule(db, by.partnership);
}

Result<void> set_repeat_rule(store::Connection& db, const User& by, const Actor& actor, RepeatRule rule)
{
    TRY(need_permission(by, Permission::ManageUsers, "setting the repeat rule"));
    return lc::set_repeat_rule(db, by.partnership, rule, actor);
}

// ---- Concerns ----

Result<RecordedConcern> record_concern(store::Connection& db, const User& by, const Actor& actor,
                                       const Concern& concern, ContextKind new_kind)
{
    TRY(need_lead(by, "recording concerns"));
    return lc::create_concern(db, by.partnership, concern, new_kind, actor);
}

Result<Concern> concern(store::Connection& db, const User& by, ConcernId id)
{
    TRY(need_lead(by, "reading concerns"));
    TRY(expire(db, by));
    return for_reader(by, TRY(lc::concern(db, by.partnership, id)));
}

Result<Page<Concern>> concerns(store::Connection& db, const User& by, std::int64_t page)
{
    TRY(need_lead(by, "reading concerns"));
    TRY(expire(db, by));
    auto out = TRY(lc::concerns(db, by.partnership, page, 25));
    for (auto& c : out.items) c = for_reader(by, std::move(c));
    return out;
}

Result<std::vector<TrackerRow>> tracker(store::Connection& db, const User& by)
{
    TRY(need_lead(by, "reading the concerns tracker"));
    return lc::tracker(db, by.partnership, TRY(lc::repeat_rule(db, by.partnership)));
}

Result<void> start_screening(store::Connection& db, const User& by, const Actor& actor, ConcernId id)
{
    TRY(need_lead(by, "screening concerns"));
    return lc::start_screening(db, by.partnership, id, actor);
}

Result<void> screen(store::Connection& db, const User& by, const Actor& actor, ConcernId id, const Concern& decision)
{
    TRY(need_lead(by, "screening concerns"));
    return lc::screen(db, by.partnership, id, decision, actor);
}

Result<std::vector<Concern>> concerns_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    TRY(expire(db, by));
    auto out = TRY(lc::concerns_of(db, by.partnership, context));
    for (auto& c : out) c = for_reader(by, std::move(c));
    return out;
}

// ---- Assessments ----

Result<std::vector<Assessment>> assessments_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return lc::assessments_of(db, by.partnership, context);
}

Result<Assessment> assessment(store::Connection& db, const User& by, AssessmentId id)
{
    return seen_assessment(db, by, id);
}

Result<AssessmentId> start_assessment(store::Connection& db, const User& by, const Actor& actor, ContextId context)
{
    TRY(may_edit_context(db, by, context, "assessing contexts"));
    return lc::start_assessment(db, by.partnership, context, actor);
}

Result<FindingId> add_finding(store::Connection& db, const User& by, const Actor& actor, AssessmentId id,
                              const Finding& finding)
{
    auto a = TRY(seen_assessment(db, by, id));
    TRY(may_edit_context(db, by, a.context, "assessing contexts"));
    return lc::add_finding(db, by.partnership, id, finding, 3, actor);
}

Result<AssessmentId> remove_finding(store::Connection& db, const User& by, const Actor& actor, FindingId id)
{
    TRY(need_permission(by, Permission::EditFrameworks, "assessing contexts"));
    // The finding's context is checked by the repository's join; need-to-know
    // is checked on the assessment it belongs to before anything is removed.
    auto tx = TRY(store::Transaction::begin(db));
    auto assessment_id = TRY(lc::remove_finding(db, by.partnership, id, actor));
    auto a = TRY(seen_assessment(db, by, assessment_id));
    TRY(may_edit_context(db, by, a.context, "assessing contexts"));
    TRY(tx.commit());
    return assessment_id;
}

Result<void> save_discussion(store::Connection& db, const User& by, const Actor& actor, AssessmentId id,
                             const std::string& text)
{
    auto a = TRY(seen_assessment(db, by, id));
    TRY(may_edit_context(db, by, a.context, "assessing contexts"));
    return lc::save_discussion(db, by.partnership, id, text, actor);
}

Result<void> complete_assessment(store::Connection& db, const User& by, const Actor& actor, AssessmentId id)
{
    auto a = TRY(seen_assessment(db, by, id));
    TRY(may_edit_context(db, by, a.context, "assessing contexts"));
    return lc::complete_assessment(db, by.partnership, id, today_utc(), actor);
}

Result<std::vector<SourceRef>> source_options(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return lc::source_options(db, by.partnership, context);
}

// ---- Goal library ----

Result<std::vector<LibraryGoal>> library(store::Connection& db, const User& by, const FrameworkTemplate& layout)
{
    std::vector<LibraryGoal> out;
    for (std::size_t side = 0; side < layout.areas.size(); ++side)
        for (const auto& g : layout.areas[side].goals)
            out.push_back({std::nullopt, layout.context_kind, static_cast<int>(side), g});
    for (auto& own : TRY(lc::library_goals(db, by.partnership)))
        if (own.kind == layout.context_kind) out.push_back(std::move(own));
    std::ranges::stable_sort(out, {}, &LibraryGoal::side);
    return out;
}

Result<std::vector<LibraryGoal>> own_library_goals(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the goal library"));
    return lc::library_goals(db, by.partnership);
}

Result<LibraryGoalId> add_library_goal(store::Connection& db, const User& by, const Actor& actor,
                                       const LibraryGoal& goal)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the goal library"));
    return lc::add_library_goal(db, by.partnership, goal, actor);
}

Result<void> remove_library_goal(store::Connection& db, const User& by, const Actor& actor, LibraryGoalId id)
{
    TRY(need_permission(by, Permission::ManageUsers, "managing the goal library"));
    return lc::remove_library_goal(db, by.partnership, id, actor);
}

std::string scoping_from(const Assessment& a, const FrameworkTemplate& layout, const std::vector<FindingId>& findings)
{
    std::string out = fmt::format("Identified in the context assessment (version {}{}):", a.version,
                                  a.completed_on.empty() ? "" : ", completed " + uk_date(a.completed_on));
    for (auto id : findings) {
        auto f = std::ranges::find(a.findings, id, &Finding::id);
        if (f == a.findings.end()) continue;
        std::string side =
            static_cast<std::size_t>(f->side) < layout.areas.size() ? layout.areas[f->side].side : "Finding";
        out += fmt::format("\n\n{} ({}, weighted {} of 3): {}", side, text::name_key(kFindingKinds.label(f->kind)),
                           f->weight, f->text);
        std::string sources;
        for (const auto& s : f->sources) sources += (sources.empty() ? "" : "; ") + s.label;
        if (!sources.empty()) out += fmt::format(" Sources: {}.", sources);
    }
    return out;
}

Result<FrameworkId> framework_from_assessment(store::Connection& db, const User& by, const Actor& actor,
                                              AssessmentId id, const FrameworkTemplate& layout,
                                              const std::string& title, const std::vector<ChosenGoal>& goals)
{
    TRY(need_permission(by, Permission::CreateFrameworks, "creating frameworks"));
    auto a = TRY(seen_assessment(db, by, id));
    if (!a.complete())
        return std::unexpected(Error::conflict("Complete the assessment before drawing a framework's goals from it."));
    if (goals.empty()) return std::unexpected(Error::invalid("Choose or write at least one goal.", "goals"));
    Framework f = framework_from_template(layout, a.context, text::collapse_space(title));
    f.owner = by.id;
    for (const auto& g : goals) {
        if (g.side < 0 || static_cast<std::size_t>(g.side) >= f.areas.size())
            return std::unexpected(Error::invalid("Choose a side of the triangle for each goal.", "goals"));
        for (auto fid : g.findings)
            if (std::ranges::find(a.findings, fid, &Finding::id) == a.findings.end())
                return std::unexpected(Error::invalid("Choose findings from this assessment.", "goals"));
        Goal goal;
        goal.statement = text::collapse_space(g.statement);
        goal.stage(Stage::Scoping).text = scoping_from(a, layout, g.findings);
        f.areas[g.side].goals.push_back(std::move(goal));
    }
    if (auto errors = validate(f); !errors.empty()) {
        auto e = errors.front();
        if (e.field != "title") e.field = "goals";
        return std::unexpected(e);
    }
    auto tx = TRY(store::Transaction::begin(db));
    auto fid = TRY(store::frameworks::create(db, by.partnership, f));
    auto made = TRY(store::frameworks::load(db, by.partnership, fid));
    // Goals come back in the order they were written, area by area.
    std::vector<std::size_t> next(made.areas.size(), 0);
    for (const auto& g : goals) {
        const auto& goal = made.areas[g.side].goals[next[g.side]++];
        TRY(store::lifecycle::link_findings(db, goal.id, g.findings));
    }
    TRY(store::audit::record(
        db, actor,
        {by.partnership, "create", "framework", fid.value, a.context,
         fmt::format("template={} source=assessment:{} goals={}", layout.key, a.id.value, goals.size())}));
    TRY(lc::advance(db, by.partnership, a.context, ContextStage::Planning,
                    fmt::format("Framework drawn from assessment version {}", a.version), actor));
    TRY(tx.commit());
    return fid;
}

// ---- Reviews ----

Result<ReviewId> record_review(store::Connection& db, const User& by, const Actor& actor, const Review& review)
{
    TRY(need_permission(by, Permission::CreateFrameworks, "recording reviews"));
    TRY(need_context(db, by, review.context));
    return lc::create_review(db, by.partnership, review, actor);
}

Result<Review> review(store::Connection& db, const User& by, ReviewId id)
{
    auto r = TRY(lc::review(db, by.partnership, id));
    TRY(need_context(db, by, r.context));
    return r;
}

Result<std::vector<Review>> reviews_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return lc::reviews_of(db, by.partnership, context);
}

Result<std::string> why_not_sign_off(store::Connection& db, const User& by, const Review& review)
{
    if (!review.needs_sign_off()) return std::string("A decision to continue the plan needs no sign-off.");
    if (review.signed_off()) return std::string("This decision has been signed off.");
    if (by.role != Role::Lead || !TRY(store::users::can_sign_off(db, by.partnership, by.id)))
        return std::string("Signing off needs the sign-off right, which an administrator grants to team managers.");
    if (review.author == by.id)
        return std::string("You recorded this decision, so someone else with the sign-off right must sign it off.");
    return std::string();
}

Result<void> sign_off(store::Connection& db, const User& by, const Actor& actor, ReviewId id)
{
    auto r = TRY(review(db, by, id));
    auto why = TRY(why_not_sign_off(db, by, r));
    if (!why.empty()) {
        if (r.signed_off() || !r.needs_sign_off()) return std::unexpected(Error::conflict(why));
        return std::unexpected(Error::forbidden(why));
    }
    return lc::sign_off(db, by.partnership, id, by.id, actor);
}

Result<void> set_sign_off(store::Connection& db, const User& by, const Actor& actor, UserId user, bool can)
{
    TRY(need_permission(by, Permission::ManageUsers, "granting the sign-off right"));
    auto tx = TRY(store::Transaction::begin(db));
    auto target = TRY(store::users::get(db, by.partnership, user));
    if (can && target.role != Role::Lead)
        return std::unexpected(Error::invalid(
            fmt::format("Only Contextual Safeguarding leads can sign off decisions; {} is not a lead.", target.email),
            "user"));
    TRY(store::users::set_sign_off(db, by.partnership, user, can));
    TRY(store::audit::record(db, actor,
                             {by.partnership, "update", "user", user.value, std::nullopt,
                              fmt::format("can_sign_off={}", can ? "yes" : "no")}));
    return tx.commit();
}

Result<std::vector<UserId>> signers(store::Connection& db, const User& by)
{
    return store::users::signers(db, by.partnership);
}

Result<Waiting> waiting(store::Connection& db, const User& by)
{
    if (by.role != Role::Lead) return Waiting{};
    return lc::waiting(db, by.partnership);
}

// ---- Conferences ----

Result<void> mark_summary_sent(store::Connection& db, const User& by, const Actor& actor, MeetingId id)
{
    auto m = TRY(store::meetings::get(db, by.partnership, id));
    TRY(may_edit_context(db, by, m.context, "recording that a summary was sent"));
    return store::meetings::mark_summary_sent(db, by.partnership, id, today_utc(), actor);
}

// ---- Chronology and stages ----

Result<std::vector<ChronologyEntry>> chronology(store::Connection& db, const User& by, ContextId context,
                                                bool for_export)
{
    TRY(need_context(db, by, context));
    TRY(expire(db, by));
    // A case reference never leaves Trellis: exports leave it out, even for leads.
    return lc::chronology(db, by.partnership, context, sees_case_references(by) && !for_export);
}

Result<std::vector<StageChange>> stage_history(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return lc::history(db, by.partnership, context);
}

Result<StageReport> stage_report(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ReadReports, "partnership reports"));
    StageReport out;
    out.counts = TRY(lc::stage_counts(db, by.partnership));
    StageDurations durations;
    for (const auto& h : TRY(lc::histories(db, by.partnership))) add_durations(h, durations);
    for (const auto& d : durations.days) {
        out.median_days.push_back(median(d));
        out.left.push_back(static_cast<std::int64_t>(d.size()));
    }
    return out;
}

}  // namespace trellis::service
