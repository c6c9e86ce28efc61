// Choosing a record by a name typed into a form instead of from a list of
// every one: the use cases read up to six that hold the words, and this picks
// the one meant or says which ones match.
#pragma once

#include <cstdint>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/error.hpp"
#include "domain/text.hpp"

namespace trellis::service {

// The item of `found` (of `total` holding `typed`) whose name is `typed`
// exactly, or the only one; Invalid on `field` otherwise. `none` takes the
// typed words; `several` the total, the words and the first five names.
template <typename Item, typename NameOf>
Result<const Item*> the_one_named(const std::vector<Item>& found, std::int64_t total, std::string_view typed,
                                  const char* field, NameOf name_of, std::string_view none, std::string_view several)
{
    auto key = text::name_key(typed);
    for (const auto& item : found)
        if (text::name_key(name_of(item)) == key) return &item;
    if (found.size() == 1) return &found.front();
    if (found.empty()) return std::unexpected(Error::invalid(fmt::format(fmt::runtime(none), typed), field));
    std::vector<std::string> names;
    for (const auto& item : found | std::views::take(5)) names.push_back("“" + std::string(name_of(item)) + "”");
    return std::unexpected(
        Error::invalid(fmt::format(fmt::runtime(several), total, typed,
                                   fmt::format("{}{}", fmt::join(names, ", "), total > 5 ? " …" : "")),
                       field));
}

}  // namespace trellis::service
