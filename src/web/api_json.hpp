// Reading JSON request bodies on the API: each member is checked for its type
// and an error names the member, so a client knows what to fix.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/paging.hpp"
#include "web/http.hpp"

namespace trellis::web {

struct Ctx;
class Form;

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

// An optional number member; Invalid when it is not a number.
Result<std::optional<double>> number_member(const nlohmann::json& body, const char* key);

// An optional list of ids; Invalid saying it must be a list of `what`.
Result<std::vector<std::int64_t>> id_list(const nlohmann::json& body, const char* key, const char* what);

// 204 with no body: a delete or a change with nothing to report.
Response no_content();

// A page of a list: ?limit= (1 to 200; 50 when absent) and the opaque
// ?cursor= from the previous page's "next" link.
inline constexpr std::size_t kMaxPageLimit = 200;
struct PageRequest {
    std::size_t limit = 50;
    std::string cursor;  // empty for the first page
};
Result<PageRequest> page_request(const Form& query);

// The link to the page after this one: the request with its limit and `cursor`.
std::string next_link(const Ctx& c, const PageRequest& page, const std::string& cursor);

// {key: the page's items, "next": the link to the page after, or null}, from
// up to limit + 1 items fetched after the cursor; cursor_of gives the cursor
// that follows an item.
nlohmann::json page_of(const Ctx& c, const char* key, nlohmann::json fetched, const PageRequest& page,
                       const std::function<std::string(const nlohmann::json&)>& cursor_of);

// For a dated, newest-first list read page by page from the store: the
// cursor is "date~id" of the last item of the page before.
Result<std::optional<After>> after_cursor(const PageRequest& page);

// For a list read by id: the id the cursor holds (the last item of the page
// before), none on the first page; Invalid for a cursor Trellis did not give.
Result<std::optional<std::int64_t>> id_cursor(const PageRequest& page);
template <typename IdType>
Result<std::optional<IdType>> typed_id_cursor(const PageRequest& page)
{
    auto id = TRY(id_cursor(page));
    return id ? std::optional<IdType>{IdType{*id}} : std::nullopt;
}
std::string dated_cursor(const nlohmann::json& item, const char* date_key);

// The same over a whole list held in memory, in its order, each item an object
// with an "id": the cursor is the id of the last item of the page before.
// Invalid when the cursor names no item (deleted since): start again.
Result<nlohmann::json> paged(const Ctx& c, const char* key, const nlohmann::json& items, const PageRequest& page);

}  // namespace trellis::web
