#include "lens/lexicon.hpp"

#include "formats/json_input.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace trellis::lens {

std::string_view to_string(Tier t)
{
    switch (t) {
        case Tier::Avoid: return "avoid";
        case Tier::Caution: return "caution";
        case Tier::Preferred: return "preferred";
    }
    return "avoid";
}

std::string_view label(Tier t)
{
    switch (t) {
        case Tier::Avoid: return "Avoid";
        case Tier::Caution: return "Use with caution";
        case Tier::Preferred: return "Welfare-led";
    }
    return "Avoid";
}

namespace {

bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// One word (no alternatives) to a regex fragment.
Result<std::string> word_regex(std::string_view word)
{
    std::string out;
    for (char c : word) {
        if (word_char(c)) {
            out.push_back(c);
        } else if (c == '-') {
            out += "[\\s\\-]*";
        } else if (c == ' ') {
            out += "[\\s\\-]+";  // a space inside an alternative: "{older men,gangs}"
        } else if (c == '\'') {
            out += "(?:'|\\x{2019})";
        } else {
            return std::unexpected(Error::invalid(fmt::format("the character '{}' is not allowed in a phrase", c)));
        }
    }
    if (out.empty()) return std::unexpected(Error::invalid("a phrase has an empty word"));
    return out;
}

std::vector<std::string> split_words(std::string_view phrase)
{
    std::vector<std::string> words;
    std::string current;
    int depth = 0;
    for (char c : phrase) {
        if (c == '{') ++depth;
        if (c == '}') --depth;
        if (c == ' ' && depth == 0) {
            if (!current.empty()) words.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) words.push_back(current);
    return words;
}

std::vector<std::string> alternatives(const std::string& word)
{
    if (word.size() < 2 || word.front() != '{' || word.back() != '}') return {word};
    std::vector<std::string> out;
    std::string current;
    for (char c : word.substr(1, word.size() - 2)) {
        if (c == ',') {
            out.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    out.push_back(current);
    return out;
}

}  // namespace

Result<std::string> phrase_to_regex(std::string_view phrase)
{
    auto words = split_words(phrase);
    if (words.empty()) return std::unexpected(Error::invalid("a phrase is empty"));
    std::string out = "\\b";
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += "[\\s\\-]+";
        auto alts = alternatives(words[i]);
        if (alts.size() == 1) {
            out += TRY(word_regex(alts[0]));
        } else {
            out += "(?:";
            for (std::size_t k = 0; k < alts.size(); ++k) {
                if (k > 0) out += "|";
                out += TRY(word_regex(alts[k]));
            }
            out += ")";
        }
    }
    return out + "\\b";
}

std::vector<std::string> phrase_spellings(std::string_view phrase)
{
    std::vector<std::string> out = {""};
    for (const auto& word : split_words(phrase)) {
        std::vector<std::string> next;
        for (const auto& prefix : out)
            for (const auto& alt : alternatives(word)) next.push_back(prefix.empty() ? alt : prefix + " " + alt);
        out = std::move(next);
    }
    return out;
}

Result<Lexicon> parse_lexicon(std::string_view json_text)
{
    auto parsed = formats::parse_json(json_text);
    if (!parsed || !parsed->is_object()) return std::unexpected(Error::invalid("The lexicon is not a JSON object."));
    auto j = std::move(*parsed);
    Lexicon lex;
    if (j.contains("sources")) {
        if (!j["sources"].is_object()) return std::unexpected(Error::invalid("\"sources\" must be an object."));
        for (auto it = j["sources"].begin(); it != j["sources"].end(); ++it) {
            if (!it->is_object())
                return std::unexpected(Error::invalid(fmt::format("source {} must be an object", it.key())));
            lex.sources[it.key()] = {it.key(), it->value("title", it.key()), it->value("note", "")};
        }
    }
    if (!j.contains("entries") || !j["entries"].is_array())
        return std::unexpected(Error::invalid("\"entries\" must be a list."));
    for (const auto& e : j["entries"]) {
        Entry entry;
        if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
            return std::unexpected(Error::invalid("Every lexicon entry needs an \"id\"."));
        entry.id = e["id"].get<std::string>();
        auto bad = [&](const std::string& what) {
            return std::unexpected(Error::invalid(fmt::format("Lexicon entry \"{}\": {}", entry.id, what)));
        };
        if (!e.contains("phrases") || !e["phrases"].is_array() || e["phrases"].empty())
            return bad("\"phrases\" must list at least one phrase.");
        for (const auto& p : e["phrases"]) {
            if (!p.is_string()) return bad("each phrase must be text.");
            auto re = phrase_to_regex(p.get<std::string>());
            if (!re) return bad(re.error().message);
            entry.phrases.push_back(p.get<std::string>());
        }
        std::string tier = e.value("tier", "");
        if (tier == "avoid")
            entry.tier = Tier::Avoid;
        else if (tier == "caution")
            entry.tier = Tier::Caution;
        else if (tier == "preferred")
            entry.tier = Tier::Preferred;
        else
            return bad("\"tier\" must be avoid, caution or preferred.");
        entry.category = e.value("category", "");
        entry.alternative = e.value("alternative", "");
        entry.why = e.value("why", "");
        entry.source = e.value("source", "");
        entry.condition = e.value("requires", "");
        if (!entry.condition.empty() && entry.condition != "adult-age")
            return bad("\"requires\" must be \"adult-age\" when given.");
        if (entry.category.empty()) return bad("\"category\" is missing.");
        if (entry.tier != Tier::Preferred && entry.alternative.empty()) return bad("\"alternative\" is missing.");
        lex.entries.push_back(std::move(entry));
    }
    for (const auto& e : lex.entries)
        if (!e.source.empty() && !lex.sources.contains(e.source))
            return std::unexpected(
                Error::invalid(fmt::format("Lexicon entry \"{}\" names an unknown source \"{}\".", e.id, e.source)));
    return lex;
}

Result<Lexicon> load_lexicon(const std::filesystem::path& folder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return std::unexpected(Error::unavailable(fmt::format("The lexicon folder {} is missing.", folder.string())));
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    Lexicon all;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        auto lex = parse_lexicon(s.str());
        if (!lex)
            return std::unexpected(
                Error::invalid(fmt::format("{}: {}", file.filename().string(), lex.error().message)));
        for (auto& [k, v] : lex->sources) all.sources[k] = v;
        for (auto& e : lex->entries) all.entries.push_back(std::move(e));
    }
    if (all.entries.empty()) return std::unexpected(Error::unavailable("The lexicon has no entries."));
    return all;
}

}  // namespace trellis::lens
