// Evidence on a context: the young people register, evidence records linked
// to the goal stages they support, and voices with their themes. Everything
// here is need-to-know: only leads and the practitioners allocated to the
// context see it; partner agencies never do.
#include <algorithm>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/register.hpp"
#include "web/evidence_pages.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web {

Result<Context> context_for(Ctx& c, ContextId id)
{
    return service::context(c.db, c.who->user, id);
}

nlohmann::json context_model(const Context& ctx)
{
    return {{"context_id", std::to_string(ctx.id.value)},
            {"context_name", ctx.name},
            {"context_stage", kContextStages.label(ctx.stage)},
            {"context_stage_class", stage_class(ctx.stage)}};
}

nlohmann::json register_options(const std::vector<YoungPerson>& people, const std::vector<std::string>& chosen)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& y : people) {
        auto id = std::to_string(y.id.value);
        out.push_back({{"value", id},
                       {"label", y.pseudonym},
                       {"selected", std::find(chosen.begin(), chosen.end(), id) != chosen.end()}});
    }
    return out;
}

nlohmann::json register_choice_model(const service::RegisterChoice& choice, const std::vector<std::string>& chosen)
{
    return {{"people", register_options(choice.listed, chosen)},
            {"has_people", choice.total > 0},
            {"people_typed", choice.typed()},
            {"register_total", register_total(choice)}};
}

std::string register_total(const service::RegisterChoice& choice)
{
    if (choice.total > service::kRegisterCountedUpTo)
        return "more than " + text::thousands(service::kRegisterCountedUpTo);
    return text::thousands(choice.total);
}

std::string evidence_summary(const EvidenceRecord& e)
{
    auto first = e.narrative.substr(0, e.narrative.find("\n\n"));
    if (text::length(first) <= 160) return first;
    std::size_t cut = 157;
    while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
    return first.substr(0, cut) + "…";
}

