// A context's assessment along the sides of its triangle: findings marked as
// strengths or concerns, weighted for how much they contribute to harm and
// linked to the records they came from; the notes of the reflective
// discussion; versions; and a framework whose goals are drawn from it.
#include <algorithm>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/contexts.hpp"
#include "service/lifecycle.hpp"
#include "web/charts.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

const FrameworkTemplate& layout_for(Ctx& c, ContextKind kind)
{
    static const FrameworkTemplate kNone{};
    const auto* t = template_for(c.app.templates(), kind);
    return t ? *t : kNone;
}

// The findings side by side, the weighting diagram and its data table.
nlohmann::json assessment_model(const Assessment& a, const FrameworkTemplate& t, bool editable)
{
    nlohmann::json sides = nlohmann::json::array();
    charts::Bars chart{fmt::format("weighting-{}", a.version),
                       "Context weighting",
                       "How much each finding, numbered by side, contributes to harm, from 0 (none) to 3 (major). "
                       "The table below names each finding and gives the same figures.",
                       {},
                       {{"Weight", "s1", {}}}};
    nlohmann::json table = nlohmann::json::array();
    for (std::size_t i = 0; i < t.areas.size(); ++i) {
        nlohmann::json findings = nlohmann::json::array();
        int concern_weight = 0, concerns = 0, n = 0;
        for (const auto& f : a.findings) {
            if (f.side != static_cast<int>(i)) continue;
            // Findings are numbered by side ("2.1"), so the chart's labels stay short.
            auto number = fmt::format("{}.{}", i + 1, ++n);
            nlohmann::json sources = nlohmann::json::array();
            for (const auto& s : f.sources) sources.push_back(s.label);
            bool concern = f.kind == FindingKind::Concern;
            findings.push_back({{"id", std::to_string(f.id.value)},
                                {"number", number},
                                {"text", f.text},
                                {"kind", kFindingKinds.label(f.kind)},
                                {"kind_class", concern ? "govuk-tag--red" : "govuk-tag--green"},
                                {"weight", kWeights.label(f.weight)},
                                {"sources", sources},
                                {"has_sources", !sources.empty()}});
            if (concern) {
                concern_weight += f.weight;
                ++concerns;
            }
            chart.categories.push_back(number);
            chart.series[0].values.push_back(f.weight);
            table.push_back({{"number", number},
                             {"side", t.areas[i].side},
                             {"text", f.text},
                             {"kind", kFindingKinds.label(f.kind)},
                             {"weight", std::to_string(f.weight)}});
        }
        nlohmann::json prompts = nlohmann::json::array();
        for (const auto& p : t.areas[i].prompts) prompts.push_back(p);
        sides.push_back(
            {{"index", std::to_string(i)},
             {"number", std::to_string(i + 1)},
             {"name", t.areas[i].side},
             {"area", t.areas[i].name},
             {"prompts", prompts},
             {"findings", findings},
             {"has_findings", !findings.empty()},
             {"summary", fmt::format("{}, {}; concerns weigh {} in all", text::count(concerns, "concern"),
                                     text::count(static_cast<std::int64_t>(findings.size()) - concerns, "strength"),
                                     concern_weight)},
             {"editable", editable}});
    }
    return {{"assessment_id", std::to_string(a.id.value)},
            {"version", std::to_string(a.version)},
            {"complete", a.complete()},
            {"completed_on", when(a.completed_on)},
            {"completed_by", a.completed_by},
            {"discussion", a.discussion},
            {"discussion_paragraphs", paragraphs(a.discussion)},
            {"has_discussion", !a.discussion.empty()},
            {"sides", sides},
            {"chart", table.empty() ? std::string() : charts::bars(chart, 3)},
            {"weights", table},
            {"has_weights", !table.empty()},
            {"triangle", t.triangle},
            {"triangle_draft", t.triangle_draft},
            {"editable", editable}};
}

