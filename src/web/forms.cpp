#include "web/forms.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "web/http.hpp"

namespace trellis::web {

std::string_view to_string(Method m)
{
    switch (m) {
        case Method::Get: return "GET";
        case Method::Post: return "POST";
        case Method::Put: return "PUT";
        case Method::Patch: return "PATCH";
        case Method::Delete: return "DELETE";
    }
    return "GET";
}

const char* reason_phrase(int status)
{
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Content";
        case 428: return "Precondition Required";
        case 429: return "Too Many Requests";
        case 503: return "Service Unavailable";
        default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

namespace {

int hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<std::string> decode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0)
                return std::unexpected(Error::invalid("The form data is malformed (a broken %-escape)."));
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    if (!text::is_valid_utf8(out)) return std::unexpected(Error::invalid("The form data is not valid UTF-8 text."));
    return out;
}

}  // namespace

const std::string& Form::get(std::string_view name) const
{
    static const std::string empty;
    for (const auto& [k, v] : fields_)
        if (k == name) return v;
    return empty;
}

std::vector<std::string> Form::all(std::string_view name) const
{
    std::vector<std::string> out;
    for (const auto& [k, v] : fields_)
        if (k == name) out.push_back(v);
    return out;
}

std::optional<std::string> Form::find(std::string_view name) const
{
    for (const auto& [k, v] : fields_)
        if (k == name) return v;
    return std::nullopt;
}

Result<Form> parse_urlencoded(std::string_view body)
{
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('&', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view pair = body.substr(start, end - start);
        if (!pair.empty()) {
            auto eq = pair.find('=');
            auto key = TRY(decode(pair.substr(0, eq)));
            auto value = eq == std::string_view::npos ? std::string{} : TRY(decode(pair.substr(eq + 1)));
            fields.emplace_back(std::move(key), std::move(value));
            if (fields.size() > 1000) return std::unexpected(Error::invalid("The form has too many fields."));
        }
        start = end + 1;
    }
    return Form(std::move(fields));
}

std::optional<std::string> local_path(std::string_view next)
{
    if (next.size() < 1 || next.size() > 2000 || next[0] != '/') return std::nullopt;
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return std::nullopt;
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    for (std::size_t i = 0; i < next.size(); ++i) {
        char c = next[i];
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (word || std::string_view("-._~/?=&+,:;@!*()'").find(c) != std::string_view::npos) continue;
        if (c == '%' && i + 2 < next.size() && hex(next[i + 1]) && hex(next[i + 2])) {
            i += 2;
            continue;
        }
        return std::nullopt;
    }
    return std::string(next);
}

std::optional<std::int64_t> parse_id(std::string_view s)
{
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

std::string url_encode(std::string_view s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::string cookie_value(std::string_view header, std::string_view name)
{
    std::size_t start = 0;
    while (start < header.size()) {
        std::size_t end = header.find(';', start);
        if (end == std::string_view::npos) end = header.size();
        std::string_view part = header.substr(start, end - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        auto eq = part.find('=');
        if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
        start = end + 1;
    }
    return {};
}

}  // namespace trellis::web

namespace trellis::web {

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies)
{
    auto trusted = [&](std::string_view a) { return std::ranges::find(trusted_proxies, a) != trusted_proxies.end(); };
    if (!trusted(peer) || forwarded_for.empty()) return peer;
    auto is_address = [](const std::string& a) {
        unsigned char buf[sizeof(in6_addr)];
        return inet_pton(AF_INET, a.c_str(), buf) == 1 || inet_pton(AF_INET6, a.c_str(), buf) == 1;
    };
    // Walk from the right: the nearest hops were added by proxies we trust.
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
        auto comma = rest.rfind(',');
        auto item = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        std::string address(item);
        if (!is_address(address)) return peer;  // a hop we cannot read: go no further than the proxy
        if (!trusted(address)) return address;
    }
    return peer;
}

Form with_dates(Form form)
{
    auto fields = form.fields();
    std::vector<std::pair<std::string, std::string>> added;
    for (const auto& [name, value] : fields) {
        if (!name.ends_with("-day")) continue;
        std::string base = name.substr(0, name.size() - 4);
        if (form.has(base)) continue;
        auto part = [&](const char* suffix) { return text::collapse_space(form.get(base + suffix)); };
        std::string d = part("-day"), m = part("-month"), y = part("-year");
        std::string iso;
        if (!d.empty() || !m.empty() || !y.empty()) {
            auto number = [](const std::string& s) { return parse_id(s); };
            auto dn = number(d), mn = number(m), yn = number(y);
            iso = dn && mn && yn && y.size() == 4 && *dn <= 99 && *mn <= 99 ? fmt::format("{}-{:02}-{:02}", y, *mn, *dn)
                                                                            : fmt::format("{}-{}-{}", y, m, d);
        }
        added.emplace_back(base, iso);
    }
    for (auto& f : added) fields.push_back(std::move(f));
    return Form(std::move(fields));
}

DateParts date_parts(std::string_view value)
{
    DateParts out;
    if (value.empty()) return out;
    auto first = value.find('-');
    auto second = first == std::string_view::npos ? first : value.find('-', first + 1);
    if (second == std::string_view::npos) return {std::string(value), "", ""};
    out.year = std::string(value.substr(0, first));
    out.month = std::string(value.substr(first + 1, second - first - 1));
    out.day = std::string(value.substr(second + 1));
    if (text::is_iso_date(value)) {  // shown as people write it: 7 3 2026
        out.month = std::to_string(std::stoi(out.month));
        out.day = std::to_string(std::stoi(out.day));
    }
    return out;
}

}  // namespace trellis::web
