// The lossless JSON form of a framework ("trellis-framework", version 1): what
// `trellis export --json` writes and `trellis import --json-in` reads.
//
// Ids are left out (they belong to one install); people are named by label and,
// where known, email address, so a framework moves between installs and back.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/context.hpp"
#include "domain/error.hpp"
#include "domain/framework.hpp"

namespace trellis::formats {

inline constexpr std::string_view kFrameworkFormat = "trellis-framework";
inline constexpr int kFrameworkFormatVersion = 1;

struct FrameworkDocument {
    Framework framework;
    std::optional<Context> context;  // name, kind and description travel with it
    std::string owner_email;
};

using EmailOf = std::function<std::string(UserId)>;
using UserByEmail = std::function<std::optional<UserId>(std::string_view)>;

// Stage history is written when the goals carry earlier_versions.
nlohmann::ordered_json to_json(const FrameworkDocument& doc, const EmailOf& email_of);

// Reads the document, checking every field; errors name the JSON path
// ("areas[1].goals[0].statement"). Authors are matched by email address.
Result<FrameworkDocument> from_json(std::string_view json_text, const UserByEmail& user_by_email);

}  // namespace trellis::formats
