#include "web/assets.hpp"

#include <sodium.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace trellis::web {

namespace {

std::string content_type_for(const std::filesystem::path& p)
{
    static const std::map<std::string, std::string> kTypes = {{".css", "text/css; charset=utf-8"},
                                                              {".js", "text/javascript; charset=utf-8"},
                                                              {".mjs", "text/javascript; charset=utf-8"},
                                                              {".svg", "image/svg+xml"},
                                                              {".png", "image/png"},
                                                              {".ico", "image/x-icon"},
                                                              {".woff2", "font/woff2"},
                                                              {".json", "application/json"},
                                                              {".webmanifest", "application/manifest+json"},
                                                              {".map", "application/json"}};
    auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Text that may name other assets, and that compresses.
bool is_text(const std::filesystem::path& p)
{
    auto ext = p.extension().string();
    return ext == ".css" || ext == ".js" || ext == ".mjs" || ext == ".svg" || ext == ".json" || ext == ".webmanifest" ||
           ext == ".map";
}

// Ten hex digits of BLAKE2b: enough to tell versions of one file apart.
std::string short_hash(std::string_view data)
{
    unsigned char out[crypto_generichash_BYTES_MIN];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
    std::string hex;
    for (std::size_t i = 0; i < 5; ++i) hex += fmt::format("{:02x}", out[i]);
    return hex;
}

// "/static/trellis.css" -> "/static/trellis.<hash>.css".
std::string hashed_name(const std::string& plain, const std::string& hash)
{
    auto slash = plain.rfind('/');
    auto dot = plain.rfind('.');
    if (dot == std::string::npos || dot < slash) return plain + "." + hash;
    return plain.substr(0, dot) + "." + hash + plain.substr(dot);
}

std::string replace_all(std::string text, std::string_view from, std::string_view to)
{
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
        text.replace(at, from.size(), to);
    return text;
}

std::string folder_of(std::string_view path)
{
    return std::string(path.substr(0, path.rfind('/') + 1));
}

// `body` of the asset at `self` with the assets it names by absolute path
// ("/static/images/x.svg") or, in a script, by a quoted relative import
// ("./govuk-frontend.min.js") pointed at their hashed names.
std::string rewrite(std::string body, const std::string& self, const std::map<std::string, std::string>& names)
{
    for (const auto& [plain, hashed] : names) {
        if (plain == self || hashed.empty()) continue;
        body = replace_all(std::move(body), plain, hashed);
        if (folder_of(plain) != folder_of(self)) continue;
        auto base = plain.substr(folder_of(plain).size());
        auto hashed_base = hashed.substr(folder_of(hashed).size());
        for (char quote : {'\'', '"'})
            body = replace_all(std::move(body), fmt::format("{}./{}{}", quote, base, quote),
                               fmt::format("{}./{}{}", quote, hashed_base, quote));
    }
    return body;
}

}  // namespace

std::string gzip(std::string_view data, int level)
{
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : std::string();
}

bool accepts_gzip(std::string_view header)
{
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        auto semicolon = item.find(';');
        auto name = item.substr(0, semicolon);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (name != "gzip" && name != "*") continue;
        if (semicolon == std::string_view::npos) return true;
        auto q = item.substr(semicolon + 1);
        while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
        return !(q.starts_with("q=0") && q.find_first_not_of("q=0.", 0) == std::string_view::npos);
    }
    return false;
}

Assets Assets::load(const std::filesystem::path& dir)
{
    Assets assets;
    std::map<std::string, std::pair<std::filesystem::path, std::string>> originals;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return assets;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        originals["/static/" + std::filesystem::relative(entry.path(), dir).generic_string()] = {entry.path(), s.str()};
    }
    // A text asset's name depends on the names it refers to: rewrite and hash
    // again until no name changes (references between assets form no cycle;
    // the bound only stops a pathological folder).
    std::map<std::string, std::string> names, bodies;
    for (int round = 0; round < 8; ++round) {
        bool changed = false;
        for (const auto& [plain, original] : originals) {
            auto body = is_text(original.first) ? rewrite(original.second, plain, names) : original.second;
            auto hashed = hashed_name(plain, short_hash(body));
            if (names[plain] != hashed) names[plain] = hashed, changed = true;
            bodies[plain] = std::move(body);
        }
        if (!changed) break;
    }
    for (auto& [plain, original] : originals) {
        Asset a;
        a.content_type = content_type_for(original.first);
        a.body = std::move(bodies[plain]);
        if (is_text(original.first)) {
            a.gzipped = gzip(a.body);
            if (a.gzipped.size() >= a.body.size()) a.gzipped.clear();
        }
        a.etag = "\"" + short_hash(a.body) + "\"";
        assets.hashed_[plain] = names[plain];
        assets.plain_of_[names[plain]] = plain;
        assets.assets_[plain] = std::move(a);
    }
    return assets;
}

const Asset* Assets::find(std::string_view path, bool& immutable) const
{
    if (auto it = assets_.find(path); it != assets_.end()) {
        immutable = false;
        return &it->second;
    }
    if (auto it = plain_of_.find(path); it != plain_of_.end()) {
        immutable = true;
        return &assets_.find(it->second)->second;
    }
    return nullptr;
}

std::string Assets::url(std::string_view path) const
{
    auto it = hashed_.find(path);
    return it == hashed_.end() ? std::string(path) : it->second;
}

}  // namespace trellis::web
