// The HTTP server. RESTinio and Asio stay inside server.cpp: they are heavy to
// compile, and nothing else needs to see them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "domain/error.hpp"

namespace trellis::web {

struct ServeOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    std::string db_url;
    int io_threads = 1;
    // Called once the socket is listening, with the base URL.
    std::function<void(const std::string& url)> on_listening;
};

// Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
// flight finish and returns. Unavailable if the port cannot be bound.
Result<void> serve(const ServeOptions& options);

}  // namespace trellis::web
