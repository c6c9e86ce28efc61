#include "formats/framework_json.hpp"

#include "formats/json_input.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis::formats {
namespace {

using Json = nlohmann::ordered_json;

Json entry_json(const StageEntry& e, const EmailOf& email_of)
{
    Json j;
    j["version"] = e.version;
    j["text"] = e.text;
    if (!e.author_label.empty()) j["author"] = e.author_label;
    if (e.author) {
        auto email = email_of(*e.author);
        if (!email.empty()) j["author_email"] = email;
    }
    if (!e.written_at.empty()) j["written_at"] = e.written_at;
    return j;
}

// A small reader that remembers where it is, so every error names its path.
class Reader {
public:
    Reader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {}

    Result<std::string> string(const char* key, bool required, std::string fallback = {}) const
    {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) {
            if (required)
                return std::unexpected(Error::invalid(fmt::format("{}: \"{}\" is missing.", path_, key), key));
            return fallback;
        }
        if (!it->is_string())
            return std::unexpected(Error::invalid(fmt::format("{}.{}: expected text.", path_, key), key));
        return it->get<std::string>();
    }

    Result<int> integer(const char* key, int fallback) const
    {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) return fallback;
        if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 1000000)
            return std::unexpected(
                Error::invalid(fmt::format("{}.{}: expected a whole number from 1.", path_, key), key));
        return it->get<int>();
    }

    Result<std::vector<Reader>> array(const char* key, bool required) const
    {
        std::vector<Reader> out;
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) {
            if (required)
                return std::unexpected(Error::invalid(fmt::format("{}: \"{}\" is missing.", path_, key), key));
            return out;
        }
        if (!it->is_array())
            return std::unexpected(Error::invalid(fmt::format("{}.{}: expected a list.", path_, key), key));
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_object())
                return std::unexpected(
                    Error::invalid(fmt::format("{}.{}[{}]: expected an object.", path_, key, i), key));
            out.emplace_back((*it)[i], fmt::format("{}.{}[{}]", path_, key, i));
        }
        return out;
    }

    std::optional<Reader> object(const char* key) const
    {
        auto it = j_.find(key);
        if (it == j_.end() || !it->is_object()) return std::nullopt;
        return Reader(*it, fmt::format("{}.{}", path_, key));
    }

    bool has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }
    const std::string& path() const { return path_; }

private:
    const Json& j_;
    std::string path_;
};

Result<StageEntry> read_entry(const Reader& r, const UserByEmail& user_by_email)
{
    StageEntry e;
    e.text = TRY(r.string("text", true));
    e.version = TRY(r.integer("version", 1));
    e.author_label = TRY(r.string("author", false));
    e.written_at = TRY(r.string("written_at", false));
    auto email = TRY(r.string("author_email", false));
    if (!email.empty() && user_by_email) e.author = user_by_email(email);
    return e;
}

}  // namespace

nlohmann::ordered_json to_json(const FrameworkDocument& doc, const EmailOf& email_of)
{
    const Framework& f = doc.framework;
    Json j;
    j["format"] = kFrameworkFormat;
    j["version"] = kFrameworkFormatVersion;
    j["title"] = f.title;
    if (doc.context) {
        j["context"] = {{"name", doc.context->name},
                        {"kind", to_string(doc.context->kind)},
                        {"description", doc.context->description}};
    }
    j["status"] = to_string(f.status);
    if (!doc.owner_email.empty()) j["owner_email"] = doc.owner_email;
    j["start_date"] = f.start_date;
    j["next_review_date"] = f.next_review_date;
    j["template"] = f.template_key;
    if (!f.created_at.empty()) j["created_at"] = f.created_at;
    Json questions = Json::object();
    for (auto s : kStages) questions[std::string(to_string(s))] = f.questions[index(s)];
    j["questions"] = questions;
    Json areas = Json::array();
    for (const auto& area : f.areas) {
        Json goals = Json::array();
        for (const auto& goal : area.goals) {
            Json stages = Json::object();
            for (auto s : kStages) {
                const auto& latest = goal.stage(s);
                const auto& earlier = goal.earlier_versions[index(s)];
                if (latest.version == 0 && earlier.empty()) continue;
                Json stage = entry_json(latest, email_of);
                if (!earlier.empty()) {
                    Json history = Json::array();
                    for (const auto& e : earlier) history.push_back(entry_json(e, email_of));
                    stage["earlier_versions"] = history;
                }
                stages[std::string(to_string(s))] = stage;
            }
            goals.push_back({{"statement", goal.statement}, {"status", to_string(goal.status)}, {"stages", stages}});
        }
        areas.push_back({{"name", area.name}, {"goals", goals}});
    }
    j["areas"] = areas;
    return j;
}

