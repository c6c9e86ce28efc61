// Rendered HTML kept between requests, so a page is assembled by copying
// rather than by running templates:
//  - page content (title and content, without the layout), keyed by
//    everything the content depends on (for the framework page: its revision,
//    its context, the viewer's editing rights, the day; for the dashboards: the
//    audit trail's change stamp);
//  - the layout around a page, keyed by what it shows (the path, the title, the
//    viewer's name and role).
// Per-session values such as the CSRF token are cut out of the kept text and
// put back for each response (Stencil). A hit shares the text, it is not
// copied under the lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace trellis::web {

// Rendered HTML with every copy of a placeholder cut out: the text, and the
// offsets in it (ascending) at which a value goes back in.
struct Stencil {
    std::string text;
    std::vector<std::size_t> holes;

    // After compress(): the text from hole to hole (one more piece than holes),
    // each piece deflated on its own, so the pieces and what goes in the holes
    // can be joined into one gzip stream without compressing again. A piece
    // may refer back to the pieces before it, so each hole must then be filled
    // with exactly hole_width bytes.
    struct Piece {
        std::string deflated;  // raw deflate blocks, none final, ending on a byte boundary
        std::uint32_t crc = 0;
        std::uint32_t shift = 0;  // zlib's operator that moves a CRC past `size` bytes (crc32_combine_gen)
        std::size_t size = 0;
    };
    std::vector<Piece> pieces;
    std::size_t hole_width = 0;

    static Stencil cut(const std::string& html, std::string_view placeholder);
    void compress(int level, std::size_t hole_width);
    bool compressed() const { return pieces.size() == holes.size() + 1; }
};

// A bounded map of shared, immutable values; when full it starts afresh
// (simple, and entries are cheap to rebuild).
template <class Value>
class SharedCache {
public:
    explicit SharedCache(std::size_t capacity) : capacity_(capacity) {}

    std::shared_ptr<const Value> find(const std::string& key) const
    {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end()) return nullptr;
        return it->second;
    }

    void put(const std::string& key, std::shared_ptr<const Value> value)
    {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= capacity_) entries_.clear();
        entries_[key] = std::move(value);
    }

    // The value kept under `key`, or else the one `make` (returning
    // Result<Value>) works out, kept from then on; make's error as it is.
    template <class Make>
    Result<std::shared_ptr<const Value>> find_or_make(const std::string& key, Make&& make)
    {
        if (auto kept = find(key)) return kept;
        auto made = std::forward<Make>(make)();
        if (!made) return std::unexpected(made.error());
        auto value = std::make_shared<const Value>(std::move(*made));
        put(key, value);
        return value;
    }

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Value>> entries_;
};

class RenderCache {
public:
    explicit RenderCache(std::size_t capacity = 256);

    // What a page builder returns: content rendered with csrf_placeholder().
    struct Rendered {
        std::string title, content;
    };
    struct Page {
        std::string title;
        Stencil content;
    };
    // The layout with the CSRF token cut out, in three parts: before the page's
    // title, between the title and the content, and after the content.
    struct Shell {
        Stencil head, before, after;
    };

    // Markers that stand for the CSRF token and for the page content while a
    // template renders. They are drawn at random for each process, so no text a
    // user writes (a context's name in the title, a narrative) can contain one.
    const std::string& csrf_placeholder() const { return csrf_placeholder_; }
    const std::string& content_marker() const { return content_marker_; }
    const std::string& title_marker() const { return title_marker_; }

    SharedCache<Page> pages;
    SharedCache<Shell> shells;
    // API answers that carry nothing per session (the dashboard's counts),
    // kept whole, under the same kind of key as pages.
    SharedCache<std::string> answers;

private:
    std::string csrf_placeholder_, content_marker_, title_marker_;
};

// The page: the shell around the title (escaped HTML) and the content, with the
// token in every hole, masked afresh for this response (service::mask_token).
// An empty token leaves the holes empty.
std::string assemble(const RenderCache::Shell& shell, std::string_view title, const Stencil& content,
                     std::string_view token);
// The same page as a gzip stream, joined from the compressed pieces of the
// shell and the content. Each masked token goes in a stored (uncompressed)
// block of its own, so no secret is ever compressed together with text an
// attacker may choose: there is nothing for BREACH; the title goes stored too.
// Empty when a stencil is not compressed, or for holes of another width than
// the masks.
std::string assemble_gzip(const RenderCache::Shell& shell, std::string_view title, const Stencil& content,
                          std::string_view token);

}  // namespace trellis::web
