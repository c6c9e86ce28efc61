#include "web/render_cache.hpp"

#include <zlib.h>

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
      answers(capacity),
      csrf_placeholder_("__trellis_csrf_" + service::random_token(12) + "__"),
      content_marker_("__trellis_content_" + service::random_token(12) + "__"),
      title_marker_("__trellis_title_" + service::random_token(12) + "__")
{
}

namespace {

// How many holes the shell and the content have between them.
std::size_t holes_in(const RenderCache::Shell& shell, const Stencil& content)
{
    return shell.head.holes.size() + shell.before.holes.size() + content.holes.size() + shell.after.holes.size();
}

// The token as this response carries it in every one of `holes`: one masking,
// drawn afresh for each response (service::mask_token).
std::string mask_for(std::size_t holes, std::string_view token)
{
    if (token.empty() || holes == 0) return {};
    return service::mask_token(token);
}

}  // namespace

void Stencil::compress(int level, std::size_t width)
{
    pieces.clear();
    hole_width = width;
    // The text as it will be sent, with each hole standing for `width` bytes
    // that match nothing (HTML holds no NUL): a piece is primed with what goes
    // before it, so it may refer back across a hole but never into one.
    const bool primed = text.find('\0') == std::string::npos;
    std::string sent;
    if (primed) {
        sent.reserve(text.size() + holes.size() * width);
        std::size_t from = 0;
        for (auto hole : holes) {
            sent.append(text, from, hole - from);
            sent.append(width, '\0');
            from = hole;
        }
        sent.append(text, from, std::string::npos);
    }
    constexpr std::size_t kWindow = 32768;
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) return;
    std::vector<Piece> out;
    out.reserve(holes.size() + 1);
    for (std::size_t i = 0; i <= holes.size(); ++i) {
        const std::size_t from = i == 0 ? 0 : holes[i - 1];
        const std::size_t to = i < holes.size() ? holes[i] : text.size();
        Piece piece;
        piece.size = to - from;
        const auto* bytes = reinterpret_cast<const Bytef*>(text.data() + from);
        piece.crc = static_cast<std::uint32_t>(crc32(crc32(0, nullptr, 0), bytes, static_cast<uInt>(piece.size)));
        piece.shift = static_cast<std::uint32_t>(crc32_combine_gen(static_cast<z_off_t>(piece.size)));
        if (piece.size > 0) {
            // A sync flush ends each piece on a byte boundary, not final.
            deflateReset(&zs);
            const std::size_t at = from + i * width;  // where the piece starts in `sent`
            if (primed && at > 0) {
                const std::size_t start = at > kWindow ? at - kWindow : 0;
                deflateSetDictionary(&zs, reinterpret_cast<const Bytef*>(sent.data() + start),
                                     static_cast<uInt>(at - start));
            }
            piece.deflated.resize(deflateBound(&zs, static_cast<uLong>(piece.size)) + 16);
            zs.next_in = const_cast<Bytef*>(bytes);
            zs.avail_in = static_cast<uInt>(piece.size);
            zs.next_out = reinterpret_cast<Bytef*>(piece.deflated.data());
            zs.avail_out = static_cast<uInt>(piece.deflated.size());
            if (deflate(&zs, Z_SYNC_FLUSH) != Z_OK || zs.avail_in != 0) {
                deflateEnd(&zs);
                return;
            }
            piece.deflated.resize(piece.deflated.size() - zs.avail_out);
        }
        out.push_back(std::move(piece));
    }
    deflateEnd(&zs);
    pieces = std::move(out);
}

std::string assemble(const RenderCache::Shell& shell, std::string_view title, const Stencil& content,
                     std::string_view token)
{
    const std::size_t holes = holes_in(shell, content);
    const auto mask = mask_for(holes, token);
    std::string out;
    out.reserve(shell.head.text.size() + title.size() + shell.before.text.size() + content.text.size() +
                shell.after.text.size() + holes * mask.size());
    for (const Stencil* s : {&shell.head, &shell.before, &content, &shell.after}) {
        if (s == &shell.before) out.append(title);
        std::size_t from = 0;
        for (auto hole : s->holes) {
            out.append(s->text, from, hole - from);
            out.append(mask);
            from = hole;
        }
        out.append(s->text, from, std::string::npos);
    }
    return out;
}

std::string assemble_gzip(const RenderCache::Shell& shell, std::string_view title, const Stencil& content,
                          std::string_view token)
{
    const std::size_t holes = holes_in(shell, content);
    const auto mask = mask_for(holes, token);
    const Stencil* parts[] = {&shell.head, &shell.before, &content, &shell.after};
    // Each piece may refer back across the holes before it, so each hole must
    // take exactly as many bytes as it was compressed for.
    const std::size_t width = mask.size();
    for (const Stencil* s : parts)
        if (!s->compressed() || (!s->holes.empty() && s->hole_width != width)) return {};
    constexpr std::size_t kStoredMax = 65535;
    std::size_t bytes = 10 + 5 + 8 + title.size() + 5 * (title.size() / kStoredMax + 1) + holes * (width + 5);
    for (const Stencil* s : parts)
        for (const auto& piece : s->pieces) bytes += piece.deflated.size();
    std::string out;
    out.reserve(bytes);
    // The gzip header: deflate, no name, no time, unknown system (RFC 1952).
    out.append("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    uLong crc = crc32(0, nullptr, 0);
    std::uint64_t total = 0;
    auto put16 = [&](std::size_t value) {
        out.push_back(static_cast<char>(value & 0xff));
        out.push_back(static_cast<char>((value >> 8) & 0xff));
    };
    // Bytes as they are, in stored blocks, none final: a header byte, LEN and
    // its complement, then the bytes (RFC 1951 3.2.4).
    auto put_stored = [&](std::string_view text) {
        for (std::size_t at = 0; at < text.size(); at += kStoredMax) {
            auto chunk = text.substr(at, kStoredMax);
            out.push_back('\0');
            put16(chunk.size());
            put16(~chunk.size());
            out.append(chunk);
        }
        total += text.size();
    };
    // The CRC of the whole is combined from its parts' (zlib's operators,
    // made once per piece and once for the token, not for every hole).
    const uLong mask_crc =
        crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(mask.data()), static_cast<uInt>(mask.size()));
    const uLong mask_shift = crc32_combine_gen(static_cast<z_off_t>(mask.size()));
    for (const Stencil* s : parts) {
        if (s == &shell.before) {
            put_stored(title);
            crc = crc32(crc, reinterpret_cast<const Bytef*>(title.data()), static_cast<uInt>(title.size()));
        }
        for (std::size_t i = 0; i < s->pieces.size(); ++i) {
            const auto& piece = s->pieces[i];
            out.append(piece.deflated);
            crc = crc32_combine_op(crc, piece.crc, piece.shift);
            total += piece.size;
            if (i < s->holes.size() && !mask.empty()) {
                put_stored(mask);
                crc = crc32_combine_op(crc, mask_crc, mask_shift);
            }
        }
    }
    // The last block: stored, final and empty; then the CRC-32 and the size.
    out.append("\x01\x00\x00\xff\xff", 5);
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((crc >> shift) & 0xff));
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((total >> shift) & 0xff));
    return out;
}

}  // namespace trellis::web