namespace handlers {
namespace {

// ---- register ---------------------------------------------------------------

// The register form's fields into `y`, what was typed into `model` (to show
// again), and what is wrong with it.
std::vector<Error> read_person(Ctx& c, YoungPerson& y, nlohmann::json& model)
{
    y.pseudonym = c.form.get("pseudonym");
    y.local_ref = c.form.get("local_ref");
    y.aliases = c.form.get("aliases");
    model = {{"pseudonym", y.pseudonym},
             {"local_ref", y.local_ref},
             {"aliases", y.aliases},
             {"age_band", c.form.get("age_band")}};
    std::vector<Error> errors;
    y.age_band = chosen(kAgeBands, c.form.get("age_band"), AgeBand::NotKnown, "age_band",
                        "Choose an age band, or “Not known”.", errors);
    for (auto& e : validate(y)) errors.push_back(std::move(e));
    return errors;
}

Result<Response> register_page(Ctx& c, const Context& ctx, nlohmann::json model, const std::vector<Error>& errors,
                               int status)
{
    // Fifty a page; someone else on the register is added by pseudonym.
    constexpr std::int64_t kPerPage = 50;
    // Recorded first, so the row is committed while the page is read and built.
    TRY(c.audit_view("young_people", ctx.id.value, ctx.id));
    auto people =
        TRY(service::register_page(c.db, c.who->user, ctx.id, parse_id(c.query.get("page")).value_or(1), kPerPage));
    bool lead = role_allows(c.who->user.role, Permission::CreateContexts);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& y : people.items) {
        rows.push_back({{"id", std::to_string(y.id.value)},
                        {"pseudonym", y.pseudonym},
                        {"local_ref", y.local_ref},
                        {"age_band", kAgeBands.label(y.age_band)},
                        {"contexts", std::to_string(y.contexts.size())}});
    }
    model.update(context_model(ctx));
    model["people"] = rows;
    model["has_people"] = !rows.empty();
    model["count"] = std::to_string(people.total);
    model["showing"] = showing(people);
    model["pagination"] =
        pagination(fmt::format("/contexts/{}/young-people", ctx.id.value), {}, people.number, people.pages());
    // A closed context's register is corrected or erased, never added to.
    bool open = ctx.stage != ContextStage::Closed;
    model["can_change"] = role_allows(c.who->user.role, Permission::EditFrameworks);
    model["can_add"] = open && role_allows(c.who->user.role, Permission::EditFrameworks);
    model["closed"] = !open;
    model["can_link"] = open && lead;
    std::string band = model.value("age_band", std::string("not_known"));
    model["age_bands"] = choice_options(kAgeBands, [&](AgeBand b) { return kAgeBands.name(b) == band; });
    add_errors(model, errors);
    return c.page("young_people", errors.empty() ? "Young people" : "Error: Young people", model, status);
}

// ---- evidence ---------------------------------------------------------------

// The goal stages of the context's frameworks, as checkbox groups.
Result<nlohmann::json> stage_choices(Ctx& c, ContextId context, const std::vector<std::string>& chosen)
{
    nlohmann::json goals = nlohmann::json::array();
    for (const auto& f : TRY(service::open_frameworks(c.db, c.who->user, context))) {
        for (const auto& area : f.areas)
            for (const auto& goal : area.goals) {
                nlohmann::json stages = nlohmann::json::array();
                for (auto s : kStages) {
                    auto value = fmt::format("{}:{}", goal.id.value, to_string(s));
                    stages.push_back({{"value", value},
                                      {"label", label(s)},
                                      {"selected", std::find(chosen.begin(), chosen.end(), value) != chosen.end()}});
                }
                goals.push_back(
                    {{"id", std::to_string(goal.id.value)}, {"statement", goal.statement}, {"stages", stages}});
            }
    }
    return goals;
}

Result<Response> evidence_form(Ctx& c, const Context& ctx, nlohmann::json model, const std::vector<Error>& errors,
                               int status)
{
    auto people = TRY(service::register_choice(c.db, c.who->user, ctx.id));
    std::vector<std::string> chosen_people, chosen_adults, chosen_stages;
    for (const auto& v : model.value("young_people", nlohmann::json::array())) chosen_people.push_back(v);
    for (const auto& v : model.value("adults", nlohmann::json::array())) chosen_adults.push_back(v);
    for (const auto& v : model.value("supports", nlohmann::json::array())) chosen_stages.push_back(v);
    auto stages = TRY(stage_choices(c, ctx.id, chosen_stages));
    std::string method = model.value("method", std::string("observation"));
    std::string provenance = model.value("provenance", std::string("seen"));
    model.update(context_model(ctx));
    model.update(register_choice_model(people, chosen_people));
    model["adult_roles"] = choice_options(kAdultRoles, [&](AdultRole r) {
        return std::find(chosen_adults.begin(), chosen_adults.end(), kAdultRoles.name(r)) != chosen_adults.end();
    });
    model["methods"] =
        choice_options(kEvidenceMethods, [&](EvidenceMethod m) { return kEvidenceMethods.name(m) == method; });
    model["provenances"] =
        choice_options(kProvenances, [&](Provenance p) { return kProvenances.name(p) == provenance; });
    model["goals"] = stages;
    model["has_goals"] = !stages.empty();
    add_errors(model, errors);
    return c.page("evidence_new", errors.empty() ? "Record evidence" : "Error: Record evidence", model, status);
}

// ---- voices -----------------------------------------------------------------

Result<Response> voices_page(Ctx& c, const Context& ctx, nlohmann::json model, const std::vector<Error>& errors,
                             int status)
{
    std::string theme = text::name_key(c.query.get("theme"));
    auto number = parse_id(c.query.get("page")).value_or(1);
    TRY(c.audit_view("voices", ctx.id.value, ctx.id, theme.empty() ? "" : "theme=" + theme));
    auto list = TRY(service::voices_page(c.db, c.who->user, ctx.id, theme, number));
    auto themes = TRY(service::voice_themes(c.db, c.who->user, ctx.id));
    auto people = TRY(service::register_choice(c.db, c.who->user, ctx.id));
    nlohmann::json rows = nlohmann::json::array(), tags = nlohmann::json::array();
    for (const auto& v : list.items)
        rows.push_back({{"id", std::to_string(v.id.value)},
                        {"date", when(v.date)},
                        {"speaker", v.speaker == Speaker::YoungPerson && !v.young_person_name.empty()
                                        ? fmt::format("{} (young person)", v.young_person_name)
                                        : std::string(kSpeakers.label(v.speaker))},
                        {"young_voice", v.speaker == Speaker::YoungPerson},
                        {"quote", paragraphs(v.quote)},
                        {"themes", v.themes}});
    for (const auto& [t, n] : themes)
        tags.push_back(
            {{"theme", t}, {"href", "?theme=" + url_encode(t)}, {"count", std::to_string(n)}, {"active", t == theme}});
    std::string speaker = model.value("speaker", std::string("young_person"));
    std::vector<std::string> chosen;
    if (model.contains("young_person")) chosen.push_back(model["young_person"]);
    model.update(context_model(ctx));
    model["voices"] = rows;
    model["has_voices"] = !rows.empty();
    model["showing"] = showing(list);
    std::vector<std::pair<std::string, std::string>> keep;
    if (!theme.empty()) keep.emplace_back("theme", theme);
    model["pagination"] =
        pagination(fmt::format("/contexts/{}/voices", ctx.id.value), keep, list.number, list.pages(), list.more);
    model["themes"] = tags;
    model["has_themes"] = !tags.empty();
    model["filter"] = theme;
    model["speakers"] = choice_options(kSpeakers, [&](Speaker s) { return kSpeakers.name(s) == speaker; });
    model.update(register_choice_model(people, chosen));
    model["can_add"] = role_allows(c.who->user.role, Permission::EditFrameworks);
    if (!model.contains("date")) model["date"] = today_utc();
    add_errors(model, errors);
    return c.page("voices", errors.empty() ? "Voices" : "Error: Voices", model, status);
}

}  // namespace

