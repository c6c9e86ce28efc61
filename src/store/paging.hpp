// Reading a filtered list a page at a time, for the repositories: conditions
// bound as numbered parameters, then one count and one page read by the
// database.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "domain/paging.hpp"
#include "store/connection.hpp"

namespace trellis::store {

// Parameters numbered in the order they are bound.
class Bindings {
public:
    explicit Bindings(Params first = {}) : params_(std::move(first)) {}

    // Adds a value (a whole number or text) and returns its placeholder, "$3".
    template <typename T>
    std::string bind(T value)
    {
        using Stored = std::conditional_t<std::is_integral_v<T>, std::int64_t, std::string>;
        params_.emplace_back(std::in_place_type<Stored>, std::move(value));
        return fmt::format("${}", params_.size());
    }

    const Params& params() const { return params_; }

private:
    Params params_;
};

// Binds `values` (not empty) for `IN (...)` and returns the placeholders
// joined, repeating the last value up to a power of two: lists of any length
// then share a few prepared statements in each connection's cache rather than
// one each.
template <typename T>
std::string bind_in(Bindings& bindings, const std::vector<T>& values)
{
    std::string out;
    for (std::size_t i = 0; i < std::bit_ceil(values.size()); ++i) {
        if (i > 0) out += ", ";
        out += bindings.bind(values[std::min(i, values.size() - 1)]);
    }
    return out;
}

// `values` in slices of at most `size`, each to be bound with bind_in: a long
// list read a few hundred at a time, each statement's ids bound, never
// written into its text (each connection keeps every statement text it runs).
template <typename T>
std::vector<std::vector<T>> slices(const std::vector<T>& values, std::size_t size = 256)
{
    std::vector<std::vector<T>> out;
    for (std::size_t from = 0; from < values.size(); from += size)
        out.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(from),
                         values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), from + size)));
    return out;
}

// A LIKE pattern for a name key holding `key` anywhere, with its own percent
// signs, underscores and backslashes escaped (use with ESCAPE '\').
inline std::string contains_pattern(std::string_view key)
{
    std::string pattern = "%";
    for (char ch : key) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
        pattern += ch;
    }
    return pattern + "%";
}

// Page `number` (from 1; a page past the end gives the last) of `size` rows of
// what `from_where` ("FROM ... WHERE ...") selects: counts them into `out`,
// then reads `columns` in `order`. The caller turns the rows into out.items.
// `known_total`, when the caller has the count from a summary, saves counting.
// `count_up_to`, when not 0, stops counting there or at the end of the page
// asked for, whichever is further (out.more says there are more), so a long
// list costs no more to count than the pages read. `plan` Planned reads the
// page with a plan for its values (Connection::query_planned). `count_from`,
// when given, is counted instead of `from_where`: the same rows without the
// joins that only add columns to show.
enum class Plan { Cached, Planned };
inline constexpr std::int64_t kFurthestPage = 1'000'000'000;
template <typename T>
Result<QueryResult> read_page(Connection& db, Bindings bindings, std::string_view columns, std::string_view from_where,
                              std::string_view order, std::int64_t number, std::int64_t size, Page<T>& out,
                              std::optional<std::int64_t> known_total = std::nullopt, std::int64_t count_up_to = 0,
                              Plan plan = Plan::Cached, std::string_view count_from = {})
{
    if (count_from.empty()) count_from = from_where;
    // A page number typed into an address can be any whole number: beyond
    // every list, and small enough that it times the page size without overflow.
    number = std::clamp<std::int64_t>(number, 1, kFurthestPage);
    out.size = size;
    if (known_total) {
        out.total = *known_total;
    } else if (count_up_to > 0) {
        auto reach = std::max(count_up_to, std::max<std::int64_t>(number, 1) * size);
        Bindings counting = bindings;
        auto limit = counting.bind(reach + 1);
        auto counted =
            TRY(db.query(fmt::format("SELECT COUNT(*) FROM (SELECT 1 {} LIMIT {}) counted", count_from, limit),
                         counting.params()))
                .first()
                .integer(0);
        out.more = counted > reach;
        out.total = std::min(counted, reach);
    } else {
        out.total = TRY(db.query(fmt::format("SELECT COUNT(*) {}", count_from), bindings.params())).first().integer(0);
    }
    out.number = std::clamp<std::int64_t>(number, 1, out.pages());
    auto limit = bindings.bind(size);
    auto offset = bindings.bind((out.number - 1) * size);
    auto sql = fmt::format("SELECT {} {} ORDER BY {} LIMIT {} OFFSET {}", columns, from_where, order, limit, offset);
    return plan == Plan::Planned ? db.query_planned(sql, bindings.params()) : db.query(sql, bindings.params());
}

}  // namespace trellis::store
