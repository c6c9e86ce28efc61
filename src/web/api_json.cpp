#include "web/api_json.hpp"

#include <algorithm>
#include <charconv>

#include "web/app.hpp"

namespace trellis::web {

Result<std::optional<std::string>> text_member(const nlohmann::json& body, const char* key)
{
    if (!body.contains(key) || body[key].is_null()) return std::optional<std::string>{};
    if (!body[key].is_string()) return std::unexpected(Error::invalid(fmt::format("\"{}\" must be text.", key), key));
    return std::optional<std::string>{body[key].get<std::string>()};
}

Result<std::string> required_text(const nlohmann::json& body, const char* key)
{
    auto v = TRY(text_member(body, key));
    if (!v) return std::unexpected(Error::invalid(fmt::format("\"{}\" is required.", key), key));
    return *v;
}

Result<std::optional<std::int64_t>> id_member(const nlohmann::json& body, const char* key, const char* what)
{
    if (!body.contains(key) || body[key].is_null()) return std::optional<std::int64_t>{};
    if (!body[key].is_number_integer())
        return std::unexpected(Error::invalid(fmt::format("\"{}\" must be {}.", key, what), key));
    return std::optional<std::int64_t>{body[key].get<std::int64_t>()};
}

Result<std::optional<double>> number_member(const nlohmann::json& body, const char* key)
{
    if (!body.contains(key) || body[key].is_null()) return std::optional<double>{};
    if (!body[key].is_number())
        return std::unexpected(Error::invalid(fmt::format("\"{}\" must be a number.", key), key));
    return std::optional<double>{body[key].get<double>()};
}

Result<std::vector<std::int64_t>> id_list(const nlohmann::json& body, const char* key, const char* what)
{
    std::vector<std::int64_t> out;
    if (!body.contains(key) || body[key].is_null()) return out;
    auto invalid = [&] {
        return std::unexpected(Error::invalid(fmt::format("\"{}\" must be a list of {}.", key, what), key));
    };
    if (!body[key].is_array()) return invalid();
    for (const auto& v : body[key]) {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1) return invalid();
        out.push_back(v.get<std::int64_t>());
    }
    return out;
}

Response no_content()
{
    Response r;
    r.status = 204;
    r.content_type = "application/json";
    return r;
}

Result<std::optional<After>> after_cursor(const PageRequest& page)
{
    if (page.cursor.empty()) return std::optional<After>{};
    auto tilde = page.cursor.rfind('~');
    std::int64_t id = 0;
    const char* end = page.cursor.data() + page.cursor.size();
    if (tilde == std::string::npos || std::from_chars(page.cursor.data() + tilde + 1, end, id).ptr != end || id < 1)
        return std::unexpected(Error::invalid("\"cursor\" is not one Trellis gave.", "cursor"));
    return std::optional<After>{After{page.cursor.substr(0, tilde), id}};
}

Result<std::optional<std::int64_t>> id_cursor(const PageRequest& page)
{
    if (page.cursor.empty()) return std::optional<std::int64_t>{};
    auto id = parse_id(page.cursor);
    if (!id) return std::unexpected(Error::invalid("\"cursor\" is not one Trellis gave.", "cursor"));
    return id;
}

std::string dated_cursor(const nlohmann::json& item, const char* date_key)
{
    return fmt::format("{}~{}", item.at(date_key).get<std::string>(), item.at("id").get<std::int64_t>());
}

Result<PageRequest> page_request(const Form& query)
{
    PageRequest page;
    auto limit = query.get("limit");
    if (!limit.empty()) {
        std::size_t n = 0;
        auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), n);
        if (ec != std::errc{} || end != limit.data() + limit.size() || n < 1 || n > kMaxPageLimit)
            return std::unexpected(
                Error::invalid(fmt::format("\"limit\" must be a whole number from 1 to {}.", kMaxPageLimit), "limit"));
        page.limit = n;
    }
    page.cursor = query.get("cursor");
    if (page.cursor.size() > 100)
        return std::unexpected(Error::invalid("\"cursor\" is not one Trellis gave.", "cursor"));
    return page;
}

std::string next_link(const Ctx& c, const PageRequest& page, const std::string& cursor)
{
    std::string link = c.req.path + "?";
    for (const auto& [k, v] : c.query.fields())
        if (k != "cursor" && k != "limit") link += url_encode(k) + "=" + url_encode(v) + "&";
    return link + fmt::format("limit={}&cursor={}", page.limit, url_encode(cursor));
}

nlohmann::json page_of(const Ctx& c, const char* key, nlohmann::json fetched, const PageRequest& page,
                       const std::function<std::string(const nlohmann::json&)>& cursor_of)
{
    nlohmann::json out = nlohmann::json::object();
    nlohmann::json next = nullptr;
    if (fetched.size() > page.limit) {
        fetched.erase(fetched.begin() + static_cast<std::ptrdiff_t>(page.limit), fetched.end());
        next = next_link(c, page, cursor_of(fetched.back()));
    }
    out[key] = std::move(fetched);
    out["next"] = std::move(next);
    return out;
}

Result<nlohmann::json> paged(const Ctx& c, const char* key, const nlohmann::json& items, const PageRequest& page)
{
    auto id_of = [](const nlohmann::json& item) { return std::to_string(item.at("id").get<std::int64_t>()); };
    std::size_t from = 0;
    if (!page.cursor.empty()) {
        auto at = std::ranges::find_if(items, [&](const nlohmann::json& item) { return id_of(item) == page.cursor; });
        if (at == items.end())
            return std::unexpected(Error::invalid(
                "The cursor no longer names a record of this list (it may have been deleted): start again without it.",
                "cursor"));
        from = static_cast<std::size_t>(at - items.begin()) + 1;
    }
    nlohmann::json fetched = nlohmann::json::array();
    for (std::size_t i = from; i < items.size() && fetched.size() <= page.limit; ++i) fetched.push_back(items[i]);
    return page_of(c, key, std::move(fetched), page, id_of);
}

}  // namespace trellis::web