Response assessment_page(Ctx& c, ContextId id, nlohmann::json form, const std::vector<Error>& errors, int status)
{
    if (!form.is_object()) form = nlohmann::json::object();
    auto ctx = service::context(c.db, c.who->user, id);
    if (!ctx) return c.fail(ctx.error());
    auto versions = service::assessments_of(c.db, c.who->user, id);
    if (!versions) return c.fail(versions.error());
    const auto& t = layout_for(c, ctx->kind);
    bool can_edit = role_allows(c.who->user.role, Permission::EditFrameworks) && ctx->stage != ContextStage::Closed;
    nlohmann::json model = nlohmann::json::object();
    if (!versions->empty()) {
        const auto& current = versions->front();
        model = assessment_model(current, t, can_edit && !current.complete());
        if (!current.complete() && can_edit) {
            auto sources = service::source_options(c.db, c.who->user, id);
            if (!sources) return c.fail(sources.error());
            nlohmann::json options = nlohmann::json::array();
            for (const auto& s : *sources) {
                auto value = fmt::format("{}:{}", kSourceKinds.name(s.kind), s.id);
                bool checked = false;
                if (form.contains("sources"))
                    for (const auto& v : form["sources"])
                        if (v == value) checked = true;
                options.push_back({{"value", value}, {"label", s.label}, {"checked", checked}});
            }
            model["source_options"] = options;
            model["has_source_options"] = !options.empty();
        }
    }
    nlohmann::json older = nlohmann::json::array();
    for (std::size_t i = 1; i < versions->size(); ++i)
        older.push_back({{"id", std::to_string((*versions)[i].id.value)},
                         {"version", std::to_string((*versions)[i].version)},
                         {"completed_on", when((*versions)[i].completed_on)}});
    model["older"] = older;
    model["has_older"] = !older.empty();
    model["has_assessment"] = !versions->empty();
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = ctx->name;
    model["can_edit"] = can_edit;
    model["can_create_framework"] =
        role_allows(c.who->user.role, Permission::CreateFrameworks) && ctx->stage != ContextStage::Closed;
    nlohmann::json side_options = nlohmann::json::array();
    for (std::size_t i = 0; i < t.areas.size(); ++i)
        side_options.push_back({{"value", std::to_string(i)},
                                {"label", t.areas[i].side},
                                {"selected", form.value("side", "") == std::to_string(i)}});
    model["side_options"] = side_options;
    model["kind_options"] = choice_options(
        kFindingKinds, [&](FindingKind k) { return form.value("kind", "concern") == kFindingKinds.name(k); });
    model["weight_options"] =
        choice_options(kWeights, [&](int w) { return form.value("weight", "") == kWeights.name(w); });
    model["text"] = form.value("text", "");
    if (form.contains("discussion")) model["discussion"] = form["discussion"];
    model["banner"] = form.value("banner", "");
    add_errors(model, errors);
    return c.page("assessment", errors.empty() ? "Context assessment" : "Error: Context assessment", std::move(model),
                  status);
}

Result<ContextId> context_of(Ctx& c, AssessmentId id)
{
    return TRY(service::assessment(c.db, c.who->user, id)).context;
}

// Re-shows the assessment page with the error when a change is refused for
// something the user can fix; other errors go to the error page.
Result<Response> or_form(Ctx& c, Result<void> done, ContextId context, nlohmann::json form, const char* banner)
{
    if (!done && done.error().kind == Error::Kind::Invalid)
        return assessment_page(c, context, form, {done.error()}, 400);
    TRY(std::move(done));
    return c.redirect(fmt::format("/contexts/{}/assessment?done={}", context.value, banner));
}

}  // namespace

Result<Response> assessment(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(c.audit_view("assessment", id.value, id));
    std::string done = c.query.get("done");
    std::string banner = done == "started"     ? "A new version of the assessment was started."
                         : done == "finding"   ? "The finding was added."
                         : done == "removed"   ? "The finding was removed."
                         : done == "notes"     ? "The notes of the discussion were saved."
                         : done == "completed" ? "This version of the assessment is complete."
                                               : "";
    return assessment_page(c, id, {{"banner", banner}}, {}, 200);
}

Result<Response> assessment_start(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(service::start_assessment(c.db, c.who->user, c.actor(), id));
    return c.redirect(fmt::format("/contexts/{}/assessment?done=started", id.value));
}