Result<Response> young_people(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    nlohmann::json model = nlohmann::json::object();
    if (c.query.get("done") == "added") model["banner"] = "Added to the register.";
    if (c.query.get("done") == "linked") model["banner"] = "Added to this context.";
    if (c.query.get("done") == "changed") model["banner"] = "The details were changed.";
    if (c.query.get("done") == "removed") model["banner"] = "Taken off this context's register.";
    return register_page(c, ctx, model, {}, 200);
}

Result<Response> young_person_create(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    YoungPerson y;
    y.contexts = {ctx.id};
    nlohmann::json model;
    auto errors = read_person(c, y, model);
    if (errors.empty()) {
        auto id = service::add_young_person(c.db, c.who->user, c.actor(), ctx.id, y);
        if (id) return c.redirect(fmt::format("/contexts/{}/young-people?done=added", ctx.id.value));
        if (id.error().kind != Error::Kind::Conflict && id.error().kind != Error::Kind::Invalid)
            return std::unexpected(id.error());
        errors.push_back(id.error());
    }
    return register_page(c, ctx, model, errors, 400);
}

Result<Response> young_person_link(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    // By id from a form that lists people, or by the pseudonym typed.
    auto id = parse_id(c.form.get("young_person"));
    auto person =
        id ? YoungPersonId{*id}
           : service::young_person_called(c.db, c.who->user, c.form.get("young_person_name"), "young_person_name");
    if (!person && person.error().kind == Error::Kind::Invalid)
        return register_page(c, ctx, {{"young_person_name", c.form.get("young_person_name")}}, {person.error()}, 400);
    if (!person) return std::unexpected(person.error());
    TRY(service::link_young_person(c.db, c.who->user, c.actor(), ctx.id, *person));
    return c.redirect(fmt::format("/contexts/{}/young-people?done=linked", ctx.id.value));
}

