#include "domain/context.hpp"

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(ContextKind k)
{
    switch (k) {
        case ContextKind::PeerGroup: return "peer_group";
        case ContextKind::Place: return "place";
        case ContextKind::School: return "school";
        case ContextKind::Online: return "online";
        case ContextKind::Other: return "other";
    }
    return "other";
}

std::string_view label(ContextKind k)
{
    switch (k) {
        case ContextKind::PeerGroup: return "Peer group";
        case ContextKind::Place: return "Place";
        case ContextKind::School: return "School or college";
        case ContextKind::Online: return "Online space";
        case ContextKind::Other: return "Other";
    }
    return "Other";
}

std::optional<ContextKind> parse_context_kind(std::string_view s)
{
    for (auto k : kContextKinds)
        if (to_string(k) == s) return k;
    return std::nullopt;
}

std::vector<Error> validate(const Context& c)
{
    std::vector<Error> errors;
    if (auto e = text::check(c.name, "Context name", "name", {.min = 1, .max = limits::kContextName}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(c.description, "Description", "description",
                             {.min = 0, .max = limits::kContextDescription, .multiline = true}))
        errors.push_back(std::move(*e));
    for (const auto& link : c.links)
        if (auto e = check_link_label(link.label)) errors.push_back(std::move(*e));
    return errors;
}

std::optional<Error> check_link_label(std::string_view value)
{
    return text::check(value, "Link label", "link_label", {.min = 1, .max = limits::kLinkLabel});
}

}  // namespace trellis
