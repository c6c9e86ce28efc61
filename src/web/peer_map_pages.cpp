// The peer map of a peer-group context: an SVG network with the same links in
// a table beside it, and the lead's form to record or delete a link.
#include <fmt/format.h>

#include "domain/text.hpp"
#include "service/peer_map.hpp"
#include "service/register.hpp"
#include "web/charts.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {

namespace {

Response peer_map_page(Ctx& c, ContextId id, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto map = service::peer_map(c.db, c.who->user, id);
    if (!map) return c.fail(map.error());
    charts::Network net;
    net.id = "peer-map";
    net.title = "Peer map of " + map->context.name;
    net.description = fmt::format(
        "Each young person {} as a point on a circle, with a line for each link: solid when confirmed, dashed "
        "when likely, dotted when unverified. The table beside it lists the same links.",
        map->typed() ? "named by a link" : "on the register");
    std::vector<std::int64_t> order;
    nlohmann::json people = nlohmann::json::array();
    for (const auto& p : map->people) {
        net.people.push_back(p.pseudonym);
        order.push_back(p.id.value);
    }
    auto index = [&](YoungPersonId y) {
        return static_cast<std::size_t>(std::ranges::find(order, y.value) - order.begin());
    };
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : map->links) {
        net.links.push_back({index(l.a), index(l.b), std::string(kLinkReliabilities.name(l.reliability))});
        links.push_back({{"id", std::to_string(l.id.value)},
                         {"a", l.a_name},
                         {"b", l.b_name},
                         {"source", std::string(kLinkSources.label(l.source))},
                         {"reliability", std::string(kLinkReliabilities.label(l.reliability))},
                         {"note", l.note},
                         {"by", fmt::format("{}, {}", l.recorded_by, when(l.recorded_at))}});
    }
    auto person_options = [&](const std::string& field) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : map->people)
            out.push_back({{"value", std::to_string(p.id.value)},
                           {"label", p.pseudonym},
                           {"selected", model.value(field, "") == std::to_string(p.id.value)}});
        return out;
    };
    model["context_id"] = std::to_string(id.value);
    model["context_name"] = map->context.name;
    model["applies"] = map->applies;
    model["kind"] = std::string(kContextKinds.label(map->context.kind));
    model["chart"] = charts::network(net);
    model["links"] = links;
    model["has_links"] = !links.empty();
    model["link_count"] = text::count(static_cast<std::int64_t>(links.size()), "link");
    model["has_people"] = map->register_total >= 2;
    model["may_edit"] = map->may_edit;
    model["typed"] = map->typed();
    if (map->typed()) {
        model["register_total"] = std::to_string(map->register_total);
        if (auto undrawn = map->register_total - static_cast<std::int64_t>(map->people.size()); undrawn > 0)
            model["undrawn"] = fmt::format(
                "Of the {} young people on this context's register, {} no link yet and {} "
                "not drawn.",
                map->register_total, undrawn == 1 ? "1 has" : fmt::format("{} have", undrawn),
                undrawn == 1 ? "is" : "are");
    } else {
        model["a_options"] = person_options("a");
        model["b_options"] = person_options("b");
    }
    model["sources"] =
        choice_options(kLinkSources, [&](LinkSource s) { return model.value("source", "") == kLinkSources.name(s); });
    model["reliabilities"] = choice_options(kLinkReliabilities, [&](LinkReliability r) {
        return model.value("reliability", "") == kLinkReliabilities.name(r);
    });
    add_errors(model, errors);
    return c.page("peer_map", errors.empty() ? "Peer map" : "Error: Peer map", std::move(model), status);
}

}  // namespace

Result<Response> peer_map(Ctx& c)
{
    ContextId id{c.id(0)};
    TRY(c.need_context(id));
    TRY(c.audit_view("peer_map", 0, id));
    nlohmann::json model = nlohmann::json::object();
    if (c.query.get("done") == "added") model["banner"] = "The link was added to the map.";
    if (c.query.get("done") == "deleted") model["banner"] = "The link was deleted.";
    return peer_map_page(c, id, model, {}, 200);
}

Result<Response> peer_link_add(Ctx& c)
{
    ContextId id{c.id(0)};
    service::PeerLinkForm form{c.form.get("a"), c.form.get("b"), c.form.get("source"), c.form.get("reliability"),
                               c.form.get("note")};
    // A register too long to list: the two pseudonyms are typed.
    auto added = [&]() -> Result<PeerLinkId> {
        for (auto [field, id_of] : {std::pair{"a", &form.a}, std::pair{"b", &form.b}}) {
            auto typed = text::collapse_space(c.form.get(std::string(field) + "_name"));
            if (!id_of->empty() || typed.empty()) continue;
            auto named = TRY(service::register_called(c.db, c.who->user, id, {typed}, field));
            *id_of = std::to_string(named.front().value);
        }
        return service::add_peer_link(c.db, c.who->user, c.actor(), id, form);
    }();
    if (!added && (added.error().kind == Error::Kind::Invalid || added.error().kind == Error::Kind::Conflict))
        return peer_map_page(c, id,
                             {{"a", form.a},
                              {"b", form.b},
                              {"a_name", c.form.get("a_name")},
                              {"b_name", c.form.get("b_name")},
                              {"source", form.source},
                              {"reliability", form.reliability},
                              {"note", form.note}},
                             {added.error()}, added.error().kind == Error::Kind::Conflict ? 409 : 400);
    TRY(std::move(added));
    return c.redirect(fmt::format("/contexts/{}/peer-map?done=added", id.value));
}

Result<Response> peer_link_remove(Ctx& c)
{
    auto context = TRY(service::remove_peer_link(c.db, c.who->user, c.actor(), PeerLinkId{c.id(0)}));
    return c.redirect(fmt::format("/contexts/{}/peer-map?done=deleted", context.value));
}

}  // namespace trellis::web::handlers
