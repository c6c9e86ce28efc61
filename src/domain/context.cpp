#include "domain/context.hpp"

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(ContextKind k)
{
    return kContextKinds.name(k);
}

std::string_view label(ContextKind k)
{
    return kContextKinds.label(k);
}

std::optional<ContextKind> parse_context_kind(std::string_view s)
{
    return kContextKinds.parse(s);
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