Result<Response> assessment_show(Ctx& c)
{
    auto a = TRY(service::assessment(c.db, c.who->user, AssessmentId{c.id(0)}));
    TRY(c.audit_view("assessment", a.id.value, a.context, fmt::format("version={}", a.version)));
    auto ctx = TRY(service::context(c.db, c.who->user, a.context));
    auto model = assessment_model(a, layout_for(c, ctx.kind), false);
    model["context_id"] = std::to_string(ctx.id.value);
    model["context_name"] = ctx.name;
    return c.page("assessment_version", fmt::format("Context assessment, version {}", a.version), std::move(model));
}

Result<Response> finding_add(Ctx& c)
{
    AssessmentId id{c.id(0)};
    auto context = TRY(context_of(c, id));
    Finding f;
    f.text = c.form.get("text");
    std::vector<Error> errors;
    const std::string& side = c.form.get("side");
    f.side = side == "0" ? 0 : side == "1" ? 1 : side == "2" ? 2 : -1;
    f.kind = chosen(kFindingKinds, c.form.get("kind"), FindingKind::Concern, "kind",
                    "Choose whether the finding is a strength or a concern.", errors);
    f.weight = chosen(kWeights, c.form.get("weight"), -1, "weight",
                      "Choose how much the finding contributes to harm, from 0 to 3.", errors);
    nlohmann::json form = {{"text", f.text},
                           {"side", c.form.get("side")},
                           {"kind", c.form.get("kind")},
                           {"weight", c.form.get("weight")},
                           {"sources", nlohmann::json::array()}};
    for (const auto& [k, v] : c.form.fields()) {
        if (k != "sources") continue;
        form["sources"].push_back(v);
        auto colon = v.find(':');
        auto kind = kSourceKinds.parse(std::string_view(v).substr(0, colon));
        auto source = colon == std::string::npos ? std::nullopt : parse_id(v.substr(colon + 1));
        if (!kind || !source) {
            errors.push_back(Error::invalid("Choose the sources from the records of this context.", "sources"));
            break;
        }
        f.sources.push_back({*kind, *source, ""});
    }
    for (auto& e : validate(f, 3))
        if (std::ranges::none_of(errors, [&](const Error& x) { return x.field == e.field; }))
            errors.push_back(std::move(e));
    if (!errors.empty()) return assessment_page(c, context, form, errors, 400);
    auto added = service::add_finding(c.db, c.who->user, c.actor(), id, f);
    if (!added) return or_form(c, std::unexpected(added.error()), context, form, "");
    return c.redirect(fmt::format("/contexts/{}/assessment?done=finding#side-{}", context.value, f.side));
}

Result<Response> finding_remove(Ctx& c)
{
    auto assessment_id = TRY(service::remove_finding(c.db, c.who->user, c.actor(), FindingId{c.id(0)}));
    auto context = TRY(context_of(c, assessment_id));
    return c.redirect(fmt::format("/contexts/{}/assessment?done=removed", context.value));
}

Result<Response> assessment_discussion(Ctx& c)
{
    AssessmentId id{c.id(0)};
    auto context = TRY(context_of(c, id));
    std::string text = c.form.get("discussion");
    return or_form(c, service::save_discussion(c.db, c.who->user, c.actor(), id, text), context, {{"discussion", text}},
                   "notes");
}

Result<Response> assessment_complete(Ctx& c)
{
    AssessmentId id{c.id(0)};
    auto context = TRY(context_of(c, id));
    return or_form(c, service::complete_assessment(c.db, c.who->user, c.actor(), id), context, {}, "completed");
}

// ---- A framework from the assessment ----

