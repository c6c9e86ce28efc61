// Form bodies, query strings, cookies, return paths, ids and percent-encoded
// request paths: strict readers of text anyone can send.
#include "web/forms.hpp"

#include <string>

#include "domain/text.hpp"
#include "harness.hpp"
#include "web/http.hpp"

using namespace trellis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto input = fuzz::bytes(data, size);
    if (auto form = web::parse_urlencoded(input)) {
        std::string encoded;
        for (const auto& [name, value] : form->fields()) {
            fuzz::must(text::is_valid_utf8(name) && text::is_valid_utf8(value), "fields are UTF-8");
            if (!encoded.empty()) encoded += '&';
            encoded += web::url_encode(name) + "=" + web::url_encode(value);
        }
        // What Trellis writes, it reads back unchanged.
        auto back = web::parse_urlencoded(encoded);
        fuzz::must(back.has_value() && back->fields() == form->fields(), "url_encode round-trips");
        auto dated = web::with_dates(*form);
        for (const auto& [name, value] : dated.fields()) fuzz::must(text::is_valid_utf8(value), "dates stay UTF-8");
    }
    if (auto path = web::local_path(input)) {
        fuzz::must(path->starts_with("/") && !path->starts_with("//") && !path->starts_with("/\\"),
                   "a return path stays on this site");
        for (char c : *path) fuzz::must(c > ' ' && c != 0x7f, "a return path has no spaces or controls");
    }
    if (auto id = web::parse_id(input)) fuzz::must(*id > 0, "an id is positive");
    auto parts = web::date_parts(input);
    fuzz::must(parts.day.size() + parts.month.size() + parts.year.size() <= input.size(),
               "date parts come from the text");
    auto cookie = web::cookie_value(input, "trellis_session");
    fuzz::must(cookie.size() <= input.size(), "a cookie comes from the header");
    auto address = web::client_address("10.0.0.1", input, {"10.0.0.1"});
    fuzz::must(!address.empty(), "a client always has an address");
    return 0;
}
