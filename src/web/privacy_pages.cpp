// The partnership's privacy notice, public and versioned, and the record of
// telling young people and parents that they are recorded.
#include <fmt/format.h>

#include <map>
#include <optional>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "service/contexts.hpp"
#include "service/privacy.hpp"
#include "service/register.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

Response notice_form(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    add_errors(model, errors);
    return c.page("privacy_edit", errors.empty() ? "Privacy notice" : "Error: Privacy notice", std::move(model),
                  status);
}

std::string told_text(const Telling& t)
{
    if (t.told) return "Told on " + when(t.told_on);
    std::string out = "Not told: " + std::string(t.reason ? kNotToldReasons.label(*t.reason) : "no reason given");
    return out;
}

constexpr std::int64_t kTellingPerPage = 50;
constexpr std::int64_t kHistoryPerPage = 25;

Response telling_page(Ctx& c, ContextId id, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto ctx = service::context(c.db, c.who->user, id);
    if (!ctx) return c.fail(ctx.error());
    // The register fifty a page, by pseudonym, each with the latest record
    // about them; everything recorded, newest first, a page of its own.
    auto page = parse_id(c.query.get("page")).value_or(1);
    auto history_page = parse_id(c.query.get("history")).value_or(1);
    auto people = service::register_page(c.db, c.who->user, id, page, kTellingPerPage);
    if (!people) return c.fail(people.error());
    std::vector<YoungPersonId> ids;
    for (const auto& p : people->items) ids.push_back(p.id);
    auto record = service::telling_of(c.db, c.who->user, id, ids, history_page, kHistoryPerPage);
    if (!record) return c.fail(record.error());
    // The page's count of the register says whether the form lists it; when it
    // does, the register fits on the page's first and only page of people.
    static_assert(service::kRegisterListedUpTo <= kTellingPerPage);
    bool typed = service::register_typed(people->total);
    std::map<std::optional<std::int64_t>, const Telling*> latest;
    for (const auto& t : record->latest) latest.emplace(t.young_person, &t);
    nlohmann::json rows = nlohmann::json::array(), options = nlohmann::json::array();
    auto row = [&](const std::string& name, std::optional<std::int64_t> who) {
        auto found = latest.find(who);
        const Telling* t = found == latest.end() ? nullptr : found->second;
        rows.push_back({{"name", name},
                        {"state", t ? told_text(*t) : "Not recorded"},
                        {"recorded", t != nullptr},
                        {"detail", t ? t->detail : ""},
                        {"by", t ? fmt::format("{}, {}", t->recorded_by, when(t->recorded_at)) : ""}});
    };
    auto option = [&](const std::string& name, const std::string& value) {
        options.push_back({{"value", value}, {"label", name}, {"selected", model.value("who", "") == value}});
    };
    const std::string community = "Parents, carers and the community around the context";
    row(community, std::nullopt);
    for (const auto& p : people->items) row(p.pseudonym, p.id.value);
    option(community, "context");
    // A register too long to list: the young person's pseudonym is typed.
    if (typed)
        option("A young person on the register (type their pseudonym below)", "named");
    else
        for (const auto& p : people->items) option(p.pseudonym, std::to_string(p.id.value));
    model["people_typed"] = typed;
    model["register_total"] = std::to_string(people->total);
    model["showing"] = showing(*people);
    auto path = fmt::format("/contexts/{}/telling", id.value);
    model["pagination"] = pagination(path, {{"history", c.query.get("history")}}, people->number, people->pages());
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = ctx->name;
    model["rows"] = rows;
    model["who_options"] = options;
    model["reasons"] = choice_options(
        kNotToldReasons, [&](NotToldReason r) { return model.value("reason", "") == kNotToldReasons.name(r); });
    model["can_record"] = role_allows(c.who->user.role, Permission::EditFrameworks);
    nlohmann::json history = nlohmann::json::array();
    for (const auto& t : record->history.items)
        history.push_back({{"name", t.young_person ? t.young_person_name : "Parents, carers and the community"},
                           {"state", told_text(t)},
                           {"detail", t.detail},
                           {"by", fmt::format("{}, {}", t.recorded_by, when(t.recorded_at))}});
    model["history"] = history;
    model["has_history"] = !history.empty();
    model["history_nav"] = {{"showing", showing(record->history)},
                            {"pages_label", "Pages of everything recorded"},
                            {"pagination", pagination(path, {{"page", c.query.get("page")}}, record->history.number,
                                                      record->history.pages(), false, "history")}};
    add_errors(model, errors);
    return c.page("telling",
                  errors.empty() ? "Telling young people and parents" : "Error: Telling young people and parents",
                  std::move(model), status);
}

}  // namespace

