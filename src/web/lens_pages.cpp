// The language lens pages: paste text and see its framing highlighted and
// explained; the partnership's trends by context and by agency.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "formats/docx_text.hpp"
#include "service/access.hpp"
#include "service/administration.hpp"
#include "service/lens.hpp"
#include "service/reports.hpp"
#include "web/api_json.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

constexpr std::size_t kMaxLensText = 200000;

std::string escape(std::string_view s)
{
    return kainjow::mustache::html_escape<std::string>(std::string(s));
}

const char* tier_class(lens::Tier t)
{
    switch (t) {
        case lens::Tier::Avoid: return "govuk-tag--red";
        case lens::Tier::Caution: return "govuk-tag--yellow";
        case lens::Tier::Preferred: return "govuk-tag--green";
    }
    return "govuk-tag--grey";
}

std::string percent(std::optional<double> share)
{
    return share ? fmt::format("{:.0f}%", *share * 100) : std::string("–");
}

// The page explains at most this many matches (each row carries the guidance
// text): a long document full of matches would otherwise make a page of tens of
// megabytes. The counts and the score always cover every match.
constexpr std::size_t kShownMatches = 200;

// The text with the shown matches wrapped in <mark>, numbered to match the
// table. Built and escaped here, piece by piece: the template prints it raw.
std::string highlighted(std::string_view text, const lens::Analysis& a)
{
    std::string out;
    std::size_t at = 0;
    for (std::size_t i = 0; i < std::min(a.matches.size(), kShownMatches); ++i) {
        const auto& m = a.matches[i];
        out += escape(text.substr(at, m.begin - at));
        std::string tier = m.in_young_persons_words ? "voice" : std::string(lens::to_string(m.entry->tier));
        out += fmt::format(
            "<mark class=\"trellis-mark trellis-mark--{}\"><a class=\"govuk-link\" href=\"#match-{}\">{}<sup>{}</sup>"
            "<span class=\"govuk-visually-hidden\"> ({})</span></a></mark>",
            tier, i + 1, escape(text.substr(m.begin, m.end - m.begin)), i + 1,
            m.in_young_persons_words ? "a young person's words, not scored" : escape(lens::label(m.entry->tier)));
        at = m.end;
    }
    out += escape(text.substr(at));
    return out;
}

Response lens_page(Ctx& c, const std::string& text, bool young, const std::vector<Error>& errors, int status)
{
    nlohmann::json model = {
        {"text", text}, {"young", young}, {"can_see_trends", role_allows(c.who->user.role, Permission::ReadReports)}};
    add_errors(model, errors);
    if (!text.empty() && errors.empty()) {
        auto lens = c.app.lenses().for_partnership(c.db, c.partnership());
        if (!lens) return c.fail(lens.error());
        const auto& lexicon = (*lens)->lexicon();
        auto a = (*lens)->analyse(text, young ? lens::Voice::YoungPerson : lens::Voice::Professional);
        if (!a) return c.fail(a.error());
        nlohmann::json rows = nlohmann::json::array();
        for (std::size_t i = 0; i < std::min(a->matches.size(), kShownMatches); ++i) {
            const auto& m = a->matches[i];
            const auto& e = *m.entry;
            auto source = lexicon.sources.find(e.source);
            rows.push_back(
                {{"n", std::to_string(i + 1)},
                 {"phrase", std::string(text.substr(m.begin, m.end - m.begin))},
                 {"tier", m.in_young_persons_words ? "Not scored" : std::string(lens::label(e.tier))},
                 {"tier_class", m.in_young_persons_words ? "govuk-tag--grey" : tier_class(e.tier)},
                 {"category", e.category},
                 {"why", m.in_young_persons_words ? "A young person's own words are evidence, not text to be "
                                                    "judged."
                                                  : e.why},
                 {"alternative", m.in_young_persons_words ? "" : e.alternative},
                 {"source", source == lexicon.sources.end() ? "" : source->second.title}});
        }
        model["analysed"] = true;
        model["share"] = percent(a->welfare_share());
        model["preferred"] = std::to_string(a->preferred);
        model["caution"] = std::to_string(a->caution);
        model["avoid"] = std::to_string(a->avoid);
        auto n = a->young_persons_words.size();
        model["set_aside"] = text::count(static_cast<std::int64_t>(n), "passage") + " in a young person's words";
        model["has_set_aside"] = !a->young_persons_words.empty();
        model["highlighted"] = highlighted(text, *a);
        model["matches"] = rows;
        model["has_matches"] = !rows.empty();
        if (a->matches.size() > kShownMatches)
            model["matches_cut"] = fmt::format(
                "The first {} of {} matches are highlighted and explained; the counts above include them all. "
                "Analyse a shorter passage to see the rest.",
                kShownMatches, a->matches.size());
    }
    return c.page("lens", errors.empty() ? "Language lens" : "Error: Language lens", model, status);
}

}  // namespace