Result<FrameworkDocument> from_json(std::string_view json_text, const UserByEmail& user_by_email)
{
    auto document = parse_json(json_text);
    if (!document)
        return std::unexpected(document.error().message.starts_with("The JSON nests")
                                   ? document.error()
                                   : Error::invalid("The file is not valid JSON."));
    Json j = std::move(*document);
    if (!j.is_object()) return std::unexpected(Error::invalid("Expected a JSON object describing a framework."));
    Reader root(j, "$");
    auto format = TRY(root.string("format", false, std::string(kFrameworkFormat)));
    if (format != kFrameworkFormat)
        return std::unexpected(Error::invalid(
            fmt::format("$.format: expected \"{}\", found \"{}\".", kFrameworkFormat, format), "format"));
    if (root.has("version") && (!j["version"].is_number_integer() || j["version"].get<long long>() != 1))
        return std::unexpected(
            Error::invalid("$.version: this build reads version 1 of the framework format.", "version"));

    FrameworkDocument doc;
    Framework& f = doc.framework;
    f.title = TRY(root.string("title", true));
    auto status = TRY(root.string("status", false, "draft"));
    auto parsed_status = parse_framework_status(status);
    if (!parsed_status)
        return std::unexpected(Error::invalid(
            fmt::format("$.status: \"{}\" is not one of draft, active, in_review, closed.", status), "status"));
    f.status = *parsed_status;
    doc.owner_email = TRY(root.string("owner_email", false));
    if (!doc.owner_email.empty() && user_by_email) f.owner = user_by_email(doc.owner_email);
    f.start_date = TRY(root.string("start_date", false));
    f.next_review_date = TRY(root.string("next_review_date", false));
    f.template_key = TRY(root.string("template", false));
    f.created_at = TRY(root.string("created_at", false));
    if (auto q = root.object("questions")) {
        for (auto s : kStages) {
            auto key = std::string(to_string(s));
            f.questions[index(s)] = TRY(q->string(key.c_str(), false, f.questions[index(s)]));
        }
    }
    if (auto c = root.object("context")) {
        Context ctx;
        ctx.name = TRY(c->string("name", true));
        auto kind = TRY(c->string("kind", false, "peer_group"));
        auto parsed_kind = parse_context_kind(kind);
        if (!parsed_kind)
            return std::unexpected(
                Error::invalid(fmt::format("$.context.kind: \"{}\" is not a kind of context.", kind), "kind"));
        ctx.kind = *parsed_kind;
        ctx.description = TRY(c->string("description", false));
        doc.context = std::move(ctx);
    }
    for (const auto& a : TRY(root.array("areas", true))) {
        AreaOfFocus area;
        area.name = TRY(a.string("name", true));
        for (const auto& g : TRY(a.array("goals", false))) {
            Goal goal;
            goal.statement = TRY(g.string("statement", true));
            auto gs = TRY(g.string("status", false, "not_started"));
            auto parsed = parse_goal_status(gs);
            if (!parsed)
                return std::unexpected(
                    Error::invalid(fmt::format("{}.status: \"{}\" is not a goal status.", g.path(), gs), "status"));
            goal.status = *parsed;
            if (auto stages = g.object("stages")) {
                for (auto s : kStages) {
                    auto key = std::string(to_string(s));
                    auto stage = stages->object(key.c_str());
                    if (!stage) continue;
                    goal.stage(s) = TRY(read_entry(*stage, user_by_email));
                    int previous = 0;
                    for (const auto& e : TRY(stage->array("earlier_versions", false))) {
                        auto entry = TRY(read_entry(e, user_by_email));
                        if (entry.version <= previous || entry.version >= goal.stage(s).version)
                            return std::unexpected(Error::invalid(
                                fmt::format("{}.version: earlier versions must count up and stay below the "
                                            "latest version ({}).",
                                            e.path(), goal.stage(s).version),
                                "version"));
                        previous = entry.version;
                        goal.earlier_versions[index(s)].push_back(std::move(entry));
                    }
                }
            }
            area.goals.push_back(std::move(goal));
        }
        f.areas.push_back(std::move(area));
    }
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    return doc;
}

}  // namespace trellis::formats
