// A closed set of choices with a machine name (stored, sent in forms) and a
// label (shown), indexed by an enum whose values run 0, 1, 2, ...
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace trellis {

struct Choice {
    std::string_view name;
    std::string_view label;
};

template <typename E, std::size_t N>
struct Choices {
    std::array<Choice, N> items;

    constexpr std::string_view name(E e) const { return items[static_cast<std::size_t>(e)].name; }
    constexpr std::string_view label(E e) const { return items[static_cast<std::size_t>(e)].label; }
    constexpr std::optional<E> parse(std::string_view s) const
    {
        for (std::size_t i = 0; i < N; ++i)
            if (items[i].name == s) return static_cast<E>(i);
        return std::nullopt;
    }
    constexpr std::array<E, N> all() const
    {
        std::array<E, N> out{};
        for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<E>(i);
        return out;
    }
    static constexpr std::size_t size() { return N; }
};

}  // namespace trellis