Result<Response> evidence_list(Ctx& c)
{
    // Twenty-five a page, newest first; "older" continues after the last
    // record shown ("date~id"), so records added meanwhile do not shift it.
    constexpr int kPerPage = 25;
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    std::optional<After> after;
    if (auto from = c.query.get("older"); !from.empty()) {
        auto tilde = from.rfind('~');
        auto id = tilde == std::string::npos ? std::nullopt : parse_id(from.substr(tilde + 1));
        if (!id) return std::unexpected(Error::invalid("That link to older records is not one Trellis made.", "older"));
        after = After{from.substr(0, tilde), *id};
    }
    TRY(c.audit_view("evidence_list", ctx.id.value, ctx.id));
    auto list = TRY(service::evidence_of(c.db, c.who->user, ctx.id, kPerPage + 1, after));
    bool more = std::ssize(list) > kPerPage;
    if (more) list.pop_back();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : list)
        rows.push_back({{"id", std::to_string(e.id.value)},
                        {"date", when(e.date)},
                        {"method", kEvidenceMethods.label(e.method)},
                        {"provenance", kProvenances.label(e.provenance)},
                        {"summary", evidence_summary(e)},
                        {"stages", std::to_string(e.supports.size())}});
    nlohmann::json model = context_model(ctx);
    model["records"] = rows;
    model["has_records"] = !rows.empty();
    model["older_href"] = more ? fmt::format("/contexts/{}/evidence?older={}~{}", ctx.id.value,
                                             url_encode(list.back().date), list.back().id.value)
                               : "";
    model["newest_href"] = after ? fmt::format("/contexts/{}/evidence", ctx.id.value) : "";
    model["can_add"] = role_allows(c.who->user.role, Permission::EditFrameworks);
    if (c.query.get("done") == "added") model["banner"] = "The evidence was recorded.";
    if (c.query.get("done") == "deleted") model["banner"] = "The record was deleted.";
    return c.page("evidence", "Evidence", model);
}

Result<Response> evidence_new(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    nlohmann::json model = {{"date", today_utc()}};
    // Linked from a stage on the framework page: that stage is ticked already.
    if (auto stage = c.query.get("stage"); !stage.empty()) model["supports"] = nlohmann::json::array({stage});
    return evidence_form(c, ctx, model, {}, 200);
}

Result<Response> evidence_create(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    EvidenceRecord e;
    e.context = ctx.id;
    e.date = c.form.get("date");
    e.narrative = c.form.get("narrative");
    nlohmann::json model = {{"date", e.date},
                            {"narrative", e.narrative},
                            {"method", c.form.get("method")},
                            {"provenance", c.form.get("provenance")},
                            {"unnamed_young_people", c.form.get("unnamed_young_people")},
                            {"young_people", c.form.all("young_people")},
                            {"young_people_names", c.form.get("young_people_names")},
                            {"adults", c.form.all("adults")},
                            {"supports", c.form.all("supports")}};
    std::vector<Error> errors;
    e.method = chosen(kEvidenceMethods, c.form.get("method"), EvidenceMethod::Other, "method",
                      "Choose how the evidence was gathered.", errors);
    e.provenance = chosen(kProvenances, c.form.get("provenance"), Provenance::SecondHand, "provenance",
                          "Choose how you know this.", errors);
    for (const auto& v : c.form.all("young_people")) {
        auto id = parse_id(v);
        if (!id) {
            errors.push_back(Error::invalid("Choose young people from this context's register.", "young_people"));
            break;
        }
        e.young_people.push_back(YoungPersonId{*id});
    }
    // A register too long to list: pseudonyms typed one a line.
    if (auto typed = text::nonblank_lines(c.form.get("young_people_names")); !typed.empty()) {
        auto named = service::register_called(c.db, c.who->user, ctx.id, typed, "young_people_names");
        if (!named && named.error().kind != Error::Kind::Invalid) return std::unexpected(named.error());
        if (!named) errors.push_back(named.error());
        for (auto id : named.value_or(std::vector<YoungPersonId>{}))
            if (std::ranges::find(e.young_people, id) == e.young_people.end()) e.young_people.push_back(id);
    }
    for (const auto& v : c.form.all("adults")) {
        auto role = kAdultRoles.parse(v);
        if (!role) {
            errors.push_back(Error::invalid("Choose adults' roles from the list.", "adults"));
            break;
        }
        e.adults.push_back(*role);
    }
    for (const auto& v : c.form.all("supports")) {
        auto colon = v.find(':');
        auto goal = parse_id(v.substr(0, colon));
        auto stage = colon == std::string::npos ? std::nullopt : parse_stage(v.substr(colon + 1));
        if (!goal || !stage) {
            errors.push_back(Error::invalid("Choose goal stages from the list.", "supports"));
            break;
        }
        e.supports.push_back({GoalId{*goal}, *stage});
    }
    if (auto n = c.form.get("unnamed_young_people"); !n.empty()) {
        auto count = parse_id(n);
        if (n == "0") {
            e.unnamed_young_people = 0;
        } else if (!count || *count > limits::kMaxUnnamed) {
            errors.push_back(
                Error::invalid(fmt::format("Enter how many other young people took part as a number from 0 to {}.",
                                           limits::kMaxUnnamed),
                               "unnamed_young_people"));
        } else {
            e.unnamed_young_people = static_cast<int>(*count);
        }
    }
    for (auto& err : validate(e)) errors.push_back(std::move(err));
    if (errors.empty()) {
        auto id = service::record_evidence(c.db, c.who->user, c.actor(), e);
        if (id) return c.redirect(fmt::format("/evidence/{}?done=added", id->value));
        if (id.error().kind != Error::Kind::Invalid) return std::unexpected(id.error());
        errors.push_back(id.error());
    }
    return evidence_form(c, ctx, model, errors, 400);
}

