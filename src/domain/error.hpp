// Expected failures are values: every fallible operation in Trellis returns
// Result<T>, and one closed set of kinds maps to HTTP statuses and CLI exit codes.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace trellis {

struct Error {
    enum class Kind { NotFound, Forbidden, Invalid, Conflict, Unavailable };

    Kind kind;
    std::string message;  // meant for a person: names the thing and what is wrong
    std::string field;    // the form field or JSON key at fault, when there is one

    static Error not_found(std::string message) { return {Kind::NotFound, std::move(message), {}}; }
    static Error forbidden(std::string message) { return {Kind::Forbidden, std::move(message), {}}; }
    static Error invalid(std::string message, std::string field = {})
    {
        return {Kind::Invalid, std::move(message), std::move(field)};
    }
    static Error conflict(std::string message, std::string field = {})
    {
        return {Kind::Conflict, std::move(message), std::move(field)};
    }
    static Error unavailable(std::string message) { return {Kind::Unavailable, std::move(message), {}}; }
};

const char* to_string(Error::Kind kind);

template <typename T>
using Result = std::expected<T, Error>;

}  // namespace trellis

// TRY(expr): evaluate a Result; on failure return its error from the enclosing
// function, otherwise yield the value (the SerenityOS idiom, a GNU statement expression).
#define TRY(expression)                                                                   \
    ({                                                                                    \
        auto _trellis_result = (expression);                                              \
        if (!_trellis_result) return std::unexpected(std::move(_trellis_result).error()); \
        std::move(_trellis_result).value();                                               \
    })
