// Actions on goals, each owned by an agency; a partner agency's own view of
// the actions it is part of; and the partnership's agencies.
#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/actions.hpp"
#include "service/framework_editing.hpp"
#include "service/privacy.hpp"
#include "web/forms.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

Response action_form(Ctx& c, GoalId goal, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto g = service::goal(c.db, c.who->user, goal);
    if (!g) return c.fail(g.error());
    auto agencies = service::agencies_of(c.db, c.who->user);
    if (!agencies) return c.fail(agencies.error());
    std::vector<std::string> chosen_partners;
    if (model.contains("partners")) chosen_partners = model["partners"].get<std::vector<std::string>>();
    nlohmann::json owners = nlohmann::json::array(), partners = nlohmann::json::array();
    for (const auto& a : *agencies) {
        auto id = std::to_string(a.id.value);
        owners.push_back({{"id", id}, {"name", a.name}, {"selected", model.value("owner_agency", "") == id}});
        partners.push_back({{"id", id},
                            {"name", a.name},
                            {"checked", std::ranges::find(chosen_partners, id) != chosen_partners.end()}});
    }
    auto approach = parse_approach(model.value("approach", "relational")).value_or(Approach::Relational);
    model["owners"] = owners;
    model["partner_options"] = partners;
    model["approaches"] = options(kApproaches, approach);
    model["goal_id"] = std::to_string(goal.value);
    model["goal_statement"] = g->statement;
    model["framework_id"] = std::to_string(g->where.framework.value);
    add_errors(model, errors);
    return c.page("action_new", errors.empty() ? "Add an action" : "Error: Add an action", model, status);
}

nlohmann::json action_json(const Action& a, const std::string& today_date)
{
    std::string partners;
    for (const auto& n : a.partner_names) partners += (partners.empty() ? "" : ", ") + n;
    nlohmann::json notes = nlohmann::json::array();
    for (auto it = a.notes.rbegin(); it != a.notes.rend(); ++it)
        notes.push_back({{"text", it->text},
                         {"author", it->author_label},
                         {"at", when(it->written_at)},
                         {"status", label(parse_action_status(it->status).value_or(ActionStatus::Planned))}});
    return {{"id", std::to_string(a.id.value)},
            {"what", a.what},
            {"owner", a.owner_agency_name},
            {"owner_name", a.owner_name},
            {"partners", partners},
            {"start_date", a.start_date.empty() ? "Not set" : when(a.start_date)},
            {"due_date", a.due_date.empty() ? "Not set" : when(a.due_date)},
            {"status", label(a.status)},
            {"status_class", tag_class(a.status)},
            {"approach", label(a.approach)},
            {"enforcement", !welfare_led(a.approach)},
            {"overdue", overdue(a, today_date)},
            {"notes", notes},
            {"has_notes", !notes.empty()}};
}

// An action in a list across contexts: with the goal it serves and its context.
nlohmann::json listed_action_json(const AgencyAction& v, const std::string& today_date)
{
    auto row = action_json(v.action, today_date);
    row["goal_statement"] = v.goal_statement;
    row["context_name"] = v.context_name;
    row["context_id"] = std::to_string(v.context.value);
    return row;
}

}  // namespace

Result<Response> action_new(Ctx& c)
{
    GoalId goal{c.id(0)};
    TRY(service::locate_goal(c.db, c.who->user, goal));
    return action_form(c, goal, {{"approach", "relational"}}, {}, 200);
}