Result<Response> evidence_show(Ctx& c)
{
    auto e = TRY(service::evidence_record(c.db, c.who->user, EvidenceId{c.id(0)}));
    auto ctx = TRY(context_for(c, e.context));
    nlohmann::json supports = nlohmann::json::array(), adults = nlohmann::json::array();
    for (const auto& s : e.supports) {
        auto goal = TRY(service::goal(c.db, c.who->user, s.goal));
        supports.push_back({{"href", fmt::format("/frameworks/{}#goal-{}", goal.where.framework.value, s.goal.value)},
                            {"stage", label(s.stage)},
                            {"statement", goal.statement}});
    }
    for (auto a : e.adults) adults.push_back(kAdultRoles.label(a));
    nlohmann::json model = context_model(ctx);
    model.update({{"date", when(e.date)},
                  {"method", kEvidenceMethods.label(e.method)},
                  {"provenance", kProvenances.label(e.provenance)},
                  {"narrative", paragraphs(e.narrative)},
                  {"young_people", e.young_people_names},
                  {"has_young_people", !e.young_people_names.empty()},
                  {"unnamed", std::to_string(e.unnamed_young_people)},
                  {"has_unnamed", e.unnamed_young_people > 0},
                  {"adults", adults},
                  {"has_adults", !adults.empty()},
                  {"supports", supports},
                  {"has_supports", !supports.empty()},
                  {"author", e.author_label},
                  {"id", std::to_string(e.id.value)},
                  {"can_delete", role_allows(c.who->user.role, Permission::EditFrameworks)},
                  {"created_at", when(e.created_at)}});
    if (c.query.get("done") == "added") model["banner"] = "The evidence was recorded.";
    TRY(c.audit_view("evidence", e.id.value, e.context));
    return c.page("evidence_show", "Evidence record", model);
}

Result<Response> voices(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    nlohmann::json model = nlohmann::json::object();
    if (c.query.get("done") == "added") model["banner"] = "The quote was added.";
    if (c.query.get("done") == "deleted") model["banner"] = "The quote was deleted.";
    return voices_page(c, ctx, model, {}, 200);
}

Result<Response> voice_create(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    Voice v;
    v.context = ctx.id;
    v.date = c.form.get("date");
    v.quote = c.form.get("quote");
    v.themes = parse_themes(c.form.get("themes"));
    nlohmann::json model = {{"date", v.date},
                            {"quote", v.quote},
                            {"themes_text", c.form.get("themes")},
                            {"speaker", c.form.get("speaker")},
                            {"young_person", c.form.get("young_person")},
                            {"young_person_name", c.form.get("young_person_name")}};
    std::vector<Error> errors;
    v.speaker =
        chosen(kSpeakers, c.form.get("speaker"), Speaker::CommunityMember, "speaker", "Choose who spoke.", errors);
    if (auto who = c.form.get("young_person"); !who.empty()) {
        auto id = parse_id(who);
        if (!id) {
            errors.push_back(Error::invalid("Choose the young person from the register.", "young_person"));
        } else {
            v.young_person = YoungPersonId{*id};
        }
    } else if (auto name = c.form.get("young_person_name"); !text::collapse_space(name).empty()) {
        // A register too long to list: the pseudonym typed.
        auto named = service::register_called(c.db, c.who->user, ctx.id, {name}, "young_person_name");
        if (!named && named.error().kind != Error::Kind::Invalid) return std::unexpected(named.error());
        if (!named)
            errors.push_back(named.error());
        else
            v.young_person = named->front();
    }
    for (auto& e : validate(v)) errors.push_back(std::move(e));
    if (errors.empty()) {
        auto id = service::record_voice(c.db, c.who->user, c.actor(), v);
        if (id) return c.redirect(fmt::format("/contexts/{}/voices?done=added", ctx.id.value));
        if (id.error().kind != Error::Kind::Invalid) return std::unexpected(id.error());
        errors.push_back(id.error());
    }
    return voices_page(c, ctx, model, errors, 400);
}

