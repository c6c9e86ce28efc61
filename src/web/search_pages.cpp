// Search: the page with one box across what the user may see, and the same on
// the API. The words are never logged or audited: the request log has no query
// strings, and the audit records only how many hits there were and which
// records were shown.
#include <fmt/format.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "domain/action.hpp"
#include "domain/context.hpp"
#include "domain/evidence.hpp"
#include "domain/framework.hpp"
#include "domain/meeting.hpp"
#include "domain/text.hpp"
#include "service/search.hpp"
#include "web/api_json.hpp"
#include "web/forms.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

// A hit as a person reads it: what it is, where it is, and its link.
struct Presented {
    std::string kind;   // "Evidence"
    std::string title;  // "Evidence of 3 March 2026"
    std::string detail;
    std::string href;
};

template <typename E, std::size_t N>
std::string label_of(const Choices<E, N>& set, const std::string& name)
{
    auto chosen = set.parse(name);
    return chosen ? std::string(set.label(*chosen)) : name;
}

Presented present(const SearchHit& h)
{
    auto framework_goal = fmt::format("/frameworks/{}#goal-{}", h.framework, h.goal);
    switch (h.kind) {
        case SearchKind::Context: {
            auto kind = parse_context_kind(h.detail);
            return {"Context", h.context_name, kind ? std::string(label(*kind)) : h.detail,
                    fmt::format("/contexts/{}", h.id)};
        }
        case SearchKind::Goal: return {"Goal", "Goal statement", "", framework_goal};
        case SearchKind::Stage:
            return {"Stage text", fmt::format("{} stage of a goal", label_of(kStages, h.detail)), "", framework_goal};
        case SearchKind::Evidence:
            return {"Evidence", fmt::format("Evidence of {}", when(h.date)), label_of(kEvidenceMethods, h.detail),
                    fmt::format("/evidence/{}", h.id)};
        case SearchKind::Meeting:
            return {"Meeting", fmt::format("{}, {}", label_of(kMeetingTypes, h.detail), when(h.date)), "",
                    fmt::format("/meetings/{}", h.id)};
        case SearchKind::Voice:
            return {"Voice", fmt::format("Voice heard on {}", when(h.date)), "",
                    fmt::format("/contexts/{}/voices", h.context.value)};
        case SearchKind::Action:
            return {"Action", "Action", label_of(kActionStatuses, h.detail), fmt::format("/actions/{}", h.id)};
    }
    return {};
}

// The snippet escaped, then its marked words wrapped in <mark>: the marks are
// added after escaping, so nothing in a record can open a tag.
std::string snippet_html(const std::string& snippet)
{
    std::string escaped = kainjow::mustache::html_escape<std::string>(snippet);
    std::string out;
    out.reserve(escaped.size() + 64);
    for (char ch : escaped) {
        if (ch == kHitStart)
            out += "<mark>";
        else if (ch == kHitEnd)
            out += "</mark>";
        else
            out += ch;
    }
    return out;
}

std::string snippet_text(std::string snippet)
{
    std::erase_if(snippet, [](char ch) { return ch == kHitStart || ch == kHitEnd; });
    return snippet;
}

// A count as the list of kinds shows it: "12", or "100+" past the cap.
std::string counted(std::int64_t n, bool capped)
{
    return text::thousands(n) + (capped ? "+" : "");
}

Result<std::optional<SearchKind>> kind_from(const Form& query)
{
    const auto& k = query.get("kind");
    if (k.empty()) return std::optional<SearchKind>{};
    auto kind = kSearchKinds.parse(k);
    if (!kind) return std::unexpected(Error::invalid("Choose a kind of record from the list.", "kind"));
    return kind;
}

// What the audit trail keeps of a search: never its words, only how many
// records matched and which were shown ("evidence 12, voice 4").
std::string audited(const SearchResults& r)
{
    std::string shown;
    for (const auto& h : r.hits)
        shown += fmt::format("{}{} {}", shown.empty() ? "" : ", ", kSearchKinds.name(h.kind), h.id);
    return fmt::format("hits={} shown={}", r.total, shown.empty() ? "none" : shown);
}

std::string scope_hint(const User& u)
{
    if (sees_own_agency_actions_only(u.role)) return "Searches the actions your agency owns or takes part in.";
    if (works_by_allocation(u.role))
        return "Searches the contexts allocated to you: their frameworks, evidence, minutes, voices and actions.";
    return "Searches every context of the partnership: frameworks, evidence, minutes, voices and actions.";
}

}  // namespace