Result<Response> action_create(Ctx& c)
{
    GoalId goal{c.id(0)};
    auto where = TRY(service::locate_goal(c.db, c.who->user, goal));
    Action a;
    a.goal = goal;
    a.what = c.form.get("what");
    a.owner_name = c.form.get("owner_name");
    a.start_date = c.form.get("start_date");
    a.due_date = c.form.get("due_date");
    std::vector<std::string> partner_ids;
    std::vector<Error> errors;
    for (const auto& [k, v] : c.form.fields()) {
        if (k != "partners") continue;
        auto id = parse_id(v);
        if (!id) {
            errors.push_back(Error::invalid("Choose partner agencies from the list.", "partners"));
            break;
        }
        a.partners.push_back(AgencyId{*id});
        partner_ids.push_back(v);
    }
    if (auto owner = parse_id(c.form.get("owner_agency"))) a.owner_agency = AgencyId{*owner};
    auto approach = parse_approach(c.form.get("approach"));
    if (!approach) errors.push_back(Error::invalid("Choose the approach of the action.", "approach-relational"));
    a.approach = approach.value_or(Approach::Relational);
    for (auto& e : validate(a)) errors.push_back(std::move(e));
    nlohmann::json model = {{"what", a.what},
                            {"owner_name", a.owner_name},
                            {"start_date", a.start_date},
                            {"due_date", a.due_date},
                            {"owner_agency", c.form.get("owner_agency")},
                            {"approach", c.form.get("approach")},
                            {"partners", partner_ids}};
    if (!errors.empty()) return action_form(c, goal, model, errors, 400);
    auto id = service::create_action(c.db, c.who->user, c.actor(), goal, a);
    if (!id) {
        if (id.error().kind == Error::Kind::Invalid) return action_form(c, goal, model, {id.error()}, 400);
        return std::unexpected(id.error());
    }
    return c.redirect(fmt::format("/frameworks/{}?done=action-added#goal-{}", where.framework.value, goal.value));
}

Result<Response> action_show(Ctx& c)
{
    auto detail = TRY(service::action_detail(c.db, c.who->user, ActionId{c.id(0)}));
    TRY(c.audit_view("action", detail.action.id.value, detail.place.context));
    auto model = action_json(detail.action, today_utc());
    model["goal_statement"] = detail.goal_statement;
    model["statuses"] = options(kActionStatuses, detail.action.status);
    model["is_partner"] = sees_own_agency_actions_only(c.who->user.role);
    model["framework_id"] = std::to_string(detail.place.framework.value);
    model["banner"] = c.query.get("done") == "progress" ? "Your progress note was saved." : "";
    add_errors(model, {});
    return c.page("action", "Action", model);
}

Result<Response> action_progress(Ctx& c)
{
    ActionId id{c.id(0)};
    auto status = parse_action_status(c.form.get("status"));
    if (!status) return std::unexpected(Error::invalid("Choose the action's status.", "status"));
    auto r = service::record_progress(c.db, c.who->user, c.actor(), id, *status, c.form.get("note"));
    if (!r) {
        if (r.error().kind != Error::Kind::Invalid) return std::unexpected(r.error());
        auto detail = service::action_detail(c.db, c.who->user, id);
        if (!detail) return std::unexpected(r.error());
        auto model = action_json(detail->action, today_utc());
        model["goal_statement"] = detail->goal_statement;
        model["statuses"] = options(kActionStatuses, *status);
        model["note"] = c.form.get("note");
        model["is_partner"] = sees_own_agency_actions_only(c.who->user.role);
        model["framework_id"] = std::to_string(detail->place.framework.value);
        add_errors(model, {Error::invalid(r.error().message, "note")});
        return c.page("action", "Error: Action", model, 400);
    }
    return c.redirect(fmt::format("/actions/{}?done=progress", id.value));
}

Result<Response> my_actions(Ctx& c)
{
    nlohmann::json model = {{"has_agency", c.who->user.agency.has_value()},
                            {"can_list", role_allows(c.who->user.role, Permission::ReadContexts)}};
    if (c.who->user.agency) {
        // Soonest due first, a page at a time, narrowed as the partnership's list is
        // (the agency is the caller's own; no context is chosen here).
        auto filter = TRY(action_filter(c.query));
        auto today = today_utc();
        auto page = TRY(service::agency_actions(c.db, c.who->user, filter, today, page_number(c.query.get("page"))));
        TRY(c.audit_view("actions", 0, std::nullopt, fmt::format("agency page {}", page.number)));
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& v : page.items) rows.push_back(listed_action_json(v, today));
        for (const auto& a : TRY(service::agencies_of(c.db, c.who->user)))
            if (a.id == *c.who->user.agency) model["agency"] = a.name;
        bool filtered = filter.overdue_only || filter.approach || filter.status;
        model["actions"] = rows;
        model["has_actions"] = !rows.empty();
        model["overdue_only"] = filter.overdue_only;
        model["approaches"] = choice_options(kApproaches, [&](Approach a) { return filter.approach == a; });
        model["statuses"] = choice_options(kActionStatuses, [&](ActionStatus s) { return filter.status == s; });
        model["filtered"] = filtered;
        model["count"] = counted(page, "action");
        model["showing"] = showing(page);
        model["pagination"] = pagination("/my-actions", c.query.fields(), page.number, page.pages(), page.more);
    }
    return c.page("my_actions", "Actions", model);
}

