// Reading a long list a page at a time.
#pragma once

#include <cstdint>
#include <string>

namespace trellis {

// Where a dated, newest-first list resumes: after the record of `date` and `id`
// (pages read this way stay right while records are added before them).
struct After {
    std::string date;
    std::int64_t id = 0;
};

}  // namespace trellis
