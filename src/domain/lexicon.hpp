// A partnership's own lexicon entries, added by its admins on top of the
// lexicon that ships with Trellis.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trellis {

struct LexiconEntry {
    std::int64_t id = 0;
    std::string key;
    std::vector<std::string> phrases;
    std::string tier;
    std::string category;
    std::string alternative;
    std::string why;
    std::string source_title;
};

}  // namespace trellis
