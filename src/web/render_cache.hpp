// A small cache of rendered pages (title and content, without the layout),
// keyed by everything the content depends on (for the framework page: its
// revision, its context, the viewer's editing rights, the day; for the
// dashboards: the audit trail's change stamp). Per-session values such as the
// CSRF token are left as a placeholder in the cached text and filled in for
// each response. A hit shares the text, it is not copied under the lock.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace trellis::web {

class RenderCache {
public:
    static constexpr const char* kCsrfPlaceholder = "__trellis_csrf_token__";

    explicit RenderCache(std::size_t capacity = 256) : capacity_(capacity) {}

    struct Rendered {
        std::string title, content;
    };

    std::shared_ptr<const Rendered> find(const std::string& key) const
    {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end()) return nullptr;
        return it->second;
    }

    void put(const std::string& key, std::shared_ptr<const Rendered> page)
    {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= capacity_) entries_.clear();  // simple and bounded; entries are cheap to rebuild
        entries_[key] = std::move(page);
    }

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Rendered>> entries_;
};

// Replaces every placeholder with the value (which contains no HTML specials).
std::string fill_placeholder(std::string html, const std::string& placeholder, const std::string& value);

}  // namespace trellis::web