namespace {

Response from_assessment_page(Ctx& c, const Assessment& a, nlohmann::json form, const std::vector<Error>& errors,
                              int status)
{
    auto ctx = service::context(c.db, c.who->user, a.context);
    if (!ctx) return c.fail(ctx.error());
    const auto& t = layout_for(c, ctx->kind);
    auto library = service::library(c.db, c.who->user, t);
    if (!library) return c.fail(library.error());
    auto chosen_goal = [&](std::size_t side, const std::string& statement) {
        auto key = fmt::format("goal-{}", side);
        if (!form.contains(key)) return false;
        for (const auto& v : form[key])
            if (v == statement) return true;
        return false;
    };
    nlohmann::json sides = nlohmann::json::array();
    for (std::size_t i = 0; i < t.areas.size(); ++i) {
        nlohmann::json concerns = nlohmann::json::array();
        for (const auto& f : a.findings)
            if (f.side == static_cast<int>(i) && f.kind == FindingKind::Concern)
                concerns.push_back({{"text", f.text}, {"weight", kWeights.label(f.weight)}});
        nlohmann::json goals = nlohmann::json::array();
        std::size_t n = 0;
        for (const auto& g : *library)
            if (g.side == static_cast<int>(i))
                goals.push_back({{"id", fmt::format("goal-{}-{}", i, n++)},
                                 {"statement", g.statement},
                                 {"own", g.id.has_value()},
                                 {"checked", chosen_goal(i, g.statement)}});
        sides.push_back({{"index", std::to_string(i)},
                         {"name", t.areas[i].side},
                         {"area", t.areas[i].name},
                         {"concerns", concerns},
                         {"proposed", !concerns.empty()},
                         {"goals", goals},
                         {"own", form.value(fmt::format("own-{}", i), "")}});
    }
    std::ranges::stable_partition(sides, [](const nlohmann::json& s) { return s["proposed"].get<bool>(); });
    nlohmann::json model = {{"assessment_id", std::to_string(a.id.value)},
                            {"version", std::to_string(a.version)},
                            {"context_id", std::to_string(a.context.value)},
                            {"context_name", ctx->name},
                            {"title", form.value("title", ctx->name + ": outcomes framework")},
                            {"sides", sides},
                            {"triangle_draft", t.triangle_draft}};
    add_errors(model, errors);
    return c.page("assessment_framework",
                  errors.empty() ? "Choose goals from the assessment" : "Error: Choose goals from the assessment",
                  std::move(model), status);
}

}  // namespace

Result<Response> framework_from_assessment_form(Ctx& c)
{
    auto a = TRY(service::assessment(c.db, c.who->user, AssessmentId{c.id(0)}));
    if (!a.complete())
        return std::unexpected(Error::conflict("Complete the assessment before drawing a framework's goals from it."));
    return from_assessment_page(c, a, nlohmann::json::object(), {}, 200);
}

Result<Response> framework_from_assessment(Ctx& c)
{
    auto a = TRY(service::assessment(c.db, c.who->user, AssessmentId{c.id(0)}));
    auto ctx = TRY(service::context(c.db, c.who->user, a.context));
    const auto& t = layout_for(c, ctx.kind);
    nlohmann::json form = {{"title", c.form.get("title")}};
    std::vector<service::ChosenGoal> goals;
    for (std::size_t i = 0; i < t.areas.size(); ++i) {
        // Each goal comes from its side's concerns, or its strengths when the
        // side has none.
        std::vector<FindingId> from;
        for (auto kind : {FindingKind::Concern, FindingKind::Strength}) {
            for (const auto& f : a.findings)
                if (f.side == static_cast<int>(i) && f.kind == kind) from.push_back(f.id);
            if (!from.empty()) break;
        }
        auto key = fmt::format("goal-{}", i);
        form[key] = nlohmann::json::array();
        for (const auto& [k, v] : c.form.fields()) {
            if (k != key) continue;
            form[key].push_back(v);
            goals.push_back({static_cast<int>(i), v, from});
        }
        auto own_key = fmt::format("own-{}", i);
        std::string own = c.form.get(own_key);
        form[own_key] = own;
        for (auto& line : text::nonblank_lines(own)) goals.push_back({static_cast<int>(i), std::move(line), from});
    }
    auto made = service::framework_from_assessment(c.db, c.who->user, c.actor(), a.id, t, c.form.get("title"), goals);
    if (!made && made.error().kind == Error::Kind::Invalid)
        return from_assessment_page(c, a, form, {made.error()}, 400);
    if (!made) return std::unexpected(made.error());
    return c.redirect(fmt::format("/frameworks/{}?done=from-assessment", made->value));
}

}  // namespace trellis::web::handlers
