// Inflates one whole gzip member for tests; zlib checks its CRC-32 and length.
#pragma once

#include <string>

#include <zlib.h>

namespace trellis::web {

// The inflated bytes; empty when the data is not one whole, valid gzip member.
inline std::string gunzip(const std::string& data)
{
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return {};
    std::string out(1 << 20, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&zs, Z_FINISH);
    bool whole = rc == Z_STREAM_END && zs.avail_in == 0;
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return whole ? out : std::string();
}

}  // namespace trellis::web
