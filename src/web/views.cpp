#include "web/views.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

namespace trellis::web {
namespace {

namespace mustache = kainjow::mustache;

mustache::data to_data(const nlohmann::json& j)
{
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            mustache::data d{mustache::data::type::object};
            // Moved in (set() would copy each member's whole subtree once more).
            for (auto it = j.begin(); it != j.end(); ++it) d[it.key()] = to_data(it.value());
            return d;
        }
        case nlohmann::json::value_t::array: {
            mustache::data d{mustache::data::type::list};
            for (const auto& item : j) d.push_back(to_data(item));
            return d;
        }
        case nlohmann::json::value_t::string: {
            // An empty string is falsy, as in JavaScript: {{#banner}} shows only when set.
            const auto& s = j.get_ref<const std::string&>();
            if (s.empty()) return mustache::data{false};
            return mustache::data{s};
        }
        case nlohmann::json::value_t::boolean: return mustache::data{j.get<bool>()};
        case nlohmann::json::value_t::null: return mustache::data{false};
        default: return mustache::data{j.dump()};
    }
}

std::atomic<std::uint64_t> next_id{1};

}  // namespace

Result<Views> Views::load(const std::filesystem::path& folder)
{
    Views v;
    v.id_ = next_id++;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return std::unexpected(Error::unavailable(fmt::format("The views folder {} is missing.", folder.string())));
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() != ".mustache") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        mustache::mustache parsed{s.str()};
        if (!parsed.is_valid())
            return std::unexpected(Error::unavailable(
                fmt::format("Template {} is broken: {}", entry.path().filename().string(), parsed.error_message())));
        if (s.str().find("{{>") != std::string::npos) v.with_partials_.insert(entry.path().stem().string());
        v.sources_[entry.path().stem().string()] = s.str();
    }
    return v;
}

std::string Views::render(std::string_view name, const nlohmann::json& model) const
{
    // mustache::render is not const: each thread keeps its own parsed copies.
    thread_local std::unordered_map<std::string, mustache::mustache> parsed;
    auto key = fmt::format("{}:{}", id_, name);
    auto it = parsed.find(key);
    if (it == parsed.end()) {
        auto src = sources_.find(std::string(name));
        if (src == sources_.end()) throw std::logic_error(fmt::format("unknown template {}", name));
        it = parsed.emplace(key, mustache::mustache{src->second}).first;
    }
    auto data = to_data(model);
    // Templates named "_x" are partials, used as {{>_x}} from any template.
    if (with_partials_.contains(name))
        for (const auto& [partial_name, source] : sources_)
            if (partial_name.starts_with("_"))
                data.set(partial_name, mustache::partial{[&source]() { return source; }});
    return it->second.render(data);
}

std::string Views::escape(std::string_view text)
{
    return kainjow::mustache::html_escape<std::string>(std::string(text));
}

}  // namespace trellis::web