Result<Response> privacy_index(Ctx& c)
{
    auto list = TRY(service::partnerships_with_notices(c.db));
    if (list.size() == 1) return c.redirect("/privacy/" + list.front().slug);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : list) rows.push_back({{"slug", p.slug}, {"name", p.name}});
    return c.page("privacy_index", "Privacy notices", {{"partnerships", rows}, {"has_partnerships", !rows.empty()}});
}

Result<Response> privacy_notice(Ctx& c)
{
    std::optional<int> version;
    if (const auto& v = c.query.get("version"); !v.empty()) {
        auto n = parse_id(v);
        if (!n || *n > 100000) return c.not_found();
        version = static_cast<int>(*n);
    }
    auto shown = TRY(service::public_notice(c.db, c.params.at(0), version));
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : shown.versions)
        versions.push_back({{"version", std::to_string(v.version)},
                            {"date", when(v.published_at)},
                            {"current", v.version == shown.notice.version}});
    bool latest = !shown.versions.empty() && shown.versions.front().version == shown.notice.version;
    return c.page("privacy", "Privacy notice: " + shown.partnership.name,
                  {{"partnership", shown.partnership.name},
                   {"slug", shown.partnership.slug},
                   {"version", std::to_string(shown.notice.version)},
                   {"published", when(shown.notice.published_at)},
                   {"latest", latest},
                   {"notice", paragraphs(shown.notice.notice)},
                   {"lawful_basis", paragraphs(shown.notice.lawful_basis)},
                   {"article8", paragraphs(shown.notice.article8)},
                   {"versions", versions},
                   {"has_versions", versions.size() > 1}});
}

Result<Response> privacy_edit(Ctx& c)
{
    auto current = TRY(service::own_notice(c.db, c.who->user));
    nlohmann::json model = nlohmann::json::object();
    if (current)
        model = {{"lawful_basis", current->lawful_basis},
                 {"article8", current->article8},
                 {"notice", current->notice},
                 {"version", std::to_string(current->version)}};
    if (c.query.get("done") == "published") model["banner"] = "The new version is published.";
    return notice_form(c, model, {}, 200);
}

Result<Response> privacy_publish(Ctx& c)
{
    PrivacyNotice n{0, c.form.get("lawful_basis"), c.form.get("article8"), c.form.get("notice"), "", ""};
    nlohmann::json model = {{"lawful_basis", n.lawful_basis}, {"article8", n.article8}, {"notice", n.notice}};
    if (auto errors = validate(n); !errors.empty()) return notice_form(c, model, errors, 400);
    auto published = service::publish_notice(c.db, c.who->user, c.actor(), n);
    if (!published && published.error().kind == Error::Kind::Invalid)
        return notice_form(c, model, {published.error()}, 400);
    if (!published) return std::unexpected(published.error());
    return c.redirect("/admin/privacy?done=published");
}

Result<Response> telling(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(c.audit_view("telling", id.value, id));
    nlohmann::json model = nlohmann::json::object();
    if (c.query.get("done") == "recorded") model["banner"] = "It was recorded.";
    return telling_page(c, id, model, {}, 200);
}

Result<Response> telling_record(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    Telling t;
    t.context = id;
    std::vector<Error> errors;
    const std::string& who = c.form.get("who");
    if (who == "named") {
        auto named = service::register_called(c.db, c.who->user, id, {c.form.get("who_name")}, "who_name");
        if (!named && named.error().kind != Error::Kind::Invalid) return std::unexpected(named.error());
        if (!named)
            errors.push_back(named.error());
        else if (named->empty())
            errors.push_back(Error::invalid("Type the pseudonym of the young person this is about.", "who_name"));
        else
            t.young_person = named->front().value;
    } else if (who != "context") {
        auto person = parse_id(who);
        if (!person)
            errors.push_back(Error::invalid("Choose who this is about.", "who"));
        else
            t.young_person = *person;
    }
    const std::string& told = c.form.get("told");
    if (told != "yes" && told != "no") errors.push_back(Error::invalid("Choose whether they were told.", "told"));
    t.told = told == "yes";
    t.told_on = c.form.get("told_date");
    t.reason = kNotToldReasons.parse(c.form.get("reason"));
    t.detail = c.form.get("detail");
    nlohmann::json model = {{"who", who},
                            {"who_name", c.form.get("who_name")},
                            {"told", told},
                            {"told_date", t.told_on},
                            {"reason", c.form.get("reason")},
                            {"detail_text", t.detail}};
    if (told == "yes" || told == "no")
        for (auto& e : validate(t)) errors.push_back(std::move(e));
    if (!errors.empty()) return telling_page(c, id, model, errors, 400);
    auto done = service::record_telling(c.db, c.who->user, c.actor(), t);
    if (!done && done.error().kind == Error::Kind::Invalid) return telling_page(c, id, model, {done.error()}, 400);
    TRY(std::move(done));
    return c.redirect(fmt::format("/contexts/{}/telling?done=recorded", id.value));
}

}  // namespace trellis::web::handlers
