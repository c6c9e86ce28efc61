// Mustache templates (share/views/*.mustache), parsed once at start-up so a
// broken template stops the server before it serves anything. Values are
// escaped by {{x}}; {{{x}}} is only for markup this code built and escaped.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/error.hpp"

namespace trellis::web {

class Views {
public:
    static Result<Views> load(const std::filesystem::path& folder);

    // Renders a template with the view model; throws std::logic_error for an
    // unknown template name (a programming error, never user input).
    std::string render(std::string_view name, const nlohmann::json& model) const;

    bool has(std::string_view name) const { return sources_.contains(std::string(name)); }

    // Text escaped as {{x}} escapes it.
    static std::string escape(std::string_view text);

private:
    std::map<std::string, std::string> sources_;  // with their partials written in
    std::uint64_t id_ = 0;
};

}  // namespace trellis::web