Result<nlohmann::json> wording_check(Ctx& c, const std::string& text)
{
    auto lens = TRY(c.app.lenses().for_partnership(c.db, c.partnership()));
    auto a = TRY(lens->analyse(text));
    nlohmann::json flagged = nlohmann::json::array();
    std::set<std::string> seen;  // each phrase once, however often it is used
    for (const auto& m : a.matches) {
        if (m.in_young_persons_words || m.entry->tier == lens::Tier::Preferred) continue;
        auto phrase = std::string(text.substr(m.begin, m.end - m.begin));
        if (!seen.insert(text::name_key(phrase)).second) continue;
        flagged.push_back({{"phrase", phrase},
                           {"tier", std::string(lens::label(m.entry->tier))},
                           {"tier_class", tier_class(m.entry->tier)},
                           {"alternative", m.entry->alternative},
                           {"why", m.entry->why}});
    }
    auto n = a.young_persons_words.size();
    return nlohmann::json{
        {"checked", true},
        {"before_saving", true},
        {"flagged", flagged},
        {"has_flagged", !flagged.empty()},
        {"summary", flagged.empty() ? std::string("The lens found no phrase to reconsider.")
                                    : fmt::format("The lens found {} to reconsider.",
                                                  text::count(static_cast<std::int64_t>(flagged.size()), "phrase"))},
        {"share",
         a.welfare_share() ? fmt::format("{} welfare-led framing.", percent(a.welfare_share())) : std::string()},
        {"set_aside", n ? fmt::format("{} in a young person's words set aside, not scored.",
                                      text::count(static_cast<std::int64_t>(n), "passage"))
                        : std::string()}};
}

Result<Response> lens_form(Ctx& c)
{
    return lens_page(c, "", false, {}, 200);
}

Result<Response> lens_analyse(Ctx& c)
{
    std::string text = c.form.get("text");
    bool young = c.form.get("young") == "yes";
    // An uploaded document, when given, is analysed instead of the text box.
    for (const auto& file : c.files) {
        if (file.name != "document" || file.body.empty()) continue;
        if (formats::looks_like_docx(file.body)) {
            auto extracted = formats::docx_text(file.body);
            if (!extracted)
                return lens_page(c, "", young, {Error::invalid(extracted.error().message, "document")}, 400);
            text = std::move(*extracted);
        } else if (text::is_valid_utf8(file.body)) {
            text = file.body;
        } else {
            return lens_page(
                c, "", young,
                {Error::invalid("The file is neither plain text (UTF-8) nor a Word document (.docx).", "document")},
                400);
        }
    }
    if (text::collapse_space(text).empty())
        return lens_page(c, "", young, {Error::invalid("Paste the text to analyse, or upload a document.", "text")},
                         400);
    if (text::length(text) > kMaxLensText)
        return lens_page(c, "", young,
                         {Error::invalid(fmt::format("Paste at most {} characters at a time.", kMaxLensText), "text")},
                         400);
    return lens_page(c, text, young, {}, 200);
}

namespace {

// The trends are worked out from every stage text and minute of the
// partnership, so they are kept until something audited changes (a lexicon
// entry included).
Result<std::shared_ptr<const service::LanguageTrends>> partnership_trends(Ctx& c)
{
    TRY(service::need_permission(c.who->user, Permission::ReadReports, "the partnership's reports"));
    auto stamp = TRY(service::reports_stamp(c.db));
    auto key =
        fmt::format("{}:{}:{}", c.partnership().value, may_access_context(c.who->user.role, false) ? 1 : 0, stamp);
    return c.app.trends_cache().find_or_make(key, [&]() -> Result<service::LanguageTrends> {
        auto lens = TRY(c.app.lenses().for_partnership(c.db, c.partnership()));
        return service::language_trends(c.db, c.who->user, *lens);
    });
}

constexpr std::int64_t kTrendContextsPerPage = 50;

}  // namespace

