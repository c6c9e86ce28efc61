// multipart/form-data bodies (RFC 7578), split with RESTinio's parsers. Kept
// apart from the server so the fuzz harness and the tests can call it on bytes.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "web/http.hpp"

namespace trellis::web {

// The parts of a body sent with this Content-Type, in order; nullopt when the
// Content-Type is not multipart/form-data with a valid boundary, when the body
// has no parts, or when a part lacks a form-data Content-Disposition with a name.
std::optional<std::vector<Part>> read_multipart(std::string_view content_type, std::string_view body);

}  // namespace trellis::web
