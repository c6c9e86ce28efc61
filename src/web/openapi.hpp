// The OpenAPI 3.1 description of /api/v1. Each operation's words and schemas
// are written in openapi.json beside this file (built into the binary); the
// paths, path parameters and permissions come from the route table, and the
// closed sets of choices from the domain's tables, so the document cannot drift
// from what the server answers. The HTTP tests validate every JSON answer they
// receive against it.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "web/app.hpp"

namespace trellis::web {

// Unavailable, naming the route, when an API route has no operation in
// openapi.json or an operation there has no route.
Result<nlohmann::json> openapi_document(const std::vector<Route>& routes);

}  // namespace trellis::web
