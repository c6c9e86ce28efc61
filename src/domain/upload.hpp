// An upload waiting for review (a CSV of responses for its columns to be
// mapped, a parsed framework for its preview); only its uploader reads it, a
// user has one of each kind at a time, and one left unconfirmed for a day is
// deleted.
#pragma once

#include <cstdint>
#include <string>

#include "domain/ids.hpp"

namespace trellis {

struct Upload {
    std::int64_t id = 0;
    ContextId context;
    std::string file_name;
    std::string content;
    std::string saved_at;  // UTC
};

}  // namespace trellis
