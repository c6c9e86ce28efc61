#include "domain/error.hpp"

namespace trellis {

const char* to_string(Error::Kind kind)
{
    switch (kind) {
        case Error::Kind::NotFound: return "not found";
        case Error::Kind::Forbidden: return "forbidden";
        case Error::Kind::Invalid: return "invalid";
        case Error::Kind::Conflict: return "conflict";
        case Error::Kind::Unavailable: return "unavailable";
    }
    return "error";
}

}  // namespace trellis
