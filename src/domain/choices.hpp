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

    // The values in order, so a set reads like the list of its values:
    // `for (auto v : kStages)`, `kStages[0]`, std::ranges::find(kRoles, r).
    constexpr E operator[](std::size_t i) const { return static_cast<E>(i); }
    struct iterator {
        using value_type = E;
        using difference_type = std::ptrdiff_t;
        std::size_t i = 0;
        constexpr E operator*() const { return static_cast<E>(i); }
        constexpr iterator& operator++()
        {
            ++i;
            return *this;
        }
        constexpr iterator operator++(int)
        {
            auto was = *this;
            ++i;
            return was;
        }
        constexpr bool operator==(const iterator&) const = default;
    };
    constexpr iterator begin() const { return {0}; }
    constexpr iterator end() const { return {N}; }
};

}  // namespace trellis
