// Contexts: the list, one context, adding and linking contexts, the audit trail.
#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/lifecycle.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/lifecycle.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

Response context_form(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto kind = parse_context_kind(model.value("kind", "peer_group")).value_or(ContextKind::PeerGroup);
    model["kinds"] = options(kContextKinds, kind);
    add_errors(model, errors);
    return c.page("context_new", errors.empty() ? "Add a context" : "Error: Add a context", std::move(model), status);
}

}  // namespace

Result<Response> contexts(Ctx& c)
{
    ContextFilter filter{text::collapse_space(c.query.get("q")), std::nullopt, std::nullopt};
    if (const auto& k = c.query.get("kind"); !k.empty()) {
        filter.kind = parse_context_kind(k);
        if (!filter.kind) return std::unexpected(Error::invalid("Choose a kind from the list.", "kind"));
    }
    if (const auto& s = c.query.get("stage"); !s.empty()) {
        filter.stage = kContextStages.parse(s);
        if (!filter.stage) return std::unexpected(Error::invalid("Choose a stage from the list.", "stage"));
    }
    auto page = TRY(service::contexts_page(c.db, c.who->user, filter, page_number(c.query.get("page"))));
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& listed : page.items)
        rows.push_back({{"id", std::to_string(listed.context.id.value)},
                        {"name", listed.context.name},
                        {"kind", label(listed.context.kind)},
                        {"stage", kContextStages.label(listed.context.stage)},
                        {"stage_class", stage_class(listed.context.stage)},
                        {"frameworks", std::to_string(listed.frameworks)},
                        {"updated", when(listed.context.updated_at)}});
    nlohmann::json kinds = nlohmann::json::array();
    for (auto k : kContextKinds)
        kinds.push_back({{"value", to_string(k)}, {"label", label(k)}, {"selected", filter.kind == k}});
    bool filtered = !filter.name.empty() || filter.kind || filter.stage;
    std::string empty = filtered ? "No contexts match your search."
                        : works_by_allocation(c.who->user.role)
                            ? "No contexts are allocated to you yet. Ask your Contextual Safeguarding lead."
                            : "There are no contexts yet.";
    std::string banner = c.query.get("done") == "context-created" ? "The context was added." : "";
    return c.page("contexts", "Contexts",
                  {{"contexts", rows},
                   {"has_contexts", !rows.empty()},
                   {"count_text", counted(page, "context")},
                   {"showing", showing(page)},
                   {"pagination", pagination("/contexts", c.query.fields(), page.number, page.pages(), page.more)},
                   {"empty_text", empty},
                   {"q", c.query.get("q")},
                   {"kinds", kinds},
                   {"stages", choice_options(kContextStages, [&](ContextStage s) { return filter.stage == s; })},
                   {"can_create", role_allows(c.who->user.role, Permission::CreateContexts)},
                   {"by_allocation", works_by_allocation(c.who->user.role)},
                   {"banner", banner}});
}

Result<Response> context_new(Ctx& c)
{
    return context_form(c, {{"kind", "peer_group"}}, {}, 200);
}

Result<Response> context_create(Ctx& c)
{
    Context ctx;
    ctx.partnership = c.partnership();
    ctx.name = c.form.get("name");
    ctx.description = c.form.get("description");
    auto kind = parse_context_kind(c.form.get("kind"));
    nlohmann::json model = {{"name", ctx.name}, {"description", ctx.description}, {"kind", c.form.get("kind")}};
    auto errors = validate(ctx);
    if (!kind) errors.push_back(Error::invalid("Choose the kind of context.", "kind-peer_group"));
    if (!errors.empty()) return context_form(c, std::move(model), errors, 400);
    ctx.kind = *kind;
    auto id = service::create_context(c.db, c.who->user, c.actor(), ctx);
    if (!id && (id.error().kind == Error::Kind::Conflict || id.error().kind == Error::Kind::Invalid))
        return context_form(c, std::move(model), {id.error()}, 409);
    return c.redirect(fmt::format("/contexts/{}?done=created", TRY(std::move(id)).value));
}

