// Reading JSON request bodies on the API: each member is checked for its type
// and an error names the member, so a client knows what to fix.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/error.hpp"

namespace trellis::web {

// An optional text member; Invalid (naming the member) when it is not text.
Result<std::optional<std::string>> text_member(const nlohmann::json& body, const char* key);

// A text member that must be there.
Result<std::string> required_text(const nlohmann::json& body, const char* key);

}  // namespace trellis::web
