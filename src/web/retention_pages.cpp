// Retention: the schedule and the partnership-wide hold (admins), what a run
// would destroy, the destruction log, and legal holds on a context (leads).
#include <fmt/format.h>

#include "domain/retention.hpp"
#include "domain/text.hpp"
#include "service/contexts.hpp"
#include "service/retention.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {

namespace {

nlohmann::json holds_json(const std::vector<LegalHold>& holds, const std::string& lift_base, bool context_page)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& h : holds) {
        std::string scope = h.context ? (context_page ? "This context" : h.context_name) : "The whole partnership";
        nlohmann::json row = {{"id", std::to_string(h.id)},
                              {"scope", scope},
                              {"reason", h.reason},
                              {"placed", fmt::format("{}, {}", h.placed_by, when(h.placed_at))},
                              {"in_force", h.in_force()}};
        if (!h.in_force())
            row["lifted"] = fmt::format("Lifted by {}, {}: {}", h.lifted_by, when(h.lifted_at), h.lift_reason);
        // Admins lift the partnership hold here; a context's hold is lifted on its page.
        if (h.in_force() && (context_page ? h.context.has_value() : !h.context.has_value()))
            row["lift_href"] = fmt::format("{}/{}/lift", lift_base, h.id);
        rows.push_back(std::move(row));
    }
    return rows;
}

nlohmann::json destruction_json(const std::vector<Destruction>& lines)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : lines)
        rows.push_back({{"what", std::string(info(d.kind).label)},
                        {"context", d.context ? fmt::format("Context {}", d.context->value) : std::string("—")},
                        {"count", std::to_string(d.count)},
                        {"rule", d.rule},
                        {"at", d.at.empty() ? "" : when(d.at)}});
    return rows;
}

Response retention_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto o = service::retention_overview(c.db, c.who->user);
    if (!o) return c.fail(o.error());
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& k : kRetentionKinds) {
        int days = o->schedule[k.kind];
        std::string key(k.key);
        bool years = days % kYear == 0;
        std::string value =
            model.contains(key) ? model[key].get<std::string>() : std::to_string(years ? days / kYear : days);
        std::string unit =
            model.contains(key + "_unit") ? model[key + "_unit"].get<std::string>() : (years ? "years" : "days");
        kinds.push_back(
            {{"key", key},
             {"label", std::string(k.label)},
             {"from", std::string(k.from)},
             {"now", describe_days(days)},
             {"bounds", fmt::format("From {} to {}.", describe_days(k.min_days), describe_days(k.max_days))},
             {"held", k.held},
             {"value", value},
             {"years", unit == "years"},
             {"error", ""}});
    }
    for (const auto& e : errors)
        for (auto& k : kinds)
            if (k["key"] == e.field) k["error"] = e.message;
    bool partnership_held = false;
    for (const auto& h : o->holds) partnership_held |= h.in_force() && !h.context;
    model["kinds"] = kinds;
    model["holds"] = holds_json(o->holds, "/admin/holds", false);
    model["has_holds"] = !o->holds.empty();
    model["partnership_held"] = partnership_held;
    model["log"] = destruction_json(o->log);
    model["has_log"] = !o->log.empty();
    add_errors(model, errors);
    return c.page("admin_retention", errors.empty() ? "Retention and legal holds" : "Error: Retention and legal holds",
                  std::move(model), status);
}

Response context_holds_page(Ctx& c, ContextId id, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto ctx = service::context(c.db, c.who->user, id);
    if (!ctx) return c.fail(ctx.error());
    auto holds = service::context_holds(c.db, c.who->user, id);
    if (!holds) return c.fail(holds.error());
    bool held = false;
    for (const auto& h : *holds) held |= h.in_force();
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = ctx->name;
    model["holds"] = holds_json(*holds, fmt::format("/contexts/{}/holds", id.value), true);
    model["has_holds"] = !holds->empty();
    model["held"] = held;
    add_errors(model, errors);
    return c.page("context_holds", errors.empty() ? "Legal holds" : "Error: Legal holds", std::move(model), status);
}

// A period typed as a number of days or years.
std::optional<int> period(const std::string& value, const std::string& unit)
{
    if (value.empty() || value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    int n = std::stoi(value);
    if (unit == "years") return n * kYear;
    if (unit == "days") return n;
    return std::nullopt;
}

}  // namespace

