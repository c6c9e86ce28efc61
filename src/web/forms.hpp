// Form bodies, query strings and cookies, read strictly: malformed encoding or
// text that is not UTF-8 is an Invalid error (400), never a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace trellis::web {

class Form {
public:
    Form() = default;
    explicit Form(std::vector<std::pair<std::string, std::string>> fields) : fields_(std::move(fields)) {}

    // The first value of a field, or "" when absent.
    const std::string& get(std::string_view name) const;
    std::optional<std::string> find(std::string_view name) const;
    // Every value of a field (checkboxes), in order.
    std::vector<std::string> all(std::string_view name) const;
    bool has(std::string_view name) const { return find(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

// application/x-www-form-urlencoded (also used for query strings).
Result<Form> parse_urlencoded(std::string_view body);

std::string url_encode(std::string_view s);

// GOV.UK date inputs send a date as three boxes, NAME-day, NAME-month and
// NAME-year. Each such date becomes one field NAME written YYYY-MM-DD (when
// the form does not already carry NAME), padded when the boxes hold numbers
// and left as typed otherwise, so the date check reports it; three empty boxes
// give an empty NAME.
Form with_dates(Form form);

// The day, month and year boxes of a date field from its stored or typed
// value: "2026-03-07" → {"7", "3", "2026"}; anything else split at its dashes.
struct DateParts {
    std::string day, month, year;
};
DateParts date_parts(std::string_view value);

// A place on this site to return to after signing in: "/" followed by letters,
// digits and - . _ ~ / ? = & + , : ; @ ! * ( ) ' or %XX escapes, at most 2,000
// characters, never "//" or "/\" at the start. Anything else (a control
// character, a space, a tab a browser would drop, another site) gives nullopt.
std::optional<std::string> local_path(std::string_view next);

// A record id chosen in a form: a positive whole number written in digits only.
std::optional<std::int64_t> parse_id(std::string_view s);

// The value of one cookie from a Cookie header, or "".
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace trellis::web
