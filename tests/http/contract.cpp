#include "contract.hpp"

#include <regex>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace trellis::testing {

struct ApiContract::Compiled {
    valijson::Schema schema;
};

ApiContract::ApiContract(nlohmann::json document) : document_(std::move(document)) {}
ApiContract::~ApiContract() = default;

namespace {

std::string pointer_token(std::string s)
{
    std::string out;
    for (char c : s) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
}

// The path template of the document that a concrete path matches: {id} and
// {..._id} stand for digits, other names for one segment.
std::string template_of(const nlohmann::json& paths, const std::string& path)
{
    for (const auto& [pattern, _] : paths.items()) {
        static const std::regex placeholder(R"(\{([a-z_]+)\})");
        std::string re;
        std::size_t last = 0;
        for (auto it = std::sregex_iterator(pattern.begin(), pattern.end(), placeholder); it != std::sregex_iterator();
             ++it) {
            re += std::regex_replace(pattern.substr(last, it->position() - last), std::regex(R"([.^$|()\[\]*+?\\])"),
                                     R"(\$&)");
            std::string name = (*it)[1];
            re += name == "id" || name.ends_with("_id") ? "[0-9]+" : "[^/]+";
            last = it->position() + it->length();
        }
        re += pattern.substr(last);
        if (std::regex_match(path, std::regex(re))) return pattern;
    }
    return {};
}

}  // namespace

std::string ApiContract::check(const std::string& method, const std::string& full_path, int status,
                               const std::string& body)
{
    auto path = full_path.substr(0, full_path.find('?'));
    auto pattern = template_of(document_["paths"], path);
    std::string code = std::to_string(status);
    std::string pointer;
    if (pattern.empty()) {
        // A path the API does not have: its 404 (or 405) must still be the documented error.
        if (status < 400) return fmt::format("{} {} is not in the API document", method, path);
        pattern = path;
        pointer = "#/components/schemas/Error";
    }
    std::string verb = method;
    for (char& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (pointer.empty()) {
        const auto& op = document_["paths"][pattern][verb];
        if (op.is_null()) {
            if (status != 405) return fmt::format("{} {} is not in the API document", method, pattern);
            pointer = "#/components/schemas/Error";
        } else {
            // A status the operation does not list falls to its "default" answer (an error).
            if (!op["responses"].contains(code) && status >= 400 && op["responses"].contains("default"))
                code = "default";
            if (!op["responses"].contains(code))
                return fmt::format("{} {} answered {}, which the document does not list", method, pattern, status);
            if (!op["responses"][code].contains("content")) {
                if (body.empty()) return {};
                return fmt::format("{} {} answered {} with a body the document says it has not", method, pattern,
                                   status);
            }
            pointer = fmt::format("#/paths/{}/{}/responses/{}/content/application~1json/schema", pointer_token(pattern),
                                  verb, code);
        }
    }
    auto answer = nlohmann::json::parse(body, nullptr, false);
    if (answer.is_discarded())
        return fmt::format("{} {} answered {} with a body that is not JSON", method, pattern, status);
    auto& compiled = compiled_[pointer];
    if (!compiled) {
        compiled = std::make_unique<Compiled>();
        nlohmann::json root = document_;
        root["$ref"] = pointer;
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(root);
        parser.populateSchema(adapter, compiled->schema);
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(answer);
    if (validator.validate(compiled->schema, target, &results)) return {};
    std::string problems;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        std::string where;
        for (const auto& p : error.context) where += p;
        problems += fmt::format("\n  at {}: {}", where, error.description);
    }
    return fmt::format("{} {} answered {} with a body that does not fit its schema:{}", method, pattern, status,
                       problems);
}

}  // namespace trellis::testing
