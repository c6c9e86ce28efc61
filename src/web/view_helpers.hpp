// Small pieces shared by the page handlers: error models, paragraphs, tags.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/action.hpp"
#include "domain/choices.hpp"
#include "domain/context.hpp"
#include "domain/error.hpp"
#include "domain/framework.hpp"
#include "domain/paging.hpp"
#include "domain/text.hpp"

namespace trellis::web {

// Adds GOV.UK error-summary data: has_errors, errors[{field,message}] and one
// "<field>_error" entry per field.
void add_errors(nlohmann::json& model, const std::vector<Error>& errors);

nlohmann::json paragraphs(const std::string& text);

std::string tag_class(GoalStatus s);
std::string tag_class(FrameworkStatus s);
std::string tag_class(ActionStatus s);
// The tag colour of a context's stage.
std::string stage_class(ContextStage s);

// "2026-11-26T17:47:11.644238Z" -> "26 November 2026, 5:47pm" (UK time); "2026-03-02" -> "2 March 2026".
std::string when(const std::string& iso);

// GOV.UK pagination for page `number` of `pages` of the list at `path`, keeping
// the other query fields (the filters) in every link: show, previous, next and
// items[{number, href, current, ellipsis}] (first, last and the pages either
// side of the current one). With `more`, pages follow those counted: no last
// page is named and there is always a next one. `param` names the page
// number in the links, for a page that holds two paged lists.
nlohmann::json pagination(const std::string& path, const std::vector<std::pair<std::string, std::string>>& query,
                          std::int64_t number, std::int64_t pages, bool more = false, std::string_view param = "page");

// "Showing 26 to 34 of 34." for a list that takes more than one page; "" for
// one that fits on one; "Showing 1 to 25 of more than 1,000." when counted
// only so far.
std::string showing(std::int64_t number, std::int64_t size, std::size_t on_page, std::int64_t total, bool more = false);
template <typename T>
std::string showing(const Page<T>& page)
{
    return showing(page.number, page.size, page.items.size(), page.total, page.more);
}

// "34 actions", or "More than 1,000 actions" when counted only so far.
template <typename T>
std::string counted(const Page<T>& page, std::string_view singular)
{
    auto count = text::count(page.total, singular);
    return page.more ? "More than " + count : count;
}

// A page number from the query string: 1 when absent or not a whole number from 1.
std::int64_t page_number(const std::string& value);

// Options for radios, checkboxes or a select from a set of choices; `chosen`
// says which are selected.
template <typename E, std::size_t N, typename Chosen>
nlohmann::json choice_options(const Choices<E, N>& set, Chosen chosen)
{
    nlohmann::json out = nlohmann::json::array();
    for (auto v : set) out.push_back({{"value", set.name(v)}, {"label", set.label(v)}, {"selected", chosen(v)}});
    return out;
}

// The same with one value selected.
template <typename E, std::size_t N>
nlohmann::json options(const Choices<E, N>& set, E selected)
{
    return choice_options(set, [selected](E v) { return v == selected; });
}

// The choice a form field names; when it names none, adds an Invalid error for
// the field with `message` and returns `fallback`.
template <typename E, std::size_t N>
E chosen(const Choices<E, N>& set, const std::string& value, E fallback, const char* field, const char* message,
         std::vector<Error>& errors)
{
    if (auto v = set.parse(value)) return *v;
    errors.push_back(Error::invalid(message, field));
    return fallback;
}

}  // namespace trellis::web
