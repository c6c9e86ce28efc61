// Text rules shared by every field: valid UTF-8, no control characters, limits
// counted in characters (code points), whitespace normalised the same way everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace trellis::text {

bool is_valid_utf8(std::string_view s);

// Number of code points; the caller has checked the text is valid UTF-8.
std::size_t length(std::string_view s);

// Collapse each run of white space (including tabs, no-break spaces U+00A0,
// U+2007, U+202F) to one space and trim the ends. Line breaks become spaces.
std::string collapse_space(std::string_view s);

// Like collapse_space within each paragraph; paragraphs (separated by one or
// more blank lines) are kept, joined by a single blank line.
std::string normalise_paragraphs(std::string_view s);

// The lines of a text, white space collapsed in each, blank lines left out:
// how "one a line" form fields (phrases, decisions) are read.
std::vector<std::string> nonblank_lines(std::string_view s);

// Lower-case ASCII letters and collapse space: the key under which two names
// count as "the same name" (areas in a framework, contexts in a partnership).
std::string name_key(std::string_view s);

struct Limits {
    std::size_t min = 0;
    std::size_t max = 0;
    bool multiline = false;
};

// Checks a field against its limits and returns an Invalid error that names the
// field as a person would ("Goal statement"), or nothing when it is acceptable.
std::optional<Error> check(std::string_view value, std::string_view label, std::string_view field, Limits limits);

// A record's number as a form sends it (a choice's value): up to 15 digits,
// nothing else; none otherwise.
std::optional<std::int64_t> record_number(std::string_view value);

// A calendar date written YYYY-MM-DD that exists.
bool is_iso_date(std::string_view s);

// A whole number with its thousands grouped: 1534 → "1,534", -1000 → "-1,000".
std::string thousands(std::int64_t n);

// A count with its noun in the right number: (1, "goal") → "1 goal",
// (3, "goal") → "3 goals"; `plural` for nouns that do not take an "s"
// ((2, "person", "people") → "2 people").
std::string count(std::int64_t n, std::string_view singular, std::string_view plural = {});

}  // namespace trellis::text