Result<Response> lens_trends(Ctx& c)
{
    auto kept = TRY(partnership_trends(c));
    const auto& trends = *kept;
    // The latest twelve months with any text; fifty contexts a page, by name.
    std::vector<std::string> months = trends.months;
    if (months.size() > 12) months.erase(months.begin(), months.end() - 12);
    auto total = static_cast<std::int64_t>(trends.by_context.size());
    auto pages = std::max<std::int64_t>(1, (total + kTrendContextsPerPage - 1) / kTrendContextsPerPage);
    auto number = std::clamp<std::int64_t>(parse_id(c.query.get("page")).value_or(1), 1, pages);
    auto table = [&](const std::map<std::string, std::map<std::string, service::TrendCell>>& rows, std::int64_t from,
                     std::int64_t count) {
        nlohmann::json out = nlohmann::json::array();
        auto first = rows.begin();
        std::advance(first, std::min<std::int64_t>(from, static_cast<std::int64_t>(rows.size())));
        for (auto row = first; row != rows.end() && static_cast<std::int64_t>(out.size()) < count; ++row) {
            const auto& [name, by_month] = *row;
            nlohmann::json cells = nlohmann::json::array();
            for (const auto& month : months) {
                auto it = by_month.find(month);
                if (it == by_month.end()) {
                    cells.push_back({{"share", "–"}, {"detail", "no text"}});
                } else {
                    cells.push_back(
                        {{"share", percent(it->second.share())},
                         {"detail", fmt::format("{} welfare-led, {} flagged, {}", it->second.preferred,
                                                it->second.flagged, text::count(it->second.texts, "text"))}});
                }
            }
            out.push_back({{"name", name}, {"cells", cells}});
        }
        return out;
    };
    nlohmann::json month_labels = nlohmann::json::array();
    for (const auto& m : months) month_labels.push_back(uk_month(m));
    auto contexts = table(trends.by_context, (number - 1) * kTrendContextsPerPage, kTrendContextsPerPage);
    return c.page("lens_trends", "Language trends",
                  {{"months", month_labels},
                   {"contexts", contexts},
                   {"showing", showing(number, kTrendContextsPerPage, contexts.size(), total)},
                   {"pagination", pagination("/lens/trends", {}, number, pages)},
                   {"agencies", table(trends.by_agency, 0, static_cast<std::int64_t>(trends.by_agency.size()))},
                   {"names_contexts", may_access_context(c.who->user.role, false)},
                   {"has_data", !months.empty()}});
}

Result<Response> api_lens_trends(Ctx& c)
{
    // Contexts a page at a time by name (the cursor is the last name: a
    // context renamed or gone meanwhile does not lose the place); the few
    // agencies whole on every page.
    auto page = TRY(page_request(c.query));
    auto kept = TRY(partnership_trends(c));
    const auto& trends = *kept;
    using Months = std::map<std::string, service::TrendCell>;
    auto row = [](const std::string& name, const Months& months) {
        nlohmann::json cells = nlohmann::json::object();
        for (const auto& [month, cell] : months) {
            auto share = cell.share();
            cells[month] = {{"welfare_led", cell.preferred},
                            {"flagged", cell.flagged},
                            {"texts", cell.texts},
                            {"welfare_share", share ? nlohmann::json(*share) : nlohmann::json(nullptr)}};
        }
        return nlohmann::json{{"name", name}, {"months", cells}};
    };
    nlohmann::json contexts = nlohmann::json::array(), agencies = nlohmann::json::array();
    auto from = page.cursor.empty() ? trends.by_context.begin() : trends.by_context.upper_bound(page.cursor);
    for (auto it = from; it != trends.by_context.end() && contexts.size() <= page.limit; ++it)
        contexts.push_back(row(it->first, it->second));
    for (const auto& [name, months] : trends.by_agency) agencies.push_back(row(name, months));
    auto out = page_of(c, "contexts", std::move(contexts), page,
                       [](const nlohmann::json& item) { return item.at("name").get<std::string>(); });
    out["months"] = trends.months;
    out["agencies"] = std::move(agencies);
    return c.json_response(out);
}

