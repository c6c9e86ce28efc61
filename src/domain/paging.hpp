// Reading a long list a page at a time.
#pragma once

#include <cstdint>
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

}  // namespace trellis
