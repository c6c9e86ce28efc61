// Reading a long list a page at a time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace trellis {

// Where a dated, newest-first list resumes: after the record of `date` and `id`
// (pages read this way stay right while records are added before them).
struct After {
    std::string date;
    std::int64_t id = 0;
};

// One page of a list read by page number, with how many there are in all.
template <typename T>
struct Page {
    std::vector<T> items;
    std::int64_t total = 0;
    std::int64_t number = 1;  // from 1
    std::int64_t size = 50;
    // True when the list was counted only so far: there are more than `total`.
    bool more = false;
    // The pages known to hold items (with `more`, others follow).
    std::int64_t pages() const { return total == 0 ? 1 : (total + size - 1) / size; }
};

// Page `number` (from 1; one past the end gives the last) of `size` items of
// a list already read whole.
template <typename T>
Page<T> slice_page(std::vector<T> all, std::int64_t number, std::int64_t size)
{
    Page<T> out;
    out.size = size;
    out.total = static_cast<std::int64_t>(all.size());
    out.number = number < 1 ? 1 : number > out.pages() ? out.pages() : number;
    auto from = std::min(all.size(), static_cast<std::size_t>((out.number - 1) * size));
    auto to = std::min(all.size(), from + static_cast<std::size_t>(size));
    out.items.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(from)),
                     std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(to)));
    return out;
}

}  // namespace trellis
