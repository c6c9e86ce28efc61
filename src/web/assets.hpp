// The static assets (stylesheet, scripts, images), read once at start and
// served from memory. Each is also served under a name that carries a hash of
// its content ("/static/trellis.3f2a9c1be0.css"), cached by browsers for a
// year and never asked for again until it changes; pages link to those names.
// The plain name stays valid and is revalidated each time (ETag, answered 304
// when unchanged). Text assets are kept gzipped as well, for clients that
// accept it: on a weak signal outdoors the stylesheet is a fifth of its size.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace trellis::web {

struct Asset {
    std::string content_type;
    std::string body;
    std::string gzipped;  // empty when compressing does not pay (images)
    std::string etag;     // a quoted hash of the body
};

class Assets {
public:
    // Reads every file under `dir`. References between assets (the
    // stylesheet's images, a script's imports) are rewritten to the hashed
    // names, so a changed image changes the stylesheet's name too.
    static Assets load(const std::filesystem::path& dir);

    // The asset at a request path (plain or hashed name), or null. `immutable`
    // says whether the path was a hashed name.
    const Asset* find(std::string_view path, bool& immutable) const;

    // The hashed name of a plain one ("/static/trellis.css"); the plain name
    // when there is no such asset.
    std::string url(std::string_view path) const;

    bool empty() const { return assets_.empty(); }

private:
    std::map<std::string, Asset, std::less<>> assets_;          // by plain path
    std::map<std::string, std::string, std::less<>> hashed_;    // plain path -> hashed path
    std::map<std::string, std::string, std::less<>> plain_of_;  // hashed path -> plain path
};

// Gzip at a level from 1 (fastest) to 9 (smallest: for bodies compressed
// once); empty on failure.
std::string gzip(std::string_view data, int level = 9);

// Pages smaller than this go as they are: the saving would not pay for the work.
inline constexpr std::size_t kCompressFrom = 1024;
// What is compressed for each answer (a page's content that is not kept in the
// render cache) goes at the fastest level: on the demo framework page 9.5 KB
// against 8.4 KB at level 4, for 3,450 pages a second against 2,440.
inline constexpr int kPageGzipLevel = 1;

// Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0).
bool accepts_gzip(std::string_view header);

}  // namespace trellis::web
