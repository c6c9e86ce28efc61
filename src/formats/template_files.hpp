// Framework templates read from JSON data files, one template a file.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/template.hpp"

namespace trellis::formats {

// Parses one template; `key` is its file name without ".json".
Result<FrameworkTemplate> parse_template(std::string_view key, std::string_view json_text);

// Every *.json file in the folder, sorted by key. Invalid when any file is
// broken (the message names the file): a half-loaded set would hide a mistake.
Result<std::vector<FrameworkTemplate>> load_templates(const std::filesystem::path& folder);

}  // namespace trellis::formats
