// Reading JSON request bodies on the API: each member is checked for its type
// and an error names the member, so a client knows what to fix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/choices.hpp"
#include "domain/error.hpp"

namespace trellis::web {

// An optional text member; Invalid (naming the member) when it is not text.
Result<std::optional<std::string>> text_member(const nlohmann::json& body, const char* key);

// A text member that must be there.
Result<std::string> required_text(const nlohmann::json& body, const char* key);

// An optional id member (a whole number); Invalid saying it must be `what`.
Result<std::optional<std::int64_t>> id_member(const nlohmann::json& body, const char* key, const char* what);

// An optional member naming one of a closed set of choices; Invalid listing
// the choices' names, straight from the table, when it names none of them.
template <typename E, std::size_t N>
Result<std::optional<E>> choice_member(const nlohmann::json& body, const char* key, const Choices<E, N>& choices)
{
    auto text = TRY(text_member(body, key));
    if (!text) return std::optional<E>{};
    if (auto chosen = choices.parse(*text)) return std::optional<E>{*chosen};
    std::string names;
    for (std::size_t i = 0; i < N; ++i)
        names += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(choices.items[i].name);
    return std::unexpected(Error::invalid(fmt::format("\"{}\" must be {}.", key, names), key));
}

template <typename E, std::size_t N>
Result<E> required_choice(const nlohmann::json& body, const char* key, const Choices<E, N>& choices)
{
    auto chosen = TRY(choice_member(body, key, choices));
    if (!chosen) return std::unexpected(Error::invalid(fmt::format("\"{}\" is required.", key), key));
    return *chosen;
}

}  // namespace trellis::web