Result<Response> search_page(Ctx& c)
{
    const auto& typed = c.query.get("q");
    nlohmann::json model = {{"q", typed}, {"scope_hint", scope_hint(c.who->user)}, {"kind", c.query.get("kind")}};
    if (!c.query.has("q")) return c.page("search", "Search", std::move(model));
    auto kind = kind_from(c.query);
    Result<SearchResults> found =
        kind ? service::search(c.db, c.who->user, typed, *kind, page_number(c.query.get("page")))
             : std::unexpected(kind.error());
    if (!found) {
        if (found.error().kind != Error::Kind::Invalid) return std::unexpected(found.error());
        add_errors(model, {found.error()});
        return c.page("search", "Search", std::move(model), 400);
    }
    TRY(c.audit_view("search", 0, std::nullopt, audited(*found)));

    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : found->hits) {
        auto p = present(h);
        hits.push_back({{"kind", p.kind},
                        {"title", p.title},
                        {"detail", p.detail},
                        {"href", p.href},
                        {"where", h.kind == SearchKind::Context ? std::string() : h.context_name},
                        {"snippet", snippet_html(h.snippet)}});
    }
    // Each kind is counted to the cap: past it, "more than" the counts added.
    std::int64_t all = 0, chosen = 0;
    bool all_capped = false, capped = false;
    for (std::size_t k = 0; k < found->counts.size(); ++k) {
        auto n = std::min(found->counts[k], kSearchCountCap);
        bool over = found->counts[k] > kSearchCountCap;
        all += n;
        all_capped = all_capped || over;
        if (!*kind || static_cast<std::size_t>(**kind) == k) {
            chosen += n;
            capped = capped || over;
        }
    }
    auto link = [&](std::string_view k) {
        std::string href = "/search?q=" + url_encode(typed);
        if (!k.empty()) href += "&kind=" + std::string(k);
        return href;
    };
    nlohmann::json kinds = nlohmann::json::array();
    kinds.push_back({{"label", "Everything"},
                     {"count", std::to_string(all)},
                     {"count_zero", all == 0},
                     {"current", !*kind},
                     {"href", link("")}});
    for (auto k : kSearchKinds) {
        if (sees_own_agency_actions_only(c.who->user.role) && k != SearchKind::Action) continue;
        auto n = found->counts[static_cast<std::size_t>(k)];
        kinds.push_back({{"label", kSearchKinds.label(k)},
                         {"count", counted(n, n > kSearchCountCap)},
                         {"count_zero", n == 0},
                         {"current", *kind == k},
                         {"href", link(kSearchKinds.name(k))}});
    }
    model["searched"] = true;
    model["kinds"] = std::move(kinds);
    model["has_hits"] = !hits.empty();
    model["hits"] = std::move(hits);
    model["summary"] = found->total == 0 ? std::string("Nothing you may see holds all of those words.")
                       : capped
                           ? fmt::format("More than {} records found, newest first. Add words to narrow the search.",
                                         text::thousands(chosen))
                           : text::count(found->total, "record") + " found, newest first.";
    if (!capped) model["showing"] = showing(found->number, found->size, found->hits.size(), found->total);
    model["pagination"] = pagination("/search", c.query.fields(), found->number, found->pages());
    return c.page("search", "Search", std::move(model));
}

Result<Response> api_search(Ctx& c)
{
    auto page = TRY(page_request(c.query));
    auto kind = TRY(kind_from(c.query));
    std::int64_t number = 1;
    if (!page.cursor.empty()) {
        auto n = text::record_number(page.cursor);
        if (!n || *n < 1) return std::unexpected(Error::invalid("\"cursor\" is not one Trellis gave.", "cursor"));
        number = *n;
    }
    auto found =
        TRY(service::search(c.db, c.who->user, c.query.get("q"), kind, number, static_cast<std::int64_t>(page.limit)));
    TRY(c.audit_view("search", 0, std::nullopt, audited(found) + " api"));
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : found.hits) {
        auto p = present(h);
        hits.push_back({{"kind", kSearchKinds.name(h.kind)},
                        {"id", h.id},
                        {"context", {{"id", h.context.value}, {"name", h.context_name}}},
                        {"title", p.title},
                        {"detail", p.detail},
                        {"href", p.href},
                        {"snippet", snippet_text(h.snippet)},
                        {"snippet_html", snippet_html(h.snippet)}});
    }
    nlohmann::json counts = nlohmann::json::object();
    for (auto k : kSearchKinds) counts[std::string(kSearchKinds.name(k))] = found.counts[static_cast<std::size_t>(k)];
    nlohmann::json next = nullptr;
    if (found.number < found.pages()) next = next_link(c, page, std::to_string(found.number + 1));
    return c.json_response({{"total", found.total}, {"counts", counts}, {"hits", hits}, {"next", next}});
}

}  // namespace trellis::web::handlers
