#include "docx_fixture.hpp"

#include <zip.h>

namespace trellis::testing {

std::string make_docx_body(const std::string& body_xml)
{
    std::string document =
        R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
        "<w:body>" +
        body_xml + "</w:body></w:document>";
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(buffer);
    zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    zip_file_add(z, "word/document.xml", zip_source_buffer(z, document.data(), document.size(), 0), 0);
    zip_close(z);
    zip_source_open(buffer);
    zip_source_seek(buffer, 0, SEEK_END);
    auto size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    std::string out(static_cast<std::size_t>(size), '\0');
    zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(buffer);
    zip_source_free(buffer);
    return out;
}

std::string make_docx_paragraphs(const std::vector<std::string>& paragraphs)
{
    std::string body;
    for (const auto& p : paragraphs) body += "<w:p><w:r><w:t xml:space=\"preserve\">" + p + "</w:t></w:r></w:p>";
    return make_docx_body(body);
}

}  // namespace trellis::testing
