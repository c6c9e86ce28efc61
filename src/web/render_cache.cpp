#include "web/render_cache.hpp"

#include "service/passwords.hpp"

namespace trellis::web {

Stencil Stencil::cut(const std::string& html, std::string_view placeholder)
{
    Stencil out;
    std::size_t pos = html.find(placeholder);
    if (pos == std::string::npos) {
        out.text = html;
        return out;
    }
    out.text.reserve(html.size());
    std::size_t from = 0;
    for (; pos != std::string::npos; pos = html.find(placeholder, from)) {
        out.text.append(html, from, pos - from);
        out.holes.push_back(out.text.size());
        from = pos + placeholder.size();
    }
    out.text.append(html, from, std::string::npos);
    return out;
}

RenderCache::RenderCache(std::size_t capacity)
    : pages(capacity),
      shells(capacity),
      csrf_placeholder_("__trellis_csrf_" + service::random_token(12) + "__"),
      content_marker_("__trellis_content_" + service::random_token(12) + "__")
{
}

std::string assemble(const RenderCache::Shell& shell, const Stencil& content, std::string_view token)
{
    const std::size_t holes = shell.text.holes.size() + content.holes.size();
    std::vector<std::string> masks;
    if (!token.empty() && holes > 0) masks = service::mask_token(token, holes);
    const std::size_t mask_size = masks.empty() ? 0 : masks.front().size();

    std::string out;
    out.reserve(shell.text.text.size() + content.text.size() + holes * mask_size);
    std::size_t next_mask = 0;
    // Appends text[from, to) with a mask at each of its holes.
    auto copy = [&](const Stencil& s, std::size_t from, std::size_t to, std::size_t& hole) {
        for (; hole < s.holes.size() && s.holes[hole] <= to; ++hole) {
            out.append(s.text, from, s.holes[hole] - from);
            if (!masks.empty()) out.append(masks[next_mask++]);
            from = s.holes[hole];
        }
        out.append(s.text, from, to - from);
    };
    std::size_t shell_hole = 0, content_hole = 0;
    // Holes at content_at belong before the content: none is there in practice.
    copy(shell.text, 0, shell.content_at, shell_hole);
    copy(content, 0, content.text.size(), content_hole);
    copy(shell.text, shell.content_at, shell.text.text.size(), shell_hole);
    return out;
}

}  // namespace trellis::web