Result<Response> api_lens(Ctx& c)
{
    if (!c.json.contains("text") || !c.json["text"].is_string())
        return std::unexpected(Error::invalid("\"text\" is required.", "text"));
    std::string text = c.json["text"].get<std::string>();
    if (text::length(text) > kMaxLensText)
        return std::unexpected(
            Error::invalid(fmt::format("Send at most {} characters at a time.", kMaxLensText), "text"));
    bool young = c.json.contains("young_persons_words") && c.json["young_persons_words"].is_boolean() &&
                 c.json["young_persons_words"].get<bool>();
    auto lens = TRY(c.app.lenses().for_partnership(c.db, c.partnership()));
    auto a = TRY((lens)->analyse(text, young ? lens::Voice::YoungPerson : lens::Voice::Professional));
    return c.json_response(service::analysis_json(*lens, text, a));
}

namespace {

Response lexicon_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status, std::string banner)
{
    auto local = service::lexicon_entries(c.db, c.who->user);
    if (!local) return c.fail(local.error());
    nlohmann::json own = nlohmann::json::array();
    for (const auto& e : *local) {
        std::string phrases;
        for (const auto& p : e.phrases) phrases += (phrases.empty() ? "" : "; ") + p;
        own.push_back({{"id", std::to_string(e.id)},
                       {"key", e.key},
                       {"phrases", phrases},
                       {"tier", e.tier == "preferred" ? "Welfare-led"
                                : e.tier == "caution" ? "Use with caution"
                                                      : "Avoid"},
                       {"category", e.category},
                       {"alternative", e.alternative}});
    }
    nlohmann::json shipped = nlohmann::json::array();
    for (const auto& e : c.app.lens().lexicon().entries) {
        std::string phrases;
        for (const auto& p : e.phrases) phrases += (phrases.empty() ? "" : "; ") + p;
        shipped.push_back({{"key", e.id},
                           {"phrases", phrases},
                           {"tier", lens::label(e.tier)},
                           {"category", e.category},
                           {"alternative", e.alternative}});
    }
    model["own"] = own;
    model["has_own"] = !own.empty();
    model["shipped"] = shipped;
    model["banner"] = banner;
    std::string tier = model.value("tier", "avoid");
    model["tiers"] = nlohmann::json::array(
        {{{"value", "avoid"}, {"label", "Avoid"}, {"selected", tier == "avoid"}},
         {{"value", "caution"}, {"label", "Use with caution"}, {"selected", tier == "caution"}},
         {{"value", "preferred"}, {"label", "Welfare-led (preferred)"}, {"selected", tier == "preferred"}}});
    add_errors(model, errors);
    return c.page("admin_lexicon", errors.empty() ? "Language lens lexicon" : "Error: Language lens lexicon", model,
                  status);
}

}  // namespace

Result<Response> admin_lexicon(Ctx& c)
{
    std::string done = c.query.get("done");
    return lexicon_page(c, nlohmann::json::object(), {}, 200,
                        done == "added"     ? "The entry was added."
                        : done == "removed" ? "The entry was removed."
                                            : "");
}

Result<Response> admin_lexicon_add(Ctx& c)
{
    LexiconEntry e;
    e.key = c.form.get("key");
    e.phrases = text::nonblank_lines(c.form.get("phrases"));
    e.tier = c.form.get("tier");
    e.category = text::collapse_space(c.form.get("category"));
    e.alternative = text::collapse_space(c.form.get("alternative"));
    e.why = text::collapse_space(c.form.get("why"));
    e.source_title = text::collapse_space(c.form.get("source_title"));
    nlohmann::json model = {{"key", c.form.get("key")},
                            {"phrases", c.form.get("phrases")},
                            {"tier", e.tier},
                            {"category", c.form.get("category")},
                            {"alternative", c.form.get("alternative")},
                            {"why", c.form.get("why")},
                            {"source_title", c.form.get("source_title")}};
    auto id = service::add_lexicon_entry(c.db, c.who->user, c.actor(), c.app.lenses(), e);
    if (!id && (id.error().kind == Error::Kind::Invalid || id.error().kind == Error::Kind::Conflict)) {
        auto shown = id.error();
        if (shown.field == "tier") shown.field = "tier-avoid";  // the summary links to the first radio
        return lexicon_page(c, model, {shown}, shown.kind == Error::Kind::Conflict ? 409 : 400, "");
    }
    if (!id) return std::unexpected(id.error());
    return c.redirect("/admin/lexicon?done=added");
}

Result<Response> admin_lexicon_remove(Ctx& c)
{
    TRY(service::remove_lexicon_entry(c.db, c.who->user, c.actor(), c.id(0)));
    return c.redirect("/admin/lexicon?done=removed");
}

}  // namespace trellis::web::handlers