namespace {

// The young person named in the path, after checking they are on this context's register.
Result<std::pair<Context, YoungPerson>> person_on(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    YoungPersonId id{c.id(1)};
    auto person = TRY(service::young_person_on(c.db, c.who->user, ctx.id, id));
    return std::pair{std::move(ctx), std::move(person)};
}

Result<Response> person_form(Ctx& c, const Context& ctx, const YoungPerson& y, nlohmann::json model,
                             const std::vector<Error>& errors, int status)
{
    model.update(context_model(ctx));
    model["id"] = std::to_string(y.id.value);
    if (!model.contains("pseudonym")) model["pseudonym"] = y.pseudonym;
    if (!model.contains("local_ref")) model["local_ref"] = y.local_ref;
    if (!model.contains("aliases")) model["aliases"] = y.aliases;
    std::string band = model.value("age_band", std::string(kAgeBands.name(y.age_band)));
    model["age_bands"] = choice_options(kAgeBands, [&](AgeBand b) { return kAgeBands.name(b) == band; });
    model["other_contexts"] = std::to_string(y.contexts.size() - 1);
    model["only_here"] = y.contexts.size() == 1;
    add_errors(model, errors);
    return c.page("young_person_edit",
                  errors.empty() ? "Change a young person's details" : "Error: Change a young person's details", model,
                  status);
}

}  // namespace

Result<Response> young_person_edit(Ctx& c)
{
    auto [ctx, person] = TRY(person_on(c));
    return person_form(c, ctx, person, nlohmann::json::object(), {}, 200);
}

Result<Response> young_person_update(Ctx& c)
{
    auto [ctx, person] = TRY(person_on(c));
    YoungPerson y = person;
    nlohmann::json model;
    auto errors = read_person(c, y, model);
    if (errors.empty()) {
        auto saved = service::update_young_person(c.db, c.who->user, c.actor(), ctx.id, y);
        if (saved) return c.redirect(fmt::format("/contexts/{}/young-people?done=changed", ctx.id.value));
        if (saved.error().kind != Error::Kind::Conflict && saved.error().kind != Error::Kind::Invalid)
            return std::unexpected(saved.error());
        errors.push_back(saved.error());
    }
    return person_form(c, ctx, person, model, errors, 400);
}

Result<Response> young_person_remove(Ctx& c)
{
    auto [ctx, person] = TRY(person_on(c));
    auto removed = service::unlink_young_person(c.db, c.who->user, c.actor(), ctx.id, person.id);
    if (!removed && removed.error().kind == Error::Kind::Conflict)
        return person_form(c, ctx, person, nlohmann::json::object(),
                           {Error::conflict(removed.error().message, "remove")}, 409);
    TRY(std::move(removed));
    return c.redirect(fmt::format("/contexts/{}/young-people?done=removed", ctx.id.value));
}

Result<Response> evidence_delete(Ctx& c)
{
    auto context = TRY(service::delete_evidence(c.db, c.who->user, c.actor(), EvidenceId{c.id(0)}));
    return c.redirect(fmt::format("/contexts/{}/evidence?done=deleted", context.value));
}

Result<Response> voice_delete(Ctx& c)
{
    auto context = TRY(service::delete_voice(c.db, c.who->user, c.actor(), VoiceId{c.id(0)}));
    return c.redirect(fmt::format("/contexts/{}/voices?done=deleted", context.value));
}

}  // namespace handlers
}  // namespace trellis::web
