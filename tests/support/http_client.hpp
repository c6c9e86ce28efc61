// A plain HTTP/1.1 client for tests that run the real server in another
// process: one connection a request, closed after the answer.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace trellis::testing {

struct HttpAnswer {
    int status = 0;  // 0 when no answer came (refused, reset, timed out)
    std::string headers;
    std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

HttpAnswer http(int port, const std::string& method, const std::string& path, const Headers& headers = {},
                const std::string& body = {}, int timeout_ms = 5000);

}  // namespace trellis::testing