Result<Response> admin_retention(Ctx& c)
{
    nlohmann::json model = nlohmann::json::object();
    const auto& done = c.query.get("done");
    if (done == "saved") model["banner"] = "The retention schedule was saved.";
    if (done == "held") model["banner"] = "The legal hold is in force: nothing in the partnership will be destroyed.";
    if (done == "lifted") model["banner"] = "The legal hold was lifted.";
    return retention_page(c, model, {}, 200);
}

Result<Response> admin_retention_save(Ctx& c)
{
    RetentionSchedule s;
    std::vector<Error> errors;
    nlohmann::json model = nlohmann::json::object();
    for (const auto& k : kRetentionKinds) {
        std::string key(k.key);
        const auto& value = c.form.get(key);
        const auto& unit = c.form.get(key + "_unit");
        model[key] = value;
        model[key + "_unit"] = unit;
        auto days = period(value, unit);
        if (!days)
            errors.push_back(Error::invalid(fmt::format("{}: enter the period as a whole number.", k.label), key));
        else
            s[k.kind] = *days;
    }
    if (errors.empty()) errors = check_schedule(s);
    if (!errors.empty()) return retention_page(c, model, errors, 400);
    auto saved = service::set_retention_schedule(c.db, c.who->user, c.actor(), s);
    if (!saved && saved.error().kind == Error::Kind::Invalid) return retention_page(c, model, {saved.error()}, 400);
    TRY(std::move(saved));
    return c.redirect("/admin/retention?done=saved");
}

Result<Response> admin_hold_place(Ctx& c)
{
    auto placed = service::place_legal_hold(c.db, c.who->user, c.actor(), std::nullopt, c.form.get("reason"));
    if (!placed && placed.error().kind == Error::Kind::Invalid)
        return retention_page(c, {{"reason", c.form.get("reason")}}, {placed.error()}, 400);
    TRY(std::move(placed));
    return c.redirect("/admin/retention?done=held");
}

Result<Response> admin_hold_lift(Ctx& c)
{
    auto lifted = service::lift_legal_hold(c.db, c.who->user, c.actor(), c.id(0), c.form.get("lift_reason"));
    if (!lifted && lifted.error().kind == Error::Kind::Invalid) return retention_page(c, {}, {lifted.error()}, 400);
    TRY(std::move(lifted));
    return c.redirect("/admin/retention?done=lifted");
}

Result<Response> retention_preview(Ctx& c)
{
    auto today = today_utc();
    auto lines = TRY(service::retention_preview(c.db, c.who->user, today));
    std::int64_t total = 0;
    for (const auto& l : lines) total += l.count;
    return c.page("retention_preview", "What a retention run would destroy",
                  {{"lines", destruction_json(lines)},
                   {"has_lines", !lines.empty()},
                   {"today", when(today)},
                   {"total", text::count(total, "row")}});
}

Result<Response> context_holds(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.audit_view("legal_hold", 0, id));
    nlohmann::json model = nlohmann::json::object();
    if (c.query.get("done") == "held")
        model["banner"] = "The legal hold is in force: this context will not be destroyed.";
    if (c.query.get("done") == "lifted") model["banner"] = "The legal hold was lifted.";
    return context_holds_page(c, id, model, {}, 200);
}

Result<Response> context_hold_place(Ctx& c)
{
    ContextId id{c.id(0)};
    auto placed = service::place_legal_hold(c.db, c.who->user, c.actor(), id, c.form.get("reason"));
    if (!placed && placed.error().kind == Error::Kind::Invalid)
        return context_holds_page(c, id, {{"reason", c.form.get("reason")}}, {placed.error()}, 400);
    TRY(std::move(placed));
    return c.redirect(fmt::format("/contexts/{}/holds?done=held", id.value));
}

Result<Response> context_hold_lift(Ctx& c)
{
    ContextId id{c.id(0)};
    // The hold must be this context's.
    bool found = false;
    for (const auto& h : TRY(service::context_holds(c.db, c.who->user, id)))
        found |= h.id == c.id(1) && h.context == id && h.in_force();
    if (!found) return std::unexpected(Error::not_found("There is no such legal hold in force on this context."));
    auto lifted = service::lift_legal_hold(c.db, c.who->user, c.actor(), c.id(1), c.form.get("lift_reason"));
    if (!lifted && lifted.error().kind == Error::Kind::Invalid)
        return context_holds_page(c, id, {}, {lifted.error()}, 400);
    TRY(std::move(lifted));
    return c.redirect(fmt::format("/contexts/{}/holds?done=lifted", id.value));
}

}  // namespace trellis::web::handlers
