#include "web/multipart.hpp"

#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/http_field_parsers/content-type.hpp>
#include <restinio/helpers/multipart_body.hpp>

namespace trellis::web {

namespace mp = restinio::multipart_body;
namespace hfp = restinio::http_field_parsers;

std::optional<std::vector<Part>> read_multipart(std::string_view content_type, std::string_view body)
{
    auto type = hfp::content_type_value_t::try_parse(content_type);
    if (!type || !restinio::impl::is_equal_caseless(type->media_type.type, "multipart") ||
        !restinio::impl::is_equal_caseless(type->media_type.subtype, "form-data"))
        return std::nullopt;
    auto boundary = hfp::find_first(type->media_type.parameters, "boundary");
    if (!boundary || mp::check_boundary_value(*boundary)) return std::nullopt;

    std::string mark = "--";
    mark.append(boundary->data(), boundary->size());
    auto pieces = mp::split_multipart_body(body, mark);
    if (pieces.empty()) return std::nullopt;

    std::vector<Part> parts;
    parts.reserve(pieces.size());
    for (auto piece : pieces) {
        auto part = mp::try_parse_part(piece);
        if (!part) return std::nullopt;
        auto disposition = part->fields.opt_value_of(restinio::http_field::content_disposition);
        if (!disposition) return std::nullopt;
        auto value = hfp::content_disposition_value_t::try_parse(*disposition);
        if (!value || value->value != "form-data") return std::nullopt;
        auto name = hfp::find_first(value->parameters, "name");
        if (!name) return std::nullopt;
        Part p{std::string(name->data(), name->size()), std::nullopt,
               std::string(part->body.data(), part->body.size())};
        if (auto filename = hfp::find_first(value->parameters, "filename"))
            p.filename = std::string(filename->data(), filename->size());
        parts.push_back(std::move(p));
    }
    return parts;
}

}  // namespace trellis::web
