#include "web/views.hpp"

#include <atomic>
#include <fstream>
#include <regex>
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

// Each {{>_x}} replaced by the text of _x.mustache. Kainjow parses a partial
// afresh each time a render reaches it (for every row, in a list), which was a
// quarter of the CPU of a list page under load; written in beforehand, it is
// parsed once with the template. Partials may use partials, a few deep.
Result<std::string> with_partials_written_in(const std::string& name, std::string text,
                                             const std::map<std::string, std::string>& sources)
{
    static const std::regex tag(R"(\{\{>\s*([^}\s]+)\s*\}\})");
    for (int depth = 0; text.find("{{>") != std::string::npos; ++depth) {
        if (depth == 4)
            return std::unexpected(Error::unavailable(
                fmt::format("Template {} nests partials more than four deep (does one include itself?).", name)));
        std::string out;
        auto from = text.cbegin();
        for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
            auto partial = sources.find((*it)[1].str());
            if (partial == sources.end())
                return std::unexpected(Error::unavailable(
                    fmt::format("Template {} uses the partial {}, which is missing.", name, (*it)[1].str())));
            out.append(from, (*it)[0].first);
            out += partial->second;
            from = (*it)[0].second;
        }
        out.append(from, text.cend());
        if (out == text) break;  // "{{>" that is not a tag
        text = std::move(out);
    }
    return text;
}

}  // namespace

Result<Views> Views::load(const std::filesystem::path& folder)
{
    Views v;
    v.id_ = next_id++;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return std::unexpected(Error::unavailable(fmt::format("The views folder {} is missing.", folder.string())));
    std::map<std::string, std::string> sources;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() != ".mustache") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        sources[entry.path().stem().string()] = s.str();
    }
    for (const auto& [name, source] : sources) {
        auto text = TRY(with_partials_written_in(name, source, sources));
        mustache::mustache parsed{text};
        if (!parsed.is_valid())
            return std::unexpected(
                Error::unavailable(fmt::format("Template {}.mustache is broken: {}", name, parsed.error_message())));
        v.sources_[name] = std::move(text);
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
    return it->second.render(to_data(model));
}

std::string Views::escape(std::string_view text)
{
    return kainjow::mustache::html_escape<std::string>(std::string(text));
}

}  // namespace trellis::web