Result<ActionFilter> action_filter(const Form& query)
{
    ActionFilter filter;
    filter.overdue_only = query.get("overdue") == "yes" || query.get("overdue") == "true";
    auto id_filter = [&](const char* field, const char* message) -> Result<std::optional<std::int64_t>> {
        const auto& v = query.get(field);
        if (v.empty()) return std::nullopt;
        auto id = parse_id(v);
        if (!id) return std::unexpected(Error::invalid(message, field));
        return id;
    };
    if (auto a = TRY(id_filter("agency", "Choose an agency from the list."))) filter.agency = AgencyId{*a};
    if (auto x = TRY(id_filter("context", "Choose a context from the list."))) filter.context = ContextId{*x};
    auto choice_filter = [&]<typename E, std::size_t N>(const Choices<E, N>& set, const char* field,
                                                        const char* message) -> Result<std::optional<E>> {
        const auto& v = query.get(field);
        if (v.empty()) return std::nullopt;
        auto e = set.parse(v);
        if (!e) return std::unexpected(Error::invalid(message, field));
        return e;
    };
    filter.approach = TRY(choice_filter(kApproaches, "approach", "Choose an approach from the list."));
    filter.status = TRY(choice_filter(kActionStatuses, "status", "Choose a status from the list."));
    return filter;
}

Result<Response> actions_list(Ctx& c)
{
    auto filter = TRY(action_filter(c.query));
    std::string context_shown;
    filter.context = TRY(c.context_filter(filter.context, context_shown));

    auto today = today_utc();
    auto page = TRY(service::partnership_actions(c.db, c.who->user, filter, today, page_number(c.query.get("page"))));
    TRY(c.audit_view("actions", 0, filter.context, fmt::format("page {}", page.number)));
    auto agencies = TRY(service::agencies_of(c.db, c.who->user));
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& v : page.items) rows.push_back(listed_action_json(v, today));
    nlohmann::json agency_options = nlohmann::json::array();
    for (const auto& a : agencies)
        agency_options.push_back(
            {{"value", std::to_string(a.id.value)}, {"label", a.name}, {"selected", filter.agency == a.id}});
    bool filtered = filter.overdue_only || filter.agency || filter.context || filter.approach || filter.status;
    nlohmann::json model = {
        {"actions", rows},
        {"has_actions", !rows.empty()},
        {"overdue_only", filter.overdue_only},
        {"agencies", agency_options},
        {"context_filter", context_shown},
        {"approaches", choice_options(kApproaches, [&](Approach a) { return filter.approach == a; })},
        {"statuses", choice_options(kActionStatuses, [&](ActionStatus s) { return filter.status == s; })},
        {"filtered", filtered},
        {"count", counted(page, "action")},
        {"showing", showing(page)},
        {"has_agency", c.who->user.agency.has_value()},
        {"pagination", pagination("/actions", c.query.fields(), page.number, page.pages(), page.more)}};
    return c.page("actions", "Actions", model);
}