Result<Response> context_show(Ctx& c)
{
    ContextId id{c.id(0)};
    auto ctx = TRY(service::context(c.db, c.who->user, id));
    // As soon as the context is known to be this user's to see: the row is
    // committed while the rest of the page is read and built.
    TRY(c.audit_view("context", id.value, id));
    auto summaries = TRY(service::frameworks_of(c.db, c.who->user, id));

    nlohmann::json frameworks = nlohmann::json::array();
    for (const auto& s : summaries)
        frameworks.push_back({{"id", std::to_string(s.id.value)},
                              {"title", s.title},
                              {"status", label(s.status)},
                              {"status_class", tag_class(s.status)},
                              {"goals", std::to_string(s.goals)},
                              {"next_review", when(s.next_review_date)}});
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : ctx.links)
        links.push_back({{"id", std::to_string(l.to.value)}, {"name", l.to_name}, {"label", l.label}});
    Role role = c.who->user.role;
    bool may_link = role_allows(role, Permission::CreateContexts);
    std::string done = c.query.get("done");
    std::string banner = done == "created" ? "The context was added." : done == "linked" ? "The link was added." : "";
    // Where the work has got to, and the next step with a link to it.
    auto concerns = TRY(service::concerns_of(c.db, c.who->user, id));
    bool lead = role_allows(role, Permission::CreateContexts);
    std::string waiting;  // the concern waiting for screening, newest first
    for (const auto& k : concerns)
        if (!k.decision) waiting = fmt::format("/concerns/{}", k.id.value);
    auto base = fmt::format("/contexts/{}", id.value);
    std::string next, next_href;
    switch (ctx.stage) {
        case ContextStage::Concern:
            next = "A concern has been recorded and waits for screening.";
            next_href = lead ? waiting : "";
            break;
        case ContextStage::Screening:
            next = "The concern is being screened.";
            next_href = lead ? waiting : "";
            break;
        case ContextStage::Assessment:
            next = "Assess the context along the sides of its triangle.";
            next_href = base + "/assessment";
            break;
        case ContextStage::Planning:
            next = "Agree the goals and the plan at a context conference.";
            next_href = base + "/meetings?type=context_conference#record";
            break;
        case ContextStage::Active: {
            // A review conference is offered from two weeks before the review date.
            std::string due;
            for (const auto& s : summaries)
                if (s.status != FrameworkStatus::Closed && !s.next_review_date.empty() &&
                    (due.empty() || s.next_review_date < due))
                    due = s.next_review_date;
            if (!due.empty() && due <= add_days(today_utc(), 14)) {
                next = fmt::format("The framework's review date is {}: arrange the review conference.", when(due));
                next_href = base + "/meetings?type=review_conference#record";
            } else {
                next = "The plan is under way. Review it at the framework's review date.";
                next_href = base + "/reviews";
            }
            break;
        }
        case ContextStage::Review:
            next = "A decision to close or step down waits for sign-off.";
            next_href = base + "/reviews";
            break;
        case ContextStage::Closed:
            next = "The context is closed and its records are read-only. A new concern about it reopens it.";
            next_href = lead ? fmt::format("/concerns/new?context={}", id.value) : "";
            break;
    }
    nlohmann::json concern_rows = nlohmann::json::array();
    for (const auto& k : concerns)
        concern_rows.push_back({{"id", std::to_string(k.id.value)},
                                {"raised_on", when(k.raised_on)},
                                {"raised_by", k.raised_by},
                                {"decision", k.decision ? std::string(kScreeningDecisions.label(*k.decision))
                                                        : std::string("Waiting for screening")}});
    return c.page("context", ctx.name,
                  {{"id", std::to_string(id.value)},
                   {"name", ctx.name},
                   {"kind", label(ctx.kind)},
                   {"stage", kContextStages.label(ctx.stage)},
                   {"stage_class", stage_class(ctx.stage)},
                   {"next_step", next},
                   {"next_href", next_href},
                   {"concerns", concern_rows},
                   {"has_concerns", !concern_rows.empty()},
                   {"concern_links", lead},
                   {"description_paragraphs", paragraphs(text::normalise_paragraphs(ctx.description))},
                   {"links", links},
                   {"has_links", !links.empty()},
                   {"frameworks", frameworks},
                   {"has_frameworks", !frameworks.empty()},
                   {"can_create_framework", role_allows(role, Permission::CreateFrameworks)},
                   {"can_audit", role_allows(role, Permission::ReadAudit)},
                   {"can_link", may_link},
                   {"banner", banner}});
}

Result<Response> context_link(Ctx& c)
{
    ContextId id{c.id(0)};
    // By id from a form that lists contexts, or by the name typed.
    auto to_id = parse_id(c.form.get("to"));
    ContextId to =
        to_id ? ContextId{*to_id} : TRY(service::context_called(c.db, c.who->user, c.form.get("to_name"), "to_name"));
    TRY(service::link_contexts(c.db, c.who->user, c.actor(), id, to, c.form.get("label")));
    return c.redirect(fmt::format("/contexts/{}?done=linked", id.value));
}

}  // namespace trellis::web::handlers
