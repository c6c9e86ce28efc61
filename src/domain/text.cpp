#include "domain/text.hpp"

#include <charconv>

#include <fmt/format.h>
#include <chrono>
#include <cstdint>
#include <vector>

namespace trellis::text {
namespace {

// Decodes one code point at s[i]; returns its length in bytes, 0 if malformed.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp)
{
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    std::size_t len = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

bool is_space(char32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x00A0 ||
           cp == 0x2007 || cp == 0x202F || cp == 0x2002 || cp == 0x2003 || cp == 0x2009 || cp == 0x200B ||
           cp == 0xFEFF || cp == 0x3000;
}

bool is_forbidden_control(char32_t cp, bool multiline)
{
    if (cp == '\t') return false;
    if (multiline && (cp == '\n' || cp == '\r')) return false;
    return cp < 0x20 || cp == 0x7F;
}

std::string lower_first(std::string_view label)
{
    std::string out(label);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
    return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s)
{
    char32_t cp = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode(s, i, cp);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::size_t length(std::string_view s)
{
    std::size_t count = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::string collapse_space(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    char32_t cp = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode(s, i, cp);
        if (n == 0) {  // not UTF-8: keep the byte, the caller validates separately
            n = 1;
            cp = static_cast<unsigned char>(s[i]);
        }
        if (is_space(cp)) {
            pending_space = !out.empty();
        } else {
            if (pending_space) out.push_back(' ');
            pending_space = false;
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::string normalise_paragraphs(std::string_view s)
{
    std::vector<std::string> paragraphs;
    std::string current;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find('\n', start);
        if (end == std::string_view::npos) end = s.size();
        std::string line = collapse_space(s.substr(start, end - start));
        if (line.empty()) {
            if (!current.empty()) paragraphs.push_back(std::move(current));
            current.clear();
        } else {
            if (!current.empty()) current.push_back(' ');
            current += line;
        }
        start = end + 1;
    }
    if (!current.empty()) paragraphs.push_back(std::move(current));
    std::string out;
    for (const auto& p : paragraphs) {
        if (!out.empty()) out += "\n\n";
        out += p;
    }
    return out;
}

std::vector<std::string> nonblank_lines(std::string_view s)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find('\n', start);
        if (end == std::string_view::npos) end = s.size();
        std::string line = collapse_space(s.substr(start, end - start));
        if (!line.empty()) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

std::string name_key(std::string_view s)
{
    std::string key = collapse_space(s);
    for (char& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

// "Enter the title." but "Enter what happened." and "Enter how it is measured.":
// a label that is already a clause or starts with a determiner takes no "the".
std::string missing_message(std::string_view label)
{
    std::string lower = lower_first(label);
    for (std::string_view start :
         {"what ", "how ", "why", "who ", "when ", "where ", "which ", "each ", "a ", "an ", "the ", "your "})
        if (std::string_view(lower).starts_with(start)) return fmt::format("Enter {}.", lower);
    return fmt::format("Enter the {}.", lower);
}

std::optional<Error> check(std::string_view value, std::string_view label, std::string_view field, Limits limits)
{
    if (!is_valid_utf8(value))
        return Error::invalid(fmt::format("{} contains characters that are not valid text (UTF-8).", label),
                              std::string(field));
    char32_t cp = 0;
    for (std::size_t i = 0; i < value.size();) {
        std::size_t n = decode(value, i, cp);
        if (is_forbidden_control(cp, limits.multiline))
            return Error::invalid(fmt::format("{} contains a control character; remove it and try again.", label),
                                  std::string(field));
        i += n;
    }
    std::size_t len = length(collapse_space(value));
    if (limits.min > 0 && len == 0) return Error::invalid(missing_message(label), std::string(field));
    if (len < limits.min)
        return Error::invalid(fmt::format("{} must be at least {} characters.", label, limits.min), std::string(field));
    if (limits.max > 0 && length(value) > limits.max)
        return Error::invalid(
            fmt::format("{} must be {} characters or fewer; it is {}.", label, limits.max, length(value)),
            std::string(field));
    return std::nullopt;
}

bool is_iso_date(std::string_view s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    auto num = [&](std::size_t pos, std::size_t len) {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)}, std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                    std::chrono::day{static_cast<unsigned>(num(8, 2))}};
    return ymd.ok() && num(0, 4) >= 1900 && num(0, 4) <= 2200;
}

std::string thousands(std::int64_t n)
{
    auto digits = std::to_string(n);
    std::size_t sign = n < 0 ? 1 : 0;
    std::string out(digits, 0, sign);
    for (std::size_t i = sign; i < digits.size(); ++i) {
        if (i > sign && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string count(std::int64_t n, std::string_view singular, std::string_view plural)
{
    std::string noun = n == 1           ? std::string(singular)
                       : plural.empty() ? std::string(singular) + "s"
                                        : std::string(plural);
    return thousands(n) + " " + noun;
}

std::optional<std::int64_t> record_number(std::string_view value)
{
    if (value.empty() || value.size() > 15 || value.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    std::int64_t n = 0;
    std::from_chars(value.data(), value.data() + value.size(), n);
    return n;
}

}  // namespace trellis::text
