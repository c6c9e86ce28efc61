// The OpenAPI 3 description of /api/v1, generated from the route table so the
// document cannot drift from what the server answers.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "web/app.hpp"

namespace trellis::web {

nlohmann::json openapi_document(const std::vector<Route>& routes);

}  // namespace trellis::web
