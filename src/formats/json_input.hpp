// JSON from outside Trellis (API bodies, imported frameworks, lexicons),
// parsed with a bound on nesting: nlohmann's parser keeps its own stack on the
// heap, but copying, comparing or printing a value recurses once per level, so
// a body of 100,000 '[' would overflow the stack later. Header-only, so every
// library that reads JSON can use it.
#pragma once

#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/error.hpp"
#include "formats/bounds.hpp"

namespace trellis::formats {

// Invalid when the text is not JSON or nests deeper than max_depth arrays and objects.
inline Result<nlohmann::json> parse_json(std::string_view text, int max_depth = bounds::kJsonDepth)
{
    struct TooDeep {};
    auto bound = [max_depth](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        if ((event == nlohmann::json::parse_event_t::object_start ||
             event == nlohmann::json::parse_event_t::array_start) &&
            depth >= max_depth)
            throw TooDeep{};
        return true;
    };
    try {
        auto j = nlohmann::json::parse(text, bound, false);
        if (j.is_discarded()) return std::unexpected(Error::invalid("The text is not valid JSON."));
        return j;
    } catch (const TooDeep&) {
        return std::unexpected(Error::invalid(
            fmt::format("The JSON nests arrays and objects more than {} deep, more than Trellis reads.", max_depth)));
    }
}

}  // namespace trellis::formats
