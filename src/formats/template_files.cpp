#include "formats/template_files.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "domain/text.hpp"
#include "formats/json_input.hpp"

namespace trellis::formats {

Result<FrameworkTemplate> parse_template(std::string_view key, std::string_view json_text)
{
    auto bad = [&](std::string what) {
        return std::unexpected(Error::invalid(fmt::format("Template \"{}\": {}", key, what)));
    };
    auto parsed = parse_json(json_text);
    if (!parsed || !parsed->is_object()) return bad("not a JSON object.");
    auto j = std::move(*parsed);
    FrameworkTemplate t;
    t.key = std::string(key);
    if (!j.contains("name") || !j["name"].is_string()) return bad("\"name\" must be text.");
    t.name = j["name"].get<std::string>();
    t.description = j.value("description", "");
    auto kind = parse_context_kind(j.value("context_kind", "other"));
    if (!kind) return bad("\"context_kind\" is not a kind of context.");
    t.context_kind = *kind;
    if (!j.contains("questions") || !j["questions"].is_object()) return bad("\"questions\" must be an object.");
    for (auto s : kStages) {
        auto q = j["questions"].value(std::string(to_string(s)), "");
        if (q.empty()) return bad(fmt::format("the {} question is missing.", label(s)));
        t.questions[index(s)] = q;
    }
    if (!j.contains("areas") || !j["areas"].is_array() || j["areas"].empty())
        return bad("\"areas\" must list at least one area of focus.");
    for (const auto& a : j["areas"]) {
        if (!a.is_object() || !a.contains("name") || !a["name"].is_string()) return bad("each area needs a \"name\".");
        TemplateArea area{a["name"].get<std::string>(), a.value("hint", ""), {}, {}, {}};
        area.side = a.value("side", area.name);
        for (const char* list : {"prompts", "goals"}) {
            if (!a.contains(list)) continue;
            if (!a[list].is_array()) return bad(fmt::format("\"{}\" of an area must be a list of text.", list));
            for (const auto& item : a[list]) {
                if (!item.is_string() || item.get<std::string>().empty())
                    return bad(fmt::format("\"{}\" of an area must be a list of text.", list));
                (std::string_view(list) == "goals" ? area.goals : area.prompts).push_back(item.get<std::string>());
            }
        }
        t.areas.push_back(std::move(area));
    }
    if (j.contains("assessment")) {
        const auto& a = j["assessment"];
        if (!a.is_object() || !a.contains("name") || !a["name"].is_string())
            return bad("\"assessment\" must name the triangle.");
        t.triangle = a["name"].get<std::string>();
        t.triangle_draft = a.value("draft", false);
    } else {
        t.triangle = t.name + " assessment";
    }
    // A template must produce a valid framework.
    auto sample = framework_from_template(t, ContextId{1}, t.name);
    if (auto errors = validate(sample); !errors.empty()) return bad(errors.front().message);
    return t;
}

Result<std::vector<FrameworkTemplate>> load_templates(const std::filesystem::path& folder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return std::unexpected(Error::unavailable(fmt::format("The templates folder {} is missing.", folder.string())));
    std::vector<FrameworkTemplate> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        out.push_back(TRY(parse_template(entry.path().stem().string(), buffer.str())));
    }
    std::ranges::sort(out, {}, &FrameworkTemplate::key);
    if (out.empty())
        return std::unexpected(Error::unavailable(fmt::format("No templates found in {}.", folder.string())));
    return out;
}

}  // namespace trellis::formats