namespace {

Response agencies_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto list = service::agencies_of(c.db, c.who->user);
    if (!list) return c.fail(list.error());
    auto agreements = service::agreements(c.db, c.who->user);
    if (!agreements) return c.fail(agreements.error());
    auto today = today_utc();
    nlohmann::json rows = nlohmann::json::array(), options = nlohmann::json::array();
    for (const auto& a : *list) {
        std::string sharing = "No current agreement: nothing is shared";
        bool current = false;
        for (const auto& s : *agreements)
            if (s.agency == a.id && s.current(today)) {
                sharing = fmt::format("Agreement until {}", when(s.ends_on));
                current = true;
            }
        rows.push_back({{"name", a.name},
                        {"kind", agency_label(a.kind)},
                        {"contact", a.contact_name},
                        {"email", a.contact_email},
                        {"phone", a.contact_phone},
                        {"sharing", sharing},
                        {"current", current}});
        auto id = std::to_string(a.id.value);
        options.push_back({{"id", id}, {"name", a.name}, {"selected", model.value("agency", "") == id}});
    }
    nlohmann::json history = nlohmann::json::array();
    for (const auto& s : *agreements)
        history.push_back({{"agency", s.agency_name},
                           {"dates", fmt::format("{} to {}", when(s.starts_on), when(s.ends_on))},
                           {"purposes", s.purposes},
                           {"what", s.what},
                           {"current", s.current(today)}});
    nlohmann::json kinds = nlohmann::json::array();
    for (auto k : kAgencyKinds) kinds.push_back({{"value", to_string(k)}, {"label", agency_label(k)}});
    model["agencies"] = rows;
    model["kinds"] = kinds;
    model["agency_options"] = options;
    model["agreements"] = history;
    model["has_agreements"] = !history.empty();
    add_errors(model, errors);
    return c.page("agencies", errors.empty() ? "Agencies" : "Error: Agencies", std::move(model), status);
}

}  // namespace

Result<Response> agencies(Ctx& c)
{
    std::string done = c.query.get("done");
    return agencies_page(c,
                         {{"banner", done == "added"       ? "The agency was added."
                                     : done == "agreement" ? "The sharing agreement was recorded."
                                                           : ""}},
                         {}, 200);
}

Result<Response> agreement_add(Ctx& c)
{
    SharingAgreement a;
    a.starts_on = c.form.get("starts_date");
    a.ends_on = c.form.get("ends_date");
    a.purposes = c.form.get("purposes");
    a.what = c.form.get("what");
    nlohmann::json model = {{"agency", c.form.get("agency")},
                            {"starts_date", a.starts_on},
                            {"ends_date", a.ends_on},
                            {"purposes", a.purposes},
                            {"what", a.what}};
    std::vector<Error> errors;
    if (auto id = parse_id(c.form.get("agency")))
        a.agency = AgencyId{*id};
    else
        errors.push_back(Error::invalid("Choose the agency from the list.", "agency"));
    for (auto& e : validate(a)) errors.push_back(std::move(e));
    if (!errors.empty()) return agencies_page(c, model, errors, 400);
    auto added = service::add_agreement(c.db, c.who->user, c.actor(), a);
    if (!added && added.error().kind == Error::Kind::Invalid) return agencies_page(c, model, {added.error()}, 400);
    TRY(std::move(added));
    return c.redirect("/admin/agencies?done=agreement");
}

Result<Response> agency_create(Ctx& c)
{
    Agency a;
    a.name = c.form.get("name");
    auto kind = parse_agency_kind(c.form.get("kind"));
    a.kind = kind.value_or(AgencyKind::Other);
    a.contact_name = text::collapse_space(c.form.get("contact_name"));
    a.contact_email = text::collapse_space(c.form.get("contact_email"));
    a.contact_phone = text::collapse_space(c.form.get("contact_phone"));
    auto id = [&]() -> Result<AgencyId> {
        if (!kind) return std::unexpected(Error::invalid("Choose the kind of agency.", "kind"));
        return service::create_agency(c.db, c.who->user, c.actor(), a);
    }();
    if (!id) {
        if (id.error().kind != Error::Kind::Invalid && id.error().kind != Error::Kind::Conflict)
            return std::unexpected(id.error());
        return agencies_page(c,
                             {{"name", a.name},
                              {"contact_name", a.contact_name},
                              {"contact_email", a.contact_email},
                              {"contact_phone", a.contact_phone}},
                             {id.error()}, 400);
    }
    return c.redirect("/admin/agencies?done=added");
}

}  // namespace trellis::web::handlers
