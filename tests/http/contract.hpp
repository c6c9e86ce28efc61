// The API's contract, checked on every answer: each JSON body a test receives
// from /api/v1 must fit the response its operation documents for that status
// in the server's own OpenAPI document, so the document cannot drift from the
// server. Schemas are checked with valijson (the JSON Schema keywords the
// document uses mean the same in draft 7 and 2020-12).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace trellis::testing {

class ApiContract {
public:
    explicit ApiContract(nlohmann::json document);
    ~ApiContract();

    // Empty when the answer fits; otherwise what does not, naming the operation.
    std::string check(const std::string& method, const std::string& path, int status, const std::string& body);

private:
    struct Compiled;
    nlohmann::json document_;
    std::map<std::string, std::unique_ptr<Compiled>> compiled_;  // by JSON pointer of the schema
};

}  // namespace trellis::testing
